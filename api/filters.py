"""Filters and ordering for the API's lists (django-filter and DRF's OrderingFilter)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Organ,
    Rekommendation,
    Sammantrade,
    Status,
    Uppfoljningsparameter,
)
from uppfoljning.models import Inforandestatus, Matvarde

AR_MIN = 1900
AR_MAX = 2200


class Ordning(OrderingFilter):
    """``?ordning=-datum``; the primary key breaks ties, so pages never overlap."""

    ordering_param = "ordning"
    ordering_description = _(
        "Sorteringsfält, med minus framför för fallande ordning; flera skiljs med komma."
    )

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        params = super().get_schema_operation_parameters(view)
        falt = getattr(view, "ordering_fields", None) or []
        for param in params:
            if falt and param["name"] == self.ordering_param:
                param["schema"] = {
                    "type": "string",
                    "enum": [v for f in falt for v in (f, f"-{f}")],
                }
        return params

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(f.lstrip("-") in ("pk", "id") for f in ordering):
            ordering.append("pk")
        return ordering


@extend_schema_field({"type": "integer", "minimum": AR_MIN, "maximum": AR_MAX})
class ArFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", AR_MIN)
        kwargs.setdefault("max_value", AR_MAX)
        kwargs.setdefault("help_text", "Kalenderår, t.ex. 2026.")
        super().__init__(*args, **kwargs)


ID_MAX = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        # Beyond a 64-bit key no row exists; the bound keeps such a value a 400, not a
        # database overflow.
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "pattern": r"^[^\x00]*$"})
class Text(filters.CharFilter):
    """Any text but the null character, which no form field accepts (400)."""


def _referens(field_name: str) -> filters.CharFilter:
    return Text(field_name=field_name, lookup_expr="iexact", help_text="Delprojektets referens.")


def _region(field_name: str) -> filters.CharFilter:
    return Text(
        field_name=field_name, lookup_expr="iexact", help_text="Regionens kortnamn, t.ex. SKA."
    )


class UtcTidpunkt(IsoDateTimeField):
    """An ISO 8601 time, handed on in UTC.

    Python accepts offsets up to ±23:59, PostgreSQL only up to ±15:59 ("time zone
    displacement out of range"), and a time at the edge of the calendar may have no UTC
    equivalent at all; both become a 400 here, not a database error."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(
                _("Ange en tidpunkt mellan år 1 och 9999."), code="invalid"
            ) from None


class Tidpunkt(filters.IsoDateTimeFilter):
    field_class = UtcTidpunkt


class Sedan(Tidpunkt):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class DelprojektFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    region = _region("regioner__kortnamn")
    fokusomrade = Text(field_name="fokusomraden__namn", lookup_expr="iexact")
    ar = ArFilter(field_name="ar")
    andrad_sedan = Tidpunkt(
        method="filter_andrad_sedan",
        help_text=(
            "Delprojekt som ändrats (uppgifter, status eller en händelse i tidslinjen) "
            "vid eller efter denna tidpunkt, ISO 8601."
        ),
    )

    class Meta:
        model = Delprojekt
        fields = ["status", "region", "fokusomrade", "ar", "andrad_sedan"]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def filter_andrad_sedan(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        historik = Delprojekt.history.filter(history_date__gte=value).values("id")
        handelser = Handelse.objects.filter(tidpunkt__gte=value).values("delprojekt_id")
        return queryset.filter(
            Q(status_andrad__gte=value) | Q(pk__in=historik) | Q(pk__in=handelser)
        )


class BeslutFilter(filters.FilterSet):
    delprojekt = _referens("delprojekt__referens")
    organ = IdFilter(field_name="organ_id")
    organ_typ = filters.ChoiceFilter(field_name="organ__typ", choices=Organ.Typ.choices)
    utfall = filters.MultipleChoiceFilter(choices=Beslut.Utfall.choices)
    ar = ArFilter(field_name="datum__year")
    fran = filters.DateFilter(field_name="datum", lookup_expr="gte")
    till = filters.DateFilter(field_name="datum", lookup_expr="lte")
    registrerat_sedan = Sedan(field_name="registrerat")

    class Meta:
        model = Beslut
        fields = ["delprojekt", "organ", "organ_typ", "utfall", "ar", "fran", "till"]


class SammantradeFilter(filters.FilterSet):
    organ = IdFilter(field_name="organ_id")
    organ_typ = filters.ChoiceFilter(field_name="organ__typ", choices=Organ.Typ.choices)
    ar = ArFilter(field_name="start__year")
    fran = filters.DateFilter(field_name="start__date", lookup_expr="gte")
    till = filters.DateFilter(field_name="start__date", lookup_expr="lte")

    class Meta:
        model = Sammantrade
        fields = ["organ", "organ_typ", "ar", "fran", "till"]


class RekommendationFilter(filters.FilterSet):
    delprojekt = _referens("beslut__delprojekt__referens")
    ar = ArFilter(field_name="beslut__datum__year")

    class Meta:
        model = Rekommendation
        fields = ["delprojekt", "ar"]


class HuvudmannabeslutFilter(filters.FilterSet):
    delprojekt = _referens("delprojekt__referens")
    region = _region("region__kortnamn")
    niva = filters.ChoiceFilter(choices=Huvudmannabeslut.Niva.choices)
    ar = ArFilter(field_name="datum__year")

    class Meta:
        model = Huvudmannabeslut
        fields = ["delprojekt", "region", "niva", "ar"]


class InforandestatusFilter(filters.FilterSet):
    delprojekt = _referens("rekommendation__beslut__delprojekt__referens")
    region = _region("region__kortnamn")
    status = filters.MultipleChoiceFilter(choices=Inforandestatus.Status.choices)
    uppdaterad_sedan = Sedan(field_name="uppdaterad")

    class Meta:
        model = Inforandestatus
        fields = ["delprojekt", "region", "status", "uppdaterad_sedan"]


class UppfoljningsparameterFilter(filters.FilterSet):
    delprojekt = _referens("delprojekt__referens")
    kalla = filters.ChoiceFilter(choices=Uppfoljningsparameter.Kalla.choices)

    class Meta:
        model = Uppfoljningsparameter
        fields = ["delprojekt", "kalla"]


class MatvardeFilter(filters.FilterSet):
    delprojekt = _referens("parameter__delprojekt__referens")
    parameter = IdFilter(field_name="parameter_id")
    region = Text(
        method="filter_region",
        help_text="Regionens kortnamn, eller HELA för värden för hela sjukvårdsregionen.",
    )
    ar = ArFilter(field_name="datum__year")
    fran = filters.DateFilter(field_name="datum", lookup_expr="gte")
    till = filters.DateFilter(field_name="datum", lookup_expr="lte")
    registrerad_sedan = Sedan(field_name="registrerad")

    class Meta:
        model = Matvarde
        fields = ["delprojekt", "parameter", "region", "ar", "fran", "till", "registrerad_sedan"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.strip().upper() == "HELA":
            return queryset.filter(region__isnull=True)
        return queryset.filter(region__kortnamn__iexact=value)
