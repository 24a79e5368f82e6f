"""The uppdrag's structured parts, its frozen versions and changes after the hand-over.

The uppdrag is written while the project is in ``uppdrag`` or ``arbetsgrupp``. At the
hand-over it is frozen as version 1 (``uppdrag_snapshot``). Afterwards the kansli may
record a decision to change it (``uppdrag_andring_record``): the uppdrag is then open
again until someone locks it (``uppdrag_lock``), which freezes the next version.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delprojekt.historik import set_history_user
from delprojekt.models import (
    MALL,
    Beslut,
    Delprojekt,
    Dokumenttyp,
    Handelse,
    Kapitel,
    Kompetenskrav,
    Milstolpe,
    Organ,
    Uppdragsversion,
)
from delprojekt.services.dokument import PERMISSION, frozen_error, is_editable
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.paragrafer import beslut_utanfor_mote
from delprojekt.types import Actor
from delprojekt.workflow import Effektdata, effekt

UPPDRAG = Dokumenttyp.UPPDRAG

#: Short hints shown with each chapter of the uppdrag while it is written.
SKRIVTIPS: dict[str, Any] = {
    "bakgrund": gettext_lazy(
        "Beskriv varför delprojektet startas: vad som har hänt, vad som redan finns och vem "
        "som har väckt frågan."
    ),
    "syfte": gettext_lazy(
        "Skriv syftet i en eller två meningar och formulera frågeställningen eller problemet "
        "som arbetsgruppen ska besvara."
    ),
    "uppdragspunkter": gettext_lazy(
        "Skriv punkterna som en numrerad lista: 1. … 2. … Varje punkt är något arbetsgruppen "
        "ska leverera."
    ),
    "avgransningar": gettext_lazy(
        "Skriv vad som inte ingår i uppdraget, till exempel patientgrupper, vårdnivåer eller "
        "frågor som hanteras någon annanstans."
    ),
    "sammansattning": gettext_lazy(
        "Lägg in kompetenser och områden som ska eller bör finnas i tabellen nedan; skriv här "
        "det som inte ryms i tabellen."
    ),
    "tidplan": gettext_lazy(
        "Lägg in milstolpar med datum nedan; skriv här vad som styr tidplanen."
    ),
    "uppfoljning": gettext_lazy(
        "Skriv hur, när och av vem delprojektet ska följas upp och vilka parametrar som kan "
        "mätas. Arbetsgruppen preciserar uppföljningen senare."
    ),
}

#: Bodies that may decide to change a handed-over uppdrag.
ANDRINGSORGAN = (Organ.Typ.LEDNINGSGRUPP, Organ.Typ.SAMARBETSGRUPP)


def _locked(delprojekt: Delprojekt, user: Actor) -> Delprojekt:
    """Lock the project row, re-read it and check the uppdrag may be written now."""
    dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
    if not user.has_perm(PERMISSION[UPPDRAG], dp):
        raise NotAllowed(_("Du får inte skriva i uppdraget."))
    refusal = frozen_error(dp, UPPDRAG)
    if refusal is not None:
        raise refusal
    return dp


def _check_before(delprojekt: Delprojekt, user: Actor) -> None:
    if not user.has_perm(PERMISSION[UPPDRAG], delprojekt):
        raise NotAllowed(_("Du får inte skriva i uppdraget."))


# --- Kompetenskrav ----------------------------------------------------------------

KOMPETENS_FIELDS = ["benamning", "krav", "kommentar"]


def _renumber(qs: Any, user: Actor) -> None:
    for i, obj in enumerate(qs.order_by("ordning", "pk"), start=1):
        if obj.ordning != i:
            obj.ordning = i
            set_history_user(obj, user)
            obj.save(update_fields=["ordning"])


def kompetenskrav_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    kompetenskrav: Kompetenskrav | None = None,
) -> tuple[Kompetenskrav, bool]:
    """Add a competence (``kompetenskrav`` None) or change one.

    Returns it and whether it changed.
    """
    _check_before(delprojekt, user)
    benamning = (data.get("benamning") or "").strip()
    if not benamning:
        raise Invalid(
            _("Skriv kompetensen eller området."),
            field_errors={"benamning": [_("Skriv kompetensen eller området.")]},
        )
    if data.get("krav") not in Kompetenskrav.Krav.values:
        raise Invalid(
            _("Välj om kompetensen ska eller bör finnas."),
            field_errors={"krav": [_("Välj om kompetensen ska eller bör finnas.")]},
        )
    values = {
        "benamning": benamning,
        "krav": data["krav"],
        "kommentar": (data.get("kommentar") or "").strip(),
    }
    k: Kompetenskrav | None
    with transaction.atomic():
        dp = _locked(delprojekt, user)
        if kompetenskrav is None:
            last = dp.kompetenskrav.aggregate(m=Max("ordning"))["m"] or 0
            k = Kompetenskrav(delprojekt=dp, ordning=last + 1, **values)
            set_history_user(k, user)
            k.save()
            text = _("Uppdraget: kompetens lades till: %(namn)s")
        else:
            k = (
                Kompetenskrav.objects.select_for_update()
                .filter(pk=kompetenskrav.pk, delprojekt=dp)
                .first()
            )
            if k is None:
                raise StaleState(_("Kompetensen har tagits bort av någon annan."))
            changed = [f for f in KOMPETENS_FIELDS if getattr(k, f) != values[f]]
            if not changed:
                return k, False
            for f in changed:
                setattr(k, f, values[f])
            set_history_user(k, user)
            k.save(update_fields=changed)
            text = _("Uppdraget: kompetens ändrades: %(namn)s")
        record_event(
            delprojekt=dp, user=user, typ=Handelse.Typ.DOKUMENT, text=text % {"namn": k.benamning}
        )
    return k, True


def kompetenskrav_delete(*, kompetenskrav: Kompetenskrav, user: Actor) -> None:
    _check_before(kompetenskrav.delprojekt, user)
    with transaction.atomic():
        dp = _locked(kompetenskrav.delprojekt, user)
        k = Kompetenskrav.objects.filter(pk=kompetenskrav.pk, delprojekt=dp).first()
        if k is None:
            return
        namn = k.benamning
        set_history_user(k, user)
        k.delete()
        _renumber(dp.kompetenskrav.all(), user)
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppdraget: kompetens togs bort: %(namn)s") % {"namn": namn},
        )


def kompetenskrav_move(*, kompetenskrav: Kompetenskrav, user: Actor, riktning: str) -> bool:
    """Move a competence one step ``upp`` or ``ned``. Returns whether it moved."""
    if riktning not in ("upp", "ned"):
        raise Invalid(_("Välj om kompetensen ska flyttas upp eller ned."))
    _check_before(kompetenskrav.delprojekt, user)
    with transaction.atomic():
        dp = _locked(kompetenskrav.delprojekt, user)
        _renumber(dp.kompetenskrav.all(), user)
        rows = list(dp.kompetenskrav.order_by("ordning", "pk"))
        index = next((i for i, r in enumerate(rows) if r.pk == kompetenskrav.pk), None)
        if index is None:
            return False
        other = index - 1 if riktning == "upp" else index + 1
        if not 0 <= other < len(rows):
            return False
        a, b = rows[index], rows[other]
        a.ordning, b.ordning = b.ordning, a.ordning
        for r in (a, b):
            set_history_user(r, user)
            r.save(update_fields=["ordning"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppdraget: kompetensernas ordning ändrades"),
        )
    return True


# --- Milstolpar -------------------------------------------------------------------

MILSTOLPE_FIELDS = ["datum", "benamning", "klar"]


def milstolpe_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    milstolpe: Milstolpe | None = None,
) -> tuple[Milstolpe, bool]:
    """Add a milestone (``milstolpe`` None) or change one. Returns it and whether it changed."""
    _check_before(delprojekt, user)
    errors: dict[str, list[str]] = {}
    benamning = (data.get("benamning") or "").strip()
    if not benamning:
        errors["benamning"] = [_("Skriv vad milstolpen är.")]
    datum = data.get("datum")
    if not isinstance(datum, datetime.date):
        errors["datum"] = [_("Ange milstolpens datum som ÅÅÅÅ-MM-DD.")]
    if errors:
        raise Invalid(*[m for msgs in errors.values() for m in msgs], field_errors=errors)
    values = {"datum": datum, "benamning": benamning, "klar": bool(data.get("klar"))}
    m: Milstolpe | None
    with transaction.atomic():
        dp = _locked(delprojekt, user)
        if milstolpe is None:
            m = Milstolpe(delprojekt=dp, **values)
            set_history_user(m, user)
            m.save()
            text = _("Uppdraget: milstolpe lades till: %(namn)s")
        else:
            m = Milstolpe.objects.select_for_update().filter(pk=milstolpe.pk, delprojekt=dp).first()
            if m is None:
                raise StaleState(_("Milstolpen har tagits bort av någon annan."))
            changed = [f for f in MILSTOLPE_FIELDS if getattr(m, f) != values[f]]
            if not changed:
                return m, False
            for f in changed:
                setattr(m, f, values[f])
            set_history_user(m, user)
            m.save(update_fields=changed)
            text = _("Uppdraget: milstolpe ändrades: %(namn)s")
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=text % {"namn": f"{m.datum:%Y-%m-%d} {m.benamning}"},
        )
    return m, True


def milstolpe_delete(*, milstolpe: Milstolpe, user: Actor) -> None:
    _check_before(milstolpe.delprojekt, user)
    with transaction.atomic():
        dp = _locked(milstolpe.delprojekt, user)
        m = Milstolpe.objects.filter(pk=milstolpe.pk, delprojekt=dp).first()
        if m is None:
            return
        namn = f"{m.datum:%Y-%m-%d} {m.benamning}"
        set_history_user(m, user)
        m.delete()
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppdraget: milstolpe togs bort: %(namn)s") % {"namn": namn},
        )


# --- Frozen versions --------------------------------------------------------------


def uppdrag_innehall(delprojekt: Delprojekt) -> dict[str, Any]:
    """The uppdrag as it is now, in the shape kept in ``Uppdragsversion.innehall``."""
    kapitel = {
        k.nyckel: k
        for k in Kapitel.objects.filter(dokument__delprojekt=delprojekt, dokument__typ=UPPDRAG)
    }
    return {
        "kapitel": [
            {
                "nyckel": nyckel,
                "rubrik": str(rubrik),
                "text": kapitel[nyckel].text if nyckel in kapitel else "",
                "version": kapitel[nyckel].version if nyckel in kapitel else 0,
            }
            for nyckel, rubrik in MALL[UPPDRAG]
        ],
        "kompetenskrav": [
            {
                "ordning": k.ordning,
                "benamning": k.benamning,
                "krav": k.krav,
                "krav_text": str(k.get_krav_display()),
                "kommentar": k.kommentar,
            }
            for k in delprojekt.kompetenskrav.order_by("ordning", "pk")
        ],
        "milstolpar": [
            {"datum": m.datum.isoformat(), "benamning": m.benamning, "klar": m.klar}
            for m in delprojekt.milstolpar.order_by("datum", "pk")
        ],
    }


def uppdrag_snapshot(
    *, delprojekt: Delprojekt, user: Actor, beslut: Beslut | None = None
) -> Uppdragsversion:
    """Freeze the uppdrag as it is now as the next version.

    Called inside the caller's transaction (the hand-over, or locking after a change),
    with the project row already locked.
    """
    with transaction.atomic():
        last = delprojekt.uppdragsversioner.aggregate(m=Max("nummer"))["m"] or 0
        version = Uppdragsversion.objects.create(
            delprojekt=delprojekt,
            nummer=last + 1,
            skapad=timezone.now(),
            skapad_av=user if getattr(user, "pk", None) else None,
            beslut=beslut,
            innehall=uppdrag_innehall(delprojekt),
        )
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppdraget låstes som version %(nr)s") % {"nr": version.nummer},
        )
    return version


def uppdrag_andring_record(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    organ_typ: str,
    datum: datetime.date,
    beslutstext: str,
    slag: str = Beslut.Slag.PER_CAPSULAM,
) -> Beslut:
    """Record a body's decision to change the handed-over uppdrag and open it for changes."""
    if not user.has_perm("delprojekt.amend_uppdrag", delprojekt):
        raise NotAllowed(_("Bara kansliet registrerar beslut om ändrat uppdrag."))
    errors: dict[str, list[str]] = {}
    if organ_typ not in ANDRINGSORGAN:
        errors["organ"] = [_("Välj ledningsgruppen eller samarbetsgruppen.")]
    if not isinstance(datum, datetime.date):
        errors["datum"] = [_("Ange beslutsdatum som ÅÅÅÅ-MM-DD.")]
    elif datum > timezone.localdate():
        errors["datum"] = [_("Beslutsdatum kan inte ligga i framtiden.")]
    if not (beslutstext or "").strip():
        errors["beslutstext"] = [_("Skriv beslutets text.")]
    if errors:
        raise Invalid(*[m for msgs in errors.values() for m in msgs], field_errors=errors)
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if is_editable(dp, UPPDRAG):
            if dp.uppdrag_andringsbeslut_id is not None:
                raise StaleState(
                    _(
                        "Ett beslut om ändrat uppdrag är redan registrerat och uppdraget är "
                        "öppet för ändringar. Lås uppdraget innan nästa beslut registreras."
                    )
                )
            raise GuardFailed(_("Uppdraget är inte överlämnat ännu och kan ändras utan beslut."))
        if dp.overlamnat_datum is None:
            raise GuardFailed(_("Uppdraget är inte överlämnat, så det finns inget att ändra."))
        organ = Organ.of_kind(organ_typ)
        if organ is None:
            raise GuardFailed(
                _("Det finns inget organ av typen %(typ)s. Lägg till det i administrationen.")
                % {"typ": Organ.Typ(organ_typ).label}
            )
        if not dp.uppdragsversioner.exists():
            # Handed over before versions were kept: freeze what was handed over first,
            # so the change can be compared with it.
            uppdrag_snapshot(delprojekt=dp, user=user)
        beslut = beslut_utanfor_mote(
            delprojekt=dp,
            organ=organ,
            utfall=Beslut.Utfall.UPPDRAG_ANDRAT,
            datum=datum,
            beslutstext=beslutstext,
            slag=slag,
            user=user,
        )
        dp.uppdrag_andringsbeslut = beslut
        set_history_user(dp, user)
        dp.save(update_fields=["uppdrag_andringsbeslut"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.BESLUT,
            text=_("%(organ)s beslutade att ändra uppdraget") % {"organ": organ},
            kommentar=beslut.beslutstext,
            beslut=beslut,
        )
    delprojekt.uppdrag_andringsbeslut = beslut
    return beslut


def uppdrag_lock(*, delprojekt: Delprojekt, user: Actor) -> Uppdragsversion:
    """Freeze the changed uppdrag as the next version and close it for changes again."""
    if not user.has_perm("delprojekt.amend_uppdrag", delprojekt):
        raise NotAllowed(_("Bara kansliet låser uppdraget."))
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.uppdrag_andringsbeslut_id is None:
            raise StaleState(_("Uppdraget är redan låst."))
        version = uppdrag_snapshot(delprojekt=dp, user=user, beslut=dp.uppdrag_andringsbeslut)
        dp.uppdrag_andringsbeslut = None
        set_history_user(dp, user)
        dp.save(update_fields=["uppdrag_andringsbeslut"])
    delprojekt.uppdrag_andringsbeslut = None
    return version


@effekt("overlamna_uppdrag")
def _freeze_on_hand_over(e: Effektdata) -> None:
    """The version handed over is frozen in the same transaction as the hand-over."""
    uppdrag_snapshot(delprojekt=e.delprojekt, user=e.user, beslut=e.beslut)
