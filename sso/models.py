"""Single sign-on with the region's account: which group of the identity provider gives
which body membership, and which memberships a login gave (so that only those are taken
back when the group goes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.models import Organ, Organmedlemskap


class Gruppmappning(models.Model):
    """A value of the group claim and the membership it gives, edited by the admin.

    Beside these rows the setting SFBV_OIDC_GRUPPER may name mappings; both count."""

    claim_varde = models.CharField(
        _("grupp hos identitetsleverantören"),
        max_length=200,
        help_text=_("Värdet i inloggningens gruppattribut, t.ex. gruppens objekt-id i Entra ID."),
    )
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        on_delete=models.CASCADE,
        related_name="sso_mappningar",
    )
    roll = models.CharField(
        _("roll"),
        max_length=20,
        choices=Organmedlemskap.Roll.choices,
        default=Organmedlemskap.Roll.LEDAMOT,
    )
    beskrivning = models.CharField(
        _("beskrivning"),
        max_length=200,
        blank=True,
        help_text=_("Gruppens namn hos identitetsleverantören, som minnesanteckning."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim_varde", "organ__namn"]
        verbose_name = _("gruppmappning")
        verbose_name_plural = _("gruppmappningar")
        constraints = [
            models.UniqueConstraint(
                fields=["claim_varde", "organ", "roll"], name="sso_gruppmappning_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_varde} → {self.get_roll_display()} i {self.organ}"


class SsoMedlemskap(models.Model):
    """Marks a body membership as given by a login with the region's account.

    A membership without this mark was added by hand and a login never removes it."""

    medlemskap = models.OneToOneField(
        Organmedlemskap,
        verbose_name=_("medlemskap"),
        on_delete=models.CASCADE,
        related_name="sso",
    )
    claim_varde = models.CharField(_("grupp hos identitetsleverantören"), max_length=200)
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap från inloggning")
        verbose_name_plural = _("medlemskap från inloggning")

    def __str__(self) -> str:
        return f"{self.medlemskap} ({self.claim_varde})"
