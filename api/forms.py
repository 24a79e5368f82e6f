from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm


class NyNyckelForm(SvenskForm, forms.Form):
    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=100,
        help_text=_("Till exempel vad den används till: ”Power BI, månadsrapport”."),
        error_messages={"required": _("Ge nyckeln ett namn, t.ex. vad den ska användas till.")},
    )
