"""URLs of the slutrapport: writers, review comments, report checks, PDF and frozen versions.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import sprakgranskning, uppfoljningsparametrar

overview_urlpatterns: list = []
urlpatterns: list = [
    # The method's steps before hand-in: the language review and the nuläge's patient
    # perspective.
    path(
        "<str:referens>/slutrapport/sprakgranskning/",
        sprakgranskning.sprakgranskning,
        name="sprakgranskning",
    ),
    path(
        "<str:referens>/slutrapport/patientperspektiv/",
        sprakgranskning.patientperspektiv,
        name="slutrapport_patientperspektiv",
    ),
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

# Writing the slutrapport together: writers and review comments.
from delprojekt.views import slutrapport as _skrivande  # noqa: E402

urlpatterns += [
    path(
        "<str:referens>/slutrapport/huvudansvarig/",
        _skrivande.huvudansvarig,
        name="slutrapport_huvudansvarig",
    ),
    path(
        "<str:referens>/dokument/slutrapport/<slug:nyckel>/skribent/",
        _skrivande.skribent_set,
        name="kapitel_skribent",
    ),
    path(
        "<str:referens>/dokument/slutrapport/<slug:nyckel>/kommentarer/",
        _skrivande.kapitel_kommentarer,
        name="kapitel_kommentarer",
    ),
    path(
        "<str:referens>/dokument/slutrapport/<slug:nyckel>/kommentarer/<int:pk>/",
        _skrivande.kommentar_status,
        name="kapitel_kommentar_status",
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
