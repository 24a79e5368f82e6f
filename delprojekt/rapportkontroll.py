"""Report checks of the slutrapport: readability (LIX), length and what blocks submission.

The text functions (``lix``, ``hardest_sentences``, ``strip_markdown``) are pure. The
report check ``rapportkontroll`` reads the chapters, the åtgärdsförslag, the follow-up
plan and its parameters, one query each, and is recomputed on every page load.

LIX (läsbarhetsindex) = words per sentence + the percentage of words longer than six
characters. Words are runs of letters and digits; a sentence ends at . ! ? or : followed
by a space or the end of the text, and at the end of a heading, a list item, a table
row or a paragraph. The band is taken from the value rounded to one decimal:
under 30 "Mycket lättläst", 30 to under 40 "Lättläst", 40 to under 50 "Medelsvår",
50 to 60 "Svår", over 60 "Mycket svår".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from delprojekt.models import Atgardsforslag, Dokumenttyp, Kapitel, Samverkan, Uppfoljningsplan
from delprojekt.models.dokument import MALL, VALFRIA_KAPITEL, Uppfoljningsparameter
from delprojekt.services.personnummer import find_personnummer
from delprojekt.tal import tal

BLOCKERAR = "blockerar"
RAD = "råd"

#: Words on a printed page of the mall; a chapter with a table adds one page.
ORD_PER_SIDA = 400
#: More references than this earns advice; the method asks for as few as possible.
MANGA_REFERENSER = 10
#: A chapter whose LIX is at least this gets advice ("Svår" and harder).
SVAR_LIX = 50
#: Sentence limits behind the hints.
LANG_MENING = 20
ANDEL_LANGA_ORD = 0.4

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>|https?://\S+")
_EMPHASIS = re.compile(r"[*_`~]+")
_FENCE = re.compile(r"^\s*(```|~~~)")


def for_manga_forslag_text(antal: int) -> str | None:
    """The advice when a report has more åtgärdsförslag than the working method
    recommends (``Samverkan.max_atgardsforslag``, five in the method), else ``None``."""
    hogst = Samverkan.current().max_atgardsforslag
    if antal <= hogst:
        return None
    return _(
        "Rapporten har %(antal)d åtgärdsförslag. Arbetsmetoden rekommenderar "
        "högst %(hogst)d – överväg att slå ihop eller prioritera."
    ) % {"antal": antal, "hogst": hogst}


@dataclass(frozen=True)
class Lix:
    ord: int
    meningar: int
    langa_ord: int
    varde: float | None
    band: str


@dataclass(frozen=True)
class SvarMening:
    text: str
    ord: int
    langa_ord: int
    tips: list[str]


@dataclass(frozen=True)
class Punkt:
    niva: str
    text: str


@dataclass(frozen=True)
class KapitelKontroll:
    nyckel: str
    rubrik: str
    tomt: bool
    valfritt: bool
    lix: Lix
    har_tabell: bool


@dataclass
class Rapportkontroll:
    kapitel: list[KapitelKontroll]
    lix: Lix
    sidor: int
    referenser: int
    atgardsforslag: int
    utan_bedomning: list[str]
    punkter: list[Punkt] = field(default_factory=list)

    @property
    def ord(self) -> int:
        return self.lix.ord

    @property
    def blockerar(self) -> list[Punkt]:
        return [p for p in self.punkter if p.niva == BLOCKERAR]

    @property
    def rad(self) -> list[Punkt]:
        return [p for p in self.punkter if p.niva == RAD]

    def kapitlet(self, nyckel: str) -> KapitelKontroll | None:
        return next((k for k in self.kapitel if k.nyckel == nyckel), None)


def band(varde: float | None) -> str:
    if varde is None:
        return _("Ingen text")
    if varde < 30:
        return _("Mycket lättläst")
    if varde < 40:
        return _("Lättläst")
    if varde < 50:
        return _("Medelsvår")
    if varde <= 60:
        return _("Svår")
    return _("Mycket svår")


def strip_markdown(text: str) -> list[str]:
    """The text as plain blocks: one per paragraph, heading, list item and table row."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip() or _FENCE.match(line) or _TABLE_SEPARATOR.match(line):
            flush()
            continue
        starts_block = False
        if _HEADING.match(line):
            line, starts_block = _HEADING.sub("", line), True
        if _QUOTE.match(line):
            line = _QUOTE.sub("", line)
        if _LIST_ITEM.match(line):
            line, starts_block = _LIST_ITEM.sub("", line), True
        if line.lstrip().startswith("|"):
            line, starts_block = line.replace("|", " "), True
        line = _IMAGE_OR_LINK.sub(r"\1", line)
        line = _AUTOLINK.sub(" ", line)
        line = _EMPHASIS.sub("", line).strip()
        if starts_block:
            flush()
            current.append(line)
            if _HEADING.match(raw) or raw.lstrip().startswith("|"):
                flush()
        else:
            current.append(line)
    flush()
    return [b for b in blocks if b]


