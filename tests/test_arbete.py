"""The working pages: chapters, group, åtgärdsförslag, plan, regional decisions, follow-up."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Handelse,
    Huvudmannabeslut,
    Kapitel,
    Status,
    Uppfoljningsplan,
)
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


@pytest.fixture
def in_uppdrag(org, kansli, lg_members):
    return walk_to(register(kansli), Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)


def kapitel(dp, typ, nyckel):
    return Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ=typ, nyckel=nyckel)


# --- Chapters ---------------------------------------------------------------------------


def test_kansli_writes_an_uppdrag_chapter(client, kansli, in_uppdrag):
    client.force_login(kansli)
    response = client.post(
        url("kapitel", in_uppdrag.referens, "uppdrag", "bakgrund"),
        {"version": 0, "text": "Väntetiderna skiljer sig."},
    )
    assert response.status_code == 302
    k = kapitel(in_uppdrag, "uppdrag", "bakgrund")
    assert (k.text, k.version, k.andrad_av) == ("Väntetiderna skiljer sig.", 1, kansli)
    assert in_uppdrag.handelser.filter(text="Uppdrag: Bakgrund ändrades").exists()
    page = client.get(url("dokument", in_uppdrag.referens, "uppdrag")).content.decode()
    assert "Väntetiderna skiljer sig." in page


def test_a_stale_chapter_save_shows_both_texts_and_saves_nothing(client, kansli, in_uppdrag):
    client.force_login(kansli)
    target = url("kapitel", in_uppdrag.referens, "uppdrag", "bakgrund")
    client.post(target, {"version": 0, "text": "Första texten."})
    response = client.post(target, {"version": 0, "text": "Min egen text."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat kapitlet" in body
    assert "Första texten." in body and "Min egen text." in body
    assert kapitel(in_uppdrag, "uppdrag", "bakgrund").text == "Första texten."
    # Saving again with the version shown now works.
    client.post(target, {"version": 1, "text": "Sammanfogad text."})
    assert kapitel(in_uppdrag, "uppdrag", "bakgrund").text == "Sammanfogad text."


def test_same_text_is_a_no_op(client, kansli, in_uppdrag):
    client.force_login(kansli)
    target = url("kapitel", in_uppdrag.referens, "uppdrag", "tidplan")
    client.post(target, {"version": 0, "text": "Hösten 2026."})
    client.post(target, {"version": 1, "text": "Hösten 2026."})
    assert kapitel(in_uppdrag, "uppdrag", "tidplan").version == 1
    assert in_uppdrag.handelser.filter(typ=Handelse.Typ.DOKUMENT).count() == 1


def test_personnummer_in_a_chapter_gives_a_warning(client, kansli, in_uppdrag):
    client.force_login(kansli)
    response = client.post(
        url("kapitel", in_uppdrag.referens, "uppdrag", "bakgrund"),
        {"version": 0, "text": "Patient 811218-9876 väntade länge."},
        follow=True,
    )
    assert "liknar ett personnummer" in response.content.decode()


def test_the_uppdrag_is_frozen_after_hand_over(client, kansli, org, lg_members, in_uppdrag):
    dp = walk_to(in_uppdrag, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    client.force_login(kansli)
    response = client.post(
        url("kapitel", dp.referens, "uppdrag", "bakgrund"), {"version": 1, "text": "Ändrat."}
    )
    assert response.status_code == 302
    assert kapitel(dp, "uppdrag", "bakgrund").text == "Text."
    page = client.get(url("dokument", dp.referens, "uppdrag")).content.decode()
    assert "låst" in page
    assert f'href="{url("kapitel", dp.referens, "uppdrag", "bakgrund")}"' not in page


def test_chapter_refusals(client, reader, outsider, in_uppdrag):
    target = url("kapitel", in_uppdrag.referens, "uppdrag", "bakgrund")
    client.force_login(reader)
    assert client.get(url("dokument", in_uppdrag.referens, "uppdrag")).status_code == 200
    assert client.post(target, {"version": 0, "text": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url("dokument", in_uppdrag.referens, "uppdrag")).status_code == 404
    assert client.post(target, {"version": 0, "text": "x"}).status_code == 404
    assert client.get(url("dokument", in_uppdrag.referens, "hittepa")).status_code == 404
    assert kapitel(in_uppdrag, "uppdrag", "bakgrund").text == ""


def test_the_chair_writes_the_report_but_not_the_uppdrag(
    client, kansli, org, lg_members, ordforande, project_a
):
    dp = walk_to(project_a, Status.ANALYS, org=org, kansli=kansli, lg_members=lg_members)
    client.force_login(ordforande)
    client.post(url("kapitel", dp.referens, "slutrapport", "analys"), {"version": 0, "text": "A."})
    assert kapitel(dp, "slutrapport", "analys").text == "A."
    response = client.post(
        url("kapitel", dp.referens, "uppdrag", "bakgrund"), {"version": 1, "text": "B."}
    )
    assert response.status_code == 403


# --- Arbetsgrupp ------------------------------------------------------------------------


def member_data(person, **extra):
    data = {"person": person.pk, "roll": "ledamot", "status": "nominerad", "nominerad_av": "LG"}
    data.update(extra)
    return data


def test_kansli_adds_and_appoints_a_member(client, kansli, in_uppdrag, org):
    person = f.PersonFactory(namn="Nora Nominerad", region=org.regioner[2], profession="Läkare")
    client.force_login(kansli)
    response = client.post(url("arbetsgrupp", in_uppdrag.referens), member_data(person))
    assert response.status_code == 302
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.status, m.region, m.profession) == ("nominerad", org.regioner[2], "Läkare")
    # The nominee moves one step at a time: nominerad → tillfrågad → accepterad → utsedd.
    target = url("arbetsgrupp_member", in_uppdrag.referens, m.pk)
    client.post(target, {f"m{m.pk}-status": "tillfragad"})
    client.post(target, {f"m{m.pk}-status": "accepterad"})
    # "utsedd" needs the manager consulted first.
    response = client.post(target, {f"m{m.pk}-status": "utsedd"}, follow=True)
    assert "Stäm av med närmaste chef innan personen utses." in [
        str(msg) for msg in response.context["messages"]
    ]
    m.refresh_from_db()
    assert m.status == "accepterad"
    client.post(target, {f"m{m.pk}-status": "utsedd", f"m{m.pk}-avstamt_med_chef": "on"})
    m.refresh_from_db()
    assert (m.status, m.avstamt_med_chef, m.fran) == ("utsedd", True, timezone.localdate())
    assert in_uppdrag.handelser.filter(typ=Handelse.Typ.ARBETSGRUPP).count() == 4


def test_one_role_per_person_and_project(client, kansli, in_uppdrag):
    person = f.PersonFactory()
    client.force_login(kansli)
    client.post(url("arbetsgrupp", in_uppdrag.referens), member_data(person))
    response = client.post(
        url("arbetsgrupp", in_uppdrag.referens),
        member_data(person, roll="adjungerad", adjungerad_omrade="hr"),
    )
    assert "har redan rollen ledamot" in response.content.decode()
    assert Arbetsgruppsmedlemskap.objects.filter(person=person).count() == 1


def test_ending_a_membership_keeps_it_as_past(client, kansli, in_uppdrag):
    m = f.ArbetsgruppsmedlemskapFactory(delprojekt=in_uppdrag, person__namn="Gustav Gammal")
    client.force_login(kansli)
    client.post(url("arbetsgrupp_member", in_uppdrag.referens, m.pk), {"avsluta": "1"})
    m.refresh_from_db()
    assert m.till < timezone.localdate()
    page = client.get(url("arbetsgrupp", in_uppdrag.referens)).content.decode()
    assert "Tidigare medlemmar" in page and "Gustav Gammal" in page
    # ... and the person may take a new role at once.
    client.post(
        url("arbetsgrupp", in_uppdrag.referens),
        member_data(m.person, roll="adjungerad", adjungerad_omrade="hr"),
    )
    assert Arbetsgruppsmedlemskap.objects.filter(person=m.person).count() == 2


def test_group_page_refusals(client, reader, outsider, in_uppdrag):
    person = f.PersonFactory()
    client.force_login(reader)
    page = client.get(url("arbetsgrupp", in_uppdrag.referens))
    assert page.status_code == 200 and "Lägg till i arbetsgruppen" not in page.content.decode()
    refused = client.post(url("arbetsgrupp", in_uppdrag.referens), member_data(person))
    assert refused.status_code == 403
    assert client.get(url("arbetsgrupp_member", in_uppdrag.referens, 1)).status_code == 405
    client.force_login(outsider)
    assert client.get(url("arbetsgrupp", in_uppdrag.referens)).status_code == 404
    assert not Arbetsgruppsmedlemskap.objects.exists()


def test_group_page_query_budget(client, kansli, in_uppdrag, django_assert_max_num_queries):
    for _ in range(40):
        f.ArbetsgruppsmedlemskapFactory(delprojekt=in_uppdrag)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(url("arbetsgrupp", in_uppdrag.referens)).status_code == 200


# --- Åtgärdsförslag and plan ------------------------------------------------------------


@pytest.fixture
def in_forslag(org, kansli, lg_members):
    return walk_to(
        register(kansli), Status.ATGARDSFORSLAG, org=org, kansli=kansli, lg_members=lg_members
    )


def test_proposals_are_numbered_edited_and_removed(client, kansli, in_forslag, org):
    client.force_login(kansli)
    for titel in ("Första", "Andra", "Tredje"):
        client.post(
            url("atgardsforslag", in_forslag.referens),
            {"titel": titel, "genomforbarhet": "Ja.", "regioner": [org.regioner[0].pk]},
        )
    assert list(in_forslag.atgardsforslag.values_list("ordning", "titel")) == [
        (1, "Första"), (2, "Andra"), (3, "Tredje")
    ]  # fmt: skip
    second = in_forslag.atgardsforslag.get(ordning=2)
    client.post(
        url("atgardsforslag_edit", in_forslag.referens, second.pk),
        {"titel": "Andra, omskrivet", "kostnad": "1 mnkr"},
    )
    second.refresh_from_db()
    assert (second.titel, second.kostnad) == ("Andra, omskrivet", "1 mnkr")
    client.post(url("atgardsforslag_remove", in_forslag.referens, second.pk))
    assert list(in_forslag.atgardsforslag.values_list("ordning", "titel")) == [
        (1, "Första"), (2, "Tredje")
    ]  # fmt: skip


def test_an_empty_proposal_is_refused(client, kansli, in_forslag):
    client.force_login(kansli)
    response = client.post(url("atgardsforslag", in_forslag.referens), {"titel": ""})
    assert "Skriv förslaget." in response.content.decode()
    assert not Atgardsforslag.objects.exists()


def test_more_than_five_proposals_shows_the_advice(client, kansli, in_forslag):
    for i in range(6):
        f.AtgardsforslagFactory(delprojekt=in_forslag, ordning=i + 1)
    client.force_login(kansli)
    assert "högst 5" in client.get(url("atgardsforslag", in_forslag.referens)).content.decode()


def test_proposals_refused_for_readers_and_in_other_states(client, reader, kansli, project_a):
    client.force_login(reader)
    assert client.post(url("atgardsforslag", project_a.referens), {"titel": "X"}).status_code == 403
    client.force_login(kansli)
    client.post(url("atgardsforslag", project_a.referens), {"titel": "X"})
    assert not Atgardsforslag.objects.exists()


def test_follow_up_plan_is_saved(client, kansli, in_forslag):
    client.force_login(kansli)
    client.post(
        url("uppfoljningsplan", in_forslag.referens),
        {"hur": "Enkät", "nar": "Efter 12 månader", "vem": "Ordföranden", "parametrar": "Väntetid"},
    )
    plan = Uppfoljningsplan.objects.get(delprojekt=in_forslag)
    # The parameters are records of their own; the free text is no longer written.
    assert plan.saknas() == ["minst en uppföljningsparameter"]
    assert plan.parametrar == ""


# --- Regional decisions -----------------------------------------------------------------


def pdf_upload(name="utdrag.pdf"):
    return SimpleUploadedFile(name, HTML(string="<p>Utdrag</p>").write_pdf(), "application/pdf")


def regional_data(region, upload):
    p = f"r{region.pk}"
    return {
        "region": region.pk,
        f"{p}-niva": "politisk",
        f"{p}-organ_namn": "Regionstyrelsen",
        f"{p}-datum": "2026-10-01",
        f"{p}-diarienummer": "RS 2026/12",
        f"{p}-protokollsutdrag": upload,
    }


@pytest.fixture
def in_huvudmannabeslut(org, kansli, lg_members):
    return walk_to(
        register(kansli), Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members
    )


def test_kansli_registers_a_regions_decision_with_its_extract(
    client, kansli, in_huvudmannabeslut, org
):
    client.force_login(kansli)
    region = org.regioner[0]
    response = client.post(
        url("huvudmannabeslut", in_huvudmannabeslut.referens), regional_data(region, pdf_upload())
    )
    assert response.status_code == 302
    beslut = Huvudmannabeslut.objects.get(delprojekt=in_huvudmannabeslut, region=region)
    assert beslut.diarienummer == "RS 2026/12"
    download = client.get(url("huvudmannabeslut_utdrag", in_huvudmannabeslut.referens, beslut.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_text_file_named_pdf_is_refused(client, kansli, in_huvudmannabeslut, org):
    client.force_login(kansli)
    fake = SimpleUploadedFile("utdrag.pdf", "Det här är ingen PDF.".encode(), "application/pdf")
    response = client.post(
        url("huvudmannabeslut", in_huvudmannabeslut.referens),
        regional_data(org.regioner[0], fake),
    )
    assert response.status_code == 400
    assert "Filen är inte en PDF" in response.content.decode()
    assert not Huvudmannabeslut.objects.exists()


def test_a_broken_pdf_is_refused(client, kansli, in_huvudmannabeslut, org):
    client.force_login(kansli)
    broken = SimpleUploadedFile("utdrag.pdf", b"%PDF-1.4\nskrap", "application/pdf")
    response = client.post(
        url("huvudmannabeslut", in_huvudmannabeslut.referens),
        regional_data(org.regioner[0], broken),
    )
    assert "går inte att läsa" in response.content.decode()
    assert not Huvudmannabeslut.objects.exists()


def test_a_coordinator_registers_only_for_their_own_region(client, in_huvudmannabeslut, org):
    from django.contrib.auth.models import Group

    user = f.UserFactory(username="samordnare")
    f.PersonFactory(user=user, region=org.regioner[1])
    user.groups.add(Group.objects.get_or_create(name="Regional samordnare")[0])
    client.force_login(user)
    page = client.get(url("huvudmannabeslut", in_huvudmannabeslut.referens)).content.decode()
    assert page.count("Registrera beslutet") == 1
    own = client.post(
        url("huvudmannabeslut", in_huvudmannabeslut.referens),
        regional_data(org.regioner[1], pdf_upload()),
    )
    assert own.status_code == 302
    other = client.post(
        url("huvudmannabeslut", in_huvudmannabeslut.referens),
        regional_data(org.regioner[0], pdf_upload()),
    )
    assert other.status_code == 403
    assert list(Huvudmannabeslut.objects.values_list("region", flat=True)) == [org.regioner[1].pk]


def test_the_extract_is_not_served_to_outsiders(client, kansli, outsider, in_huvudmannabeslut):
    from tests.workflow_helpers import register_regional_decisions

    register_regional_decisions(in_huvudmannabeslut)
    beslut = Huvudmannabeslut.objects.first()
    client.force_login(outsider)
    target = url("huvudmannabeslut_utdrag", in_huvudmannabeslut.referens, beslut.pk)
    assert client.get(target).status_code == 404
    # The extract is only read: a POST is not a way to fetch it.
    client.force_login(kansli)
    response = client.get(target)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.post(target).status_code == 405


def test_future_decision_date_is_refused(client, kansli, in_huvudmannabeslut, org):
    client.force_login(kansli)
    data = regional_data(org.regioner[0], pdf_upload())
    data[f"r{org.regioner[0].pk}-datum"] = str(timezone.localdate() + datetime.timedelta(days=3))
    response = client.post(url("huvudmannabeslut", in_huvudmannabeslut.referens), data)
    assert "kan inte ligga i framtiden" in response.content.decode()
    assert not Huvudmannabeslut.objects.exists()
