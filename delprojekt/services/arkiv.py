"""The archive package of an ended project: a ZIP in the E-ARK CSIP 2.x layout.

The kansli downloads it from the page of a project that is avslutad, avslagen or
avbruten, and hands it to the regions' e-archive. The layout follows the E-ARK Common
Specification for Information Packages (CSIP 2.1), which the Swedish FGS package profile
builds on::

    <referens>/METS.xml                              the package's METS
    <referens>/metadata/descriptive/dc.xml           Dublin Core description of the project
    <referens>/metadata/preservation/premis.xml      PREMIS: the representation, the package's
                                                     creation event and the agents
    <referens>/representations/rep1/METS.xml         the representation's METS
    <referens>/representations/rep1/metadata/preservation/premis.xml
                                                     PREMIS: every data file with its SHA-256,
                                                     size and format (PDF/A or not)
    <referens>/representations/rep1/data/dokument/*.pdf
    <referens>/representations/rep1/data/*.xml, *.csv  decisions and the event log
    <referens>/documentation/LASMIG.txt             what the package holds, the columns
    <referens>/schemas/mets.xsd, xlink.xsd           the schemas the METS files use

Every PDF the system renders itself is PDF/A-3a; the regions' uploaded protocol extracts
are copied as they are and marked "inte PDF/A" in the PREMIS metadata and the list of
documents. Nothing is converted.

Other apps add documents with ``@arkivkalla`` (the follow-up adds its handed-in reports),
so this module never imports them. ``arkiv_mets`` writes the METS, PREMIS and the ZIP.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.db.models import Exists, F, OuterRef, Prefetch, Value, prefetch_related_objects
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delprojekt.models import (
    TERMINAL,
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Rapportversion,
    Rekommendation,
    Rekommendationsutfall,
    Samverkan,
    Uppdragsversion,
)
from delprojekt.models.sammantrade import Dagordningspunkt, Protokollkorrigering
from delprojekt.services.arkiv_mets import (
    DC_NS,
    INTE_PDFA,
    OAI_DC_NS,
    PDFA,
    PROGRAM,
    PROGRAMVERSION,
    REP,
    SFBV_NS,
    XSI_NS,
    Arkivdokument,
    Fil,
    iso_tid,
    paket,
    representation,
    sha256_hex,
    xml_bytes,
)
from delprojekt.services.errors import GuardFailed, NotAllowed
from delprojekt.services.events import actor_name, record_event
from delprojekt.services.protokoll_pdf import protokollsutdrag_pdf
from delprojekt.services.uppdrag_pdf import uppdragsversion_pdf
from delprojekt.types import Actor

#: The states in which a package can be downloaded: the project has ended.
ARKIVERBAR: tuple[str, ...] = tuple(str(s) for s in TERMINAL)


# --- The documents ---------------------------------------------------------------------


Arkivkalla = Callable[[Delprojekt], Iterable[Arkivdokument]]
KALLOR: list[Arkivkalla] = []


def arkivkalla(func: Arkivkalla) -> Arkivkalla:
    """Register a source of documents for the archive package (other apps' documents)."""
    KALLOR.append(func)
    return func


SYSTEMET = "skapad av SFBV"
UPPLADDAD = "uppladdad av regionen"


def lagrad_fil(fil: FieldFile) -> Callable[[], bytes]:
    def read() -> bytes:
        with fil.open("rb") as handle:
            return handle.read()

    return read


@arkivkalla
def _uppdragsversioner(dp: Delprojekt) -> Iterable[Arkivdokument]:
    for v in Uppdragsversion.objects.filter(delprojekt=dp).select_related("beslut__organ"):
        yield Arkivdokument(
            filnamn=f"uppdrag-version-{v.nummer}.pdf",
            slag="uppdrag",
            titel=_("Uppdrag, version %(nr)s") % {"nr": v.nummer},
            datum=timezone.localdate(v.skapad),
            ursprung=SYSTEMET,
            pdfa=PDFA,
            innehall=partial(uppdragsversion_pdf, dp, v),
        )


@arkivkalla
def _slutrapporter(dp: Delprojekt) -> Iterable[Arkivdokument]:
    for r in Rapportversion.objects.filter(delprojekt=dp).exclude(fil="").select_related("beslut"):
        yield Arkivdokument(
            filnamn=f"slutrapport-version-{r.nummer}.pdf",
            slag="slutrapport",
            titel=_("Slutrapport, godkänd version %(nr)s") % {"nr": r.nummer},
            # The day the board approved it, which its cover states.
            datum=r.beslut.datum if r.beslut else timezone.localdate(r.skapad),
            ursprung=SYSTEMET,
            pdfa=PDFA,
            innehall=lagrad_fil(r.fil),
        )


@arkivkalla
def _protokollsutdrag(dp: Delprojekt) -> Iterable[Arkivdokument]:
    punkter = list(
        Dagordningspunkt.objects.filter(delprojekt=dp, paragraf_nummer__isnull=False)
        .select_related(
            "sammantrade__organ",
            "sammantrade__ordforande",
            "sammantrade__sekreterare",
            "sammantrade__justerare",
            "delprojekt",
            "beslut",
            "uppfoljningsomgang",
        )
        .annotate(
            korrigerad=Exists(
                Protokollkorrigering.objects.filter(sammantrade_id=OuterRef("sammantrade_id"))
            )
        )
        .order_by("sammantrade__start", "ordning", "pk")
    )
    # Corrections are rare: read only when a meeting has one.
    sammantraden = {p.sammantrade_id for p in punkter if p.korrigerad}
    korrigeringar = (
        list(Protokollkorrigering.objects.filter(sammantrade_id__in=sammantraden))
        if sammantraden
        else []
    )
    for p in punkter:
        egna = [
            k
            for k in korrigeringar
            if k.sammantrade_id == p.sammantrade_id and k.punkt_id in (None, p.pk)
        ]
        start = timezone.localtime(p.sammantrade.start)
        yield Arkivdokument(
            filnamn=(
                f"protokollsutdrag-{p.sammantrade.organ.typ}-{p.paragraf_ar}-"
                f"{p.paragraf_nummer}.pdf"
            ),
            slag="protokollsutdrag",
            titel=_("Protokollsutdrag %(paragraf)s, %(organ)s %(datum)s")
            % {
                "paragraf": p.paragraf,
                "organ": p.sammantrade.organ.namn,
                "datum": f"{start:%Y-%m-%d}",
            },
            datum=start.date(),
            ursprung=SYSTEMET,
            pdfa=PDFA,
            innehall=partial(protokollsutdrag_pdf, p, korrigeringar=egna, pdf_variant="pdf/a-3a"),
        )


@arkivkalla
def _regionernas_beslut(dp: Delprojekt) -> Iterable[Arkivdokument]:
    for b in _huvudmannabeslut(dp):
        if not b.protokollsutdrag:
            continue
        yield Arkivdokument(
            filnamn=_regionbeslut_fil(b),
            slag="regionbeslut",
            titel=_("Protokollsutdrag från %(region)s, %(organ)s %(datum)s")
            % {"region": b.region.namn, "organ": b.organ_namn, "datum": f"{b.datum:%Y-%m-%d}"},
            datum=b.datum,
            ursprung=UPPLADDAD,
            pdfa=None,
            innehall=lagrad_fil(b.protokollsutdrag),
        )


# --- Tables: decisions and the event log --------------------------------------------------


@dataclass(frozen=True)
class Kolumn:
    """A column of a table, the same in its CSV and XML; ``beskrivning`` is documentation."""

    namn: str
    beskrivning: str
    varde: Callable[[Any], object]


@dataclass(frozen=True)
class Tabell:
    namn: str
    beskrivning: str
    kolumner: Sequence[Kolumn]
    rader: Callable[[Delprojekt], Iterable[Any]] = field(repr=False)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _beslut_rader(dp: Delprojekt) -> Iterable[Beslut]:
    return (
        Beslut.objects.filter(delprojekt=dp)
        .select_related("organ")
        .prefetch_related(
            Prefetch("rekommendationer", queryset=Rekommendation.objects.order_by("ordning"))
        )
        .order_by("datum", "pk")
    )


def _huvudmannabeslut(dp: Delprojekt) -> list[Huvudmannabeslut]:
    """The regions' decisions with their outcomes, read once for the documents and the
    table alike (kept in ``dp``'s prefetch cache)."""
    prefetch_related_objects(
        [dp],
        Prefetch(
            "huvudmannabeslut",
            queryset=Huvudmannabeslut.objects.select_related("region")
            .prefetch_related(
                Prefetch(
                    "utfall",
                    queryset=Rekommendationsutfall.objects.select_related(
                        "rekommendation"
                    ).order_by("rekommendation__ordning"),
                )
            )
            .order_by("region__ordning"),
        ),
    )
    return list(dp.huvudmannabeslut.all())


def _regionbeslut_rader(dp: Delprojekt) -> Iterable[Rekommendationsutfall | Huvudmannabeslut]:
    beslut = _huvudmannabeslut(dp)
    for b in beslut:
        utfall = list(b.utfall.all())
        if not utfall:
            yield b
        for u in utfall:
            u.huvudmannabeslut = b
            yield u


def _hmb(rad: Any) -> Huvudmannabeslut:
    return rad if isinstance(rad, Huvudmannabeslut) else rad.huvudmannabeslut


def _rek(rad: Any) -> Rekommendationsutfall | None:
    return rad if isinstance(rad, Rekommendationsutfall) else None


def _regionkommentar(rad: Any) -> str:
    u = _rek(rad)
    return " ".join(t for t in (_hmb(rad).kommentar, u.kommentar if u else "") if t)


def _handelse_rader(dp: Delprojekt) -> Iterable[Handelse]:
    return (
        Handelse.objects.filter(delprojekt=dp).select_related("beslut").order_by("tidpunkt", "pk")
    )


def _rekommendationer(b: Beslut) -> str:
    return " | ".join(f"{r.ordning}. {r.text}" for r in b.rekommendationer.all())


TABELLER: tuple[Tabell, ...] = (
    Tabell(
        namn="beslut",
        beskrivning="Organens beslut om delprojektet, äldst först.",
        kolumner=(
            Kolumn("id", "Beslutets nummer i systemet.", lambda b: b.pk),
            Kolumn("datum", "Beslutsdatum (ÅÅÅÅ-MM-DD).", lambda b: b.datum),
            Kolumn("organ", "Det beslutande organet.", lambda b: b.organ.namn),
            Kolumn("utfall", "Beslutets utfall.", lambda b: b.get_utfall_display()),
            Kolumn(
                "slag",
                "Hur beslutet fattades: vid sammanträde, per capsulam eller ordförandebeslut.",
                lambda b: b.get_slag_display(),
            ),
            Kolumn("sammantrade", "Sammanträdet där beslutet fattades.", lambda b: b.sammantrade),
            Kolumn("paragraf", "Protokollets paragraf, t.ex. § 14/2026.", lambda b: b.paragraf),
            Kolumn("beslutstext", "Beslutets text.", lambda b: b.beslutstext),
            Kolumn(
                "rekommendationer",
                "Nämndens rekommendationer till regionerna, numrerade och åtskilda med |.",
                _rekommendationer,
            ),
            Kolumn(
                "registrerat",
                "När beslutet registrerades i systemet (ISO 8601 med tidszon).",
                lambda b: b.registrerat,
            ),
        ),
        rader=_beslut_rader,
    ),
    Tabell(
        namn="regionbeslut",
        beskrivning=(
            "Regionernas egna beslut om nämndens rekommendationer: en rad per region och "
            "rekommendation (en rad per region om inget utfall är registrerat)."
        ),
        kolumner=(
            Kolumn("region", "Regionen som beslutade.", lambda r: _hmb(r).region.namn),
            Kolumn("niva", "Beslutsnivå.", lambda r: _hmb(r).get_niva_display()),
            Kolumn("organ", "Regionens beslutande organ.", lambda r: _hmb(r).organ_namn),
            Kolumn("datum", "Beslutsdatum (ÅÅÅÅ-MM-DD).", lambda r: _hmb(r).datum),
            Kolumn("diarienummer", "Regionens diarienummer.", lambda r: _hmb(r).diarienummer),
            Kolumn(
                "rekommendation",
                "Rekommendationens nummer och text.",
                lambda r: (
                    f"{u.rekommendation.ordning}. {u.rekommendation.text}" if (u := _rek(r)) else ""
                ),
            ),
            Kolumn(
                "utfall",
                "Regionens utfall för rekommendationen.",
                lambda r: u.get_utfall_display() if (u := _rek(r)) else "",
            ),
            Kolumn(
                "kommentar",
                "Regionens kommentar till beslutet och till utfallet.",
                lambda r: _regionkommentar(r),
            ),
            Kolumn(
                "protokollsutdrag",
                "Filen med regionens protokollsutdrag i data/dokument/, tom om ingen laddats upp.",
                lambda r: _regionbeslut_fil(_hmb(r)),
            ),
        ),
        rader=_regionbeslut_rader,
    ),
    Tabell(
        namn="handelser",
        beskrivning="Delprojektets händelselogg (tidslinjen), äldst först.",
        kolumner=(
            Kolumn("id", "Händelsens nummer i systemet.", lambda h: h.pk),
            Kolumn("tidpunkt", "När det hände (ISO 8601 med tidszon).", lambda h: h.tidpunkt),
            Kolumn("typ", "Slag av händelse.", lambda h: h.get_typ_display()),
            Kolumn("handelse", "Vad som hände.", lambda h: h.text),
            Kolumn("aktor", "Den som gjorde det, namnet sparat vid tillfället.", lambda h: h.aktor),
            Kolumn(
                "overgang",
                "Livscykelns övergång, om det var en statusändring.",
                lambda h: h.overgang,
            ),
            Kolumn("fran_status", "Status före övergången.", lambda h: h.get_fran_status_display()),
            Kolumn(
                "till_status", "Status efter övergången.", lambda h: h.get_till_status_display()
            ),
            Kolumn("kommentar", "Kommentar eller motivering.", lambda h: h.kommentar),
            Kolumn(
                "beslut_id", "Beslutet händelsen gäller (id i beslut.csv).", lambda h: h.beslut_id
            ),
        ),
        rader=_handelse_rader,
    ),
)


def _regionbeslut_fil(b: Huvudmannabeslut) -> str:
    if not b.protokollsutdrag:
        return ""
    return f"regionbeslut-{slugify(b.region.kortnamn)}-{b.datum:%Y-%m-%d}.pdf"


def _tabell_csv(tabell: Tabell, rader: list[list[str]]) -> bytes:
    """UTF-8 without byte order mark, comma-separated, every cell quoted (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([k.namn for k in tabell.kolumner])
    writer.writerows(rader)
    return buffer.getvalue().encode("utf-8")


def _tabell_xml(tabell: Tabell, rader: list[list[str]], dp: Delprojekt) -> bytes:
    root = ET.Element(f"{{{SFBV_NS}}}{tabell.namn}", {"delprojekt": dp.referens})
    for rad in rader:
        el = ET.SubElement(root, f"{{{SFBV_NS}}}rad")
        for kolumn, value in zip(tabell.kolumner, rad, strict=True):
            ET.SubElement(el, f"{{{SFBV_NS}}}{kolumn.namn}").text = value
    return xml_bytes(root)


# --- Building the package ----------------------------------------------------------------------


@dataclass(frozen=True)
class Arkivpaket:
    filnamn: str
    innehall: bytes


def arkivpaket_dokument(dp: Delprojekt) -> list[Arkivdokument]:
    """The project's frozen documents from every registered source, oldest first."""
    dokument = [d for kalla in KALLOR for d in kalla(dp)]
    return sorted(dokument, key=lambda d: (d.datum, d.slag, d.filnamn))


def _regioner_och_fokus(dp: Delprojekt) -> tuple[list[str], list[str]]:
    """The concerned regions' and the focus areas' names, in their order (one query)."""
    regioner = (
        dp.regioner.annotate(slag=Value("r"), nr=F("ordning"), titel=F("namn"))
        .order_by()
        .values_list("slag", "nr", "titel")
    )
    fokus = (
        dp.fokusomraden.annotate(slag=Value("f"), nr=F("ordning"), titel=F("namn"))
        .order_by()
        .values_list("slag", "nr", "titel")
    )
    rader = sorted(regioner.union(fokus, all=True), key=lambda r: (r[0], r[1], r[2]))
    return [t for s, _n, t in rader if s == "r"], [t for s, _n, t in rader if s == "f"]


def _dublin_core(dp: Delprojekt, skapad: datetime.datetime) -> bytes:
    root = ET.Element(
        f"{{{OAI_DC_NS}}}dc",
        {
            f"{{{XSI_NS}}}schemaLocation": (
                f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
            )
        },
    )
    samverkan = Samverkan.current()

    def dc(tag: str, text: str) -> None:
        if text:
            ET.SubElement(root, f"{{{DC_NS}}}{tag}").text = text

    dc("identifier", dp.referens)
    dc("title", dp.titel)
    dc("creator", samverkan.namn)
    dc("publisher", samverkan.namn)
    regioner, fokusomraden = _regioner_och_fokus(dp)
    for fokus in fokusomraden:
        dc("subject", fokus)
    dc("description", dp.syfte)
    dc("description", dp.mal)
    dc(
        "date",
        f"{timezone.localdate(dp.skapad):%Y-%m-%d}/{timezone.localdate(dp.status_andrad):%Y-%m-%d}",
    )
    dc("type", _("Delprojekt, status: %(status)s") % {"status": dp.get_status_display()})
    for region in regioner:
        dc("coverage", region)
    dc("language", "sv")
    dc("source", f"{PROGRAM} {timezone.localdate(skapad):%Y-%m-%d}")
    return xml_bytes(root)


def _lasmig(dp: Delprojekt, dokument: list[Fil], skapad: datetime.datetime) -> bytes:
    rader = [
        f"Arkivpaket för {dp.referens} {dp.titel}",
        f"Status: {dp.get_status_display()}. "
        f"Skapat {iso_tid(skapad)} av {PROGRAM} {PROGRAMVERSION}.",
        "",
        "Paketet följer E-ARK CSIP 2.1 (som FGS-paketstrukturen bygger på).",
        "Kontrollsummor (SHA-256), storlek och format för varje fil står i METS.xml och",
        "i representations/rep1/metadata/preservation/premis.xml.",
        "",
        "Dokument (representations/rep1/data/dokument/):",
    ]
    for f in dokument:
        d = f.dokument
        assert d is not None
        rader.append(
            f"- {Path(f.sokvag).name}: {d.titel} ({d.datum:%Y-%m-%d}, {d.ursprung}, "
            f"{d.pdfa or INTE_PDFA})"
        )
    rader += [
        "",
        "Tabeller (representations/rep1/data/): varje tabell finns som CSV och XML med",
        "samma kolumner. CSV: UTF-8 utan BOM, kommaseparerad, alla fält inom citattecken,",
        "radslut CRLF, första raden är kolumnnamnen. XML: UTF-8, namnrymd " + SFBV_NS + ",",
        "ett <rad>-element per rad med ett element per kolumn.",
    ]
    for tabell in TABELLER:
        rader += ["", f"{tabell.namn}.csv / {tabell.namn}.xml – {tabell.beskrivning}"]
        rader += [f"  {k.namn}: {k.beskrivning}" for k in tabell.kolumner]
    rader += [
        "",
        "Dokument som systemet själv har skapat är PDF/A-3a. Protokollsutdrag som",
        'regionerna har laddat upp kopieras som de är och är markerade "inte PDF/A".',
        "",
    ]
    return "\r\n".join(rader).encode("utf-8")


def _unika_namn(dokument: list[Arkivdokument]) -> list[tuple[str, Arkivdokument]]:
    """Each document's file name, safe (ASCII, lower case) and unique in the folder."""
    tagna: set[str] = set()
    out = []
    for d in dokument:
        stem = slugify(Path(d.filnamn).stem) or "dokument"
        suffix = Path(d.filnamn).suffix.lower() or ".pdf"
        namn, n = f"{stem}{suffix}", 2
        while namn in tagna:
            namn, n = f"{stem}-{n}{suffix}", n + 1
        tagna.add(namn)
        out.append((namn, d))
    return out


def _las(d: Arkivdokument) -> bytes:
    try:
        return d.innehall()
    except OSError as exc:
        # A package without one of the project's documents must not go to the archive.
        raise GuardFailed(
            _(
                "Filen för ”%(titel)s” saknas i lagringen, så arkivpaketet kan inte skapas. "
                "Kontakta systemförvaltningen."
            )
            % {"titel": d.titel}
        ) from exc


def arkivpaket_bygg(
    dp: Delprojekt, *, aktor: str, skapad: datetime.datetime | None = None
) -> Arkivpaket:
    """Build the package's ZIP in memory. Reads the project's documents and tables; writes
    nothing. ``aktor`` is the name recorded as the one who had it made."""
    skapad = skapad or timezone.now()
    objid = dp.referens
    rep_dir = f"representations/{REP}"
    organisation = Samverkan.current().namn

    dokument = [
        Fil(
            sokvag=f"{rep_dir}/data/dokument/{namn}",
            innehall=_las(d),
            mimetyp="application/pdf",
            dokument=d,
        )
        for namn, d in _unika_namn(arkivpaket_dokument(dp))
    ]
    tabeller: list[Fil] = []
    for tabell in TABELLER:
        rader = [[_text(k.varde(r)) for k in tabell.kolumner] for r in tabell.rader(dp)]
        tabeller.append(
            Fil(f"{rep_dir}/data/{tabell.namn}.csv", _tabell_csv(tabell, rader), "text/csv")
        )
        tabeller.append(
            Fil(f"{rep_dir}/data/{tabell.namn}.xml", _tabell_xml(tabell, rader, dp), "text/xml")
        )
    data = dokument + tabeller
    rep_premis, rep_mets = representation(
        objid=objid, data=data, aktor=aktor, organisation=organisation, skapad=skapad
    )
    innehall = paket(
        objid=objid,
        label=_("Arkivpaket %(ref)s %(titel)s") % {"ref": objid, "titel": dp.titel},
        beskrivning=_("Arkivpaketet skapades för %(ref)s (status %(status)s).")
        % {"ref": dp.referens, "status": dp.get_status_display()},
        dc=Fil("metadata/descriptive/dc.xml", _dublin_core(dp, skapad), "text/xml"),
        dokumentation=Fil("documentation/LASMIG.txt", _lasmig(dp, dokument, skapad), "text/plain"),
        rep_premis=rep_premis,
        rep_mets=rep_mets,
        data=data,
        aktor=aktor,
        organisation=organisation,
        skapad=skapad,
    )
    return Arkivpaket(
        filnamn=f"{objid}-arkivpaket-{timezone.localdate(skapad):%Y-%m-%d}.zip",
        innehall=innehall,
    )


def arkivpaket_hamta(*, delprojekt: Delprojekt, user: Actor) -> Arkivpaket:
    """The archive package of an ended project, for the kansli; the download is recorded on
    the project's timeline (who and when). The package holds the log as it was before."""
    if not user.has_perm("delprojekt.download_arkivpaket", delprojekt):
        raise NotAllowed(_("Bara kansliet kan hämta arkivpaketet."))
    if delprojekt.status not in ARKIVERBAR:
        raise GuardFailed(
            _(
                "Arkivpaketet kan hämtas först när delprojektet är avslutat, avslaget eller "
                "avbrutet. Det har nu status %(status)s."
            )
            % {"status": delprojekt.get_status_display()}
        )
    paket = arkivpaket_bygg(delprojekt, aktor=actor_name(user))
    # One row, written only once the package is built: a failure leaves no line.
    record_event(
        delprojekt=delprojekt,
        user=user,
        typ=Handelse.Typ.DOKUMENT,
        text=_("Arkivpaketet hämtades (%(namn)s, SHA-256 %(sha)s)")
        % {"namn": paket.filnamn, "sha": sha256_hex(paket.innehall)[:16]},
    )
    return paket


__all__ = [
    "ARKIVERBAR",
    "INTE_PDFA",
    "KALLOR",
    "PDFA",
    "SYSTEMET",
    "TABELLER",
    "Arkivdokument",
    "Arkivpaket",
    "arkivkalla",
    "arkivpaket_bygg",
    "arkivpaket_dokument",
    "arkivpaket_hamta",
    "lagrad_fil",
]
