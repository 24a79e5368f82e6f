"""API keys in the admin: who holds which key, when it was last used, and a way to revoke
keys (a person who leaves, a key that leaked). Keys are made only by their holder on
"API-nycklar", and the admin never sees more than the prefix."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken
from api.services import api_tokens_revoke_as_admin


class AktivFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "aktiv"

    def lookups(self, request, model_admin):
        return [("ja", _("Aktiva")), ("nej", _("Återkallade"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "nej":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used", "revoked_at"]
    list_filter = [AktivFilter]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username", "user__first_name", "user__last_name"]
    fields = ["name", "user", "prefix", "created", "last_used", "revoked_at"]
    readonly_fields = fields
    actions = ["aterkalla"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # A revoked key stays as the record of who could read what, and until when.
        return False

    @admin.action(description=_("Återkalla markerade nycklar"), permissions=["change"])
    def aterkalla(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        antal = api_tokens_revoke_as_admin(user=request.user, tokens=queryset)
        self.message_user(
            request,
            ngettext("%(n)d nyckel återkallad.", "%(n)d nycklar återkallade.", antal)
            % {"n": antal},
            messages.SUCCESS,
        )
