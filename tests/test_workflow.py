"""Every transition of the lifecycle through the workflow service: success, guards,
permissions, wrong state, form validation, and that a refusal saves nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from delprojekt.dates import add_months
from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Kapitel,
    Organ,
    Rekommendation,
    Samverkan,
    Stallningstagande,
    Status,
    Uppfoljningsplan,
)
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.workflow import (
    BeslutUppgifter,
    Overgangsdata,
    delprojekt_transition,
    positions_record,
)
from delprojekt.workflow import AVBRYT, OVERGANGAR
from tests import factories as f
from tests.conftest import person_of, register
from tests.workflow_helpers import (
    all_agree,
    fill_beredning,
    fill_chapters,
    fill_group,
    fill_slutrapport,
    kedja_for,
    present_round,
    register_regional_decisions,
    run,
    walk_to,
)

FSM_TARGETS = {
    (t.source, t.name): t.target
    for t in Delprojekt._meta.get_field("status").get_all_transitions(Delprojekt)
}

PC = Beslut.Slag.PER_CAPSULAM


def _to(dp, state, org, kansli, lg_members):
    """Bring ``dp`` to ``state``, including the side state vilande."""
    if state == Status.VILANDE:
        dp = walk_to(dp, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
        return run(dp, "vila", kansli)
    return walk_to(dp, state, org=org, kansli=kansli, lg_members=lg_members)


def _prepare(dp, name, org, kansli):
    """Satisfy the guard of ``name`` from the project's current state."""
    if name == "lagg_fram":
        fill_beredning(dp, org)
    elif name == "bilda_arbetsgrupp":
        fill_chapters(dp, "uppdrag")
    elif name == "overlamna_uppdrag":
        fill_group(dp, kansli)
    elif name == "skriv_slutrapport":
        f.AtgardsforslagFactory(delprojekt=dp)
    elif name in ("lamna_till_samarbetsgrupp", "lamna_till_ledningsgrupp"):
        fill_slutrapport(dp)
    elif name in ("besluta", "besluta_till_namnd"):
        positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    elif name == "borja_inforande":
        register_regional_decisions(dp)
    elif name in ("avsluta", "ny_uppfoljning"):
        present_round(dp)


ALL = sorted(OVERGANGAR) + [(s, AVBRYT.name) for s in ("forslag", "analys", "namnd", "vilande")]


@pytest.mark.parametrize(("source", "name"), ALL, ids=[f"{s}-{n}" for s, n in ALL])
def test_each_transition_succeeds_and_records_everything(source, name, org, kansli, lg_members):
    o = OVERGANGAR.get((source, name), AVBRYT)
    kedja_for(o)  # a transition of one shape of the chain runs in a samverkan of that shape
    dp = _to(register(kansli), source, org, kansli, lg_members)
    _prepare(dp, name, org, kansli)
    before = dp.status_andrad
    dp = run(dp, name, kansli, kommentar="Kommentar till tidslinjen.")
    dp.refresh_from_db()

    assert dp.status == FSM_TARGETS[(source, name)]
    event = dp.handelser.filter(typ=Handelse.Typ.OVERGANG).first()
    assert (event.overgang, event.fran_status, event.till_status) == (name, source, dp.status)
    assert event.anvandare == kansli
    assert event.aktor == person_of(kansli).namn
    assert event.kommentar.endswith("Kommentar till tidslinjen.")
    assert dp.status_andrad >= before
    assert dp.history.first().history_user == kansli
    assert dp.history.first().status == dp.status
    if o.organ:
        assert event.beslut is not None
        assert event.beslut.organ == Organ.of_kind(o.organ)
        assert event.beslut.utfall == o.utfall
        assert event.beslut.delprojekt == dp
    else:
        assert event.beslut is None


# --- Guards ------------------------------------------------------------------------


@pytest.fixture
def in_beredning(org, kansli, lg_members):
    return walk_to(register(kansli), Status.BEREDNING, org=org, kansli=kansli, lg_members=[])


def refusal(dp, name, user, **kwargs) -> list[str]:
    with pytest.raises(GuardFailed) as info:
        run(dp, name, user, **kwargs)
    return info.value.messages


def test_lagg_fram_lists_everything_missing(in_beredning, kansli):
    messages = refusal(in_beredning, "lagg_fram", kansli)
    assert messages == [
        "Ett kort skriftligt underlag saknas.",
        "Syfte är inte ifyllt.",
        "Mål är inte ifyllt.",
        "Förväntat utfall är inte ifyllt.",
        "Minst 3 regioner måste beröras – 0 är valda.",
        "Minst ett fokusområde måste väljas.",
        "Avstämningen med samarbetsgruppen är inte registrerad.",
    ]
    assert Delprojekt.objects.get(pk=in_beredning.pk).status == Status.BEREDNING


