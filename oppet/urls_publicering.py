"""The kansli's publication decision for a project (``/delprojekt/<referens>/publicering/``)."""

from django.urls import path

from oppet.views import publicering

app_name = "publicering"

urlpatterns = [
    path("<str:referens>/publicering/", publicering.publicering, name="sida"),
]
