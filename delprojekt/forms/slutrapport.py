"""Forms for writing the slutrapport together: writers and review comments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Arbetsgruppsmedlemskap, Delprojekt, Nomineringsstatus, Person
from delprojekt.models.dokument import Granskningskommentar


def gruppens_personer(delprojekt: Delprojekt) -> list[Person]:
    """The working group's current members, to choose writers among (one query)."""
    ids = (
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids).order_by("namn"))


def personer_bland(medlemskap: list[Arbetsgruppsmedlemskap]) -> list[Person]:
    """What ``gruppens_personer`` returns, from the group's memberships already fetched
    (with ``person``)."""
    today = timezone.localdate()
    personer = {
        m.person_id: m.person
        for m in medlemskap
        if (m.till is None or m.till >= today) and m.status != Nomineringsstatus.AVBOJD
    }
    return sorted(personer.values(), key=lambda p: p.namn)


class SkribentForm(SvenskForm, forms.Form):
    """Choose a writer among the group's members; empty means nobody."""

    person = forms.TypedChoiceField(label=_("Skribent"), required=False, coerce=int)

    def __init__(
        self,
        *args,
        delprojekt: Delprojekt,
        personer: list[Person] | None = None,
        label: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._personer = {
            p.pk: p for p in (personer if personer is not None else gruppens_personer(delprojekt))
        }
        self.fields["person"].choices = [("", _("Ingen"))] + [
            (pk, p.namn) for pk, p in self._personer.items()
        ]
        self.fields["person"].empty_value = None
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Välj någon som är med i arbetsgruppen."
        )
        if label:
            self.fields["person"].label = label

    def clean_person(self) -> Person | None:
        pk = self.cleaned_data.get("person")
        return self._personer.get(pk) if pk is not None else None


class GranskningskommentarForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Granskningskommentar
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": _("Skriv en kommentar.")}}


class SprakgranskareForm(SvenskForm, forms.Form):
    """Choose the language reviewer: the group's kommunikatör or someone at the kansli."""

    granskare = forms.TypedChoiceField(
        label=_("Språkgranskare"),
        coerce=int,
        help_text=_("Arbetsgruppens kommunikatör, eller någon på kansliet om gruppen saknar en."),
        error_messages={
            "required": _("Välj vem som språkgranskar."),
            "invalid_choice": _("Välj arbetsgruppens kommunikatör eller någon på kansliet."),
        },
    )

    def __init__(self, *args, personer: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self._personer = {p.pk: p for p in personer}
        self.fields["granskare"].choices = [("", _("Välj person"))] + [
            (p.pk, p.namn) for p in personer
        ]

    def clean_granskare(self) -> Person:
        return self._personer[self.cleaned_data["granskare"]]


class SprakgranskningKlarForm(SvenskForm, forms.Form):
    kommentarer = forms.CharField(
        label=_("Kommentarer från språkgranskningen"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad du ändrade eller föreslår, t.ex. kortare meningar i analysen."),
        error_messages={"max_length": _("Skriv kommentarerna kortare (högst 5 000 tecken).")},
    )


class PatientperspektivForm(SvenskForm, forms.Form):
    utan_patientperspektiv = forms.CharField(
        label=_("Skäl till att nuläget saknar patientens och närståendes perspektiv"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Skriv skälet kortare (högst 5 000 tecken).")},
    )
