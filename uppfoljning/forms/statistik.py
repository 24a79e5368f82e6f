"""The statistics page's filters and the choice of month for the monthly report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Fokusomrade, Region
from uppfoljning.statistik import MANADSNAMN, Urval


class StatistikFilterForm(SvenskForm, forms.Form):
    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("Alla")
    )
    fokus = forms.ModelChoiceField(
        label=_("Fokusområde"),
        queryset=Fokusomrade.objects.all(),
        required=False,
        empty_label=_("Alla"),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [("", _("Alla"))] + [(y, str(y)) for y in years]

    def urval(self) -> Urval:
        """The filters as given, or none at all when any of them is invalid."""
        if not self.is_valid():
            return Urval()
        data = self.cleaned_data
        return Urval(ar=data.get("ar"), region=data.get("region"), fokus=data.get("fokus"))


class ManadsrapportForm(SvenskForm, forms.Form):
    """Which month the report is for; the page's filters ride along as hidden fields."""

    ar = forms.TypedChoiceField(label=_("År"), coerce=int)
    manad = forms.TypedChoiceField(
        label=_("Månad"),
        coerce=int,
        choices=[(i, namn.capitalize()) for i, namn in enumerate(MANADSNAMN, start=1)],
        error_messages={"invalid_choice": _("Välj en månad mellan januari och december.")},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = sorted({*years, this_year}, reverse=True)
        self.fields["ar"].choices = [(y, str(y)) for y in years]
        self.fields["ar"].error_messages["invalid_choice"] = _(
            "Välj ett år då det finns delprojekt."
        )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        ar, manad = data.get("ar"), data.get("manad")
        if ar is not None and manad is not None and (ar, manad) > (today.year, today.month):
            raise forms.ValidationError(
                _("Månadsrapporten kan inte gälla en månad som inte har börjat.")
            )
        return data
