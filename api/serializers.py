"""The API's representations: flat rows with codes and their Swedish labels, for BI tools."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Huvudmannabeslut,
    Organ,
    Rekommendation,
    Rekommendationsutfall,
    Sammantrade,
    Uppfoljningsparameter,
)
from uppfoljning.models import Inforandestatus, Matvarde


def _absolut(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class OrganSerializer(serializers.ModelSerializer):
    typ_namn = serializers.CharField(source="get_typ_display", read_only=True)

    class Meta:
        model = Organ
        fields = ["id", "namn", "typ", "typ_namn"]


class DelprojektSerializer(serializers.ModelSerializer):
    status_namn = serializers.CharField(source="get_status_display", read_only=True)
    ursprung_namn = serializers.CharField(source="get_ursprung_display", read_only=True)
    regioner = serializers.SlugRelatedField(many=True, read_only=True, slug_field="kortnamn")
    fokusomraden = serializers.SlugRelatedField(many=True, read_only=True, slug_field="namn")
    kontaktperson = serializers.CharField(
        source="kontaktperson.namn", read_only=True, allow_null=True, default=None
    )
    webbsida = serializers.SerializerMethodField()

    class Meta:
        model = Delprojekt
        fields = [
            "id",
            "referens",
            "titel",
            "status",
            "status_namn",
            "status_andrad",
            "ursprung",
            "ursprung_namn",
            "ar",
            "lopnummer",
            "regioner",
            "fokusomraden",
            "kontaktperson",
            "syfte",
            "mal",
            "forvantat_utfall",
            "skapad",
            "overlamnat_datum",
            "namnd_beslutsdatum",
            "webbsida",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_webbsida(self, obj: Delprojekt) -> str:
        return _absolut(self, obj.get_absolute_url())


class BeslutSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(
        source="delprojekt.referens", read_only=True, allow_null=True, default=None
    )
    organ = OrganSerializer(read_only=True)
    utfall_namn = serializers.CharField(source="get_utfall_display", read_only=True)
    slag_namn = serializers.CharField(source="get_slag_display", read_only=True)

    class Meta:
        model = Beslut
        fields = [
            "id",
            "delprojekt",
            "organ",
            "datum",
            "utfall",
            "utfall_namn",
            "slag",
            "slag_namn",
            "beslutstext",
            "sammantrade",
            "paragraf",
            "registrerat",
        ]


class DagordningspunktSerializer(serializers.ModelSerializer):
    typ_namn = serializers.CharField(source="get_typ_display", read_only=True)
    delprojekt = serializers.CharField(
        source="delprojekt.referens", read_only=True, allow_null=True, default=None
    )
    paragraf = serializers.CharField(read_only=True)

    class Meta:
        model = Dagordningspunkt
        fields = [
            "id",
            "ordning",
            "typ",
            "typ_namn",
            "rubrik",
            "delprojekt",
            "paragraf",
            "paragraf_nummer",
            "paragraf_ar",
            "beslut",
            "anmalt_beslut",
            "beslutstext",
            "protokollford",
        ]


class SammantradeSerializer(serializers.ModelSerializer):
    organ = OrganSerializer(read_only=True)
    justerat = serializers.BooleanField(read_only=True)
    punkter = DagordningspunktSerializer(many=True, read_only=True)
    webbsida = serializers.SerializerMethodField()

    class Meta:
        model = Sammantrade
        fields = [
            "id",
            "organ",
            "start",
            "slut",
            "plats",
            "kallelse_skickad",
            "protokoll_klart",
            "justerat",
            "punkter",
            "webbsida",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_webbsida(self, obj: Sammantrade) -> str:
        return _absolut(self, reverse("sammantrade:detalj", args=[obj.pk]))


class RekommendationSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(
        source="beslut.delprojekt.referens", read_only=True, allow_null=True, default=None
    )
    beslutsdatum = serializers.DateField(source="beslut.datum", read_only=True)
    organ = serializers.CharField(source="beslut.organ.namn", read_only=True)
    atgardsforslag = serializers.CharField(
        source="atgardsforslag.titel", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Rekommendation
        fields = [
            "id",
            "beslut",
            "delprojekt",
            "organ",
            "beslutsdatum",
            "ordning",
            "text",
            "atgardsforslag",
        ]


class RekommendationsutfallSerializer(serializers.ModelSerializer):
    utfall_namn = serializers.CharField(source="get_utfall_display", read_only=True)
    ordning = serializers.IntegerField(source="rekommendation.ordning", read_only=True)

    class Meta:
        model = Rekommendationsutfall
        fields = ["rekommendation", "ordning", "utfall", "utfall_namn", "kommentar"]


class HuvudmannabeslutSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(source="delprojekt.referens", read_only=True)
    region = serializers.CharField(source="region.kortnamn", read_only=True)
    niva_namn = serializers.CharField(source="get_niva_display", read_only=True)
    utfall = RekommendationsutfallSerializer(many=True, read_only=True)

    class Meta:
        model = Huvudmannabeslut
        fields = [
            "id",
            "delprojekt",
            "region",
            "niva",
            "niva_namn",
            "organ_namn",
            "datum",
            "diarienummer",
            "kommentar",
            "utfall",
        ]


class InforandestatusSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(
        source="rekommendation.beslut.delprojekt.referens",
        read_only=True,
        allow_null=True,
        default=None,
    )
    rekommendation_nummer = serializers.IntegerField(
        source="rekommendation.ordning", read_only=True
    )
    region = serializers.CharField(source="region.kortnamn", read_only=True)
    status_namn = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Inforandestatus
        fields = [
            "id",
            "delprojekt",
            "rekommendation",
            "rekommendation_nummer",
            "region",
            "status",
            "status_namn",
            "kommentar",
            "uppdaterad",
        ]


class UppfoljningsparameterSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(source="delprojekt.referens", read_only=True)
    kalla_namn = serializers.CharField(source="get_kalla_display", read_only=True)

    class Meta:
        model = Uppfoljningsparameter
        fields = [
            "id",
            "delprojekt",
            "ordning",
            "namn",
            "enhet",
            "kalla",
            "kalla_namn",
            "kalla_beskrivning",
            "utgangsvarde",
            "utgangsdatum",
            "malvarde",
            "mal_beskrivning",
        ]


class MatvardeSerializer(serializers.ModelSerializer):
    delprojekt = serializers.CharField(source="parameter.delprojekt.referens", read_only=True)
    parameter_namn = serializers.CharField(source="parameter.namn", read_only=True)
    region = serializers.CharField(
        source="region.kortnamn",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Regionens kortnamn; null för hela sjukvårdsregionen.",
    )

    class Meta:
        model = Matvarde
        fields = [
            "id",
            "delprojekt",
            "parameter",
            "parameter_namn",
            "region",
            "datum",
            "varde",
            "kalla",
            "registrerad",
        ]
