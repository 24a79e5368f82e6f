from django.contrib import admin

from delprojekt.admin import HistoryAdmin
from sso.models import Gruppmappning, SsoMedlemskap


@admin.register(Gruppmappning)
class GruppmappningAdmin(HistoryAdmin):
    list_display = ["claim_varde", "beskrivning", "organ", "roll"]
    list_filter = ["organ", "roll"]
    search_fields = ["claim_varde", "beskrivning", "organ__namn"]
    list_select_related = ["organ"]


@admin.register(SsoMedlemskap)
class SsoMedlemskapAdmin(HistoryAdmin):
    """Read only: a login writes these marks; the admin sees where a membership came from."""

    list_display = ["medlemskap", "claim_varde", "skapad"]
    search_fields = ["claim_varde", "medlemskap__person__namn", "medlemskap__organ__namn"]
    list_select_related = ["medlemskap__person", "medlemskap__organ"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
