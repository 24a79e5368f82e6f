"""The working group of a delprojekt: memberships with role and nomination status."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .delprojekt import Delprojekt
from .organisation import Person, Region


class ArbetsgruppRoll(models.TextChoices):
    ORDFORANDE = "ordforande", _("Ordförande")
    PROCESSLEDARE = "processledare", _("Processledare/processtöd")
    LEDAMOT = "ledamot", _("Ledamot")
    ADJUNGERAD = "adjungerad", _("Adjungerad")
    KONTAKTPERSON = "kontaktperson", _("Kontaktperson (kansliet)")
    PATIENTREPRESENTANT = "patientrepresentant", _("Patient- eller närståenderepresentant")
    KOMMUNIKATOR = "kommunikator", _("Kommunikatör")
    SKRIBENT = "skribent", _("Skribent")


class Nomineringsstatus(models.TextChoices):
    NOMINERAD = "nominerad", _("Nominerad")
    TILLFRAGAD = "tillfragad", _("Tillfrågad")
    ACCEPTERAD = "accepterad", _("Accepterad")
    AVBOJD = "avbojd", _("Avböjd")
    UTSEDD = "utsedd", _("Utsedd")


#: The steps a nominee may take from each status (the method's formation order).
NASTA_STATUS: dict[str, tuple[str, ...]] = {
    Nomineringsstatus.NOMINERAD: (Nomineringsstatus.TILLFRAGAD, Nomineringsstatus.AVBOJD),
    Nomineringsstatus.TILLFRAGAD: (Nomineringsstatus.ACCEPTERAD, Nomineringsstatus.AVBOJD),
    Nomineringsstatus.ACCEPTERAD: (Nomineringsstatus.UTSEDD, Nomineringsstatus.AVBOJD),
    Nomineringsstatus.AVBOJD: (),
    Nomineringsstatus.UTSEDD: (),
}


class Nominerande(models.TextChoices):
    LEDNINGSGRUPP = "ledningsgrupp", _("Ledningsgruppen")
    SAMARBETSGRUPP = "samarbetsgrupp", _("Samarbetsgruppen")
    KANSLI = "kansli", _("Kansliet")
    ORDFORANDE = "ordforande", _("Arbetsgruppens ordförande")
    ANNAN = "annan", _("Annan")


class AdjungeradOmrade(models.TextChoices):
    HR = "hr", _("HR")
    EKONOMI = "ekonomi", _("Ekonomi")
    JURIDIK = "juridik", _("Juridik")
    SYSTEMKUNSKAP = "systemkunskap", _("Systemkunskap")
    ANNAT = "annat", _("Annat")


class ArbetsgruppsmedlemskapQuerySet(models.QuerySet):
    def current(self) -> ArbetsgruppsmedlemskapQuerySet:
        today = timezone.localdate()
        return self.filter(models.Q(till__isnull=True) | models.Q(till__gte=today))

    def utsedda(self) -> ArbetsgruppsmedlemskapQuerySet:
        return self.current().filter(status=Nomineringsstatus.UTSEDD)


class Arbetsgruppsmedlemskap(models.Model):
    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="medlemskap",
        verbose_name=_("delprojekt"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="arbetsgrupper", verbose_name=_("person")
    )
    roll = models.CharField(_("roll"), max_length=30, choices=ArbetsgruppRoll.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    profession = models.CharField(_("profession/kompetens"), max_length=200, blank=True)
    adjungerad_for = models.CharField(
        _("adjungerad för"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. HR, ekonomi, juridik, systemkunskap – och vilka möten."),
    )
    adjungerad_omrade = models.CharField(
        _("adjungerad för område"), max_length=20, choices=AdjungeradOmrade.choices, blank=True
    )
    kompetenser = models.ManyToManyField(
        "delprojekt.Kompetenskrav",
        verbose_name=_("täcker kompetenser"),
        blank=True,
        related_name="medlemskap",
    )
    nominerande = models.CharField(
        _("nominerad genom"), max_length=20, choices=Nominerande.choices, blank=True
    )
    nominerad_av = models.CharField(_("nominerad av"), max_length=200, blank=True)
    nominerad_datum = models.DateField(_("nominerad"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Nomineringsstatus.choices,
        default=Nomineringsstatus.NOMINERAD,
    )
    avstamt_med_chef = models.BooleanField(_("avstämt med närmaste chef"), default=False)
    avsatt_tid = models.CharField(
        _("avsatt tid"),
        max_length=100,
        blank=True,
        help_text=_("För ordföranden: tid för uppdraget, t.ex. ”20 %” eller ”4 timmar i veckan”."),
    )
    erfarenhet = models.TextField(
        _("relevant erfarenhet"),
        blank=True,
        help_text=_("För ordföranden: erfarenhet av området och av att leda grupper."),
    )
    utsedd_beslut = models.ForeignKey(
        "delprojekt.Beslut",
        verbose_name=_("ledningsgruppens beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utsedda",
    )
    fran = models.DateField(_("från"), null=True, blank=True)
    till = models.DateField(_("till"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ArbetsgruppsmedlemskapQuerySet.as_manager()

    #: Not a field: the Swedish reminders ``arbetsgrupp_member_add`` returns the new
    #: membership with.
    warnings: list[str]

    class Meta:
        ordering = ["delprojekt", "roll", "person__namn"]
        verbose_name = _("medlemskap i arbetsgrupp")
        verbose_name_plural = _("medlemskap i arbetsgrupp")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_roll_display()}"
