"""Queue items of other apps on a meeting's agenda: the agenda item keeps the queue
item's key. An escalated implementation problem is answered by the decision its § of
the protocol records; a body's verksamhetsberättelse with text waits in its queue until
its approval is registered, the approval form offering the § it was treated under."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from delprojekt.beslutsko import beslutsko_for, koernas_langd
from delprojekt.models import Dagordningspunkt, Notis, Organ
from delprojekt.models.notiser import Notistyp
from delprojekt.services.errors import Invalid, StaleState
from delprojekt.services.sammantrade import (
    dagordning_add_from_queue,
    protokoll_finalise,
    punkt_record,
)
from inforande.models import Eskalering
from inforande.services.eskalering import behandlad_i, eskalering_besvara, eskalering_create
from tests.test_sammantrade import make_meeting
from tests.test_uppfoljning_inforande import make_project, samordnare
from verksamhet.models import Verksamhetsberattelse
from verksamhet.services.berattelse import (
    berattelse_godkann,
    berattelse_text_save,
    godkannande_forslag,
)

pytestmark = pytest.mark.django_db

AR = timezone.localdate().year - 1


@pytest.fixture
def dp(org, kansli, lg_members):
    return make_project(org, kansli, lg_members)


@pytest.fixture
def halland(org):
    return org.regioner[1]


@pytest.fixture
def sam_halland(halland):
    return samordnare(halland)


@pytest.fixture
def mote(org, kansli, lg_members):
    """A ledningsgrupp meeting held an hour ago, its protocol being written."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return make_meeting(kansli, lg_members, org.ledningsgrupp, start=start)


def problem(dp, user, region, organ, syfte=Eskalering.Syfte.BESLUT) -> Eskalering:
    return eskalering_create(
        delprojekt=dp,
        user=user,
        region=region,
        organ=organ,
        syfte=syfte,
        rubrik="Operationstider saknas",
        beskrivning="Vi behöver låna operationstid.",
    )


def item(organ, nyckel):
    return next((k for k in beslutsko_for(organ) if k.nyckel == nyckel), None)


# --- Escalated implementation problems -------------------------------------------------


def test_a_problem_put_on_the_agenda_is_linked_by_its_key_not_its_heading(
    org, kansli, dp, halland, sam_halland, mote
):
    e = problem(dp, sam_halland, halland, org.ledningsgrupp)
    nyckel = f"eskalering:{e.pk}"
    assert not item(org.ledningsgrupp, nyckel).pa_dagordning
    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=nyckel, user=kansli)
    assert punkt.konyckel == nyckel
    # The secretary may reword the heading; the link stays.
    Dagordningspunkt.objects.filter(pk=punkt.pk).update(rubrik="Operationstid i Halland")
    assert item(org.ledningsgrupp, nyckel).pa_dagordning
    with pytest.raises(StaleState):
        dagordning_add_from_queue(sammantrade=mote, nyckel=nyckel, user=kansli)
    assert mote.punkter.count() == 1
    # An item of another problem whose heading happens to match is not taken for it.
    other = problem(dp, kansli, None, org.ledningsgrupp)
    Dagordningspunkt.objects.create(
        sammantrade=mote, ordning=2, typ="information", rubrik=f"införandeproblem nr {other.pk}"
    )
    assert not item(org.ledningsgrupp, f"eskalering:{other.pk}").pa_dagordning


