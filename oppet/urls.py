"""The public part, without login (``/oppet/``); every page 404 with ``SFBV_OPPET`` off."""

from django.urls import path

from oppet.flode import OppetFlode
from oppet.views import data, offentlig, tillganglighet

app_name = "oppet"

urlpatterns = [
    path("", offentlig.lista, name="lista"),
    path("delprojekt/<str:referens>/", offentlig.delprojekt, name="delprojekt"),
    path(
        "delprojekt/<str:referens>/slutrapport-v<int:nummer>.pdf",
        offentlig.slutrapport_pdf,
        name="slutrapport",
    ),
    path(
        "delprojekt/<str:referens>/uppfoljningsrapport-<int:nummer>.pdf",
        offentlig.uppfoljningsrapport_pdf,
        name="uppfoljningsrapport",
    ),
    path("beslut/", offentlig.beslut_oversikt, name="beslut_oversikt"),
    path("beslut/<slug:organ>/<int:ar>/", offentlig.beslut, name="beslut"),
    path("flode.atom", offentlig.offentlig(OppetFlode()), name="flode"),
    path("data/", data.data, name="data"),
    path("data/oppna-data.zip", data.data_zip, name="data_zip"),
    path("data/oppna-data.json", data.data_json, name="data_json"),
    path("tillganglighet/", offentlig.tillganglighet, name="tillganglighet"),
    path("tillganglighet/rapportera/", tillganglighet.rapportera, name="rapportera"),
    path("tillganglighet/tack/", tillganglighet.tack, name="tack"),
]
