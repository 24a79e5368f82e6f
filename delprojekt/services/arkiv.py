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
so this module never imports them.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.fields.files import FieldFile
from django.utils import timezone
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
from delprojekt.services.errors import GuardFailed, NotAllowed
from delprojekt.services.events import actor_name, record_event
from delprojekt.services.protokoll_pdf import protokollsutdrag_pdf
from delprojekt.services.uppdrag_pdf import uppdragsversion_pdf
from delprojekt.types import Actor

PROGRAM = "SFBV"
PROGRAMVERSION = "0.1.0"
PDFA = "PDF/A-3a"
INTE_PDFA = "inte PDF/A"
#: A submission information package (SIP) to the regions' e-archive: the E-ARK SIP
#: profile, which extends CSIP.
PROFIL = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
REP = "rep1"

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_NS = "http://www.loc.gov/premis/v3"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
SFBV_NS = "urn:sfbv:arkivpaket:1"

for _prefix, _uri in {
    "mets": METS_NS,
    "xlink": XLINK_NS,
    "csip": CSIP_NS,
    "xsi": XSI_NS,
    "premis": PREMIS_NS,
    "dc": DC_NS,
    "oai_dc": OAI_DC_NS,
    "sfbv": SFBV_NS,
}.items():
    ET.register_namespace(_prefix, _uri)

#: The schemas copied into ``schemas/`` (public: the METS schema's rights are waived by
#: the Digital Library Federation; the XLink schema is the one METS publishes).
SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "arkivschemas"
SCHEMAS = ("mets.xsd", "xlink.xsd")

#: The states in which a package can be downloaded: the project has ended.
ARKIVERBAR: tuple[str, ...] = tuple(str(s) for s in TERMINAL)


# --- The documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Arkivdokument:
    """One file of the representation's ``data/dokument/``.

    ``pdfa`` is the PDF/A level the system rendered it in, or ``None`` for an uploaded
    file that is copied as it is (marked "inte PDF/A").
    """

    filnamn: str
    slag: str
    titel: str
    datum: datetime.date
    ursprung: str
    pdfa: str | None
    innehall: Callable[[], bytes]


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
        .order_by("sammantrade__start", "ordning", "pk")
    )
    sammantraden = {p.sammantrade_id for p in punkter}
    korrigeringar = list(Protokollkorrigering.objects.filter(sammantrade_id__in=sammantraden))
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
            Kolumn("id", "Beslutets nummer i SFBV.", lambda b: b.pk),
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
                "När beslutet registrerades i SFBV (ISO 8601 med tidszon).",
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
            Kolumn("id", "Händelsens nummer i SFBV.", lambda h: h.pk),
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
    return f"regionbeslut-{b.region.kortnamn.lower()}-{b.datum:%Y-%m-%d}.pdf"


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
    return _xml_bytes(root)


# --- XML helpers ------------------------------------------------------------------------


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Fil:
    """A file written into the package, at ``sokvag`` below the package's folder."""

    sokvag: str
    innehall: bytes
    mimetyp: str
    dokument: Arkivdokument | None = None

    @property
    def sha256(self) -> str:
        return _sha256(self.innehall)

    @property
    def storlek(self) -> int:
        return len(self.innehall)


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _x(attr: str) -> str:
    return f"{{{XLINK_NS}}}{attr}"


def _c(attr: str) -> str:
    return f"{{{CSIP_NS}}}{attr}"


