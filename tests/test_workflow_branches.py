"""The lifecycle's branches: avslag, vilande, återremiss, avbryt, and the positions."""

from __future__ import annotations

import pytest

from delprojekt.models import Handelse, Stallningstagande, Status
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.workflow import positions_record
from tests.conftest import person_of, register
from tests.workflow_helpers import all_agree, fill_slutrapport, run, walk_to


def path_of(dp) -> list[tuple[str, str]]:
    return list(
        dp.handelser.filter(typ=Handelse.Typ.OVERGANG)
        .order_by("tidpunkt", "pk")
        .values_list("fran_status", "till_status")
    )


def test_the_main_path_visits_every_state_in_order(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.AVSLUTAD, org=org, kansli=kansli, lg_members=lg_members)
    visited = [till for _fran, till in path_of(dp)]
    assert visited == [
        "beredning", "startbeslut", "uppdrag", "arbetsgrupp", "nulage", "analys",
        "atgardsforslag", "slutrapport", "samarbetsgrupp", "ledningsgrupp",
        "politisk_beredning", "namnd", "huvudmannabeslut", "inforande", "uppfoljning",
        "avslutad",
    ]  # fmt: skip


def test_avslag_at_the_start_decision(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    dp = run(dp, "avsla", kansli)
    assert dp.status == Status.AVSLAGEN
    assert dp.beslut.get().utfall == "avslag"


def test_vilande_then_avslag(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    dp = run(dp, "vila", kansli)
    assert dp.status == Status.VILANDE
    dp = run(dp, "avsla", kansli)
    assert dp.status == Status.AVSLAGEN
    assert path_of(dp)[-2:] == [("startbeslut", "vilande"), ("vilande", "avslagen")]


def test_vilande_then_resumed_and_carried_on(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    dp = run(dp, "vila", kansli)
    dp = run(dp, "ateruppta", kansli)
    assert dp.status == Status.UPPDRAG
    dp = walk_to(dp, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    assert [b.utfall for b in dp.beslut.order_by("pk")] == ["vilande", "aterupptaget"]


def test_aterremiss_from_samarbetsgruppen_goes_back_to_the_report(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.SAMARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    dp = run(dp, "aterremittera", kansli, kommentar="Analysen behöver kompletteras.")
    assert dp.status == Status.SLUTRAPPORT
    fill_slutrapport(dp)
    dp = run(dp, "lamna_till_samarbetsgrupp", kansli)
    assert dp.status == Status.SAMARBETSGRUPP


def test_aterremiss_from_ledningsgruppen_resets_the_positions(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    dp = run(dp, "aterremittera", kansli, kommentar="Kostnaderna behöver utredas.")
    assert dp.status == Status.SLUTRAPPORT
    dp = run(dp, "lamna_till_samarbetsgrupp", kansli)
    dp = run(dp, "tillstyrk", kansli)
    assert dp.status == Status.LEDNINGSGRUPP
    # The earlier agreement was on the earlier report: the group must take a new position.
    with pytest.raises(GuardFailed) as info:
        run(dp, "besluta", kansli)
    assert "Ställningstagande saknas från" in info.value.messages[1]
    assert Stallningstagande.objects.filter(delprojekt=dp).count() == 4


def test_aterremiss_from_the_board_goes_back_to_ledningsgruppen(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    dp = run(dp, "aterremittera", kansli, kommentar="Nämnden vill se en kostnadskalkyl.")
    assert dp.status == Status.LEDNINGSGRUPP
    assert dp.beslut.order_by("-pk").first().organ == org.namnd
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    dp = run(dp, "besluta", kansli)
    assert dp.status == Status.POLITISK_BEREDNING


@pytest.mark.parametrize(
    "state", [Status.FORSLAG, Status.VILANDE, Status.ARBETSGRUPP, Status.SAMARBETSGRUPP,
              Status.HUVUDMANNABESLUT, Status.UPPFOLJNING],
)  # fmt: skip
def test_avbryt_from_a_running_state_with_a_reason(state, org, kansli, lg_members):
    dp = register(kansli)
    if state == Status.VILANDE:
        dp = walk_to(dp, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
        dp = run(dp, "vila", kansli)
    else:
        dp = walk_to(dp, state, org=org, kansli=kansli, lg_members=lg_members)
    dp = run(dp, "avbryt", kansli, kommentar="Frågan hanteras nationellt.")
    assert dp.status == Status.AVBRUTEN
    event = dp.handelser.get(overgang="avbryt")
    assert event.fran_status == state
    assert event.kommentar == "Frågan hanteras nationellt."


@pytest.mark.parametrize("terminal", [Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN])
def test_nothing_leaves_a_terminal_state(terminal, org, kansli, lg_members):
    dp = register(kansli)
    if terminal == Status.AVSLUTAD:
        dp = walk_to(dp, terminal, org=org, kansli=kansli, lg_members=lg_members)
    elif terminal == Status.AVSLAGEN:
        dp = walk_to(dp, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
        dp = run(dp, "avsla", kansli)
    else:
        dp = run(dp, "avbryt", kansli)
    for name in ("avbryt", "bered", "ateruppta", "starta_uppfoljning"):
        with pytest.raises(GuardFailed):
            run_raw(dp, name, kansli)
    dp.refresh_from_db()
    assert dp.status == terminal


def run_raw(dp, name, user):
    from delprojekt.services.workflow import delprojekt_transition

    return delprojekt_transition(delprojekt=dp, name=name, user=user, kommentar="Försök.")


# --- Positions ------------------------------------------------------------------------


@pytest.fixture
def awaiting_start(org, kansli, lg_members):
    return walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )


def test_a_member_records_their_own_position(awaiting_start, lg_members):
    me = person_of(lg_members[0])
    assert (
        positions_record(
            delprojekt=awaiting_start, user=lg_members[0], positioner={me.pk: ("instammer", "")}
        )
        == 1
    )
    s = Stallningstagande.objects.get(person=me)
    assert (s.position, s.registrerat_av) == ("instammer", lg_members[0])
    assert awaiting_start.handelser.filter(typ="stallningstagande").count() == 1


def test_a_member_cannot_record_for_another(awaiting_start, lg_members):
    other = person_of(lg_members[1])
    with pytest.raises(NotAllowed):
        positions_record(
            delprojekt=awaiting_start, user=lg_members[0], positioner={other.pk: ("instammer", "")}
        )
    assert not Stallningstagande.objects.exists()


def test_the_kansli_records_for_anyone_and_a_reservation_needs_a_reason(awaiting_start, kansli):
    positioner = all_agree()
    pid = next(iter(positioner))
    with pytest.raises(Invalid):
        positions_record(
            delprojekt=awaiting_start, user=kansli, positioner={pid: ("reservation", " ")}
        )
    assert positions_record(delprojekt=awaiting_start, user=kansli, positioner=positioner) == 4


def test_a_changed_position_replaces_the_old_and_the_same_is_a_no_op(awaiting_start, kansli):
    pid = next(iter(all_agree()))
    positions_record(delprojekt=awaiting_start, user=kansli, positioner={pid: ("instammer", "")})
    assert (
        positions_record(
            delprojekt=awaiting_start, user=kansli, positioner={pid: ("instammer", "")}
        )
        == 0
    )
    positions_record(
        delprojekt=awaiting_start, user=kansli, positioner={pid: ("reservation", "Oklar budget.")}
    )
    s = Stallningstagande.objects.get(person_id=pid)
    assert (s.position, s.motivering) == ("reservation", "Oklar budget.")
    assert Stallningstagande.objects.count() == 1
    assert s.history.count() == 2


def test_positions_only_while_the_ledningsgrupp_is_to_decide(project_a, kansli, reader, lg_members):
    with pytest.raises(GuardFailed):
        positions_record(delprojekt=project_a, user=kansli, positioner=all_agree())
    with pytest.raises(NotAllowed):
        positions_record(delprojekt=project_a, user=reader, positioner={})


def test_a_non_member_cannot_be_given_a_position(awaiting_start, kansli, outsider):
    with pytest.raises(Invalid):
        positions_record(
            delprojekt=awaiting_start,
            user=kansli,
            positioner={person_of(outsider).pk: ("instammer", "")},
        )
