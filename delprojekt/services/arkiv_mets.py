"""METS, PREMIS and the ZIP of the archive package (E-ARK CSIP 2.1, a SIP).

``delprojekt.services.arkiv`` gathers what goes into the package; this module writes the
structure around it: the representation's PREMIS (every data file with its SHA-256, size,
format and PDF/A status) and METS, the package's PREMIS and METS, and the ZIP with one
folder at the top. Only the standard library's ``xml.etree`` writes the XML.

Two choices follow the E-ARK validator (``eark-validator`` 1.1), which the tests run: the
structural map has a ``Representations`` division holding the one representation's
division, and every file group carries ``csip:CONTENTINFORMATIONTYPE="OTHER"``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from django.utils import timezone
from django.utils.translation import gettext as _

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


#: Characters XML 1.0 does not allow (typed text may hold them; a parser would refuse).
_EJ_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_bytes(root: ET.Element) -> bytes:
    """The document as UTF-8 with a declaration, indented, every text made legal XML."""
    for el in root.iter():
        if el.text:
            el.text = _EJ_XML.sub("", el.text)
        for key, value in el.attrib.items():
            el.set(key, _EJ_XML.sub("", value))
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
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
        return sha256_hex(self.innehall)

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


def iso_tid(moment: datetime.datetime) -> str:
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
        CREATEDATE=iso_tid(skapad),
        LASTMODDATE=iso_tid(skapad),
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


def _premis_agents(root: ET.Element, aktor: str, organisation: str) -> None:
    program = _sub(root, _p("agent"))
    _premis_id(program, "agentIdentifier", "local", "agent-program")
    _sub(program, _p("agentName"), PROGRAM)
    _sub(program, _p("agentType"), "software")
    _sub(program, _p("agentVersion"), PROGRAMVERSION)
    person = _sub(root, _p("agent"))
    _premis_id(person, "agentIdentifier", "local", "agent-hamtad-av")
    _sub(person, _p("agentName"), aktor)
    _sub(person, _p("agentType"), "person")
    organisation_el = _sub(root, _p("agent"))
    _premis_id(organisation_el, "agentIdentifier", "local", "agent-organisation")
    _sub(organisation_el, _p("agentName"), organisation)
    _sub(organisation_el, _p("agentType"), "organization")


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


#: What the METS files call the kind of content (CSIP's ``OTHER``, named).
INNEHALLSTYP = "SFBV-delprojekt"


def _file_grp(parent: ET.Element, *, id_: str, use: str) -> ET.Element:
    return _sub(
        parent,
        _m("fileGrp"),
        ID=id_,
        USE=use,
        **{
            _c("CONTENTINFORMATIONTYPE"): "OTHER",
            _c("OTHERCONTENTINFORMATIONTYPE"): INNEHALLSTYP,
        },
    )


def representation(
    *, objid: str, data: Sequence[Fil], aktor: str, organisation: str, skapad: datetime.datetime
) -> tuple[Fil, Fil]:
    """The representation's PREMIS and METS for its data files (paths below the package)."""
    tid = iso_tid(skapad)
    rep_dir = f"representations/{REP}"

    def rel(f: Fil) -> str:
        return f.sokvag.removeprefix(rep_dir + "/")

    premis = _premis_root()
    for f in data:
        _premis_file(premis, f, rel(f))
    _premis_agents(premis, aktor, organisation)
    _premis_event(
        premis,
        id_="handelse-paketering",
        typ="packing",
        tid=tid,
        detalj=_("Filerna samlades i arkivpaketet."),
        objekt=[rel(f) for f in data],
    )
    premis_fil = Fil(f"{rep_dir}/metadata/preservation/premis.xml", xml_bytes(premis), "text/xml")

    mets = _mets_root(
        f"{objid}-{REP}", _("%(ref)s, representation %(rep)s") % {"ref": objid, "rep": REP}, skapad
    )
    mets.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{METS_NS} ../../schemas/mets.xsd {XLINK_NS} ../../schemas/xlink.xsd",
    )
    amd = _sub(mets, _m("amdSec"))
    digi = _sub(amd, _m("digiprovMD"), ID="rep-premis", STATUS="CURRENT")
    _md_ref(digi, premis_fil, rel(premis_fil), "PREMIS", tid)
    file_sec = _sub(mets, _m("fileSec"), ID="rep-filsektion")
    grp = _file_grp(file_sec, id_="rep-data", use="Data")
    for f in data:
        _file(grp, f, rel(f), _file_id(rel(f)), tid)
    smap = _sub(mets, _m("structMap"), ID="rep-struktur", TYPE="PHYSICAL", LABEL="CSIP")
    rep_div = _sub(smap, _m("div"), ID="rep-div", LABEL=f"{objid}-{REP}")
    _sub(rep_div, _m("div"), ID="rep-div-metadata", LABEL="Metadata", ADMID="rep-premis")
    data_div = _sub(rep_div, _m("div"), ID="rep-div-data", LABEL="Data")
    _sub(data_div, _m("fptr"), FILEID="rep-data")
    return premis_fil, Fil(f"{rep_dir}/METS.xml", xml_bytes(mets), "text/xml")


