"""URLs of the uppdrag: Markdown chapters, versions, competences, tidplan, PDF, changes.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path  # noqa: F401

overview_urlpatterns: list = []
urlpatterns: list = []
