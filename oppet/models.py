"""What the kansli has decided to publish, and the log of those decisions.

``Publiceringsbeslut`` is the record: every decision to publish or to withdraw a
project, with its date, who took it and which roles' names may be shown. Rows are only
added, never changed or deleted, so the log says what was public when.
``Publicering`` is the project's current state (one row per project, pointing at the
latest decision), which the public pages filter on with an index instead of looking
for each project's newest decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.models import ArbetsgruppRoll

#: Roles whose holders' names the kansli may choose to publish; no others ever are.
PUBLICERBARA_ROLLER: list[tuple[str, str]] = [
    (ArbetsgruppRoll.ORDFORANDE.value, str(ArbetsgruppRoll.ORDFORANDE.label)),
    (ArbetsgruppRoll.PROCESSLEDARE.value, str(ArbetsgruppRoll.PROCESSLEDARE.label)),
    (ArbetsgruppRoll.KONTAKTPERSON.value, str(ArbetsgruppRoll.KONTAKTPERSON.label)),
]
ROLLKODER = {kod for kod, _etikett in PUBLICERBARA_ROLLER}


class Publiceringsbeslut(models.Model):
    """One decision of the kansli: publish the project (with these roles' names) or withdraw it."""

    delprojekt = models.ForeignKey(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="publiceringsbeslut",
        verbose_name=_("delprojekt"),
    )
    publicerad = models.BooleanField(_("publicerad"))
    datum = models.DateField(_("beslutsdatum"), default=timezone.localdate)
    #: Codes of ``PUBLICERBARA_ROLLER`` whose holders' names are shown; empty: no names.
    roller = models.JSONField(_("roller vars namn publiceras"), default=list, blank=True)
    motivering = models.TextField(_("motivering"), blank=True)
    beslutat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslutat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The name as it stood when the decision was taken, kept if the account goes.
    beslutat_av_namn = models.CharField(_("beslutat av (namn)"), max_length=200)
    registrerat = models.DateTimeField(_("registrerat"), default=timezone.now, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-registrerat", "-pk"]
        verbose_name = _("publiceringsbeslut")
        verbose_name_plural = _("publiceringsbeslut")

    def __str__(self) -> str:
        vad = _("publicerad") if self.publicerad else _("inte publicerad")
        return f"{self.delprojekt_id}: {vad} {self.datum:%Y-%m-%d}"

    def roll_etiketter(self) -> list[str]:
        etiketter = dict(PUBLICERBARA_ROLLER)
        return [etiketter[r] for r in self.roller if r in etiketter]


class Publicering(models.Model):
    """A project's current publication: the latest ``Publiceringsbeslut``, kept at hand."""

    delprojekt = models.OneToOneField(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="publicering",
        verbose_name=_("delprojekt"),
    )
    beslut = models.ForeignKey(
        Publiceringsbeslut,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("senaste beslut"),
    )
    publicerad = models.BooleanField(_("publicerad"), db_index=True)
    roller = models.JSONField(_("roller vars namn publiceras"), default=list, blank=True)
    #: The date of the decision that published it this time (kept through later changes
    #: of the roles); empty while not published.
    publicerad_sedan = models.DateField(_("publicerad sedan"), null=True, blank=True)
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publicering")
        verbose_name_plural = _("publiceringar")

    def __str__(self) -> str:
        return f"{self.delprojekt_id}: {'ja' if self.publicerad else 'nej'}"
