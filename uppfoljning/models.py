"""Follow-up rounds. A round is created when the board's decision is recorded."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Uppfoljningsomgang(models.Model):
    delprojekt = models.ForeignKey(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="uppfoljningsomgangar",
        verbose_name=_("delprojekt"),
    )
    nummer = models.PositiveSmallIntegerField(_("omgång"), default=1)
    forfallodatum = models.DateField(_("ska vara klar"))
    redovisad_samarbetsgrupp = models.DateField(
        _("redovisad för samarbetsgruppen"), null=True, blank=True
    )
    redovisad_ledningsgrupp = models.DateField(
        _("redovisad för ledningsgruppen"), null=True, blank=True
    )
    redovisad_namnd = models.DateField(_("redovisad för nämnden"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "nummer"]
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        constraints = [
            models.UniqueConstraint(fields=["delprojekt", "nummer"], name="omgang_nummer_unik")
        ]

    def __str__(self) -> str:
        return f"Uppföljning {self.nummer} – {self.delprojekt.referens}"

    def saknade_redovisningar(self) -> list[str]:
        missing = []
        if not self.redovisad_samarbetsgrupp:
            missing.append(str(_("samarbetsgruppen")))
        if not self.redovisad_ledningsgrupp:
            missing.append(str(_("ledningsgruppen")))
        if not self.redovisad_namnd:
            missing.append(str(_("nämnden")))
        return missing
