"""The chain of bodies is data: the whole lifecycle runs for each shape of the chain
(with and without the samarbetsgrupp, with and without the political preparation), and a
transition of another shape is refused, hidden and left out of the queues."""

from __future__ import annotations

import pytest

from delprojekt.models import Beslut, Handelse, Samverkan, Status
from delprojekt.services.errors import GuardFailed
from delprojekt.services.workflow import available_transitions
from delprojekt.workflow import overgang, overgangar_fran, spar
from tests.conftest import register
from tests.workflow_helpers import fill_slutrapport, run, set_kedja, walk_to

SHAPES = [
    pytest.param(True, True, id="samarbetsgrupp-och-politisk-beredning"),
    pytest.param(True, False, id="utan-politisk-beredning"),
    pytest.param(False, True, id="utan-samarbetsgrupp"),
    pytest.param(False, False, id="bara-ledningsgrupp-och-namnd"),
]


@pytest.mark.parametrize(("samarbetsgrupp", "politisk_beredning"), SHAPES)
def test_the_whole_lifecycle_runs_for_each_shape_of_the_chain(
    samarbetsgrupp, politisk_beredning, org, kansli, lg_members
):
    set_kedja(samarbetsgrupp=samarbetsgrupp, politisk_beredning=politisk_beredning)
    dp = register(kansli)
    if not samarbetsgrupp:
        # Without a samarbetsgrupp no consultation with it is asked for before the start.
        dp.samrad_samarbetsgrupp = None
    dp = walk_to(dp, Status.AVSLUTAD, org=org, kansli=kansli, lg_members=lg_members)

    passed = list(
        dp.handelser.filter(typ=Handelse.Typ.OVERGANG)
        .order_by("tidpunkt", "pk")
        .values_list("till_status", flat=True)
    )
    assert (Status.SAMARBETSGRUPP in passed) is samarbetsgrupp
    assert (Status.POLITISK_BEREDNING in passed) is politisk_beredning
    assert passed[-4:] == [
        Status.HUVUDMANNABESLUT,
        Status.INFORANDE,
        Status.UPPFOLJNING,
        Status.AVSLUTAD,
    ]
    beslutande = list(
        Beslut.objects.filter(delprojekt=dp).order_by("pk").values_list("organ__typ", flat=True)
    )
    expected = ["ledningsgrupp", *(["samarbetsgrupp"] if samarbetsgrupp else []), "ledningsgrupp"]
    assert beslutande == [*expected, "namnd"]
    lg_beslut = (
        Beslut.objects.filter(delprojekt=dp, organ__typ="ledningsgrupp").order_by("pk").last()
    )
    assert lg_beslut.beslutstext.endswith(f"»{dp.titel}«.")
    if not politisk_beredning:
        assert "och lämna dem till nämnden" in lg_beslut.beslutstext
        assert dp.uppfoljningsomgangar.get().redovisningar.count() == 3 - (not samarbetsgrupp)


@pytest.mark.parametrize(("samarbetsgrupp", "politisk_beredning"), SHAPES)
def test_the_track_and_the_next_steps_follow_the_chain(
    samarbetsgrupp, politisk_beredning, org, kansli
):
    set_kedja(samarbetsgrupp=samarbetsgrupp, politisk_beredning=politisk_beredning)
    steps = spar()
    assert (Status.SAMARBETSGRUPP in steps) is samarbetsgrupp
    assert (Status.POLITISK_BEREDNING in steps) is politisk_beredning
    fran_slutrapport = {o.name for o in overgangar_fran(Status.SLUTRAPPORT)}
    assert fran_slutrapport == {
        "lamna_till_samarbetsgrupp" if samarbetsgrupp else "lamna_till_ledningsgrupp",
        "avbryt",
    }
    fran_lg = {o.target for o in overgangar_fran(Status.LEDNINGSGRUPP) if not o.bakat}
    assert fran_lg == {Status.POLITISK_BEREDNING if politisk_beredning else Status.NAMND}


def test_a_transition_of_another_shape_is_refused_and_not_offered(org, kansli, lg_members):
    set_kedja(samarbetsgrupp=False)
    dp = walk_to(register(kansli), Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=[])
    fill_slutrapport(dp)
    offered = {t["overgang"].name for t in available_transitions(dp, kansli)}
    assert "lamna_till_samarbetsgrupp" not in offered
    assert "lamna_till_ledningsgrupp" in offered
    assert overgang(dp.status, "lamna_till_samarbetsgrupp") is None
    with pytest.raises(GuardFailed):
        run_without_lookup(dp, "lamna_till_samarbetsgrupp", kansli)
    dp.refresh_from_db()
    assert dp.status == Status.SLUTRAPPORT
    assert run(dp, "lamna_till_ledningsgrupp", kansli).status == Status.LEDNINGSGRUPP


def test_a_project_already_in_a_body_left_out_can_still_leave_it(org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.SAMARBETSGRUPP, org=org, kansli=kansli, lg_members=[])
    set_kedja(samarbetsgrupp=False)
    assert {o.name for o in overgangar_fran(dp.status)} >= {"tillstyrk", "aterremittera"}
    assert run(dp, "tillstyrk", kansli).status == Status.LEDNINGSGRUPP


def test_the_chain_is_read_from_the_samverkan(samverkan):
    assert samverkan.organkedja == (
        "samarbetsgrupp",
        "ledningsgrupp",
        "politisk_styrgrupp",
        "namnd",
    )
    Samverkan.objects.update(med_samarbetsgrupp=False, med_politisk_beredning=False)
    Samverkan.forget()
    assert Samverkan.current().organkedja == ("ledningsgrupp", "namnd")


def run_without_lookup(dp, name, user):
    """The service itself, as a forged post would reach it: no declaration looked up first."""
    from delprojekt.services.workflow import delprojekt_transition

    return delprojekt_transition(delprojekt=dp, name=name, user=user)
