from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.views import docs, resurser

app_name = "api"

router = SimpleRouter()
router.register("delprojekt", resurser.DelprojektViewSet, basename="delprojekt")
router.register("beslut", resurser.BeslutViewSet, basename="beslut")
router.register("sammantraden", resurser.SammantradeViewSet, basename="sammantrade")
router.register("rekommendationer", resurser.RekommendationViewSet, basename="rekommendation")
router.register("huvudmannabeslut", resurser.HuvudmannabeslutViewSet, basename="huvudmannabeslut")
router.register("inforande", resurser.InforandestatusViewSet, basename="inforande")
router.register(
    "uppfoljningsparametrar",
    resurser.UppfoljningsparameterViewSet,
    basename="uppfoljningsparameter",
)
router.register("matvarden", resurser.MatvardeViewSet, basename="matvarde")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.dokumentation, name="docs"),
    path("", include(router.urls)),
    # Anything else under /api/v1/ answers in JSON too, not with the site's HTML page.
    re_path(r"^", resurser.finns_inte),
]
