"""The public pages under ``/oppet/``: no login, only what is published.

Every view here is wrapped by ``offentlig``: 404 when ``SFBV_OPPET`` is off, GET and
HEAD only, an ETag from the data's fingerprint (``innehall.dataversion``) so a browser or
proxy that asks again gets 304 without the page being built, the page itself kept in
Django's cache under that ETag, and ``Cache-Control: public`` on a successful answer.
A project that is not published answers 404, the same as one that does not exist.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.views.decorators.http import require_safe

from delprojekt.models import Status
from delprojekt.organisation import organisation
from delprojekt.pdf import stored_pdf_response
from oppet import innehall
from oppet.forms import OppetFilterForm


def _sidversion() -> str:
    """A hash of the public pages' templates, read once at start: a deploy that changes
    the markup changes every ETag, so no browser keeps the old page on a 304."""
    mallar = Path(settings.BASE_DIR) / "templates"
    filer = sorted((mallar / "oppet").rglob("*.html")) + sorted(
        (mallar / "includes").glob("*.html")
    )
    h = hashlib.sha256()
    for fil in filer:
        h.update(fil.read_bytes())
    return h.hexdigest()[:12]


SIDVERSION = _sidversion()

View = Callable[..., HttpResponse]


def oppet_pa(view: View) -> View:
    """404 for the whole public part when ``SFBV_OPPET`` is off."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SFBV_OPPET:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def publik_cache(response: HttpResponse) -> HttpResponse:
    if response.status_code in (200, 304):
        patch_cache_control(response, public=True, max_age=settings.SFBV_OPPET_MAX_AGE)
    return response


def _etag(request: HttpRequest) -> str:
    nyckel = f"{SIDVERSION}|{innehall.dataversion()}|{request.get_full_path()}"
    return quote_etag(hashlib.sha256(nyckel.encode()).hexdigest()[:32])


#: Headers of a page kept with its body in the page cache.
SPARADE_HUVUDEN = ("Content-Type", "Content-Disposition", "X-Content-Type-Options")
SIDCACHE_PREFIX = "sfbv:oppet:sida:"


