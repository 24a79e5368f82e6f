"""URLs: the regions' own decisions side by side.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import regionbeslut as views

overview_urlpatterns: list = [
    path("regionbeslut/", views.regionbeslut_oversikt, name="regionbeslut_oversikt"),
]

urlpatterns: list = [
    path("<str:referens>/regionbeslut/", views.regionbeslut, name="regionbeslut"),
]
