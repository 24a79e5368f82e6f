"""The follow-up after the board's recommendation.

- ``Uppfoljningsomgang``: a follow-up round (the first is created when the board's
  decision is recorded, due twelve months later), with its own small lifecycle
  planerad → pågår → rapport inlämnad → redovisad → klar.
- ``Uppfoljningsansvarig``: who is asked to write the round's report, and their answer.
- ``Redovisning``: the report presented to one body (date, written or oral).
- ``Paminnelse``: a reminder e-mail sent for a round; one row per kind makes sending
  idempotent.
- ``Uppfoljningsrapport``: the round's report, written in sections.
- ``Inforandestatus``: how far a region has come with one of the board's recommendations.
- ``Matvarde``: a measured value of a follow-up parameter, per region or for the whole
  sjukvårdsregion.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from delprojekt.models import Samverkan


class Omgangsstatus(models.TextChoices):
    PLANERAD = "planerad", _("Planerad")
    PAGAR = "pagar", _("Pågår")
    INLAMNAD = "inlamnad", _("Rapport inlämnad")
    REDOVISAD = "redovisad", _("Redovisad")
    KLAR = "klar", _("Klar")


#: The bodies a follow-up report is presented to, in order (``Organ.Typ`` values).
REDOVISNINGSORGAN: tuple[tuple[str, str], ...] = (
    ("samarbetsgrupp", _("samarbetsgruppen")),
    ("ledningsgrupp", _("ledningsgruppen")),
    ("namnd", _("nämnden")),
)


def redovisningsorgan() -> list[tuple[str, str]]:
    """The bodies a follow-up report is presented to, in order: those of
    ``REDOVISNINGSORGAN`` that the samverkan's chain has (the samarbetsgrupp may be left
    out; the ledningsgrupp and the nämnd always take part)."""
    kedja = Samverkan.current().organkedja
    return [(typ, label) for typ, label in REDOVISNINGSORGAN if typ in kedja]


class Uppfoljningsomgang(FSMModelMixin, models.Model):
    """One follow-up round of a project.

    The state changes only through ``uppfoljning.services.omgang``, which checks
    permissions, locks the row and records the event on the project's timeline.
    """

    delprojekt = models.ForeignKey(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="uppfoljningsomgangar",
        verbose_name=_("delprojekt"),
    )
    nummer = models.PositiveSmallIntegerField(_("omgång"), default=1)
    forfallodatum = models.DateField(_("ska vara klar"))
    status = FSMField(
        _("status"),
        default=Omgangsstatus.PLANERAD,
        choices=Omgangsstatus.choices,
        protected=True,
        db_index=True,
    )
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)
    inlamnad = models.DateTimeField(_("rapporten inlämnad"), null=True, blank=True)
    inlamnad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    klar = models.DateTimeField(_("klar"), null=True, blank=True)
    #: The kansli's conclusion when closing the round (e.g. whether a further round follows).
    kommentar = models.TextField(_("kommentar"), blank=True)
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

    # --- Lifecycle (run only by uppfoljning.services.omgang) ---------------------------

    @transition(status, source=Omgangsstatus.PLANERAD, target=Omgangsstatus.PAGAR)
    def paborja(self) -> None: ...

    @transition(status, source=Omgangsstatus.PAGAR, target=Omgangsstatus.INLAMNAD)
    def lamna_in(self) -> None: ...

    @transition(status, source=Omgangsstatus.INLAMNAD, target=Omgangsstatus.PAGAR)
    def aterfor(self) -> None: ...

    @transition(status, source=Omgangsstatus.INLAMNAD, target=Omgangsstatus.REDOVISAD)
    def redovisa(self) -> None: ...

    @transition(status, source=Omgangsstatus.REDOVISAD, target=Omgangsstatus.KLAR)
    def avsluta(self) -> None: ...

    # --- Derived facts -----------------------------------------------------------------

    @property
    def rapport_inlamnad(self) -> bool:
        return self.status in (
            Omgangsstatus.INLAMNAD,
            Omgangsstatus.REDOVISAD,
            Omgangsstatus.KLAR,
        )

    def dagar_kvar(self, today: datetime.date | None = None) -> int:
        """Days until the due date (negative when overdue)."""
        return (self.forfallodatum - (today or timezone.localdate())).days

    def forsenad(self, today: datetime.date | None = None) -> bool:
        """Overdue: the report is not handed in and the due date has passed."""
        return not self.rapport_inlamnad and self.dagar_kvar(today) < 0

    @property
    def i_tid(self) -> bool | None:
        """Whether the report was handed in by the due date (None before it is)."""
        if self.inlamnad is None:
            return None
        return timezone.localdate(self.inlamnad) <= self.forfallodatum

    def redovisningar_per_organ(self) -> dict[str, Redovisning]:
        cache = self.__dict__.get("_redovisningar")
        if cache is None:
            cache = {r.organ_typ: r for r in self.redovisningar.all()}
            self.__dict__["_redovisningar"] = cache
        return cache

    def saknade_redovisningar(self) -> list[str]:
        """The bodies the report has not been presented to yet, as Swedish names."""
        done = self.redovisningar_per_organ()
        return [str(label) for typ, label in redovisningsorgan() if typ not in done]

    def nasta_organ(self) -> str | None:
        """The body the report goes to next (``Organ.Typ``), in the order of presentation."""
        if not self.rapport_inlamnad:
            return None
        done = self.redovisningar_per_organ()
        return next((typ for typ, _label in redovisningsorgan() if typ not in done), None)


class Uppfoljningsansvarig(models.Model):
    """A person asked to write a round's follow-up report (the former chair by default)."""

    class Svar(models.TextChoices):
        TILLFRAGAD = "tillfragad", _("Tillfrågad")
        ACCEPTERAD = "accepterad", _("Har åtagit sig uppdraget")
        AVBOJD = "avbojd", _("Har avböjt")

    omgang = models.ForeignKey(
        Uppfoljningsomgang,
        on_delete=models.CASCADE,
        related_name="ansvariga",
        verbose_name=_("uppföljningsomgång"),
    )
    person = models.ForeignKey(
        "delprojekt.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    svar = models.CharField(_("svar"), max_length=20, choices=Svar.choices, default=Svar.TILLFRAGAD)
    tillfragad = models.DateTimeField(_("tillfrågad"), default=timezone.now)
    tillfragad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tillfrågad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    besvarad = models.DateTimeField(_("besvarad"), null=True, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["omgang", "tillfragad", "pk"]
        verbose_name = _("ansvarig för uppföljningen")
        verbose_name_plural = _("ansvariga för uppföljningen")
        constraints = [
            models.UniqueConstraint(fields=["omgang", "person"], name="uppfoljningsansvarig_unik")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_svar_display()})"


class Redovisning(models.Model):
    """The follow-up report presented to one body."""

    class Form(models.TextChoices):
        SKRIFTLIG = "skriftlig", _("Skriftligt")
        MUNTLIG = "muntlig", _("Muntligt")

    omgang = models.ForeignKey(
        Uppfoljningsomgang,
        on_delete=models.CASCADE,
        related_name="redovisningar",
        verbose_name=_("uppföljningsomgång"),
    )
    organ_typ = models.CharField(_("organ"), max_length=30, choices=REDOVISNINGSORGAN)
    datum = models.DateField(_("datum"))
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.SKRIFTLIG)
    #: The meeting item it was presented under, when recorded from a protocol.
    dagordningspunkt = models.ForeignKey(
        "delprojekt.Dagordningspunkt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dagordningspunkt"),
    )
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
        ordering = ["omgang", "datum", "pk"]
        verbose_name = _("redovisning")
        verbose_name_plural = _("redovisningar")
        constraints = [
            models.UniqueConstraint(fields=["omgang", "organ_typ"], name="redovisning_per_organ")
        ]

    def __str__(self) -> str:
        return f"{self.get_organ_typ_display()} {self.datum:%Y-%m-%d}"


