"""URLs of the slutrapport: writers, review comments, report checks, PDF and frozen versions.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import uppfoljningsparametrar

overview_urlpatterns: list = []
urlpatterns: list = [
    # The follow-up plan's parameters (the plan itself is ``uppfoljningsplan``).
    path(
        "<str:referens>/uppfoljningsplan/parametrar/",
        uppfoljningsparametrar.uppfoljningsparameter,
        name="uppfoljningsparameter",
    ),
    path(
        "<str:referens>/uppfoljningsplan/parametrar/<int:pk>/",
        uppfoljningsparametrar.uppfoljningsparameter,
        name="uppfoljningsparameter",
    ),
    path(
        "<str:referens>/uppfoljningsplan/parametrar/<int:pk>/ta-bort/",
        uppfoljningsparametrar.uppfoljningsparameter_remove,
        name="uppfoljningsparameter_remove",
    ),
    path(
        "<str:referens>/uppfoljningsplan/parametrar/<int:pk>/flytta/",
        uppfoljningsparametrar.uppfoljningsparameter_flytta,
        name="uppfoljningsparameter_flytta",
    ),
]

# The slutrapport as PDF and the frozen, approved versions.
from delprojekt.views import slutrapport_pdf as _slutrapport_pdf  # noqa: E402

urlpatterns += [
    path(
        "<str:referens>/slutrapport.pdf", _slutrapport_pdf.slutrapport_pdf, name="slutrapport_pdf"
    ),
    path(
        "<str:referens>/slutrapport/version/<int:nummer>.pdf",
        _slutrapport_pdf.rapportversion,
        name="rapportversion",
    ),
]
