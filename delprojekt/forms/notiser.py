"""The settings form: for each kind of notification that can be chosen, when to get mail."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import NOTISTYPER, Notisval


class NotisinstallningarForm(SvenskForm, forms.Form):
    """One radio group per kind in ``NOTISTYPER`` that can be chosen (duty reminders are
    shown on the page but are not a choice)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for t in NOTISTYPER:
            if not t.valbar:
                continue
            self.fields[t.typ] = forms.ChoiceField(
                label=t.namn,
                help_text=t.beskrivning,
                choices=Notisval.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj när du vill få e-post."),
                    "invalid_choice": _("Välj ett av alternativen."),
                },
            )
