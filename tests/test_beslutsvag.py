"""One way for a body to decide: at its meeting, or by its explicit path outside one.

The observations this module repeats: a start decision recorded through the
project's own transition form with a free-text meeting and §; a meeting form that
claimed unanimity for start decisions; a decision text written for another outcome;
an agenda item whose project had moved on.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import Beslut, Dagordningspunkt, Sammantrade, Status
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.sammantrade import (
    dagordning_add_free,
    dagordning_add_from_queue,
    protokoll_finalise,
    punkt_record,
)
from delprojekt.services.workflow import (
    BeslutUppgifter,
    Overgangsdata,
    delprojekt_transition,
    positions_record,
)
from tests.conftest import register
from tests.test_sammantrade import make_meeting
from tests.workflow_helpers import all_agree, utanfor_mote, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(org, kansli, lg_members):
    """A proposal waiting for the ledningsgrupp's start decision."""
    return walk_to(
        register(kansli), Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members
    )


def _on_agenda(mote: Sammantrade, dp, kansli) -> Dagordningspunkt:
    return dagordning_add_from_queue(sammantrade=mote, nyckel=f"delprojekt:{dp.pk}", user=kansli)


def test_service_refuses_a_body_decision_without_its_meeting_item(waiting, kansli):
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        delprojekt_transition(
            delprojekt=waiting,
            name="starta",
            user=kansli,
            data=Overgangsdata(
                beslut=BeslutUppgifter(datum=today, beslutstext="Ledningsgruppen startar.")
            ),
        )
    waiting.refresh_from_db()
    assert waiting.status == Status.STARTBESLUT
    assert not Beslut.objects.exists()


def test_transition_form_has_no_free_text_meeting_or_paragraph(client, waiting, kansli):
    client.force_login(kansli)
    url = reverse("delprojekt:transition", args=[waiting.referens, "starta"])
    page = client.get(url).content.decode()
    assert 'name="sammantrade"' not in page
    assert 'name="paragraf"' not in page
    assert "Per capsulam" in page
    assert reverse("beslut:organ", args=["ledningsgrupp"]) in page
    # Posting the old way (a free-text meeting and §, no path chosen) records nothing.
    response = client.post(
        url,
        {
            "status": Status.STARTBESLUT,
            "datum": timezone.localdate().isoformat(),
            "beslutstext": "Ledningsgruppen beslutar att starta delprojektet.",
            "sammantrade": "LG 2026-03-14",
            "paragraf": "§ 77",
        },
    )
    assert response.status_code == 200
    assert "Välj hur beslutet fattades." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.STARTBESLUT
    assert not Beslut.objects.exists()


def test_per_capsulam_takes_the_next_paragraph_and_is_reported_at_the_next_meeting(
    client, org, waiting, kansli, lg_members
):
    # One § already taken this year by a finalised meeting.
    earlier = make_meeting(kansli, lg_members, org.ledningsgrupp)
    dagordning_add_free(sammantrade=earlier, user=kansli, typ="information", rubrik="Läget")
    for p in earlier.punkter.all():
        punkt_record(punkt=p, user=kansli)
    protokoll_finalise(sammantrade=earlier, user=kansli)
    next_meeting = make_meeting(
        kansli,
        lg_members,
        org.ledningsgrupp,
        start=timezone.now() + datetime.timedelta(days=10),
    )

    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:transition", args=[waiting.referens, "starta"]),
        {
            "status": Status.STARTBESLUT,
            "slag": Beslut.Slag.PER_CAPSULAM,
            "datum": timezone.localdate().isoformat(),
            "beslutstext": "Ledningsgruppen beslutar att starta delprojektet.",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.UPPDRAG
    beslut = Beslut.objects.get(delprojekt=waiting)
    year = timezone.localdate().year
    assert beslut.slag == Beslut.Slag.PER_CAPSULAM
    assert beslut.paragraf == f"§ 2/{year}"
    anmalan = next_meeting.punkter.get(typ=Dagordningspunkt.Typ.ANMALAN)
    assert anmalan.anmalt_beslut == beslut
    assert f"§ 2/{year}" in anmalan.rubrik


def test_a_decision_outside_a_meeting_is_put_on_the_next_meeting_created(
    client, org, waiting, kansli, lg_members
):
    delprojekt_transition(
        delprojekt=waiting,
        name="vila",
        user=kansli,
        data=utanfor_mote(
            "Ordföranden beslutar att vilandeförklara förslaget.",
            slag=Beslut.Slag.ORDFORANDEBESLUT,
        ),
    )
    mote = make_meeting(
        kansli, lg_members, org.ledningsgrupp, start=timezone.now() + datetime.timedelta(days=3)
    )
    anmalan = mote.punkter.get()
    assert anmalan.typ == Dagordningspunkt.Typ.ANMALAN
    assert anmalan.anmalt_beslut.slag == Beslut.Slag.ORDFORANDEBESLUT
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert "Anmälan av beslut" in page
    assert "Ordföranden beslutar att vilandeförklara förslaget." in page
    # Recorded at the meeting, it gets a § of its own when the protocol is finalised.
    with time_machine.travel(mote.start + datetime.timedelta(hours=1)):
        punkt_record(punkt=anmalan, user=kansli)
        protokoll_finalise(sammantrade=mote, user=kansli)
    anmalan.refresh_from_db()
    assert anmalan.beslutstext == "Anmälan läggs till handlingarna."
    assert anmalan.paragraf_nummer == 2


def test_start_with_a_reservation_is_an_ordinary_decision_and_the_form_says_so(
    client, org, waiting, kansli, lg_members
):
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, waiting, kansli)
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert "kan bara fattas när alla ledamöter instämmer" not in page
    positioner = all_agree()
    first = next(iter(positioner))
    positioner[first] = ("reservation", "Resurserna räcker inte.")
    punkt_record(
        punkt=punkt,
        user=kansli,
        overgang="starta",
        beslutstext="",
        reservation="Ledamoten reserverar sig.",
        positioner=positioner,
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.UPPDRAG


def test_unanimity_is_enforced_and_announced_for_besluta(client, org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, dp, kansli)
    client.force_login(kansli)
    # The item's form, opened from the meeting page, says why the decision cannot be taken.
    page = client.get(
        reverse("sammantrade:detalj", args=[mote.pk]), {"punkt": punkt.pk}
    ).content.decode()
    assert "kan bara fattas när alla ledamöter instämmer" in page
    positioner = all_agree()
    first = next(iter(positioner))
    positioner[first] = ("reservation", "Kostnaden är oklar.")
    with pytest.raises(GuardFailed):
        punkt_record(punkt=punkt, user=kansli, overgang="besluta", positioner=positioner)
    dp.refresh_from_db()
    assert dp.status == Status.LEDNINGSGRUPP


def test_decision_text_for_another_outcome_is_refused(org, waiting, kansli, lg_members):
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, waiting, kansli)
    with pytest.raises(Invalid) as info:
        punkt_record(
            punkt=punkt,
            user=kansli,
            overgang="vila",
            beslutstext="Ledningsgruppen beslutar att starta delprojektet »Testprojekt«.",
        )
    assert "gäller »Starta delprojektet«" in info.value.field_errors["beslutstext"][0]
    waiting.refresh_from_db()
    assert waiting.status == Status.STARTBESLUT
    punkt.refresh_from_db()
    assert punkt.protokollford is None