def offentlig(view: View | None = None, *, sidcache: bool = True) -> Any:
    """A public page: on only with ``SFBV_OPPET``, GET/HEAD, an ETag and public caching.

    The ETag is a hash of the address and the data's fingerprint. A request whose
    ``If-None-Match`` matches is answered 304 at once; otherwise, with ``sidcache``,
    the page is served from Django's cache under its ETag, built only the first time:
    every visitor gets the same page, so what one request built serves the next until
    something public changes. Only a 200 is cached; a 404 carries no caching headers.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            etag = _etag(request)
            ej_andrad = get_conditional_response(request, etag=etag)
            if ej_andrad is not None:
                ej_andrad["ETag"] = etag
                return publik_cache(ej_andrad)
            nyckel = SIDCACHE_PREFIX + etag.strip('"')
            sparad = cache.get(nyckel) if sidcache else None
            if sparad is not None:
                innehall_, huvuden = sparad
                response = HttpResponse(innehall_)
                for namn, varde in huvuden.items():
                    response[namn] = varde
            else:
                response = view(request, *args, **kwargs)
                if sidcache and response.status_code == 200 and not response.streaming:
                    huvuden = {h: response[h] for h in SPARADE_HUVUDEN if response.has_header(h)}
                    cache.set(nyckel, (response.content, huvuden), settings.SFBV_OPPET_MAX_AGE)
            if response.status_code == 200:
                response["ETag"] = etag
            return publik_cache(response)

        return oppet_pa(require_safe(wrapper))

    return decorator(view) if view is not None else decorator


@offentlig
def lista(request: HttpRequest) -> HttpResponse:
    form = OppetFilterForm(request.GET or None, org=organisation())
    filters = form.cleaned_data if form.is_valid() else {}
    qs = innehall.publicerade().prefetch_related("regioner")
    status = filters.get("status") or ""
    if status.startswith("fas:"):
        qs = qs.filter(status__in=innehall.fasens_status(status[4:]))
    elif status:
        qs = qs.filter(status=status)
    if filters.get("region"):
        qs = qs.filter(regioner=filters["region"])
    if filters.get("fokus"):
        qs = qs.filter(fokusomraden=filters["fokus"])
    if filters.get("ar"):
        qs = qs.filter(ar=filters["ar"])
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(innehall.sok_filter(q))
    qs = qs.order_by("-ar", "-lopnummer")
    page = Paginator(qs, settings.SFBV_PAGE_SIZE).get_page(request.GET.get("sida"))
    etiketter = {value: str(label) for value, label in Status.choices}
    for dp in page.object_list:
        dp.status_etikett = etiketter.get(dp.status, dp.status)
        dp.fas = innehall.FAS_FOR_STATUS.get(dp.status, "")
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "oppet/lista.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


@offentlig
def delprojekt(request: HttpRequest, referens: str) -> HttpResponse:
    dp = innehall.publicerat_delprojekt(referens)
    return render(request, "oppet/delprojekt.html", {"s": innehall.projektsida(dp)})


def _pdf(stored: Any, filnamn: str, sha256: str, request: HttpRequest) -> HttpResponse:
    etag = f'"{sha256}"'
    if sha256 and etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponse(status=304)
    else:
        response = stored_pdf_response(stored, filnamn)
    # The file is frozen: its checksum is its ETag, and a shared cache may keep it.
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.SFBV_OPPET_MAX_AGE}"
    return response


@oppet_pa
@require_safe
def slutrapport_pdf(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    version = (
        innehall.slutrapporter()
        .filter(delprojekt__referens=referens, nummer=nummer)
        .select_related("delprojekt")
        .first()
    )
    if version is None:
        raise Http404
    return _pdf(
        version.fil, f"{referens}-slutrapport-v{version.nummer}.pdf", version.sha256, request
    )


@oppet_pa
@require_safe
def uppfoljningsrapport_pdf(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    rapport = (
        innehall.uppfoljningsrapporter()
        .filter(omgang__delprojekt__referens=referens, omgang__nummer=nummer)
        .first()
    )
    if rapport is None:
        raise Http404
    return _pdf(
        rapport.pdf,
        f"{referens}-uppfoljningsrapport-{nummer}.pdf",
        rapport.pdf_sha256,
        request,
    )


@offentlig
def beslut_oversikt(request: HttpRequest) -> HttpResponse:
    return render(request, "oppet/beslut_oversikt.html", {"organ": innehall.beslutsar()})


#: Decisions per page of a body's year.
BESLUT_PER_SIDA = 100


@offentlig
def beslut(request: HttpRequest, organ: str, ar: int) -> HttpResponse:
    if organ not in innehall.BESLUTSORGAN or not 1900 <= ar <= 2999:
        raise Http404
    page = Paginator(innehall.organets_beslut(organ, ar), BESLUT_PER_SIDA).get_page(
        request.GET.get("sida")
    )
    if not page.object_list:
        raise Http404
    return render(
        request,
        "oppet/beslut.html",
        {
            "organ_namn": page.object_list[0].organ.namn,
            "ar": ar,
            "page": page,
            "querystring": "",
        },
    )


#: When the accessibility statement was last assessed and last updated; change both
#: with the statement (``templates/oppet/tillganglighet.html``).
TILLGANGLIGHET_BEDOMD = datetime.date(2026, 12, 3)
TILLGANGLIGHET_UPPDATERAD = datetime.date(2026, 12, 3)


@offentlig
def tillganglighet(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "oppet/tillganglighet.html",
        {"bedomd": TILLGANGLIGHET_BEDOMD, "uppdaterad": TILLGANGLIGHET_UPPDATERAD},
    )