def test_lagg_fram_refuses_with_two_regions(in_beredning, kansli, org):
    fill_beredning(in_beredning, org)
    in_beredning.regioner.set(org.regioner[:2])
    assert refusal(in_beredning, "lagg_fram", kansli) == [
        "Minst 3 regioner måste beröras – 2 är valda."
    ]


def test_lagg_fram_says_one_region_in_the_singular(in_beredning, kansli, org):
    fill_beredning(in_beredning, org)
    in_beredning.regioner.set(org.regioner[:1])
    assert refusal(in_beredning, "lagg_fram", kansli) == [
        "Minst 3 regioner måste beröras – 1 är vald."
    ]


def test_lagg_fram_follows_the_configured_minimum(in_beredning, kansli, org):
    from delprojekt.models import Samverkan

    samverkan = Samverkan.current()
    samverkan.min_regioner = 4
    samverkan.save()
    fill_beredning(in_beredning, org)
    in_beredning.regioner.set(org.regioner[:3])
    assert refusal(in_beredning, "lagg_fram", kansli) == [
        "Minst 4 regioner måste beröras – 3 är valda."
    ]


def test_bilda_arbetsgrupp_names_the_empty_chapters(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)
    Kapitel.objects.filter(
        dokument__delprojekt=dp, dokument__typ="uppdrag", nyckel__in=["bakgrund", "syfte"]
    ).update(text="Text.")
    assert refusal(dp, "bilda_arbetsgrupp", kansli) == [
        "Uppdraget saknar: Specifika uppdragspunkter, Avgränsningar, "
        "Arbetsgruppens sammansättning, Tidplan, Tänkt uppföljning."
    ]


def test_overlamna_uppdrag_needs_chair_contact_members_and_settled_nominations(
    org, kansli, lg_members
):
    dp = walk_to(
        register(kansli), Status.ARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    assert refusal(dp, "overlamna_uppdrag", kansli) == [
        "Ingen ordförande är utsedd.",
        "Ingen kontaktperson på kansliet är utsedd.",
        "Inga ledamöter är utsedda.",
    ]
    fill_group(dp, kansli)
    pending = f.ArbetsgruppsmedlemskapFactory(
        delprojekt=dp, roll="ledamot", status="tillfragad", person__namn="Tina Tillfrågad"
    )
    unchecked = f.ArbetsgruppsmedlemskapFactory(
        delprojekt=dp, roll="ledamot", avstamt_med_chef=False, person__namn="Ove Ostämd"
    )
    assert refusal(dp, "overlamna_uppdrag", kansli) == [
        "Nomineringar som inte är avgjorda: Tina Tillfrågad (tillfrågad).",
        "Inte avstämt med närmaste chef: Ove Ostämd.",
    ]
    pending.status = "avbojd"
    pending.save()
    unchecked.avstamt_med_chef = True
    unchecked.save()
    dp = run(
        dp,
        "overlamna_uppdrag",
        kansli,
        data=Overgangsdata(overlamnat_datum=datetime.date(2026, 3, 2)),
    )
    assert dp.status == Status.NULAGE
    assert Delprojekt.objects.get(pk=dp.pk).overlamnat_datum == datetime.date(2026, 3, 2)
    # The slutrapport's first chapter starts from the uppdrag with its real hand-over date.
    kapitel = Kapitel.objects.get(
        dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel="uppdrag"
    )
    assert "Uppdraget överlämnades till arbetsgruppen 2026-03-02." in kapitel.text


def test_skriv_slutrapport_needs_an_atgardsforslag(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.ATGARDSFORSLAG, org=org, kansli=kansli, lg_members=lg_members
    )
    assert refusal(dp, "skriv_slutrapport", kansli) == ["Minst ett åtgärdsförslag måste finnas."]


def test_lamna_till_samarbetsgrupp_names_missing_chapters_and_plan(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members
    )
    Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="slutrapport").update(text="")
    Uppfoljningsplan.objects.filter(delprojekt=dp).update(hur="Enkät", vem="")
    assert refusal(dp, "lamna_till_samarbetsgrupp", kansli) == [
        "Slutrapporten saknar: Uppdrag, Nuläge, Analys, Förslag.",
        "Uppföljningsplanen saknar: när, vem, minst en uppföljningsparameter.",
    ]


