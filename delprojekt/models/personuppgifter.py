"""The record of what was done with a person's personal data (anonymisation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Person


class Anonymisering(models.Model):
    """One anonymisation of a person: who did it, when and on what ground.

    The row names the person only by the id (the person row itself carries the
    pseudonym afterwards); the reason is written by the kansli and must not repeat the
    person's name or contact details.
    """

    class Grund(models.TextChoices):
        BEGARAN = "begaran", _("Begäran från den registrerade eller kansliet")
        GALLRING = "gallring", _("Gallring enligt regeln för personuppgifter")

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="anonymisering",
    )
    grund = models.CharField(_("grund"), max_length=20, choices=Grund.choices)
    skal = models.TextField(_("skäl"))
    utford_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The kansli member's name as it stood, or the retention command's name.
    utford_av_namn = models.CharField(_("utförd av (namn)"), max_length=200)
    tidpunkt = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-tidpunkt", "-pk"]
        verbose_name = _("anonymisering")
        verbose_name_plural = _("anonymiseringar")

    def __str__(self) -> str:
        return f"Person {self.person_id}: {self.tidpunkt:%Y-%m-%d}"
