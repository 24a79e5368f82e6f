"""The user guide's chapters and which chapter helps on which page, declared once.

The chapters are Markdown files in ``docs/guide/`` (read on GitHub and served at
``/hjalp/<kapitel>/``). ``HJALP`` maps a page — a URL name, or a whole namespace — to
the sections that explain it, one per role where the roles differ; ``hjalp_for`` picks
the one for the user's roles from ``roller_for`` (computed once per request, so the
header's Hjälp link costs no query). Tests check that every anchor named here exists in
its chapter and that every page of the application has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import ResolverMatch, reverse

from delprojekt.permissions import Roller


@dataclass(frozen=True)
class Kapitel:
    slug: str
    titel: str
    for_vem: str


KAPITEL: tuple[Kapitel, ...] = (
    Kapitel("kom-igang", "Kom igång", "alla: logga in, startsidan, sök, notiser, ditt konto"),
    Kapitel("kansli", "Kansliet", "kansliet: portföljen, förslag, beslutsgången, sammanträden"),
    Kapitel(
        "ledningsgrupp",
        "Ledamot i ledningsgruppen",
        "ledamöter i ledningsgruppen och de andra organen: beslutskön och sammanträdena",
    ),
    Kapitel(
        "arbetsgrupp",
        "Ordförande och skribent i en arbetsgrupp",
        "arbetsgruppens ordförande och skribenter: anteckningar, slutrapport, uppföljning",
    ),
    Kapitel(
        "samordnare",
        "Regional samordnare",
        "regionala samordnare: regionens beslut och införandet",
    ),
    Kapitel("lasare", "Läsare", "läsare: hitta och läsa delprojekt, statistik och export"),
)
KAPITEL_PER_SLUG = {k.slug: k for k in KAPITEL}

#: A section: (chapter slug, anchor in that chapter; "" for its top).
Avsnitt = tuple[str, str]

START: Avsnitt = ("kom-igang", "startsidan-att-göra")
KONTO: Avsnitt = ("kom-igang", "ditt-konto")
VIDARE: Avsnitt = ("kansli", "föra-ett-delprojekt-vidare")
UPPDRAG: Avsnitt = ("kansli", "uppdraget-och-arbetsgruppen")
ARBETSGRUPP: Avsnitt = ("arbetsgrupp", "arbetsgruppens-sida")
ANTECKNINGAR: Avsnitt = ("arbetsgrupp", "anteckningar-och-vägval")
SLUTRAPPORT: Avsnitt = ("arbetsgrupp", "skriva-slutrapporten")
ARBETSGRUPPENS_AR: Avsnitt = ("arbetsgrupp", "arbetsgruppens-år")
STALLNING: Avsnitt = ("ledningsgrupp", "ta-ställning-i-ett-ärende")
BESLUTSKO: Avsnitt = ("ledningsgrupp", "min-beslutskö")
SAMMANTRADE: tuple[Avsnitt, ...] = (
    ("kansli", "förbereda-ett-sammanträde"),
    ("ledningsgrupp", "sammanträdet-och-protokollet"),
)
REGIONBESLUT: Avsnitt = ("samordnare", "regionens-beslut")
INFORANDE: Avsnitt = ("samordnare", "införandet-i-regionen")

#: Page (``namespace:name``) or namespace (``namespace:*``) -> its sections, in order of
#: preference; the first whose chapter belongs to one of the user's roles is linked, and
#: the first of all when none does.
HJALP: dict[str, tuple[Avsnitt, ...]] = {
    "start": (),  # the role's own chapter
    "login": (("kom-igang", "logga-in"),),
    "sok": (("kom-igang", "sök"),),
    "konton:*": (KONTO,),
    "api_nycklar:*": (KONTO,),
    "notiser:*": (("kom-igang", "notiser"),),
    "hjalp:*": (("kom-igang", "hjälp-på-varje-sida"),),
    "delprojekt:portfolio": (("kansli", "portföljen"), ("lasare", "portföljen-och-filtren")),
    "delprojekt:mine": (("kansli", "portföljen"), ("lasare", "portföljen-och-filtren")),
    "delprojekt:register": (("kansli", "registrera-ett-förslag"),),
    "delprojekt:import": (("kansli", "importera-delprojekt"),),
    "delprojekt:import_beskrivning": (("kansli", "importera-delprojekt"),),
    "delprojekt:detail": (
        VIDARE,
        STALLNING,
        REGIONBESLUT,
        ("lasare", "ett-delprojekts-sida"),
        ARBETSGRUPP,
    ),
    "delprojekt:edit": (VIDARE,),
    "delprojekt:transition": (VIDARE,),
    "delprojekt:positions": (STALLNING,),
    "delprojekt:uppdrag_andring": (UPPDRAG,),
    "delprojekt:uppdrag_versioner": (UPPDRAG,),
    "delprojekt:kompetenskrav": (UPPDRAG,),
    "delprojekt:kompetenskrav_edit": (UPPDRAG,),
    "delprojekt:milstolpar": (UPPDRAG,),
    "delprojekt:milstolpe_edit": (UPPDRAG,),
    "delprojekt:arbetsgrupp_utse": (UPPDRAG,),
    "delprojekt:arbetsgrupp": (ARBETSGRUPP,),
    "delprojekt:arbetsgrupp_lista": (ARBETSGRUPP,),
    "delprojekt:anteckningar": (ANTECKNINGAR,),
    "delprojekt:anteckning": (ANTECKNINGAR,),
    "delprojekt:anteckning_ny": (ANTECKNINGAR,),
    "delprojekt:anteckning_andra": (ANTECKNINGAR,),
    "delprojekt:vagval": (ANTECKNINGAR,),
    "delprojekt:forankring": (ANTECKNINGAR,),
    "delprojekt:forankring_andra": (ANTECKNINGAR,),
    "delprojekt:forankring_oversikt": (("kansli", "portföljen"), ANTECKNINGAR),
    "delprojekt:delrapporter": (ARBETSGRUPP,),
    "delprojekt:delrapport": (ARBETSGRUPP,),
    "delprojekt:delrapport_andra": (ARBETSGRUPP,),
    "delprojekt:stod": (ARBETSGRUPP,),
    "delprojekt:stod_andra": (ARBETSGRUPP,),
    "delprojekt:kommunikation_andra": (ARBETSGRUPP,),
    "delprojekt:resurser": (ARBETSGRUPP,),
    "delprojekt:resursinsats_andra": (ARBETSGRUPP,),
    "delprojekt:samfinansiering_andra": (ARBETSGRUPP,),
    "delprojekt:dokument": (SLUTRAPPORT,),
    "delprojekt:kapitel": (SLUTRAPPORT,),
    "delprojekt:kapitel_kommentarer": (SLUTRAPPORT,),
    "delprojekt:kapitel_versioner": (SLUTRAPPORT,),
    "delprojekt:atgardsforslag": (("arbetsgrupp", "åtgärdsförslag"),),
    "delprojekt:atgardsforslag_edit": (("arbetsgrupp", "åtgärdsförslag"),),
    "delprojekt:uppfoljningsplan": (("arbetsgrupp", "åtgärdsförslag"),),
    "delprojekt:uppfoljningsparameter": (("arbetsgrupp", "åtgärdsförslag"),),
    "delprojekt:regionbeslut": (REGIONBESLUT,),
    "delprojekt:regionbeslut_oversikt": (REGIONBESLUT,),
    "delprojekt:huvudmannabeslut": (REGIONBESLUT,),
    "delprojekt:sprakgranskning": (("arbetsgrupp", "språkgranskning"),),
    "delprojekt:arbetsgrupp_kompetens_skal": (UPPDRAG,),
    "delprojekt:*": (VIDARE, ARBETSGRUPP),
    "publicering:*": (("kansli", "publicera-ett-delprojekt"),),
    "processtod:*": (("kansli", "processtöd-och-fakturor"),),
    "inforande:*": (("samordnare", "genomförandeplanen"),),
    "verksamhet:*": (("ledningsgrupp", "organets-år"),),
    "verksamhet:arbetsgrupp_plan": (ARBETSGRUPPENS_AR,),
    "verksamhet:arbetsgrupp_berattelse": (ARBETSGRUPPENS_AR,),
    "verksamhet:arbetsgrupp_godkann": (ARBETSGRUPPENS_AR,),
    "verksamhet:arbetsgrupp_las": (ARBETSGRUPPENS_AR,),
    "verksamhet:arbetsgrupp_berattelse_pdf": (ARBETSGRUPPENS_AR,),
    "inforande:eskalera": (("samordnare", "lyfta-ett-problem"),),
    "inforande:eskalering": (("samordnare", "lyfta-ett-problem"),),
    "beslut:*": (BESLUTSKO,),
    "beslut:beslutsforslag": (("kansli", "beslutsförslag-till-ett-organ"), BESLUTSKO),
    "sammantrade:*": SAMMANTRADE,
    "uppfoljning:oversikt": (("kansli", "uppföljningar"),),
    "uppfoljning:omgangar": (("kansli", "uppföljningar"),),
    "uppfoljning:omgang": (("kansli", "uppföljningar"), ("arbetsgrupp", "uppföljningsrapporten")),
    "uppfoljning:rapport": (("arbetsgrupp", "uppföljningsrapporten"),),
    "uppfoljning:*": (INFORANDE,),
    "statistik:*": (("lasare", "statistik"),),
    "epost:*": (("kansli", "e-post-som-inte-kom-fram"),),
    "personuppgifter:*": (("kansli", "personuppgifter"),),
}


def roll_kapitel(roller: Roller) -> list[str]:
    """The chapters of the user's roles, the most particular first."""
    slugs: list[str] = []
    if roller.kansli or roller.admin:
        slugs.append("kansli")
    if roller.ledningsgrupp or roller.samarbetsgrupp or roller.politisk:
        slugs.append("ledningsgrupp")
    if roller.samordnare_region_id is not None:
        slugs.append("samordnare")
    if roller.lasare:
        slugs.append("lasare")
    # Chairs and writers are roles in one project, not in the organisation: everyone may be one.
    slugs += ["arbetsgrupp", "kom-igang"]
    return slugs


def avsnitt_for(view_name: str | None, roller: Roller, *, inloggad: bool) -> Avsnitt:
    """The section that helps on the page ``view_name`` for a user with ``roller``."""
    if not inloggad:
        return ("kom-igang", "logga-in")
    egna = roll_kapitel(roller)
    kandidater: tuple[Avsnitt, ...] = ()
    if view_name:
        namespace = view_name.rpartition(":")[0]
        kandidater = HJALP.get(view_name) or HJALP.get(f"{namespace}:*", ())
    for avsnitt in kandidater:
        if avsnitt[0] in egna:
            return avsnitt
    if kandidater:
        return kandidater[0]
    return (egna[0], "")


def hjalp_url(match: ResolverMatch | None, roller: Roller, *, inloggad: bool) -> str:
    slug, anchor = avsnitt_for(match.view_name if match else None, roller, inloggad=inloggad)
    url = reverse("hjalp:kapitel", args=[slug])
    return f"{url}#{anchor}" if anchor else url


def kapitel_fil(slug: str) -> Path:
    return settings.BASE_DIR / "docs" / "guide" / f"{slug}.md"


def index_fil() -> Path:
    return settings.BASE_DIR / "docs" / "guide" / "README.md"
