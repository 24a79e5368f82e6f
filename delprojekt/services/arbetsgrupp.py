"""Forming the working group: nominations, appointments, ending a membership.

The method's order: the chair is found first; nominations are asked from the
ledningsgrupp, the samarbetsgrupp and others; a nominee moves nominerad →
tillfrågad → accepterad (or avböjd) → utsedd, and the ledningsgrupp's appointment
is recorded as a decision. The kansli (or the project's contact person) manages the
group; the chair and the process leader may propose nominees.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beslut,
    Delprojekt,
    Handelse,
    Kompetenskrav,
    Nominerande,
    Nomineringsstatus,
    Organ,
)
from delprojekt.models.arbetsgrupp import NASTA_STATUS
from delprojekt.permissions import projektroller
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed
from delprojekt.services.events import actor_name, record_event
from delprojekt.services.paragrafer import beslut_utanfor_mote
from delprojekt.types import Actor

MEMBER_FIELDS = [
    "roll",
    "region",
    "profession",
    "adjungerad_omrade",
    "adjungerad_for",
    "nominerande",
    "nominerad_av",
    "nominerad_datum",
    "status",
    "avstamt_med_chef",
    "avsatt_tid",
    "erfarenhet",
]

#: Defaults for keys a caller may leave out of ``data``.
_DEFAULTS: dict[str, Any] = {
    "region": None,
    "profession": "",
    "adjungerad_omrade": "",
    "adjungerad_for": "",
    "nominerande": "",
    "nominerad_av": "",
    "nominerad_datum": None,
    "status": Nomineringsstatus.NOMINERAD,
    "avstamt_med_chef": False,
    "avsatt_tid": "",
    "erfarenhet": "",
}

#: Roles in the order the roster lists them.
ROLL_ORDNING = {roll: i for i, roll in enumerate(ArbetsgruppRoll.values)}


def _check(user: Actor, delprojekt: Delprojekt) -> None:
    if not user.has_perm("delprojekt.manage_arbetsgrupp", delprojekt):
        raise NotAllowed(_("Du får inte ändra arbetsgruppen i det här delprojektet."))


def _status_label(status: str) -> str:
    return Nomineringsstatus(status).label.lower()


def _validate_utsedd(status: str, avstamt: bool) -> None:
    if status == Nomineringsstatus.UTSEDD and not avstamt:
        raise GuardFailed(
            _("Stäm av med närmaste chef innan personen utses."),
            field_errors={"avstamt_med_chef": [_("Måste vara avstämt innan personen kan utses.")]},
        )


def _is_current(m: Arbetsgruppsmedlemskap, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return m.till is None or m.till >= today


def has_chair(
    delprojekt: Delprojekt, members: Iterable[Arbetsgruppsmedlemskap] | None = None
) -> bool:
    """Whether a chair is nominated or appointed (current and not declined)."""
    if members is None:
        return (
            Arbetsgruppsmedlemskap.objects.current()
            .filter(delprojekt=delprojekt, roll=ArbetsgruppRoll.ORDFORANDE)
            .exclude(status=Nomineringsstatus.AVBOJD)
            .exists()
        )
    return any(
        m.roll == ArbetsgruppRoll.ORDFORANDE
        and m.status != Nomineringsstatus.AVBOJD
        and _is_current(m)
        for m in members
    )


#: A chair who has said yes: the method chooses the chair before the rest of the group.
ORDFORANDE_KLAR = (Nomineringsstatus.ACCEPTERAD, Nomineringsstatus.UTSEDD)


def chair_first_warning(delprojekt: Delprojekt, roll: str) -> str | None:
    """The method finds the chair first: a reminder (not a block) when nominating others,
    until a chair has accepted."""
    if roll in (ArbetsgruppRoll.ORDFORANDE, ArbetsgruppRoll.KONTAKTPERSON):
        return None
    if not has_chair(delprojekt):
        return _(
            "Arbetsgruppen har ännu ingen ordförande. Enligt arbetsmetoden tas ordföranden "
            "fram först, så att hen kan vara med och forma gruppen."
        )
    accepted = (
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt, roll=ArbetsgruppRoll.ORDFORANDE, status__in=ORDFORANDE_KLAR)
        .exists()
    )
    if accepted:
        return None
    return _(
        "Ordföranden har ännu inte accepterat uppdraget. Enligt arbetsmetoden väljs "
        "ordföranden först – vänta gärna med övriga tills ordföranden har tackat ja."
    )


def arbetsgrupp_chair_details(
    *, member: Arbetsgruppsmedlemskap, user: Actor, avsatt_tid: str, erfarenhet: str
) -> bool:
    """Record the chair's allocated time and relevant experience. Returns whether changed."""
    if not user.has_perm("delprojekt.manage_arbetsgrupp", member.delprojekt):
        raise NotAllowed(_("Du får inte ändra arbetsgruppen i det här delprojektet."))
    if member.roll != ArbetsgruppRoll.ORDFORANDE:
        raise Invalid(_("Avsatt tid och erfarenhet registreras för ordföranden."))
    avsatt_tid = (avsatt_tid or "").strip()
    erfarenhet = (erfarenhet or "").strip()
    if not avsatt_tid:
        message = _("Ange ordförandens avsatta tid, t.ex. ”20 %” eller ”4 timmar i veckan”.")
        raise Invalid(message, field_errors={"avsatt_tid": [message]})
    if len(avsatt_tid) > 100:
        message = _("Skriv den avsatta tiden kortare (högst 100 tecken).")
        raise Invalid(message, field_errors={"avsatt_tid": [message]})
    if not erfarenhet:
        message = _("Beskriv ordförandens relevanta erfarenhet.")
        raise Invalid(message, field_errors={"erfarenhet": [message]})
    with transaction.atomic():
        m = Arbetsgruppsmedlemskap.objects.select_for_update().get(pk=member.pk)
        if (m.avsatt_tid, m.erfarenhet) == (avsatt_tid, erfarenhet):
            return False
        m.avsatt_tid, m.erfarenhet = avsatt_tid, erfarenhet
        set_history_user(m, user)
        m.save(update_fields=["avsatt_tid", "erfarenhet"])
        record_event(
            delprojekt=m.delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("Ordföranden %(namn)s: avsatt tid %(tid)s")
            % {"namn": m.person.namn, "tid": avsatt_tid},
        )
    member.avsatt_tid, member.erfarenhet = avsatt_tid, erfarenhet
    return True


