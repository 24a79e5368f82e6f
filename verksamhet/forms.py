from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.models import Person
from verksamhet.models import Aktivitet


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AktivitetForm(forms.Form):
    vad = forms.CharField(label=_("Aktivitet"), max_length=300)
    ansvarig = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=Person.objects.none(), required=False
    )
    nar = forms.DateField(label=_("När"), widget=DatumInput())
    status = forms.ChoiceField(label=_("Status"), choices=Aktivitet.Status.choices)

    def __init__(self, *args, personer=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ansvarig"].queryset = (
            personer if personer is not None else Person.objects.none()
        )


class BerattelseTextForm(forms.Form):
    text = forms.CharField(
        label=_("Organets egen text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )


class GodkannandeForm(forms.Form):
    punkt = forms.TypedChoiceField(label=_("Godkänd under paragraf"), coerce=int)

    def __init__(self, *args, punkter=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["punkt"].choices = [("", "–")] + [
            (
                p.pk,
                f"{p.paragraf} – {p.sammantrade.start:%Y-%m-%d} – {p.rubrik}",
            )
            for p in punkter
        ]


class ArbetsgruppTextForm(forms.Form):
    text = forms.CharField(
        label=_("Arbetsgruppens egen text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )


class GodkannandeMoteForm(forms.Form):
    """The working group's meeting (a minnesanteckning) at which it agreed to its report."""

    mote = forms.TypedChoiceField(label=_("Godkänd vid arbetsgruppens möte"), coerce=int)

    def __init__(self, *args, moten=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["mote"].choices = [("", "–")] + [
            (
                m.pk,
                f"{m.datum:%Y-%m-%d}" + (f" – {m.platsbeskrivning}" if m.platsbeskrivning else ""),
            )
            for m in moten
        ]


class MandatForm(forms.Form):
    omfattning = forms.CharField(
        label=_("Vad ledamoten får besluta"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    givet_av = forms.CharField(label=_("Mandatet givet av"), max_length=200)
    giltigt_till = forms.DateField(label=_("Gäller till"), required=False, widget=DatumInput())
