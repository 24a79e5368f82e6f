"""Meetings of the bodies: agenda, protocol with § numbers, sign-off, and the iCal token."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .beslut import Beslut
from .delprojekt import Delprojekt
from .grupparbete import Delrapport
from .organisation import Organ, Person


class Sammantrade(models.Model):
    """A meeting of one body. Its protocol is locked once chair and justerare have signed."""

    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="sammantraden", verbose_name=_("organ")
    )
    start = models.DateTimeField(_("datum och tid"))
    slut = models.DateTimeField(_("slutar"), null=True, blank=True)
    plats = models.CharField(_("plats"), max_length=200, blank=True)
    lank = models.URLField(_("länk till digitalt möte"), blank=True)
    ordforande = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sekreterare = models.ForeignKey(
        Person,
        verbose_name=_("sekreterare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    justerare = models.ForeignKey(
        Person,
        verbose_name=_("justerare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    narvarande = models.ManyToManyField(
        Person, verbose_name=_("närvarande"), blank=True, related_name="sammantraden"
    )
    kallelse_skickad = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    protokoll_klart = models.DateTimeField(
        _("protokollet färdigställt"),
        null=True,
        blank=True,
        help_text=_("Då paragraferna numrerades och protokollet lämnades för justering."),
    )
    ordforande_justerat = models.DateTimeField(_("justerat av ordföranden"), null=True, blank=True)
    ordforande_justerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordförandens justering av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    justerare_justerat = models.DateTimeField(_("justerat av justeraren"), null=True, blank=True)
    justerare_justerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("justerarens justering av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[narvarande])

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")

    def __str__(self) -> str:
        return f"{self.organ} {timezone.localtime(self.start):%Y-%m-%d}"

    @property
    def justerat(self) -> bool:
        return self.ordforande_justerat is not None and self.justerare_justerat is not None


class Dagordningspunkt(models.Model):
    """One item of a meeting's agenda and, once decided, one paragraph of its protocol."""

    class Typ(models.TextChoices):
        ARENDE = "arende", _("Ärende för beslut")
        DELRAPPORT = "delrapport", _("Delrapport för kännedom")
        UPPFOLJNING = "uppfoljning", _("Uppföljningsrapport för kännedom")
        ANMALAN = "anmalan", _("Anmälan av beslut")
        INFORMATION = "information", _("Information")
        OVRIGT = "ovrigt", _("Övriga frågor")

    sammantrade = models.ForeignKey(
        Sammantrade,
        on_delete=models.CASCADE,
        related_name="punkter",
        verbose_name=_("sammanträde"),
    )
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=1)
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    rubrik = models.CharField(_("rubrik"), max_length=300)
    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dagordningspunkter",
        verbose_name=_("delprojekt"),
    )
    delrapport = models.ForeignKey(
        Delrapport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dagordningspunkter",
        verbose_name=_("delrapport"),
    )
    uppfoljningsomgang = models.ForeignKey(
        "uppfoljning.Uppfoljningsomgang",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dagordningspunkter",
        verbose_name=_("uppföljningsomgång"),
    )
    #: The decision-queue item it was put on the agenda from (``Koarende.nyckel``, e.g.
    #: "eskalering:12"): how a source that has no field of its own here recognises its
    #: items on an agenda and what the protocol recorded on them.
    konyckel = models.CharField(_("ärende i beslutskön"), max_length=100, blank=True)
    beslutsforslag = models.TextField(_("förslag till beslut"), blank=True)
    foredragande = models.CharField(
        _("föredragande"),
        max_length=200,
        blank=True,
        help_text=_("Vem som föredrog ärendet, t.ex. arbetsgruppens ordförande."),
    )
    # What was decided, recorded during or after the meeting.
    overgang = models.CharField(
        _("beslut i ärendet"),
        max_length=40,
        blank=True,
        help_text=_("Övergången som beslutet kör, t.ex. starta eller besluta."),
    )
    beslutstext = models.TextField(_("beslutstext"), blank=True)
    reservation = models.TextField(_("reservationer"), blank=True)
    beslut = models.ForeignKey(
        Beslut,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dagordningspunkter",
        verbose_name=_("beslut"),
    )
    anmalt_beslut = models.ForeignKey(
        Beslut,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anmalningar",
        verbose_name=_("anmält beslut"),
        help_text=_("Ett beslut som organet fattade utanför sammanträdet och som anmäls här."),
    )
    protokollford = models.DateTimeField(_("protokollförd"), null=True, blank=True)
    # The § number: per body and calendar year, assigned when the protocol is finalised.
    paragraf_organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paragraf_ar = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    paragraf_nummer = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    omedelbart_justerad = models.DateTimeField(_("omedelbart justerad"), null=True, blank=True)
    omedelbart_justerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("omedelbart justerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sammantrade", "ordning", "pk"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraf_organ", "paragraf_ar", "paragraf_nummer"],
                name="paragraf_unik_per_organ_och_ar",
            )
        ]
        indexes = [models.Index(fields=["konyckel"], name="dagordningspunkt_konyckel")]

    def __str__(self) -> str:
        return f"{self.paragraf or self.ordning} {self.rubrik}"

    @property
    def paragraf(self) -> str:
        """ "§ 14/2026", or "" before the protocol is finalised."""
        if self.paragraf_nummer is None:
            return ""
        return f"§ {self.paragraf_nummer}/{self.paragraf_ar}"


class Paragrafserie(models.Model):
    """The last § number given per body and calendar year; locked while a number is taken."""

    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    ar = models.PositiveSmallIntegerField()
    senaste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organ", "ar"], name="paragrafserie_unik")]

    def __str__(self) -> str:
        return f"{self.organ} {self.ar}: § {self.senaste}"


class Protokollkorrigering(models.Model):
    """A recorded correction of a signed-off protocol: the protocol itself never changes."""

    sammantrade = models.ForeignKey(
        Sammantrade,
        on_delete=models.CASCADE,
        related_name="korrigeringar",
        verbose_name=_("sammanträde"),
    )
    punkt = models.ForeignKey(
        Dagordningspunkt,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="korrigeringar",
        verbose_name=_("paragraf"),
    )
    text = models.TextField(_("korrigering"))
    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registrerad = models.DateTimeField(_("registrerad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sammantrade", "registrerad", "pk"]
        verbose_name = _("protokollkorrigering")
        verbose_name_plural = _("protokollkorrigeringar")

    def __str__(self) -> str:
        return self.text[:60]


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def kalendertoken_hash(token: str) -> str:
    """The stored form of a feed token.

    The token carries 256 random bits, so a plain SHA-256 (no salt, no stretching)
    is enough and lets the feed find its row by the hash alone.
    """
    return hashlib.sha256(token.encode()).hexdigest()


class Kalendertoken(models.Model):
    """The private token of a user's iCal feed; replacing it revokes the old URL.

    Only the token's hash is stored: the address is shown once, when it is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kalendertoken"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    skapad = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kalendertoken")
        verbose_name_plural = _("kalendertoken")

    def __str__(self) -> str:
        return f"Kalender för {self.user}"
