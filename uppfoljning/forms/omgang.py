"""Forms for the follow-up rounds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.models import Person
from uppfoljning.models import REDOVISNINGSORGAN, Redovisning


class AnsvarigForm(SvenskForm, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Fråga"),
        queryset=Person.objects.order_by("namn"),
        help_text=_("T.ex. en annan ledamot av den tidigare arbetsgruppen."),
    )


class SvarForm(SvenskForm, forms.Form):
    svar = forms.ChoiceField(
        label=_("Svar"),
        choices=[("ja", _("Jag åtar mig att skriva rapporten")), ("nej", _("Jag avböjer"))],
        widget=forms.RadioSelect,
    )
    kommentar = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när du avböjer."),
    )


class RedovisningForm(SvenskForm, forms.Form):
    organ_typ = forms.ChoiceField(label=_("Redovisad för"), choices=REDOVISNINGSORGAN)
    datum = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    form = forms.ChoiceField(
        label=_("Form"),
        choices=Redovisning.Form.choices,
        initial=Redovisning.Form.SKRIFTLIG,
        widget=forms.RadioSelect,
    )


class KommentarForm(SvenskForm, forms.Form):
    kommentar = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
