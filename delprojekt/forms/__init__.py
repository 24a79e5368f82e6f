"""Forms: parse and validate input, with Swedish messages next to each field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delprojekt.forms.falt import FlervalFalt
from delprojekt.models import (
    Atgardsforslag,
    Beslut,
    Delprojekt,
    Fokusomrade,
    Organ,
    Person,
    Region,
    Samverkan,
    Stallningstagande,
    Status,
    Uppfoljningsplan,
    Ursprung,
)
from delprojekt.organisation import Organisation
from delprojekt.workflow import FASER, Overgang

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def status_val() -> list:
    """The portfolio's status filter: each phase, as a whole and state by state."""
    return [
        (
            label,
            [(f"fas:{key}", _("Hela fasen: %(fas)s") % {"fas": label})]
            + [(s, Status(s).label) for s in states],
        )
        for key, label, states in FASER
    ]


class Valjlista(forms.Select):
    """A select whose options are written by its own template rather than one included
    template per option: the same HTML, at a fraction of the cost for long lists."""

    template_name = "delprojekt/widgets/valjlista.html"


def rekommendation_forslag(namnd: str, titel: str, sjukvardsregion: str = "") -> str:
    """The board's usual wording, for the kansli to adjust: "<nämnd> rekommenderar …"
    the regions, or, for a proposal aimed at the sjukvårdsregion itself, the
    sjukvårdsregion (``sjukvardsregion``: its name)."""
    titel = titel.strip().rstrip(".")
    if titel:
        titel = titel[0].lower() + titel[1:]
    if sjukvardsregion:
        return _("%(namnd)s rekommenderar %(sjukvardsregion)s att %(titel)s.") % {
            "namnd": namnd,
            "sjukvardsregion": sjukvardsregion,
            "titel": titel,
        }
    return _("%(namnd)s rekommenderar regionerna att %(titel)s.") % {
        "namnd": namnd,
        "titel": titel,
    }


#: Django's label for the empty choice of a select.
DJANGO_TOM = "---------"


