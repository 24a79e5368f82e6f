"""The aktivitetsplan of a body or a working group: activities added, changed, removed."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Organ, Person
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.types import Actor as User
from verksamhet.models import Aktivitet

FALT = ("vad", "ansvarig", "nar", "status")


def may_edit_plan(user: User, *, organ: Organ | None, delprojekt: Delprojekt | None) -> bool:
    if organ is not None:
        return user.has_perm("verksamhet.edit_aktivitetsplan", organ)
    return user.has_perm("verksamhet.edit_arbetsgrupp_plan", delprojekt)


def _check(user: User, organ: Organ | None, delprojekt: Delprojekt | None) -> None:
    if not may_edit_plan(user, organ=organ, delprojekt=delprojekt):
        raise NotAllowed(_("Bara kansliet och ordföranden ändrar aktivitetsplanen."))


def _clean(ar: int, data: dict) -> dict:
    fel: dict[str, list[str]] = {}
    vad = (data.get("vad") or "").strip()
    if not vad:
        fel["vad"] = [_("Skriv vad som ska göras.")]
    elif len(vad) > 300:
        fel["vad"] = [_("Högst 300 tecken.")]
    nar = data.get("nar")
    if not isinstance(nar, datetime.date):
        fel["nar"] = [_("Ange ett datum (ÅÅÅÅ-MM-DD).")]
    elif nar.year != ar:
        fel["nar"] = [_("Datumet ska ligga i planens år %(ar)s.") % {"ar": ar}]
    status = data.get("status") or Aktivitet.Status.PLANERAD
    if status not in Aktivitet.Status.values:
        fel["status"] = [_("Välj en av statusarna.")]
    ansvarig = data.get("ansvarig")
    if ansvarig is not None and not isinstance(ansvarig, Person):
        fel["ansvarig"] = [_("Välj en person.")]
    if fel:
        raise Invalid(_("Aktiviteten sparades inte. Rätta uppgifterna."), field_errors=fel)
    return {"vad": vad, "nar": nar, "status": status, "ansvarig": ansvarig}


def aktivitet_add(
    *,
    user: User,
    ar: int,
    data: dict,
    organ: Organ | None = None,
    delprojekt: Delprojekt | None = None,
) -> Aktivitet:
    _check(user, organ, delprojekt)
    if not 2000 <= ar <= timezone.localdate().year + 5:
        raise Invalid(_("Året ligger utanför det som kan planeras."))
    rent = _clean(ar, data)
    return Aktivitet.objects.create(
        organ=organ,
        delprojekt=delprojekt,
        ar=ar,
        andrad_av=user,
        **rent,
    )


def aktivitet_update(*, user: User, aktivitet: Aktivitet, data: dict) -> Aktivitet:
    _check(user, aktivitet.organ, aktivitet.delprojekt)
    rent = _clean(aktivitet.ar, data)
    with transaction.atomic():
        a = Aktivitet.objects.select_for_update().get(pk=aktivitet.pk)
        for namn, varde in rent.items():
            setattr(a, namn, varde)
        a.andrad = timezone.now()
        a.andrad_av = user
        a.save(update_fields=[*FALT, "andrad", "andrad_av"])
    return a


def aktivitet_delete(*, user: User, aktivitet: Aktivitet) -> None:
    _check(user, aktivitet.organ, aktivitet.delprojekt)
    Aktivitet.objects.filter(pk=aktivitet.pk).delete()
