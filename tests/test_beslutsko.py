"""The decision queues: which items wait for which body, the kansli's beslutsförslag,
"Min beslutskö", and the ledningsgrupp members' positions up to a unanimous decision."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt import beslutsko
from delprojekt.beslutsko import Dokumentlank, Koarende, beslutsko_for, kalla
from delprojekt.models import (
    Dagordningspunkt,
    Delprojekt,
    Delrapport,
    Handelse,
    Organ,
    Sammantrade,
    Stallningstagande,
    Status,
)
from delprojekt.services.beslutsko import beslutsforslag_save, beslutsforslag_version
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.workflow import positions_record
from tests import factories as f
from tests.conftest import person_of, register
from tests.workflow_helpers import run, walk_to

#: Which states each body's queue holds.
VANTAR = {
    Organ.Typ.SAMARBETSGRUPP: {Status.SAMARBETSGRUPP},
    Organ.Typ.LEDNINGSGRUPP: {Status.STARTBESLUT, Status.VILANDE, Status.LEDNINGSGRUPP},
    Organ.Typ.POLITISK_STYRGRUPP: {Status.POLITISK_BEREDNING},
    Organ.Typ.NAMND: {Status.NAMND},
}


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def park(dp: Delprojekt, status: str, *, dagar: int = 0, user=None) -> Delprojekt:
    """Put ``dp`` in ``status`` directly, with the event that made it an item."""
    sedan = timezone.now() - datetime.timedelta(days=dagar)
    Delprojekt.objects.filter(pk=dp.pk).update(status=status, status_andrad=sedan)
    Handelse.objects.create(
        delprojekt=dp,
        typ=Handelse.Typ.OVERGANG,
        aktor="Kansliet",
        text="Statusändring",
        till_status=status,
        tidpunkt=sedan,
        anvandare=user,
    )
    return Delprojekt.objects.get(pk=dp.pk)


def keys(organ: Organ) -> set[str]:
    return {k.nyckel for k in beslutsko_for(organ)}


def queue_url(typ: str) -> str:
    return reverse("beslut:organ", args=[typ])


def open_item(client, typ: str, dp) -> str:
    """The queue page with the forms of ``dp``'s item opened."""
    response = client.get(queue_url(typ), {"arende": f"delprojekt:{dp.pk}"})
    assert response.status_code == 200
    return response.content.decode()


def delrapport(dp, till: str, **kw) -> Delrapport:
    return Delrapport.objects.create(
        delprojekt=dp, titel="Läget i nulägesbeskrivningen", skickad_till=till,
        skickad=timezone.now(), **kw,
    )  # fmt: skip


# --- Which items wait for which body -------------------------------------------------


def test_each_waiting_state_is_in_its_bodys_queue_and_no_other_state_is(org, kansli):
    projects = {status: park(register(kansli, titel=status), status) for status in Status.values}
    bodies = {
        typ: getattr(org, typ)
        for typ in ("samarbetsgrupp", "ledningsgrupp", "politisk_styrgrupp", "namnd")
    }
    for typ, organ in bodies.items():
        expected = {f"delprojekt:{projects[s].pk}" for s in VANTAR[typ]}
        assert keys(organ) == expected, typ
    # Every waiting state belongs to exactly one body; every other state to none.
    assert {s for states in VANTAR.values() for s in states} == {
        s for typ in VANTAR for s in beslutsko.vantande_status(typ)
    }


def test_queue_item_carries_decisions_documents_and_waiting_time(org, kansli, project_a):
    dp = park(project_a, Status.SAMARBETSGRUPP, dagar=12)
    (item,) = beslutsko_for(org.samarbetsgrupp)
    assert item.for_beslut
    assert {o.name for o in item.overgangar} == {"tillstyrk", "aterremittera"}
    assert item.dagar == 12
    urls = [d.url for d in item.dokument]
    assert reverse("delprojekt:dokument", args=[dp.referens, "uppdrag"]) in urls
    assert reverse("delprojekt:uppdrag_pdf", args=[dp.referens]) in urls
    assert reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"]) in urls


def test_startbeslut_item_points_to_the_proposal_not_to_documents_not_yet_written(
    org, kansli, project_a
):
    park(project_a, Status.STARTBESLUT)
    (item,) = beslutsko_for(org.ledningsgrupp)
    assert [d.url for d in item.dokument] == [project_a.get_absolute_url()]


