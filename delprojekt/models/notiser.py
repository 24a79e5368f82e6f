"""Notifications: what a person is told about, and how they want to hear of it.

Every notification is a ``Notis`` row for the person, shown in the application's list
(``/notiser/``) whether or not it is mailed. How it is mailed follows the person's
``Notisinstallning`` for its kind: at once, in the daily summary, or not at all. The
kinds are declared once in ``NOTISTYPER``; duty reminders (``Notistyp.PLIKT``) are
always mailed at once and cannot be switched off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .organisation import Person


class Notistyp(models.TextChoices):
    BESLUT = "beslut", _("Beslut och statusändringar i mina delprojekt")
    KO = "ko", _("Ärenden till mina köer och organ")
    KOMMENTAR = "kommentar", _("Kommentarer på mina kapitel")
    SAMMANTRADE = "sammantrade", _("Sammanträden")
    PAMINNELSE = "paminnelse", _("Påminnelser")
    PLIKT = "plikt", _("Påminnelser som metoden kräver")


class Notisval(models.TextChoices):
    DIREKT = "direkt", _("Direkt")
    SAMMANFATTNING = "sammanfattning", _("Daglig sammanfattning")
    AV = "av", _("Inte alls")


@dataclass(frozen=True)
class NotistypInfo:
    typ: str
    beskrivning: Promise
    #: False: always mailed at once, whatever the person has chosen.
    valbar: bool = True

    @property
    def namn(self) -> str:
        return str(Notistyp(self.typ).label)


#: Every kind of notification, in the order the settings page shows them.
NOTISTYPER: tuple[NotistypInfo, ...] = (
    NotistypInfo(
        Notistyp.BESLUT,
        _(
            "När ett delprojekt där du är kontaktperson, ordförande eller förslagsställare "
            "byter status, till exempel efter ett beslut."
        ),
    ),
    NotistypInfo(
        Notistyp.KO,
        _(
            "Ärenden som kommer till dig eller ditt organ: inlämnade uppföljningsrapporter "
            "och delrapporter för kännedom."
        ),
    ),
    NotistypInfo(
        Notistyp.KOMMENTAR,
        _("Granskningskommentarer på kapitel som du skriver eller ansvarar för."),
    ),
    NotistypInfo(Notistyp.SAMMANTRADE, _("Kallelser till sammanträden i organ där du är med.")),
    NotistypInfo(
        Notistyp.PAMINNELSE,
        _("Påminnelser för kännedom, till exempel om uppföljningsrapporter som du följer."),
    ),
    NotistypInfo(
        Notistyp.PLIKT,
        _(
            "Påminnelser om det du måste göra enligt arbetssättet: justera ett protokoll, "
            "skriva en uppföljningsrapport som du har blivit ombedd att skriva eller som "
            "snart ska lämnas in. De skickas alltid direkt och kan inte stängas av."
        ),
        valbar=False,
    ),
)

VALBARA_TYPER: tuple[str, ...] = tuple(t.typ for t in NOTISTYPER if t.valbar)


class Notisinstallning(models.Model):
    """A person's choice for one kind of notification; no row means ``DIREKT``."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notisinstallningar",
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Notistyp.choices)
    val = models.CharField(
        _("e-post"), max_length=20, choices=Notisval.choices, default=Notisval.DIREKT
    )

    class Meta:
        verbose_name = _("notisinställning")
        verbose_name_plural = _("notisinställningar")
        constraints = [
            models.UniqueConstraint(fields=["person", "typ"], name="notisinstallning_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_typ_display()} – {self.get_val_display()}"


class Notis(models.Model):
    """One thing a person was told about."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notiser"
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Notistyp.choices)
    text = models.CharField(_("text"), max_length=300)
    lank = models.CharField(_("länk"), max_length=500, blank=True)
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)
    last = models.DateTimeField(_("läst"), null=True, blank=True)
    epost = models.CharField(
        _("e-post"),
        max_length=20,
        choices=Notisval.choices,
        help_text=_("Hur notisen skulle skickas med e-post när den skapades."),
    )
    mejlad = models.DateTimeField(
        _("lagd i e-postkön"),
        null=True,
        blank=True,
        help_text=_("När notisen köades som e-post, direkt eller i en sammanfattning."),
    )

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        ordering = ["-skapad", "-pk"]
        indexes = [
            # The unread count in every page's header.
            models.Index(
                fields=["person"], condition=models.Q(last__isnull=True), name="notis_olast"
            ),
            models.Index(fields=["person", "-skapad"], name="notis_person_skapad"),
            # What the daily summary still has to mail.
            models.Index(
                fields=["skapad"],
                condition=models.Q(epost="sammanfattning", mejlad__isnull=True),
                name="notis_till_sammanfattning",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.text}"
