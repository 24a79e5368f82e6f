"""Writing the documents of the mall: chapters, åtgärdsförslag and the follow-up plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    MALL,
    Atgardsforslag,
    Delprojekt,
    Dokument,
    Dokumenttyp,
    Handelse,
    Kapitel,
    Status,
    Uppfoljningsplan,
)
from delprojekt.models.dokument import mall_rubrik
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.slutrapport import may_edit_chapter
from delprojekt.types import Actor, Viewer

#: When each document may be written; afterwards it is frozen.
EDITABLE_IN: dict[str, tuple[str, ...]] = {
    Dokumenttyp.UPPDRAG: (Status.UPPDRAG, Status.ARBETSGRUPP),
    Dokumenttyp.SLUTRAPPORT: (
        Status.NULAGE,
        Status.ANALYS,
        Status.ATGARDSFORSLAG,
        Status.SLUTRAPPORT,
    ),
}
PERMISSION: dict[str, str] = {
    Dokumenttyp.UPPDRAG: "delprojekt.edit_uppdrag",
    Dokumenttyp.SLUTRAPPORT: "delprojekt.edit_slutrapport",
}


class KapitelKonflikt(StaleState):
    """Someone saved the chapter since it was opened; carries their text."""

    def __init__(self, *messages: str, current: Kapitel) -> None:
        super().__init__(*messages)
        self.current = current


def is_editable(delprojekt: Delprojekt, typ: str) -> bool:
    """Whether the document may be written now, whoever asks.

    The uppdrag is written in ``uppdrag`` and ``arbetsgrupp``; after the hand-over it
    opens again only while a recorded decision to change it is pending.
    """
    if delprojekt.status in EDITABLE_IN[typ]:
        return True
    return (
        typ == Dokumenttyp.UPPDRAG
        and delprojekt.uppdrag_andringsbeslut_id is not None
        and not delprojekt.is_terminal
    )


def may_write(user: Viewer, delprojekt: Delprojekt, typ: str) -> bool:
    return is_editable(delprojekt, typ) and user.has_perm(PERMISSION[typ], delprojekt)


def frozen_reason(delprojekt: Delprojekt, typ: str) -> str | None:
    if is_editable(delprojekt, typ):
        return None
    if typ == Dokumenttyp.UPPDRAG:
        if delprojekt.overlamnat_datum is None and not delprojekt.is_terminal:
            return _(
                "Uppdraget skrivs efter startbeslutet, medan delprojektet har status "
                "Uppdrag eller Arbetsgrupp."
            )
        return _(
            "Uppdraget är överlämnat och låst. Ändringar görs bara efter ett registrerat beslut."
        )
    return _("Slutrapporten kan skrivas från nulägesbeskrivningen tills den lämnas in.")


def frozen_error(delprojekt: Delprojekt, typ: str) -> GuardFailed | Locked | None:
    """The refusal for writing outside the document's states, with ``frozen_reason``:
    ``GuardFailed`` before the uppdrag is handed over (neither document is open yet),
    ``Locked`` after (handed over, handed in or the project ended)."""
    reason = frozen_reason(delprojekt, typ)
    if reason is None:
        return None
    if delprojekt.overlamnat_datum is None and not delprojekt.is_terminal:
        return GuardFailed(reason)
    return Locked(reason)


def _check(user: Actor, delprojekt: Delprojekt, typ: str, nyckel: str | None = None) -> None:
    if typ == Dokumenttyp.SLUTRAPPORT and nyckel is not None:
        # A chapter's assigned writer may write it without the group's skribent role.
        allowed = may_edit_chapter(user, delprojekt, nyckel)
    else:
        allowed = user.has_perm(PERMISSION[typ], delprojekt)
    if not allowed:
        raise NotAllowed(_("Du får inte skriva i det här dokumentet."))
    refusal = frozen_error(delprojekt, typ)
    if refusal is not None:
        raise refusal


def kapitel_save(
    *, delprojekt: Delprojekt, typ: str, nyckel: str, user: Actor, text: str, version: int
) -> tuple[Kapitel, bool]:
    """Save one chapter. Returns the chapter and whether it changed.

    Refuses with ``KapitelKonflikt`` when someone else saved since ``version``.
    """
    if nyckel not in dict(MALL[typ]):
        raise Invalid(_("Kapitlet finns inte i mallen."))
    _check(user, delprojekt, typ, nyckel)
    with transaction.atomic():
        dokument, _created = Dokument.objects.get_or_create(delprojekt=delprojekt, typ=typ)
        # The mall may have gained a chapter since the document was created.
        Kapitel.objects.bulk_create(
            [Kapitel(dokument=dokument, nyckel=nyckel)], ignore_conflicts=True
        )
        kapitel = Kapitel.objects.select_for_update().get(dokument=dokument, nyckel=nyckel)
        if kapitel.version != version:
            raise KapitelKonflikt(
                _(
                    "Någon annan har sparat kapitlet sedan du öppnade det. Din text är inte "
                    "sparad: jämför de två texterna nedan, för in det som ska vara kvar och "
                    "spara igen."
                ),
                current=kapitel,
            )
        text = text.replace("\r\n", "\n")
        if kapitel.text == text:
            return kapitel, False
        kapitel.text = text
        kapitel.version += 1
        kapitel.andrad = timezone.now()
        kapitel.andrad_av = user
        set_history_user(kapitel, user)
        kapitel.save(update_fields=["text", "version", "andrad", "andrad_av"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("%(dok)s: %(kapitel)s ändrades")
            % {"dok": Dokumenttyp(typ).label, "kapitel": mall_rubrik(typ, nyckel)},
        )
    return kapitel, True


ATGARD_FIELDS = ["titel", "beskrivning", "genomforbarhet", "undantrangning", "kostnad"]


def atgardsforslag_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    atgardsforslag: Atgardsforslag | None = None,
) -> Atgardsforslag:
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if atgardsforslag is None:
            last = delprojekt.atgardsforslag.order_by("-ordning").first()
            a = Atgardsforslag(delprojekt=delprojekt, ordning=(last.ordning + 1) if last else 1)
            changed = ATGARD_FIELDS
        else:
            a = atgardsforslag
            changed = [f for f in ATGARD_FIELDS if getattr(a, f) != data[f]]
        for f in ATGARD_FIELDS:
            setattr(a, f, data[f])
        set_history_user(a, user)
        if a.pk is None:
            a.save()
            text = _("Åtgärdsförslag %(nr)s lades till: %(titel)s")
        elif changed:
            a.save(update_fields=changed)
            text = _("Åtgärdsförslag %(nr)s ändrades: %(titel)s")
        else:
            text = None
        if "regioner" in data:
            a.regioner.set(data["regioner"])
        if text:
            record_event(
                delprojekt=delprojekt,
                user=user,
                typ=Handelse.Typ.DOKUMENT,
                text=text % {"nr": a.ordning, "titel": a.titel},
            )
    return a


def atgardsforslag_delete(*, atgardsforslag: Atgardsforslag, user: Actor) -> None:
    delprojekt = atgardsforslag.delprojekt
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        nr, titel = atgardsforslag.ordning, atgardsforslag.titel
        set_history_user(atgardsforslag, user)
        atgardsforslag.delete()
        # Keep the numbering without holes.
        for i, a in enumerate(delprojekt.atgardsforslag.order_by("ordning", "pk"), start=1):
            if a.ordning != i:
                a.ordning = i
                set_history_user(a, user)
                a.save(update_fields=["ordning"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Åtgärdsförslag %(nr)s togs bort: %(titel)s") % {"nr": nr, "titel": titel},
        )


PLAN_FIELDS = ["hur", "nar", "vem", "som_bilaga"]


def uppfoljningsplan_save(*, delprojekt: Delprojekt, user: Actor, data: dict[str, Any]) -> bool:
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    with transaction.atomic():
        Uppfoljningsplan.objects.get_or_create(delprojekt=delprojekt)
        plan = Uppfoljningsplan.objects.select_for_update().get(delprojekt=delprojekt)
        changed = [f for f in PLAN_FIELDS if f in data and getattr(plan, f) != data[f]]
        if not changed:
            return False
        for f in changed:
            setattr(plan, f, data[f])
        set_history_user(plan, user)
        plan.save(update_fields=changed)
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppföljningsplanen ändrades"),
        )
    return True