class Paminnelse(models.Model):
    """A reminder sent for a round. The unique kind per round makes the command idempotent."""

    class Typ(models.TextChoices):
        DAGAR_60 = "60", _("60 dagar före")
        DAGAR_14 = "14", _("14 dagar före")
        FORSENAD = "forsenad", _("Försenad")

    omgang = models.ForeignKey(
        Uppfoljningsomgang,
        on_delete=models.CASCADE,
        related_name="paminnelser",
        verbose_name=_("uppföljningsomgång"),
    )
    typ = models.CharField(_("påminnelse"), max_length=20, choices=Typ.choices)
    skickad = models.DateTimeField(_("skickad"), default=timezone.now)
    mottagare = models.TextField(_("mottagare"), blank=True)

    class Meta:
        ordering = ["omgang", "skickad"]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["omgang", "typ"], name="paminnelse_en_per_typ")
        ]

    def __str__(self) -> str:
        return f"{self.omgang}: {self.get_typ_display()}"


class Uppfoljningsrapport(models.Model):
    """A round's follow-up report, written in sections (about 3–6 pages as a PDF)."""

    omgang = models.OneToOneField(
        Uppfoljningsomgang,
        on_delete=models.CASCADE,
        related_name="rapport",
        verbose_name=_("uppföljningsomgång"),
    )
    sammanfattning = models.TextField(_("sammanfattning"), blank=True)
    inforande_kommentar = models.TextField(_("kommentar till införandet"), blank=True)
    effekter_kommentar = models.TextField(_("kommentar till effekterna"), blank=True)
    enkat = models.TextField(_("enkätresultat"), blank=True)
    kontakter = models.TextField(_("kontakter med ansvariga chefer"), blank=True)
    slutsatser = models.TextField(_("slutsatser"), blank=True)
    ytterligare_uppfoljning = models.BooleanField(
        _("ytterligare uppföljning föreslås"), null=True, blank=True
    )
    ytterligare_motivering = models.TextField(_("motivering"), blank=True)
    #: Bumped on every save; a stale form is refused instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=0)
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)
    andrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Pages of the PDF generated from the current version (shown on the report page).
    sidantal = models.PositiveSmallIntegerField(_("antal sidor"), null=True, blank=True)
    sidantal_version = models.PositiveIntegerField(null=True, blank=True)
    #: The PDF as handed in, frozen, with its SHA-256.
    pdf = models.FileField(_("inlämnad PDF"), upload_to="uppfoljning/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")

    def __str__(self) -> str:
        return f"Uppföljningsrapport – {self.omgang}"


