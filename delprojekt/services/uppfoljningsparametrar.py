"""The follow-up plan's parameters: what the follow-up will measure, as records."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Dokumenttyp, Handelse, Uppfoljningsparameter
from delprojekt.services.dokument import _check
from delprojekt.services.errors import Invalid, StaleState
from delprojekt.services.events import record_event
from delprojekt.types import Actor

PARAMETER_FIELDS = [
    "namn",
    "enhet",
    "kalla",
    "kalla_beskrivning",
    "utgangsvarde",
    "utgangsdatum",
    "malvarde",
    "mal_beskrivning",
]


def _validate(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not (data.get("namn") or "").strip():
        errors["namn"] = [_("Skriv vad som ska mätas.")]
    if data.get("kalla") not in Uppfoljningsparameter.Kalla.values:
        errors["kalla"] = [_("Välj en källa.")]
    datum = data.get("utgangsdatum")
    if datum and datum > timezone.localdate():
        errors["utgangsdatum"] = [_("Utgångsvärdets datum kan inte ligga i framtiden.")]
    if (
        data.get("kalla") == Uppfoljningsparameter.Kalla.ANNAN
        and not (data.get("kalla_beskrivning") or "").strip()
    ):
        errors["kalla_beskrivning"] = [_("Beskriv källan när du väljer Annan källa.")]
    if errors:
        raise Invalid(_("Parametern är inte sparad. Rätta uppgifterna."), field_errors=errors)


def _renumber(delprojekt: Delprojekt, user: Actor) -> None:
    for i, p in enumerate(delprojekt.uppfoljningsparametrar.order_by("ordning", "pk"), start=1):
        if p.ordning != i:
            p.ordning = i
            set_history_user(p, user)
            p.save(update_fields=["ordning"])


def uppfoljningsparameter_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    parameter: Uppfoljningsparameter | None = None,
) -> Uppfoljningsparameter:
    """Add a parameter (``parameter`` is None) or change one of the project's."""
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    if parameter is not None and parameter.delprojekt_id != delprojekt.pk:
        raise Invalid(_("Parametern hör inte till delprojektet."))
    _validate(data)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if parameter is None:
            last = delprojekt.uppfoljningsparametrar.order_by("-ordning").first()
            p = Uppfoljningsparameter(
                delprojekt=delprojekt, ordning=(last.ordning + 1) if last else 1
            )
            changed = PARAMETER_FIELDS
        else:
            p = Uppfoljningsparameter.objects.select_for_update().get(pk=parameter.pk)
            changed = [f for f in PARAMETER_FIELDS if getattr(p, f) != data.get(f)]
        for f in changed:
            value = data.get(f)
            if isinstance(value, str):
                value = value.strip()
            setattr(p, f, value)
        set_history_user(p, user)
        if p.pk is None:
            p.save()
            text = _("Uppföljningsparameter %(nr)s lades till: %(namn)s")
        elif changed:
            p.save(update_fields=changed)
            text = _("Uppföljningsparameter %(nr)s ändrades: %(namn)s")
        else:
            return p
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=text % {"nr": p.ordning, "namn": p.namn},
        )
    return p


def uppfoljningsparameter_delete(*, parameter: Uppfoljningsparameter, user: Actor) -> None:
    delprojekt = parameter.delprojekt
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        nr, namn = parameter.ordning, parameter.namn
        set_history_user(parameter, user)
        parameter.delete()
        _renumber(delprojekt, user)
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppföljningsparameter %(nr)s togs bort: %(namn)s") % {"nr": nr, "namn": namn},
        )


def uppfoljningsparameter_move(
    *, parameter: Uppfoljningsparameter, user: Actor, riktning: str
) -> bool:
    """Move a parameter one step up (``riktning="upp"``) or down. Returns whether it moved."""
    delprojekt = parameter.delprojekt
    _check(user, delprojekt, Dokumenttyp.SLUTRAPPORT)
    if riktning not in ("upp", "ned"):
        raise Invalid(_("Okänd riktning."))
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        _renumber(delprojekt, user)
        rows = list(delprojekt.uppfoljningsparametrar.order_by("ordning", "pk"))
        index = next((i for i, r in enumerate(rows) if r.pk == parameter.pk), None)
        if index is None:
            raise StaleState(_("Parametern finns inte längre."))
        other = index - 1 if riktning == "upp" else index + 1
        if other < 0 or other >= len(rows):
            return False
        a, b = rows[index], rows[other]
        a.ordning, b.ordning = b.ordning, a.ordning
        for r in (a, b):
            set_history_user(r, user)
            r.save(update_fields=["ordning"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppföljningsparameter flyttades: %(namn)s") % {"namn": a.namn},
        )
    return True
