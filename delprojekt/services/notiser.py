"""A person's notifications in the application, their choices per kind, and the daily
summary.

Notifications are written by ``notifications.notify``; here they are read, marked as
read, and the ones that wait for the summary are mailed by ``sammanfattning_skicka``
(``manage.py skicka_sammanfattning``), once: each notification is stamped ``mejlad`` in
the transaction that queues its mail, so a second run finds nothing left to send.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    NOTISTYPER,
    VALBARA_TYPER,
    Notis,
    Notisinstallning,
    Notistyp,
    Notisval,
    Person,
)
from delprojekt.permissions import roller_for
from delprojekt.services import notifications
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.types import Actor, Viewer

logger = logging.getLogger(__name__)

#: How far back the summary looks: a day's run that was missed is caught up by the next,
#: but a notification never mailed (no address then) does not turn up weeks later.
SAMMANFATTNING_BAKAT = datetime.timedelta(days=7)

INGEN_PERSON = _(
    "Ditt konto är inte kopplat till någon person i registret, så du har inga notiser. "
    "Kontakta kansliet."
)


def notiser_for(user: Viewer) -> QuerySet[Notis]:
    """The user's own notifications, newest first (none for an account without a person)."""
    person_id = roller_for(user).person_id
    if person_id is None:
        return Notis.objects.none()
    return Notis.objects.filter(person_id=person_id).order_by("-skapad", "-pk")


def _person_id(user: Actor) -> int:
    person_id = roller_for(user).person_id
    if person_id is None:
        raise NotAllowed(INGEN_PERSON)
    return person_id


def notis_markera_last(*, notis: Notis, user: Actor) -> Notis:
    """Mark one of the user's own notifications as read; reading it again changes nothing."""
    if notis.person_id != _person_id(user):
        raise NotAllowed(_("Det är inte din notis."))
    if notis.last is None:
        notis.last = timezone.now()
        Notis.objects.filter(pk=notis.pk, last__isnull=True).update(last=notis.last)
    return notis


def notiser_markera_alla_lasta(*, user: Actor) -> int:
    """Mark all the user's unread notifications as read. Returns how many."""
    return Notis.objects.filter(person_id=_person_id(user), last__isnull=True).update(
        last=timezone.now()
    )


def notisinstallningar_for(person_id: int | None) -> dict[str, str]:
    """The person's choice per kind that can be chosen (``DIREKT`` where none is saved)."""
    val = dict.fromkeys(VALBARA_TYPER, Notisval.DIREKT.value)
    if person_id is not None:
        val.update(
            Notisinstallning.objects.filter(person_id=person_id, typ__in=VALBARA_TYPER)
            .values_list("typ", "val")
            .order_by()
        )
    return val


def notisinstallningar_save(*, user: Actor, val: dict[str, str]) -> dict[str, str]:
    """Save the user's choices: one of ``Notisval`` for every kind that can be chosen.
    Duty reminders cannot be chosen. All or nothing is saved."""
    person_id = _person_id(user)
    errors: dict[str, list[str]] = {}
    for typ in val:
        if typ not in VALBARA_TYPER:
            errors[typ] = [_("Den här sortens notiser kan inte stängas av.")]
    for typ in VALBARA_TYPER:
        if val.get(typ) not in Notisval.values:
            errors[typ] = [_("Välj när du vill få e-post.")]
    if errors:
        raise Invalid(_("Välj ett alternativ för varje sorts notis."), field_errors=errors)
    with transaction.atomic():
        befintliga = {
            i.typ: i
            for i in Notisinstallning.objects.select_for_update().filter(person_id=person_id)
        }
        nya = []
        for typ in VALBARA_TYPER:
            i = befintliga.get(typ)
            if i is None:
                nya.append(Notisinstallning(person_id=person_id, typ=typ, val=val[typ]))
            elif i.val != val[typ]:
                i.val = val[typ]
                i.save(update_fields=["val"])
        Notisinstallning.objects.bulk_create(nya)
    logger.info("Notisinställningar sparade för person %s", person_id)
    return {typ: val[typ] for typ in VALBARA_TYPER}


def notisinstallningar_stang_av(*, person: Person) -> None:
    """No mail for any kind that can be switched off (what ``epost_notiser = False`` once
    meant), e.g. for a person whose data is anonymised. Called by other services, which
    check their own permissions; duty reminders stay on."""
    for typ in VALBARA_TYPER:
        Notisinstallning.objects.update_or_create(
            person=person, typ=typ, defaults={"val": Notisval.AV}
        )


@dataclass
class Sammanfattning:
    personer: int = 0
    notiser: int = 0


def _grupperade(notiser: list[Notis]) -> list[tuple[str, list[Notis]]]:
    """The notifications per kind, in the order of ``NOTISTYPER``."""
    return [(t.namn, rows) for t in NOTISTYPER if (rows := [n for n in notiser if n.typ == t.typ])]


def vantar_pa_sammanfattning(now: datetime.datetime) -> QuerySet[Notis]:
    return Notis.objects.filter(
        epost=Notisval.SAMMANFATTNING,
        mejlad__isnull=True,
        skapad__lte=now,
        skapad__gte=now - SAMMANFATTNING_BAKAT,
    )


def sammanfattning_skicka(*, now: datetime.datetime | None = None) -> Sammanfattning:
    """Queue one summary mail per person with the notifications that wait for it.

    Each person's notifications are locked, mailed and stamped in one transaction: a
    second run, or one running at the same time, finds nothing left to send."""
    now = now or timezone.now()
    resultat = Sammanfattning()
    person_ids = list(
        vantar_pa_sammanfattning(now)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )
    for person_id in person_ids:
        with transaction.atomic():
            person = Person.objects.filter(pk=person_id).first()
            if person is None or not person.epost:
                continue
            notiser = list(
                vantar_pa_sammanfattning(now)
                .select_for_update()
                .filter(person_id=person_id)
                .order_by("skapad", "pk")
            )
            if not notiser:
                continue
            notifications.send_to(
                [person],
                "delprojekt/email/sammanfattning",
                {
                    "person": person,
                    "grupper": _grupperade(notiser),
                    "antal": len(notiser),
                    "datum": timezone.localdate(now),
                },
            )
            Notis.objects.filter(pk__in=[n.pk for n in notiser]).update(mejlad=now)
        resultat.personer += 1
        resultat.notiser += len(notiser)
    return resultat


__all__ = [
    "NOTISTYPER",
    "Notistyp",
    "Sammanfattning",
    "notis_markera_last",
    "notiser_for",
    "notiser_markera_alla_lasta",
    "notisinstallningar_for",
    "notisinstallningar_save",
    "notisinstallningar_stang_av",
    "sammanfattning_skicka",
]