def test_part_reports_wait_for_their_body_until_on_a_finalised_protocol(
    client, org, kansli, project_a
):
    r = delrapport(project_a, Organ.Typ.LEDNINGSGRUPP)
    Delrapport.objects.create(delprojekt=project_a, titel="Inte skickad")
    nyckel = f"delrapport:{r.pk}"
    assert keys(org.ledningsgrupp) == {nyckel}
    assert keys(org.samarbetsgrupp) == set()
    (item,) = beslutsko_for(org.ledningsgrupp)
    assert not item.for_beslut and not item.pa_dagordning
    assert item.url == reverse("delprojekt:delrapport", args=[project_a.referens, r.pk])

    mote = Sammantrade.objects.create(organ=org.ledningsgrupp, start=timezone.now())
    Dagordningspunkt.objects.create(
        sammantrade=mote, typ=Dagordningspunkt.Typ.DELRAPPORT, rubrik=r.titel, delrapport=r
    )
    (item,) = beslutsko_for(org.ledningsgrupp)
    assert item.pa_dagordning
    client.force_login(kansli)
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "På dagordningen för ett kommande sammanträde" in body
    assert "Delrapport för kännedom" in body

    Sammantrade.objects.filter(pk=mote.pk).update(protokoll_klart=timezone.now())
    assert keys(org.ledningsgrupp) == set()


def test_a_new_kind_of_item_plugs_in_with_a_registered_source(client, org, kansli, project_a):
    sedan = timezone.now() - datetime.timedelta(days=400)

    def uppfoljningar(organ_typ: str) -> list[Koarende]:
        if organ_typ != Organ.Typ.NAMND:
            return []
        return [
            Koarende(
                nyckel="uppfoljning:1",
                typ=Dagordningspunkt.Typ.UPPFOLJNING,
                rubrik="Uppföljningsrapport Ryggkirurgi",
                sedan=sedan,
                delprojekt=project_a,
                dokument=(Dokumentlank("Uppföljningsrapporten", "/uppfoljning/rapport/"),),
            )
        ]

    kalla(uppfoljningar)
    try:
        park(project_a, Status.NAMND)
        items = beslutsko_for(org.namnd)
        assert [k.nyckel for k in items] == ["uppfoljning:1", f"delprojekt:{project_a.pk}"]
        assert keys(org.ledningsgrupp) == set()
        client.force_login(kansli)
        body = client.get(queue_url("namnd")).content.decode()
        assert "Uppföljningsrapport Ryggkirurgi" in body
        assert "Uppföljningsrapport för kännedom" in body
        assert 'href="/uppfoljning/rapport/"' in body
    finally:
        beslutsko.KALLOR.remove(uppfoljningar)
    assert keys(org.namnd) == {f"delprojekt:{project_a.pk}"}


# --- Pages and who may see them ------------------------------------------------------


def test_queue_page_permissions(client, org, kansli, lg_members, reader, outsider, ledamot_b):
    for user, status in [
        (kansli, 200),
        (lg_members[0], 200),
        (reader, 200),
        (ledamot_b, 403),
        (outsider, 403),
    ]:
        client.force_login(user)
        assert client.get(queue_url("ledningsgrupp")).status_code == status, user.username


def test_unknown_or_queueless_or_inactive_body_is_404(client, org, kansli):
    client.force_login(kansli)
    assert client.get(queue_url("kansli")).status_code == 404
    assert client.get(queue_url("nagot-annat")).status_code == 404
    Organ.objects.filter(pk=org.namnd.pk).update(aktiv=False)
    assert client.get(queue_url("namnd")).status_code == 404


def test_anonymous_user_is_sent_to_login(client, org):
    response = client.get(queue_url("ledningsgrupp"))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_overview_counts_each_bodys_queue(client, org, kansli, outsider):
    park(register(kansli, titel="Ett"), Status.SAMARBETSGRUPP)
    park(register(kansli, titel="Två"), Status.LEDNINGSGRUPP)
    park(register(kansli, titel="Tre"), Status.STARTBESLUT)
    client.force_login(kansli)
    response = client.get(reverse("beslut:oversikt"))
    assert response.status_code == 200
    antal = {r["organ"].typ: r["antal"] for r in response.context["rader"]}
    assert antal == {"samarbetsgrupp": 1, "ledningsgrupp": 2, "politisk_styrgrupp": 0, "namnd": 0}
    client.force_login(outsider)
    assert client.get(reverse("beslut:oversikt")).status_code == 403


