"""The follow-up report's form: the written sections, each with the method's guidance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from uppfoljning.models import Uppfoljningsrapport
from uppfoljning.services.rapport import MAX_TEXT

MARKDOWN_HJALP = _("Markdown: **fet**, *kursiv*, - punktlista, ## rubrik.")

HJALP = {
    "sammanfattning": _(
        "Det viktigaste på några rader: hur långt införandet har kommit, vilka effekter "
        "som syns och vad du föreslår. Hela rapporten är kort, några sidor, och skrivs "
        "med hänvisning till slutrapporten."
    ),
    "inforande_kommentar": _(
        "Tabellen över införandet per region och rekommendation skapas automatiskt. "
        "Kommentera här: vad har gått bra, vad har hindrat, skillnader mellan regionerna."
    ),
    "effekter_kommentar": _(
        "Diagrammen och tabellerna över uppföljningsparametrarna skapas automatiskt. "
        "Kommentera här: syns de effekter som slutrapporten förväntade sig?"
    ),
    "enkat": _(
        "Valfritt. Resultat av en enkät till berörda verksamheter, t.ex. hur många som "
        "svarade och vad de svarade."
    ),
    "kontakter": _(
        "Valfritt. Vad ansvariga chefer för respektive verksamhet har berättat om införandet."
    ),
    "slutsatser": _("Vad betyder resultaten? Vad behöver samarbetsgruppen och nämnden veta?"),
    "ytterligare_uppfoljning": _(
        "Utifrån resultaten kan en ny uppföljning bli aktuell, några månader efter den här."
    ),
    "ytterligare_motivering": _("Varför en ny uppföljning behövs, eller varför inte."),
}

JA_NEJ = [("ja", _("Ja, ytterligare uppföljning föreslås")), ("nej", _("Nej"))]


def _ja_nej(value: Any) -> bool | None:
    return {"ja": True, "nej": False}.get(value)


class RapportForm(SvenskForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    ytterligare_uppfoljning = forms.TypedChoiceField(
        label=_("Föreslås ytterligare uppföljning?"),
        choices=JA_NEJ,
        coerce=_ja_nej,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Uppfoljningsrapport
        fields = [
            "sammanfattning",
            "inforande_kommentar",
            "effekter_kommentar",
            "enkat",
            "kontakter",
            "slutsatser",
            "ytterligare_uppfoljning",
            "ytterligare_motivering",
        ]
        labels = {
            "inforande_kommentar": _("Kommentar till införandet"),
            "effekter_kommentar": _("Kommentar till effekterna"),
            "enkat": _("Enkätresultat"),
            "ytterligare_motivering": _("Motivering"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            value = self.instance.ytterligare_uppfoljning
            self.initial["ytterligare_uppfoljning"] = {True: "ja", False: "nej"}.get(value)
        for name, field in self.fields.items():
            if name in HJALP:
                field.help_text = HJALP[name]
            if isinstance(field.widget, forms.Textarea):
                field.validators.append(MaxLengthValidator(MAX_TEXT))
                field.widget.attrs["rows"] = 8 if name == "sammanfattning" else 6
                field.help_text = f"{field.help_text} {MARKDOWN_HJALP}"

    def _post_clean(self) -> None:
        # The service validates and saves under a lock; the instance is left untouched.
        pass

    def data_for_service(self) -> dict[str, Any]:
        cd = self.cleaned_data
        return {name: cd.get(name) for name in self.Meta.fields}