def test_the_protocols_decision_is_the_answer_and_the_problem_page_names_the_paragraph(
    client, org, kansli, dp, halland, sam_halland, mote
):
    e = problem(dp, sam_halland, halland, org.ledningsgrupp)
    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=f"eskalering:{e.pk}", user=kansli)
    Notis.objects.all().delete()
    punkt_record(punkt=punkt, user=kansli, beslutstext="Skåne lånar ut operationstid.")
    e.refresh_from_db()
    assert e.svar == "Skåne lånar ut operationstid."
    assert e.svar_datum == timezone.localtime(mote.start).date()
    assert e.svar_registrerat_av == kansli
    assert item(org.ledningsgrupp, f"eskalering:{e.pk}") is None
    assert "ledningsgrupp" not in koernas_langd()
    # The one who raised it is told, as when the kansli records the answer by hand.
    assert Notis.objects.filter(person=sam_halland.person, typ=Notistyp.KO).exists()
    assert dp.handelser.filter(text__contains="svarade på införandeproblemet").exists()
    # Before the protocol is finalised the page names the meeting, then the paragraph.
    client.force_login(kansli)
    url = reverse("inforande:eskalering", args=[e.pk])
    body = client.get(url).content.decode()
    assert f"Behandlat i {org.ledningsgrupp.namn} på sammanträdet" in body
    assert "Registrera svaret" not in body
    protokoll_finalise(sammantrade=mote, user=kansli)
    punkt.refresh_from_db()
    assert behandlad_i(e) == punkt
    body = client.get(url).content.decode()
    assert f"Behandlat i {org.ledningsgrupp.namn} {punkt.paragraf}" in body
    assert f"{reverse('sammantrade:detalj', args=[mote.pk])}#punkt-{punkt.pk}" in body


def test_an_item_for_information_is_answered_with_the_noted_information(org, kansli, dp, mote):
    e = problem(dp, kansli, None, org.ledningsgrupp, syfte=Eskalering.Syfte.KANNEDOM)
    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=f"eskalering:{e.pk}", user=kansli)
    assert punkt.typ == Dagordningspunkt.Typ.INFORMATION
    punkt_record(punkt=punkt, user=kansli)
    e.refresh_from_db()
    assert e.svar == "Informationen antecknas." and e.besvarad


def test_a_paragraph_without_a_decision_text_leaves_the_problem_unanswered(
    org, kansli, dp, halland, sam_halland, mote
):
    e = problem(dp, sam_halland, halland, org.ledningsgrupp)
    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=f"eskalering:{e.pk}", user=kansli)
    with pytest.raises(Invalid, match="Skriv beslutets text"):
        punkt_record(punkt=punkt, user=kansli, beslutstext="   ")
    punkt.refresh_from_db()
    e.refresh_from_db()
    assert punkt.protokollford is None
    assert not e.besvarad and e.svar == ""
    assert item(org.ledningsgrupp, f"eskalering:{e.pk}") is not None


def test_an_answer_recorded_by_hand_first_is_not_overwritten(
    org, kansli, dp, halland, sam_halland, mote
):
    e = problem(dp, sam_halland, halland, org.ledningsgrupp)
    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=f"eskalering:{e.pk}", user=kansli)
    today = timezone.localdate()
    eskalering_besvara(eskalering=e, user=kansli, svar="Löst per telefon.", datum=today)
    punkt_record(punkt=punkt, user=kansli, beslutstext="Frågan är redan löst.")
    e.refresh_from_db()
    assert e.svar == "Löst per telefon." and e.svar_datum == today
    assert dp.handelser.filter(text__contains="svarade på införandeproblemet").count() == 1
    punkt.refresh_from_db()
    assert punkt.beslutstext == "Frågan är redan löst."
    assert behandlad_i(e) == punkt


def test_a_problem_handled_outside_a_meeting_is_still_answered_by_hand(
    org, kansli, dp, halland, sam_halland
):
    e = problem(dp, sam_halland, halland, org.samarbetsgrupp)
    eskalering_besvara(eskalering=e, user=kansli, svar="Ja.", datum=timezone.localdate())
    e.refresh_from_db()
    assert e.besvarad and behandlad_i(e) is None


# --- The verksamhetsberättelse -----------------------------------------------------------