def _p(tag: str) -> str:
    return f"{{{PREMIS_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _mets_root(objid: str, label: str, skapad: datetime.datetime) -> ET.Element:
    root = ET.Element(
        _m("mets"),
        {
            "OBJID": objid,
            "LABEL": label,
            "TYPE": "Mixed",
            _c("CONTENTINFORMATIONTYPE"): "OTHER",
            _c("OTHERCONTENTINFORMATIONTYPE"): "SFBV-delprojekt",
            "PROFILE": PROFIL,
            f"{{{XSI_NS}}}schemaLocation": (
                f"{METS_NS} schemas/mets.xsd {XLINK_NS} schemas/xlink.xsd"
            ),
        },
    )
    hdr = _sub(
        root,
        _m("metsHdr"),
        CREATEDATE=_iso(skapad),
        LASTMODDATE=_iso(skapad),
        RECORDSTATUS="NEW",
        **{_c("OAISPACKAGETYPE"): "SIP"},
    )
    agent = _sub(hdr, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _sub(agent, _m("name"), PROGRAM)
    _sub(agent, _m("note"), PROGRAMVERSION, **{_c("NOTETYPE"): "SOFTWARE VERSION"})
    return root


def _md_ref(parent: ET.Element, fil: Fil, href: str, mdtype: str, skapad: str) -> None:
    _sub(
        parent,
        _m("mdRef"),
        LOCTYPE="URL",
        MDTYPE=mdtype,
        MIMETYPE=fil.mimetyp,
        SIZE=str(fil.storlek),
        CREATED=skapad,
        CHECKSUM=fil.sha256,
        CHECKSUMTYPE="SHA-256",
        **{_x("type"): "simple", _x("href"): href},
    )


def _file(parent: ET.Element, fil: Fil, href: str, id_: str, skapad: str) -> None:
    el = _sub(
        parent,
        _m("file"),
        ID=id_,
        MIMETYPE=fil.mimetyp,
        SIZE=str(fil.storlek),
        CREATED=skapad,
        CHECKSUM=fil.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    _sub(el, _m("FLocat"), LOCTYPE="URL", **{_x("type"): "simple", _x("href"): href})


def _file_id(sokvag: str) -> str:
    return "fil-" + "".join(c if c.isalnum() or c in "-." else "-" for c in sokvag)


# --- PREMIS --------------------------------------------------------------------------------


def _premis_id(parent: ET.Element, tag: str, typ: str, value: str) -> None:
    el = _sub(parent, _p(tag))
    _sub(el, _p(tag + "Type"), typ)
    _sub(el, _p(tag + "Value"), value)


def _premis_root() -> ET.Element:
    return ET.Element(
        _p("premis"),
        {
            "version": "3.0",
            f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} "
            "https://www.loc.gov/standards/premis/v3/premis.xsd",
        },
    )


def _premis_agents(root: ET.Element, aktor: str) -> None:
    program = _sub(root, _p("agent"))
    _premis_id(program, "agentIdentifier", "local", "agent-program")
    _sub(program, _p("agentName"), PROGRAM)
    _sub(program, _p("agentType"), "software")
    _sub(program, _p("agentVersion"), PROGRAMVERSION)
    person = _sub(root, _p("agent"))
    _premis_id(person, "agentIdentifier", "local", "agent-hamtad-av")
    _sub(person, _p("agentName"), aktor)
    _sub(person, _p("agentType"), "person")
    organisation = _sub(root, _p("agent"))
    _premis_id(organisation, "agentIdentifier", "local", "agent-organisation")
    _sub(organisation, _p("agentName"), Samverkan.current().namn)
    _sub(organisation, _p("agentType"), "organization")


def _premis_event(
    root: ET.Element, *, id_: str, typ: str, tid: str, detalj: str, objekt: Iterable[str]
) -> None:
    event = _sub(root, _p("event"))
    _premis_id(event, "eventIdentifier", "local", id_)
    _sub(event, _p("eventType"), typ)
    _sub(event, _p("eventDateTime"), tid)
    info = _sub(event, _p("eventDetailInformation"))
    _sub(info, _p("eventDetail"), detalj)
    outcome = _sub(event, _p("eventOutcomeInformation"))
    _sub(outcome, _p("eventOutcome"), "success")
    for agent, roll in (("agent-program", "executing program"), ("agent-hamtad-av", "authorizer")):
        link = _sub(event, _p("linkingAgentIdentifier"))
        _sub(link, _p("linkingAgentIdentifierType"), "local")
        _sub(link, _p("linkingAgentIdentifierValue"), agent)
        _sub(link, _p("linkingAgentRole"), roll)
    for o in objekt:
        link = _sub(event, _p("linkingObjectIdentifier"))
        _sub(link, _p("linkingObjectIdentifierType"), "local")
        _sub(link, _p("linkingObjectIdentifierValue"), o)


def _premis_file(root: ET.Element, fil: Fil, sokvag: str) -> None:
    obj = _sub(root, _p("object"), **{f"{{{XSI_NS}}}type": "premis:file"})
    _premis_id(obj, "objectIdentifier", "local", sokvag)
    dok = fil.dokument
    if dok is not None:
        sig = _sub(obj, _p("significantProperties"))
        _sub(sig, _p("significantPropertiesType"), "PDF/A")
        _sub(sig, _p("significantPropertiesValue"), dok.pdfa or INTE_PDFA)
    chars = _sub(obj, _p("objectCharacteristics"))
    _sub(chars, _p("compositionLevel"), "0")
    fixity = _sub(chars, _p("fixity"))
    _sub(fixity, _p("messageDigestAlgorithm"), "SHA-256")
    _sub(fixity, _p("messageDigest"), fil.sha256)
    _sub(fixity, _p("messageDigestOriginator"), PROGRAM)
    _sub(chars, _p("size"), str(fil.storlek))
    fmt = _sub(chars, _p("format"))
    designation = _sub(fmt, _p("formatDesignation"))
    _sub(designation, _p("formatName"), fil.mimetyp)
    if dok is not None:
        if dok.pdfa:
            _sub(designation, _p("formatVersion"), dok.pdfa)
        else:
            _sub(
                fmt,
                _p("formatNote"),
                _("%(inte)s: uppladdad som den är, inte kontrollerad eller konverterad")
                % {"inte": INTE_PDFA},
            )
    if dok is not None:
        _sub(obj, _p("originalName"), dok.titel)


# --- Building the package ----------------------------------------------------------------------


@dataclass(frozen=True)
class Arkivpaket:
    filnamn: str
    innehall: bytes


def arkivpaket_dokument(dp: Delprojekt) -> list[Arkivdokument]:
    """The project's frozen documents from every registered source, oldest first."""
    dokument = [d for kalla in KALLOR for d in kalla(dp)]
    return sorted(dokument, key=lambda d: (d.datum, d.slag, d.filnamn))


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
            _sub(root, f"{{{DC_NS}}}{tag}", text)

    dc("identifier", dp.referens)
    dc("title", dp.titel)
    dc("creator", samverkan.namn)
    dc("publisher", samverkan.namn)
    for fokus in dp.fokusomraden.all():
        dc("subject", fokus.namn)
    dc("description", dp.syfte)
    dc("description", dp.mal)
    dc(
        "date",
        f"{timezone.localdate(dp.skapad):%Y-%m-%d}/{timezone.localdate(dp.status_andrad):%Y-%m-%d}",
    )
    dc("type", _("Delprojekt, status: %(status)s") % {"status": dp.get_status_display()})
    for region in dp.regioner.all():
        dc("coverage", region.namn)
    dc("language", "sv")
    dc("rights", _("Allmän handling; sekretessprövning görs vid utlämnande."))
    dc("source", f"{PROGRAM} {timezone.localdate(skapad):%Y-%m-%d}")
    return _xml_bytes(root)


def _lasmig(dp: Delprojekt, dokument: list[Fil], skapad: datetime.datetime) -> bytes:
    rader = [
        f"Arkivpaket för {dp.referens} {dp.titel}",
        f"Status: {dp.get_status_display()}. Skapat {_iso(skapad)} av {PROGRAM} {PROGRAMVERSION}.",
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


def arkivpaket_bygg(
    dp: Delprojekt, *, aktor: str, skapad: datetime.datetime | None = None
) -> Arkivpaket:
    """Build the package's ZIP in memory. Reads the project's documents and tables; writes
    nothing. ``aktor`` is the name recorded as the one who had it made."""
    skapad = skapad or timezone.now()
    tid = _iso(skapad)
    objid = dp.referens
    rep_dir = f"representations/{REP}"

    dokument = [
        Fil(
            sokvag=f"{rep_dir}/data/dokument/{d.filnamn}",
            innehall=d.innehall(),
            mimetyp="application/pdf",
            dokument=d,
        )
        for d in arkivpaket_dokument(dp)
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

    # The representation: its PREMIS, then its METS.
    rep_premis = _premis_root()
    for f in data:
        _premis_file(rep_premis, f, f.sokvag.removeprefix(rep_dir + "/"))
    _premis_agents(rep_premis, aktor)
    _premis_event(
        rep_premis,
        id_="handelse-paketering",
        typ="packing",
        tid=tid,
        detalj=_("Filerna samlades i arkivpaketet."),
        objekt=[f.sokvag.removeprefix(rep_dir + "/") for f in data],
    )
    rep_premis_fil = Fil(
        f"{rep_dir}/metadata/preservation/premis.xml", _xml_bytes(rep_premis), "text/xml"
    )

    rep_mets = _mets_root(
        f"{objid}-{REP}", _("%(ref)s, representation %(rep)s") % {"ref": objid, "rep": REP}, skapad
    )
    rep_mets.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{METS_NS} ../../schemas/mets.xsd {XLINK_NS} ../../schemas/xlink.xsd",
    )
    amd = _sub(rep_mets, _m("amdSec"))
    digi = _sub(amd, _m("digiprovMD"), ID="rep-premis", STATUS="CURRENT")
    _md_ref(digi, rep_premis_fil, "metadata/preservation/premis.xml", "PREMIS", tid)
    file_sec = _sub(rep_mets, _m("fileSec"), ID="rep-filsektion")
    grp = _sub(
        file_sec,
        _m("fileGrp"),
        ID="rep-data",
        USE="Data",
        **{
            _c("CONTENTINFORMATIONTYPE"): "OTHER",
            _c("OTHERCONTENTINFORMATIONTYPE"): "SFBV-delprojekt",
        },
    )
    for f in data:
        rel = f.sokvag.removeprefix(rep_dir + "/")
        _file(grp, f, rel, _file_id(rel), tid)
    smap = _sub(rep_mets, _m("structMap"), ID="rep-struktur", TYPE="PHYSICAL", LABEL="CSIP")
    rep_div = _sub(smap, _m("div"), ID="rep-div", LABEL=f"{objid}-{REP}")
    _sub(rep_div, _m("div"), ID="rep-div-metadata", LABEL="Metadata", ADMID="rep-premis")
    data_div = _sub(rep_div, _m("div"), ID="rep-div-data", LABEL="Data")
    _sub(data_div, _m("fptr"), FILEID="rep-data")
    rep_mets_fil = Fil(f"{rep_dir}/METS.xml", _xml_bytes(rep_mets), "text/xml")

    # The package's own metadata, documentation and schemas.
    dc_fil = Fil("metadata/descriptive/dc.xml", _dublin_core(dp, skapad), "text/xml")
    premis = _premis_root()
    rep_obj = _sub(premis, _p("object"), **{f"{{{XSI_NS}}}type": "premis:representation"})
    _premis_id(rep_obj, "objectIdentifier", "local", rep_dir)
    _sub(rep_obj, _p("originalName"), _("Delprojektets handlingar"))
    _premis_agents(premis, aktor)
    _premis_event(
        premis,
        id_="handelse-skapat",
        typ="creation",
        tid=tid,
        detalj=_("Arkivpaketet skapades för %(ref)s (status %(status)s).")
        % {"ref": dp.referens, "status": dp.get_status_display()},
        objekt=[rep_dir],
    )
    premis_fil = Fil("metadata/preservation/premis.xml", _xml_bytes(premis), "text/xml")
    lasmig_fil = Fil("documentation/LASMIG.txt", _lasmig(dp, dokument, skapad), "text/plain")
    schema_filer = [
        Fil(f"schemas/{namn}", (SCHEMAS_DIR / namn).read_bytes(), "text/xml") for namn in SCHEMAS
    ]

    mets = _mets_root(
        objid, _("Arkivpaket %(ref)s %(titel)s") % {"ref": objid, "titel": dp.titel}, skapad
    )
    dmd = _sub(mets, _m("dmdSec"), ID="dmd-dc", CREATED=tid, STATUS="CURRENT")
    _md_ref(dmd, dc_fil, dc_fil.sokvag, "DC", tid)
    amd = _sub(mets, _m("amdSec"))
    digi = _sub(amd, _m("digiprovMD"), ID="premis", STATUS="CURRENT")
    _md_ref(digi, premis_fil, premis_fil.sokvag, "PREMIS", tid)
    file_sec = _sub(mets, _m("fileSec"), ID="filsektion")
    grupper = (
        ("grp-dokumentation", "Documentation", [lasmig_fil]),
        ("grp-scheman", "Schemas", schema_filer),
        ("grp-rep1", f"Representations/{REP}", [rep_mets_fil]),
    )
    for grp_id, use, filer in grupper:
        grp = _sub(
            file_sec,
            _m("fileGrp"),
            ID=grp_id,
            USE=use,
            **{
                _c("CONTENTINFORMATIONTYPE"): "OTHER",
                _c("OTHERCONTENTINFORMATIONTYPE"): "SFBV-delprojekt",
            },
        )
        for f in filer:
            _file(grp, f, f.sokvag, _file_id(f.sokvag), tid)
    smap = _sub(mets, _m("structMap"), ID="struktur", TYPE="PHYSICAL", LABEL="CSIP")
    root_div = _sub(smap, _m("div"), ID="div-paket", LABEL=objid)
    _sub(root_div, _m("div"), ID="div-metadata", LABEL="Metadata", ADMID="premis", DMDID="dmd-dc")
    for grp_id, use, _filer in grupper[:2]:
        div = _sub(root_div, _m("div"), ID=f"div-{grp_id}", LABEL=use)
        _sub(div, _m("fptr"), FILEID=grp_id)
    reps = _sub(root_div, _m("div"), ID="div-representationer", LABEL="Representations")
    _sub(reps, _m("fptr"), FILEID="grp-rep1")
    rep = _sub(reps, _m("div"), ID="div-rep1", LABEL=f"Representations/{REP}")
    _sub(
        rep,
        _m("mptr"),
        LOCTYPE="URL",
        **{_x("type"): "simple", _x("href"): rep_mets_fil.sokvag, _x("title"): "grp-rep1"},
    )
    mets_fil = Fil("METS.xml", _xml_bytes(mets), "text/xml")

    buffer = io.BytesIO()
    alla = [
        mets_fil,
        dc_fil,
        premis_fil,
        lasmig_fil,
        *schema_filer,
        rep_mets_fil,
        rep_premis_fil,
        *data,
    ]
    stamp = timezone.localtime(skapad).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in alla:
            info = zipfile.ZipInfo(f"{objid}/{f.sokvag}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, f.innehall)
    return Arkivpaket(
        filnamn=f"{objid}-arkivpaket-{timezone.localdate(skapad):%Y-%m-%d}.zip",
        innehall=buffer.getvalue(),
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
        % {"namn": paket.filnamn, "sha": _sha256(paket.innehall)[:16]},
    )
    return paket


__all__ = [
    "ARKIVERBAR",
    "KALLOR",
    "TABELLER",
    "Arkivdokument",
    "Arkivpaket",
    "arkivkalla",
    "arkivpaket_bygg",
    "arkivpaket_dokument",
    "arkivpaket_hamta",
]
