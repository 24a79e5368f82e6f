"""The collaboration itself: samverkan, regions, bodies and people (data, not code)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IngenSamverkan(ImproperlyConfigured):
    """No samverkan is configured: the installation has not loaded its organisation."""

    def __init__(self) -> None:
        super().__init__(str(INGEN_SAMVERKAN))


INGEN_SAMVERKAN = _("Ingen samverkan är konfigurerad – kör manage.py load_organisation FIL.")


class Samverkan(models.Model):
    """The one collaboration this installation serves (a single row).

    Its brand and names, the reference prefix, the numbers of the working method (with
    the method's values as defaults) and the chain of bodies a final report passes."""

    kortnamn = models.CharField(
        _("kortnamn"),
        max_length=30,
        help_text=_("Samverkans kortnamn som sidorna, PDF:erna och e-posten visar, t.ex. SFBV."),
    )
    namn = models.CharField(
        _("namn"), max_length=200, help_text=_("T.ex. Samarbete för bättre vård.")
    )
    sjukvardsregion = models.CharField(_("sjukvårdsregion"), max_length=200)
    namnd_namn = models.CharField(
        _("nämndens namn"),
        max_length=200,
        help_text=_("Som det står i beslut och rekommendationer, t.ex. Regionvårdsnämnden."),
    )
    referens_prefix = models.CharField(
        _("prefix för referens"),
        max_length=12,
        help_text=_("Första delen av delprojektens referens, t.ex. SFBV i SFBV-2026-007."),
        # The reference is part of every project URL: letters and digits only.
        validators=[
            RegexValidator(
                r"^[A-ZÅÄÖ0-9]+$",
                _("Använd bara versaler och siffror, t.ex. SFBV eller SRM."),
            )
        ],
    )
    min_regioner = models.PositiveSmallIntegerField(
        _("minsta antal berörda regioner"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Så många regioner måste beröras innan ett förslag läggs fram för start."),
    )
    # The numbers of the working method.
    max_atgardsforslag = models.PositiveSmallIntegerField(
        _("högsta rekommenderade antal åtgärdsförslag"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Fler förslag än så ger en varning, aldrig ett stopp."),
    )
    rapport_sidor_min = models.PositiveSmallIntegerField(
        _("uppföljningsrapportens minsta sidantal"), default=3, validators=[MinValueValidator(1)]
    )
    rapport_sidor_max = models.PositiveSmallIntegerField(
        _("uppföljningsrapportens största sidantal"), default=6, validators=[MinValueValidator(1)]
    )
    forsta_uppfoljning_manader = models.PositiveSmallIntegerField(
        _("första uppföljningen, månader efter nämndens beslut"),
        default=12,
        validators=[MinValueValidator(1)],
    )
    nasta_uppfoljning_manader_min = models.PositiveSmallIntegerField(
        _("nästa uppföljning tidigast, månader efter förra"),
        default=6,
        validators=[MinValueValidator(1)],
    )
    nasta_uppfoljning_manader_max = models.PositiveSmallIntegerField(
        _("nästa uppföljning senast, månader efter förra"),
        default=12,
        validators=[MinValueValidator(1)],
    )
    # The chain of bodies: the ledningsgrupp and the nämnd always take part.
    med_samarbetsgrupp = models.BooleanField(
        _("samarbetsgruppen granskar slutrapporten"),
        default=True,
        help_text=_("Utan samarbetsgrupp lämnas slutrapporten direkt till ledningsgruppen."),
    )
    med_politisk_beredning = models.BooleanField(
        _("politisk beredning före nämnden"),
        default=True,
        help_text=_("Utan politisk beredning går ledningsgruppens beslut direkt till nämnden."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan")

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        errors = {}
        if self.rapport_sidor_min > self.rapport_sidor_max:
            errors["rapport_sidor_max"] = _("Får inte vara mindre än det minsta sidantalet.")
        if self.nasta_uppfoljning_manader_min > self.nasta_uppfoljning_manader_max:
            errors["nasta_uppfoljning_manader_max"] = _(
                "Får inte vara mindre än det tidigaste antalet månader."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def organkedja(self) -> tuple[str, ...]:
        """The bodies a final report passes, in order (``Organ.Typ`` values)."""
        kedja = ["samarbetsgrupp"] if self.med_samarbetsgrupp else []
        kedja.append("ledningsgrupp")
        if self.med_politisk_beredning:
            kedja.append("politisk_styrgrupp")
        kedja.append("namnd")
        return tuple(kedja)

    #: The cache key of ``current()``; a change to the row deletes it (``forget``).
    CACHE_KEY = "sfbv:samverkan"

    @classmethod
    def current(cls) -> Samverkan:
        """The configured samverkan; ``IngenSamverkan`` when none is (never made here:
        ``manage.py load_organisation`` or the admin configures it).

        Read from Django's cache: nearly every page names the collaboration, and the row
        changes a few times in its life. Saving or deleting it empties the cache."""
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj = cls.objects.order_by("pk").first()
            if obj is None:
                raise IngenSamverkan
            cache.set(cls.CACHE_KEY, obj)
        return obj

    @classmethod
    def forget(cls, **_kwargs: object) -> None:
        cache.delete(cls.CACHE_KEY)


class Region(models.Model):
    namn = models.CharField(_("namn"), max_length=100, unique=True)
    kortnamn = models.CharField(_("kortnamn"), max_length=10, unique=True)
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordning", "namn"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.namn


class Fokusomrade(models.Model):
    """What a delprojekt addresses: jämlikhet, tillgänglighet, kompetensförsörjning …"""

    namn = models.CharField(_("namn"), max_length=100, unique=True)
    beskrivning = models.CharField(_("beskrivning"), max_length=300, blank=True)
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordning", "namn"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return self.namn


class Organ(models.Model):
    class Typ(models.TextChoices):
        LEDNINGSGRUPP = "ledningsgrupp", _("Ledningsgrupp")
        SAMARBETSGRUPP = "samarbetsgrupp", _("Samarbetsgrupp")
        POLITISK_STYRGRUPP = "politisk_styrgrupp", _("Politisk styrgrupp")
        NAMND = "namnd", _("Nämnd")
        REGIONAL_BESLUTSNIVA = "regional_beslutsniva", _("Regional beslutsnivå")
        CHEFSAMRAD = "chefsamrad", _("Chefsamråd")
        KANSLI = "kansli", _("Kansli")

    namn = models.CharField(_("namn"), max_length=200)
    typ = models.CharField(_("typ"), max_length=30, choices=Typ.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("För en regions egen beslutsnivå."),
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["typ", "namn"]
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        constraints = [models.UniqueConstraint(fields=["namn"], name="organ_namn_unik")]

    def __str__(self) -> str:
        return self.namn

    @classmethod
    def of_kind(cls, typ: str) -> Organ | None:
        """The samverkan's body of a kind that has exactly one (ledningsgrupp, nämnd …)."""
        return cls.objects.filter(typ=typ, aktiv=True).order_by("pk").first()


class Person(models.Model):
    """Someone who takes part; need not have a login (e.g. a patient representative)."""

    namn = models.CharField(_("namn"), max_length=200)
    epost = models.EmailField(_("e-post"), blank=True)
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    profession = models.CharField(_("profession/kompetens"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    anonymiserad = models.DateTimeField(
        _("anonymiserad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Då personens uppgifter ersattes; roller och beslut finns kvar."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["namn"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.namn


class OrganmedlemskapQuerySet(models.QuerySet):
    def current(self, *, on: object | None = None) -> OrganmedlemskapQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            models.Q(fran__isnull=True) | models.Q(fran__lte=day),
            models.Q(till__isnull=True) | models.Q(till__gte=day),
        )


class Organmedlemskap(models.Model):
    class Roll(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        VICE_ORDFORANDE = "vice_ordforande", _("Vice ordförande")
        LEDAMOT = "ledamot", _("Ledamot")
        ERSATTARE = "ersattare", _("Ersättare")
        ADJUNGERAD = "adjungerad", _("Adjungerad")
        SEKRETERARE = "sekreterare", _("Sekreterare")
        KONTAKTPERSON = "kontaktperson", _("Kontaktperson")

    #: Roles that take part in a body's decisions (and must agree when unanimity is required).
    BESLUTANDE = (Roll.ORDFORANDE, Roll.VICE_ORDFORANDE, Roll.LEDAMOT)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="medlemskap"
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="medlemskap"
    )
    roll = models.CharField(_("roll"), max_length=20, choices=Roll.choices, default=Roll.LEDAMOT)
    fran = models.DateField(_("från"), null=True, blank=True)
    till = models.DateField(_("till"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OrganmedlemskapQuerySet.as_manager()

    class Meta:
        ordering = ["organ", "person__namn"]
        verbose_name = _("medlemskap i organ")
        verbose_name_plural = _("medlemskap i organ")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_roll_display()} i {self.organ}"
