"""URLs: The working group's own records: minnesanteckningar, vägval, förankring, delrapporter,
stöd, kommunikationsplan, resurser, bilagor and comments.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``.
"""

from django.urls import path  # noqa: F401

overview_urlpatterns: list = []
urlpatterns: list = []
