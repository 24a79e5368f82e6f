from django.contrib import admin

from delprojekt.admin import HistoryAdmin
from processtod.models import Processtodsfaktura, Processtodstjanst


class FakturaInline(admin.TabularInline):
    model = Processtodsfaktura
    extra = 0
    fields = ("ar", "halvar", "belopp", "status", "referens")
    show_change_link = True


@admin.register(Processtodstjanst)
class ProcesstodstjanstAdmin(HistoryAdmin):
    list_display = ("benamning", "region", "person", "fran", "till", "solidarisk")
    list_filter = ("region", "solidarisk")
    search_fields = ("benamning", "person__namn")
    list_select_related = ("region", "person")
    autocomplete_fields = ("person",)
    filter_horizontal = ("delprojekt",)
    inlines = (FakturaInline,)


@admin.register(Processtodsfaktura)
class ProcesstodsfakturaAdmin(HistoryAdmin):
    list_display = ("tjanst", "ar", "halvar", "belopp", "status", "referens")
    list_filter = ("status", "ar", "tjanst__region")
    search_fields = ("referens", "tjanst__benamning")
    list_select_related = ("tjanst__region",)
