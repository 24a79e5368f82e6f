"""The form a region's implementation is updated with: a status and a comment per
recommendation of the board."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Region, Rekommendation
from uppfoljning.models import Inforandestatus
from uppfoljning.services.inforande import KOMMENTAR_MAX, InforandeCell


class KommentarField(forms.CharField):
    """A short comment; line breaks are normalised so an untouched comment is unchanged."""

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


@dataclass
class Formrad:
    rekommendation: Rekommendation
    cell: InforandeCell
    status: BoundField
    kommentar: BoundField


class InforandeForm(SvenskForm, forms.Form):
    """One status and one comment per recommendation, for one region.

    Each field carries the value the user saw (``show_hidden_initial``), so only what
    the user changed is saved and someone else's change to another row is kept.
    """

    def __init__(
        self, *args: Any, kolumn: list[tuple[Rekommendation, InforandeCell]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kolumn = kolumn
        for rek, cell in kolumn:
            self.fields[f"status_{rek.pk}"] = forms.ChoiceField(
                label=_("Status för rekommendation %(nr)s") % {"nr": rek.ordning},
                choices=Inforandestatus.Status.choices,
                initial=cell.status,
                show_hidden_initial=True,
            )
            self.fields[f"kommentar_{rek.pk}"] = KommentarField(
                label=_("Kommentar till rekommendation %(nr)s") % {"nr": rek.ordning},
                required=False,
                max_length=KOMMENTAR_MAX,
                initial=cell.kommentar,
                show_hidden_initial=True,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": KOMMENTAR_MAX}),
                help_text=_("Kort, högst %(max)s tecken. Inga patientuppgifter.")
                % {"max": KOMMENTAR_MAX},
            )

    def rader(self) -> list[Formrad]:
        return [
            Formrad(
                rekommendation=rek,
                cell=cell,
                status=self[f"status_{rek.pk}"],
                kommentar=self[f"kommentar_{rek.pk}"],
            )
            for rek, cell in self.kolumn
        ]

    def andringar(self) -> dict[int, tuple[str, str]]:
        """Rekommendation id -> (status, kommentar) for the rows the user changed."""
        changed = set(self.changed_data)
        out = {}
        for rek, _cell in self.kolumn:
            s, k = f"status_{rek.pk}", f"kommentar_{rek.pk}"
            if s in changed or k in changed:
                out[rek.pk] = (self.cleaned_data[s], self.cleaned_data[k])
        return out


class RegionFilterForm(SvenskForm, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("ordning", "namn"),
        required=False,
        empty_label=_("Alla regioner"),
    )
