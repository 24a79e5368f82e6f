"""Processtöd posts at programme level and the invoices the regions send for them.

A post (``Processtodstjanst``) belongs to a region, not to one delprojekt: the
sjukvårdsregion co-finances a share of it (the method's model: 50 %), and the person gives
a share of the time to the sjukvårdsregional level (10–20 %). Per half-year the region
invoices the sjukvårdsregion its share of the salary (``Processtodsfaktura``).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.models import Delprojekt, Person, Region

PROCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Processtodstjanst(models.Model):
    benamning = models.CharField(_("benämning"), max_length=100, help_text=_("T.ex. Processtöd 1."))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="processtod"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processtodstjanster",
        help_text=_("Lämna tomt tills regionen har utsett någon."),
    )
    fran = models.DateField(_("från"))
    till = models.DateField(_("till"))
    tjanstgoringsgrad = models.DecimalField(
        _("andel av heltid (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    medfinansiering = models.DecimalField(
        _("sjukvårdsregionens andel av finansieringen (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=PROCENT,
        help_text=_("Resten betalar regionen. I modellen 50 %."),
    )
    tid_sjukvardsregion = models.DecimalField(
        _("andel av tiden för sjukvårdsregionen (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=PROCENT,
        help_text=_("Resten av tiden arbetar personen i regionen. I modellen 10–20 %."),
    )
    manadslon = models.DecimalField(
        _("lönekostnad per månad vid heltid (kr)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Underlag för det föreslagna fakturabeloppet; kan anges per faktura."),
    )
    solidarisk = models.BooleanField(
        _("solidarisk finansiering"),
        default=False,
        help_text=_("Undantaget enligt arbetsmetoden: finansieras solidariskt."),
    )
    undantag_skal = models.TextField(
        _("skäl till undantaget"),
        blank=True,
        help_text=_("Krävs när tjänsten finansieras solidariskt eller personen är med i kansliet."),
    )
    delprojekt = models.ManyToManyField(
        Delprojekt,
        verbose_name=_("delprojekt som stöds"),
        blank=True,
        related_name="processtodstjanster",
    )
    vardforlopp = models.TextField(
        _("vårdförlopp som stöds"), blank=True, help_text=_("Ett vårdförlopp per rad.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__ordning", "benamning", "pk"]
        verbose_name = _("processtödstjänst")
        verbose_name_plural = _("processtödstjänster")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(till__gte=models.F("fran")), name="processtod_period_ordning"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benamning} ({self.region})"

    def get_absolute_url(self) -> str:
        return reverse("processtod:tjanst", args=[self.pk])

    @property
    def medfinansiering_region(self) -> Decimal:
        return Decimal(100) - self.medfinansiering

    @property
    def tid_region(self) -> Decimal:
        return Decimal(100) - self.tid_sjukvardsregion

    @property
    def vardforlopp_lista(self) -> list[str]:
        return [r.strip() for r in self.vardforlopp.splitlines() if r.strip()]

    def manader_i_halvar(self, ar: int, halvar: int) -> Decimal:
        """How many months of the half-year the post's period covers (a partly covered
        month counts by its days), e.g. 4 for a post from 1 March in the first half."""
        forsta = 1 if halvar == 1 else 7
        total = Decimal(0)
        for manad in range(forsta, forsta + 6):
            start = datetime.date(ar, manad, 1)
            nasta = datetime.date(ar + (manad == 12), manad % 12 + 1, 1)
            slut = nasta - datetime.timedelta(days=1)
            fran, till = max(start, self.fran), min(slut, self.till)
            if fran <= till:
                total += Decimal((till - fran).days + 1) / Decimal((slut - start).days + 1)
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def foreslaget_belopp(
        self, ar: int, halvar: int, manadslon: Decimal | None = None
    ) -> Decimal | None:
        """The share of salary the region invoices for the half-year: monthly salary at
        full time × months covered × share of full time × the sjukvårdsregion's share."""
        lon = manadslon if manadslon is not None else self.manadslon
        if lon is None:
            return None
        belopp = (
            lon
            * self.manader_i_halvar(ar, halvar)
            * self.tjanstgoringsgrad
            / Decimal(100)
            * self.medfinansiering
            / Decimal(100)
        )
        return belopp.quantize(Decimal(1), rounding=ROUND_HALF_UP)


class Fakturastatus(models.TextChoices):
    FORVANTAD = "forvantad", _("Förväntad")
    MOTTAGEN = "mottagen", _("Mottagen")
    BETALD = "betald", _("Betald")


class Processtodsfaktura(models.Model):
    class Halvar(models.IntegerChoices):
        FORSTA = 1, _("Första halvåret (januari–juni)")
        ANDRA = 2, _("Andra halvåret (juli–december)")

    tjanst = models.ForeignKey(
        Processtodstjanst,
        verbose_name=_("tjänst"),
        on_delete=models.CASCADE,
        related_name="fakturor",
    )
    ar = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    halvar = models.PositiveSmallIntegerField(_("halvår"), choices=Halvar.choices)
    manadslon = models.DecimalField(
        _("lönekostnad per månad vid heltid (kr)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    belopp = models.DecimalField(
        _("belopp (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Fakturastatus.choices, default=Fakturastatus.FORVANTAD
    )
    referens = models.CharField(
        _("fakturans referens"),
        max_length=100,
        blank=True,
        help_text=_("Fakturanummer eller annan referens; krävs när fakturan har kommit."),
    )
    anteckning = models.CharField(_("anteckning"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ar", "halvar"]
        verbose_name = _("faktura för processtöd")
        verbose_name_plural = _("fakturor för processtöd")
        constraints = [
            models.UniqueConstraint(
                fields=["tjanst", "ar", "halvar"], name="processtodsfaktura_en_per_halvar"
            ),
            models.CheckConstraint(
                condition=models.Q(belopp__gte=0), name="processtodsfaktura_belopp_positivt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tjanst.benamning} {self.ar} H{self.halvar}"

    @property
    def period(self) -> str:
        return f"{self.ar} H{self.halvar}"
