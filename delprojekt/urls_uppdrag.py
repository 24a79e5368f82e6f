"""URLs of the uppdrag: Markdown chapters, versions, competences, tidplan, PDF, changes.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path

from delprojekt.views import uppdrag

overview_urlpatterns: list = []
urlpatterns: list = [
    path(
        "<str:referens>/dokument/<slug:typ>/<slug:nyckel>/versioner/",
        uppdrag.kapitel_versioner,
        name="kapitel_versioner",
    ),
    path("<str:referens>/uppdrag.pdf", uppdrag.uppdrag_pdf, name="uppdrag_pdf"),
    path("<str:referens>/uppdrag/kompetenser/", uppdrag.kompetenskrav, name="kompetenskrav"),
    path(
        "<str:referens>/uppdrag/kompetenser/<int:pk>/",
        uppdrag.kompetenskrav,
        name="kompetenskrav_edit",
    ),
    path(
        "<str:referens>/uppdrag/kompetenser/<int:pk>/ta-bort/",
        uppdrag.kompetenskrav_remove,
        name="kompetenskrav_remove",
    ),
    path(
        "<str:referens>/uppdrag/kompetenser/<int:pk>/flytta/",
        uppdrag.kompetenskrav_flytta,
        name="kompetenskrav_flytta",
    ),
    path("<str:referens>/uppdrag/tidplan/", uppdrag.milstolpar, name="milstolpar"),
    path("<str:referens>/uppdrag/tidplan/<int:pk>/", uppdrag.milstolpar, name="milstolpe_edit"),
    path(
        "<str:referens>/uppdrag/tidplan/<int:pk>/ta-bort/",
        uppdrag.milstolpe_remove,
        name="milstolpe_remove",
    ),
    path("<str:referens>/uppdrag/andring/", uppdrag.uppdrag_andring, name="uppdrag_andring"),
    path("<str:referens>/uppdrag/las/", uppdrag.uppdrag_las, name="uppdrag_las"),
    path("<str:referens>/uppdrag/versioner/", uppdrag.uppdrag_versioner, name="uppdrag_versioner"),
]
