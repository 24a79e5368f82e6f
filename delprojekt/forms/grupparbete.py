"""Forms for the working group's own records."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.forms.falt import FlervalFalt
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beredningskontakt,
    Delprojekt,
    Delrapport,
    Forankring,
    Kommunikationsaktivitet,
    Minnesanteckning,
    Nomineringsstatus,
    Organ,
    Person,
    Resursinsats,
    Samfinansiering,
    Stodbegaran,
)


class DeltagareField(FlervalFalt):
    def label_from_instance(self, obj: Arbetsgruppsmedlemskap) -> str:
        label = f"{obj.person.namn} ({obj.get_roll_display().lower()})"
        if obj.roll == ArbetsgruppRoll.ADJUNGERAD:
            label = f"{obj.person.namn} (adjungerad)"
        return label


class MinnesanteckningForm(SvenskForm, forms.ModelForm):
    deltagare = DeltagareField(
        queryset=Arbetsgruppsmedlemskap.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Närvarande"),
    )

    class Meta:
        model = Minnesanteckning
        fields = [
            "datum",
            "plats",
            "digitalt",
            "deltagare",
            "dagordning",
            "anteckningar",
            "mjuka_resultat",
        ]
        widgets = {
            "datum": DATE_WIDGET,
            "dagordning": forms.Textarea(attrs={"rows": 4}),
            "anteckningar": forms.Textarea(attrs={"rows": 10}),
            "mjuka_resultat": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "anteckningar": _("Du kan använda Markdown: **fetstil**, listor med - och rubriker."),
        }

    def __init__(self, *args, delprojekt: Delprojekt, **kwargs):
        super().__init__(*args, **kwargs)
        current = (
            Arbetsgruppsmedlemskap.objects.current()
            .filter(delprojekt=delprojekt)
            .exclude(status=Nomineringsstatus.AVBOJD)
        )
        qs = current
        if self.instance.pk:
            # Those who have left the group stay selectable on the meetings they attended.
            qs = (
                Arbetsgruppsmedlemskap.objects.filter(delprojekt=delprojekt)
                .filter(Q(pk__in=current.values("pk")) | Q(moten=self.instance))
                .distinct()
            )
        self.fields["deltagare"].queryset = qs.select_related("person").order_by(
            "roll", "person__namn"
        )


class VagvalForm(SvenskForm, forms.Form):
    val = forms.CharField(label=_("Vägval eller prioritering"), max_length=500, required=False)
    motivering = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


VagvalFormSet = forms.formset_factory(VagvalForm, extra=2, max_num=30, absolute_max=30)


class AnteckningsrattForm(SvenskForm, forms.Form):
    medlemmar_skriver_anteckningar = forms.BooleanField(
        required=False, label=_("Alla i arbetsgruppen får skriva minnesanteckningar")
    )


class ForankringForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Forankring
        fields = ["datum", "organ", "person", "region", "diskuterat", "utfall"]
        widgets = {
            "datum": DATE_WIDGET,
            "diskuterat": forms.Textarea(attrs={"rows": 3}),
            "utfall": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(aktiv=True).order_by("typ", "namn")
        self.fields["organ"].help_text = _(
            "Chefsamråd eller annat organ. Lämna tomt om ni träffade en enskild chef."
        )


class BeredningskontaktForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Beredningskontakt
        fields = ["datum", "organ", "person", "fragan", "utfall"]
        widgets = {
            "datum": DATE_WIDGET,
            "fragan": forms.Textarea(attrs={"rows": 3}),
            "utfall": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "person": _("T.ex. ett kunskapsstöd, ett programområde eller en namngiven expert."),
        }
        error_messages = {"datum": {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(aktiv=True).order_by("typ", "namn")
        self.fields["organ"].help_text = _(
            "Organ som känner området. Lämna tomt och skriv i nästa fält om det var en "
            "person eller en instans utan eget organ."
        )
        self.fields["organ"].error_messages["invalid_choice"] = _("Välj ett organ i listan.")


class DelrapportForm(SvenskForm, forms.ModelForm):
    fil = forms.FileField(
        label=_("Bifoga fil (valfritt)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, ODT eller ODS, högst 20 MB."),
    )

    class Meta:
        model = Delrapport
        fields = ["titel", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"text": _("Du kan använda Markdown.")}


class DelrapportSkickaForm(SvenskForm, forms.Form):
    till = forms.ChoiceField(
        label=_("Skicka för kännedom till"),
        choices=Delrapport.Mottagare.choices,
        widget=forms.RadioSelect,
    )


class StodbegaranForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Stodbegaran
        fields = ["typ", "beskrivning"]
        widgets = {"beskrivning": forms.Textarea(attrs={"rows": 3})}


class StodSvarForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Stodbegaran
        fields = ["status", "svar"]
        widgets = {"svar": forms.Textarea(attrs={"rows": 3})}


class KommunikationsaktivitetForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Kommunikationsaktivitet
        fields = ["vad", "kanal", "nar", "vem", "status"]
        widgets = {"nar": DATE_WIDGET}
        help_texts = {
            "vad": _("T.ex. intervju med ordföranden, nyhetsbrev, digitalt seminarium."),
        }


class ResursinsatsForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Resursinsats
        fields = ["person", "roll", "andel", "fran", "till"]
        widgets = {"fran": DATE_WIDGET, "till": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("namn")


class SamfinansieringForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Samfinansiering
        fields = ["avser", "finansiar", "andel", "kommentar"]


class KostnadsuppskattningForm(SvenskForm, forms.Form):
    kostnadsuppskattning = forms.CharField(
        label=_("Grov kostnadsuppskattning"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class KommentarForm(SvenskForm, forms.Form):
    text = forms.CharField(
        label=_("Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BilagaForm(SvenskForm, forms.Form):
    fil = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, ODT eller ODS, högst 20 MB."),
    )
    beskrivning = forms.CharField(label=_("Beskrivning (valfritt)"), max_length=300, required=False)
