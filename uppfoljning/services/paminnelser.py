"""Reminders about follow-up reports that are due or overdue.

For a round whose report is not handed in, the people writing it and the kansli's
contact person get one e-mail 60 days before the due date, one 14 days before and
one on the day after it has become overdue. For the writers it is a duty reminder,
always mailed at once; the contact person chooses how to hear of it
(``Notistyp.PAMINNELSE``). A ``Paminnelse`` row per round and kind
makes this idempotent: running the command every hour queues each reminder once, in
the same transaction as its row; the outbox delivers it.
When the command has not run for a while only the reminder that is due now is sent
(a round found 10 days before its due date gets the 14-day reminder, not both).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import Notistyp, Person
from delprojekt.services import notifications
from uppfoljning.models import Omgangsstatus, Paminnelse, Uppfoljningsansvarig, Uppfoljningsomgang

logger = logging.getLogger(__name__)

#: (kind, days before the due date from which it is sent), most urgent first.
TROSKLAR: tuple[tuple[str, int], ...] = (
    (Paminnelse.Typ.FORSENAD, -1),
    (Paminnelse.Typ.DAGAR_14, 14),
    (Paminnelse.Typ.DAGAR_60, 60),
)


def aktuell_paminnelse(omgang: Uppfoljningsomgang, today: datetime.date) -> str | None:
    """The reminder due for ``omgang`` today, or None."""
    if omgang.rapport_inlamnad or omgang.delprojekt.is_terminal:
        return None
    kvar = omgang.dagar_kvar(today)
    for typ, dagar in TROSKLAR:
        if kvar <= dagar:
            return typ
    return None


def skribenter(omgang: Uppfoljningsomgang) -> list[Person]:
    """Those writing the report, or, before anyone has accepted, those asked."""
    ansvariga = [a for a in omgang.ansvariga.all() if a.svar != Uppfoljningsansvarig.Svar.AVBOJD]
    accepterade = [a for a in ansvariga if a.svar == Uppfoljningsansvarig.Svar.ACCEPTERAD]
    return [a.person for a in (accepterade or ansvariga)]


def kontakt(omgang: Uppfoljningsomgang) -> Person | None:
    """The kansli's contact person, when not also one of the writers."""
    k = omgang.delprojekt.kontaktperson
    if k is None or any(p.pk == k.pk for p in skribenter(omgang)):
        return None
    return k


def mottagare(omgang: Uppfoljningsomgang) -> list[Person]:
    """Everyone reminded who has an address: the writers and the contact."""
    k = kontakt(omgang)
    return [p for p in [*skribenter(omgang), *([k] if k else [])] if p.epost]


@dataclass
class Resultat:
    skickade: int = 0
    utan_mottagare: int = 0


def _send(omgang: Uppfoljningsomgang, typ: str, today: datetime.date) -> None:
    # Queued in the transaction of the reminder's row: both or neither. For the writers
    # the reminder is a duty of the method (always mailed at once); the contact person
    # follows it for information and chooses how to hear of it.
    context = {
        "dp": omgang.delprojekt,
        "omgang": omgang,
        "typ": typ,
        "dagar": omgang.dagar_kvar(today),
        "ansvariga": [
            a for a in omgang.ansvariga.all() if a.svar == Uppfoljningsansvarig.Svar.ACCEPTERAD
        ],
    }
    lank = reverse("uppfoljning:omgang", args=[omgang.delprojekt.referens, omgang.nummer])
    template = "uppfoljning/email/paminnelse"
    notifications.notify(
        skribenter(omgang), typ=Notistyp.PLIKT, template=template, context=context, lank=lank
    )
    k = kontakt(omgang)
    if k is not None:
        notifications.notify(
            [k], typ=Notistyp.PAMINNELSE, template=template, context=context, lank=lank
        )


def skicka_paminnelser(today: datetime.date | None = None) -> Resultat:
    """Queue every reminder that is due and not yet queued. Safe to run as often as wanted."""
    today = today or timezone.localdate()
    resultat = Resultat()
    rounds = (
        Uppfoljningsomgang.objects.filter(
            status__in=[Omgangsstatus.PLANERAD, Omgangsstatus.PAGAR],
            forfallodatum__lte=today + datetime.timedelta(days=TROSKLAR[-1][1]),
        )
        .select_related("delprojekt", "delprojekt__kontaktperson")
        .prefetch_related(
            Prefetch("ansvariga", queryset=Uppfoljningsansvarig.objects.select_related("person")),
            "paminnelser",
        )
        .order_by("forfallodatum", "pk")
    )
    for omgang in rounds:
        typ = aktuell_paminnelse(omgang, today)
        if typ is None or any(p.typ == typ for p in omgang.paminnelser.all()):
            continue
        people = mottagare(omgang)
        if not people:
            resultat.utan_mottagare += 1
            logger.warning("Ingen att påminna om %s", omgang)
            continue
        try:
            with transaction.atomic():
                # The unique (round, kind) row is the lock: a parallel run fails here.
                Paminnelse.objects.create(
                    omgang=omgang,
                    typ=typ,
                    mottagare=", ".join(p.namn for p in people),
                )
                _send(omgang, typ, today)
        except IntegrityError:
            continue
        resultat.skickade += 1
    return resultat
