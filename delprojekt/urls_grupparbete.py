"""URLs: The working group's own records: minnesanteckningar, vägval, förankring, delrapporter,
stöd, kommunikationsplan, resurser, bilagor and comments.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import grupparbete as views

overview_urlpatterns: list = [
    path("forankring/", views.forankring_oversikt, name="forankring_oversikt"),
]

urlpatterns: list = [
    path("<str:referens>/anteckningar/", views.anteckningar, name="anteckningar"),
    path("<str:referens>/anteckningar/ny/", views.anteckning_form, name="anteckning_ny"),
    path(
        "<str:referens>/anteckningar/ratt/",
        views.anteckningsratt,
        name="anteckningsratt",
    ),
    path("<str:referens>/anteckningar/<int:pk>/", views.anteckning, name="anteckning"),
    path(
        "<str:referens>/anteckningar/<int:pk>/andra/",
        views.anteckning_form,
        name="anteckning_andra",
    ),
    path("<str:referens>/vagval/", views.vagval, name="vagval"),
    path("<str:referens>/forankring/", views.forankring, name="forankring"),
    path("<str:referens>/forankring/<int:pk>/", views.forankring, name="forankring_andra"),
    path("<str:referens>/delrapporter/", views.delrapporter, name="delrapporter"),
    path("<str:referens>/delrapporter/<int:pk>/", views.delrapport, name="delrapport"),
    path(
        "<str:referens>/delrapporter/<int:pk>/andra/",
        views.delrapport_andra,
        name="delrapport_andra",
    ),
    path(
        "<str:referens>/delrapporter/<int:pk>/skicka/",
        views.delrapport_skicka,
        name="delrapport_skicka",
    ),
    path("<str:referens>/stod/", views.stod, name="stod"),
    path("<str:referens>/stod/<int:pk>/", views.stod, name="stod_andra"),
    path("<str:referens>/stod/<int:pk>/svar/", views.stod_svar, name="stod_svar"),
    path(
        "<str:referens>/stod/kommunikation/<int:aktivitet>/",
        views.stod,
        name="kommunikation_andra",
    ),
    path("<str:referens>/resurser/", views.resurser, name="resurser"),
    path(
        "<str:referens>/resurser/insats/<int:insats>/",
        views.resurser,
        name="resursinsats_andra",
    ),
    path(
        "<str:referens>/resurser/samfinansiering/<int:finansiering>/",
        views.resurser,
        name="samfinansiering_andra",
    ),
    path(
        "<str:referens>/poster/<slug:typ>/<int:pk>/ta-bort/",
        views.post_ta_bort,
        name="post_ta_bort",
    ),
    path("<str:referens>/kommentarer/ny/", views.kommentar_ny, name="kommentar_ny"),
    path("<str:referens>/bilagor/ny/", views.bilaga_ny, name="bilaga_ny"),
    path("<str:referens>/bilagor/<int:pk>/", views.bilaga, name="bilaga"),
    path(
        "<str:referens>/bilagor/<int:pk>/ta-bort/",
        views.bilaga_ta_bort,
        name="bilaga_ta_bort",
    ),
]