def sentences(text: str) -> list[str]:
    """Sentences of the text (Markdown stripped) that contain at least one word."""
    out = []
    for block in strip_markdown(text):
        for part in _SENTENCE_END.split(block):
            part = part.strip()
            if _WORD.search(part):
                out.append(part)
    return out


def _long(words: list[str]) -> int:
    return sum(1 for w in words if len(w) > 6)


def lix(text: str) -> Lix:
    meningar = sentences(text)
    words = [w for s in meningar for w in _WORD.findall(s)]
    langa = _long(words)
    if not words:
        return Lix(ord=0, meningar=0, langa_ord=0, varde=None, band=band(None))
    varde = round(len(words) / len(meningar) + 100 * langa / len(words), 1)
    return Lix(
        ord=len(words), meningar=len(meningar), langa_ord=langa, varde=varde, band=band(varde)
    )


def hardest_sentences(text: str, n: int = 3) -> list[SvarMening]:
    """The ``n`` hardest sentences that earn a hint, hardest first.

    A sentence is hard when it is long (more than 20 words: "Dela upp meningen") or
    when at least three and 40 % of its words are longer than six characters ("Byt långa ord mot
    vardagliga"); they are ranked by their own LIX (words + percentage of long words).
    """
    scored = []
    for mening in sentences(text):
        words = _WORD.findall(mening)
        langa = _long(words)
        tips = []
        if len(words) > LANG_MENING:
            tips.append(_("Dela upp meningen"))
        if langa >= 3 and langa / len(words) >= ANDEL_LANGA_ORD:
            tips.append(_("Byt långa ord mot vardagliga"))
        if tips:
            score = len(words) + 100 * langa / len(words)
            scored.append((score, SvarMening(mening, len(words), langa, tips)))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [s for _score, s in scored[:n]]


def _has_table(text: str) -> bool:
    return any(_TABLE_SEPARATOR.match(line) for line in (text or "").splitlines())


def count_references(text: str) -> int:
    """Non-empty lines of the reference chapter that are not headings."""
    return sum(
        1
        for line in (text or "").splitlines()
        if line.strip() and not _HEADING.match(line) and not _TABLE_SEPARATOR.match(line)
    )


def _personnummer_platser(kapitel, forslag, plan, parametrar) -> list[str]:
    platser = []
    for k in kapitel:
        if find_personnummer(k.text):
            platser.append(str(MALL_RUBRIK.get(k.nyckel, k.nyckel)))
    for a in forslag:
        texts = (a.titel, a.beskrivning, a.genomforbarhet, a.undantrangning, a.kostnad)
        if any(find_personnummer(t) for t in texts):
            platser.append(_("åtgärdsförslag %(nr)s") % {"nr": a.ordning})
    plan_texts = [plan.hur, plan.nar, plan.vem, getattr(plan, "parametrar", "")] if plan else []
    for p in parametrar:
        plan_texts += [p.namn, p.enhet, p.kalla_beskrivning, p.mal_beskrivning]
    if any(find_personnummer(t) for t in plan_texts):
        platser.append(_("uppföljningsplanen"))
    return platser


MALL_RUBRIK = dict(MALL[Dokumenttyp.SLUTRAPPORT])

_PATIENT = re.compile(r"patient", re.IGNORECASE)
_NARSTAENDE = re.compile(r"när(?:stå|sta)ende", re.IGNORECASE)


def regioner_utan_omnamnande(text: str, regioner: list) -> list[str]:
    """The concerned regions the text names neither by name nor by the name without
    "Region" (``Region Halland`` or ``Halland``), case-insensitively."""
    folded = text.casefold()
    out = []
    for r in regioner:
        kort = re.sub(r"^region\s+", "", r.namn, flags=re.IGNORECASE)
        if r.namn.casefold() not in folded and kort.casefold() not in folded:
            out.append(r.namn)
    return out


def har_patientperspektiv(text: str) -> bool:
    """Whether the text has a section on the patients' and next of kin's perspective: a
    Markdown heading that names both patients and närstående."""
    for line in text.splitlines():
        if _HEADING.match(line) and _PATIENT.search(line) and _NARSTAENDE.search(line):
            return True
    return False


def _fetch(dp, kapitel=None):
    if kapitel is None:
        kapitel = {
            k.nyckel: k
            for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="slutrapport")
        }
    forslag = list(Atgardsforslag.objects.filter(delprojekt=dp))
    plan = Uppfoljningsplan.objects.filter(delprojekt=dp).first()
    parametrar = list(Uppfoljningsparameter.objects.filter(delprojekt=dp))
    return kapitel, forslag, plan, parametrar


