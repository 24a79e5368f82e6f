"""URLs of the bodies' meetings (``/sammantraden/``): agenda, kallelse, protocol,
sign-off, PDFs, and the personal iCal feed."""

from django.urls import path  # noqa: F401

app_name = "sammantrade"

urlpatterns: list = []