def test_a_report_with_text_waits_in_its_bodys_queue_until_it_is_approved(
    client, org, kansli, lg_members, mote
):
    lg = org.ledningsgrupp
    # A row without text (or no row) waits for nothing.
    Verksamhetsberattelse.objects.create(organ=lg, ar=AR)
    assert not beslutsko_for(lg)
    b = berattelse_text_save(user=kansli, organ=lg, ar=AR, text="Vårt år.")
    nyckel = f"verksamhetsberattelse:{b.pk}"
    [k] = beslutsko_for(lg)
    assert k.nyckel == nyckel
    assert k.rubrik == f"Verksamhetsberättelse {AR} för godkännande"
    assert k.for_beslut and not k.pa_dagordning
    assert k.url == reverse("verksamhet:berattelse", args=[lg.pk, AR])
    assert not beslutsko_for(org.samarbetsgrupp)
    assert koernas_langd()[Organ.Typ.LEDNINGSGRUPP][0] == 1

    punkt = dagordning_add_from_queue(sammantrade=mote, nyckel=nyckel, user=kansli)
    assert punkt.konyckel == nyckel and punkt.typ == Dagordningspunkt.Typ.ARENDE
    assert beslutsko_for(lg)[0].pa_dagordning
    punkt_record(punkt=punkt, user=kansli, beslutstext=k.beslutsforslag)
    # No paragraph yet: nothing to offer.
    assert godkannande_forslag(b) is None
    protokoll_finalise(sammantrade=mote, user=kansli)
    assert godkannande_forslag(b) == punkt.pk

    # The approval form offers the paragraph the report was treated under.
    client.force_login(kansli)
    body = client.get(k.url).content.decode()
    assert f'<option value="{punkt.pk}" selected>' in body

    berattelse_godkann(user=kansli, organ=lg, ar=AR, punkt_id=punkt.pk)
    assert not beslutsko_for(lg)
    assert Organ.Typ.LEDNINGSGRUPP not in koernas_langd()


def test_without_a_treated_paragraph_nothing_is_preselected(client, org, kansli, mote):
    b = berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="Vårt år.")
    assert godkannande_forslag(b) is None
    assert godkannande_forslag(None) is None


# --- Query budgets ------------------------------------------------------------------------


def test_queues_and_meeting_page_with_both_kinds_of_item_within_budget(
    client, org, kansli, lg_members, dp, halland, sam_halland, mote, django_assert_max_num_queries
):
    for organ in (org.ledningsgrupp, org.samarbetsgrupp):
        problem(dp, sam_halland, halland, organ)
        problem(dp, kansli, None, organ, syfte=Eskalering.Syfte.KANNEDOM)
        berattelse_text_save(user=kansli, organ=organ, ar=AR, text="Vårt år.")
    b = Verksamhetsberattelse.objects.get(organ=org.ledningsgrupp)
    dagordning_add_from_queue(sammantrade=mote, nyckel=f"verksamhetsberattelse:{b.pk}", user=kansli)
    client.force_login(kansli)
    for typ in (Organ.Typ.LEDNINGSGRUPP, Organ.Typ.SAMARBETSGRUPP):
        with django_assert_max_num_queries(15):
            body = client.get(reverse("beslut:organ", args=[typ])).content.decode()
        assert f"Verksamhetsberättelse {AR} för godkännande" in body
        assert "Operationstider saknas" in body
    with django_assert_max_num_queries(15):
        body = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert f"Verksamhetsberättelse {AR} för godkännande" in body
    assert "Operationstider saknas" in body
    # A member of both bodies sees both queues on one page.
    from tests import factories as f
    from tests.conftest import person_of

    user = lg_members[0]
    f.OrganmedlemskapFactory(person=person_of(user), organ=org.samarbetsgrupp)
    client.force_login(user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beslut:mina"))
    assert sum(len(a) for _o, a, _n in response.context["sektioner"]) == 6


def test_agenda_items_put_up_before_the_key_was_kept_get_it_from_their_heading(
    org, kansli, dp, halland, sam_halland, mote
):
    from importlib import import_module

    from django.apps import apps

    from inforande.beslutsko import _rubrik

    e = problem(dp, sam_halland, halland, org.ledningsgrupp)
    gammal = Dagordningspunkt.objects.create(
        sammantrade=mote, ordning=1, typ="arende", rubrik=_rubrik(e, halland.namn)
    )
    fri = Dagordningspunkt.objects.create(
        sammantrade=mote, ordning=2, typ="information", rubrik="Lägesrapport (nr 1)"
    )
    import_module("inforande.migrations.0002_eskalering_konyckel_pa_dagordningen").fill(apps, None)
    gammal.refresh_from_db()
    fri.refresh_from_db()
    assert gammal.konyckel == f"eskalering:{e.pk}" and fri.konyckel == ""
    assert item(org.ledningsgrupp, f"eskalering:{e.pk}").pa_dagordning
