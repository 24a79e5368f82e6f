"""URLs: Forming the working group: nominations, appointment decision, checks, roster.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import arbetsgrupp

overview_urlpatterns: list = []
urlpatterns: list = [
    path("<str:referens>/arbetsgrupp/utse/", arbetsgrupp.arbetsgrupp_utse, name="arbetsgrupp_utse"),
    path(
        "<str:referens>/arbetsgrupp/patientrepresentant/",
        arbetsgrupp.arbetsgrupp_patientrepresentant,
        name="arbetsgrupp_patientrepresentant",
    ),
    path(
        "<str:referens>/arbetsgrupp/kompetens/<int:pk>/skal/",
        arbetsgrupp.arbetsgrupp_kompetens_skal,
        name="arbetsgrupp_kompetens_skal",
    ),
    path(
        "<str:referens>/arbetsgrupp/lista/", arbetsgrupp.arbetsgrupp_lista, name="arbetsgrupp_lista"
    ),
    path(
        "<str:referens>/arbetsgrupp/lista.pdf",
        arbetsgrupp.arbetsgrupp_lista_pdf,
        name="arbetsgrupp_lista_pdf",
    ),
    path(
        "<str:referens>/arbetsgrupp/lista.csv", arbetsgrupp.arbetsgrupp_csv, name="arbetsgrupp_csv"
    ),
]
