"""Forms of the processtöd pages: they parse; the services judge (ranges, reasons)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm, Valjlista
from delprojekt.forms.falt import FlervalFalt
from delprojekt.models import Delprojekt, Person, Region
from processtod.models import Fakturastatus, Processtodsfaktura

_PROCENT = {"step": "0.01", "inputmode": "decimal"}


def _procentfalt(label: str, hjalp: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        help_text=hjalp,
        widget=forms.NumberInput(attrs=_PROCENT),
        error_messages={"required": _("Ange en andel i procent.")},
    )


def _beloppsfalt(label: str, hjalp: str = "", max_digits: int = 10) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=max_digits,
        decimal_places=2,
        help_text=hjalp,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class TjanstForm(SvenskForm, forms.Form):
    benamning = forms.CharField(
        label=_("Benämning"),
        max_length=100,
        help_text=_("T.ex. Processtöd 1."),
        error_messages={"required": _("Ange tjänstens benämning, t.ex. Processtöd 1.")},
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        widget=Valjlista,
        error_messages={"required": _("Välj regionen som har tjänsten.")},
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(anonymiserad__isnull=True).order_by("namn"),
        required=False,
        widget=Valjlista,
        help_text=_("Lämna tomt tills regionen har utsett någon."),
    )
    fran = forms.DateField(
        label=_("Från"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange när tjänsten börjar.")},
    )
    till = forms.DateField(
        label=_("Till"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange när tjänsten slutar.")},
    )
    tjanstgoringsgrad = _procentfalt(_("Andel av heltid (%)"), _("T.ex. 100 för en heltid."))
    medfinansiering = _procentfalt(
        _("Sjukvårdsregionens andel av finansieringen (%)"),
        _("Resten betalar regionen. I modellen 50 %."),
    )
    tid_sjukvardsregion = _procentfalt(
        _("Andel av tiden för sjukvårdsregionen (%)"),
        _("Resten av tiden arbetar personen i regionen. I modellen 10–20 %."),
    )
    manadslon = _beloppsfalt(
        _("Lönekostnad per månad vid heltid (kr)"),
        _("Underlag för det föreslagna fakturabeloppet; kan också anges per faktura."),
    )
    solidarisk = forms.BooleanField(
        label=_("Finansieras solidariskt (undantag)"),
        required=False,
    )
    undantag_skal = forms.CharField(
        label=_("Skäl till undantaget"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Krävs när tjänsten finansieras solidariskt eller personen är med i kansliet: "
            "som grundregel hämtas processtöd utanför kansliet."
        ),
    )
    delprojekt = FlervalFalt(
        label=_("Delprojekt som stöds"),
        queryset=Delprojekt.objects.order_by("-ar", "-lopnummer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vardforlopp = forms.CharField(
        label=_("Vårdförlopp som stöds"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett vårdförlopp per rad, t.ex. Stroke och TIA."),
    )


def _ar_nu() -> int:
    return timezone.localdate().year


def _halvar_nu() -> int:
    return 1 if timezone.localdate() < datetime.date(timezone.localdate().year, 7, 1) else 2


class FakturaForm(SvenskForm, forms.Form):
    ar = forms.IntegerField(
        label=_("År"),
        initial=_ar_nu,
        error_messages={"required": _("Ange ett år mellan 2000 och 2100.")},
    )
    halvar = forms.TypedChoiceField(
        label=_("Halvår"),
        choices=Processtodsfaktura.Halvar.choices,
        coerce=int,
        initial=_halvar_nu,
        error_messages={"required": _("Välj första eller andra halvåret.")},
    )
    manadslon = _beloppsfalt(
        _("Lönekostnad per månad vid heltid (kr)"),
        _("Lämna tomt för tjänstens lönekostnad."),
    )
    belopp = _beloppsfalt(
        _("Belopp (kr)"),
        _("Lämna tomt för det föreslagna beloppet."),
        max_digits=12,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Fakturastatus.choices, initial=Fakturastatus.FORVANTAD
    )
    referens = forms.CharField(
        label=_("Fakturans referens"),
        required=False,
        max_length=100,
        help_text=_("Krävs när fakturan har kommit."),
    )
    anteckning = forms.CharField(label=_("Anteckning"), required=False, max_length=300)


class ArForm(SvenskForm, forms.Form):
    ar = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