def kompetenskrav_skal_save(*, kompetenskrav: Kompetenskrav, user: Actor, skal: str) -> bool:
    """Record why a competence the uppdrag asks for is missing from the group (empty: none).

    A competence that *ska finnas* and is missing blocks the hand-over unless it has one.
    """
    dp = kompetenskrav.delprojekt
    if not user.has_perm("delprojekt.manage_arbetsgrupp", dp):
        raise NotAllowed(_("Du får inte ändra arbetsgruppen i det här delprojektet."))
    skal = (skal or "").strip()
    if len(skal) > 2000:
        message = _("Skriv skälet kortare (högst 2 000 tecken).")
        raise Invalid(message, field_errors={"skal_saknas": [message]})
    with transaction.atomic():
        k = Kompetenskrav.objects.select_for_update().get(pk=kompetenskrav.pk)
        if k.skal_saknas == skal:
            return False
        k.skal_saknas = skal
        set_history_user(k, user)
        k.save(update_fields=["skal_saknas"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=(
                _("Skäl till att kompetensen %(namn)s saknas: %(skal)s")
                if skal
                else _("Skälet till att kompetensen %(namn)s saknas togs bort")
            )
            % {"namn": k.benamning, "skal": skal},
        )
    kompetenskrav.skal_saknas = skal
    return True


def _clean_kompetenser(delprojekt: Delprojekt, kompetenser: Iterable[Any]) -> list[Kompetenskrav]:
    chosen = list(kompetenser or [])
    ids = {getattr(k, "pk", k) for k in chosen}
    own = list(Kompetenskrav.objects.filter(delprojekt=delprojekt, pk__in=ids))
    if len(own) != len(ids):
        message = _("Välj bara kompetenser som uppdraget för det här delprojektet anger.")
        raise Invalid(message, field_errors={"kompetenser": [message]})
    return own


def arbetsgrupp_member_add(
    *, delprojekt: Delprojekt, user: Actor, person: Any, data: dict[str, Any]
) -> Arbetsgruppsmedlemskap:
    """Add a nominee (or, for the kansli, someone at any status, e.g. appointed directly).

    The returned membership carries ``warnings`` (a list of Swedish reminders).
    """
    if not user.has_perm("delprojekt.nominate_member", delprojekt):
        raise NotAllowed(_("Du får inte nominera till arbetsgruppen i det här delprojektet."))
    may_manage = user.has_perm("delprojekt.manage_arbetsgrupp", delprojekt)
    data = {**_DEFAULTS, **{k: v for k, v in data.items() if v is not None or k == "region"}}
    if not data.get("roll"):
        raise Invalid(_("Välj en roll."), field_errors={"roll": [_("Välj en roll.")]})
    if data["status"] not in Nomineringsstatus.values:
        raise Invalid(
            _("Välj en giltig status."), field_errors={"status": [_("Välj en giltig status.")]}
        )
    if not may_manage and (
        data["status"] != Nomineringsstatus.NOMINERAD or data["avstamt_med_chef"]
    ):
        raise NotAllowed(
            _("Ordföranden och processledaren kan föreslå personer; kansliet tar nästa steg.")
        )
    if data["status"] == Nomineringsstatus.AVBOJD:
        message = _("En ny nominering kan inte registreras som avböjd.")
        raise Invalid(message, field_errors={"status": [message]})
    _validate_utsedd(data["status"], data["avstamt_med_chef"])
    if data["roll"] == ArbetsgruppRoll.ADJUNGERAD:
        if not data["adjungerad_omrade"]:
            message = _("Ange inom vilket område personen är adjungerad.")
            raise Invalid(message, field_errors={"adjungerad_omrade": [message]})
    else:
        data["adjungerad_omrade"] = ""
        data["adjungerad_for"] = ""
    if data["roll"] != ArbetsgruppRoll.ORDFORANDE:
        # The allocated time and experience are the chair's appointment (the method).
        data["avsatt_tid"] = ""
        data["erfarenhet"] = ""
    elif len(data["avsatt_tid"] or "") > 100:
        message = _("Skriv den avsatta tiden kortare (högst 100 tecken).")
        raise Invalid(message, field_errors={"avsatt_tid": [message]})
    kompetenser = _clean_kompetenser(delprojekt, data.get("kompetenser") or [])
    today = timezone.localdate()
    if data["nominerad_datum"] and data["nominerad_datum"] > today:
        message = _("Nomineringsdatum kan inte ligga i framtiden.")
        raise Invalid(message, field_errors={"nominerad_datum": [message]})
    if not data["nominerande"]:
        if may_manage:
            data["nominerande"] = Nominerande.KANSLI
        elif ArbetsgruppRoll.ORDFORANDE in projektroller(user, delprojekt):
            data["nominerande"] = Nominerande.ORDFORANDE
        else:
            data["nominerande"] = Nominerande.ANNAN
    if not data["nominerad_av"].strip() and data["nominerande"] in (
        Nominerande.ORDFORANDE,
        Nominerande.ANNAN,
    ):
        data["nominerad_av"] = actor_name(user)
    if not data["nominerad_datum"]:
        data["nominerad_datum"] = today

    warnings: list[str] = []
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
            raise Invalid(message, field_errors={"person": [message]})
        chair_warning = chair_first_warning(delprojekt, data["roll"])
        if chair_warning:
            warnings.append(chair_warning)
        m = Arbetsgruppsmedlemskap(delprojekt=delprojekt, person=person)
        for f in MEMBER_FIELDS:
            setattr(m, f, data[f].strip() if isinstance(data[f], str) else data[f])
        if m.region is None:
            m.region = person.region
        if not m.profession:
            m.profession = person.profession
        if m.status == Nomineringsstatus.UTSEDD:
            m.fran = today
        set_history_user(m, user)
        m.save()
        if kompetenser:
            m.kompetenser.set(kompetenser)
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s: %(roll)s (%(status)s, nominerad genom %(genom)s)")
            % {
                "namn": person.namn,
                "roll": m.get_roll_display().lower(),
                "status": m.get_status_display().lower(),
                "genom": m.get_nominerande_display().lower(),
            },
        )
    m.warnings = warnings
    return m


