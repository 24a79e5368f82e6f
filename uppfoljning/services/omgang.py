"""Follow-up rounds: creating them, who writes the report, presentations, closing.

Every function checks the permission, locks the round while it changes it and
records an event on the project's timeline. The round's own report (writing it,
handing it in) is in ``uppfoljning.services.rapport``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.dates import add_months
from delprojekt.historik import set_history_user
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Handelse,
    Nomineringsstatus,
    Notistyp,
    Person,
    Samverkan,
)
from delprojekt.permissions import roller_for
from delprojekt.services import notifications
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.types import Actor
from uppfoljning.models import (
    REDOVISNINGSORGAN,
    Omgangsstatus,
    Redovisning,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
    redovisningsorgan,
)

ORGAN_NAMN = dict(REDOVISNINGSORGAN)


def ny_omgang_manader() -> tuple[int, int]:
    """A further round is due this many months (6–12 in the working method) after the
    previous round's last presentation (``Samverkan``)."""
    s = Samverkan.current()
    return s.nasta_uppfoljning_manader_min, s.nasta_uppfoljning_manader_max


def _require(user: Actor, perm: str, obj: Any, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise NotAllowed(message)


def lock_omgang(omgang: Uppfoljningsomgang) -> Uppfoljningsomgang:
    """The round, locked for the rest of the transaction, with its project."""
    return (
        Uppfoljningsomgang.objects.select_for_update(of=("self",))
        .select_related("delprojekt")
        .get(pk=omgang.pk)
    )


def omgang_event(omgang: Uppfoljningsomgang, user: Actor, text: str, kommentar: str = "") -> None:
    """A line on the project's timeline: "Uppföljning <nr>: <text>"."""
    record_event(
        delprojekt=omgang.delprojekt,
        user=user,
        typ=Handelse.Typ.UPPFOLJNING,
        text=_("Uppföljning %(nr)s: %(text)s") % {"nr": omgang.nummer, "text": text},
        kommentar=kommentar,
    )


def forra_ordforande(delprojekt: Delprojekt) -> Person | None:
    """The working group's chair: the current one, else the one who held the role last."""
    m = (
        Arbetsgruppsmedlemskap.objects.filter(
            delprojekt=delprojekt, roll=ArbetsgruppRoll.ORDFORANDE
        )
        .exclude(status=Nomineringsstatus.AVBOJD)
        .select_related("person")
        # A membership without an end date is the current one; then the latest to end.
        .order_by(F("till").desc(nulls_first=True), F("fran").desc(nulls_last=True), "-pk")
        .first()
    )
    return m.person if m is not None else None


def _notify_forfragan(ansvarig_id: int) -> int:
    a = Uppfoljningsansvarig.objects.select_related("omgang__delprojekt", "person").get(
        pk=ansvarig_id
    )
    # Being asked to write the report is a duty of the method: always mailed.
    return notifications.notify(
        [a.person],
        typ=Notistyp.PLIKT,
        template="uppfoljning/email/forfragan",
        context={"ansvarig": a, "omgang": a.omgang, "dp": a.omgang.delprojekt},
        lank=reverse("uppfoljning:omgang", args=[a.omgang.delprojekt.referens, a.omgang.nummer]),
    )


def omgang_create(
    *, delprojekt: Delprojekt, nummer: int, forfallodatum: datetime.date, user: Actor
) -> Uppfoljningsomgang:
    """Create a round and ask the former chair to write its report.

    Called by the workflow service inside its transaction (the board's decision,
    or ``ny_uppfoljning``), so it does not check permissions itself.
    """
    omgang = Uppfoljningsomgang(delprojekt=delprojekt, nummer=nummer, forfallodatum=forfallodatum)
    set_history_user(omgang, user)
    omgang.save()
    person = forra_ordforande(delprojekt)
    if person is not None:
        a = Uppfoljningsansvarig(omgang=omgang, person=person, tillfragad_av=user)
        set_history_user(a, user)
        a.save()
        _notify_forfragan(a.pk)
    return omgang


def due_date_after_board(beslutsdatum: datetime.date) -> datetime.date:
    """The first round is due twelve months (``Samverkan.forsta_uppfoljning_manader``)
    after the board's decision."""
    return add_months(beslutsdatum, Samverkan.current().forsta_uppfoljning_manader)


def ny_omgang_interval(delprojekt: Delprojekt) -> tuple[datetime.date, datetime.date] | None:
    """The allowed due dates of a further round, from the latest round's last presentation."""
    senast = (
        Redovisning.objects.filter(omgang__delprojekt=delprojekt)
        .order_by("-omgang__nummer", "-datum")
        .values_list("datum", flat=True)
        .first()
    )
    if senast is None:
        return None
    fran, till = ny_omgang_manader()
    return add_months(senast, fran), add_months(senast, till)


# --- Who writes the report -----------------------------------------------------------


def ansvarig_add(
    *, omgang: Uppfoljningsomgang, person: Person, user: Actor
) -> Uppfoljningsansvarig:
    """The kansli asks another person (a group member, say) to write the report."""
    _require(
        user,
        "uppfoljning.manage_omgang",
        omgang.delprojekt,
        _("Du får inte ändra vem som skriver uppföljningen."),
    )
    with transaction.atomic():
        o = lock_omgang(omgang)
        if o.status in (Omgangsstatus.REDOVISAD, Omgangsstatus.KLAR):
            raise GuardFailed(_("Omgången är redan redovisad."))
        existing = Uppfoljningsansvarig.objects.filter(omgang=o, person=person).first()
        if existing is not None and existing.svar != Uppfoljningsansvarig.Svar.AVBOJD:
            message = _("%(namn)s är redan tillfrågad.") % {"namn": person.namn}
            raise Invalid(message, field_errors={"person": [message]})
        a = existing or Uppfoljningsansvarig(omgang=o, person=person)
        a.svar = Uppfoljningsansvarig.Svar.TILLFRAGAD
        a.tillfragad = timezone.now()
        a.tillfragad_av = user
        a.besvarad = None
        a.kommentar = ""
        set_history_user(a, user)
        a.save()
        omgang_event(
            o, user, _("%(namn)s tillfrågades om att skriva rapporten") % {"namn": person.namn}
        )
        _notify_forfragan(a.pk)
    return a


def ansvarig_remove(*, ansvarig: Uppfoljningsansvarig, user: Actor) -> None:
    """Withdraw a question that has not been accepted."""
    omgang = ansvarig.omgang
    _require(
        user,
        "uppfoljning.manage_omgang",
        omgang.delprojekt,
        _("Du får inte ändra vem som skriver uppföljningen."),
    )
    with transaction.atomic():
        o = lock_omgang(omgang)
        a = (
            Uppfoljningsansvarig.objects.select_for_update()
            .filter(pk=ansvarig.pk, omgang=o)
            .first()
        )
        if a is None:
            raise StaleState(_("Förfrågan finns inte längre."))
        if a.svar == Uppfoljningsansvarig.Svar.ACCEPTERAD:
            raise GuardFailed(
                _("%(namn)s har åtagit sig uppdraget och kan inte tas bort.")
                % {"namn": a.person.namn}
            )
        namn = a.person.namn
        set_history_user(a, user)
        a.delete()
        omgang_event(o, user, _("förfrågan till %(namn)s togs tillbaka") % {"namn": namn})


def ansvarig_answer(
    *, ansvarig: Uppfoljningsansvarig, user: Actor, accept: bool, kommentar: str = ""
) -> Uppfoljningsansvarig:
    """The asked person accepts or declines. Accepting starts a planned round."""
    omgang = ansvarig.omgang
    _require(user, "uppfoljning.answer_forfragan", omgang, _("Du får inte svara på förfrågan."))
    roller = roller_for(user)
    if not (roller.kansli or roller.admin) and roller.person_id != ansvarig.person_id:
        raise NotAllowed(_("Du kan bara svara på en förfrågan till dig själv."))
    kommentar = (kommentar or "").strip()
    if not accept and not kommentar:
        raise Invalid(
            _("Skriv varför du avböjer, så att kansliet kan fråga någon annan."),
            field_errors={"kommentar": [_("Skriv en kort motivering.")]},
        )
    with transaction.atomic():
        o = lock_omgang(omgang)
        a = (
            Uppfoljningsansvarig.objects.select_for_update()
            .filter(pk=ansvarig.pk, omgang=o)
            .first()
        )
        if a is None:
            raise StaleState(_("Förfrågan finns inte längre."))
        if o.rapport_inlamnad:
            raise GuardFailed(_("Rapporten är redan inlämnad."))
        nytt = Uppfoljningsansvarig.Svar.ACCEPTERAD if accept else Uppfoljningsansvarig.Svar.AVBOJD
        if a.svar == nytt:
            raise StaleState(_("Svaret är redan registrerat."))
        a.svar = nytt
        a.besvarad = timezone.now()
        a.kommentar = kommentar
        set_history_user(a, user)
        a.save(update_fields=["svar", "besvarad", "kommentar"])
        if accept:
            omgang_event(
                o, user, _("%(namn)s åtog sig att skriva rapporten") % {"namn": a.person.namn}
            )
            if o.status == Omgangsstatus.PLANERAD:
                o.paborja()
                set_history_user(o, user)
                o.save(update_fields=["status"])
                omgang_event(o, user, _("omgången pågår"))
        else:
            omgang_event(
                o,
                user,
                _("%(namn)s avböjde att skriva rapporten") % {"namn": a.person.namn},
                kommentar,
            )
    return a


# --- The round's state ---------------------------------------------------------------


def omgang_paborja(*, omgang: Uppfoljningsomgang, user: Actor) -> Uppfoljningsomgang:
    """The kansli starts a planned round (e.g. before anyone has answered)."""
    _require(
        user, "uppfoljning.manage_omgang", omgang.delprojekt, _("Du får inte starta omgången.")
    )
    with transaction.atomic():
        o = lock_omgang(omgang)
        if o.status != Omgangsstatus.PLANERAD:
            raise StaleState(_("Omgången är redan påbörjad."))
        o.paborja()
        set_history_user(o, user)
        o.save(update_fields=["status"])
        omgang_event(o, user, _("omgången pågår"))
    return o


def omgang_aterfor(
    *, omgang: Uppfoljningsomgang, user: Actor, kommentar: str
) -> Uppfoljningsomgang:
    """Send a handed-in report back for completion, before any body has received it."""
    _require(
        user,
        "uppfoljning.manage_omgang",
        omgang.delprojekt,
        _("Du får inte återföra rapporten."),
    )
    kommentar = (kommentar or "").strip()
    if not kommentar:
        raise Invalid(
            _("Skriv vad som behöver kompletteras."),
            field_errors={"kommentar": [_("Skriv vad som behöver kompletteras.")]},
        )
    with transaction.atomic():
        o = lock_omgang(omgang)
        if o.status != Omgangsstatus.INLAMNAD:
            raise GuardFailed(_("Bara en inlämnad rapport kan återföras."))
        if o.redovisningar.exists():
            raise GuardFailed(
                _("Rapporten är redan redovisad för %(organ)s och kan inte återföras.")
                % {"organ": ", ".join(str(ORGAN_NAMN[r.organ_typ]) for r in o.redovisningar.all())}
            )
        o.aterfor()
        o.inlamnad = None
        o.inlamnad_av = None
        set_history_user(o, user)
        o.save(update_fields=["status", "inlamnad", "inlamnad_av"])
        omgang_event(o, user, _("rapporten återfördes för komplettering"), kommentar)
    return o


def redovisning_record(
    *,
    omgang: Uppfoljningsomgang,
    user: Actor,
    organ_typ: str,
    datum: datetime.date,
    form: str = Redovisning.Form.SKRIFTLIG,
    dagordningspunkt: Any = None,
    check_permission: bool = True,
) -> Redovisning:
    """Record that the report was presented to a body. After the third it is *redovisad*.

    The bodies come in the order samarbetsgrupp, ledningsgrupp, nämnd, and a later
    body's date is not before an earlier one's, whether entered by hand or from a protocol.

    From a meeting's protocol (``dagordningspunkt`` set) the meeting service has
    already checked its own permission and passes ``check_permission=False``.
    """
    if check_permission:
        _require(
            user,
            "uppfoljning.manage_omgang",
            omgang.delprojekt,
            _("Du får inte registrera redovisningar."),
        )
    errors: dict[str, list[str]] = {}
    if organ_typ not in ORGAN_NAMN:
        errors["organ_typ"] = [_("Välj samarbetsgruppen, ledningsgruppen eller nämnden.")]
    if form not in Redovisning.Form.values:
        errors["form"] = [_("Välj skriftligt eller muntligt.")]
    if datum is None:
        errors["datum"] = [_("Ange datum.")]
    elif datum > timezone.localdate():
        errors["datum"] = [_("Datumet kan inte ligga i framtiden.")]
    if errors:
        raise Invalid(
            _("Redovisningen är inte registrerad. Rätta uppgifterna."), field_errors=errors
        )
    with transaction.atomic():
        o = lock_omgang(omgang)
        if not o.rapport_inlamnad:
            raise GuardFailed(_("Rapporten är inte inlämnad än."))
        if o.status == Omgangsstatus.KLAR:
            raise Locked(_("Omgången är avslutad."))
        if o.inlamnad is not None and datum < timezone.localdate(o.inlamnad):
            raise Invalid(
                _("Rapporten kan inte ha redovisats före den lämnades in (%(datum)s).")
                % {"datum": f"{timezone.localdate(o.inlamnad):%Y-%m-%d}"},
                field_errors={"datum": [_("Datumet ligger före inlämningen.")]},
            )
        _check_order(o, organ_typ, datum)
        r = Redovisning(
            omgang=o,
            organ_typ=organ_typ,
            datum=datum,
            form=form,
            dagordningspunkt=dagordningspunkt,
            registrerad_av=user,
        )
        set_history_user(r, user)
        try:
            with transaction.atomic():
                r.save()
        except IntegrityError:
            raise Invalid(
                _("Rapporten är redan redovisad för %(organ)s.") % {"organ": ORGAN_NAMN[organ_typ]}
            ) from None
        omgang_event(
            o,
            user,
            _("rapporten redovisad för %(organ)s %(datum)s (%(form)s)")
            % {
                "organ": ORGAN_NAMN[organ_typ],
                "datum": f"{datum:%Y-%m-%d}",
                "form": r.get_form_display().lower(),
            },
        )
        o.__dict__.pop("_redovisningar", None)
        if o.status == Omgangsstatus.INLAMNAD and not o.saknade_redovisningar():
            o.redovisa()
            set_history_user(o, user)
            o.save(update_fields=["status"])
            omgang_event(o, user, _("rapporten är redovisad för alla organ"))
    return r


def _check_order(o: Uppfoljningsomgang, organ_typ: str, datum: datetime.date) -> None:
    """Refuse a presentation before the bodies that come first, or dated out of order.

    The dates are checked both ways, since an earlier body's presentation may be entered
    again after it was removed as a mistake.
    """
    gjorda = dict(o.redovisningar.values_list("organ_typ", "datum"))
    if organ_typ in gjorda:
        return  # the unique constraint names the body already presented to
    # The order of presentation: samarbetsgrupp (when in the chain), ledningsgrupp, nämnd.
    ordning = [typ for typ, _label in redovisningsorgan()]
    if organ_typ not in ordning:
        message = _("%(organ)s ingår inte i samverkans beslutskedja.") % {
            "organ": str(ORGAN_NAMN[organ_typ]).capitalize()
        }
        raise GuardFailed(message, field_errors={"organ_typ": [message]})
    plats = ordning.index(organ_typ)
    fore, efter = ordning[:plats], ordning[plats + 1 :]
    forst = next((typ for typ in fore if typ not in gjorda), None)
    if forst is not None:
        message = _("Rapporten redovisas först för %(organ)s.") % {"organ": ORGAN_NAMN[forst]}
        raise GuardFailed(message, field_errors={"organ_typ": [message]})
    for typ in reversed(fore):
        if datum < gjorda[typ]:
            raise Invalid(
                _(
                    "Redovisningen för %(organ)s kan inte ligga före redovisningen för "
                    "%(tidigare)s (%(datum)s)."
                )
                % {
                    "organ": ORGAN_NAMN[organ_typ],
                    "tidigare": ORGAN_NAMN[typ],
                    "datum": f"{gjorda[typ]:%Y-%m-%d}",
                },
                field_errors={
                    "datum": [
                        _("Datumet ligger före redovisningen för %(organ)s.")
                        % {"organ": ORGAN_NAMN[typ]}
                    ]
                },
            )
    for typ in efter:
        if typ in gjorda and datum > gjorda[typ]:
            raise Invalid(
                _(
                    "Redovisningen för %(organ)s kan inte ligga efter redovisningen för "
                    "%(senare)s (%(datum)s)."
                )
                % {
                    "organ": ORGAN_NAMN[organ_typ],
                    "senare": ORGAN_NAMN[typ],
                    "datum": f"{gjorda[typ]:%Y-%m-%d}",
                },
                field_errors={
                    "datum": [
                        _("Datumet ligger efter redovisningen för %(organ)s.")
                        % {"organ": ORGAN_NAMN[typ]}
                    ]
                },
            )


def redovisning_remove(*, redovisning: Redovisning, user: Actor) -> None:
    """Remove a presentation recorded by mistake (not one recorded from a protocol)."""
    omgang = redovisning.omgang
    _require(
        user,
        "uppfoljning.manage_omgang",
        omgang.delprojekt,
        _("Du får inte ändra redovisningar."),
    )
    with transaction.atomic():
        o = lock_omgang(omgang)
        r = Redovisning.objects.filter(pk=redovisning.pk, omgang=o).first()
        if r is None:
            raise StaleState(_("Redovisningen finns inte längre."))
        if o.status == Omgangsstatus.KLAR:
            raise Locked(_("Omgången är avslutad; redovisningarna kan inte ändras."))
        if r.dagordningspunkt_id is not None:
            raise Locked(_("Redovisningen kommer från ett protokoll och kan inte tas bort här."))
        organ = ORGAN_NAMN[r.organ_typ]
        set_history_user(r, user)
        r.delete()
        if o.status == Omgangsstatus.REDOVISAD:
            # Back to "handed in": the state field is protected, so the queryset updates it.
            Uppfoljningsomgang.objects.filter(pk=o.pk).update(status=Omgangsstatus.INLAMNAD)
        omgang_event(o, user, _("redovisningen för %(organ)s togs bort") % {"organ": organ})


def omgang_avsluta(
    *, omgang: Uppfoljningsomgang, user: Actor, kommentar: str = ""
) -> Uppfoljningsomgang:
    """Close a presented round, with the kansli's conclusion."""
    _require(
        user, "uppfoljning.manage_omgang", omgang.delprojekt, _("Du får inte avsluta omgången.")
    )
    with transaction.atomic():
        o = lock_omgang(omgang)
        if o.status != Omgangsstatus.REDOVISAD:
            saknas = o.saknade_redovisningar()
            if o.status == Omgangsstatus.KLAR:
                raise StaleState(_("Omgången är redan avslutad."))
            if not o.rapport_inlamnad:
                raise GuardFailed(_("Rapporten är inte inlämnad än."))
            raise GuardFailed(
                _("Rapporten är inte redovisad för %(organ)s.") % {"organ": ", ".join(saknas)}
            )
        o.avsluta()
        o.klar = timezone.now()
        o.kommentar = (kommentar or "").strip()
        set_history_user(o, user)
        o.save(update_fields=["status", "klar", "kommentar"])
        omgang_event(o, user, _("omgången är klar"), o.kommentar)
    return o
