"""Implementation as the regions plan it.

- ``Genomforandeplan``: a region's plan for carrying out the board's recommendations,
  answering the questions of the process-support decision, with milestones and the line
  manager who owns it. The working text is edited with an optimistic version check;
  ``Planversion`` freezes a version (its content, printed as PDF/A).
- ``Eskalering``: an implementation problem raised to the samarbetsgrupp or the
  ledningsgrupp, for information or for decision, and the body's answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from uppfoljning.models import Inforandestatus

#: The questions of the process-support decision, in its order: (field, question).
FRAGOR: tuple[tuple[str, str], ...] = (
    ("budskap", _("Vilket är det huvudsakliga budskapet i rekommendationerna?")),
    ("effekter", _("Vilka positiva effekter kan vi uppnå?")),
    ("styrkor", _("Vilka styrkor har vi i regionen att bygga på?")),
    ("paverkas", _("Vilka i vår region påverkas?")),
    ("annorlunda", _("Vad kommer vi göra annorlunda i vår region?")),
    ("genomfor", _("Vilka genomför förändringen?")),
    ("hur", _("Hur genomförs förändringen?")),
    ("svarigheter", _("Vilka svårigheter finns i vår region kopplat till införandet?")),
    ("kommunikation", _("Hur kommunicerar vi kring förändringen?")),
)
FALT: tuple[str, ...] = tuple(f for f, _q in FRAGOR)


class Genomforandeplan(models.Model):
    """One region's implementation plan of one project (the working text)."""

    delprojekt = models.ForeignKey(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="genomforandeplaner",
        verbose_name=_("delprojekt"),
    )
    region = models.ForeignKey(
        "delprojekt.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    budskap = models.TextField(_("huvudsakligt budskap"), blank=True)
    effekter = models.TextField(_("positiva effekter"), blank=True)
    styrkor = models.TextField(_("styrkor att bygga på"), blank=True)
    paverkas = models.TextField(_("vilka som påverkas"), blank=True)
    annorlunda = models.TextField(_("vad vi gör annorlunda"), blank=True)
    genomfor = models.TextField(_("vilka som genomför"), blank=True)
    hur = models.TextField(_("hur förändringen genomförs"), blank=True)
    svarigheter = models.TextField(_("svårigheter i regionen"), blank=True)
    kommunikation = models.TextField(_("kommunikation"), blank=True)
    #: [{"vad": str, "nar": "YYYY-MM-DD", "ansvarig": str}, …] in date order; kept in the
    #: row so that the history and the frozen versions carry them with the text.
    milstolpar = models.JSONField(_("milstolpar"), default=list, blank=True)
    linjechef = models.CharField(_("ansvarig linjechef"), max_length=200, blank=True)
    #: Raised by every save; the form sends the value it started from.
    andring = models.PositiveIntegerField(_("ändring"), default=0)
    uppdaterad = models.DateTimeField(_("uppdaterad"), default=timezone.now)
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
        ordering = ["delprojekt", "region__ordning", "region__namn"]
        verbose_name = _("genomförandeplan")
        verbose_name_plural = _("genomförandeplaner")
        constraints = [
            models.UniqueConstraint(fields=["delprojekt", "region"], name="plan_per_region")
        ]

    def __str__(self) -> str:
        return f"Genomförandeplan {self.region} – {self.delprojekt}"

    def innehall(self) -> dict:
        """The plan's content as a frozen version stores it."""
        return {
            **{f: getattr(self, f) for f in FALT},
            "milstolpar": list(self.milstolpar or []),
            "linjechef": self.linjechef,
        }


class Planversion(models.Model):
    """A frozen version of a region's plan: numbered, its content kept as it was."""

    plan = models.ForeignKey(
        Genomforandeplan,
        on_delete=models.CASCADE,
        related_name="versioner",
        verbose_name=_("genomförandeplan"),
    )
    nummer = models.PositiveSmallIntegerField(_("version"))
    innehall = models.JSONField(_("innehåll"))
    #: The plan's ``andring`` when frozen: the working text has changed since when they differ.
    andring = models.PositiveIntegerField(_("ändring"), default=0)
    skapad = models.DateTimeField(_("fastställd"), default=timezone.now)
    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "nummer"]
        verbose_name = _("version av genomförandeplan")
        verbose_name_plural = _("versioner av genomförandeplaner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="planversion_nummer_unik")
        ]

    def __str__(self) -> str:
        return f"{self.plan} version {self.nummer}"


class Eskalering(models.Model):
    """An implementation problem raised to a body of the samverkan, and its answer."""

    class Syfte(models.TextChoices):
        KANNEDOM = "kannedom", _("För kännedom")
        BESLUT = "beslut", _("För beslut")

    delprojekt = models.ForeignKey(
        "delprojekt.Delprojekt",
        on_delete=models.CASCADE,
        related_name="eskaleringar",
        verbose_name=_("delprojekt"),
    )
    #: The region whose implementation the problem concerns; empty for the
    #: sjukvårdsregion's own row (the kansli's).
    region = models.ForeignKey(
        "delprojekt.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    organ = models.ForeignKey(
        "delprojekt.Organ", on_delete=models.PROTECT, related_name="+", verbose_name=_("organ")
    )
    syfte = models.CharField(_("syfte"), max_length=20, choices=Syfte.choices)
    rubrik = models.CharField(_("rubrik"), max_length=200)
    beskrivning = models.TextField(_("beskrivning av problemet"))
    skapad = models.DateTimeField(_("lyft"), default=timezone.now)
    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lyft av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    svar = models.TextField(_("organets svar"), blank=True)
    svar_datum = models.DateField(_("besvarat"), null=True, blank=True)
    svar_registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("svaret registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-skapad", "-pk"]
        verbose_name = _("eskalerat införandeproblem")
        verbose_name_plural = _("eskalerade införandeproblem")

    def __str__(self) -> str:
        return self.rubrik

    @property
    def besvarad(self) -> bool:
        return self.svar_datum is not None


class Sjukvardsregionstatus(models.Model):
    """How far the sjukvårdsregion itself (the kansli) has come with one of the board's
    recommendations aimed at it (``Atgardsforslag.sjukvardsregional``): the
    implementation matrix's own row for the sjukvårdsregion."""

    rekommendation = models.OneToOneField(
        "delprojekt.Rekommendation",
        on_delete=models.CASCADE,
        related_name="sjukvardsregionstatus",
        verbose_name=_("rekommendation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Inforandestatus.Status.choices,
        default=Inforandestatus.Status.EJ_PABORJAT,
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
        verbose_name = _("sjukvårdsregionens införandestatus")
        verbose_name_plural = _("sjukvårdsregionens införandestatus")

    def __str__(self) -> str:
        return f"Sjukvårdsregionen: {self.get_status_display()}"
