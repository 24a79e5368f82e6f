"""The working group's own records: meeting notes with their vägval, contacts with the
line organisation, part reports, support requests, the communication plan, resources,
and the files attached to any of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delprojekt.tal import tal

from .arbetsgrupp import Arbetsgruppsmedlemskap
from .delprojekt import Delprojekt
from .organisation import Organ, Person, Region


class Registrerad(models.Model):
    """Who wrote a record and when; every group record has this."""

    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registrerad = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        abstract = True


class Bilaga(models.Model):
    """An uploaded file attached to one of the group's records (or to the project itself).

    Files live under MEDIA_ROOT, which has no public URL: they are served only by a
    view that checks the user may see the project.
    """

    delprojekt = models.ForeignKey(
        Delprojekt, on_delete=models.CASCADE, related_name="bilagor", verbose_name=_("delprojekt")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    post = GenericForeignKey("content_type", "object_id")
    fil = models.FileField(_("fil"), upload_to="bilagor/%Y/")
    filnamn = models.CharField(_("filnamn"), max_length=255)
    mimetyp = models.CharField(_("filtyp"), max_length=120)
    storlek = models.PositiveBigIntegerField(_("storlek i byte"))
    beskrivning = models.CharField(_("beskrivning"), max_length=300, blank=True)
    uppladdad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uppladdad = models.DateTimeField(_("uppladdad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "-uppladdad", "-pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.filnamn


class Minnesanteckning(Registrerad):
    """The notes of one meeting of the working group."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="minnesanteckningar",
        verbose_name=_("delprojekt"),
    )
    datum = models.DateField(_("mötesdatum"))
    plats = models.CharField(_("plats"), max_length=200, blank=True)
    digitalt = models.BooleanField(_("digitalt möte"), default=False)
    deltagare = models.ManyToManyField(
        Arbetsgruppsmedlemskap, verbose_name=_("närvarande"), blank=True, related_name="moten"
    )
    dagordning = models.TextField(_("dagordning"), blank=True)
    anteckningar = models.TextField(_("anteckningar"), blank=True)
    mjuka_resultat = models.TextField(
        _("mjuka resultat"),
        blank=True,
        help_text=_("T.ex. bättre samarbetsklimat, nya kontakter mellan regionerna."),
    )
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords(m2m_fields=[deltagare])

    class Meta:
        ordering = ["delprojekt", "-datum", "-pk"]
        verbose_name = _("minnesanteckning")
        verbose_name_plural = _("minnesanteckningar")

    def __str__(self) -> str:
        return f"{self.delprojekt.referens} möte {self.datum:%Y-%m-%d}"

    @property
    def platsbeskrivning(self) -> str:
        if self.digitalt:
            return str(_("Digitalt")) + (f" ({self.plats})" if self.plats else "")
        return self.plats


class Vagval(models.Model):
    """A choice or priority the group made at a meeting, with its reason."""

    minnesanteckning = models.ForeignKey(
        Minnesanteckning,
        on_delete=models.CASCADE,
        related_name="vagval",
        verbose_name=_("minnesanteckning"),
    )
    ordning = models.PositiveSmallIntegerField(_("nummer"), default=1)
    val = models.CharField(_("vägval"), max_length=500)
    motivering = models.TextField(_("motivering"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["minnesanteckning", "ordning", "pk"]
        verbose_name = _("vägval")
        verbose_name_plural = _("vägval")

    def __str__(self) -> str:
        return self.val


class Forankring(Registrerad):
    """A contact with a chefsamråd or another line manager."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="forankringar",
        verbose_name=_("delprojekt"),
    )
    datum = models.DateField(_("datum"))
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("chefsamråd eller organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forankringar",
    )
    person = models.CharField(_("chef eller person"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    diskuterat = models.TextField(_("vad som diskuterades"))
    utfall = models.TextField(_("utfall"), blank=True)
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "-datum", "-pk"]
        verbose_name = _("förankring med linjen")
        verbose_name_plural = _("förankringar med linjen")

    def __str__(self) -> str:
        return f"{self.datum:%Y-%m-%d} {self.mottagare}"

    @property
    def mottagare(self) -> str:
        return " – ".join(str(x) for x in (self.organ, self.person) if x)


class Beredningskontakt(Registrerad):
    """A contact the kansli had during beredning with a body or person who knows the area."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="beredningskontakter",
        verbose_name=_("delprojekt"),
    )
    datum = models.DateField(_("datum"))
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beredningskontakter",
    )
    person = models.CharField(_("person eller annan instans"), max_length=200, blank=True)
    fragan = models.TextField(_("vad kontakten gällde"))
    utfall = models.TextField(_("vad som kom fram"), blank=True)
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "-datum", "-pk"]
        verbose_name = _("kontakt under beredningen")
        verbose_name_plural = _("kontakter under beredningen")

    def __str__(self) -> str:
        return f"{self.datum:%Y-%m-%d} {self.mottagare}"

    @property
    def mottagare(self) -> str:
        return " – ".join(str(x) for x in (self.organ, self.person) if x)


