"""What the follow-up adds to the delprojekt's lifecycle, registered when the app is ready.

- ``rekommendera`` starts the follow-up clock: the first round is created in the same
  transaction as the board's decision, under the project's row lock, never on read.
- ``ny_uppfoljning`` creates the next round, due 6–12 months after the latest round
  was presented.
- ``avsluta`` and ``ny_uppfoljning`` wait until the latest round is done.
- A follow-up report noted at a meeting is presented to that body on the meeting's date.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Dagordningspunkt, Delprojekt, Sammantrade
from delprojekt.services.sammantrade import vid_protokollforing
from delprojekt.types import Actor
from delprojekt.workflow import Effektdata, Overgangsdata, effekt, validering, villkor
from uppfoljning.models import Omgangsstatus, Redovisning
from uppfoljning.services.omgang import (
    due_date_after_board,
    ny_omgang_interval,
    ny_omgang_manader,
    omgang_create,
    redovisning_record,
)


@villkor("avsluta")
@villkor("ny_uppfoljning")
def senaste_omgangen_klar(dp: Delprojekt) -> list[str]:
    omgang = dp.uppfoljningsomgangar.order_by("-nummer").first()
    if omgang is None:
        return [_("Det finns ingen uppföljningsomgång.")]
    if omgang.status == Omgangsstatus.KLAR:
        return []
    saknas = omgang.saknade_redovisningar()
    if not omgang.rapport_inlamnad:
        return [
            _("Uppföljningsrapporten för omgång %(nr)s är inte inlämnad.") % {"nr": omgang.nummer}
        ]
    if saknas:
        return [
            _("Uppföljningsrapporten är inte redovisad för %(organ)s.")
            % {"organ": ", ".join(saknas)}
        ]
    return [_("Uppföljningsomgång %(nr)s är inte avslutad.") % {"nr": omgang.nummer}]


@validering("ny_uppfoljning")
def forfallodatum_inom_intervallet(dp: Delprojekt, data: Overgangsdata) -> dict[str, list[str]]:
    interval = ny_omgang_interval(dp)
    day = data.forfallodatum
    if day is None or interval is None or interval[0] <= day <= interval[1]:
        return {}
    manader = ny_omgang_manader()
    return {
        "forfallodatum": [
            _(
                "En ny omgång ska vara klar %(min)s–%(max)s månader efter att den förra "
                "redovisades, dvs. mellan %(fran)s och %(till)s."
            )
            % {
                "min": manader[0],
                "max": manader[1],
                "fran": f"{interval[0]:%Y-%m-%d}",
                "till": f"{interval[1]:%Y-%m-%d}",
            }
        ]
    }


@effekt("rekommendera")
def forsta_omgangen(e: Effektdata) -> None:
    assert e.beslut is not None
    omgang_create(
        delprojekt=e.delprojekt,
        nummer=1,
        forfallodatum=due_date_after_board(e.beslut.datum),
        user=e.user,
    )


@effekt("ny_uppfoljning")
def nasta_omgang(e: Effektdata) -> None:
    assert e.data.forfallodatum is not None
    senaste = e.delprojekt.uppfoljningsomgangar.order_by("-nummer").first()
    omgang_create(
        delprojekt=e.delprojekt,
        nummer=(senaste.nummer if senaste else 0) + 1,
        forfallodatum=e.data.forfallodatum,
        user=e.user,
    )


@vid_protokollforing
def redovisad_vid_motet(p: Dagordningspunkt, s: Sammantrade, user: Actor) -> None:
    """A follow-up report noted by the meeting is presented to the body on its date.

    Runs inside ``punkt_record``'s transaction: if the presentation cannot be registered,
    nothing is recorded. A presentation the kansli already registered for this body by
    hand stays as it is.
    """
    if p.uppfoljningsomgang_id is None:
        return
    if Redovisning.objects.filter(
        omgang_id=p.uppfoljningsomgang_id, organ_typ=s.organ.typ
    ).exists():
        return
    assert p.uppfoljningsomgang is not None
    redovisning_record(
        omgang=p.uppfoljningsomgang,
        user=user,
        organ_typ=s.organ.typ,
        datum=timezone.localtime(s.start).date(),
        dagordningspunkt=p,
        check_permission=False,
    )
