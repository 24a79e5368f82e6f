"""The published data as open data: a ZIP of CSV files with a README.txt, and JSON.

The tables and their columns are declared once (``TABELLER``); the CSV headers, the
JSON, README.txt and the page ``/oppet/data/`` are all written from the declaration.
Both files are built together and kept in Django's cache under the data's fingerprint
(``innehall.dataversion``): a publication decision (or any other change of what is
public) gives a new fingerprint and so a new build on the next request, and every
other request is served from the cache.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from delprojekt.export import csv_safe
from delprojekt.models import Huvudmannabeslut, Rekommendation, Status
from oppet import innehall
from uppfoljning.models import Inforandestatus

CACHE_PREFIX = "sfbv:oppet:data:"
#: A day: the key changes with the data, so this only bounds what an idle key occupies.
CACHE_SECONDS = 24 * 60 * 60

Rad = dict[str, Any]


@dataclass(frozen=True)
class Tabell:
    namn: str
    beskrivning: str
    kolumner: tuple[tuple[str, str], ...]
    rader: Callable[[], Iterable[Rad]]


def _url(path: str) -> str:
    return settings.SFBV_BASE_URL + path


def _delprojekt() -> Iterable[Rad]:
    etiketter = {v: str(e) for v, e in Status.choices}
    qs = (
        innehall.publicerade()
        .select_related("publicering")
        .prefetch_related("regioner", "fokusomraden")
        .order_by("ar", "lopnummer")
    )
    for dp in qs:
        yield {
            "referens": dp.referens,
            "titel": dp.titel,
            "status": dp.status,
            "status_namn": etiketter.get(dp.status, dp.status),
            "fas": innehall.FAS_FOR_STATUS.get(dp.status, ""),
            "syfte": dp.syfte,
            "mal": dp.mal,
            "regioner": "|".join(r.namn for r in dp.regioner.all()),
            "fokusomraden": "|".join(f.namn for f in dp.fokusomraden.all()),
            "registrerat_ar": dp.ar,
            "namnd_beslutsdatum": dp.namnd_beslutsdatum,
            "publicerad_sedan": dp.publicering.publicerad_sedan,
            "sida": _url(reverse("oppet:delprojekt", args=[dp.referens])),
        }


def _beslut() -> Iterable[Rad]:
    for b in innehall.offentliga_beslut().order_by("datum", "pk"):
        yield {
            "referens": b.delprojekt.referens if b.delprojekt else "",
            "organ": b.organ.namn,
            "organtyp": b.organ.typ,
            "datum": b.datum,
            "paragraf": b.paragraf,
            "utfall": b.utfall,
            "utfall_namn": b.get_utfall_display(),
            "beslutstext": b.beslutstext,
        }


def _rekommendationer() -> Iterable[Rad]:
    qs = (
        Rekommendation.objects.filter(beslut__in=innehall.offentliga_beslut())
        .select_related("beslut", "beslut__delprojekt")
        .order_by("beslut__datum", "beslut__pk", "ordning")
    )
    for r in qs:
        yield {
            "referens": r.beslut.delprojekt.referens if r.beslut.delprojekt else "",
            "beslutsdatum": r.beslut.datum,
            "nummer": r.ordning,
            "text": r.text,
        }


def _regionbeslut() -> Iterable[Rad]:
    qs = (
        Huvudmannabeslut.objects.filter(delprojekt__publicering__publicerad=True)
        .select_related("delprojekt", "region")
        .order_by("delprojekt__ar", "delprojekt__lopnummer", "region__ordning")
    )
    for h in qs:
        yield {
            "referens": h.delprojekt.referens,
            "region": h.region.namn,
            "datum": h.datum,
            "beslutande_organ": h.organ_namn,
            "niva": h.get_niva_display(),
            "diarienummer": h.diarienummer,
        }


def _inforande() -> Iterable[Rad]:
    qs = (
        Inforandestatus.objects.filter(
            rekommendation__beslut__delprojekt__publicering__publicerad=True
        )
        .exclude(rekommendation__beslut__utfall__in=innehall.DOLDA_UTFALL)
        .select_related("rekommendation", "rekommendation__beslut__delprojekt", "region")
        .order_by(
            "rekommendation__beslut__delprojekt__ar",
            "rekommendation__beslut__delprojekt__lopnummer",
            "rekommendation__ordning",
            "region__ordning",
        )
    )
    for s in qs:
        dp = s.rekommendation.beslut.delprojekt
        yield {
            "referens": dp.referens if dp else "",
            "rekommendation_nummer": s.rekommendation.ordning,
            "region": s.region.namn,
            "status": s.status,
            "status_namn": s.get_status_display(),
            "uppdaterad": timezone.localdate(s.uppdaterad),
        }


def _dokument() -> Iterable[Rad]:
    for v in innehall.slutrapporter().select_related("delprojekt").order_by("skapad", "pk"):
        yield {
            "referens": v.delprojekt.referens,
            "typ": "slutrapport",
            "nummer": v.nummer,
            "datum": timezone.localdate(v.skapad),
            "sidor": v.sidor,
            "sha256": v.sha256,
            "url": _url(reverse("oppet:slutrapport", args=[v.delprojekt.referens, v.nummer])),
        }
    for r in innehall.uppfoljningsrapporter().order_by("omgang__inlamnad", "pk"):
        dp = r.omgang.delprojekt
        yield {
            "referens": dp.referens,
            "typ": "uppfoljningsrapport",
            "nummer": r.omgang.nummer,
            "datum": timezone.localdate(r.omgang.inlamnad) if r.omgang.inlamnad else None,
            "sidor": r.sidantal,
            "sha256": r.pdf_sha256,
            "url": _url(reverse("oppet:uppfoljningsrapport", args=[dp.referens, r.omgang.nummer])),
        }


def _roller() -> Iterable[Rad]:
    qs = (
        innehall.publicerade()
        .exclude(publicering__roller=[])
        .select_related("publicering", "kontaktperson")
        .order_by("ar", "lopnummer")
    )
    for dp in qs:
        for roll, namn in innehall.namn_for(dp, dp.publicering.roller):
            for n in namn:
                yield {"referens": dp.referens, "roll": roll, "namn": n}


TABELLER: tuple[Tabell, ...] = (
    Tabell(
        "delprojekt",
        "De publicerade delprojekten, ett per rad.",
        (
            ("referens", "Delprojektets referens, t.ex. SFBV-2024-002. Nyckel i alla filer."),
            ("titel", "Delprojektets titel."),
            ("status", "Status som kod (t.ex. inforande)."),
            ("status_namn", "Status i klartext (t.ex. Införande)."),
            ("fas", "Fasen i livscykeln som statusen hör till."),
            ("syfte", "Delprojektets syfte."),
            ("mal", "Delprojektets mål."),
            ("regioner", "Berörda regioner, åtskilda med |."),
            ("fokusomraden", "Fokusområden, åtskilda med |."),
            ("registrerat_ar", "Året förslaget registrerades."),
            ("namnd_beslutsdatum", "Datum för nämndens beslut (ÅÅÅÅ-MM-DD), tomt om inget."),
            ("publicerad_sedan", "Datum då kansliet beslutade att publicera delprojektet."),
            ("sida", "Adressen till delprojektets öppna sida."),
        ),
        _delprojekt,
    ),
    Tabell(
        "beslut",
        "Organens beslut i de publicerade delprojekten (inte beslut som utser personer).",
        (
            ("referens", "Delprojektets referens."),
            ("organ", "Organet som beslutade."),
            ("organtyp", "Organets typ som kod (ledningsgrupp, samarbetsgrupp, namnd …)."),
            ("datum", "Beslutsdatum (ÅÅÅÅ-MM-DD)."),
            ("paragraf", "Protokollets paragraf, t.ex. § 14/2026; tomt om ingen."),
            ("utfall", "Beslutets utfall som kod."),
            ("utfall_namn", "Beslutets utfall i klartext."),
            ("beslutstext", "Beslutets text."),
        ),
        _beslut,
    ),
    Tabell(
        "rekommendationer",
        "Nämndens rekommendationer till regionerna.",
        (
            ("referens", "Delprojektets referens."),
            ("beslutsdatum", "Datum för nämndens beslut."),
            ("nummer", "Rekommendationens nummer i beslutet."),
            ("text", "Rekommendationens text."),
        ),
        _rekommendationer,
    ),
    Tabell(
        "regionbeslut",
        "Regionernas egna beslut om rekommendationerna.",
        (
            ("referens", "Delprojektets referens."),
            ("region", "Regionen."),
            ("datum", "Regionens beslutsdatum."),
            ("beslutande_organ", "Organet i regionen som beslutade."),
            ("niva", "Beslutsnivå (politisk nivå eller tjänstemannanivå)."),
            ("diarienummer", "Regionens diarienummer, tomt om inget."),
        ),
        _regionbeslut,
    ),
    Tabell(
        "inforande",
        "Hur långt varje region har kommit med varje rekommendation.",
        (
            ("referens", "Delprojektets referens."),
            ("rekommendation_nummer", "Rekommendationens nummer (se rekommendationer.csv)."),
            ("region", "Regionen."),
            ("status", "Införandestatus som kod (ej_paborjat, pagar, genomfort, ej_aktuellt)."),
            ("status_namn", "Införandestatus i klartext."),
            ("uppdaterad", "Datum då statusen senast ändrades."),
        ),
        _inforande,
    ),
    Tabell(
        "dokument",
        "Publicerade dokument: godkända slutrapporter och inlämnade uppföljningsrapporter (PDF).",
        (
            ("referens", "Delprojektets referens."),
            ("typ", "slutrapport eller uppfoljningsrapport."),
            ("nummer", "Slutrapportens version eller uppföljningsomgångens nummer."),
            ("datum", "Datum då dokumentet låstes (godkändes eller lämnades in)."),
            ("sidor", "Antal sidor."),
            ("sha256", "SHA-256 av PDF-filen, för att kontrollera att filen är oförändrad."),
            ("url", "Adressen där PDF-filen hämtas."),
        ),
        _dokument,
    ),
    Tabell(
        "roller",
        "Namn som kansliet har beslutat att publicera, per roll (oftast inga).",
        (
            ("referens", "Delprojektets referens."),
            ("roll", "Rollen, t.ex. Ordförande."),
            ("namn", "Personens namn."),
        ),
        _roller,
    ),
)


def readme(genererad: str) -> str:
    rader = [
        "Öppna data – publicerade delprojekt",
        "=" * 36,
        "",
        f"Skapad: {genererad}",
        "",
        "Filerna innehåller bara det som kansliet har beslutat att publicera: delprojektets",
        "grunduppgifter, organens beslut, regionernas beslut, införandet per region och de",
        "publicerade rapporterna. Arbetsmaterial, ställningstaganden, kommentarer och bilagor",
        "finns aldrig med, och inga personnamn utom för roller som kansliet valt att visa.",
        "",
        "Format: CSV enligt RFC 4180, UTF-8 utan byte order mark, kommatecken mellan fälten,",
        "första raden är kolumnernas namn. Datum skrivs ÅÅÅÅ-MM-DD. En cell som börjar med",
        "= + - @ eller tabb får en inledande apostrof (') så att kalkylprogram inte kör den",
        "som formel. Samma data finns som JSON på /oppet/data/oppna-data.json.",
        "",
        "Filerna hänger ihop genom kolumnen referens.",
        "",
    ]
    for t in TABELLER:
        rader += [f"{t.namn}.csv – {t.beskrivning}", ""]
        bredd = max(len(k) for k, _b in t.kolumner)
        rader += [f"  {k.ljust(bredd)}  {b}" for k, b in t.kolumner]
        rader.append("")
    return "\n".join(rader)


def _csv(t: Tabell, rader: list[Rad]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([k for k, _b in t.kolumner])
    writer.writerows([csv_safe(rad[k]) for k, _b in t.kolumner] for rad in rader)
    return buffer.getvalue().encode("utf-8")


def _json_varde(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def bygg() -> tuple[bytes, bytes]:
    """The ZIP and the JSON, built from the database now."""
    genererad = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    tabeller = {t.namn: list(t.rader()) for t in TABELLER}
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", readme(genererad).encode("utf-8"))
        for t in TABELLER:
            z.writestr(f"{t.namn}.csv", _csv(t, tabeller[t.namn]))
    dokument = {
        "genererad": genererad,
        "beskrivning": "Publicerade delprojekt: se README.txt i ZIP-filen för kolumnerna.",
        "kolumner": {t.namn: dict(t.kolumner) for t in TABELLER},
        "tabeller": {
            namn: [{k: _json_varde(v) for k, v in rad.items()} for rad in rader]
            for namn, rader in tabeller.items()
        },
    }
    return zip_buffer.getvalue(), json.dumps(dokument, ensure_ascii=False, indent=1).encode()


def oppna_data(version: str | None = None) -> tuple[bytes, bytes]:
    """The ZIP and the JSON for the data as it is now, from the cache when unchanged."""
    nyckel = CACHE_PREFIX + (version or innehall.dataversion())
    filer = cache.get(nyckel)
    if filer is None:
        filer = bygg()
        cache.set(nyckel, filer, CACHE_SECONDS)
    return filer
