"""The bodies' year: activity plans, the annual report (verksamhetsberättelse) and the
mandate each member of a sjukvårdsregional body has from their own region."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.models import (
    Dagordningspunkt,
    Delprojekt,
    Minnesanteckning,
    Organ,
    Organmedlemskap,
    Person,
)


class Aktivitet(models.Model):
    """One activity of a body's (or a working group's) aktivitetsplan for a year."""

    class Status(models.TextChoices):
        PLANERAD = "planerad", _("Planerad")
        PAGAR = "pagar", _("Pågår")
        KLAR = "klar", _("Klar")
        INSTALLD = "installd", _("Inställd")

    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aktiviteter",
    )
    delprojekt = models.ForeignKey(
        Delprojekt,
        verbose_name=_("arbetsgrupp"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aktiviteter",
    )
    ar = models.PositiveSmallIntegerField(_("år"))
    vad = models.CharField(_("aktivitet"), max_length=300)
    ansvarig = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nar = models.DateField(_("när"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANERAD
    )
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)
    andrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["nar", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organ__isnull=False, delprojekt__isnull=True)
                | models.Q(organ__isnull=True, delprojekt__isnull=False),
                name="aktivitet_organ_eller_arbetsgrupp",
            )
        ]

    def __str__(self) -> str:
        return self.vad


class Verksamhetsberattelse(models.Model):
    """A body's (or a working group's) report on its year: its own text beside what the
    data shows, approved at one of its held meetings (a numbered paragraph of a body's
    meeting, or a working group's meeting notes), then frozen as PDF/A."""

    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delprojekt = models.ForeignKey(
        Delprojekt,
        verbose_name=_("arbetsgrupp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verksamhetsberattelser",
    )
    ar = models.PositiveSmallIntegerField(_("år"))
    text = models.TextField(_("organets text"), blank=True)
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)
    andrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The paragraph of the body's held meeting that approved it.
    godkand_punkt = models.ForeignKey(
        Dagordningspunkt,
        verbose_name=_("godkänd under paragraf"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: A working group's report: the group's meeting at which it agreed to it.
    godkand_mote = models.ForeignKey(
        Minnesanteckning,
        verbose_name=_("godkänd vid arbetsgruppens möte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    godkand = models.DateTimeField(_("godkännandet registrerat"), null=True, blank=True)
    godkand_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(_("låst PDF"), upload_to="verksamhetsberattelser/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    sidor = models.PositiveSmallIntegerField(_("sidor"), null=True, blank=True)
    last = models.DateTimeField(_("låst"), null=True, blank=True)
    last_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("låst av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publicerad = models.DateTimeField(_("publicerad"), null=True, blank=True)
    publicerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organ", "-ar"]
        verbose_name = _("verksamhetsberättelse")
        verbose_name_plural = _("verksamhetsberättelser")
        constraints = [
            models.UniqueConstraint(fields=["organ", "ar"], name="verksamhetsberattelse_unik"),
            models.UniqueConstraint(
                fields=["delprojekt", "ar"], name="verksamhetsberattelse_arbetsgrupp_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(organ__isnull=False, delprojekt__isnull=True)
                | models.Q(organ__isnull=True, delprojekt__isnull=False),
                name="verksamhetsberattelse_organ_eller_arbetsgrupp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ or self.delprojekt} {self.ar}"


class Mandat(models.Model):
    """What a member of a sjukvårdsregional body may decide for their own region."""

    medlemskap = models.OneToOneField(
        Organmedlemskap,
        verbose_name=_("medlemskap"),
        on_delete=models.CASCADE,
        related_name="mandat",
    )
    omfattning = models.TextField(
        _("vad ledamoten får besluta"),
        help_text=_("Till exempel: ställa sig bakom rekommendationer inom den egna budgeten."),
    )
    givet_av = models.CharField(
        _("mandatet givet av"),
        max_length=200,
        help_text=_("Vem i den egna regionen som gav mandatet, t.ex. regiondirektören."),
    )
    giltigt_till = models.DateField(_("gäller till"), null=True, blank=True)
    andrad = models.DateTimeField(_("ändrat"), default=timezone.now)
    andrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandat")

    def __str__(self) -> str:
        return f"{self.medlemskap.person}: {self.givet_av}"
