"""The bodies' year under ``/verksamhet/``, and the published reports under
``/oppet/verksamhetsberattelser/``."""

from django.urls import path

from verksamhet.views import aktivitet, arbetsgrupp_berattelse, berattelse, offentlig, organ

app_name = "verksamhet"

urlpatterns = [
    path("verksamhet/organ/<int:pk>/", organ.organ, name="organ"),
    path("verksamhet/mandat/<int:pk>/", organ.mandat, name="mandat"),
    path("verksamhet/organ/<int:pk>/aktivitetsplan/<int:ar>/", aktivitet.plan, name="plan"),
    path(
        "verksamhet/arbetsgrupp/<str:referens>/aktivitetsplan/<int:ar>/",
        aktivitet.arbetsgrupp_plan,
        name="arbetsgrupp_plan",
    ),
    path(
        "verksamhet/arbetsgrupp/<str:referens>/berattelse/<int:ar>/",
        arbetsgrupp_berattelse.berattelse,
        name="arbetsgrupp_berattelse",
    ),
    path(
        "verksamhet/arbetsgrupp/<str:referens>/berattelse/<int:ar>/godkann/",
        arbetsgrupp_berattelse.godkann,
        name="arbetsgrupp_godkann",
    ),
    path(
        "verksamhet/arbetsgrupp/<str:referens>/berattelse/<int:ar>/las/",
        arbetsgrupp_berattelse.las,
        name="arbetsgrupp_las",
    ),
    path(
        "verksamhet/arbetsgrupp/<str:referens>/berattelse/<int:ar>.pdf",
        arbetsgrupp_berattelse.berattelse_pdf,
        name="arbetsgrupp_berattelse_pdf",
    ),
    path("verksamhet/aktivitet/<int:pk>/", aktivitet.aktivitet, name="aktivitet"),
    path(
        "verksamhet/aktivitet/<int:pk>/ta-bort/",
        aktivitet.aktivitet_ta_bort,
        name="aktivitet_ta_bort",
    ),
    path(
        "verksamhet/organ/<int:pk>/berattelse/<int:ar>/",
        berattelse.berattelse,
        name="berattelse",
    ),
    path(
        "verksamhet/organ/<int:pk>/berattelse/<int:ar>/godkann/",
        berattelse.godkann,
        name="godkann",
    ),
    path("verksamhet/organ/<int:pk>/berattelse/<int:ar>/las/", berattelse.las, name="las"),
    path(
        "verksamhet/organ/<int:pk>/berattelse/<int:ar>/publicera/",
        berattelse.publicera,
        name="publicera",
    ),
    path(
        "verksamhet/organ/<int:pk>/berattelse/<int:ar>.pdf",
        berattelse.berattelse_pdf,
        name="berattelse_pdf",
    ),
    path("oppet/verksamhetsberattelser/", offentlig.lista, name="oppet_lista"),
    path("oppet/verksamhetsberattelser/<int:pk>/<int:ar>.pdf", offentlig.pdf, name="oppet_pdf"),
]
