"""Forms of the follow-up plan's parameters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.models import Uppfoljningsparameter


class SvensktDecimalField(forms.DecimalField):
    """A decimal that accepts a comma ("12,5") and spaces between thousands."""

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


DECIMAL_ERRORS = {
    "invalid": _("Skriv ett tal, t.ex. 12,5."),
    "max_digits": _("Talet har för många siffror."),
    "max_decimal_places": _("Högst tre decimaler."),
    "max_whole_digits": _("Talet är för stort."),
}


class UppfoljningsparameterForm(SvenskForm, forms.ModelForm):
    utgangsvarde = SvensktDecimalField(
        label=_("Utgångsvärde"),
        required=False,
        max_digits=14,
        decimal_places=3,
        localize=True,
        error_messages=DECIMAL_ERRORS,
    )
    malvarde = SvensktDecimalField(
        label=_("Målvärde"),
        required=False,
        max_digits=14,
        decimal_places=3,
        localize=True,
        error_messages=DECIMAL_ERRORS,
    )

    class Meta:
        model = Uppfoljningsparameter
        fields = [
            "namn",
            "enhet",
            "kalla",
            "kalla_beskrivning",
            "utgangsvarde",
            "utgangsdatum",
            "malvarde",
            "mal_beskrivning",
        ]
        labels = {
            "namn": _("Parameter"),
            "enhet": _("Enhet"),
            "kalla": _("Källa"),
            "kalla_beskrivning": _("Källa, närmare"),
            "utgangsdatum": _("Utgångsvärdets datum"),
            "mal_beskrivning": _("Mål, i ord"),
        }
        help_texts = {
            "namn": _("Vad som mäts, t.ex. Väntetid till första besök."),
            "enhet": _("T.ex. dagar, procent eller antal per 100 000 invånare."),
            "kalla_beskrivning": _("T.ex. registrets namn eller tabellen hos SCB."),
        }
        widgets = {"utgangsdatum": DATE_WIDGET}
        error_messages = {
            "namn": {"required": _("Skriv vad som ska mätas.")},
            "kalla": {"required": _("Välj en källa.")},
            "utgangsdatum": {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
        }

    def clean_utgangsdatum(self):  # type: ignore[no-untyped-def]
        datum = self.cleaned_data.get("utgangsdatum")
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("Utgångsvärdets datum kan inte ligga i framtiden."))
        return datum
