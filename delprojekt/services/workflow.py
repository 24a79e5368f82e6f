"""The only way to move a delprojekt through its lifecycle.

``delprojekt_transition`` checks permission and guards, locks the row, re-reads
the state, runs the django-fsm transition, records the decision and the event,
and saves, all in one transaction. Mail and files wait for the commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
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
from delprojekt.services.errors import DomainError, GuardFailed, NotAllowed, StaleState
from delprojekt.services.notifications import notify_transition_on_commit
from delprojekt.workflow import Overgang, overgang


@dataclass
class BeslutUppgifter:
    datum: datetime.date
    beslutstext: str
    sammantrade: str = ""
    paragraf: str = ""


@dataclass
class Overgangsdata:
    """What the transition form collected beyond the comment."""

    beslut: BeslutUppgifter | None = None
    #: person id -> (position, motivering), recorded before the transition runs.
    positioner: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: åtgärdsförslag id -> recommendation text (the board's decision).
    rekommendationer: dict[int, str] = field(default_factory=dict)
    forfallodatum: datetime.date | None = None
    overlamnat_datum: datetime.date | None = None
    forcera: bool = False


def actor_name(user: object) -> str:
    person = roller_for(user).person
    if person is not None:
        return person.namn
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "") or _("System")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    # Clamp to the month's last day (31 jan + 1 month = 28/29 feb).
    for dd in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def record_event(
    *,
    delprojekt: Delprojekt,
    user: object,
    typ: str,
    text: str,
    kommentar: str = "",
    **extra: object,
) -> Handelse:
    return Handelse.objects.create(
        delprojekt=delprojekt,
        typ=typ,
        anvandare=user if getattr(user, "pk", None) else None,
        aktor=actor_name(user),
        text=text[:300],
        kommentar=kommentar,
        **extra,
    )


def available_transitions(delprojekt: Delprojekt, user: object) -> list[dict]:
    """Every way out of the current state, with who acts, what is missing and whether
    this user may take it. Used by the "Nästa steg" panel."""
    from delprojekt.workflow import overgangar_fran

    result = []
    for o in overgangar_fran(delprojekt.status):
        result.append(
            {
                "overgang": o,
                "missing": guards.missing(delprojekt, o.name),
                "warnings": guards.warnings(delprojekt, o.name),
                "allowed": user.has_perm(f"delprojekt.{o.name}", delprojekt),  # type: ignore[attr-defined]
            }
        )
    return result


def _validate_form_data(dp: Delprojekt, o: Overgang, kommentar: str, data: Overgangsdata) -> None:
    errors: dict[str, list[str]] = {}
    if o.kommentar_kravs and not kommentar.strip():
        errors["kommentar"] = [_("Skriv en motivering – den sparas i delprojektets tidslinje.")]
    if o.organ:
        if data.beslut is None:
            errors["beslutstext"] = [_("Ett beslut måste registreras för den här övergången.")]
        elif not data.beslut.beslutstext.strip():
            errors["beslutstext"] = [_("Skriv beslutets text.")]
        elif data.beslut.datum > timezone.localdate():
            errors["datum"] = [_("Beslutsdatum kan inte ligga i framtiden.")]
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
        else:
            from uppfoljning.services.omgang import ny_omgang_interval

            interval = ny_omgang_interval(dp)
            if interval and not interval[0] <= data.forfallodatum <= interval[1]:
                errors["forfallodatum"] = [
                    _(
                        "En ny omgång ska vara klar 6–12 månader efter att den förra "
                        "redovisades, dvs. mellan %(fran)s och %(till)s."
                    )
                    % {"fran": f"{interval[0]:%Y-%m-%d}", "till": f"{interval[1]:%Y-%m-%d}"}
                ]
    if errors:
        raise DomainError(*[m for msgs in errors.values() for m in msgs], field_errors=errors)


def positions_record(
    *, delprojekt: Delprojekt, user: object, positioner: dict[int, tuple[str, str]]
) -> int:
    """Record ledningsgrupp members' positions on the item now before the group.

    The kansli may record for any member; a member only for themself. Returns how
    many positions changed.
    """
    if not user.has_perm("delprojekt.record_position", delprojekt):  # type: ignore[attr-defined]
        raise NotAllowed(_("Du får inte registrera ställningstaganden i det här delprojektet."))
    if delprojekt.status not in (Status.STARTBESLUT, Status.VILANDE, Status.LEDNINGSGRUPP):
        raise DomainError(_("Delprojektet väntar inte på ett beslut av ledningsgruppen."))
    roller = roller_for(user)
    ledamoter = {m.person_id: m.person for m in guards.ledningsgrupp_ledamoter(delprojekt)}
    arende = guards.current_arende(delprojekt)
    if arende is None:
        raise DomainError(_("Det finns inget ärende att ta ställning till."))
    changed = 0
    for person_id, (position, motivering) in positioner.items():
        if person_id not in ledamoter:
            raise DomainError(_("Personen är inte ledamot i ledningsgruppen."))
        if not (roller.kansli or roller.admin) and person_id != roller.person_id:
            raise NotAllowed(_("Du kan bara registrera ditt eget ställningstagande."))
        if position not in Stallningstagande.Position.values:
            continue
        if position == Stallningstagande.Position.RESERVATION and not motivering.strip():
            raise DomainError(
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
            existing._history_user = user
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
            s._history_user = user
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
    user: object,
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
            raise DomainError(
                _("»%(name)s« går inte att göra i status »%(status)s«.")
                % {"name": name, "status": dp.get_status_display()}
            )
        if not user.has_perm(f"delprojekt.{name}", dp):  # type: ignore[attr-defined]
            raise NotAllowed(_("Du har inte behörighet att %(what)s.") % {"what": o.label.lower()})
        _validate_form_data(dp, o, kommentar, data)
        if data.positioner:
            positions_record(delprojekt=dp, user=user, positioner=data.positioner)

        missing = guards.missing(dp, name)
        if missing and o.kan_forceras and data.forcera:
            if not kommentar.strip():
                raise DomainError(
                    _("Ange skälet till att gå vidare trots att något saknas."),
                    field_errors={"kommentar": [_("Skälet sparas i tidslinjen.")]},
                )
            kommentar = _("Gick vidare trots: %(saknas)s\n%(skal)s") % {
                "saknas": " ".join(missing),
                "skal": kommentar,
            }
            missing = []
        if missing:
            raise GuardFailed(*missing)

        fran = dp.status
        getattr(dp, name)()
        till = dp.status

        beslut = None
        if o.organ:
            organ = Organ.of_kind(o.organ)
            if organ is None:
                raise DomainError(
                    _("Det finns inget organ av typen %(typ)s. Lägg till det i administrationen.")
                    % {"typ": Organ.Typ(o.organ).label}
                )
            assert data.beslut is not None
            beslut = beslut_record(
                delprojekt=dp,
                organ=organ,
                utfall=o.utfall,
                datum=data.beslut.datum,
                beslutstext=data.beslut.beslutstext,
                sammantrade=data.beslut.sammantrade,
                paragraf=data.beslut.paragraf,
                user=user,
            )

        update_fields = ["status", "status_andrad", "version"]
        dp.status_andrad = timezone.now()
        dp.version += 1
        if beslut is not None and dp.beslutsforslag:
            # The proposal was for this decision; the next body gets a new one.
            dp.beslutsforslag = ""
            update_fields.append("beslutsforslag")
        if name == "overlamna_uppdrag":
            dp.overlamnat_datum = data.overlamnat_datum or timezone.localdate()
            update_fields.append("overlamnat_datum")
            # Imported here: the uppdrag service records its events through this module.
            from delprojekt.services.uppdrag import uppdrag_snapshot

            # The version handed over is frozen in the same transaction as the hand-over.
            uppdrag_snapshot(delprojekt=dp, user=user, beslut=beslut)
            from delprojekt.services.slutrapport_innehall import slutrapport_prefill_uppdrag

            # The slutrapport's chapter "Uppdrag" starts from the uppdrag handed over.
            slutrapport_prefill_uppdrag(delprojekt=dp, user=user)
        # Imported here: the follow-up services record their events through this module.
        from uppfoljning.services.omgang import due_date_after_board, omgang_create

        if name == "rekommendera":
            assert beslut is not None
            dp.namnd_beslutsdatum = beslut.datum
            update_fields.append("namnd_beslutsdatum")
            for a in dp.atgardsforslag.all():
                Rekommendation.objects.create(
                    beslut=beslut,
                    atgardsforslag=a,
                    ordning=a.ordning,
                    text=data.rekommendationer[a.pk].strip(),
                )
            # The follow-up clock starts with the board's decision: the first round is
            # created here, under the row lock, never lazily on read.
            omgang_create(
                delprojekt=dp, nummer=1, forfallodatum=due_date_after_board(beslut.datum), user=user
            )
            # The approved slutrapport is frozen as a PDF once the decision is committed.
            from delprojekt.services.slutrapport_pdf import rapportversion_freeze_on_commit

            rapportversion_freeze_on_commit(delprojekt_id=dp.pk, beslut_id=beslut.pk)
        if name == "ny_uppfoljning":
            senaste = dp.uppfoljningsomgangar.order_by("-nummer").first()
            omgang_create(
                delprojekt=dp,
                nummer=(senaste.nummer if senaste else 0) + 1,
                forfallodatum=data.forfallodatum,
                user=user,
            )
        dp._history_user = user
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
        notify_transition_on_commit(event.pk)
    return dp