def arbetsgrupp_member_update(
    *, member: Arbetsgruppsmedlemskap, user: Actor, data: dict[str, Any]
) -> bool:
    """Move a nominee one step along ``NASTA_STATUS`` and/or tick "avstämt med chef"."""
    delprojekt = member.delprojekt
    _check(user, delprojekt)
    with transaction.atomic():
        m = (
            Arbetsgruppsmedlemskap.objects.select_for_update()
            .select_related("person")
            .get(pk=member.pk)
        )
        if m.till and m.till < timezone.localdate():
            raise Locked(_("Medlemskapet är avslutat och kan inte ändras."))
        status = data.get("status") or m.status
        avstamt = bool(data.get("avstamt_med_chef", m.avstamt_med_chef))
        if status != m.status and status not in NASTA_STATUS.get(m.status, ()):
            allowed = NASTA_STATUS.get(m.status, ())
            if allowed:
                steg = _(" eller ").join(_status_label(s) for s in allowed)
                message = _(
                    "%(namn)s är %(status)s och kan inte bli %(ny)s direkt. Nästa steg är %(steg)s."
                ) % {
                    "namn": m.person.namn,
                    "status": _status_label(m.status),
                    "ny": _status_label(status) if status in Nomineringsstatus.values else status,
                    "steg": steg,
                }
            else:
                message = _("%(namn)s är %(status)s; statusen kan inte ändras längre.") % {
                    "namn": m.person.namn,
                    "status": _status_label(m.status),
                }
            raise GuardFailed(message, field_errors={"status": [message]})
        if m.status == Nomineringsstatus.UTSEDD and not avstamt:
            message = _("Avstämningen med chef kan inte tas bort för en utsedd person.")
            raise GuardFailed(message, field_errors={"avstamt_med_chef": [message]})
        _validate_utsedd(status, avstamt)
        changed = [
            f for f, v in (("status", status), ("avstamt_med_chef", avstamt)) if getattr(m, f) != v
        ]
        if not changed:
            return False
        m.status = status
        m.avstamt_med_chef = avstamt
        if "status" in changed and m.status == Nomineringsstatus.UTSEDD and not m.fran:
            m.fran = timezone.localdate()
            changed.append("fran")
        set_history_user(m, user)
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


