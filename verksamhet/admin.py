from django.contrib import admin

from delprojekt.admin import HistoryAdmin
from verksamhet.models import Aktivitet, Mandat, Verksamhetsberattelse


@admin.register(Aktivitet)
class AktivitetAdmin(HistoryAdmin):
    list_display = ("vad", "organ", "delprojekt", "ar", "nar", "status")
    list_filter = ("status", "ar")


@admin.register(Mandat)
class MandatAdmin(HistoryAdmin):
    list_display = ("medlemskap", "givet_av", "giltigt_till")


@admin.register(Verksamhetsberattelse)
class VerksamhetsberattelseAdmin(admin.ModelAdmin):
    """Read-only: approval, freezing and publication go through the services."""

    list_display = ("organ", "delprojekt", "ar", "godkand", "last", "publicerad")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