def schemafiler() -> list[Fil]:
    return [
        Fil(f"schemas/{namn}", (SCHEMAS_DIR / namn).read_bytes(), "text/xml") for namn in SCHEMAS
    ]


def paket(
    *,
    objid: str,
    label: str,
    beskrivning: str,
    dc: Fil,
    dokumentation: Fil,
    rep_premis: Fil,
    rep_mets: Fil,
    data: Sequence[Fil],
    aktor: str,
    organisation: str,
    skapad: datetime.datetime,
) -> bytes:
    """The package's PREMIS and METS around the representation, and the whole as a ZIP.

    ``beskrivning`` is the detail of the package's creation event.
    """
    tid = iso_tid(skapad)
    rep_dir = f"representations/{REP}"
    premis = _premis_root()
    rep_obj = _sub(premis, _p("object"), **{f"{{{XSI_NS}}}type": "premis:representation"})
    _premis_id(rep_obj, "objectIdentifier", "local", rep_dir)
    _sub(rep_obj, _p("originalName"), _("Delprojektets handlingar"))
    _premis_agents(premis, aktor, organisation)
    _premis_event(
        premis, id_="handelse-skapat", typ="creation", tid=tid, detalj=beskrivning, objekt=[rep_dir]
    )
    premis_fil = Fil("metadata/preservation/premis.xml", xml_bytes(premis), "text/xml")
    scheman = schemafiler()

    mets = _mets_root(objid, label, skapad)
    dmd = _sub(mets, _m("dmdSec"), ID="dmd-dc", CREATED=tid, STATUS="CURRENT")
    _md_ref(dmd, dc, dc.sokvag, "DC", tid)
    amd = _sub(mets, _m("amdSec"))
    digi = _sub(amd, _m("digiprovMD"), ID="premis", STATUS="CURRENT")
    _md_ref(digi, premis_fil, premis_fil.sokvag, "PREMIS", tid)
    file_sec = _sub(mets, _m("fileSec"), ID="filsektion")
    grupper = (
        ("grp-dokumentation", "Documentation", [dokumentation]),
        ("grp-scheman", "Schemas", scheman),
        ("grp-rep1", f"Representations/{REP}", [rep_mets]),
    )
    for grp_id, use, filer in grupper:
        grp = _file_grp(file_sec, id_=grp_id, use=use)
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
        **{_x("type"): "simple", _x("href"): rep_mets.sokvag, _x("title"): "grp-rep1"},
    )
    mets_fil = Fil("METS.xml", xml_bytes(mets), "text/xml")
    alla = [mets_fil, dc, premis_fil, dokumentation, *scheman, rep_mets, rep_premis, *data]
    return zip_bytes(objid, alla, skapad)


def zip_bytes(objid: str, filer: Iterable[Fil], skapad: datetime.datetime) -> bytes:
    """The files below one folder ``objid``, dated ``skapad``."""
    buffer = io.BytesIO()
    stamp = timezone.localtime(skapad).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in filer:
            info = zipfile.ZipInfo(f"{objid}/{f.sokvag}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, f.innehall)
    return buffer.getvalue()
