"""The statistics page's filters and the choice of month for the monthly report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Fokusomrade, Region
from uppfoljning.statistik import MANADSNAMN, Urval


class StatistikFilterForm(SvenskForm, forms.Form):
    """Year, region and focus area. The regions and focus areas are given as lists, read
    once per request, so that the form and the figures share them."""

    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    fokus = forms.TypedChoiceField(
        label=_("Fokusområde"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args,
        years: list[int],
        regioner: list[Region],
        fokusomraden: list[Fokusomrade],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.years = years
        self.regioner = {r.pk: r for r in regioner}
        self.fokusomraden = {f.pk: f for f in fokusomraden}
        self.fields["ar"].choices = [("", _("Alla"))] + [(y, str(y)) for y in years]
        self.fields["region"].choices = [("", _("Alla"))] + [(r.pk, r.namn) for r in regioner]
        self.fields["fokus"].choices = [("", _("Alla"))] + [(f.pk, f.namn) for f in fokusomraden]

    def urval(self) -> Urval:
        """The filters as given, or none at all when any of them is invalid."""
        if not self.is_valid():
            return Urval()
        data = self.cleaned_data
        region, fokus = data.get("region"), data.get("fokus")
        return Urval(
            ar=data.get("ar"),
            region=self.regioner[region] if region is not None else None,
            fokus=self.fokusomraden[fokus] if fokus is not None else None,
        )


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
