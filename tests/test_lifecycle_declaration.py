"""The lifecycle is declared once (``delprojekt.workflow.LIVSCYKEL``); the rest follows."""

from __future__ import annotations

import rules
from django.core.management import call_command

from delprojekt import workflow
from delprojekt.models import Delprojekt, Status
from delprojekt.models.delprojekt import TERMINAL


def test_the_fsm_graph_equals_the_declaration():
    assert workflow.fsm_graph() == workflow.declared_graph()
    states = {s for _n, source, target in workflow.declared_graph() for s in (source, target)}
    assert states == set(Status.values)


def test_every_declared_name_is_a_model_transition_and_nothing_else_is():
    on_model = {
        t.name for t in Delprojekt._meta.get_field("status").get_all_transitions(Delprojekt)
    }
    assert on_model == set(workflow.NAMN)


def test_every_transition_has_a_permission_rule():
    for name in workflow.NAMN:
        assert rules.perm_exists(f"delprojekt.{name}"), name


def test_avbryt_leaves_every_state_but_the_terminal_ones():
    sources = {s for s, name in workflow.OVERGANGAR if name == "avbryt"}
    assert sources == set(Status.values) - set(TERMINAL)


def test_a_body_decides_exactly_the_transitions_that_record_a_beslut():
    for o in workflow.LIVSCYKEL:
        assert bool(o.organ) == bool(o.utfall) == bool(o.beslutsfras), o.name
    assert [o.name for o in workflow.LIVSCYKEL if o.enhallighet] == [
        "besluta",
        "besluta_till_namnd",
    ]


def test_the_follow_up_registers_its_hooks_from_its_own_app():
    from uppfoljning import livscykel

    assert livscykel.forsta_omgangen in workflow.EFFEKTER["rekommendera"]
    assert livscykel.nasta_omgang in workflow.EFFEKTER["ny_uppfoljning"]
    assert livscykel.senaste_omgangen_klar in workflow.VILLKOR["avsluta"]
    assert livscykel.forfallodatum_inom_intervallet in workflow.VALIDERINGAR["ny_uppfoljning"]


def test_a_hook_for_an_unknown_transition_is_refused():
    import pytest

    with pytest.raises(ValueError, match="Okänd övergång"):
        workflow.effekt("flyga")


def test_docs_lifecycle_is_current():
    # Fails when the declaration changed without `uv run manage.py livscykel`.
    call_command("livscykel", "--check")
