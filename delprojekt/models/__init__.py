from .arbetsgrupp import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Nomineringsstatus,
)
from .beslut import Beslut, Huvudmannabeslut, Rekommendation, Stallningstagande
from .delprojekt import (
    NON_TERMINAL,
    TERMINAL,
    Delprojekt,
    Handelse,
    Referensserie,
    Status,
    Ursprung,
)
from .dokument import MALL, Atgardsforslag, Dokument, Dokumenttyp, Kapitel, Uppfoljningsplan
from .organisation import Fokusomrade, Organ, Organmedlemskap, Person, Region, Samverkan

__all__ = [
    "MALL",
    "NON_TERMINAL",
    "TERMINAL",
    "ArbetsgruppRoll",
    "Arbetsgruppsmedlemskap",
    "Atgardsforslag",
    "Beslut",
    "Delprojekt",
    "Dokument",
    "Dokumenttyp",
    "Fokusomrade",
    "Handelse",
    "Huvudmannabeslut",
    "Kapitel",
    "Nomineringsstatus",
    "Organ",
    "Organmedlemskap",
    "Person",
    "Referensserie",
    "Region",
    "Rekommendation",
    "Samverkan",
    "Stallningstagande",
    "Status",
    "Uppfoljningsplan",
    "Ursprung",
]
