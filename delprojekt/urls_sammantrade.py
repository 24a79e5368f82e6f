"""URLs of the bodies' meetings (``/sammantraden/``): agenda, kallelse, protocol,
sign-off, PDFs, and the personal iCal feed."""

from django.urls import path

app_name = "sammantrade"

urlpatterns: list = []

# The meetings: agenda, recorded decisions, justering and corrections.
from delprojekt.views import sammantrade as sammantrade_views  # noqa: E402

urlpatterns += [
    path("", sammantrade_views.lista, name="lista"),
    path("nytt/", sammantrade_views.nytt, name="nytt"),
    path("<int:pk>/", sammantrade_views.detalj, name="detalj"),
    path("<int:pk>/andra/", sammantrade_views.andra, name="andra"),
    path("<int:pk>/dagordning/", sammantrade_views.lagg_till, name="lagg_till"),
    path("<int:pk>/dagordning/fri/", sammantrade_views.fri_punkt, name="fri_punkt"),
    path("<int:pk>/punkt/<int:punkt>/flytta/", sammantrade_views.flytta, name="flytta"),
    path("<int:pk>/punkt/<int:punkt>/ta-bort/", sammantrade_views.ta_bort, name="ta_bort"),
    path(
        "<int:pk>/punkt/<int:punkt>/protokollfor/",
        sammantrade_views.protokollfor,
        name="protokollfor",
    ),
    path(
        "<int:pk>/punkt/<int:punkt>/omedelbar-justering/",
        sammantrade_views.omedelbar,
        name="omedelbar",
    ),
    path("<int:pk>/kallelse/", sammantrade_views.kallelse, name="kallelse"),
    path("<int:pk>/narvaro/", sammantrade_views.narvaro, name="narvaro"),
    path("<int:pk>/fardigstall/", sammantrade_views.fardigstall, name="fardigstall"),
    path("<int:pk>/justera/", sammantrade_views.justera, name="justera"),
    path("<int:pk>/korrigera/", sammantrade_views.korrigera, name="korrigera"),
]

# The meeting documents as PDFs and the personal iCal feed.
from delprojekt.views import kalender as kalender_views  # noqa: E402
from delprojekt.views import protokoll as protokoll_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/kallelse.pdf", protokoll_views.kallelse_pdf, name="kallelse_pdf"),
    path("<int:pk>/protokoll.pdf", protokoll_views.protokoll_pdf, name="protokoll_pdf"),
    path("punkt/<int:pk>/utdrag.pdf", protokoll_views.utdrag_pdf, name="utdrag_pdf"),
    path("kalender/", kalender_views.kalender, name="kalender"),
    path("kalender/ny/", kalender_views.kalender_ny, name="kalender_ny"),
    path("kalender/<str:token>.ics", kalender_views.kalender_feed, name="kalender_feed"),
]
