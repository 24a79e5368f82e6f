"""Forms for forming the working group: add a member, change status, the appointment."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms import DATE_WIDGET, SvenskForm, beslutsvag_field
from delprojekt.forms.falt import FlervalFalt
from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Kompetenskrav,
    Nomineringsstatus,
    Person,
    Region,
)

#: Fields only the kansli (manage_arbetsgrupp) fills in; nominees start as "nominerad".
MANAGE_ONLY = ("status", "avstamt_med_chef")


class MedlemForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Arbetsgruppsmedlemskap
        fields = [
            "person",
            "roll",
            "region",
            "profession",
            "adjungerad_omrade",
            "adjungerad_for",
            "kompetenser",
            "nominerande",
            "nominerad_av",
            "nominerad_datum",
            "status",
            "avstamt_med_chef",
            "avsatt_tid",
            "erfarenhet",
        ]
        widgets = {"nominerad_datum": DATE_WIDGET, "erfarenhet": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "adjungerad_omrade": _("Adjungerad för område"),
            "adjungerad_for": _("Adjungerad för vilka frågor och möten"),
            "nominerande": _("Nominerad genom"),
            "nominerad_av": _("Nominerad av (namn)"),
            "nominerad_datum": _("Nominerad datum"),
            "avsatt_tid": _("Ordförandens avsatta tid"),
            "erfarenhet": _("Ordförandens relevanta erfarenhet"),
        }
        help_texts = {
            "adjungerad_omrade": _("Bara för adjungerade."),
            "adjungerad_for": _("Bara för adjungerade, t.ex. ”Möte 3 och 5, budgetfrågor”."),
            "nominerande": _("Lämnas tomt: kansliet, eller du själv som ordförande."),
            "nominerad_datum": _("Lämnas tomt: i dag."),
            "profession": _("Lämnas tomt: personens egen profession."),
        }
        error_messages = {
            "person": {
                "required": _("Välj en person."),
                "invalid_choice": _("Välj en person i listan."),
            },
            "roll": {"required": _("Välj en roll."), "invalid_choice": _("Välj en roll i listan.")},
            "nominerad_datum": {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
        }

    region = forms.TypedChoiceField(
        label=_("Representerar region"),
        required=False,
        help_text=_("Lämnas tomt: personens egen region."),
        error_messages={"invalid_choice": _("Välj en region i listan.")},
    )
    kompetenser = forms.TypedMultipleChoiceField(
        label=_("Täcker kompetenser"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vilka av uppdragets kompetenskrav personen täcker."),
        error_messages={"invalid_choice": _("Välj bara kompetenser som uppdraget anger.")},
    )

    def __init__(
        self,
        *args,
        delprojekt: Delprojekt,
        may_manage: bool,
        kompetenskrav: list[Kompetenskrav] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("namn")
        # Choices from lists the page already holds: the concerned regions (all regions
        # when none is given yet) and the uppdrag's competences.
        regioner = list(delprojekt.regioner.all()) or list(Region.objects.all())
        by_pk = {str(r.pk): r for r in regioner}
        self.fields["region"].choices = [("", _("Personens egen region"))] + [
            (str(r.pk), r.namn) for r in regioner
        ]
        self.fields["region"].coerce = by_pk.get
        self.fields["region"].empty_value = None
        krav = list(delprojekt.kompetenskrav.all()) if kompetenskrav is None else kompetenskrav
        krav_by_pk = {str(k.pk): k for k in krav}
        self.fields["kompetenser"].choices = [(str(k.pk), k.benamning) for k in krav]
        self.fields["kompetenser"].coerce = krav_by_pk.get
        self.fields["nominerad_datum"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not may_manage:
            for name in MANAGE_ONLY:
                del self.fields[name]
        else:
            self.fields["status"].choices = [
                c for c in Nomineringsstatus.choices if c[0] != Nomineringsstatus.AVBOJD
            ]

    def validate_unique(self):
        # Uniqueness of roles is a domain rule with its own message (the service).
        pass


class MedlemStatusForm(SvenskForm, forms.Form):
    """One step for a member: the next status (a button) and/or "avstämt med chef"."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Nomineringsstatus.choices,
        required=False,
    )
    avstamt_med_chef = forms.BooleanField(label=_("Avstämt med närmaste chef"), required=False)


class OrdforandeForm(SvenskForm, forms.ModelForm):
    """The chair's appointment: allocated time and relevant experience."""

    class Meta:
        model = Arbetsgruppsmedlemskap
        fields = ["avsatt_tid", "erfarenhet"]
        widgets = {"erfarenhet": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "avsatt_tid": _("Avsatt tid för uppdraget"),
            "erfarenhet": _("Relevant erfarenhet"),
        }


class KompetensSkalForm(SvenskForm, forms.Form):
    skal_saknas = forms.CharField(
        label=_("Skäl till att kompetensen saknas"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Skriv skälet kortare (högst 2 000 tecken).")},
    )


class KompetenserForm(SvenskForm, forms.Form):
    kompetenser = FlervalFalt(
        label=_("Täcker kompetenser"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bara kompetenser som uppdraget anger.")},
    )

    def __init__(self, *args, delprojekt: Delprojekt, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetenser"].queryset = delprojekt.kompetenskrav.all()


class UtanPatientrepresentantForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Delprojekt
        fields = ["utan_patientrepresentant"]
        labels = {
            "utan_patientrepresentant": _(
                "Skäl till att arbetsgruppen saknar patient- eller närståenderepresentant"
            )
        }
        help_texts = {
            "utan_patientrepresentant": _(
                "Lämna tomt om gruppen har eller ska få en representant. "
                "Skriv inga patientuppgifter."
            )
        }
        widgets = {"utan_patientrepresentant": forms.Textarea(attrs={"rows": 2})}


class UtseForm(SvenskForm, forms.Form):
    """The ledningsgrupp's decision appointing accepted nominees."""

    medlemmar = forms.MultipleChoiceField(
        label=_("Personer som utses"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Välj minst en person som ledningsgruppen utser."),
            "invalid_choice": _("Välj bland de personer som har accepterat."),
        },
    )
    datum = forms.DateField(
        label=_("Beslutsdatum"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange beslutsdatum."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    slag = beslutsvag_field()
    beslutstext = forms.CharField(
        label=_("Beslutstext"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv beslutets text.")},
    )

    def __init__(self, *args, kandidater, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medlemmar"].choices = [
            (
                str(m.pk),
                _("%(namn)s – %(roll)s%(chef)s")
                % {
                    "namn": m.person.namn,
                    "roll": m.get_roll_display().lower(),
                    "chef": "" if m.avstamt_med_chef else _(" (inte avstämt med chef)"),
                },
            )
            for m in kandidater
        ]
        self.fields["datum"].widget.attrs["max"] = timezone.localdate().isoformat()
