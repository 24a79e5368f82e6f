"""Forms: a region's own decision on the board's recommendations."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm
from delprojekt.models import Huvudmannabeslut, Rekommendation, Rekommendationsutfall

KOMMENTAR_KRAVS = (Rekommendationsutfall.Utfall.DELVIS, Rekommendationsutfall.Utfall.AVSLAG)


class HuvudmannabeslutForm(SvenskForm, forms.ModelForm):
    """The decision itself and, per recommendation, the region's outcome with a comment."""

    GRUNDFALT = ["niva", "organ_namn", "datum", "diarienummer", "kommentar", "protokollsutdrag"]

    class Meta:
        model = Huvudmannabeslut
        fields = ["niva", "organ_namn", "datum", "diarienummer", "kommentar", "protokollsutdrag"]
        widgets = {"datum": DATE_WIDGET, "kommentar": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "niva": {"required": _("Välj beslutsnivå.")},
            "organ_namn": {"required": _("Ange vilket organ som beslutade.")},
            "datum": {
                "required": _("Ange beslutsdatum."),
                "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
            },
        }

    def __init__(
        self,
        *args,
        rekommendationer: Iterable[Rekommendation] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # A plain file input: the stored extract is linked through the protected view on
        # the page, never by its media address, and a new upload replaces it.
        self.fields["protokollsutdrag"].widget = forms.FileInput(
            attrs={"accept": "application/pdf"}
        )
        self.fields["protokollsutdrag"].help_text = (
            _("PDF, högst 10 MB. En ny fil ersätter det sparade utdraget.")
            if self.instance.pk and self.instance.protokollsutdrag
            else _("PDF, högst 10 MB.")
        )
        self.rekommendationer = list(rekommendationer)
        befintliga: dict[int, Rekommendationsutfall] = {}
        if self.instance.pk:
            befintliga = {u.rekommendation_id: u for u in self.instance.utfall.all()}
        for rek in self.rekommendationer:
            current = befintliga.get(rek.pk)
            self.fields[f"utfall_{rek.pk}"] = forms.ChoiceField(
                label=_("Utfall för rekommendation %(nr)s") % {"nr": rek.ordning},
                choices=Rekommendationsutfall.Utfall.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.utfall if current else None,
            )
            self.fields[f"utfall_kommentar_{rek.pk}"] = forms.CharField(
                label=_("Kommentar till rekommendation %(nr)s") % {"nr": rek.ordning},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
                initial=current.kommentar if current else "",
                help_text=_("Krävs vid delvis bifall och avslag."),
            )

    def grundfalt(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GRUNDFALT]

    def utfallsrader(self) -> list[tuple[Rekommendation, forms.BoundField, forms.BoundField]]:
        return [
            (rek, self[f"utfall_{rek.pk}"], self[f"utfall_kommentar_{rek.pk}"])
            for rek in self.rekommendationer
        ]

    def clean(self):
        cleaned = super().clean()
        for rek in self.rekommendationer:
            utfall = cleaned.get(f"utfall_{rek.pk}") or ""
            kommentar = (cleaned.get(f"utfall_kommentar_{rek.pk}") or "").strip()
            if utfall in KOMMENTAR_KRAVS and not kommentar:
                self.add_error(
                    f"utfall_kommentar_{rek.pk}",
                    _("Förklara vad regionen inte ställer sig bakom (rekommendation %(nr)s).")
                    % {"nr": rek.ordning},
                )
            if kommentar and not utfall:
                self.add_error(
                    f"utfall_{rek.pk}",
                    _("Välj utfall för rekommendation %(nr)s.") % {"nr": rek.ordning},
                )
        return cleaned

    def utfall(self) -> dict[int, tuple[str, str]]:
        """Recommendation id -> (utfall, kommentar) for every recommendation answered."""
        out: dict[int, tuple[str, str]] = {}
        for rek in self.rekommendationer:
            utfall = self.cleaned_data.get(f"utfall_{rek.pk}") or ""
            if utfall:
                kommentar = (self.cleaned_data.get(f"utfall_kommentar_{rek.pk}") or "").strip()
                out[rek.pk] = (utfall, kommentar)
        return out
