"""The organisation is data: the kansli's administrators keep it up to date here.

Delprojekt are shown read-only where the lifecycle owns the field: the state only
changes through the workflow service, never through an admin form.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Beslut,
    Delprojekt,
    Fokusomrade,
    Handelse,
    Huvudmannabeslut,
    Organ,
    Organmedlemskap,
    Person,
    Region,
    Samverkan,
)


@admin.register(Samverkan)
class SamverkanAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "sjukvardsregion", "namnd_namn", "referens_prefix", "min_regioner"]

    def has_add_permission(self, request):
        # One samverkan per installation.
        return not Samverkan.objects.exists() and super().has_add_permission(request)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "kortnamn", "ordning"]
    list_editable = ["ordning"]


@admin.register(Fokusomrade)
class FokusomradeAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "beskrivning", "ordning"]
    list_editable = ["ordning"]


class OrganmedlemskapInline(admin.TabularInline):
    model = Organmedlemskap
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Organ)
class OrganAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "typ", "region", "aktiv"]
    list_filter = ["typ", "aktiv", "region"]
    search_fields = ["namn"]
    inlines = [OrganmedlemskapInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "titel", "profession", "region", "organisation", "user"]
    list_filter = ["region"]
    search_fields = ["namn", "epost", "organisation"]
    autocomplete_fields = ["user"]
    list_select_related = ["region", "user"]


@admin.register(Organmedlemskap)
class OrganmedlemskapAdmin(SimpleHistoryAdmin):
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


class HandelseInline(ReadOnlyInline):
    model = Handelse
    fields = ["tidpunkt", "aktor", "text", "kommentar"]
    readonly_fields = fields


@admin.register(Delprojekt)
class DelprojektAdmin(SimpleHistoryAdmin):
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


@admin.register(Arbetsgruppsmedlemskap)
class ArbetsgruppsmedlemskapAdmin(SimpleHistoryAdmin):
    list_display = ["delprojekt", "person", "roll", "status", "avstamt_med_chef"]
    list_filter = ["roll", "status"]
    search_fields = ["delprojekt__referens", "person__namn"]
    autocomplete_fields = ["person"]
    list_select_related = ["delprojekt", "person"]


@admin.register(Beslut)
class BeslutAdmin(SimpleHistoryAdmin):
    list_display = ["datum", "organ", "delprojekt", "utfall", "paragraf"]
    list_filter = ["organ", "utfall"]
    search_fields = ["delprojekt__referens", "beslutstext"]
    list_select_related = ["organ", "delprojekt"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Huvudmannabeslut)
class HuvudmannabeslutAdmin(SimpleHistoryAdmin):
    list_display = ["delprojekt", "region", "niva", "datum", "diarienummer"]
    list_filter = ["region", "niva"]
    list_select_related = ["delprojekt", "region"]


@admin.register(Atgardsforslag)
class AtgardsforslagAdmin(SimpleHistoryAdmin):
    list_display = ["delprojekt", "ordning", "titel"]
    search_fields = ["delprojekt__referens", "titel"]
    list_select_related = ["delprojekt"]
