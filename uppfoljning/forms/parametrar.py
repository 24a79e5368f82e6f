"""Forms of the follow-up's parameters and measured values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.forms.uppfoljning import (
    DECIMAL_ERRORS,
    SvensktDecimalField,
    UppfoljningsparameterForm,
)
from delprojekt.models import Region

HELA = "hela"


class ParameterForm(UppfoljningsparameterForm):
    """The follow-up plan's parameter form, used for parameters added during the follow-up."""


class MatvardeForm(SvenskForm, forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    datum = forms.DateField(
        label=_("Datum för mätningen"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange datum för mätningen."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    varde = SvensktDecimalField(
        label=_("Värde"),
        max_digits=14,
        decimal_places=3,
        error_messages={**DECIMAL_ERRORS, "required": _("Skriv värdet.")},
    )
    kalla = forms.CharField(
        label=_("Källa, anteckning"),
        required=False,
        max_length=300,
        help_text=_("Valfritt, t.ex. rapportens namn eller uttagsdatum."),
    )

    def __init__(
        self,
        *args: Any,
        regioner: list[Region],
        tillatna: set[int | None] | None,
        enhet: str = "",
        hela_namn: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._regioner = {str(r.pk): r for r in regioner}
        choices: list[tuple[str, str]] = []
        if tillatna is None or None in tillatna:
            label = _("Hela sjukvårdsregionen")
            if hela_namn:
                label = f"{label} ({hela_namn})"
            choices.append((HELA, label))
        choices += [(str(r.pk), r.namn) for r in regioner if tillatna is None or r.pk in tillatna]
        self.fields["region"].choices = choices
        if enhet:
            self.fields["varde"].label = _("Värde (%(enhet)s)") % {"enhet": enhet}
        self.fields["varde"].widget.attrs.update({"inputmode": "decimal"})

    def clean_region(self) -> Region | None:
        value = self.cleaned_data["region"]
        if value == HELA:
            return None
        return self._regioner[value]


class ImportForm(SvenskForm, forms.Form):
    fil = forms.FileField(
        label=_("Fil (CSV eller Excel)"),
        help_text=_("Högst 2 MB och 5 000 rader."),
        error_messages={
            "required": _("Välj en fil att importera."),
            "empty": _("Filen är tom."),
            "invalid": _("Välj en fil att importera."),
        },
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
