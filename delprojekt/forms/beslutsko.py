"""Forms: the kansli's proposal for a body's decision."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import SvenskForm
from delprojekt.models import Delprojekt
from delprojekt.services.beslutsko import MAX_LANGD, beslutsforslag_version


class BeslutsforslagForm(SvenskForm, forms.ModelForm):
    """The proposal's text, and the fingerprint of the text the user started from."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Delprojekt
        fields = ["beslutsforslag"]
        widgets = {"beslutsforslag": forms.Textarea(attrs={"rows": 4})}
        labels = {"beslutsforslag": _("Förslag till beslut")}
        help_texts = {
            "beslutsforslag": _(
                "Vad organet ombeds besluta. Skrivs i Markdown; visas i beslutskön och kallelsen."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["beslutsforslag"]
        field.validators.append(MaxLengthValidator(MAX_LANGD))
        field.widget.attrs["maxlength"] = MAX_LANGD
        self.initial.setdefault("version", beslutsforslag_version(self.instance.beslutsforslag))
        if self.instance.pk is not None:
            # Several proposals are edited on one queue page.
            self.auto_id = f"id_forslag_{self.instance.pk}_%s"