def test_more_than_five_atgardsforslag_is_a_warning_not_a_block(org, kansli, lg_members):
    from delprojekt.workflow import warnings

    dp = walk_to(
        register(kansli), Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members
    )
    for _ in range(5):
        f.AtgardsforslagFactory(delprojekt=dp)
    fill_slutrapport(dp)
    assert any("högst 5" in w for w in warnings(dp, "lamna_till_samarbetsgrupp"))
    # The number is the samverkan's (the working method's five by default).
    Samverkan.objects.update(max_atgardsforslag=6)
    Samverkan.forget()
    assert not any("högst" in w for w in warnings(dp, "lamna_till_samarbetsgrupp"))
    assert run(dp, "lamna_till_samarbetsgrupp", kansli).status == Status.SAMARBETSGRUPP


def test_besluta_refuses_until_unanimous_naming_who(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    a, b, c, d = (person_of(u) for u in lg_members)
    positions_record(
        delprojekt=dp,
        user=kansli,
        positioner={a.pk: ("instammer", ""), b.pk: ("reservation", "Kostnaden är oklar.")},
    )
    assert refusal(dp, "besluta", kansli) == [
        "Ledningsgruppen är inte enig om beslutsförslaget.",
        f"Ställningstagande saknas från: {c.namn}, {d.namn}.",
        f"Reservation från: {b.namn}.",
    ]
    assert not Beslut.objects.filter(delprojekt=dp, utfall="bifall").exists()
    positions_record(
        delprojekt=dp,
        user=kansli,
        positioner={p.pk: ("instammer", "") for p in (b, c, d)},
    )
    assert run(dp, "besluta", kansli).status == Status.POLITISK_BEREDNING


def test_besluta_positions_sent_with_a_refused_decision_are_not_saved(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    first = person_of(lg_members[0])
    data = Overgangsdata(positioner={first.pk: ("instammer", "")})
    with pytest.raises(GuardFailed):
        run(dp, "besluta", kansli, data=data)
    assert not Stallningstagande.objects.filter(delprojekt=dp).exists()
    assert not Handelse.objects.filter(delprojekt=dp, typ="stallningstagande").exists()


def test_borja_inforande_needs_every_region_with_extract(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    register_regional_decisions(dp)
    Huvudmannabeslut.objects.filter(delprojekt=dp, region=org.regioner[0]).delete()
    Huvudmannabeslut.objects.filter(delprojekt=dp, region=org.regioner[1]).update(
        protokollsutdrag=""
    )
    assert refusal(dp, "borja_inforande", kansli) == [
        "Region Blekinge har inget registrerat beslut.",
        "Region Halland saknar protokollsutdrag.",
    ]


def test_kansli_may_start_implementation_anyway_with_a_recorded_reason(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    with pytest.raises(Invalid) as info:
        run(dp, "borja_inforande", kansli, data=Overgangsdata(forcera=True))
    assert "Ange skälet" in info.value.messages[0]
    dp = run(
        dp,
        "borja_inforande",
        kansli,
        kommentar="Region Skåne har beslutat muntligt; utdraget kommer.",
        data=Overgangsdata(forcera=True),
    )
    assert dp.status == Status.INFORANDE
    event = dp.handelser.get(overgang="borja_inforande")
    assert "Gick vidare trots" in event.kommentar
    assert "utdraget kommer" in event.kommentar


@pytest.mark.parametrize("name", ["avsluta", "ny_uppfoljning"])
def test_follow_up_must_be_presented_to_all_three_bodies(name, org, kansli, lg_members):
    from uppfoljning.models import Redovisning

    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    assert refusal(dp, name, kansli) == ["Uppföljningsrapporten för omgång 1 är inte inlämnad."]
    dp.uppfoljningsomgangar.update(status="inlamnad", inlamnad=timezone.now())
    Redovisning.objects.create(
        omgang=dp.uppfoljningsomgangar.get(),
        organ_typ="samarbetsgrupp",
        datum=timezone.localdate(),
    )
    assert refusal(dp, name, kansli) == [
        "Uppföljningsrapporten är inte redovisad för ledningsgruppen, nämnden."
    ]


# --- Permissions and wrong state ----------------------------------------------------


@pytest.mark.parametrize("persona", ["lg", "reader", "outsider", "samarbetsgrupp"])
def test_only_the_kansli_runs_kansli_transitions(
    persona, project_a, lg_members, reader, outsider, samarbetsgrupp_user
):
    user = {
        "lg": lg_members[0],
        "reader": reader,
        "outsider": outsider,
        "samarbetsgrupp": samarbetsgrupp_user,
    }[persona]
    with pytest.raises(NotAllowed):
        run(project_a, "bered", user)
    assert Delprojekt.objects.get(pk=project_a.pk).status == Status.FORSLAG
    assert not project_a.handelser.filter(typ=Handelse.Typ.OVERGANG).exists()


def test_the_chair_moves_the_groups_own_work_but_not_decisions(
    org, kansli, lg_members, ordforande, project_a
):
    dp = walk_to(project_a, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    dp = run(dp, "till_analys", ordforande)
    dp = run(dp, "till_nulage", ordforande)
    dp = run(dp, "till_analys", ordforande)
    dp = run(dp, "till_forslag", ordforande)
    f.AtgardsforslagFactory(delprojekt=dp)
    dp = run(dp, "skriv_slutrapport", ordforande)
    fill_slutrapport(dp)
    dp = run(dp, "lamna_till_samarbetsgrupp", ordforande)
    assert dp.status == Status.SAMARBETSGRUPP
    with pytest.raises(NotAllowed):
        run(dp, "tillstyrk", ordforande)
    with pytest.raises(NotAllowed):
        run(dp, "avbryt", ordforande)


def test_the_chair_of_one_project_cannot_move_another(
    org, kansli, lg_members, ordforande, project_b
):
    dp = walk_to(project_b, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    with pytest.raises(NotAllowed):
        run(dp, "till_analys", ordforande)


def test_a_transition_from_the_wrong_state_is_refused(kansli, project_a):
    with pytest.raises(GuardFailed) as info:
        delprojekt_transition(delprojekt=project_a, name="starta", user=kansli)
    assert "går inte att göra i status »Förslag«" in info.value.messages[0]
    with pytest.raises(GuardFailed):
        delprojekt_transition(delprojekt=project_a, name="finns_inte", user=kansli)
    assert Delprojekt.objects.get(pk=project_a.pk).status == Status.FORSLAG


def test_a_stale_form_is_refused(kansli, project_a):
    run(project_a, "bered", kansli)
    with pytest.raises(StaleState):
        delprojekt_transition(
            delprojekt=project_a, name="bered", user=kansli, expected_status=Status.FORSLAG
        )
    assert project_a.handelser.filter(typ=Handelse.Typ.OVERGANG).count() == 1


# --- Form data ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("forslag", "avbryt"),
        ("samarbetsgrupp", "aterremittera"),
        ("ledningsgrupp", "aterremittera"),
        ("namnd", "aterremittera"),
    ],
)
def test_a_reason_is_required(source, name, org, kansli, lg_members):
    dp = walk_to(register(kansli), source, org=org, kansli=kansli, lg_members=lg_members)
    with pytest.raises(Invalid) as info:
        run(dp, name, kansli, kommentar="  ")
    assert "kommentar" in info.value.field_errors
    assert Delprojekt.objects.get(pk=dp.pk).status == source


def test_decision_data_is_validated_and_nothing_is_saved(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )
    today = timezone.localdate()
    for beslut, field in [
        (None, "beslutstext"),
        (BeslutUppgifter(datum=today, beslutstext="  ", slag=PC), "beslutstext"),
        (
            BeslutUppgifter(datum=today + datetime.timedelta(days=1), beslutstext="Ja.", slag=PC),
            "datum",
        ),
    ]:
        with pytest.raises(Invalid) as info:
            delprojekt_transition(
                delprojekt=dp, name="starta", user=kansli, data=Overgangsdata(beslut=beslut)
            )
        assert field in info.value.field_errors
    assert not Beslut.objects.filter(delprojekt=dp, utfall="start").exists()
    assert Delprojekt.objects.get(pk=dp.pk).status == Status.STARTBESLUT


def test_rekommendera_needs_a_text_per_atgardsforslag(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    dp.atgardsforslag.update(ordning=1)
    f.AtgardsforslagFactory(delprojekt=dp, ordning=2)
    first = dp.atgardsforslag.get(ordning=1)
    data = Overgangsdata(rekommendationer={first.pk: "Rekommenderar regionerna att …"})
    with pytest.raises(Invalid) as info:
        run(dp, "rekommendera", kansli, data=data)
    assert "saknas för nr 2" in info.value.messages[0]
    assert not Rekommendation.objects.exists()
    assert not dp.uppfoljningsomgangar.exists()


def test_rekommendera_records_the_board_decision_and_starts_the_clock(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    f.AtgardsforslagFactory(delprojekt=dp, ordning=2)
    decided = timezone.localdate() - datetime.timedelta(days=10)
    data = Overgangsdata(
        beslut=BeslutUppgifter(datum=decided, beslutstext="Nämnden beslutar.", slag=PC)
    )
    dp = run(dp, "rekommendera", kansli, data=data)
    dp.refresh_from_db()
    assert dp.namnd_beslutsdatum == decided
    beslut = Beslut.objects.get(delprojekt=dp, utfall="rekommendation")
    assert beslut.organ == org.namnd
    assert beslut.rekommendationer.count() == dp.atgardsforslag.count() == 2
    assert all("rekommenderar regionerna att" in r.text for r in beslut.rekommendationer.all())
    omgang = dp.uppfoljningsomgangar.get()
    assert omgang.nummer == 1
    assert omgang.forfallodatum == add_months(decided, 12)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 14), 12, datetime.date(2027, 3, 14)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_ny_uppfoljning_creates_the_next_round(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    present_round(dp)
    due = timezone.localdate() + datetime.timedelta(days=250)
    dp = run(dp, "ny_uppfoljning", kansli, data=Overgangsdata(forfallodatum=due))
    assert dp.status == Status.UPPFOLJNING
    latest = dp.uppfoljningsomgangar.order_by("-nummer").first()
    assert (latest.nummer, latest.forfallodatum) == (2, due)
    # The new round is not presented yet, so the project cannot be closed.
    with pytest.raises(GuardFailed):
        run(dp, "avsluta", kansli)


def test_ny_uppfoljning_needs_a_future_due_date(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    present_round(dp)
    with pytest.raises(Invalid) as info:
        delprojekt_transition(
            delprojekt=dp,
            name="ny_uppfoljning",
            user=kansli,
            data=Overgangsdata(forfallodatum=timezone.localdate()),
        )
    assert "forfallodatum" in info.value.field_errors


# --- The protected field and history -----------------------------------------------


def test_the_state_cannot_be_assigned_directly(project_a):
    dp = Delprojekt.objects.get(pk=project_a.pk)
    with pytest.raises(AttributeError):
        dp.status = Status.AVSLUTAD
    dp.refresh_from_db()
    assert dp.status == Status.FORSLAG


def test_history_keeps_each_state_with_the_acting_user(org, kansli, lg_members):
    dp = register(kansli)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        dp = run(dp, "bered", kansli)
    records = list(dp.history.order_by("history_date"))
    assert [r.status for r in records][-2:] == [Status.FORSLAG, Status.BEREDNING]
    assert records[-1].history_user == kansli
    old = dp.history.as_of(records[0].history_date)
    assert old.status == Status.FORSLAG
    dp.refresh_from_db()
    assert dp.status == Status.BEREDNING


def test_registration_is_numbered_per_year_and_restarts(kansli):
    with time_machine.travel(datetime.datetime(2025, 12, 31, 12, tzinfo=datetime.UTC)):
        a = register(kansli)
        b = register(kansli)
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        c = register(kansli)
    assert [a.referens, b.referens, c.referens] == [
        "SFBV-2025-001",
        "SFBV-2025-002",
        "SFBV-2026-001",
    ]


def test_a_rolled_back_registration_gives_its_number_back(kansli):
    from django.db import transaction

    first = register(kansli)
    with pytest.raises(RuntimeError), transaction.atomic():
        register(kansli)
        raise RuntimeError("avbryts")
    second = register(kansli)
    assert int(second.referens[-3:]) == int(first.referens[-3:]) + 1


def test_only_the_kansli_registers_on_behalf_of_someone(outsider, kansli):
    other = f.PersonFactory(namn="Petra Påhittad")
    with pytest.raises(NotAllowed):
        register(outsider, forslagsstallare=other)
    assert register(kansli, forslagsstallare=other).forslagsstallare == other


def test_registration_creates_the_mall_documents_and_an_event(kansli):
    dp = register(kansli)
    assert sorted(dp.dokument.values_list("typ", flat=True)) == ["slutrapport", "uppdrag"]
    assert Kapitel.objects.filter(dokument__delprojekt=dp).count() == 14
    assert Uppfoljningsplan.objects.filter(delprojekt=dp).exists()
    assert dp.handelser.get().typ == Handelse.Typ.REGISTRERING
    assert not Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).exists()
