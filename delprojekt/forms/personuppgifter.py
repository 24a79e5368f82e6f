"""The kansli's forms for personal data: finding a person and anonymising them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonSokForm(forms.Form):
    q = forms.CharField(label=_("Sök person"), max_length=200, required=False)


class AnonymiseraForm(forms.Form):
    skal = forms.CharField(
        label=_("Skäl"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel ”Begäran om radering, diarienummer …”. Skriv inte personens namn "
            "eller kontaktuppgifter här: skälet sparas."
        ),
        error_messages={"required": _("Ange skälet till anonymiseringen.")},
    )
    bekrafta = forms.BooleanField(
        label=_("Jag förstår att anonymiseringen inte går att ångra."),
        error_messages={"required": _("Bekräfta att anonymiseringen inte går att ångra.")},
    )
