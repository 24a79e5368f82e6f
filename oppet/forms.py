"""Forms of the public part: the kansli's publication decision, the public list's filters
and the report of an accessibility problem."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm, Valjlista, status_val
from delprojekt.organisation import Organisation
from oppet.models import PUBLICERBARA_ROLLER


class PubliceringForm(SvenskForm, forms.Form):
    publicerad_nu = forms.BooleanField(required=False, widget=forms.HiddenInput)
    roller = forms.MultipleChoiceField(
        label=_("Namn som får visas öppet"),
        required=False,
        choices=PUBLICERBARA_ROLLER,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Utan val visas inga personnamn, bara rollerna."),
    )
    datum = forms.DateField(
        label=_("Beslutsdatum"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Ange beslutsdatum."), "invalid": _("Ange ett datum.")},
    )
    motivering = forms.CharField(
        label=_("Motivering (visas bara internt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OppetFilterForm(SvenskForm, forms.Form):
    """The public list's filters; choices from the cached organisation."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=Valjlista)
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    fokus = forms.TypedChoiceField(
        label=_("Fokusområde"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    ar = forms.TypedChoiceField(
        label=_("År"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        alla = ("", _("Alla"))
        self.fields["status"].choices = [alla, *status_val()]
        self.fields["region"].choices = [alla, *org.regioner]
        self.fields["fokus"].choices = [alla, *org.fokusomraden]
        self.fields["ar"].choices = [alla, *((y, str(y)) for y in org.ar)]


class TillganglighetForm(SvenskForm, forms.Form):
    """A visitor's report of an accessibility problem, sent to the kansli."""

    beskrivning = forms.CharField(
        label=_("Beskriv problemet"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Beskriv vad som inte fungerar."),
            "min_length": _("Beskriv problemet med minst %(limit_value)d tecken."),
            "max_length": _("Beskrivningen får vara högst %(limit_value)d tecken."),
        },
    )
    sida = forms.CharField(
        label=_("Sida eller dokument det gäller (valfritt)"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Adressen får vara högst %(limit_value)d tecken.")},
    )
    epost = forms.EmailField(
        label=_("Din e-postadress, om du vill ha svar (valfritt)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")
        },
    )
    #: Left empty by people; filled by robots that fill every field. Hidden by CSS.
    webbplats = forms.CharField(label=_("Lämna tomt"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        for namn in ("beskrivning", "sida"):
            text = data.get(namn) or ""
            if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
                self.add_error(namn, _("Texten innehåller otillåtna tecken."))
        return data
