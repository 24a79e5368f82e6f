"""Documents that follow the shared mall: the uppdrag and the slutrapport.

A document is a set of chapters; the mall (``MALL``) says which chapters a kind of
document has. Each save of a chapter bumps its version, and simple-history keeps
every version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .delprojekt import Delprojekt
from .organisation import Region


class Dokumenttyp(models.TextChoices):
    UPPDRAG = "uppdrag", _("Uppdrag")
    SLUTRAPPORT = "slutrapport", _("Slutrapport")


#: The shared mall: chapter key and heading, in order, per kind of document.
MALL: dict[str, list[tuple[str, str]]] = {
    Dokumenttyp.UPPDRAG: [
        ("bakgrund", _("Bakgrund")),
        ("syfte", _("Syfte och frågeställning/problembeskrivning")),
        ("uppdragspunkter", _("Specifika uppdragspunkter")),
        ("avgransningar", _("Avgränsningar")),
        ("sammansattning", _("Arbetsgruppens sammansättning")),
        ("tidplan", _("Tidplan")),
        ("uppfoljning", _("Tänkt uppföljning")),
    ],
    Dokumenttyp.SLUTRAPPORT: [
        ("uppdrag", _("Uppdrag")),
        ("gruppsammansattning", _("Gruppsammansättning")),
        ("nulage", _("Nuläge")),
        ("analys", _("Analys")),
        ("forslag", _("Förslag")),
        ("faktabilaga", _("Faktabilaga")),
        ("referenser", _("Referenser")),
    ],
}


#: Chapters the mall offers but a document may leave empty.
VALFRIA_KAPITEL: frozenset[str] = frozenset({"gruppsammansattning", "faktabilaga", "referenser"})


def mall_rubrik(typ: str, nyckel: str) -> str:
    return str(dict(MALL[typ]).get(nyckel, nyckel))


class Dokument(models.Model):
    delprojekt = models.ForeignKey(
        Delprojekt, on_delete=models.CASCADE, related_name="dokument", verbose_name=_("delprojekt")
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Dokumenttyp.choices)
    huvudansvarig = models.ForeignKey(
        "delprojekt.Person",
        verbose_name=_("huvudansvarig skribent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        constraints = [
            models.UniqueConstraint(fields=["delprojekt", "typ"], name="dokument_typ_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_typ_display()} – {self.delprojekt.referens}"


class Kapitel(models.Model):
    dokument = models.ForeignKey(
        Dokument, on_delete=models.CASCADE, related_name="kapitel", verbose_name=_("dokument")
    )
    nyckel = models.CharField(_("kapitel"), max_length=40)
    text = models.TextField(_("text"), blank=True)
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
    skribent = models.ForeignKey(
        "delprojekt.Person",
        verbose_name=_("skribent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kapitel",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kapitel")
        verbose_name_plural = _("kapitel")
        constraints = [
            models.UniqueConstraint(fields=["dokument", "nyckel"], name="kapitel_nyckel_unik")
        ]

    def __str__(self) -> str:
        return self.rubrik

    @property
    def rubrik(self) -> str:
        return mall_rubrik(self.dokument.typ, self.nyckel)


class Atgardsforslag(models.Model):
    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="atgardsforslag",
        verbose_name=_("delprojekt"),
    )
    ordning = models.PositiveSmallIntegerField(_("nummer"), default=1)
    titel = models.CharField(_("förslag"), max_length=300)
    beskrivning = models.TextField(_("beskrivning"), blank=True)
    genomforbarhet = models.TextField(_("rimlighet och genomförbarhet"), blank=True)
    undantrangning = models.TextField(
        _("närliggande områden och risk för undanträngning"), blank=True
    )
    kostnad = models.CharField(_("grov kostnadskalkyl"), max_length=300, blank=True)
    regioner = models.ManyToManyField(Region, verbose_name=_("berörda regioner"), blank=True)
    #: Aimed at the sjukvårdsregion itself (carried out by the kansli, not by a region):
    #: the board's sentence names the sjukvårdsregion and the implementation has its own
    #: row, which the kansli keeps.
    sjukvardsregional = models.BooleanField(
        _("gäller sjukvårdsregionen"),
        default=False,
        help_text=_(
            "Förslaget genomförs på sjukvårdsregional nivå av kansliet, inte av regionerna."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "ordning", "pk"]
        verbose_name = _("åtgärdsförslag")
        verbose_name_plural = _("åtgärdsförslag")

    def __str__(self) -> str:
        return f"{self.ordning}. {self.titel}"


class Uppfoljningsplan(models.Model):
    """How, when and by whom the project is to be followed up, set in the slutrapport."""

    delprojekt = models.OneToOneField(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="uppfoljningsplan",
        verbose_name=_("delprojekt"),
    )
    hur = models.TextField(_("hur"), blank=True)
    nar = models.CharField(_("när"), max_length=200, blank=True)
    vem = models.CharField(_("vem"), max_length=200, blank=True)
    parametrar = models.TextField(
        _("uppföljningsparametrar"),
        blank=True,
        help_text=_("En parameter per rad: namn, källa, utgångsvärde och mål."),
    )
    som_bilaga = models.BooleanField(
        _("uppföljningen skrivs som bilaga till slutrapporten"),
        default=False,
        help_text=_(
            "Arbetsmetoden tillåter att uppföljningen skrivs som en bilaga till slutrapporten "
            "efter nämndens beslut i stället för som en separat rapport. Bilagan låses och "
            "redovisas som en uppföljningsrapport."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsplan")
        verbose_name_plural = _("uppföljningsplaner")

    def __str__(self) -> str:
        return f"Uppföljningsplan – {self.delprojekt.referens}"

    def saknas(self, antal_parametrar: int | None = None) -> list[str]:
        """What is missing: hur, när, vem and at least one parameter record.

        ``antal_parametrar`` saves the count query when the caller already knows it.
        """
        fields = [("hur", _("hur")), ("nar", _("när")), ("vem", _("vem"))]
        out = [str(label) for name, label in fields if not getattr(self, name).strip()]
        if antal_parametrar is None:
            antal_parametrar = self.delprojekt.uppfoljningsparametrar.count()
        if not antal_parametrar:
            out.append(str(_("minst en uppföljningsparameter")))
        return out


class Sprakgranskning(models.Model):
    """The language review of the slutrapport before it is handed in.

    The group's kommunikatör (or someone at the kansli) is assigned; they mark it done
    with their comments. Handing in without it is allowed, with a warning.
    """

    delprojekt = models.OneToOneField(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="sprakgranskning",
        verbose_name=_("delprojekt"),
    )
    granskare = models.ForeignKey(
        "delprojekt.Person",
        verbose_name=_("språkgranskare"),
        on_delete=models.PROTECT,
        related_name="sprakgranskningar",
    )
    tilldelad = models.DateTimeField(_("tilldelad"), default=timezone.now)
    tilldelad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilldelad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    klar = models.DateTimeField(_("klar"), null=True, blank=True)
    klar_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("markerad klar av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kommentarer = models.TextField(_("språkgranskarens kommentarer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("språkgranskning")
        verbose_name_plural = _("språkgranskningar")

    def __str__(self) -> str:
        return f"Språkgranskning – {self.delprojekt.referens}"


class Kompetenskrav(models.Model):
    """A competence or area the uppdrag says the working group should or must have."""

    class Krav(models.TextChoices):
        SKA = "ska", _("Ska finnas")
        BOR = "bor", _("Bör finnas")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="kompetenskrav",
        verbose_name=_("delprojekt"),
    )
    ordning = models.PositiveSmallIntegerField(_("nummer"), default=1)
    benamning = models.CharField(_("kompetens eller område"), max_length=200)
    krav = models.CharField(_("krav"), max_length=3, choices=Krav.choices, default=Krav.SKA)
    kommentar = models.CharField(_("kommentar"), max_length=300, blank=True)
    skal_saknas = models.TextField(
        _("skäl till att kompetensen saknas"),
        blank=True,
        help_text=_("Krävs för att lämna över uppdraget när en kompetens som ska finnas saknas."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "ordning", "pk"]
        verbose_name = _("kompetenskrav")
        verbose_name_plural = _("kompetenskrav")

    def __str__(self) -> str:
        return self.benamning


class Milstolpe(models.Model):
    """A dated milestone of the uppdrag's tidplan."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="milstolpar",
        verbose_name=_("delprojekt"),
    )
    datum = models.DateField(_("datum"))
    benamning = models.CharField(_("milstolpe"), max_length=200)
    klar = models.BooleanField(_("klar"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "datum", "pk"]
        verbose_name = _("milstolpe")
        verbose_name_plural = _("milstolpar")

    def __str__(self) -> str:
        return f"{self.datum:%Y-%m-%d} {self.benamning}"


class Uppdragsversion(models.Model):
    """A frozen copy of the uppdrag: the version handed over, and each one changed by decision."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="uppdragsversioner",
        verbose_name=_("delprojekt"),
    )
    nummer = models.PositiveSmallIntegerField(_("version"))
    skapad = models.DateTimeField(_("låst"), default=timezone.now)
    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("låst av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beslut = models.ForeignKey(
        "delprojekt.Beslut",
        verbose_name=_("beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    innehall = models.JSONField(
        _("innehåll"),
        help_text=_("Kapitlen, kompetenskraven och milstolparna som de var när versionen låstes."),
    )

    class Meta:
        ordering = ["delprojekt", "nummer"]
        verbose_name = _("uppdragsversion")
        verbose_name_plural = _("uppdragsversioner")
        constraints = [
            models.UniqueConstraint(fields=["delprojekt", "nummer"], name="uppdragsversion_unik")
        ]

    def __str__(self) -> str:
        return f"{self.delprojekt.referens} uppdrag v{self.nummer}"


class Uppfoljningsparameter(models.Model):
    """A parameter the follow-up will measure, defined in the slutrapport's follow-up plan."""

    class Kalla(models.TextChoices):
        KVALITETSREGISTER = "kvalitetsregister", _("Nationellt kvalitetsregister")
        PAS = "pas", _("Regionernas patientadministrativa system")
        SCB = "scb", _("SCB")
        SOCIALSTYRELSEN = "socialstyrelsen", _("Socialstyrelsen")
        ENKAT = "enkat", _("Enkät")
        ANNAN = "annan", _("Annan källa")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="uppfoljningsparametrar",
        verbose_name=_("delprojekt"),
    )
    ordning = models.PositiveSmallIntegerField(_("nummer"), default=1)
    namn = models.CharField(_("parameter"), max_length=200)
    enhet = models.CharField(_("enhet"), max_length=50, blank=True)
    kalla = models.CharField(_("källa"), max_length=30, choices=Kalla.choices)
    kalla_beskrivning = models.CharField(_("källa, närmare"), max_length=200, blank=True)
    utgangsvarde = models.DecimalField(
        _("utgångsvärde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    utgangsdatum = models.DateField(_("utgångsvärdets datum"), null=True, blank=True)
    malvarde = models.DecimalField(
        _("målvärde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    mal_beskrivning = models.CharField(_("mål, i ord"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "ordning", "pk"]
        verbose_name = _("uppföljningsparameter")
        verbose_name_plural = _("uppföljningsparametrar")

    def __str__(self) -> str:
        return self.namn


class Granskningskommentar(models.Model):
    """A review comment on a chapter of the slutrapport (or the uppdrag)."""

    kapitel = models.ForeignKey(
        Kapitel, on_delete=models.CASCADE, related_name="kommentarer", verbose_name=_("kapitel")
    )
    text = models.TextField(_("kommentar"))
    skriven_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    skriven = models.DateTimeField(_("skriven"), default=timezone.now)
    lost = models.DateTimeField(_("löst"), null=True, blank=True)
    lost_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("löst av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kapitel", "skriven", "pk"]
        verbose_name = _("granskningskommentar")
        verbose_name_plural = _("granskningskommentarer")

    def __str__(self) -> str:
        return self.text[:60]


class Rapportversion(models.Model):
    """A frozen PDF of the slutrapport: the exact file the board approved, never changed."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="rapportversioner",
        verbose_name=_("delprojekt"),
    )
    nummer = models.PositiveSmallIntegerField(_("version"))
    fil = models.FileField(_("PDF"), upload_to="slutrapporter/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sidor = models.PositiveSmallIntegerField(_("sidor"), default=0)
    beslut = models.ForeignKey(
        "delprojekt.Beslut",
        verbose_name=_("beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        ordering = ["delprojekt", "nummer"]
        verbose_name = _("rapportversion")
        verbose_name_plural = _("rapportversioner")
        constraints = [
            models.UniqueConstraint(fields=["delprojekt", "nummer"], name="rapportversion_unik")
        ]

    def __str__(self) -> str:
        return f"{self.delprojekt.referens} slutrapport v{self.nummer}"