class Inforandestatus(models.Model):
    """How far one region has come with one of the board's recommendations."""

    class Status(models.TextChoices):
        EJ_PABORJAT = "ej_paborjat", _("Ej påbörjat")
        PAGAR = "pagar", _("Pågår")
        GENOMFORT = "genomfort", _("Genomfört")
        EJ_AKTUELLT = "ej_aktuellt", _("Ej aktuellt")

    rekommendation = models.ForeignKey(
        "delprojekt.Rekommendation",
        on_delete=models.CASCADE,
        related_name="inforandestatus",
        verbose_name=_("rekommendation"),
    )
    region = models.ForeignKey(
        "delprojekt.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EJ_PABORJAT
    )
    kommentar = models.CharField(_("kommentar"), max_length=500, blank=True)
    uppdaterad = models.DateTimeField(_("senast uppdaterad"), default=timezone.now)
    uppdaterad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppdaterad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rekommendation__ordning", "region__ordning"]
        verbose_name = _("införandestatus")
        verbose_name_plural = _("införandestatus")
        constraints = [
            models.UniqueConstraint(
                fields=["rekommendation", "region"], name="inforandestatus_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.get_status_display()}"


class Matvarde(models.Model):
    """A measured value of a follow-up parameter (``region`` empty: the whole sjukvårdsregion)."""

    parameter = models.ForeignKey(
        "delprojekt.Uppfoljningsparameter",
        on_delete=models.CASCADE,
        related_name="matvarden",
        verbose_name=_("parameter"),
    )
    region = models.ForeignKey(
        "delprojekt.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    datum = models.DateField(_("datum"))
    varde = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    kalla = models.CharField(_("källa, anteckning"), max_length=300, blank=True)
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
        ordering = ["parameter", "region__ordning", "datum", "pk"]
        verbose_name = _("mätvärde")
        verbose_name_plural = _("mätvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "region", "datum"],
                condition=Q(region__isnull=False),
                name="matvarde_unik_per_region",
            ),
            models.UniqueConstraint(
                fields=["parameter", "datum"],
                condition=Q(region__isnull=True),
                name="matvarde_unik_hela_regionen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parameter}: {self.varde} ({self.datum:%Y-%m-%d})"