def test_nav_shows_beslutsko_to_body_members_only(client, org, kansli, lg_members, outsider):
    client.force_login(lg_members[0])
    assert "Beslutskö" in client.get(reverse("delprojekt:portfolio")).content.decode()
    client.force_login(outsider)
    assert "Beslutskö" not in client.get(reverse("delprojekt:portfolio")).content.decode()


def test_min_beslutsko_shows_one_section_per_body_and_marks_missing_positions(
    client, org, kansli, lg_members
):
    user = lg_members[0]
    f.OrganmedlemskapFactory(person=person_of(user), organ=org.samarbetsgrupp)
    lg_dp = park(register(kansli, titel="Handkirurgi"), Status.LEDNINGSGRUPP)
    sg_dp = park(register(kansli, titel="Barnallergi"), Status.SAMARBETSGRUPP)
    park(register(kansli, titel="Nämndärende"), Status.NAMND)
    client.force_login(user)
    response = client.get(reverse("beslut:mina"))
    assert response.status_code == 200
    sektioner = response.context["sektioner"]
    assert [o.typ for o, _a, _n in sektioner] == ["samarbetsgrupp", "ledningsgrupp"]
    body = response.content.decode()
    assert "Handkirurgi" in body and "Barnallergi" in body and "Nämndärende" not in body
    (lg_item,) = sektioner[1][1]
    assert lg_item.mitt_saknas
    assert body.count("Ditt ställningstagande saknas") == 1
    # The item links to its form in the body's queue; no form is rendered here.
    oppna = f"?arende=delprojekt%3A{lg_dp.pk}#arende-delprojekt-{lg_dp.pk}"
    oppna = queue_url("ledningsgrupp") + oppna
    assert f'href="{oppna}"' in body
    assert 'name="position_' not in body

    positions_record(
        delprojekt=lg_dp, user=user, positioner={person_of(user).pk: ("instammer", "")}
    )
    body = client.get(reverse("beslut:mina")).content.decode()
    assert "Ditt ställningstagande saknas" not in body
    assert sg_dp.titel in body


def test_min_beslutsko_sends_the_kansli_to_the_overview(client, org, kansli):
    client.force_login(kansli)
    response = client.get(reverse("beslut:mina"))
    assert response.status_code == 302
    assert response["Location"] == reverse("beslut:oversikt")


