"""Forms for the follow-up rounds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.models import Person
from uppfoljning.models import REDOVISNINGSORGAN, Redovisning


class AnsvarigForm(SvenskForm, forms.Form):
    person = forms.TypedChoiceField(
        label=_("Fråga"),
        coerce=int,
        help_text=_("Den tidigare arbetsgruppens ledamöter står först."),
    )

    def __init__(self, *args, delprojekt=None, **kwargs):
        super().__init__(*args, **kwargs)
        grupp_ids = []
        if delprojekt is not None:
            grupp_ids = list(
                delprojekt.medlemskap.exclude(status="avbojd")
                .values_list("person_id", flat=True)
                .distinct()
            )
        people = list(Person.objects.order_by("namn").only("pk", "namn", "titel"))
        grupp = [(p.pk, p.namn) for p in people if p.pk in grupp_ids]
        ovriga = [(p.pk, p.namn) for p in people if p.pk not in grupp_ids]
        self.fields["person"].choices = [
            ("", "---------"),
            *([(_("Den tidigare arbetsgruppen"), grupp)] if grupp else []),
            (_("Övriga"), ovriga),
        ]

    def clean_person(self):
        person = Person.objects.filter(pk=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError(_("Välj en person i listan."))
        return person


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
