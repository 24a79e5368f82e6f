"""Open data: the page that describes it and the two files (ZIP of CSV, JSON)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from oppet import innehall
from oppet.oppna_data import TABELLER, oppna_data
from oppet.views.offentlig import offentlig


@offentlig
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "oppet/data.html", {"tabeller": TABELLER})


# The files are cached by oppna_data already; the page cache would hold them twice.
@offentlig(sidcache=False)
def data_zip(request: HttpRequest) -> HttpResponse:
    zip_bytes, _json = oppna_data(innehall.dataversion())
    response = HttpResponse(zip_bytes, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="oppna-data.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@offentlig(sidcache=False)
def data_json(request: HttpRequest) -> HttpResponse:
    _zip, json_bytes = oppna_data(innehall.dataversion())
    response = HttpResponse(json_bytes, content_type="application/json; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
