"""Forms of the implementation plans and the escalated problems."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Organ, Region
from inforande.models import FRAGOR, Eskalering, Genomforandeplan
from inforande.services.eskalering import RUBRIK_MAX
from inforande.services.eskalering import TEXT_MAX as ESK_TEXT_MAX
from inforande.services.plan import KORT_MAX, TEXT_MAX
from uppfoljning.models import Inforandestatus

#: Empty milestone rows offered below those written.
EXTRA_MILSTOLPAR = 3


class PlanForm(SvenskForm, forms.Form):
    """The nine questions, the milestones (what, when, responsible) and the line manager.
    The hidden ``andring`` is the version the user started from."""

    andring = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    linjechef = forms.CharField(
        label=_("Ansvarig linjechef"),
        max_length=KORT_MAX,
        required=False,
        help_text=_("Chefen i linjen som äger införandet i regionen (namn och befattning)."),
    )

    def __init__(self, *args: Any, plan: Genomforandeplan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for falt, fraga in FRAGOR:
            self.fields[falt] = forms.CharField(
                label=fraga,
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=getattr(plan, falt, ""),
            )
        # The questions first, then the milestones and the line manager.
        self.order_fields([f for f, _q in FRAGOR])
        self.fields["andring"].initial = plan.andring if plan is not None else 0
        self.fields["linjechef"].initial = plan.linjechef if plan is not None else ""
        befintliga = list(plan.milstolpar or []) if plan is not None else []
        antal = len(befintliga) + EXTRA_MILSTOLPAR
        if self.is_bound:
            antal = max(antal, self._bound_rows())
        self.antal_milstolpar = antal
        for i in range(antal):
            m = befintliga[i] if i < len(befintliga) else {}
            nr = i + 1
            self.fields[f"m{i}_vad"] = forms.CharField(
                label=_("Milstolpe %(nr)s: vad") % {"nr": nr},
                required=False,
                max_length=KORT_MAX,
                initial=m.get("vad", ""),
            )
            self.fields[f"m{i}_nar"] = forms.DateField(
                label=_("Milstolpe %(nr)s: när") % {"nr": nr},
                required=False,
                initial=m.get("nar", ""),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
            )
            self.fields[f"m{i}_ansvarig"] = forms.CharField(
                label=_("Milstolpe %(nr)s: ansvarig") % {"nr": nr},
                required=False,
                max_length=KORT_MAX,
                initial=m.get("ansvarig", ""),
            )

    def _bound_rows(self) -> int:
        n = 0
        while f"m{n}_vad" in self.data:
            n += 1
        return min(n, 40)

    @property
    def fragor(self) -> list[forms.BoundField]:
        return [self[f] for f, _q in FRAGOR]

    @property
    def milstolpsrader(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (i + 1, [self[f"m{i}_vad"], self[f"m{i}_nar"], self[f"m{i}_ansvarig"]])
            for i in range(self.antal_milstolpar)
        ]

    def texter(self) -> dict[str, str]:
        return {f: self.cleaned_data.get(f, "") for f, _q in FRAGOR}

    def milstolpar(self) -> list[dict]:
        return [
            {
                "vad": self.cleaned_data.get(f"m{i}_vad", ""),
                "nar": self.cleaned_data.get(f"m{i}_nar"),
                "ansvarig": self.cleaned_data.get(f"m{i}_ansvarig", ""),
            }
            for i in range(self.antal_milstolpar)
        ]


class FaststallForm(forms.Form):
    andring = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


SJUKVARDSREGIONEN = "sjukvardsregionen"


class EskaleringForm(SvenskForm, forms.Form):
    """Raise a problem: which row (a region the user may write, or the sjukvårdsregion
    for the kansli), to which body, for information or decision, and what it is."""

    rad = forms.ChoiceField(label=_("Gäller"))
    organ = forms.ModelChoiceField(label=_("Lyfts till"), queryset=Organ.objects.none())
    syfte = forms.ChoiceField(
        label=_("Syfte"), choices=Eskalering.Syfte.choices, widget=forms.RadioSelect
    )
    rubrik = forms.CharField(label=_("Rubrik"), max_length=RUBRIK_MAX)
    beskrivning = forms.CharField(
        label=_("Beskriv problemet och vad ni behöver från organet"),
        max_length=ESK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(
        self,
        *args: Any,
        regioner: list[Region],
        sjukvardsregion: str | None,
        organ: list[Organ],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        val = [(str(r.pk), r.namn) for r in regioner]
        if sjukvardsregion:
            val.append((SJUKVARDSREGIONEN, sjukvardsregion))
        self.fields["rad"].choices = val
        if len(val) == 1:
            self.fields["rad"].initial = val[0][0]
        self.regioner = {str(r.pk): r for r in regioner}
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=[o.pk for o in organ])
        self.fields["organ"].label_from_instance = lambda o: o.namn

    def region(self) -> Region | None:
        return self.regioner.get(self.cleaned_data["rad"])


class SvarForm(SvenskForm, forms.Form):
    svar = forms.CharField(
        label=_("Organets svar"),
        max_length=ESK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad organet svarade eller beslutade, gärna med paragraf."),
    )
    datum = forms.DateField(
        label=_("Datum för svaret"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )


class SjukvardsregionForm(SvenskForm, forms.Form):
    """A status and a comment per recommendation aimed at the sjukvårdsregion."""

    def __init__(self, *args: Any, rader: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rader = rader
        for rad in rader:
            rek = rad.rekommendation
            self.fields[f"status_{rek.pk}"] = forms.ChoiceField(
                label=_("Status för rekommendation %(nr)s") % {"nr": rek.ordning},
                choices=Inforandestatus.Status.choices,
                initial=rad.status,
            )
            self.fields[f"kommentar_{rek.pk}"] = forms.CharField(
                label=_("Kommentar till rekommendation %(nr)s") % {"nr": rek.ordning},
                required=False,
                max_length=500,
                initial=rad.kommentar,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def falt(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (
                rad,
                self[f"status_{rad.rekommendation.pk}"],
                self[f"kommentar_{rad.rekommendation.pk}"],
            )
            for rad in self.rader
        ]

    def data_per_rek(self) -> dict[int, tuple[str, str]]:
        return {
            rad.rekommendation.pk: (
                self.cleaned_data[f"status_{rad.rekommendation.pk}"],
                self.cleaned_data.get(f"kommentar_{rad.rekommendation.pk}", ""),
            )
            for rad in self.rader
        }
