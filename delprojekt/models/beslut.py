"""Decisions of the bodies, the ledningsgrupp's positions, and the regions' own decisions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .delprojekt import Delprojekt, Handelse
from .dokument import Atgardsforslag
from .organisation import Organ, Person, Region


class Beslut(models.Model):
    class Utfall(models.TextChoices):
        START = "start", _("Start")
        AVSLAG = "avslag", _("Avslag")
        VILANDE = "vilande", _("Vilande")
        ATERUPPTAGET = "aterupptaget", _("Återupptaget")
        TILLSTYRKT = "tillstyrkt", _("Tillstyrkt")
        ATERREMISS = "aterremiss", _("Återremiss")
        BIFALL = "bifall", _("Bifall till beslutsförslaget")
        REKOMMENDATION = "rekommendation", _("Rekommendation till regionerna")
        ARBETSGRUPP_UTSEDD = "arbetsgrupp_utsedd", _("Arbetsgrupp utsedd")
        UPPDRAG_ANDRAT = "uppdrag_andrat", _("Ändrat uppdrag")

    class Slag(models.TextChoices):
        """How the body decided: at a meeting, or by its explicit path outside one."""

        SAMMANTRADE = "sammantrade", _("Vid sammanträde")
        PER_CAPSULAM = "per_capsulam", _("Per capsulam")
        ORDFORANDEBESLUT = "ordforandebeslut", _("Ordförandebeslut på delegation")
        #: Taken before the project came into SFBV, brought in with the portfolio import:
        #: never reported at a meeting, never numbered from a § series.
        IMPORTERAT = "importerat", _("Importerat (fattat innan systemet togs i bruk)")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.PROTECT,
        related_name="beslut",
        verbose_name=_("delprojekt"),
        null=True,
        blank=True,
    )
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, verbose_name=_("organ"))
    datum = models.DateField(_("beslutsdatum"))
    utfall = models.CharField(_("utfall"), max_length=20, choices=Utfall.choices)
    beslutstext = models.TextField(_("beslutstext"))
    slag = models.CharField(
        _("hur beslutet fattades"), max_length=20, choices=Slag.choices, default=Slag.SAMMANTRADE
    )
    sammantrade = models.CharField(_("sammanträde"), max_length=200, blank=True)
    paragraf = models.CharField(_("paragraf"), max_length=20, blank=True)
    registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registrerat = models.DateTimeField(_("registrerat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return f"{self.organ} {self.datum:%Y-%m-%d}: {self.get_utfall_display()}"


class Rekommendation(models.Model):
    """One recommendation of the board to the regions, usually one per åtgärdsförslag."""

    beslut = models.ForeignKey(
        Beslut, on_delete=models.CASCADE, related_name="rekommendationer", verbose_name=_("beslut")
    )
    atgardsforslag = models.ForeignKey(
        Atgardsforslag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rekommendationer",
        verbose_name=_("åtgärdsförslag"),
    )
    ordning = models.PositiveSmallIntegerField(_("nummer"), default=1)
    text = models.TextField(_("rekommendation"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["beslut", "ordning"]
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")

    def __str__(self) -> str:
        return self.text


class Stallningstagande(models.Model):
    """A ledningsgrupp member's position on an item awaiting the group's decision.

    ``arende`` is the event that put the project in front of the group, so a
    project that comes back after återremiss starts with no positions.
    """

    class Position(models.TextChoices):
        INSTAMMER = "instammer", _("Instämmer")
        RESERVATION = "reservation", _("Reservation")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="stallningstaganden",
        verbose_name=_("delprojekt"),
    )
    arende = models.ForeignKey(
        Handelse, on_delete=models.CASCADE, related_name="+", verbose_name=_("ärende")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("ledamot"))
    position = models.CharField(_("ställningstagande"), max_length=20, choices=Position.choices)
    motivering = models.TextField(_("motivering"), blank=True)
    registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    andrat = models.DateTimeField(_("ändrat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ställningstagande")
        verbose_name_plural = _("ställningstaganden")
        constraints = [
            models.UniqueConstraint(fields=["arende", "person"], name="stallningstagande_unik")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_position_display()}"


class Huvudmannabeslut(models.Model):
    """A region's own decision on the board's recommendations."""

    class Niva(models.TextChoices):
        POLITISK = "politisk", _("Politisk nivå")
        TJANSTEMAN = "tjansteman", _("Tjänstemannanivå")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="huvudmannabeslut",
        verbose_name=_("delprojekt"),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    niva = models.CharField(_("beslutsnivå"), max_length=20, choices=Niva.choices)
    organ_namn = models.CharField(_("beslutande organ"), max_length=200)
    datum = models.DateField(_("beslutsdatum"))
    diarienummer = models.CharField(_("diarienummer"), max_length=100, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)
    protokollsutdrag = models.FileField(
        _("protokollsutdrag (PDF)"),
        upload_to="huvudmannabeslut/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__ordning"]
        verbose_name = _("huvudmannabeslut")
        verbose_name_plural = _("huvudmannabeslut")
        constraints = [
            models.UniqueConstraint(
                fields=["delprojekt", "region"], name="huvudmannabeslut_region_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.datum:%Y-%m-%d}"


class Rekommendationsutfall(models.Model):
    """A region's answer to one of the board's recommendations."""

    class Utfall(models.TextChoices):
        BIFALL = "bifall", _("Bifall")
        DELVIS = "delvis_bifall", _("Delvis bifall")
        AVSLAG = "avslag", _("Avslag")

    huvudmannabeslut = models.ForeignKey(
        Huvudmannabeslut,
        on_delete=models.CASCADE,
        related_name="utfall",
        verbose_name=_("huvudmannabeslut"),
    )
    rekommendation = models.ForeignKey(
        Rekommendation,
        on_delete=models.PROTECT,
        related_name="utfall",
        verbose_name=_("rekommendation"),
    )
    utfall = models.CharField(_("utfall"), max_length=20, choices=Utfall.choices)
    kommentar = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["huvudmannabeslut", "rekommendation__ordning"]
        verbose_name = _("utfall per rekommendation")
        verbose_name_plural = _("utfall per rekommendation")
        constraints = [
            models.UniqueConstraint(
                fields=["huvudmannabeslut", "rekommendation"], name="rekommendationsutfall_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.huvudmannabeslut}: {self.get_utfall_display()}"
