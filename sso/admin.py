from django.contrib import admin

from delprojekt.admin import HistoryAdmin
from sso.models import Gruppmappning, SsoBehorighet, SsoIdentitet, SsoMedlemskap


@admin.register(Gruppmappning)
class GruppmappningAdmin(HistoryAdmin):
    list_display = ["claim_varde", "beskrivning", "organ", "roll", "behorighet", "region"]
    list_filter = ["organ", "roll", "behorighet"]
    search_fields = ["claim_varde", "beskrivning", "organ__namn"]
    list_select_related = ["organ", "region"]


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


@admin.register(SsoBehorighet)
class SsoBehorighetAdmin(HistoryAdmin):
    """Read only: which permissions a login gave, so the admin sees where one came from."""

    list_display = ["user", "behorighet", "claim_varde", "skapad"]
    list_filter = ["behorighet"]
    search_fields = ["claim_varde", "user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SsoIdentitet)
class SsoIdentitetAdmin(admin.ModelAdmin):
    """Which provider identity each account is bound to. Read only; removing a binding
    lets the next login with that address bind a new identity (e.g. when the region has
    made the person a new account)."""

    list_display = ["user", "issuer", "sub", "skapad", "senast"]
    search_fields = ["user__username", "user__email", "sub"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "sub", "skapad", "senast"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