def personnummer_platser(dp) -> list[str]:
    """Where the slutrapport holds something that looks like a personnummer (never the number)."""
    kapitel, forslag, plan, parametrar = _fetch(dp)
    return _personnummer_platser(kapitel.values(), forslag, plan, parametrar)


def rapportkontroll(dp, kapitel: dict[str, Kapitel] | None = None) -> Rapportkontroll:
    """The report check of ``dp``'s slutrapport; ``kapitel`` (by key) saves the chapter query
    when the caller has the chapters already."""
    kapitel, forslag, plan, parametrar = _fetch(dp, kapitel)
    kontroller = []
    for nyckel, rubrik in MALL[Dokumenttyp.SLUTRAPPORT]:
        text = kapitel[nyckel].text if nyckel in kapitel else ""
        kontroller.append(
            KapitelKontroll(
                nyckel=nyckel,
                rubrik=str(rubrik),
                tomt=not text.strip(),
                valfritt=nyckel in VALFRIA_KAPITEL,
                lix=lix(text),
                har_tabell=_has_table(text),
            )
        )
    helhet = lix("\n\n".join(k.text for k in kapitel.values()))
    sidor = math.ceil(helhet.ord / ORD_PER_SIDA) + sum(1 for k in kontroller if k.har_tabell)
    referenser = count_references(kapitel["referenser"].text if "referenser" in kapitel else "")
    utan = [
        f"{a.ordning}. {a.titel}"
        for a in forslag
        if not a.genomforbarhet.strip() or not a.undantrangning.strip()
    ]
    punkter: list[Punkt] = []
    for plats in _personnummer_platser(kapitel.values(), forslag, plan, parametrar):
        punkter.append(
            Punkt(
                BLOCKERAR,
                _(
                    "Något som liknar ett personnummer finns i %(plats)s. Patientuppgifter "
                    "får aldrig stå i rapporten – ta bort uppgiften."
                )
                % {"plats": plats},
            )
        )
    saknade = [k.rubrik for k in kontroller if k.tomt and not k.valfritt]
    if saknade:
        punkter.append(
            Punkt(
                BLOCKERAR, _("Slutrapporten saknar: %(kapitel)s.") % {"kapitel": ", ".join(saknade)}
            )
        )
    saknas = plan.saknas(len(parametrar)) if plan else [_("hela planen")]
    if saknas:
        punkter.append(
            Punkt(
                BLOCKERAR,
                _("Uppföljningsplanen saknar: %(delar)s.")
                % {"delar": ", ".join(str(s) for s in saknas)},
            )
        )
    if not forslag:
        punkter.append(Punkt(BLOCKERAR, _("Minst ett åtgärdsförslag måste finnas.")))
    if for_manga := for_manga_forslag_text(len(forslag)):
        punkter.append(Punkt(RAD, for_manga))
    for titel in utan:
        punkter.append(
            Punkt(
                RAD,
                _("Åtgärdsförslag %(titel)s saknar text om genomförbarhet eller undanträngning.")
                % {"titel": titel},
            )
        )
    for k in kontroller:
        if k.lix.varde is not None and k.lix.varde >= SVAR_LIX:
            punkter.append(
                Punkt(
                    RAD,
                    _(
                        "%(kapitel)s är svårläst (LIX %(lix)s, %(band)s). Skriv så att den som "
                        "inte är specialist förstår: kortare meningar och vardagliga ord."
                    )
                    % {"kapitel": k.rubrik, "lix": tal(k.lix.varde, 1), "band": k.lix.band.lower()},
                )
            )
    nulage = kapitel["nulage"].text if "nulage" in kapitel else ""
    if nulage.strip():
        saknade_regioner = regioner_utan_omnamnande(nulage, list(dp.regioner.all()))
        if saknade_regioner:
            punkter.append(
                Punkt(
                    RAD,
                    _(
                        "Nuläget nämner inte %(regioner)s. Arbetsmetoden ber om nuläget i "
                        "varje berörd region."
                    )
                    % {"regioner": ", ".join(saknade_regioner)},
                )
            )
    if not har_patientperspektiv(nulage) and not (dp.utan_patientperspektiv or "").strip():
        punkter.append(
            Punkt(
                RAD,
                _(
                    "Nuläget saknar patientens och närståendes perspektiv. Skriv ett avsnitt "
                    "med en rubrik om patienter och närstående, eller ange varför det saknas."
                ),
            )
        )
    if referenser > MANGA_REFERENSER:
        punkter.append(
            Punkt(
                RAD,
                _("Rapporten har %(antal)d referenser. Arbetsmetoden ber om så få som möjligt.")
                % {"antal": referenser},
            )
        )
    return Rapportkontroll(
        kapitel=kontroller,
        lix=helhet,
        sidor=sidor,
        referenser=referenser,
        atgardsforslag=len(forslag),
        utan_bedomning=utan,
        punkter=punkter,
    )
