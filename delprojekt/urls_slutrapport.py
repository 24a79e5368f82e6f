"""URLs of the slutrapport: writers, review comments, report checks, PDF and frozen versions.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path  # noqa: F401

overview_urlpatterns: list = []
urlpatterns: list = []
