"""The upload form of the portfolio import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm


class PortfoljImportForm(SvenskForm, forms.Form):
    fil = forms.FileField(
        label=_("Fil (CSV eller Excel)"),
        help_text=_("Högst 2 MB och 500 delprojekt."),
        error_messages={
            "required": _("Välj en fil att läsa in."),
            "empty": _("Filen är tom."),
            "invalid": _("Välj en fil att läsa in."),
        },
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