def test_ledningsgrupp_queue_stays_within_query_budget(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    for i in range(20):
        dp = park(register(kansli, titel=f"Projekt {i}"), Status.LEDNINGSGRUPP, dagar=i)
        positions_record(
            delprojekt=dp,
            user=kansli,
            positioner={
                person_of(u).pk: ("reservation" if j == 3 else "instammer", "Skäl.")
                for j, u in enumerate(lg_members)
            },
        )
    delrapport(register(kansli, titel="Med delrapport"), Organ.Typ.LEDNINGSGRUPP)
    for user in (kansli, lg_members[0]):
        client.force_login(user)
        with django_assert_max_num_queries(15):
            response = client.get(queue_url("ledningsgrupp"))
        assert response.status_code == 200
        # One page of the queue: the 20 projects that waited longest; the report on page 2.
        assert len(response.context["arenden"]) == 20
        assert response.context["antal"] == 21
        body = response.content.decode()
        assert body.count("Reservation från: Ledamot SKA Lundgren.") == 20
        assert "Delrapport" not in body and "?sida=2" in body
        response = client.get(queue_url("ledningsgrupp"), {"sida": 2})
        (item,) = response.context["arenden"]
        assert item.k.nyckel.startswith("delrapport:")


# --- The kansli's beslutsförslag -----------------------------------------------------


def forslag_url(dp) -> str:
    return reverse("beslut:beslutsforslag", args=[dp.referens])


def test_kansli_writes_the_beslutsforslag_inline_and_returns_to_the_queue(
    client, org, kansli, project_a
):
    dp = park(project_a, Status.SAMARBETSGRUPP)
    client.force_login(kansli)
    nasta = queue_url("samarbetsgrupp") + f"#arende-delprojekt-{dp.pk}"
    response = client.post(
        forslag_url(dp),
        {
            "beslutsforslag": "Samarbetsgruppen **tillstyrker** slutrapporten.",
            "version": beslutsforslag_version(""),
            "next": nasta,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == nasta
    dp.refresh_from_db()
    assert dp.beslutsforslag == "Samarbetsgruppen **tillstyrker** slutrapporten."
    assert dp.history.latest().history_user == kansli
    assert Handelse.objects.filter(
        delprojekt=dp, typ=Handelse.Typ.ANDRING, text="Förslaget till beslut ändrat"
    ).exists()
    body = client.get(queue_url("samarbetsgrupp")).content.decode()
    assert "<strong>tillstyrker</strong>" in body
    # The form is rendered for the opened item only.
    assert f'action="{forslag_url(dp)}"' not in body
    assert f"?arende=delprojekt%3A{dp.pk}#arende-delprojekt-{dp.pk}" in body
    body = open_item(client, "samarbetsgrupp", dp)
    assert f'action="{forslag_url(dp)}"' in body


def test_beslutsforslag_member_403_outsider_404(client, org, kansli, lg_members, outsider):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    client.force_login(lg_members[0])
    assert client.post(forslag_url(dp), {"beslutsforslag": "Nej."}).status_code == 403
    assert "Ändra förslaget" not in client.get(queue_url("ledningsgrupp")).content.decode()
    client.force_login(outsider)
    assert client.post(forslag_url(dp), {"beslutsforslag": "Nej."}).status_code == 404
    dp.refresh_from_db()
    assert dp.beslutsforslag == ""
    with pytest.raises(NotAllowed):
        beslutsforslag_save(delprojekt=dp, user=lg_members[0], text="Nej.")


def test_beslutsforslag_too_long_is_refused_and_nothing_saved(client, org, kansli, project_a):
    client.force_login(kansli)
    response = client.post(forslag_url(project_a), {"beslutsforslag": "x" * 10001})
    assert response.status_code == 400
    assert "10000" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.beslutsforslag == ""
    with pytest.raises(Invalid):
        beslutsforslag_save(delprojekt=project_a, user=kansli, text="x" * 10001)


def test_beslutsforslag_saved_by_someone_else_meanwhile_is_not_overwritten(
    client, org, kansli, project_a
):
    gammal = beslutsforslag_version("")
    beslutsforslag_save(delprojekt=project_a, user=kansli, text="Första förslaget.")
    with pytest.raises(StaleState):
        beslutsforslag_save(
            delprojekt=project_a, user=kansli, text="Andra förslaget.", version=gammal
        )
    client.force_login(kansli)
    response = client.post(
        forslag_url(project_a), {"beslutsforslag": "Andra förslaget.", "version": gammal}
    )
    assert response.status_code == 400
    assert "Någon annan har ändrat förslaget" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.beslutsforslag == "Första förslaget."
    # The form now carries the current version: sending it again is a conscious overwrite.
    assert response.context["form"].data["version"] == beslutsforslag_version("Första förslaget.")


def test_unchanged_beslutsforslag_records_no_event(org, kansli, project_a):
    assert beslutsforslag_save(delprojekt=project_a, user=kansli, text="Förslag.")
    antal = Handelse.objects.filter(delprojekt=project_a, typ=Handelse.Typ.ANDRING).count()
    assert not beslutsforslag_save(delprojekt=project_a, user=kansli, text="Förslag.\n")
    assert Handelse.objects.filter(delprojekt=project_a, typ=Handelse.Typ.ANDRING).count() == antal


def test_beslutsforslag_ignores_next_to_another_site(client, org, kansli, project_a):
    client.force_login(kansli)
    response = client.post(
        forslag_url(project_a), {"beslutsforslag": "Förslag.", "next": "https://example.com/"}
    )
    assert response["Location"] == project_a.get_absolute_url()


def test_beslutsforslag_get_shows_the_form(client, org, kansli, project_a):
    client.force_login(kansli)
    response = client.get(forslag_url(project_a))
    assert response.status_code == 200
    assert 'name="beslutsforslag"' in response.content.decode()


# --- Positions and unanimity ---------------------------------------------------------


def positions_url(dp) -> str:
    return reverse("delprojekt:positions", args=[dp.referens])


def test_member_records_and_changes_their_own_position_from_the_queue(
    client, org, kansli, lg_members
):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    user = lg_members[1]
    pid = person_of(user).pk
    client.force_login(user)
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert 'name="position_' not in body and "Ta ställning" in body
    body = open_item(client, "ledningsgrupp", dp)
    assert f'name="position_{pid}"' in body
    # The member's form holds only their own row.
    assert f'name="position_{person_of(lg_members[0]).pk}"' not in body

    nasta = queue_url("ledningsgrupp") + f"#arende-delprojekt-{dp.pk}"
    response = client.post(
        positions_url(dp), {f"position_{pid}": "instammer", "next": nasta}
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == nasta
    s = Stallningstagande.objects.get(delprojekt=dp, person_id=pid)
    assert s.position == "instammer"

    response = client.post(
        positions_url(dp),
        {
            f"position_{pid}": "reservation",
            f"motivering_{pid}": "Kostnaden är oklar.",
            "next": nasta,
        },
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.position, s.motivering) == ("reservation", "Kostnaden är oklar.")
    assert s.history.count() == 2
    assert Handelse.objects.filter(
        delprojekt=dp, typ=Handelse.Typ.STALLNINGSTAGANDE, kommentar="Kostnaden är oklar."
    ).exists()
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "Kostnaden är oklar." in body
    assert "Reservation från: Ledamot HAL Lundgren." in body


def test_member_cannot_record_another_members_position(client, org, kansli, lg_members):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    other = person_of(lg_members[2]).pk
    with pytest.raises(NotAllowed):
        positions_record(
            delprojekt=dp, user=lg_members[0], positioner={other: ("instammer", "")}
        )  # fmt: skip
    client.force_login(lg_members[0])
    client.post(positions_url(dp), {f"position_{other}": "instammer"})
    assert not Stallningstagande.objects.filter(delprojekt=dp).exists()


def test_reservation_without_reason_is_refused(client, org, kansli, lg_members):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    pid = person_of(lg_members[0]).pk
    client.force_login(lg_members[0])
    response = client.post(positions_url(dp), {f"position_{pid}": "reservation"})
    assert response.status_code == 400
    assert "Motivera reservationen." in response.content.decode()
    assert not Stallningstagande.objects.filter(delprojekt=dp).exists()


def test_reservation_without_reason_from_the_queue_returns_to_the_item(
    client, org, kansli, lg_members
):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    user = lg_members[0]
    person = person_of(user)
    client.force_login(user)
    nasta = queue_url("ledningsgrupp") + f"#arende-delprojekt-{dp.pk}"
    response = client.post(
        positions_url(dp), {f"position_{person.pk}": "reservation", "next": nasta}
    )
    assert response.status_code == 302
    assert response["Location"] == nasta
    assert any(
        m.startswith(person.namn) and m.endswith(": Motivera reservationen.")
        for m in msgs(response)
    )
    assert not Stallningstagande.objects.filter(delprojekt=dp).exists()
    page = client.get(nasta).content.decode()
    assert "Motivera reservationen." in page


def test_the_positions_address_reopened_leads_to_the_project(
    client, org, kansli, lg_members, reader, outsider
):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    client.force_login(reader)
    response = client.get(positions_url(dp))
    assert response.status_code == 302
    assert response["Location"] == dp.get_absolute_url() + "#stallningstaganden"
    client.force_login(outsider)
    assert client.get(positions_url(dp)).status_code == 404


def test_kansli_gets_the_form_for_every_member(client, org, kansli, lg_members):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    client.force_login(kansli)
    body = open_item(client, "ledningsgrupp", dp)
    for u in lg_members:
        assert f'name="position_{person_of(u).pk}"' in body
    assert "Ditt ställningstagande saknas" not in body


def test_reader_sees_positions_but_no_form(client, org, kansli, lg_members, reader):
    park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    client.force_login(reader)
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "Ledamöternas ställningstaganden" in body
    assert 'name="position_' not in body


def test_besluta_is_refused_with_names_until_the_group_is_unanimous(
    client, org, kansli, lg_members
):
    dp = walk_to(
        register(kansli, titel="Ryggkirurgi"),
        Status.LEDNINGSGRUPP,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    a, b, c, d = (person_of(u) for u in lg_members)
    positions_record(delprojekt=dp, user=lg_members[0], positioner={a.pk: ("instammer", "")})
    positions_record(
        delprojekt=dp, user=lg_members[1], positioner={b.pk: ("reservation", "För dyrt.")}
    )
    client.force_login(kansli)
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "Ledningsgruppen är inte enig om beslutsförslaget." in body
    assert f"Ställningstagande saknas från: {c.namn}, {d.namn}." in body
    assert f"Reservation från: {b.namn}." in body

    with pytest.raises(GuardFailed) as exc:
        run(dp, "besluta", kansli)
    text = " ".join(exc.value.messages)
    assert c.namn in text and d.namn in text and b.namn in text and a.namn not in text
    dp.refresh_from_db()
    assert dp.status == Status.LEDNINGSGRUPP

    positions_record(
        delprojekt=dp,
        user=kansli,
        positioner={p.pk: ("instammer", "") for p in (b, c, d)},
    )
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "Ledningsgruppen är enig." in body
    dp = run(dp, "besluta", kansli)
    assert dp.status == Status.POLITISK_BEREDNING
    assert f"delprojekt:{dp.pk}" not in keys(org.ledningsgrupp)
    assert f"delprojekt:{dp.pk}" in keys(org.politisk_styrgrupp)


def test_position_changed_after_the_decision_is_refused(client, org, kansli, lg_members):
    dp = walk_to(
        register(kansli, titel="Ryggkirurgi"),
        Status.POLITISK_BEREDNING,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    pid = person_of(lg_members[0]).pk
    before = list(
        Stallningstagande.objects.filter(person_id=pid).values_list("position", flat=True)
    )
    with pytest.raises(GuardFailed, match="väntar inte på ett beslut av ledningsgruppen"):
        positions_record(
            delprojekt=dp, user=lg_members[0], positioner={pid: ("reservation", "Ångrar mig.")}
        )
    client.force_login(lg_members[0])
    nasta = queue_url("ledningsgrupp")
    response = client.post(
        positions_url(dp),
        {f"position_{pid}": "reservation", f"motivering_{pid}": "Ångrar mig.", "next": nasta},
    )
    assert response.status_code == 302
    assert response["Location"] == nasta
    assert "Delprojektet väntar inte på ett beslut av ledningsgruppen." in msgs(response)
    after = list(Stallningstagande.objects.filter(person_id=pid).values_list("position", flat=True))
    assert after == before == ["instammer"]


def test_positions_next_to_another_site_is_ignored(client, org, kansli, lg_members):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    pid = person_of(lg_members[0]).pk
    client.force_login(lg_members[0])
    response = client.post(
        positions_url(dp), {f"position_{pid}": "instammer", "next": "https://example.com/x"}
    )
    assert response["Location"] == f"{dp.get_absolute_url()}#stallningstaganden"


def test_beslutsforslag_warns_about_a_personnummer_and_renders_safely(
    client, org, kansli, project_a
):
    park(project_a, Status.STARTBESLUT)
    client.force_login(kansli)
    response = client.post(
        forslag_url(project_a),
        {"beslutsforslag": "Patient 811218-9876 <script>alert(1)</script>"},
    )
    assert response.status_code == 302
    assert any("personnummer" in m for m in msgs(response))
    body = client.get(queue_url("ledningsgrupp")).content.decode()
    assert "<script>alert(1)</script>" not in body


def test_beslutsforslag_refuses_other_methods(client, org, kansli, project_a):
    client.force_login(kansli)
    assert client.put(forslag_url(project_a)).status_code == 405


def test_beslutsforslag_on_a_closed_project_is_403(client, org, kansli, project_a):
    park(project_a, Status.AVBRUTEN)
    client.force_login(kansli)
    assert client.post(forslag_url(project_a), {"beslutsforslag": "X."}).status_code == 403


def test_min_beslutsko_for_someone_without_a_body(client, org, ledamot_b):
    client.force_login(ledamot_b)
    response = client.get(reverse("beslut:mina"))
    assert response.status_code == 200
    assert "Du är inte ledamot i något organ med en beslutskö." in response.content.decode()


def test_min_beslutsko_stays_within_query_budget(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    user = lg_members[0]
    f.OrganmedlemskapFactory(person=person_of(user), organ=org.samarbetsgrupp)
    for i in range(10):
        park(register(kansli, titel=f"L{i}"), Status.LEDNINGSGRUPP)
        park(register(kansli, titel=f"S{i}"), Status.SAMARBETSGRUPP)
    client.force_login(user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beslut:mina"))
    assert sum(len(a) for _o, a, _n in response.context["sektioner"]) == 20


def test_politisk_styrgrupp_prepares_with_the_kanslis_proposal(client, org, kansli, project_a):
    dp = park(project_a, Status.POLITISK_BEREDNING)
    beslutsforslag_save(delprojekt=dp, user=kansli, text="Styrgruppen föreslår nämnden att …")
    (item,) = beslutsko_for(org.politisk_styrgrupp)
    assert item.for_beslut and not item.overgangar
    client.force_login(kansli)
    body = client.get(queue_url("politisk_styrgrupp")).content.decode()
    assert "Styrgruppen föreslår nämnden att …" in body
    assert f'action="{forslag_url(dp)}"' in open_item(client, "politisk_styrgrupp", dp)


def test_a_decision_clears_the_proposal_it_answered(org, kansli, lg_members):
    from delprojekt.models import Delprojekt, Status
    from delprojekt.services.workflow import positions_record
    from tests.conftest import register
    from tests.workflow_helpers import all_agree, run, walk_to

    dp = walk_to(register(kansli), Status.STARTBESLUT, org=org, kansli=kansli,
                 lg_members=lg_members)  # fmt: skip
    Delprojekt.objects.filter(pk=dp.pk).update(
        beslutsforslag="Ledningsgruppen beslutar att starta."
    )
    dp.refresh_from_db()
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    dp = run(dp, "starta", kansli)
    assert dp.status == Status.UPPDRAG
    assert Delprojekt.objects.get(pk=dp.pk).beslutsforslag == ""


@pytest.mark.parametrize(
    ("dagar", "ko", "oversikt", "sida"),
    [
        (0, ">i dag</time>", "sedan i dag", "sedan i dag"),
        (1, "(1 dag)", "(1 dag)", "sedan 1 dag "),
        (3, "(3 dagar)", "(3 dagar)", "sedan 3 dagar "),
    ],
)
def test_waiting_time_reads_as_swedish(client, org, kansli, project_a, dagar, ko, oversikt, sida):
    dp = park(project_a, Status.SAMARBETSGRUPP, dagar=dagar)
    client.force_login(kansli)
    pages = {
        ko: client.get(queue_url("samarbetsgrupp")).content.decode(),
        oversikt: client.get(reverse("beslut:oversikt")).content.decode(),
        sida: client.get(reverse("delprojekt:detail", args=[dp.referens])).content.decode(),
    }
    for text, html in pages.items():
        assert text in html
        assert "0 dagar" not in html and "1 dagar" not in html


def test_a_long_queue_is_listed_cheaply_and_completed_for_the_items_shown(
    org, kansli, lg_members, project_a
):
    dp = park(project_a, Status.LEDNINGSGRUPP, dagar=3)
    beslutsforslag_save(delprojekt=dp, user=kansli, text="Ledningsgruppen föreslås besluta …")
    (listed,) = beslutsko_for(org.ledningsgrupp, komplett=False)
    # Listed: what the list shows, without the proposal, documents or positions.
    assert listed.rubrik == f"{dp.referens} {dp.titel}" and listed.dagar == 3
    assert not listed.komplett and listed.beslutsforslag == "" and listed.dokument == ()
    (item,) = beslutsko.komplettera([listed])
    assert item.komplett and item.beslutsforslag == "Ledningsgruppen föreslås besluta …"
    assert item.dokument[0].url == reverse("delprojekt:dokument", args=[dp.referens, "uppdrag"])
    # The completed project carries its current item and positions: no further query.
    with CaptureQueriesContext(connection) as queries:
        stallning = beslutsko.stallning(item.delprojekt)
    assert stallning is not None and len(stallning.rader) == len(lg_members)
    assert len(queries) == 0
    assert item == beslutsko_for(org.ledningsgrupp)[0]


def test_items_waiting_since_the_same_moment_keep_one_order(org, kansli):
    """Ties are broken by the item's id, so the queue's pages never reshuffle between
    requests (PostgreSQL returns equal rows in whatever order its heap holds them)."""
    from tests.test_sidbudgetar import bulk_projects

    projects = bulk_projects(org, kansli, 12, Status.LEDNINGSGRUPP)
    # Rewriting rows moves them to the end of PostgreSQL's heap: an order that rests on
    # the storage would now put these last.
    for dp in projects[:5]:
        Delprojekt.objects.filter(pk=dp.pk).update(titel=dp.titel + " (ändrad)")
    items = [k for k in beslutsko_for(org.ledningsgrupp) if k.nyckel.startswith("delprojekt:")]
    assert [k.nyckel for k in items] == [f"delprojekt:{dp.pk}" for dp in projects]
    assert len({k.sedan for k in items}) == 1
