"""Forms for the follow-up rounds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.models import Person
from uppfoljning.models import REDOVISNINGSORGAN, Redovisning


class _PersonVal(forms.TypedChoiceField):
    """A person offered in the list, or any person of the register given by number: the
    list holds the likely ones only, and ``AnsvarigForm.clean`` checks that the person
    exists."""

    def valid_value(self, value) -> bool:
        return True


class AnsvarigForm(SvenskForm, forms.Form):
    """Whom the kansli asks to write the report: a member of the former working group
    from the list, or anyone in the register by e-mail address or name (the register has
    thousands of people; the list stays short)."""

    person = _PersonVal(
        label=_("Fråga"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Den tidigare arbetsgruppens ledamöter."),
    )
    annan = forms.CharField(
        label=_("… eller en annan person"),
        required=False,
        max_length=200,
        help_text=_("E-postadress eller hela namnet, som i personregistret."),
    )

    def __init__(self, *args, delprojekt=None, **kwargs):
        super().__init__(*args, **kwargs)
        grupp: list[tuple[int, str]] = []
        if delprojekt is not None:
            ids = delprojekt.medlemskap.exclude(status="avbojd").values("person_id")
            grupp = list(
                Person.objects.filter(pk__in=ids).order_by("namn").values_list("pk", "namn")
            )
        self.fields["person"].choices = [
            ("", "---------"),
            *([(_("Den tidigare arbetsgruppen"), grupp)] if grupp else []),
        ]

    def clean_annan(self) -> Person | None:
        text = " ".join(self.cleaned_data["annan"].split())
        if not text:
            return None
        falt = "epost__iexact" if "@" in text else "namn__iexact"
        traffar = list(Person.objects.filter(**{falt: text}).order_by("pk")[:2])
        if not traffar:
            raise forms.ValidationError(
                _("Ingen person i registret har den e-postadressen eller det namnet.")
            )
        if len(traffar) > 1:
            raise forms.ValidationError(
                _("Flera personer i registret heter så – ange e-postadressen i stället.")
            )
        return traffar[0]

    def clean(self):
        cleaned = super().clean()
        valt, annan = cleaned.get("person"), cleaned.get("annan")
        if "person" in self.errors or "annan" in self.errors:
            return cleaned
        if valt is not None and annan is not None:
            raise forms.ValidationError(
                _("Välj en person i listan eller skriv en annan, inte båda.")
            )
        if annan is not None:
            cleaned["person"] = annan
        elif valt is not None:
            person = Person.objects.filter(pk=valt).first()
            if person is None:
                self.add_error("person", _("Välj en person i listan."))
            else:
                cleaned["person"] = person
        else:
            self.add_error("person", _("Välj en person i listan eller skriv en annan."))
        return cleaned


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
