"""Forms of the bodies' meetings: the header, agenda items, attendance, recorded
decisions and corrections."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm, rekommendation_forslag
from delprojekt.forms.falt import FlervalFalt
from delprojekt.models import Dagordningspunkt, Organ, Sammantrade, Samverkan
from delprojekt.services.sammantrade import (
    ANMALAN_ANTECKNAS,
    INFORMATION_ANTECKNAS,
    valbara_personer,
)
from delprojekt.workflow import Overgang, beslut_av

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SammantradeForm(SvenskForm, forms.ModelForm):
    lank = forms.URLField(
        label=_("Länk till digitalt möte"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Ange en fullständig webbadress (https://…).")},
    )

    class Meta:
        model = Sammantrade
        fields = ["start", "slut", "plats", "lank", "ordforande", "sekreterare", "justerare"]
        widgets = {"start": DATETIME_WIDGET, "slut": DATETIME_WIDGET}
        error_messages = {
            "start": {
                "required": _("Ange datum och tid för sammanträdet."),
                "invalid": _("Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM."),
            },
            "slut": {"invalid": _("Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.")},
        }

    def __init__(self, *args, organ: Organ, **kwargs):
        super().__init__(*args, **kwargs)
        personer = valbara_personer(organ)
        for name in ("ordforande", "sekreterare", "justerare"):
            self.fields[name].queryset = personer
            self.fields[name].empty_label = _("– Välj –")
        self.fields["lank"].help_text = _("För ett digitalt eller hybridmöte.")


class FriPunktForm(SvenskForm, forms.Form):
    typ = forms.ChoiceField(
        label=_("Typ"),
        choices=[
            (Dagordningspunkt.Typ.INFORMATION, Dagordningspunkt.Typ.INFORMATION.label),
            (Dagordningspunkt.Typ.OVRIGT, Dagordningspunkt.Typ.OVRIGT.label),
        ],
    )
    rubrik = forms.CharField(
        label=_("Rubrik"), max_length=300, error_messages={"required": _("Skriv en rubrik.")}
    )
    text = forms.CharField(
        label=_("Underlag"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NarvaroForm(SvenskForm, forms.Form):
    narvarande = FlervalFalt(
        label=_("Närvarande"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sammantrade: Sammantrade, personer: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narvarande"].queryset = valbara_personer(sammantrade.organ)
        if personer is not None:
            # The people already read (the meeting page reads them with their presence).
            self.fields["narvarande"].choices = [(p.pk, str(p)) for p in personer]


def overgangar_for(punkt: Dagordningspunkt, status: str) -> list[Overgang]:
    """The decisions the meeting's body can take on the item's project in ``status``."""
    return beslut_av(punkt.sammantrade.organ.typ, status)


class ProtokollforForm(SvenskForm, forms.Form):
    """What the meeting decided on one agenda item."""

    status = forms.CharField(widget=forms.HiddenInput, required=False)
    beslutstext = forms.CharField(
        label=_("Beslutstext"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
    )
    reservation = forms.CharField(
        label=_("Reservationer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=_("Vem som reserverade sig och varför."),
    )
    foredragande = forms.CharField(
        label=_("Föredragande"),
        max_length=200,
        required=False,
        help_text=_(
            "Vem som föredrog ärendet. En slutrapport föredras vanligen av arbetsgruppens "
            "ordförande."
        ),
        error_messages={"max_length": _("Skriv föredragandens namn kortare (högst 200 tecken).")},
    )

    def __init__(self, *args, punkt: Dagordningspunkt, **kwargs):
        self.punkt = punkt
        dp = punkt.delprojekt
        initial = kwargs.setdefault("initial", {})
        if punkt.typ == Dagordningspunkt.Typ.ARENDE and dp is not None:
            initial.setdefault("status", dp.status)
            # The kansli's proposal, or (filled in by the page's script, or on saving when
            # left empty) the text of the decision chosen.
            initial.setdefault("beslutstext", punkt.beslutsforslag)
        elif punkt.typ == Dagordningspunkt.Typ.ANMALAN:
            initial.setdefault("beslutstext", ANMALAN_ANTECKNAS)
        else:
            initial.setdefault("beslutstext", INFORMATION_ANTECKNAS)
        super().__init__(*args, **kwargs)
        prefix = f"p{punkt.pk}"
        self.auto_id = f"id_{prefix}_%s"
        self.overgangar: list[Overgang] = []
        self.beslutstexter: dict[str, str] = {}
        if punkt.typ == Dagordningspunkt.Typ.ARENDE and dp is not None:
            status = self.data.get("status") if self.is_bound else None
            self.overgangar = overgangar_for(punkt, status or dp.status)
            organ_namn = punkt.sammantrade.organ.namn
            self.beslutstexter = {
                o.name: o.beslutstext(organ_namn, dp.titel) for o in self.overgangar
            }
            self.fields["overgang"] = forms.ChoiceField(
                label=_("Beslut"),
                choices=[(o.name, o.label) for o in self.overgangar],
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj ett beslut.")},
            )
            self.fields["beslutstext"].help_text = _(
                "Lämnas texten tom skrivs den för det valda beslutet. En text skriven för "
                "ett annat beslut än det valda sparas inte."
            )
            if any(o.rekommendationer for o in self.overgangar):
                samverkan = Samverkan.current()
                for a in dp.atgardsforslag.all():
                    self.fields[f"rek_{a.pk}"] = forms.CharField(
                        label=_("Rekommendation för förslag %(nr)s: %(titel)s")
                        % {"nr": a.ordning, "titel": a.titel},
                        widget=forms.Textarea(attrs={"rows": 2}),
                        initial=rekommendation_forslag(
                            samverkan.namnd_namn,
                            a.titel,
                            samverkan.sjukvardsregion if a.sjukvardsregional else "",
                        ),
                        required=False,
                        max_length=5000,
                    )

        self.order_fields(["status", "overgang", "beslutstext"])

    @property
    def har_rekommendationer(self) -> bool:
        return any(name.startswith("rek_") for name in self.fields)

    @property
    def forhandsgranskning(self) -> bool:
        """The "Förhandsgranska" button was pressed: show the form again, record nothing."""
        return self.is_bound and bool(self.data.get("forhandsgranska"))

    def rekommendationer(self) -> dict[int, str]:
        return {
            int(name.removeprefix("rek_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rek_")
        }

    @property
    def enhalliga(self) -> list[Overgang]:
        """The decisions here that need every deciding member's "instämmer"."""
        return [o for o in self.overgangar if o.enhallighet]


class KorrigeringForm(SvenskForm, forms.Form):
    punkt = forms.ModelChoiceField(
        label=_("Paragraf"),
        queryset=None,
        required=False,
        empty_label=_("Hela protokollet"),
    )
    text = forms.CharField(
        label=_("Korrigering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        error_messages={"required": _("Skriv vad som korrigeras.")},
    )

    def __init__(self, *args, sammantrade: Sammantrade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["punkt"].queryset = sammantrade.punkter.order_by("ordning", "pk")
