"""The organisation is data: the kansli's administrators keep it up to date here.

Delprojekt are shown read-only where the lifecycle owns the field: the state only
changes through the workflow service, never through an admin form. What forms the
record – the event log and the decisions – is shown and never changed here; the
history of every model is shown and never reverted to.
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from delprojekt.models import (
    VALBARA_TYPER,
    Anonymisering,
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Beslut,
    Delprojekt,
    Fokusomrade,
    Handelse,
    Huvudmannabeslut,
    Notisinstallning,
    Notistyp,
    Organ,
    Organmedlemskap,
    Person,
    Region,
    Samverkan,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows the history of an object, and an old version read-only, but never reverts.

    A revert saves the old version over the row in full: it would move a protected
    state back past the workflow and leave no event on the timeline.
    ``SIMPLE_HISTORY_REVERT_DISABLED`` only hides the button (django-simple-history
    still saves a posted form), so the view itself refuses the post.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_simple_history"):
            if self.fieldsets:
                return flatten_fieldsets(self.fieldsets)
            opts = self.model._meta
            return [f.name for f in [*opts.fields, *opts.many_to_many] if not f.auto_created]
        return super().get_readonly_fields(request, obj)


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """A record: listed and shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Samverkan)
class SamverkanAdmin(HistoryAdmin):
    list_display = ["kortnamn", "namn", "sjukvardsregion", "namnd_namn", "referens_prefix"]
    fieldsets = [
        (
            _("Namn och varumärke"),
            {"fields": ["kortnamn", "namn", "sjukvardsregion", "namnd_namn", "referens_prefix"]},
        ),
        (
            _("Arbetsmetodens tal"),
            {
                "description": _(
                    "Arbetsmetodens värden är förvalda; ändra bara om er metod skiljer sig."
                ),
                "fields": [
                    "min_regioner",
                    "max_atgardsforslag",
                    ("rapport_sidor_min", "rapport_sidor_max"),
                    "forsta_uppfoljning_manader",
                    ("nasta_uppfoljning_manader_min", "nasta_uppfoljning_manader_max"),
                ],
            },
        ),
        (
            _("Beslutskedjan"),
            {
                "description": _(
                    "Ledningsgruppen och nämnden deltar alltid. Ändringen gäller nästa steg i "
                    "varje delprojekt; ett delprojekt som redan står hos ett organ kan lämna det."
                ),
                "fields": ["med_samarbetsgrupp", "med_politisk_beredning"],
            },
        ),
    ]

    def has_add_permission(self, request):
        # One samverkan per installation.
        return not Samverkan.objects.exists() and super().has_add_permission(request)


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["namn", "kortnamn", "ordning"]
    list_editable = ["ordning"]


@admin.register(Fokusomrade)
class FokusomradeAdmin(HistoryAdmin):
    list_display = ["namn", "beskrivning", "ordning"]
    list_editable = ["ordning"]


class OrganmedlemskapInline(admin.TabularInline):
    model = Organmedlemskap
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Organ)
class OrganAdmin(HistoryAdmin):
    list_display = ["namn", "typ", "region", "aktiv"]
    list_filter = ["typ", "aktiv", "region"]
    search_fields = ["namn"]
    inlines = [OrganmedlemskapInline]


class NotisinstallningInline(admin.TabularInline):
    """The person's choices of mail per kind (no row: at once). Duty reminders are not a
    choice and are left out."""

    model = Notisinstallning
    extra = 0
    fields = ["typ", "val"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "typ":
            kwargs["choices"] = [(t, Notistyp(t).label) for t in VALBARA_TYPER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["namn", "titel", "profession", "region", "organisation", "user"]
    list_filter = ["region"]
    readonly_fields = ["anonymiserad"]
    search_fields = ["namn", "epost", "organisation"]
    autocomplete_fields = ["user"]
    list_select_related = ["region", "user"]
    inlines = [NotisinstallningInline]

    def has_delete_permission(self, request, obj=None):
        # A signed protocol keeps its attendance: someone who attended a signed meeting
        # stays in the register (the account can be closed instead).
        if (
            obj is not None
            and obj.sammantraden.filter(
                ordforande_justerat__isnull=False, justerare_justerat__isnull=False
            ).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Anonymisering)
class AnonymiseringAdmin(admin.ModelAdmin):
    """The record of each anonymisation (docs/personuppgifter.md): shown, never changed."""

    list_display = ["person", "grund", "utford_av_namn", "tidpunkt"]
    list_filter = ["grund"]
    list_select_related = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organmedlemskap)
class OrganmedlemskapAdmin(HistoryAdmin):
    list_display = ["person", "organ", "roll", "fran", "till"]
    list_filter = ["organ", "roll"]
    search_fields = ["person__namn", "organ__namn"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "organ"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HandelseInline(ReadOnlyInline):
    model = Handelse
    fields = ["tidpunkt", "aktor", "text", "kommentar"]
    readonly_fields = fields


@admin.register(Delprojekt)
class DelprojektAdmin(HistoryAdmin):
    list_display = ["referens", "titel", "status", "kontaktperson", "skapad"]
    list_filter = ["status", "ar", "regioner"]
    search_fields = ["referens", "titel"]
    readonly_fields = [
        "referens",
        "status",
        "status_andrad",
        "overlamnat_datum",
        "namnd_beslutsdatum",
        "skapad",
        "registrerad_av",
    ]
    list_select_related = ["kontaktperson"]
    autocomplete_fields = ["forslagsstallare", "kontaktperson"]
    inlines = [HandelseInline]

    def has_add_permission(self, request):
        # Registration assigns the reference and records the event: use the application.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a project would delete its timeline and version history with it.
        return False


@admin.register(Arbetsgruppsmedlemskap)
class ArbetsgruppsmedlemskapAdmin(HistoryAdmin):
    list_display = ["delprojekt", "person", "roll", "status", "avstamt_med_chef"]
    list_filter = ["roll", "status"]
    search_fields = ["delprojekt__referens", "person__namn"]
    autocomplete_fields = ["person"]
    list_select_related = ["delprojekt", "person"]


@admin.register(Beslut)
class BeslutAdmin(ReadOnlyHistoryAdmin):
    # Decisions are recorded by the workflow and the meetings; a mistake is corrected
    # by a new decision or a protocol correction, never by editing this one.
    list_display = ["datum", "organ", "delprojekt", "utfall", "paragraf"]
    list_filter = ["organ", "utfall"]
    search_fields = ["delprojekt__referens", "beslutstext"]
    list_select_related = ["organ", "delprojekt"]


@admin.register(Huvudmannabeslut)
class HuvudmannabeslutAdmin(HistoryAdmin):
    list_display = ["delprojekt", "region", "niva", "datum", "diarienummer"]
    list_filter = ["region", "niva"]
    list_select_related = ["delprojekt", "region"]


@admin.register(Atgardsforslag)
class AtgardsforslagAdmin(HistoryAdmin):
    list_display = ["delprojekt", "ordning", "titel"]
    search_fields = ["delprojekt__referens", "titel"]
    list_select_related = ["delprojekt"]
