"""URLs of the bodies' meetings (``/sammantraden/``): agenda, kallelse, protocol,
sign-off, PDFs, and the personal iCal feed."""

from django.urls import path

app_name = "sammantrade"

urlpatterns: list = []

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
