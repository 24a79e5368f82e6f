"""Meetings of the bodies: agenda, kallelse, recorded decisions, § numbers, justering.

Every decision on an ``arende`` item runs its workflow transition through
``delprojekt_transition`` with the same permission and guards as anywhere else.
A signed-off (justerat) protocol never changes; only a correction is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.beslutsko import Koarende, beslutsko_for, glom_anropet, komplettera
from delprojekt.historik import set_history_user
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Handelse,
    Notistyp,
    Organ,
    Organmedlemskap,
    Person,
    Protokollkorrigering,
    Sammantrade,
)
from delprojekt.permissions import roller_for
from delprojekt.services import notifications
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.paragrafer import anmalningar_pending, next_paragrafer
from delprojekt.services.protokoll_pdf import kallelse_pdf
from delprojekt.services.workflow import BeslutUppgifter, Overgangsdata, delprojekt_transition
from delprojekt.types import Actor
from delprojekt.workflow import beslut_av, vantande_status
from delprojekt.workflow import overgang as find_overgang

logger = logging.getLogger(__name__)

LAST = _("Protokollet är justerat och kan inte ändras. Registrera en korrigering i stället.")
INFORMATION_ANTECKNAS = "Informationen antecknas."
ANMALAN_ANTECKNAS = "Anmälan läggs till handlingarna."
FRIA_TYPER = (Dagordningspunkt.Typ.INFORMATION, Dagordningspunkt.Typ.OVRIGT)
HUVUDFALT = ("start", "slut", "plats", "lank", "ordforande", "sekreterare", "justerare")


#: Called with (item, meeting, user) inside ``punkt_record``'s transaction once an item is
#: recorded; other apps register what a recorded item means to them (``vid_protokollforing``).
VID_PROTOKOLLFORING: list[Callable[[Dagordningspunkt, Sammantrade, Any], None]] = []


def vid_protokollforing(
    func: Callable[[Dagordningspunkt, Sammantrade, Any], None],
) -> Callable[[Dagordningspunkt, Sammantrade, Any], None]:
    if func not in VID_PROTOKOLLFORING:
        VID_PROTOKOLLFORING.append(func)
    return func


# --- Helpers ---------------------------------------------------------------------------


def valbara_personer(organ: Organ) -> Any:
    """Who may chair, take the minutes or sign off: the body's current members and the
    kansli's people."""
    ids = Organmedlemskap.objects.current().filter(
        Q(organ=organ) | Q(organ__typ=Organ.Typ.KANSLI, organ__aktiv=True)
    )
    return Person.objects.filter(pk__in=ids.values("person_id")).order_by("namn")


def valbara_med_narvaro(s: Sammantrade) -> list[Person]:
    """``valbara_personer`` of the meeting's body, each with ``ar_narvarande`` telling
    whether they are recorded as present (one query)."""
    narvaro = Sammantrade.narvarande.through.objects.filter(
        sammantrade_id=s.pk, person_id=OuterRef("pk")
    )
    return list(valbara_personer(s.organ).annotate(ar_narvarande=Exists(narvaro)))


def mottagare(organ: Organ) -> list[Person]:
    """The body's current members."""
    ids = Organmedlemskap.objects.current().filter(organ=organ).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("namn"))


