"""Implementation problems raised to the samarbetsgrupp or the ledningsgrupp: who may
raise them, the body's queue (and its counter), the notification, the kansli's answer."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from delprojekt.beslutsko import beslutsko_for, koernas_langd
from delprojekt.models import Notis, Organ, Samverkan
from delprojekt.models.notiser import Notistyp
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from inforande.beslutsko import eskaleringar
from inforande.models import Eskalering
from inforande.services.eskalering import (
    eskalering_besvara,
    eskalering_create,
    eskaleringsorgan,
)
from tests.test_uppfoljning_inforande import make_project, samordnare


@pytest.fixture
def dp(org, kansli, lg_members):
    return make_project(org, kansli, lg_members)


@pytest.fixture
def halland(org):
    return org.regioner[1]


@pytest.fixture
def sam_halland(halland):
    return samordnare(halland)


def raise_(dp, user, region, organ, **kw):
    return eskalering_create(
        delprojekt=dp,
        user=user,
        region=region,
        organ=organ,
        syfte=kw.get("syfte", Eskalering.Syfte.BESLUT),
        rubrik=kw.get("rubrik", "Operationstider saknas"),
        beskrivning=kw.get("beskrivning", "Vi behöver låna operationstid."),
    )


def test_a_coordinator_raises_a_problem_that_waits_in_the_samarbetsgrupps_queue(
    dp, org, halland, sam_halland, samarbetsgrupp_user
):
    e = raise_(dp, sam_halland, halland, org.samarbetsgrupp)
    [item] = beslutsko_for(org.samarbetsgrupp)
    assert item.nyckel == f"eskalering:{e.pk}"
    assert item.for_beslut and "Operationstider saknas" in item.rubrik
    assert item.url == reverse("inforande:eskalering", args=[e.pk])
    assert not beslutsko_for(org.ledningsgrupp)
    # The counter counts what the source yields.
    assert koernas_langd()["samarbetsgrupp"][0] == 1
    # The body's members are told (kind "kö").
    sg_person = samarbetsgrupp_user.person
    assert Notis.objects.filter(person=sg_person, typ=Notistyp.KO).exists()


def test_for_information_it_is_an_information_item(dp, org, kansli):
    raise_(dp, kansli, None, org.ledningsgrupp, syfte=Eskalering.Syfte.KANNEDOM)
    [item] = list(eskaleringar("ledningsgrupp"))
    assert not item.for_beslut
    assert Samverkan.current().sjukvardsregion in item.rubrik


def test_a_coordinator_may_raise_only_for_their_own_region(dp, org, sam_halland):
    with pytest.raises(NotAllowed):
        raise_(dp, sam_halland, org.regioner[0], org.samarbetsgrupp)
    with pytest.raises(NotAllowed):  # the sjukvårdsregion's row is the kansli's
        raise_(dp, sam_halland, None, org.samarbetsgrupp)
    assert not Eskalering.objects.exists()


def test_others_may_not_raise(dp, org, halland, lg_members, reader):
    for user in (lg_members[0], reader):
        with pytest.raises(NotAllowed):
            raise_(dp, user, halland, org.samarbetsgrupp)
    assert not Eskalering.objects.exists()


def test_only_the_samarbetsgrupp_and_the_ledningsgrupp_of_the_chain(dp, org, kansli, halland):
    assert eskaleringsorgan() == [org.samarbetsgrupp, org.ledningsgrupp]
    with pytest.raises(Invalid) as exc:
        raise_(dp, kansli, halland, org.namnd)
    assert "organ" in exc.value.field_errors
    s = Samverkan.objects.get()
    s.med_samarbetsgrupp = False
    s.save()
    Samverkan.forget()
    assert eskaleringsorgan() == [org.ledningsgrupp]
    with pytest.raises(Invalid):
        raise_(dp, kansli, halland, org.samarbetsgrupp)
    assert not Eskalering.objects.exists()


def test_bad_input_is_refused_in_swedish(dp, org, kansli, halland):
    with pytest.raises(Invalid) as exc:
        raise_(dp, kansli, halland, org.samarbetsgrupp, rubrik=" ", beskrivning="")
    assert exc.value.field_errors["rubrik"] == ["Skriv en rubrik."]
    assert exc.value.field_errors["beskrivning"] == ["Beskriv problemet."]
    assert not Eskalering.objects.exists()


def test_the_kansli_records_the_answer_once_and_the_raiser_is_told(
    dp, org, kansli, halland, sam_halland
):
    e = raise_(dp, sam_halland, halland, org.samarbetsgrupp)
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        eskalering_besvara(eskalering=e, user=sam_halland, svar="Ja", datum=today)
    with pytest.raises(Invalid) as exc:
        eskalering_besvara(
            eskalering=e, user=kansli, svar="", datum=today + datetime.timedelta(days=1)
        )
    assert set(exc.value.field_errors) == {"svar", "datum"}
    assert not Eskalering.objects.get(pk=e.pk).besvarad
    eskalering_besvara(eskalering=e, user=kansli, svar="Skåne lånar ut tid.", datum=today)
    e.refresh_from_db()
    assert e.svar == "Skåne lånar ut tid." and e.svar_registrerat_av == kansli
    assert not beslutsko_for(org.samarbetsgrupp)
    assert Notis.objects.filter(person=sam_halland.person, typ=Notistyp.KO).exists()
    with pytest.raises(StaleState):
        eskalering_besvara(eskalering=e, user=kansli, svar="Igen", datum=today)


def test_the_pages_within_budget_and_refusals(
    client, dp, org, kansli, halland, sam_halland, lg_members, django_assert_max_num_queries
):
    client.force_login(sam_halland)
    url = reverse("inforande:eskalera", args=[dp.referens])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.post(url, {"rad": str(halland.pk), "organ": org.samarbetsgrupp.pk})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode() or "Skriv" in (
        response.content.decode()
    )
    assert not Eskalering.objects.exists()
    response = client.post(
        url,
        {
            "rad": str(halland.pk),
            "organ": org.samarbetsgrupp.pk,
            "syfte": "beslut",
            "rubrik": "Operationstider",
            "beskrivning": "Vi behöver hjälp.",
        },
    )
    e = Eskalering.objects.get()
    assert response.status_code == 302
    detail = reverse("inforande:eskalering", args=[e.pk])
    with django_assert_max_num_queries(15):
        assert client.get(detail).status_code == 200
    # The coordinator may not answer for the body.
    assert client.post(detail, {"svar": "Ja", "datum": "2026-01-01"}).status_code == 403
    client.force_login(lg_members[0])
    assert client.get(url).status_code == 403
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beslut:organ", args=[Organ.Typ.SAMARBETSGRUPP]))
    assert "Operationstider" in response.content.decode()
    response = client.post(detail, {"svar": "", "datum": "igår"})
    assert response.status_code == 400
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in response.content.decode()
    assert not Eskalering.objects.get().besvarad
    with django_assert_max_num_queries(15):
        response = client.get(reverse("uppfoljning:inforande", args=[dp.referens]))
    assert "Operationstider" in response.content.decode()


def test_an_outsider_gets_404(client, dp, org, kansli, halland, outsider):
    e = raise_(dp, kansli, halland, org.samarbetsgrupp)
    client.force_login(outsider)
    assert client.get(reverse("inforande:eskalering", args=[e.pk])).status_code == 404
