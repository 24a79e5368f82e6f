"""Forming the working group: nominations, appointments, ending a membership."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Handelse,
    Nomineringsstatus,
)
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.workflow import record_event

MEMBER_FIELDS = [
    "roll",
    "region",
    "profession",
    "adjungerad_for",
    "nominerad_av",
    "nominerad_datum",
    "status",
    "avstamt_med_chef",
]


def _check(user: Any, delprojekt: Delprojekt) -> None:
    if not user.has_perm("delprojekt.manage_arbetsgrupp", delprojekt):
        raise NotAllowed(_("Du får inte ändra arbetsgruppen i det här delprojektet."))


def _validate(data: dict[str, Any]) -> None:
    if data["status"] == Nomineringsstatus.UTSEDD and not data["avstamt_med_chef"]:
        raise DomainError(
            _("Stäm av med närmaste chef innan personen utses."),
            field_errors={"avstamt_med_chef": [_("Måste vara avstämt innan personen kan utses.")]},
        )


def arbetsgrupp_member_add(
    *, delprojekt: Delprojekt, user: Any, person: Any, data: dict[str, Any]
) -> Arbetsgruppsmedlemskap:
    _check(user, delprojekt)
    _validate(data)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        current = (
            Arbetsgruppsmedlemskap.objects.current()
            .filter(delprojekt=delprojekt, person=person)
            .exclude(status=Nomineringsstatus.AVBOJD)
            .first()
        )
        if current is not None:
            message = _("%(namn)s har redan rollen %(roll)s i delprojektet. Avsluta den först.") % {
                "namn": person.namn,
                "roll": current.get_roll_display().lower(),
            }
            raise DomainError(message, field_errors={"person": [message]})
        m = Arbetsgruppsmedlemskap(delprojekt=delprojekt, person=person)
        for f in MEMBER_FIELDS:
            setattr(m, f, data[f])
        if m.region is None:
            m.region = person.region
        if not m.profession:
            m.profession = person.profession
        if m.status == Nomineringsstatus.UTSEDD:
            m.fran = timezone.localdate()
        m._history_user = user
        m.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s: %(roll)s (%(status)s)")
            % {
                "namn": person.namn,
                "roll": m.get_roll_display().lower(),
                "status": m.get_status_display().lower(),
            },
        )
    return m


def arbetsgrupp_member_update(
    *, member: Arbetsgruppsmedlemskap, user: Any, data: dict[str, Any]
) -> bool:
    delprojekt = member.delprojekt
    _check(user, delprojekt)
    _validate(data)
    with transaction.atomic():
        m = Arbetsgruppsmedlemskap.objects.select_for_update().get(pk=member.pk)
        if m.till and m.till < timezone.localdate():
            raise DomainError(_("Medlemskapet är avslutat och kan inte ändras."))
        changed = [f for f in ("status", "avstamt_med_chef") if getattr(m, f) != data[f]]
        if not changed:
            return False
        for f in changed:
            setattr(m, f, data[f])
        if "status" in changed and m.status == Nomineringsstatus.UTSEDD and not m.fran:
            m.fran = timezone.localdate()
            changed.append("fran")
        m._history_user = user
        m.save(update_fields=changed)
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s: %(roll)s (%(status)s%(chef)s)")
            % {
                "namn": m.person.namn,
                "roll": m.get_roll_display().lower(),
                "status": m.get_status_display().lower(),
                "chef": _(", avstämt med chef") if m.avstamt_med_chef else "",
            },
        )
    return True


def arbetsgrupp_member_end(*, member: Arbetsgruppsmedlemskap, user: Any) -> None:
    delprojekt = member.delprojekt
    _check(user, delprojekt)
    with transaction.atomic():
        m = Arbetsgruppsmedlemskap.objects.select_for_update().get(pk=member.pk)
        today = timezone.localdate()
        if m.till and m.till <= today:
            return
        # Ends today: yesterday was the last day, so the person can take a new role at once.
        m.till = today - datetime.timedelta(days=1)
        if m.fran and m.fran > m.till:
            m.fran = m.till
        m._history_user = user
        m.save(update_fields=["till", "fran"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s lämnade arbetsgruppen (%(roll)s)")
            % {"namn": m.person.namn, "roll": m.get_roll_display().lower()},
        )