def test_empty_decision_text_is_written_for_the_chosen_outcome(org, waiting, kansli, lg_members):
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, waiting, kansli)
    punkt_record(punkt=punkt, user=kansli, overgang="vila", beslutstext="")
    beslut = Beslut.objects.get(delprojekt=waiting)
    assert beslut.utfall == Beslut.Utfall.VILANDE
    assert "beslutar att vilandeförklara förslaget" in beslut.beslutstext
    assert "starta" not in beslut.beslutstext


def test_an_item_whose_project_moved_on_shows_it_and_cannot_be_recorded(
    client, org, waiting, kansli, lg_members
):
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, waiting, kansli)
    # Decided by the chair on delegation while the item stood on the agenda.
    delprojekt_transition(
        delprojekt=waiting,
        name="starta",
        user=kansli,
        data=utanfor_mote(
            "Ordföranden beslutar att starta delprojektet.", slag=Beslut.Slag.ORDFORANDEBESLUT
        ),
    )
    with pytest.raises(GuardFailed) as info:
        punkt_record(punkt=punkt, user=kansli, overgang="starta", beslutstext="")
    assert "har gått vidare till »Uppdrag formuleras«" in info.value.messages[0]
    punkt.refresh_from_db()
    assert punkt.protokollford is None
    assert Beslut.objects.filter(delprojekt=waiting).count() == 1
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert "har gått vidare till »Uppdrag formuleras«" in page
    assert reverse("sammantrade:protokollfor", args=[mote.pk, punkt.pk]) not in page


def test_a_form_sent_for_an_item_whose_project_moved_on_shows_the_page_with_why(
    client, org, waiting, kansli, lg_members
):
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _on_agenda(mote, waiting, kansli)
    client.force_login(kansli)
    form = {"status": Status.STARTBESLUT, "overgang": "starta", "beslutstext": ""}
    # The form was opened while the item waited; the chair decided on delegation since.
    delprojekt_transition(
        delprojekt=waiting,
        name="starta",
        user=kansli,
        data=utanfor_mote(
            "Ordföranden beslutar att starta delprojektet.", slag=Beslut.Slag.ORDFORANDEBESLUT
        ),
    )
    url = reverse("sammantrade:protokollfor", args=[mote.pk, punkt.pk])
    response = client.post(url, form)
    assert response.status_code == 200
    assert "har gått vidare till »Uppdrag formuleras«" in response.content.decode()
    punkt.refresh_from_db()
    assert punkt.protokollford is None
    assert Beslut.objects.filter(delprojekt=waiting).count() == 1


def test_positions_recorded_with_a_per_capsulam_decision(waiting, kansli):
    positions_record(delprojekt=waiting, user=kansli, positioner=all_agree())
    delprojekt_transition(
        delprojekt=waiting,
        name="avsla",
        user=kansli,
        data=utanfor_mote("Ledningsgruppen beslutar att avslå förslaget."),
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.AVSLAGEN


def test_the_form_outside_a_meeting_points_to_the_meeting_that_has_the_item(
    client, org, waiting, kansli, lg_members
):
    mote = make_meeting(
        kansli, lg_members, org.ledningsgrupp, start=timezone.now() + datetime.timedelta(days=5)
    )
    punkt = _on_agenda(mote, waiting, kansli)
    client.force_login(kansli)
    page = client.get(
        reverse("delprojekt:transition", args=[waiting.referens, "starta"])
    ).content.decode()
    assert f"Ärendet står på dagordningen för {mote}." in page
    assert f"{reverse('sammantrade:detalj', args=[mote.pk])}#punkt-{punkt.pk}" in page