def arbetsgrupp_member_kompetenser(
    *, member: Arbetsgruppsmedlemskap, user: Actor, kompetenser: Iterable[Any]
) -> bool:
    """Set which of the uppdrag's required competences a member covers."""
    delprojekt = member.delprojekt
    _check(user, delprojekt)
    chosen = _clean_kompetenser(delprojekt, kompetenser)
    with transaction.atomic():
        m = (
            Arbetsgruppsmedlemskap.objects.select_for_update()
            .select_related("person")
            .get(pk=member.pk)
        )
        if m.till and m.till < timezone.localdate():
            raise Locked(_("Medlemskapet är avslutat och kan inte ändras."))
        before = set(m.kompetenser.values_list("pk", flat=True))
        after = {k.pk for k in chosen}
        if before == after:
            return False
        m.kompetenser.set(chosen)
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s täcker: %(kompetenser)s")
            % {
                "namn": m.person.namn,
                "kompetenser": ", ".join(k.benamning for k in chosen) or _("inga kompetenskrav"),
            },
        )
    return True


def arbetsgrupp_member_end(*, member: Arbetsgruppsmedlemskap, user: Actor) -> None:
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
        set_history_user(m, user)
        m.save(update_fields=["till", "fran"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("%(namn)s lämnade arbetsgruppen (%(roll)s)")
            % {"namn": m.person.namn, "roll": m.get_roll_display().lower()},
        )


def arbetsgrupp_utan_patientrepresentant(*, delprojekt: Delprojekt, user: Actor, text: str) -> bool:
    """Record (or clear) why the group has no patient or närstående representative."""
    _check(user, delprojekt)
    text = (text or "").strip()
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.utan_patientrepresentant == text:
            return False
        dp.utan_patientrepresentant = text
        set_history_user(dp, user)
        dp.save(update_fields=["utan_patientrepresentant"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.ARBETSGRUPP,
            text=_("Skäl till att patient- eller närståenderepresentant saknas: %(text)s")
            % {"text": text}
            if text
            else _("Skälet till att patient- eller närståenderepresentant saknas togs bort."),
        )
    delprojekt.utan_patientrepresentant = text
    return True


def default_beslutstext(delprojekt: Delprojekt, members: Iterable[Arbetsgruppsmedlemskap]) -> str:
    namn = [
        f"{m.person.namn} ({m.get_roll_display().lower()})"
        for m in sorted(members, key=lambda m: (ROLL_ORDNING.get(m.roll, 99), m.person.namn))
    ]
    return _("Ledningsgruppen utser %(namn)s till arbetsgrupp för %(ref)s %(titel)s.") % {
        "namn": ", ".join(namn) if namn else "…",
        "ref": delprojekt.referens,
        "titel": delprojekt.titel,
    }


def appointable(members: Iterable[Arbetsgruppsmedlemskap]) -> list[Arbetsgruppsmedlemskap]:
    """Members the ledningsgrupp's decision may appoint: current and accepted."""
    today = timezone.localdate()
    return [
        m for m in members if m.status == Nomineringsstatus.ACCEPTERAD and _is_current(m, today)
    ]


def arbetsgrupp_appoint(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    member_ids: Iterable[int],
    datum: datetime.date | None,
    beslutstext: str,
    slag: str = Beslut.Slag.PER_CAPSULAM,
) -> Beslut:
    """Record the ledningsgrupp's decision appointing accepted nominees to the group."""
    _check(user, delprojekt)
    ids = {int(i) for i in member_ids}
    errors: dict[str, list[str]] = {}
    if not ids:
        errors["medlemmar"] = [_("Välj minst en person som ledningsgruppen utser.")]
    if datum is None:
        errors["datum"] = [_("Ange beslutsdatum.")]
    elif datum > timezone.localdate():
        errors["datum"] = [_("Beslutsdatum kan inte ligga i framtiden.")]
    if not (beslutstext or "").strip():
        errors["beslutstext"] = [_("Skriv beslutets text.")]
    if errors:
        raise Invalid(*[m for msgs in errors.values() for m in msgs], field_errors=errors)
    organ = Organ.of_kind(Organ.Typ.LEDNINGSGRUPP)
    if organ is None:
        raise GuardFailed(
            _("Det finns inget organ av typen %(typ)s. Lägg till det i administrationen.")
            % {"typ": Organ.Typ.LEDNINGSGRUPP.label}
        )
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        members = list(
            Arbetsgruppsmedlemskap.objects.select_for_update()
            .filter(delprojekt=delprojekt, pk__in=ids)
            .select_related("person")
            .order_by("pk")
        )
        if len(members) != len(ids):
            message = _("Någon av de valda personerna finns inte i arbetsgruppen.")
            raise Invalid(message, field_errors={"medlemmar": [message]})
        not_accepted = [m for m in members if m not in appointable(members)]
        if not_accepted:
            message = _(
                "Bara personer som har accepterat kan utses. Det gäller inte: %(namn)s."
            ) % {
                "namn": ", ".join(
                    f"{m.person.namn} ({_status_label(m.status)})" for m in not_accepted
                )
            }
            raise GuardFailed(message, field_errors={"medlemmar": [message]})
        unchecked = [m.person.namn for m in members if not m.avstamt_med_chef]
        if unchecked:
            message = _(
                "Stäm av med närmaste chef innan personen utses. Inte avstämt: %(namn)s."
            ) % {"namn": ", ".join(unchecked)}
            raise GuardFailed(message, field_errors={"medlemmar": [message]})
        beslut = beslut_utanfor_mote(
            delprojekt=delprojekt,
            organ=organ,
            utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD,
            datum=datum,
            beslutstext=beslutstext,
            slag=slag,
            user=user,
        )
        for m in members:
            m.status = Nomineringsstatus.UTSEDD
            m.utsedd_beslut = beslut
            m.fran = datum
            set_history_user(m, user)
            m.save(update_fields=["status", "utsedd_beslut", "fran"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.BESLUT,
            text=_("Ledningsgruppen utsåg %(antal)s personer till arbetsgruppen: %(namn)s")
            % {"antal": len(members), "namn": ", ".join(m.person.namn for m in members)}
            if len(members) > 1
            else _("Ledningsgruppen utsåg %(namn)s till arbetsgruppen")
            % {"namn": members[0].person.namn},
            beslut=beslut,
        )
    return beslut
