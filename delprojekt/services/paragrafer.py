"""The bodies' gap-free § series, and the reporting of decisions taken outside a meeting.

A § is taken from the series of the body and calendar year: for a meeting's items when
its protocol is finalised (``sammantrade.protokoll_finalise``), and at once for a decision
taken per capsulam or by the chair on delegation. Such a decision is reported at the
body's next meeting: an item "Anmälan av beslut" is put on the agenda of the next
meeting not yet finalised, or on the next one created.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Organ,
    Paragrafserie,
    Sammantrade,
)
from delprojekt.services.beslut import beslut_record
from delprojekt.services.errors import Invalid
from delprojekt.types import Actor


def next_paragrafer(*, organ: Organ, ar: int, antal: int) -> list[int]:
    """Take ``antal`` consecutive § numbers of the body's year. Call inside a transaction.

    The counter row is created if missing (ignoring a concurrent creator) and then
    locked, so parallel takers queue for it: the series stays gap-free.
    """
    Paragrafserie.objects.bulk_create(
        [Paragrafserie(organ=organ, ar=ar, senaste=0)], ignore_conflicts=True
    )
    serie = Paragrafserie.objects.select_for_update().get(organ=organ, ar=ar)
    first = serie.senaste + 1
    serie.senaste += antal
    serie.save(update_fields=["senaste"])
    return list(range(first, serie.senaste + 1))


def paragraf_text(nummer: int, ar: int) -> str:
    return f"§ {nummer}/{ar}"


def anmalan_rubrik(beslut: Beslut) -> str:
    prefix = beslut.delprojekt.referens + " " if beslut.delprojekt else ""
    return _("Anmälan av beslut %(paragraf)s (%(slag)s): %(projekt)s%(utfall)s") % {
        "paragraf": beslut.paragraf,
        "slag": beslut.get_slag_display().lower(),
        "projekt": prefix,
        "utfall": beslut.get_utfall_display(),
    }


def oanmalda_beslut(organ: Organ) -> list[Beslut]:
    """Decisions of ``organ`` outside a meeting that no meeting's agenda reports yet."""
    return list(
        Beslut.objects.filter(organ=organ, slag__in=UTANFOR_MOTE)
        .filter(anmalningar__isnull=True)
        .select_related("delprojekt")
        .order_by("datum", "pk")
    )


def anmalan_add(*, sammantrade: Sammantrade, beslut: Beslut, user: Actor) -> Dagordningspunkt:
    """Put "Anmälan av beslut" for ``beslut`` last on the agenda. Call inside a transaction
    with the meeting locked or new."""
    ordning = (sammantrade.punkter.aggregate(m=Max("ordning"))["m"] or 0) + 1
    punkt = Dagordningspunkt(
        sammantrade=sammantrade,
        ordning=ordning,
        typ=Dagordningspunkt.Typ.ANMALAN,
        rubrik=anmalan_rubrik(beslut)[:300],
        delprojekt=beslut.delprojekt,
        anmalt_beslut=beslut,
        beslutsforslag=_("Anmälan läggs till handlingarna."),
    )
    set_history_user(punkt, user)
    punkt.save()
    return punkt


def anmalan_to_next_meeting(*, beslut: Beslut, user: Actor) -> Dagordningspunkt | None:
    """Report ``beslut`` at the body's next meeting whose protocol is not finalised, if one
    is planned; otherwise it waits for the next meeting created (``anmalningar_pending``)."""
    meeting = (
        Sammantrade.objects.select_for_update()
        .filter(organ_id=beslut.organ_id, protokoll_klart__isnull=True)
        .filter(start__gte=timezone.now())
        .order_by("start", "pk")
        .first()
    )
    if meeting is None:
        return None
    return anmalan_add(sammantrade=meeting, beslut=beslut, user=user)


#: The ways a body decides outside a meeting.
UTANFOR_MOTE = (Beslut.Slag.PER_CAPSULAM, Beslut.Slag.ORDFORANDEBESLUT)


def beslut_utanfor_mote(
    *,
    delprojekt: Delprojekt | None,
    organ: Organ,
    utfall: str,
    datum: Any,
    beslutstext: str,
    slag: str,
    user: Actor,
) -> Beslut:
    """A body's decision taken outside a meeting: it takes the next § of the body's series
    now and is reported at the body's next meeting. Call inside the caller's transaction."""
    if slag not in UTANFOR_MOTE:
        message = _("Välj om beslutet fattades per capsulam eller av ordföranden på delegation.")
        raise Invalid(message, field_errors={"slag": [message]})
    ar = datum.year
    beslut = beslut_record(
        delprojekt=delprojekt,
        organ=organ,
        utfall=utfall,
        datum=datum,
        beslutstext=beslutstext,
        slag=slag,
        paragraf=paragraf_text(next_paragrafer(organ=organ, ar=ar, antal=1)[0], ar),
        user=user,
    )
    anmalan_to_next_meeting(beslut=beslut, user=user)
    return beslut


def anmalningar_pending(*, sammantrade: Sammantrade, user: Actor) -> list[Dagordningspunkt]:
    """Put every decision of the body not yet reported on a new meeting's agenda."""
    return [
        anmalan_add(sammantrade=sammantrade, beslut=b, user=user)
        for b in oanmalda_beslut(sammantrade.organ)
    ]
