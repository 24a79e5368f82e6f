"""The only way to move a delprojekt through its lifecycle.

``delprojekt_transition`` checks permission and guards, locks the row, re-reads
the state, runs the django-fsm transition, records the decision and the event,
runs the effects other modules registered for the transition (``@effekt`` in
``delprojekt.workflow``), and saves, all in one transaction. Mail and files wait
for the commit.

A body's decision is recorded one way: on an item of one of the body's meetings
(``sammantrade.punkt_record`` passes the item), or by the body's explicit path outside
a meeting (per capsulam, or the chair on delegation, chosen in the transition form),
which takes its § from the same gap-free series at once and is reported at the body's
next meeting ("Anmälan av beslut", ``services.paragrafer``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Handelse,
    Organ,
    Rekommendation,
    Stallningstagande,
    Status,
)
from delprojekt.permissions import roller_for
from delprojekt.services import guards
from delprojekt.services.beslut import beslut_record
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.notifications import notify_transition
from delprojekt.services.paragrafer import beslut_utanfor_mote
from delprojekt.types import Actor
from delprojekt.workflow import (
    EFFEKTER,
    VALIDERINGAR,
    BeslutUppgifter,
    Effektdata,
    Overgang,
    Overgangsdata,
    beslut_av,
    effekt,
    missing,
    overgang,
    overgangar_fran,
    warnings,
)

__all__ = [
    "BeslutUppgifter",
    "Overgangsdata",
    "available_transitions",
    "delprojekt_transition",
    "positions_record",
]


def available_transitions(delprojekt: Delprojekt, user: Actor) -> list[dict]:
    """Every way out of the current state, with who acts, what is missing and whether
    this user may take it. Used by the "Nästa steg" panel."""
    return [
        {
            "overgang": o,
            "missing": missing(delprojekt, o.name),
            "warnings": warnings(delprojekt, o.name),
            "allowed": user.has_perm(f"delprojekt.{o.name}", delprojekt),
        }
        for o in overgangar_fran(delprojekt.status)
    ]


def beslutstext_fel(o: Overgang, status: str, text: str) -> str:
    """A message when ``text`` was written for another outcome of the same item, else ""."""
    lowered = text.lower()
    if o.beslutsfras and str(o.beslutsfras).lower() in lowered:
        return ""
    for other in beslut_av(o.organ or "", status):
        if other.name != o.name and f"beslutar att {other.beslutsfras}".lower() in lowered:
            return _(
                "Beslutstexten gäller »%(annat)s«, men det valda beslutet är »%(valt)s«. "
                "Skriv om texten eller välj det beslut som fattades."
            ) % {"annat": other.label, "valt": o.label}
    return ""


def _validate_form_data(dp: Delprojekt, o: Overgang, kommentar: str, data: Overgangsdata) -> None:
    errors: dict[str, list[str]] = {}
    if o.kommentar_kravs and not kommentar.strip():
        errors["kommentar"] = [_("Skriv en motivering – den sparas i delprojektets tidslinje.")]
    if o.organ:
        b = data.beslut
        if b is None:
            errors["beslutstext"] = [_("Ett beslut måste registreras för den här övergången.")]
        elif not b.beslutstext.strip():
            errors["beslutstext"] = [_("Skriv beslutets text.")]
        elif b.datum > timezone.localdate():
            errors["datum"] = [_("Beslutsdatum kan inte ligga i framtiden.")]
        elif fel := beslutstext_fel(o, dp.status, b.beslutstext):
            errors["beslutstext"] = [fel]
    if o.rekommendationer:
        forslag = list(dp.atgardsforslag.all())
        tomma = [f"{a.ordning}" for a in forslag if not data.rekommendationer.get(a.pk, "").strip()]
        if tomma:
            errors["rekommendationer"] = [
                _("Skriv nämndens rekommendation för varje åtgärdsförslag (saknas för nr %(nr)s).")
                % {"nr": ", ".join(tomma)}
            ]
    if o.forfallodatum:
        if data.forfallodatum is None:
            errors["forfallodatum"] = [_("Ange när uppföljningen ska vara klar.")]
        elif data.forfallodatum <= timezone.localdate():
            errors["forfallodatum"] = [_("Datumet måste ligga i framtiden.")]
    if not errors:
        for check in VALIDERINGAR.get(o.name, ()):
            for key, messages in check(dp, data).items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(*[m for msgs in errors.values() for m in msgs], field_errors=errors)


def _check_beslutsvag(dp: Delprojekt, o: Overgang, b: BeslutUppgifter) -> Organ:
    """The body whose decision this is, when the decision comes the one allowed way."""
    assert o.organ is not None  # only a transition that a body decides comes here
    organ: Organ | None
    if b.slag == Beslut.Slag.SAMMANTRADE:
        punkt = b.dagordningspunkt
        if not isinstance(punkt, Dagordningspunkt) or punkt.delprojekt_id != dp.pk:
            body = Organ.of_kind(o.organ or "")
            raise NotAllowed(
                _(
                    "Beslutet fattas av %(organ)s. Registrera det på en punkt i ett av organets "
                    "sammanträden, eller som beslut utanför sammanträde (per capsulam eller "
                    "ordförandebeslut på delegation)."
                )
                % {"organ": body.namn if body else Organ.Typ(o.organ).label}
            )
        organ = punkt.sammantrade.organ
        if organ.typ != o.organ:
            raise Invalid(_("%(organ)s fattar inte det här beslutet.") % {"organ": organ.namn})
        return organ
    if b.slag not in Beslut.Slag.values:
        raise Invalid(_("Okänt sätt att fatta beslut."))
    organ = Organ.of_kind(o.organ or "")
    if organ is None:
        raise GuardFailed(
            _("Det finns inget organ av typen %(typ)s. Lägg till det i administrationen.")
            % {"typ": Organ.Typ(o.organ).label}
        )
    return organ


def positions_record(
    *, delprojekt: Delprojekt, user: Actor, positioner: dict[int, tuple[str, str]]
) -> int:
    """Record ledningsgrupp members' positions on the item now before the group.

    The kansli may record for any member; a member only for themself. Returns how
    many positions changed.
    """
    if not user.has_perm("delprojekt.record_position", delprojekt):
        raise NotAllowed(_("Du får inte registrera ställningstaganden i det här delprojektet."))
    if delprojekt.status not in (Status.STARTBESLUT, Status.VILANDE, Status.LEDNINGSGRUPP):
        raise GuardFailed(_("Delprojektet väntar inte på ett beslut av ledningsgruppen."))
    roller = roller_for(user)
    ledamoter = {m.person_id: m.person for m in guards.ledningsgrupp_ledamoter(delprojekt)}
    arende = guards.current_arende(delprojekt)
    if arende is None:
        raise GuardFailed(_("Det finns inget ärende att ta ställning till."))
    changed = 0
    for person_id, (position, motivering) in positioner.items():
        if person_id not in ledamoter:
            raise Invalid(_("Personen är inte ledamot i ledningsgruppen."))
        if not (roller.kansli or roller.admin) and person_id != roller.person_id:
            raise NotAllowed(_("Du kan bara registrera ditt eget ställningstagande."))
        if position not in Stallningstagande.Position.values:
            continue
        if position == Stallningstagande.Position.RESERVATION and not motivering.strip():
            raise Invalid(
                _("En reservation behöver en motivering (%(namn)s).")
                % {"namn": ledamoter[person_id].namn},
                field_errors={f"position_{person_id}": [_("Motivera reservationen.")]},
            )
        existing = Stallningstagande.objects.filter(arende=arende, person_id=person_id).first()
        if existing and existing.position == position and existing.motivering == motivering:
            continue
        if existing:
            existing.position = position
            existing.motivering = motivering
            existing.registrerat_av = user
            existing.andrat = timezone.now()
            set_history_user(existing, user)
            existing.save(update_fields=["position", "motivering", "registrerat_av", "andrat"])
        else:
            s = Stallningstagande(
                delprojekt=delprojekt,
                arende=arende,
                person_id=person_id,
                position=position,
                motivering=motivering,
                registrerat_av=user,
            )
            set_history_user(s, user)
            s.save()
        changed += 1
        label = Stallningstagande.Position(position).label
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.STALLNINGSTAGANDE,
            text=_("%(namn)s: %(position)s")
            % {"namn": ledamoter[person_id].namn, "position": label},
            kommentar=motivering,
        )
    guards.forget_positioner(delprojekt)
    return changed


def delprojekt_transition(
    *,
    delprojekt: Delprojekt,
    name: str,
    user: Actor,
    kommentar: str = "",
    expected_status: str | None = None,
    data: Overgangsdata | None = None,
) -> Delprojekt:
    """Run transition ``name`` for ``user``. Raises a DomainError subclass when refused.

    ``expected_status`` is the state the user saw when they opened the form; when
    someone else has moved the project since, the request is refused rather than
    run twice or run on a state the user did not see.
    """
    data = data or Overgangsdata()
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if expected_status is not None and dp.status != expected_status:
            raise StaleState(
                _(
                    "Någon annan har redan ändrat delprojektets status till »%(status)s«. "
                    "Ingen ändring gjordes – läs den aktuella sidan och försök igen om det behövs."
                )
                % {"status": dp.get_status_display()}
            )
        o = overgang(dp.status, name)
        if o is None:
            raise GuardFailed(
                _("»%(name)s« går inte att göra i status »%(status)s«.")
                % {"name": name, "status": dp.get_status_display()}
            )
        if not user.has_perm(f"delprojekt.{name}", dp):
            raise NotAllowed(_("Du har inte behörighet att %(what)s.") % {"what": o.label.lower()})
        organ = _check_beslutsvag(dp, o, data.beslut) if o.organ and data.beslut else None
        _validate_form_data(dp, o, kommentar, data)
        if data.positioner:
            positions_record(delprojekt=dp, user=user, positioner=data.positioner)

        blocking = missing(dp, name)
        if blocking and o.kan_forceras and data.forcera:
            if not kommentar.strip():
                raise Invalid(
                    _("Ange skälet till att gå vidare trots att något saknas."),
                    field_errors={"kommentar": [_("Skälet sparas i tidslinjen.")]},
                )
            kommentar = _("Gick vidare trots: %(saknas)s\n%(skal)s") % {
                "saknas": " ".join(blocking),
                "skal": kommentar,
            }
            blocking = []
        if blocking:
            raise GuardFailed(*blocking)

        fran = dp.status
        getattr(dp, name)()
        till = dp.status

        beslut = None
        if organ is not None and data.beslut is not None:
            beslut = _record_decision(dp, o, organ, data.beslut, user)

        update_fields = ["status", "status_andrad", "version"]
        dp.status_andrad = timezone.now()
        dp.version += 1
        if beslut is not None and dp.beslutsforslag:
            # The proposal was for this decision; the next body gets a new one.
            dp.beslutsforslag = ""
            update_fields.append("beslutsforslag")
        effektdata = Effektdata(
            delprojekt=dp,
            user=user,
            overgang=o,
            fran=fran,
            beslut=beslut,
            data=data,
            update_fields=update_fields,
        )
        for run in EFFEKTER.get(name, ()):
            run(effektdata)
        set_history_user(dp, user)
        dp.save(update_fields=update_fields)

        text = (
            o.label
            if fran == till
            else _("%(fran)s → %(till)s")
            % {
                "fran": Status(fran).label,
                "till": Status(till).label,
            }
        )
        event = record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.OVERGANG,
            text=str(text),
            kommentar=kommentar.strip(),
            overgang=name,
            fran_status=fran,
            till_status=till,
            beslut=beslut,
        )
        notify_transition(event.pk)
    return dp


def _record_decision(
    dp: Delprojekt, o: Overgang, organ: Organ, b: BeslutUppgifter, user: Actor
) -> Beslut:
    """The body's decision; outside a meeting it takes its § now and is reported at the
    body's next meeting."""
    if b.slag != Beslut.Slag.SAMMANTRADE:
        return beslut_utanfor_mote(
            delprojekt=dp,
            organ=organ,
            utfall=o.utfall or "",
            datum=b.datum,
            beslutstext=b.beslutstext,
            slag=b.slag,
            user=user,
        )
    return beslut_record(
        delprojekt=dp,
        organ=organ,
        utfall=o.utfall or "",
        datum=b.datum,
        beslutstext=b.beslutstext,
        sammantrade=str(b.dagordningspunkt.sammantrade),
        user=user,
    )


# --- Effects the delprojekt itself owns ---------------------------------------------------


@effekt("overlamna_uppdrag")
def _overlamnat_datum(e: Effektdata) -> None:
    e.delprojekt.overlamnat_datum = e.data.overlamnat_datum or timezone.localdate()
    e.update_fields.append("overlamnat_datum")


@effekt("rekommendera")
def _namndens_rekommendationer(e: Effektdata) -> None:
    """The board's decision date starts the follow-up clock; one recommendation per
    åtgärdsförslag."""
    assert e.beslut is not None
    e.delprojekt.namnd_beslutsdatum = e.beslut.datum
    e.update_fields.append("namnd_beslutsdatum")
    for a in e.delprojekt.atgardsforslag.all():
        Rekommendation.objects.create(
            beslut=e.beslut,
            atgardsforslag=a,
            ordning=a.ordning,
            text=e.data.rekommendationer[a.pk].strip(),
        )