class Delrapport(Registrerad):
    """A part report that can be sent to a body for information without changing state."""

    class Mottagare(models.TextChoices):
        SAMARBETSGRUPP = Organ.Typ.SAMARBETSGRUPP, _("Samarbetsgruppen")
        LEDNINGSGRUPP = Organ.Typ.LEDNINGSGRUPP, _("Ledningsgruppen")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="delrapporter",
        verbose_name=_("delprojekt"),
    )
    titel = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    skickad_till = models.CharField(
        _("skickad för kännedom till"), max_length=30, choices=Mottagare.choices, blank=True
    )
    skickad = models.DateTimeField(_("skickad"), null=True, blank=True)
    skickad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "-registrerad", "-pk"]
        verbose_name = _("delrapport")
        verbose_name_plural = _("delrapporter")

    def __str__(self) -> str:
        return self.titel


class Stodbegaran(Registrerad):
    """A request for support from the secretariat's or the regions' experts."""

    class Typ(models.TextChoices):
        DATA = "data", _("Data och statistik (t.ex. DARC)")
        EKONOMI = "ekonomi", _("Ekonomi")
        HR = "hr", _("HR")
        JURIDIK = "juridik", _("Juridik")
        SYSTEMKUNSKAP = "systemkunskap", _("Systemkunskap")
        KOMMUNIKATION = "kommunikation", _("Kommunikation")
        ANNAT = "annat", _("Annat")

    class Status(models.TextChoices):
        OPPEN = "oppen", _("Öppen")
        PAGAR = "pagar", _("Pågår")
        BESVARAD = "besvarad", _("Besvarad")
        STANGD = "stangd", _("Stängd utan svar")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="stodbegaran",
        verbose_name=_("delprojekt"),
    )
    typ = models.CharField(_("typ av stöd"), max_length=20, choices=Typ.choices)
    beskrivning = models.TextField(_("vad behövs"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPPEN
    )
    svar = models.TextField(_("svar"), blank=True)
    besvarad = models.DateField(_("besvarad"), null=True, blank=True)
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "-registrerad", "-pk"]
        verbose_name = _("begäran om stöd")
        verbose_name_plural = _("begäran om stöd")

    def __str__(self) -> str:
        return f"{self.get_typ_display()}: {self.beskrivning[:60]}"


class Kommunikationsaktivitet(Registrerad):
    """One activity of the project's communication plan."""

    class Status(models.TextChoices):
        PLANERAD = "planerad", _("Planerad")
        GENOMFORD = "genomford", _("Genomförd")
        INSTALLD = "installd", _("Inställd")

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="kommunikationsaktiviteter",
        verbose_name=_("delprojekt"),
    )
    vad = models.CharField(_("aktivitet"), max_length=300)
    kanal = models.CharField(_("kanal"), max_length=200, blank=True)
    nar = models.DateField(_("när"), null=True, blank=True)
    vem = models.CharField(_("ansvarig"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANERAD
    )
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "nar", "pk"]
        verbose_name = _("kommunikationsaktivitet")
        verbose_name_plural = _("kommunikationsplan")

    def __str__(self) -> str:
        return self.vad


class Resursinsats(Registrerad):
    """Staff time committed to the project."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="resursinsatser",
        verbose_name=_("delprojekt"),
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="resursinsatser"
    )
    roll = models.CharField(_("roll"), max_length=200)
    andel = models.DecimalField(
        _("andel av heltid (%)"),
        max_digits=5,
        decimal_places=1,
        help_text=_("T.ex. 20 för en femtedel av heltid."),
    )
    fran = models.DateField(_("från"))
    till = models.DateField(_("till"), null=True, blank=True)
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "fran", "pk"]
        verbose_name = _("resursinsats")
        verbose_name_plural = _("resursinsatser")

    def __str__(self) -> str:
        return f"{self.person} {tal(self.andel)} %"


class Samfinansiering(Registrerad):
    """Who pays what share of a cost, e.g. 50 % sjukvårdsregionen / 50 % region."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="samfinansieringar",
        verbose_name=_("delprojekt"),
    )
    avser = models.CharField(_("avser"), max_length=300, help_text=_("T.ex. processtöd."))
    finansiar = models.CharField(_("finansiär"), max_length=200)
    andel = models.DecimalField(_("andel (%)"), max_digits=5, decimal_places=1)
    kommentar = models.CharField(_("kommentar"), max_length=300, blank=True)
    bilagor = GenericRelation(Bilaga)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delprojekt", "avser", "pk"]
        verbose_name = _("samfinansiering")
        verbose_name_plural = _("samfinansiering")

    def __str__(self) -> str:
        return f"{self.avser}: {self.finansiar} {tal(self.andel)} %"


class Kommentar(models.Model):
    """A comment on one of the group's records, by anyone who may read the project."""

    delprojekt = models.ForeignKey(
        Delprojekt,
        on_delete=models.CASCADE,
        related_name="kommentarer",
        verbose_name=_("delprojekt"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    post = GenericForeignKey("content_type", "object_id")
    text = models.TextField(_("kommentar"))
    skriven_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    skriven = models.DateTimeField(_("skriven"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["skriven", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.text[:60]