class SvenskForm:
    """Labels without the English-style colon, and "Välj …" instead of Django's "---------"
    as the empty choice of every select. Only the label changes: a required field still
    refuses the empty choice and an optional one still accepts it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_TOM:
                    field.empty_label = _("Välj …")
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.MultipleChoiceField
            ):
                choices = list(field.choices)
                if any(value == "" and label == DJANGO_TOM for value, label in choices):
                    field.choices = [
                        (value, _("Välj …") if value == "" and label == DJANGO_TOM else label)
                        for value, label in choices
                    ]


class DelprojektForm(SvenskForm, forms.ModelForm):
    """The facts of a delprojekt, for registration and editing."""

    regioner = FlervalFalt(
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Berörda regioner"),
    )
    fokusomraden = FlervalFalt(
        queryset=Fokusomrade.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Fokusområden"),
    )
    chefsamrad = FlervalFalt(
        queryset=Organ.objects.filter(typ=Organ.Typ.CHEFSAMRAD, aktiv=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kopplade chefsamråd"),
    )

    class Meta:
        model = Delprojekt
        fields = [
            "titel",
            "ursprung",
            "forslagsstallare",
            "underlag",
            "syfte",
            "mal",
            "forvantat_utfall",
            "regioner",
            "fokusomraden",
            "chefsamrad",
            "kontaktperson",
            "samrad_samarbetsgrupp",
            "samrad_notering",
        ]
        widgets = {
            "underlag": forms.Textarea(attrs={"rows": 5}),
            "syfte": forms.Textarea(attrs={"rows": 3}),
            "mal": forms.Textarea(attrs={"rows": 3}),
            "forvantat_utfall": forms.Textarea(attrs={"rows": 3}),
            "samrad_notering": forms.Textarea(attrs={"rows": 2}),
            "samrad_samarbetsgrupp": DATE_WIDGET,
        }
        error_messages = {
            "titel": {"required": _("Ge förslaget en titel.")},
            "ursprung": {"required": _("Välj var förslaget kommer från.")},
        }

    def __init__(self, *args, on_behalf: bool = False, registering: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.select_related("region").order_by("namn")
        self.fields["ursprung"].choices = [("", _("Välj …")), *Ursprung.choices]
        self.fields["forslagsstallare"].queryset = people
        self.fields["forslagsstallare"].empty_label = _("Jag själv")
        self.fields["kontaktperson"].queryset = Person.objects.filter(
            medlemskap__organ__typ=Organ.Typ.KANSLI
        ).distinct()
        self.fields["kontaktperson"].empty_label = _("Ingen utsedd ännu")
        if registering and not on_behalf:
            # Anyone may propose, but only in their own name.
            del self.fields["forslagsstallare"]
            del self.fields["kontaktperson"]
            del self.fields["samrad_samarbetsgrupp"]
            del self.fields["samrad_notering"]
        if self.instance.pk:
            self.fields["regioner"].initial = list(self.instance.regioner.all())
            self.fields["fokusomraden"].initial = list(self.instance.fokusomraden.all())
            self.fields["chefsamrad"].initial = list(self.instance.chefsamrad.all())

    def clean_titel(self) -> str:
        titel = self.cleaned_data["titel"].strip()
        if len(titel) < 3:
            raise forms.ValidationError(_("Titeln behöver vara minst tre tecken."))
        return titel

    def clean_samrad_samarbetsgrupp(self):
        day = self.cleaned_data.get("samrad_samarbetsgrupp")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Avstämningen kan inte ligga i framtiden."))
        return day


def beslutsvag_field() -> forms.ChoiceField:
    """How a body decided outside its meetings (a decision at a meeting is recorded on the
    meeting's item, never in a form of its own)."""
    return forms.ChoiceField(
        label=_("Hur beslutet fattades utanför sammanträde"),
        choices=[
            (Beslut.Slag.PER_CAPSULAM, Beslut.Slag.PER_CAPSULAM.label),
            (Beslut.Slag.ORDFORANDEBESLUT, Beslut.Slag.ORDFORANDEBESLUT.label),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Beslutet får nästa paragraf i organets serie och anmäls på nästa sammanträde."
        ),
        error_messages={"required": _("Välj hur beslutet fattades.")},
    )


def organ_namn(typ: str) -> str:
    organ = Organ.of_kind(typ)
    return organ.namn if organ is not None else str(Organ.Typ(typ).label)


class OvergangForm(SvenskForm, forms.Form):
    """The form behind a transition button; its fields depend on the transition."""

    status = forms.CharField(widget=forms.HiddenInput)
    kommentar = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, overgang: Overgang, delprojekt: Delprojekt, **kwargs):
        super().__init__(*args, **kwargs)
        self.overgang = overgang
        self.delprojekt = delprojekt
        if overgang.kommentar_kravs:
            self.fields["kommentar"].label = _("Motivering")
            self.fields["kommentar"].required = True
            self.fields["kommentar"].error_messages["required"] = _(
                "Skriv en motivering – den sparas i delprojektets tidslinje."
            )
        if overgang.organ:
            self.fields["datum"] = forms.DateField(
                label=_("Beslutsdatum"),
                initial=timezone.localdate,
                widget=DATE_WIDGET,
                error_messages={
                    "required": _("Ange beslutsdatum."),
                    "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
                },
            )
            self.fields["beslutstext"] = forms.CharField(
                label=_("Beslutstext"),
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": _("Skriv beslutets text.")},
                max_length=10000,
                initial=overgang.beslutstext(organ_namn(overgang.organ), delprojekt.titel),
            )
            # A decision of a body outside its meetings is its own, explicit path.
            self.fields["slag"] = beslutsvag_field()
            self.order_fields(["status", "slag", "datum", "beslutstext"])
        if overgang.rekommendationer:
            samverkan = Samverkan.current()
            namnd = samverkan.namnd_namn
            for a in delprojekt.atgardsforslag.all():
                self.fields[f"rek_{a.pk}"] = forms.CharField(
                    label=_("Rekommendation för förslag %(nr)s: %(titel)s")
                    % {"nr": a.ordning, "titel": a.titel},
                    initial=rekommendation_forslag(
                        namnd,
                        a.titel,
                        samverkan.sjukvardsregion if a.sjukvardsregional else "",
                    ),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={
                        "required": _("Skriv nämndens rekommendation för det här förslaget.")
                    },
                    max_length=5000,
                )
        if overgang.forfallodatum:
            self.fields["forfallodatum"] = forms.DateField(
                label=_("Uppföljningen ska vara klar"),
                widget=DATE_WIDGET,
                help_text=_(
                    "Normalt %(min)s–%(max)s månader efter förra uppföljningens redovisning."
                )
                % {
                    "min": Samverkan.current().nasta_uppfoljning_manader_min,
                    "max": Samverkan.current().nasta_uppfoljning_manader_max,
                },
                error_messages={
                    "required": _("Ange när uppföljningen ska vara klar."),
                    "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
                },
            )
        if overgang.overlamnat_datum:
            self.fields["overlamnat_datum"] = forms.DateField(
                label=_("Överlämningsdatum"),
                initial=timezone.localdate,
                widget=DATE_WIDGET,
                error_messages={
                    "required": _("Ange när uppdraget överlämnades."),
                    "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
                },
            )
        if overgang.kan_forceras:
            self.fields["forcera"] = forms.BooleanField(
                label=_("Gå vidare trots att något saknas (skälet skrivs i kommentaren)"),
                required=False,
            )

    def clean_datum(self):
        day = self.cleaned_data["datum"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Beslutsdatum kan inte ligga i framtiden."))
        return day

    def clean_forfallodatum(self):
        day = self.cleaned_data["forfallodatum"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Datumet måste ligga i framtiden."))
        return day

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


class PositionerForm(SvenskForm, forms.Form):
    """Positions of ledningsgrupp members on the item before the group.

    One choice and one reason per member; ``editable`` limits which members this
    user may record for (the kansli: all; a member: themself).
    """

    def __init__(self, *args, ledamoter, befintliga, editable: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = []
        for m in ledamoter:
            pid = m.person_id
            current = befintliga.get(pid)
            choice = forms.ChoiceField(
                label=_("%(namn)s (%(region)s)")
                % {"namn": m.person.namn, "region": m.person.region or "–"},
                choices=[("", _("Inget ställningstagande")), *Stallningstagande.Position.choices],
                # Shown for every member of every item of a queue or a meeting.
                widget=Valjlista,
                required=False,
                initial=current.position if current else "",
                disabled=pid not in editable,
            )
            reason = forms.CharField(
                label=_("Motivering för %(namn)s") % {"namn": m.person.namn},
                required=False,
                initial=current.motivering if current else "",
                max_length=2000,
                disabled=pid not in editable,
            )
            self.fields[f"position_{pid}"] = choice
            self.fields[f"motivering_{pid}"] = reason
            self.rader.append((m, self[f"position_{pid}"], self[f"motivering_{pid}"], current))
        self.editable = editable

    def positioner(self) -> dict[int, tuple[str, str]]:
        out = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("position_"):
                pid = int(name.removeprefix("position_"))
                if pid in self.editable and value:
                    out[pid] = (value, self.cleaned_data.get(f"motivering_{pid}", "").strip())
        return out

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name.startswith("position_") and value == Stallningstagande.Position.RESERVATION:
                pid = name.removeprefix("position_")
                if not cleaned.get(f"motivering_{pid}", "").strip():
                    self.add_error(f"motivering_{pid}", _("Motivera reservationen."))
        return cleaned


class PortfolioFilterForm(SvenskForm, forms.Form):
    """The portfolio's filters and sort order.

    Its choices come from the cached organisation (``delprojekt.organisation``), not
    from queries of their own, and a chosen region, focus area or contact person is
    cleaned to its id; the selects render their options in one template
    (``Valjlista``)."""

    SORT_CHOICES = [
        ("-referens", _("Referens, nyast först")),
        ("referens", _("Referens, äldst först")),
        ("titel", _("Titel")),
        ("status", _("Status (i processordning)")),
        ("-dagar", _("Längst tid i nuvarande status")),
        ("dagar", _("Kortast tid i nuvarande status")),
    ]

    q = forms.CharField(label=_("Sök delprojekt"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=Valjlista)
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    fokus = forms.TypedChoiceField(
        label=_("Fokusområde"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    kontaktperson = forms.TypedChoiceField(
        label=_("Kontaktperson"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    ar = forms.TypedChoiceField(
        label=_("År"), required=False, coerce=int, empty_value=None, widget=Valjlista
    )
    sort = forms.ChoiceField(
        label=_("Sortera"), required=False, choices=SORT_CHOICES, widget=Valjlista
    )

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        alla = ("", _("Alla"))
        self.fields["status"].choices = [alla, *status_val()]
        self.fields["region"].choices = [alla, *org.regioner]
        self.fields["fokus"].choices = [alla, *org.fokusomraden]
        self.fields["kontaktperson"].choices = [alla, *org.kontaktpersoner]
        self.fields["ar"].choices = [alla, *((y, str(y)) for y in org.ar)]


class KapitelForm(SvenskForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=100_000,
        help_text=_("Skriv så att även den som inte är fackkunnig förstår."),
    )


class AtgardsforslagForm(SvenskForm, forms.ModelForm):
    regioner = FlervalFalt(
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Berörda regioner"),
    )

    class Meta:
        model = Atgardsforslag
        fields = [
            "titel",
            "beskrivning",
            "genomforbarhet",
            "undantrangning",
            "kostnad",
            "regioner",
            "sjukvardsregional",
        ]
        widgets = {
            "beskrivning": forms.Textarea(attrs={"rows": 4}),
            "genomforbarhet": forms.Textarea(attrs={"rows": 3}),
            "undantrangning": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"titel": {"required": _("Skriv förslaget.")}}


class UppfoljningsplanForm(SvenskForm, forms.ModelForm):
    class Meta:
        model = Uppfoljningsplan
        # The parameters are records of their own (Uppfoljningsparameter); the old free
        # text is only shown, read-only.
        fields = ["hur", "nar", "vem", "som_bilaga"]
        widgets = {"hur": forms.Textarea(attrs={"rows": 3})}
