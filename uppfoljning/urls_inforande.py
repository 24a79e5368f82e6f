"""URLs of the follow-up: implementation per region."""

from django.urls import path

from uppfoljning.views import inforande

overview_urlpatterns = [
    path("inforande/", inforande.inforande_oversikt, name="inforande_oversikt"),
]

urlpatterns = [
    path("<str:referens>/inforande/", inforande.inforande, name="inforande"),
    path(
        "<str:referens>/inforande/<int:region_pk>/",
        inforande.inforande_region,
        name="inforande_region",
    ),
]
