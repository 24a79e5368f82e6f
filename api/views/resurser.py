"""The read-only API's resources. Each queryset comes from ``api.selectors``: what the user
may see in the web pages, nothing more."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from api import filters, selectors
from api import serializers as s


def finns_inte(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Sidan finns inte.")}, status=404)


class FelSerializer(serializers.Serializer):
    detail = serializers.CharField()


_FEL = {
    401: OpenApiResponse(FelSerializer, description="Ingen, fel eller återkallad API-nyckel."),
    429: OpenApiResponse(FelSerializer, description="För många anrop; försök igen senare."),
}
_LISTFEL = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Ogiltigt filter; fältet och felet."),
    404: OpenApiResponse(FelSerializer, description="Sidan finns inte (för högt sidnummer)."),
    **_FEL,
}
_DETALJFEL = {
    404: OpenApiResponse(FelSerializer, description="Finns inte eller syns inte."),
    **_FEL,
}


def _dokumentera(serializer: type[serializers.Serializer], beskrivning: str):
    return extend_schema_view(
        list=extend_schema(description=beskrivning, responses={200: serializer, **_LISTFEL}),
        retrieve=extend_schema(description=beskrivning, responses={200: serializer, **_DETALJFEL}),
    )


class _Las(viewsets.ReadOnlyModelViewSet):
    """GET only; every other method answers 405."""

    selector = staticmethod(selectors.api_delprojekt)

    def get_queryset(self) -> QuerySet:
        return self.selector(self.request.user)


@_dokumentera(s.DelprojektSerializer, "Delprojekten du får se, med status och regioner.")
class DelprojektViewSet(_Las):
    selector = staticmethod(selectors.api_delprojekt)
    serializer_class = s.DelprojektSerializer
    filterset_class = filters.DelprojektFilter
    lookup_field = "referens"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    ordering_fields = ["ar", "lopnummer", "titel", "status_andrad", "skapad"]
    ordering = ["-ar", "-lopnummer"]


@_dokumentera(s.BeslutSerializer, "Organens beslut med paragraf, för delprojekt du får se.")
class BeslutViewSet(_Las):
    selector = staticmethod(selectors.api_beslut)
    serializer_class = s.BeslutSerializer
    filterset_class = filters.BeslutFilter
    ordering_fields = ["datum", "registrerat"]
    ordering = ["-datum", "-pk"]


@_dokumentera(
    s.SammantradeSerializer,
    "Sammanträden med dagordningspunkter och §-nummer (för delprojekt du får se).",
)
class SammantradeViewSet(_Las):
    selector = staticmethod(selectors.api_sammantraden)
    serializer_class = s.SammantradeSerializer
    filterset_class = filters.SammantradeFilter
    ordering_fields = ["start"]
    ordering = ["-start", "-pk"]


@_dokumentera(s.RekommendationSerializer, "Nämndens rekommendationer till regionerna.")
class RekommendationViewSet(_Las):
    selector = staticmethod(selectors.api_rekommendationer)
    serializer_class = s.RekommendationSerializer
    filterset_class = filters.RekommendationFilter
    ordering_fields = ["beslut__datum", "ordning"]
    ordering = ["-beslut__datum", "beslut_id", "ordning"]


@_dokumentera(s.HuvudmannabeslutSerializer, "Regionernas beslut och svar per rekommendation.")
class HuvudmannabeslutViewSet(_Las):
    selector = staticmethod(selectors.api_huvudmannabeslut)
    serializer_class = s.HuvudmannabeslutSerializer
    filterset_class = filters.HuvudmannabeslutFilter
    ordering_fields = ["datum"]
    ordering = ["-datum", "-pk"]


@_dokumentera(s.InforandestatusSerializer, "Införandet av varje rekommendation per region.")
class InforandestatusViewSet(_Las):
    selector = staticmethod(selectors.api_inforandestatus)
    serializer_class = s.InforandestatusSerializer
    filterset_class = filters.InforandestatusFilter
    ordering_fields = ["uppdaterad"]
    ordering = ["rekommendation_id", "region__ordning"]


@_dokumentera(s.UppfoljningsparameterSerializer, "Parametrar som följs upp, per delprojekt.")
class UppfoljningsparameterViewSet(_Las):
    selector = staticmethod(selectors.api_uppfoljningsparametrar)
    serializer_class = s.UppfoljningsparameterSerializer
    filterset_class = filters.UppfoljningsparameterFilter
    ordering_fields = ["ordning"]
    ordering = ["delprojekt_id", "ordning"]


@_dokumentera(s.MatvardeSerializer, "Uppmätta värden för uppföljningsparametrarna.")
class MatvardeViewSet(_Las):
    selector = staticmethod(selectors.api_matvarden)
    serializer_class = s.MatvardeSerializer
    filterset_class = filters.MatvardeFilter
    ordering_fields = ["datum", "registrerad"]
    ordering = ["parameter_id", "datum"]
