"""URLs of the decision queues (``/beslut/``): one queue per body and "Min beslutskö"."""

from django.urls import path  # noqa: F401

app_name = "beslut"

urlpatterns: list = []