def _require(user: Actor, perm: str, obj: Any, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise NotAllowed(message)


def _require_manage(user: Actor, s: Sammantrade) -> None:
    _require(
        user,
        "delprojekt.manage_sammantrade",
        s,
        _("Bara kansliet och mötets sekreterare får ändra sammanträdet."),
    )


def _lock(s: Sammantrade) -> Sammantrade:
    return Sammantrade.objects.select_for_update().get(pk=s.pk)


def _not_locked(s: Sammantrade) -> None:
    if s.justerat:
        raise Locked(LAST)


def _not_finalised(s: Sammantrade) -> None:
    _not_locked(s)
    if s.protokoll_klart is not None:
        raise Locked(_("Protokollet är färdigställt och dagordningen kan inte längre ändras."))


def _validate_header(organ: Organ, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    start, slut = data.get("start"), data.get("slut")
    if start is None:
        errors["start"] = [_("Ange datum och tid för sammanträdet.")]
    elif slut is not None and slut <= start:
        errors["slut"] = [_("Sammanträdet måste sluta efter att det börjar.")]
    valbara = set(valbara_personer(organ).values_list("pk", flat=True))
    for field in ("ordforande", "sekreterare", "justerare"):
        person = data.get(field)
        if person is not None and person.pk not in valbara:
            errors[field] = [_("Välj någon bland organets ledamöter eller kansliets medarbetare.")]
    ordf, just = data.get("ordforande"), data.get("justerare")
    if ordf is not None and just is not None and ordf.pk == just.pk and "justerare" not in errors:
        errors["justerare"] = [_("Justeraren kan inte vara samma person som ordföranden.")]
    if errors:
        raise Invalid(*[m for msgs in errors.values() for m in msgs], field_errors=errors)


# --- The meeting -----------------------------------------------------------------------


def sammantrade_create(*, user: Actor, organ: Organ, data: dict) -> Sammantrade:
    _require(
        user, "delprojekt.add_sammantrade", None, _("Bara kansliet får lägga in sammanträden.")
    )
    if organ.typ == Organ.Typ.KANSLI or not organ.aktiv:
        raise Invalid(_("Välj ett aktivt organ som håller sammanträden."))
    _validate_header(organ, data)
    with transaction.atomic():
        s = Sammantrade(organ=organ, registrerat_av=user)
        for field in HUVUDFALT:
            if field in data:
                setattr(s, field, data[field] if data[field] is not None else None)
        s.plats = (s.plats or "").strip()
        s.lank = (s.lank or "").strip()
        set_history_user(s, user)
        s.save()
        # Decisions the body took outside a meeting are reported at its next meeting.
        anmalningar_pending(sammantrade=s, user=user)
    return s


def sammantrade_update(*, sammantrade: Sammantrade, user: Actor, data: dict) -> Sammantrade:
    _require_manage(user, sammantrade)
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_locked(s)
        _validate_header(s.organ, {**{f: getattr(s, f) for f in HUVUDFALT}, **data})
        if s.ordforande_justerat or s.justerare_justerat:
            for field in ("ordforande", "justerare"):
                if field in data and data[field] != getattr(s, field):
                    raise Locked(
                        _("Justeringen har börjat; ordförande och justerare kan inte bytas."),
                        field_errors={field: [_("Justeringen har börjat.")]},
                    )
        changed = []
        for field in HUVUDFALT:
            if field in data and getattr(s, field) != data[field]:
                setattr(s, field, data[field])
                changed.append(field)
        if changed:
            set_history_user(s, user)
            s.save(update_fields=changed)
    return s


def narvaro_save(*, sammantrade: Sammantrade, user: Actor, personer: list[Person]) -> None:
    _require_manage(user, sammantrade)
    valbara = set(valbara_personer(sammantrade.organ).values_list("pk", flat=True))
    okanda = [p.namn for p in personer if p.pk not in valbara]
    if okanda:
        raise Invalid(
            _("%(namn)s är inte ledamot i organet eller medarbetare på kansliet.")
            % {"namn": ", ".join(okanda)}
        )
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_locked(s)
        set_history_user(s, user)
        s.narvarande.set(personer)


# --- The agenda ------------------------------------------------------------------------


def _next_ordning(s: Sammantrade) -> int:
    return (s.punkter.aggregate(m=Max("ordning"))["m"] or 0) + 1


def koarende(sammantrade: Sammantrade, nyckel: str) -> Koarende | None:
    # Read afresh: the caller holds the meeting's lock and checks the item's state.
    glom_anropet()
    for item in beslutsko_for(sammantrade.organ, komplett=False):
        if item.nyckel == nyckel:
            return komplettera([item])[0]
    return None


def dagordning_add_from_queue(
    *, sammantrade: Sammantrade, nyckel: str, user: Actor
) -> Dagordningspunkt:
    _require_manage(user, sammantrade)
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_finalised(s)
        item = koarende(s, nyckel)
        if item is None:
            raise StaleState(_("Ärendet väntar inte längre på %(organ)s.") % {"organ": s.organ})
        if item.pa_dagordning:
            raise StaleState(
                _("»%(rubrik)s« står redan på dagordningen för ett sammanträde.")
                % {"rubrik": item.rubrik}
            )
        punkt = Dagordningspunkt(
            sammantrade=s,
            ordning=_next_ordning(s),
            typ=item.typ,
            rubrik=item.rubrik[:300],
            delprojekt=item.delprojekt,
            delrapport=item.delrapport,
            uppfoljningsomgang=item.uppfoljningsomgang,
            konyckel=item.nyckel,
            beslutsforslag=item.beslutsforslag,
        )
        set_history_user(punkt, user)
        punkt.save()
    return punkt


def dagordning_add_free(
    *, sammantrade: Sammantrade, user: Actor, typ: str, rubrik: str, text: str = ""
) -> Dagordningspunkt:
    _require_manage(user, sammantrade)
    if typ not in FRIA_TYPER:
        raise Invalid(
            _("Välj information eller övriga frågor."), field_errors={"typ": [_("Välj typ.")]}
        )
    if not rubrik.strip():
        raise Invalid(
            _("Skriv en rubrik för punkten."), field_errors={"rubrik": [_("Skriv en rubrik.")]}
        )
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_finalised(s)
        punkt = Dagordningspunkt(
            sammantrade=s,
            ordning=_next_ordning(s),
            typ=typ,
            rubrik=rubrik.strip()[:300],
            beslutsforslag=text.strip(),
        )
        set_history_user(punkt, user)
        punkt.save()
    return punkt


def _renumber(s: Sammantrade, ordered: list[Dagordningspunkt], user: Actor) -> None:
    for i, p in enumerate(ordered, start=1):
        if p.ordning != i:
            p.ordning = i
            set_history_user(p, user)
            p.save(update_fields=["ordning"])


def dagordning_move(*, punkt: Dagordningspunkt, user: Actor, riktning: str) -> None:
    """Move an item one step ``"upp"`` or ``"ned"``."""
    s = punkt.sammantrade
    _require_manage(user, s)
    if riktning not in ("upp", "ned"):
        raise Invalid(_("Okänd riktning."))
    with transaction.atomic():
        s = _lock(s)
        _not_finalised(s)
        ordered = list(s.punkter.order_by("ordning", "pk"))
        index = next((i for i, p in enumerate(ordered) if p.pk == punkt.pk), None)
        if index is None:
            raise StaleState(_("Punkten finns inte längre på dagordningen."))
        other = index - 1 if riktning == "upp" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(s, ordered, user)


def dagordning_remove(*, punkt: Dagordningspunkt, user: Actor) -> None:
    s = punkt.sammantrade
    _require_manage(user, s)
    with transaction.atomic():
        s = _lock(s)
        _not_finalised(s)
        p = Dagordningspunkt.objects.select_for_update().filter(pk=punkt.pk).first()
        if p is None:
            return
        if p.protokollford is not None:
            raise Locked(_("Beslutet i punkten är redan protokollfört; punkten kan inte tas bort."))
        set_history_user(p, user)
        p.delete()
        _renumber(s, list(s.punkter.order_by("ordning", "pk")), user)


# --- Kallelse --------------------------------------------------------------------------


def _queue_kallelse(s: Sammantrade) -> int:
    """Tell every member of the kallelse; queue it with its PDF to those who want it now."""
    people = mottagare(s.organ)
    if not people or notifications.is_suppressed():
        return 0
    filename = f"kallelse-{s.organ.typ}-{timezone.localtime(s.start):%Y-%m-%d}.pdf"
    return notifications.notify(
        people,
        typ=Notistyp.SAMMANTRADE,
        template="delprojekt/sammantrade/email/kallelse",
        context={"sammantrade": s, "punkter": list(s.punkter.order_by("ordning", "pk"))},
        lank=reverse("sammantrade:detalj", args=[s.pk]),
        attachments=[(filename, kallelse_pdf(s), "application/pdf")],
        sammantrade=s,
    )


def kallelse_send(*, sammantrade: Sammantrade, user: Actor) -> Sammantrade:
    """Record that the kallelse was issued and queue it to every member, in one
    transaction; the outbox delivers it (``utkorg.kallelsestatus`` tells how it went)."""
    _require_manage(user, sammantrade)
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_locked(s)
        if not s.punkter.exists():
            raise GuardFailed(
                _("Lägg till minst en punkt på dagordningen innan kallelsen skickas.")
            )
        s.kallelse_skickad = timezone.now()
        set_history_user(s, user)
        s.save(update_fields=["kallelse_skickad"])
        _queue_kallelse(s)
    return s


# --- Recording decisions ---------------------------------------------------------------


def punkt_passe(punkt: Dagordningspunkt) -> str:
    """Why an item for decision can no longer be decided here: its project has moved on
    by another route since it was put on the agenda. "" while it still waits."""
    dp = punkt.delprojekt
    if punkt.typ != Dagordningspunkt.Typ.ARENDE or dp is None or punkt.protokollford:
        return ""
    if dp.status in vantande_status(punkt.sammantrade.organ.typ):
        return ""
    return _(
        "Delprojektet har gått vidare till »%(status)s« sedan punkten sattes upp, och "
        "%(organ)s kan inte längre besluta i ärendet här. Ta bort punkten från dagordningen."
    ) % {"status": dp.get_status_display(), "organ": punkt.sammantrade.organ}


def punkt_record(
    *,
    punkt: Dagordningspunkt,
    user: Actor,
    overgang: str = "",
    beslutstext: str = "",
    reservation: str = "",
    foredragande: str = "",
    rekommendationer: dict[int, str] | None = None,
    kommentar: str = "",
    expected_status: str | None = None,
    positioner: dict[int, tuple[str, str]] | None = None,
) -> Dagordningspunkt:
    """Record what the meeting decided on one item, once, and who presented it.

    For an ``arende`` the decision runs its transition; a second submit of the same
    form finds the item already recorded (or the project moved on) and is refused.
    """
    s = punkt.sammantrade
    _require_manage(user, s)
    with transaction.atomic():
        s = _lock(s)
        _not_locked(s)
        p = (
            # Lock the item only: PostgreSQL cannot lock the nullable side of a join.
            Dagordningspunkt.objects.select_for_update(of=("self",))
            .select_related("delprojekt")
            .filter(pk=punkt.pk, sammantrade=s)
            .first()
        )
        if p is None:
            raise StaleState(_("Punkten finns inte längre på dagordningen."))
        if timezone.localtime(s.start).date() > timezone.localdate():
            raise GuardFailed(
                _("Sammanträdet har inte ägt rum än. Besluten protokollförs från mötesdagen.")
            )
        if p.protokollford is not None:
            raise StaleState(
                _(
                    "Beslutet i »%(rubrik)s« är redan protokollfört. Ingen ändring gjordes – "
                    "formuläret skickades troligen två gånger."
                )
                % {"rubrik": p.rubrik}
            )
        beslutstext = (beslutstext or "").strip()
        reservation = (reservation or "").strip()
        foredragande = (foredragande or "").strip()
        if len(foredragande) > 200:
            message = _("Skriv föredragandens namn kortare (högst 200 tecken).")
            raise Invalid(message, field_errors={"foredragande": [message]})
        update = ["beslutstext", "reservation", "foredragande", "protokollford"]
        dp = p.delprojekt
        if p.typ == Dagordningspunkt.Typ.ARENDE and dp is not None:
            gone = punkt_passe(p)
            if gone:
                raise GuardFailed(gone)
        status = expected_status or (dp.status if dp is not None else "")
        mojliga = beslut_av(s.organ.typ, status)
        if p.typ == Dagordningspunkt.Typ.ARENDE and dp is not None and (overgang or mojliga):
            o = find_overgang(status, overgang) if overgang else None
            if o is None or o.organ != s.organ.typ:
                raise Invalid(
                    _("Välj vilket beslut %(organ)s fattade.") % {"organ": s.organ},
                    field_errors={"overgang": [_("Välj ett beslut.")]},
                )
            if not beslutstext:
                beslutstext = o.beslutstext(s.organ.namn, dp.titel)
            data = Overgangsdata(
                beslut=BeslutUppgifter(
                    datum=timezone.localtime(s.start).date(),
                    beslutstext=beslutstext,
                    slag=Beslut.Slag.SAMMANTRADE,
                    dagordningspunkt=p,
                ),
                rekommendationer=rekommendationer or {},
                positioner=positioner or {},
            )
            text = kommentar.strip()
            if reservation:
                text = "\n".join(filter(None, [text, _("Reservation: %s") % reservation]))
            dp = delprojekt_transition(
                delprojekt=dp,
                name=o.name,
                user=user,
                kommentar=text,
                expected_status=status,
                data=data,
            )
            # The decision the transition just wrote, under the project's row lock.
            p.beslut = Beslut.objects.filter(delprojekt=dp).order_by("-pk").first()
            p.overgang = o.name
            update += ["beslut", "overgang"]
        elif p.typ == Dagordningspunkt.Typ.ARENDE:
            # A body that prepares rather than decides (the political steering group):
            # its statement is recorded, the project's state stays as it is.
            if not beslutstext:
                raise Invalid(
                    _("Skriv beslutets text."),
                    field_errors={"beslutstext": [_("Skriv beslutets text.")]},
                )
        elif p.typ == Dagordningspunkt.Typ.ANMALAN:
            beslutstext = beslutstext or ANMALAN_ANTECKNAS
        else:
            beslutstext = beslutstext or INFORMATION_ANTECKNAS
        p.beslutstext = beslutstext
        p.reservation = reservation
        p.foredragande = foredragande
        p.protokollford = timezone.now()
        set_history_user(p, user)
        p.save(update_fields=update)
        for hook in VID_PROTOKOLLFORING:
            hook(p, s, user)
        if dp is not None and p.beslut_id is None:
            # What the body noted about a project (a part report, a preparation) shows on
            # its timeline; decisions that move it are recorded by the workflow itself.
            record_event(
                delprojekt=dp,
                user=user,
                typ=Handelse.Typ.BESLUT,
                text=_("%(organ)s %(datum)s: %(rubrik)s")
                % {
                    "organ": s.organ,
                    "datum": f"{timezone.localtime(s.start):%Y-%m-%d}",
                    "rubrik": p.rubrik,
                },
                kommentar=beslutstext,
            )
    return p


# --- The protocol ----------------------------------------------------------------------


def protokoll_finalise(*, sammantrade: Sammantrade, user: Actor) -> Sammantrade:
    """Number the paragraphs in agenda order and hand the protocol over for justering."""
    _require_manage(user, sammantrade)
    with transaction.atomic():
        s = _lock(sammantrade)
        _not_locked(s)
        if s.protokoll_klart is not None:
            raise StaleState(_("Protokollet är redan färdigställt."))
        punkter = list(
            s.punkter.select_for_update(of=("self",))
            .select_related("beslut")
            .order_by("ordning", "pk")
        )
        if not punkter:
            raise GuardFailed(_("Dagordningen är tom – det finns inget att protokollföra."))
        ofardiga = [p.rubrik for p in punkter if p.protokollford is None]
        if ofardiga:
            raise GuardFailed(
                _("Protokollför alla punkter först (saknas: %(punkter)s).")
                % {"punkter": "; ".join(ofardiga)}
            )
        ar = timezone.localtime(s.start).year
        nummer = next_paragrafer(organ=s.organ, ar=ar, antal=len(punkter))
        for p, n in zip(punkter, nummer, strict=True):
            p.paragraf_organ = s.organ
            p.paragraf_ar = ar
            p.paragraf_nummer = n
            set_history_user(p, user)
            p.save(update_fields=["paragraf_organ", "paragraf_ar", "paragraf_nummer"])
            if p.beslut is not None:
                p.beslut.paragraf = p.paragraf
                set_history_user(p.beslut, user)
                p.beslut.save(update_fields=["paragraf"])
        s.protokoll_klart = timezone.now()
        set_history_user(s, user)
        s.save(update_fields=["protokoll_klart"])
        _notify_justering(s)
    return s


def _notify_justering(s: Sammantrade) -> int:
    """Ask the chair and the justerare to sign the protocol: a duty, always mailed."""
    people = [p for p in (s.ordforande, s.justerare) if p is not None]
    return notifications.notify(
        people,
        typ=Notistyp.PLIKT,
        template="delprojekt/sammantrade/email/justera",
        context={"sammantrade": s},
        lank=reverse("sammantrade:detalj", args=[s.pk]),
    )


def _roles(user: Actor, s: Sammantrade) -> tuple[bool, bool]:
    pid = roller_for(user).person_id
    return (pid is not None and s.ordforande_id == pid, pid is not None and s.justerare_id == pid)


def protokoll_justera(*, sammantrade: Sammantrade, user: Actor) -> Sammantrade:
    """The chair or the justerare signs off the protocol, each for their own role."""
    _require(
        user,
        "delprojekt.justera",
        sammantrade,
        _("Bara mötets ordförande och justerare får justera protokollet."),
    )
    with transaction.atomic():
        s = _lock(sammantrade)
        if s.protokoll_klart is None:
            raise GuardFailed(_("Protokollet måste vara färdigställt innan det justeras."))
        is_chair, is_justerare = _roles(user, s)
        now = timezone.now()
        changed = []
        if is_chair and s.ordforande_justerat is None:
            s.ordforande_justerat, s.ordforande_justerat_av = now, user
            changed += ["ordforande_justerat", "ordforande_justerat_av"]
        if is_justerare and s.justerare_justerat is None:
            s.justerare_justerat, s.justerare_justerat_av = now, user
            changed += ["justerare_justerat", "justerare_justerat_av"]
        if not changed:
            if not (is_chair or is_justerare):
                raise NotAllowed(_("Bara mötets ordförande och justerare får justera protokollet."))
            raise StaleState(_("Du har redan justerat protokollet."))
        set_history_user(s, user)
        s.save(update_fields=changed)
    return s


def punkt_omedelbar_justering(*, punkt: Dagordningspunkt, user: Actor) -> Dagordningspunkt:
    """Sign one recorded paragraph at once, ahead of the protocol as a whole."""
    s = punkt.sammantrade
    _require(
        user,
        "delprojekt.justera",
        s,
        _("Bara mötets ordförande och justerare får justera en paragraf omedelbart."),
    )
    with transaction.atomic():
        s = _lock(s)
        # Signed as a whole, the protocol has no paragraph left to sign on its own.
        _not_locked(s)
        p = Dagordningspunkt.objects.select_for_update().filter(pk=punkt.pk, sammantrade=s).first()
        if p is None:
            raise StaleState(_("Punkten finns inte längre på dagordningen."))
        if p.protokollford is None:
            raise GuardFailed(_("Protokollför beslutet innan paragrafen justeras."))
        if p.omedelbart_justerad is not None:
            raise StaleState(_("Paragrafen är redan omedelbart justerad."))
        p.omedelbart_justerad = timezone.now()
        p.omedelbart_justerad_av = user
        set_history_user(p, user)
        p.save(update_fields=["omedelbart_justerad", "omedelbart_justerad_av"])
    return p


def protokoll_korrigera(
    *,
    sammantrade: Sammantrade,
    user: Actor,
    text: str,
    punkt: Dagordningspunkt | None = None,
) -> Protokollkorrigering:
    """Record a correction of a signed-off protocol; the protocol itself stays as it was."""
    _require_manage(user, sammantrade)
    if not text.strip():
        raise Invalid(
            _("Skriv vad som korrigeras."), field_errors={"text": [_("Skriv korrigeringen.")]}
        )
    if not sammantrade.justerat:
        raise GuardFailed(
            _("Protokollet är inte justerat än – ändra direkt i protokollet i stället.")
        )
    if punkt is not None and punkt.sammantrade_id != sammantrade.pk:
        raise Invalid(_("Paragrafen hör inte till det här sammanträdet."))
    with transaction.atomic():
        k = Protokollkorrigering(
            sammantrade=sammantrade, punkt=punkt, text=text.strip(), registrerad_av=user
        )
        set_history_user(k, user)
        k.save()
    return k
