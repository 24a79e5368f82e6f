"""The lifecycle as data: phases, and what each transition asks of the user.

The transitions themselves (source, target, permission, guards) are declared on
``Delprojekt``; this module adds what the pages and the workflow service need to
know about each one: its Swedish label, who acts, which body's decision it
records, and which extra fields its form has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from delprojekt.models import Beslut, Organ, Status


@dataclass(frozen=True)
class Overgang:
    name: str
    label: str
    aktor: str
    organ: str | None = None
    utfall: str | None = None
    kommentar_kravs: bool = False
    positioner: bool = False
    rekommendationer: bool = False
    forfallodatum: bool = False
    overlamnat_datum: bool = False
    kan_forceras: bool = False
    bakat: bool = False


KANSLI = _("Kansliet")
GRUPP = _("Arbetsgruppens ordförande eller kansliet")
LG = _("Ledningsgruppen (kansliet registrerar beslutet)")
SG = _("Samarbetsgruppen (kansliet registrerar beslutet)")
NAMND = _("Nämnden (kansliet registrerar beslutet)")

_LG = Organ.Typ.LEDNINGSGRUPP
_U = Beslut.Utfall

#: (source state, transition name) -> what the form and the page need.
OVERGANGAR: dict[tuple[str, str], Overgang] = {}


def _add(sources: list[str] | str, o: Overgang) -> None:
    for source in [sources] if isinstance(sources, str) else sources:
        OVERGANGAR[(source, o.name)] = o


_add(Status.FORSLAG, Overgang("bered", _("Påbörja beredning"), KANSLI))
_add(Status.BEREDNING, Overgang("lagg_fram", _("Lägg fram för startbeslut"), KANSLI))
_add(
    Status.STARTBESLUT,
    Overgang("starta", _("Starta delprojektet"), LG, organ=_LG, utfall=_U.START, positioner=True),
)
_add(
    [Status.STARTBESLUT, Status.VILANDE],
    Overgang("avsla", _("Avslå"), LG, organ=_LG, utfall=_U.AVSLAG, positioner=True, bakat=True),
)
_add(
    Status.STARTBESLUT,
    Overgang(
        "vila",
        _("Vilande i väntan på resurser"),
        LG,
        organ=_LG,
        utfall=_U.VILANDE,
        positioner=True,
        bakat=True,
    ),
)
_add(
    Status.VILANDE,
    Overgang("ateruppta", _("Återuppta"), LG, organ=_LG, utfall=_U.ATERUPPTAGET, positioner=True),
)
_add(
    Status.UPPDRAG, Overgang("bilda_arbetsgrupp", _("Uppdraget klart – bilda arbetsgrupp"), KANSLI)
)
_add(
    Status.ARBETSGRUPP,
    Overgang("overlamna_uppdrag", _("Överlämna uppdraget"), KANSLI, overlamnat_datum=True),
)
_add(Status.NULAGE, Overgang("till_analys", _("Nuläget klart – gå till analys"), GRUPP))
_add(Status.ANALYS, Overgang("till_forslag", _("Analysen klar – ta fram förslag"), GRUPP))
_add(Status.ANALYS, Overgang("till_nulage", _("Tillbaka till nuläget"), GRUPP, bakat=True))
_add(
    Status.ATGARDSFORSLAG,
    Overgang("skriv_slutrapport", _("Förslagen klara – skriv slutrapport"), GRUPP),
)
_add(
    Status.ATGARDSFORSLAG,
    Overgang("till_analys", _("Tillbaka till analysen"), GRUPP, bakat=True),
)
_add(
    Status.SLUTRAPPORT,
    Overgang("lamna_till_samarbetsgrupp", _("Lämna slutrapporten till samarbetsgruppen"), GRUPP),
)
_add(
    Status.SAMARBETSGRUPP,
    Overgang("tillstyrk", _("Tillstyrk"), SG, organ=Organ.Typ.SAMARBETSGRUPP, utfall=_U.TILLSTYRKT),
)
_add(
    Status.SAMARBETSGRUPP,
    Overgang(
        "aterremittera",
        _("Återremittera till arbetsgruppen"),
        SG,
        organ=Organ.Typ.SAMARBETSGRUPP,
        utfall=_U.ATERREMISS,
        kommentar_kravs=True,
        bakat=True,
    ),
)
_add(
    Status.LEDNINGSGRUPP,
    Overgang(
        "besluta",
        _("Besluta (enhälligt) – till politisk beredning"),
        LG,
        organ=_LG,
        utfall=_U.BIFALL,
        positioner=True,
    ),
)
_add(
    Status.LEDNINGSGRUPP,
    Overgang(
        "aterremittera",
        _("Återremittera till arbetsgruppen"),
        LG,
        organ=_LG,
        utfall=_U.ATERREMISS,
        kommentar_kravs=True,
        positioner=True,
        bakat=True,
    ),
)
_add(
    Status.POLITISK_BEREDNING,
    Overgang("till_namnd", _("Beredning klar – till nämnden"), KANSLI),
)
_add(
    Status.NAMND,
    Overgang(
        "rekommendera",
        _("Registrera nämndens rekommendation"),
        NAMND,
        organ=Organ.Typ.NAMND,
        utfall=_U.REKOMMENDATION,
        rekommendationer=True,
    ),
)
_add(
    Status.NAMND,
    Overgang(
        "aterremittera",
        _("Återremittera till ledningsgruppen"),
        NAMND,
        organ=Organ.Typ.NAMND,
        utfall=_U.ATERREMISS,
        kommentar_kravs=True,
        bakat=True,
    ),
)
_add(
    Status.HUVUDMANNABESLUT,
    Overgang("borja_inforande", _("Påbörja införande"), KANSLI, kan_forceras=True),
)
_add(Status.INFORANDE, Overgang("starta_uppfoljning", _("Starta uppföljning"), KANSLI))
_add(
    Status.UPPFOLJNING,
    Overgang("avsluta", _("Avsluta delprojektet"), KANSLI, kan_forceras=True),
)
_add(
    Status.UPPFOLJNING,
    Overgang("ny_uppfoljning", _("Ny uppföljningsomgång"), KANSLI, forfallodatum=True),
)

AVBRYT = Overgang("avbryt", _("Avbryt delprojektet"), KANSLI, kommentar_kravs=True, bakat=True)


def overgangar_fran(status: str) -> list[Overgang]:
    """Every transition that leaves a state, forward ones first, avbryt last."""
    found = [o for (source, _name), o in OVERGANGAR.items() if source == status]
    if status not in (Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN):
        found.append(AVBRYT)
    return sorted(found, key=lambda o: (o.bakat, o is AVBRYT))


def overgang(status: str, name: str) -> Overgang | None:
    if name == AVBRYT.name and status not in (Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN):
        return AVBRYT
    return OVERGANGAR.get((status, name))


#: The main path, in order, for the visual track on the project page.
SPAR: list[str] = [
    Status.FORSLAG,
    Status.BEREDNING,
    Status.STARTBESLUT,
    Status.UPPDRAG,
    Status.ARBETSGRUPP,
    Status.NULAGE,
    Status.ANALYS,
    Status.ATGARDSFORSLAG,
    Status.SLUTRAPPORT,
    Status.SAMARBETSGRUPP,
    Status.LEDNINGSGRUPP,
    Status.POLITISK_BEREDNING,
    Status.NAMND,
    Status.HUVUDMANNABESLUT,
    Status.INFORANDE,
    Status.UPPFOLJNING,
    Status.AVSLUTAD,
]

#: Phases, for grouping states in filters and on the track.
FASER: list[tuple[str, str, list[str]]] = [
    (
        "initiering",
        _("Initiering och startbeslut"),
        [Status.FORSLAG, Status.BEREDNING, Status.STARTBESLUT, Status.VILANDE],
    ),
    ("uppdrag", _("Uppdrag och arbetsgrupp"), [Status.UPPDRAG, Status.ARBETSGRUPP]),
    (
        "arbete",
        _("Arbetsgruppens arbete"),
        [Status.NULAGE, Status.ANALYS, Status.ATGARDSFORSLAG, Status.SLUTRAPPORT],
    ),
    (
        "beslut",
        _("Granskning och beslut"),
        [Status.SAMARBETSGRUPP, Status.LEDNINGSGRUPP, Status.POLITISK_BEREDNING, Status.NAMND],
    ),
    (
        "genomforande",
        _("Genomförande och uppföljning"),
        [Status.HUVUDMANNABESLUT, Status.INFORANDE, Status.UPPFOLJNING],
    ),
    ("avslutade", _("Avslutade"), [Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN]),
]


def nasta_steg(status: str) -> str:
    """A short text for lists: the main way forward from a state and who takes it."""
    forward = [o for o in overgangar_fran(status) if not o.bakat]
    if not forward:
        return ""
    first = forward[0]
    return f"{first.label} ({first.aktor.split(' (')[0].lower()})"
