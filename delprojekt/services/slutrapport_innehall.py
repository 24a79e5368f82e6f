"""Content of the slutrapport taken from elsewhere in the project.

- ``slutrapport_prefill_uppdrag`` fills the chapter "Uppdrag" from the handed-over uppdrag.
- ``gruppsammansattning`` lists the working group for the chapter "Gruppsammansättning"
  (on the page and in the PDF).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    MALL,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Dokument,
    Dokumenttyp,
    Handelse,
    Kapitel,
)
from delprojekt.models.arbetsgrupp import ArbetsgruppRoll, Nomineringsstatus
from delprojekt.services.events import record_event
from delprojekt.types import Actor
from delprojekt.workflow import Effektdata, effekt

#: The uppdrag's chapters summarised in the slutrapport's chapter "Uppdrag".
UPPDRAG_DELAR = ("syfte", "uppdragspunkter", "avgransningar")


def uppdrag_sammanfattning(
    delprojekt: Delprojekt, *, overlamnat: datetime.date | None = None
) -> str:
    """A Markdown summary of the uppdrag: syfte, uppdragspunkter and avgränsningar.

    ``overlamnat`` is the hand-over date when it is not yet saved on the project (during
    the hand-over itself)."""
    texts = {
        k.nyckel: k.text.strip()
        for k in Kapitel.objects.filter(
            dokument__delprojekt=delprojekt,
            dokument__typ=Dokumenttyp.UPPDRAG,
            nyckel__in=UPPDRAG_DELAR,
        )
    }
    rubriker = dict(MALL[Dokumenttyp.UPPDRAG])
    parts = [
        f"## {rubriker[nyckel]}\n\n{texts[nyckel]}" for nyckel in UPPDRAG_DELAR if texts.get(nyckel)
    ]
    if not parts:
        return ""
    datum = overlamnat or delprojekt.overlamnat_datum or timezone.localdate()
    intro = _(
        "Uppdraget överlämnades till arbetsgruppen %(datum)s. Nedan sammanfattas det "
        "överlämnade uppdraget."
    ) % {"datum": datum.isoformat()}
    return "\n\n".join([intro, *parts]) + "\n"


def slutrapport_prefill_uppdrag(
    *, delprojekt: Delprojekt, user: Actor, overlamnat: datetime.date | None = None
) -> Kapitel | None:
    """Fill the slutrapport's chapter "Uppdrag" from the uppdrag, if the chapter is empty.

    Called inside the hand-over's transaction. A chapter already written is left alone;
    the filled text stays editable like any chapter. Returns the chapter if it was filled.
    """
    text = uppdrag_sammanfattning(delprojekt, overlamnat=overlamnat)
    if not text:
        return None
    with transaction.atomic():
        dokument, _created = Dokument.objects.get_or_create(
            delprojekt=delprojekt, typ=Dokumenttyp.SLUTRAPPORT
        )
        Kapitel.objects.bulk_create(
            [Kapitel(dokument=dokument, nyckel="uppdrag")], ignore_conflicts=True
        )
        kapitel = Kapitel.objects.select_for_update().get(dokument=dokument, nyckel="uppdrag")
        if kapitel.text.strip():
            return None
        kapitel.text = text
        kapitel.version += 1
        kapitel.andrad = timezone.now()
        kapitel.andrad_av = user if getattr(user, "pk", None) else None
        set_history_user(kapitel, kapitel.andrad_av)
        kapitel.save(update_fields=["text", "version", "andrad", "andrad_av"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Slutrapport: Uppdrag fylldes i från det överlämnade uppdraget"),
        )
    return kapitel


@dataclass(frozen=True)
class Gruppmedlem:
    """One row of the working group's composition."""

    namn: str
    roll: str
    region: str
    profession: str
    organisation: str
    fran: datetime.date | None
    till: datetime.date | None
    nuvarande: bool


_ROLL_ORDNING = {value: i for i, value in enumerate(ArbetsgruppRoll.values)}


def gruppsammansattning(
    dp: Delprojekt, medlemskap: list[Arbetsgruppsmedlemskap] | None = None
) -> list[Gruppmedlem]:
    """The appointed members of the working group, current ones first, then past ones.

    Current members are ordered by role and name, past members by when they left.
    One query, none when the page has fetched all the group's ``medlemskap`` (with
    ``person``, ``person__region`` and ``region``).
    """
    today = timezone.localdate()
    if medlemskap is None:
        medlemskap = list(
            Arbetsgruppsmedlemskap.objects.filter(
                delprojekt=dp, status=Nomineringsstatus.UTSEDD
            ).select_related("person", "person__region", "region")
        )
    else:
        medlemskap = [m for m in medlemskap if m.status == Nomineringsstatus.UTSEDD]
    nuvarande: list[tuple[tuple[int, str], Gruppmedlem]] = []
    tidigare: list[Gruppmedlem] = []
    for m in medlemskap:
        current = m.till is None or m.till >= today
        region = m.region or m.person.region
        row = Gruppmedlem(
            namn=m.person.namn,
            roll=str(m.get_roll_display()),
            region=region.namn if region else "",
            profession=m.profession or m.person.profession,
            organisation=m.person.organisation,
            fran=m.fran,
            till=m.till,
            nuvarande=current,
        )
        if current:
            nuvarande.append(((_ROLL_ORDNING.get(m.roll, len(_ROLL_ORDNING)), row.namn), row))
        else:
            tidigare.append(row)
    nuvarande.sort(key=lambda pair: pair[0])
    tidigare.sort(key=lambda r: (r.till or today, r.namn))
    return [row for _key, row in nuvarande] + tidigare


@effekt("overlamna_uppdrag")
def _prefill_on_hand_over(e: Effektdata) -> None:
    """The slutrapport's chapter "Uppdrag" starts from the uppdrag handed over, dated with
    the hand-over date given in the form (this effect may run before the one saving it)."""
    slutrapport_prefill_uppdrag(
        delprojekt=e.delprojekt,
        user=e.user,
        overlamnat=e.data.overlamnat_datum or e.delprojekt.overlamnat_datum,
    )
