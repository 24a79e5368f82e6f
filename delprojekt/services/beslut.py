"""Recording a body's decision: the one way a ``Beslut`` is written."""

from __future__ import annotations

import datetime

from delprojekt.historik import set_history_user
from delprojekt.models import Beslut, Delprojekt, Organ
from delprojekt.types import Actor


def beslut_record(
    *,
    delprojekt: Delprojekt | None,
    organ: Organ,
    utfall: str,
    datum: datetime.date,
    beslutstext: str,
    user: Actor,
    slag: str = Beslut.Slag.SAMMANTRADE,
    sammantrade: str = "",
    paragraf: str = "",
) -> Beslut:
    """Save a decision of ``organ`` with the acting user in its history.

    Callers check permissions and validate the date and text, and run this inside
    their own transaction together with what the decision changes.
    """
    beslut = Beslut(
        delprojekt=delprojekt,
        organ=organ,
        datum=datum,
        utfall=utfall,
        slag=slag,
        beslutstext=beslutstext.strip(),
        sammantrade=(sammantrade or "").strip(),
        paragraf=(paragraf or "").strip(),
        registrerat_av=user,
    )
    set_history_user(beslut, user)
    beslut.save()
    return beslut
