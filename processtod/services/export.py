"""The overview per region and year as XLSX: one row per post, a sum row per region and
one for the whole year, with the same numbers as the page."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from delprojekt.export import Kolumn, Value, filename, xlsx_response
from processtod.models import Fakturastatus, Processtodsfaktura
from processtod.selectors import Oversikt, Summor


def _kolumner() -> list[Kolumn]:
    return [
        Kolumn(_("Region"), 20),
        Kolumn(_("Tjänst"), 18),
        Kolumn(_("Person"), 24),
        Kolumn(_("Andel av heltid (%)"), 10),
        Kolumn(_("Sjukvårdsregionens andel (%)"), 12),
        Kolumn(_("Belopp halvår 1 (kr)"), 14),
        Kolumn(_("Status halvår 1"), 12),
        Kolumn(_("Referens halvår 1"), 16),
        Kolumn(_("Belopp halvår 2 (kr)"), 14),
        Kolumn(_("Status halvår 2"), 12),
        Kolumn(_("Referens halvår 2"), 16),
        Kolumn(_("Förväntat (kr)"), 14),
        Kolumn(_("Mottaget (kr)"), 14),
        Kolumn(_("Betalt (kr)"), 14),
        Kolumn(_("Totalt (kr)"), 14),
    ]


_STATUS = {value: str(label) for value, label in Fakturastatus.choices}


def _halvar(f: Processtodsfaktura | None) -> list[Value]:
    if f is None:
        return [None, _("Ingen faktura"), None]
    return [f.belopp, _STATUS[f.status], f.referens or None]


def _summor(s: Summor) -> list[Value]:
    return [s.forvantad, s.mottagen, s.betald, s.totalt]


def _rader(o: Oversikt) -> Iterator[list[Value]]:
    for grupp in o.regioner:
        for rad in grupp.rader:
            t = rad.tjanst
            yield [
                grupp.region.namn,
                t.benamning,
                t.person.namn if t.person else _("Ej tillsatt"),
                t.tjanstgoringsgrad,
                t.medfinansiering,
                *_halvar(rad.halvar[1]),
                *_halvar(rad.halvar[2]),
                *_summor(rad.summor),
            ]
        yield [
            _("Summa %(region)s") % {"region": grupp.region.namn},
            *[None] * 10,
            *_summor(grupp.summor),
        ]
    yield [_("Summa %(ar)s") % {"ar": o.ar}, *[None] * 10, *_summor(o.summor)]


def oversikt_xlsx(o: Oversikt) -> HttpResponse:
    return xlsx_response(
        name=filename(f"processtod-{o.ar}", "xlsx"),
        blad=_("Processtöd %(ar)s") % {"ar": o.ar},
        kolumner=_kolumner(),
        rader=_rader(o),
    )
