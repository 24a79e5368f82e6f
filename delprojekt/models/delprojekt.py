"""The delprojekt and its lifecycle.

The state field is protected: it changes only through the transition methods that
``delprojekt.workflow`` (the lifecycle's declaration) installs on the model, and those
are run only by ``delprojekt.services.workflow``, which checks permissions and guards,
locks the row and records the event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin
from simple_history.models import HistoricalRecords

from .organisation import Fokusomrade, Organ, Person, Region


class Status(models.TextChoices):
    FORSLAG = "forslag", _("Förslag")
    BEREDNING = "beredning", _("Under beredning")
    STARTBESLUT = "startbeslut", _("Väntar på startbeslut")
    VILANDE = "vilande", _("Vilande")
    UPPDRAG = "uppdrag", _("Uppdrag formuleras")
    ARBETSGRUPP = "arbetsgrupp", _("Arbetsgrupp bildas")
    NULAGE = "nulage", _("Nulägesbeskrivning")
    ANALYS = "analys", _("Analys")
    ATGARDSFORSLAG = "atgardsforslag", _("Förslag tas fram")
    SLUTRAPPORT = "slutrapport", _("Slutrapport skrivs")
    SAMARBETSGRUPP = "samarbetsgrupp", _("Granskning i samarbetsgruppen")
    LEDNINGSGRUPP = "ledningsgrupp", _("Ledningsgruppens beslut")
    POLITISK_BEREDNING = "politisk_beredning", _("Politisk beredning")
    NAMND = "namnd", _("Väntar på nämndens beslut")
    HUVUDMANNABESLUT = "huvudmannabeslut", _("Beslut hos huvudmännen")
    INFORANDE = "inforande", _("Införande")
    UPPFOLJNING = "uppfoljning", _("Uppföljning")
    AVSLUTAD = "avslutad", _("Avslutad")
    AVSLAGEN = "avslagen", _("Avslagen")
    AVBRUTEN = "avbruten", _("Avbruten")


TERMINAL = (Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN)

#: The order in which lists sort states: the main path of the lifecycle
#: (``delprojekt.workflow.SPAR``, a test keeps the two in step), then the states off it.
STATUSORDNING: list[str] = [
    Status.FORSLAG,
    Status.BEREDNING,
    Status.STARTBESLUT,
    Status.UPPDRAG,
    Status.ARBETSGRUPP,
    Status.NULAGE,
    Status.ANALYS,
    Status.ATGARDSFORSLAG,
    Status.SLUTRAPPORT,
    Status.SAMARBETSGRUPP,
    Status.LEDNINGSGRUPP,
    Status.POLITISK_BEREDNING,
    Status.NAMND,
    Status.HUVUDMANNABESLUT,
    Status.INFORANDE,
    Status.UPPFOLJNING,
    Status.AVSLUTAD,
    Status.VILANDE,
    Status.AVSLAGEN,
    Status.AVBRUTEN,
]
NON_TERMINAL = [s for s in Status.values if s not in TERMINAL]


class Ursprung(models.TextChoices):
    LEDNINGSGRUPP = "ledningsgrupp", _("Ledningsgruppen")
    POLITIKER = "politiker", _("Politiker")
    CHEFSGRUPP = "chefsgrupp", _("Chefsgrupp")
    SAMVERKANSGRUPP = "samverkansgrupp", _("Samverkansgrupp")
    KUNSKAPSSTYRNING = "kunskapsstyrning", _("Kunskapsstyrningen")
    MEDARBETARE = "medarbetare", _("Medarbetare")
    ANNAT = "annat", _("Annat")


class Referensserie(models.Model):
    """The last number handed out per prefix and year; locked while a number is taken."""

    prefix = models.CharField(max_length=12)
    ar = models.PositiveSmallIntegerField()
    senaste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "ar"], name="referensserie_unik")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.ar}: {self.senaste}"


class DelprojektQuerySet(models.QuerySet):
    def active(self) -> DelprojektQuerySet:
        return self.exclude(status__in=TERMINAL)


class Delprojekt(FSMModelMixin, models.Model):
    referens = models.CharField(_("referens"), max_length=30, unique=True, editable=False)
    #: The samverkan's prefix when the proposal was registered; each prefix has its own series.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    ar = models.PositiveSmallIntegerField(_("år"), editable=False)
    lopnummer = models.PositiveIntegerField(_("löpnummer"), editable=False)
    titel = models.CharField(_("titel"), max_length=200)
    ursprung = models.CharField(_("förslaget kommer från"), max_length=20, choices=Ursprung.choices)
    forslagsstallare = models.ForeignKey(
        Person,
        verbose_name=_("förslagsställare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="foreslagna_delprojekt",
    )
    underlag = models.TextField(
        _("kort underlag"),
        blank=True,
        help_text=_("Kort skriftligt underlag som beskriver uppdraget inför startbeslutet."),
    )
    syfte = models.TextField(_("syfte"), blank=True)
    mal = models.TextField(_("mål"), blank=True)
    forvantat_utfall = models.TextField(_("förväntat utfall"), blank=True)
    fokusomraden = models.ManyToManyField(
        Fokusomrade, verbose_name=_("fokusområden"), blank=True, related_name="delprojekt"
    )
    regioner = models.ManyToManyField(
        Region, verbose_name=_("berörda regioner"), blank=True, related_name="delprojekt"
    )
    chefsamrad = models.ManyToManyField(
        Organ,
        verbose_name=_("kopplade chefsamråd"),
        blank=True,
        limit_choices_to={"typ": Organ.Typ.CHEFSAMRAD},
        related_name="delprojekt",
    )
    kontaktperson = models.ForeignKey(
        Person,
        verbose_name=_("kontaktperson på kansliet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kontakt_for",
    )
    samrad_samarbetsgrupp = models.DateField(
        _("avstämt med samarbetsgruppen"),
        null=True,
        blank=True,
        help_text=_("Datum då förslaget stämdes av med samarbetsgruppen."),
    )
    samrad_notering = models.TextField(_("notering från avstämningen"), blank=True)

    status = FSMField(
        _("status"), default=Status.FORSLAG, choices=Status.choices, protected=True, db_index=True
    )
    #: The state's place in ``STATUSORDNING``, computed and stored by the database, so that
    #: sorting by state reads an index instead of evaluating a CASE on every row.
    status_ordning = models.GeneratedField(
        expression=models.Case(
            *[
                models.When(status=str(s), then=models.Value(i))
                for i, s in enumerate(STATUSORDNING)
            ],
            default=models.Value(len(STATUSORDNING)),
            output_field=models.PositiveSmallIntegerField(),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("statusordning"),
    )
    status_andrad = models.DateTimeField(_("i nuvarande status sedan"), default=timezone.now)
    overlamnat_datum = models.DateField(_("uppdraget överlämnat"), null=True, blank=True)
    namnd_beslutsdatum = models.DateField(_("nämndens beslutsdatum"), null=True, blank=True)

    # The working group's own settings and facts (issue: uppdrag and arbetsgrupp).
    medlemmar_skriver_anteckningar = models.BooleanField(
        _("medlemmar får skriva minnesanteckningar"),
        default=False,
        help_text=_("Ordföranden bestämmer om alla i arbetsgruppen får skriva minnesanteckningar."),
    )
    utan_patientrepresentant = models.TextField(
        _("skäl till att patient- eller närståenderepresentant saknas"), blank=True
    )
    utan_patientperspektiv = models.TextField(
        _("skäl till att nuläget saknar patientens och närståendes perspektiv"), blank=True
    )
    kostnadsuppskattning = models.TextField(_("grov kostnadsuppskattning"), blank=True)
    beslutsforslag = models.TextField(
        _("förslag till beslut"),
        blank=True,
        help_text=_("Kansliets förslag till beslut för det organ som projektet väntar på."),
    )
    uppdrag_andringsbeslut = models.ForeignKey(
        "delprojekt.Beslut",
        verbose_name=_("beslut om ändrat uppdrag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Satt medan ett överlämnat uppdrag är öppet för ändring efter ett beslut."),
    )

    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    skapad = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    # The sort key is derived from the state, which the history keeps.
    history = HistoricalRecords(excluded_fields=["status_ordning"])
    objects = DelprojektQuerySet.as_manager()

    #: Not a field: the id of the event that opened the current item, which the decision
    #: queue (``delprojekt.beslutsko``) annotates or sets on the projects it lists.
    arende_id: int | None

    class Meta:
        ordering = ["-ar", "-lopnummer"]
        verbose_name = _("delprojekt")
        verbose_name_plural = _("delprojekt")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "ar", "lopnummer"], name="delprojekt_prefix_ar_lopnummer"
            )
        ]
        # One per sort order of the portfolio, so that a page of it reads the first rows
        # of an index instead of sorting every project.
        indexes = [
            models.Index(fields=["ar", "lopnummer"], name="delprojekt_ar_lopnummer"),
            models.Index(
                fields=["status_ordning", "-ar", "-lopnummer"], name="delprojekt_statusordning"
            ),
            models.Index(fields=["titel", "-ar"], name="delprojekt_titel_ar"),
            models.Index(fields=["status_andrad"], name="delprojekt_status_andrad"),
        ]

    def __str__(self) -> str:
        return f"{self.referens} {self.titel}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("delprojekt:detail", kwargs={"referens": self.referens})

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def dagar_i_status(self) -> int:
        """Days in the current state, counted in local calendar days (0 = since today)."""
        return (timezone.localdate() - timezone.localdate(self.status_andrad)).days


class Handelse(models.Model):
    """One line of a project's timeline: a transition, a decision, an edit, a membership change."""

    class Typ(models.TextChoices):
        REGISTRERING = "registrering", _("Registrering")
        OVERGANG = "overgang", _("Statusändring")
        ANDRING = "andring", _("Ändring")
        STALLNINGSTAGANDE = "stallningstagande", _("Ställningstagande")
        ARBETSGRUPP = "arbetsgrupp", _("Arbetsgrupp")
        DOKUMENT = "dokument", _("Dokument")
        BESLUT = "beslut", _("Beslut")
        GRUPPARBETE = "grupparbete", _("Arbetsgruppens dokumentation")
        UPPFOLJNING = "uppfoljning", _("Uppföljning")
        #: Brought in from a file of running projects (``services/portfoljimport.py``):
        #: the project was placed in its state without any transition running.
        IMPORTERAD = "importerad", _("Importerad")

    delprojekt = models.ForeignKey(
        Delprojekt, on_delete=models.CASCADE, related_name="handelser", verbose_name=_("delprojekt")
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    overgang = models.CharField(_("övergång"), max_length=40, blank=True)
    fran_status = models.CharField(_("från"), max_length=30, choices=Status.choices, blank=True)
    till_status = models.CharField(_("till"), max_length=30, choices=Status.choices, blank=True)
    anvandare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aktor = models.CharField(
        _("aktör"),
        max_length=200,
        help_text=_("Namnet på den som gjorde det, sparat vid tillfället."),
    )
    tidpunkt = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    text = models.CharField(_("händelse"), max_length=300)
    kommentar = models.TextField(_("kommentar"), blank=True)
    beslut = models.ForeignKey(
        "delprojekt.Beslut",
        verbose_name=_("beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handelser",
    )

    class Meta:
        ordering = ["-tidpunkt", "-pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        indexes = [
            # A project's timeline, newest first, a page at a time: read in this order
            # from the index, so a page of 50 costs the same with 50 events as with 500.
            models.Index(fields=["delprojekt", "-tidpunkt", "-id"], name="handelse_tidslinje"),
        ]

    def __str__(self) -> str:
        return f"{self.delprojekt.referens}: {self.text}"


#: The events that put a project in a state: a transition, or the import that placed it
#: there. The newest of them into the current state is the item a body decides on.
I_STATUS = (Handelse.Typ.OVERGANG, Handelse.Typ.IMPORTERAD)
