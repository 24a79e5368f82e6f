"""Forms of the uppdrag: competences, milestones, a decision to change it, comparing versions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm, beslutsvag_field
from delprojekt.models import Kompetenskrav, Milstolpe, Organ


class KompetenskravForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Kompetenskrav
        fields = ["benamning", "krav", "kommentar"]
        error_messages = {
            "benamning": {"required": _("Skriv kompetensen eller området.")},
            "krav": {"required": _("Välj om kompetensen ska eller bör finnas.")},
        }
        help_texts = {
            "benamning": _(
                "Till exempel ortopedisk kirurgi, fysioterapi eller patientföreträdare."
            ),
        }


class MilstolpeForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Milstolpe
        fields = ["datum", "benamning", "klar"]
        widgets = {"datum": DATE_WIDGET}
        error_messages = {
            "datum": {
                "required": _("Ange milstolpens datum."),
                "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
            },
            "benamning": {"required": _("Skriv vad milstolpen är.")},
        }


class UppdragAndringForm(SvenskForm, forms.Form):
    organ = forms.ChoiceField(
        label=_("Beslutande organ"),
        choices=[
            (Organ.Typ.LEDNINGSGRUPP, Organ.Typ.LEDNINGSGRUPP.label),
            (Organ.Typ.SAMARBETSGRUPP, Organ.Typ.SAMARBETSGRUPP.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vilket organ som beslutade."),
            "invalid_choice": _("Välj ledningsgruppen eller samarbetsgruppen."),
        },
    )
    datum = forms.DateField(
        label=_("Beslutsdatum"),
        initial=timezone.localdate,
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange beslutsdatum."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    beslutstext = forms.CharField(
        label=_("Beslutstext"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("Vad beslutet ändrar i uppdraget."),
        error_messages={"required": _("Skriv beslutets text.")},
    )
    slag = beslutsvag_field()

    def clean_datum(self):
        day = self.cleaned_data["datum"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Beslutsdatum kan inte ligga i framtiden."))
        return day


class JamforForm(SvenskForm, forms.Form):
    """Which two versions to compare (GET ``a`` and ``b``)."""

    a = forms.TypedChoiceField(label=_("Jämför version"), coerce=int)
    b = forms.TypedChoiceField(label=_("med version"), coerce=int)

    def __init__(self, *args, versions: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v, str(v)) for v in versions]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages = {
                "required": _("Välj två versioner att jämföra."),
                "invalid_choice": _("Versionen finns inte. Välj två versioner i listan."),
            }
