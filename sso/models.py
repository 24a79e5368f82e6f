"""Single sign-on with the region's account: which group of the identity provider gives
which body membership or which permission group (Läsare, Regional samordnare), and which
memberships and permissions a login gave (so that only those are taken back when the
group goes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.models import Organ, Organmedlemskap, Region
from delprojekt.permissions import GRUPP_LASARE, GRUPP_SAMORDNARE


class Behorighet(models.TextChoices):
    """The permission groups a login may give (the roles that are not body memberships)."""

    LASARE = "lasare", _("Läsare")
    SAMORDNARE = "samordnare", _("Regional samordnare")


#: The Django group of each permission (delprojekt.permissions reads these groups).
GRUPPNAMN = {Behorighet.LASARE: GRUPP_LASARE, Behorighet.SAMORDNARE: GRUPP_SAMORDNARE}


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
        null=True,
        blank=True,
        help_text=_("Gruppen ger medlemskap i organet med rollen nedan – eller en behörighet."),
    )
    roll = models.CharField(
        _("roll"),
        max_length=20,
        choices=Organmedlemskap.Roll.choices,
        default=Organmedlemskap.Roll.LEDAMOT,
    )
    behorighet = models.CharField(
        _("behörighet"),
        max_length=20,
        choices=Behorighet.choices,
        blank=True,
        help_text=_(
            "I stället för ett organ: gruppen gör personen till läsare eller regional samordnare."
        ),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "För regional samordnare: samordnarens region, som sätts på personen när den saknas."
        ),
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
            ),
            models.UniqueConstraint(
                fields=["claim_varde", "behorighet"],
                condition=~models.Q(behorighet=""),
                name="sso_gruppmappning_behorighet_unik",
            ),
            # A group gives a body membership or a permission, never both, never neither.
            models.CheckConstraint(
                condition=(models.Q(organ__isnull=False) & models.Q(behorighet=""))
                | (models.Q(organ__isnull=True) & ~models.Q(behorighet="")),
                name="sso_gruppmappning_organ_eller_behorighet",
            ),
            models.CheckConstraint(
                condition=models.Q(region__isnull=True) | models.Q(behorighet="samordnare"),
                name="sso_gruppmappning_region_bara_for_samordnare",
            ),
        ]

    def __str__(self) -> str:
        if self.behorighet:
            return f"{self.claim_varde} → {self.get_behorighet_display()}"
        return f"{self.claim_varde} → {self.get_roll_display()} i {self.organ}"

    def clean(self) -> None:
        super().clean()
        if (self.organ_id is None) == (not self.behorighet):
            raise ValidationError(_("Välj antingen ett organ eller en behörighet."))
        if self.region_id is not None and self.behorighet != Behorighet.SAMORDNARE:
            raise ValidationError(
                {"region": _("En region anges bara för behörigheten regional samordnare.")}
            )


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


class SsoBehorighet(models.Model):
    """Marks a permission group as given to an account by a login with the region's
    account. A permission without this mark was given by hand and a login never takes it."""

    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="sso_behorigheter",
    )
    behorighet = models.CharField(_("behörighet"), max_length=20, choices=Behorighet.choices)
    claim_varde = models.CharField(_("grupp hos identitetsleverantören"), max_length=200)
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behörighet från inloggning")
        verbose_name_plural = _("behörigheter från inloggning")
        constraints = [
            models.UniqueConstraint(fields=["user", "behorighet"], name="sso_behorighet_unik")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_behorighet_display()} ({self.claim_varde})"


class SsoIdentitet(models.Model):
    """The identity provider's own name for the person (``iss`` + ``sub``), bound to the
    account at the first login with the region's account.

    Later logins find the account by it, not by the e-mail address: a person whose address
    changes keeps their account, and an address the provider gives to someone else later
    does not open the first person's account."""

    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="sso_identiteter",
    )
    issuer = models.CharField(_("identitetsleverantör (iss)"), max_length=300)
    sub = models.CharField(_("personens id hos leverantören (sub)"), max_length=255)
    skapad = models.DateTimeField(_("kopplad"), auto_now_add=True)
    senast = models.DateTimeField(_("senaste inloggning"), null=True, blank=True)

    class Meta:
        verbose_name = _("identitet hos identitetsleverantören")
        verbose_name_plural = _("identiteter hos identitetsleverantören")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="sso_identitet_unik"),
            models.UniqueConstraint(
                fields=["user", "issuer"], name="sso_identitet_en_per_leverantor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
