"""Forming the working group: nominations, status steps, the appointment decision,
composition checks, the roster with PDF and CSV."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Beslut,
    Handelse,
    Kompetenskrav,
    Organ,
    Status,
)
from delprojekt.services.arbetsgrupp import (
    arbetsgrupp_appoint,
    arbetsgrupp_member_add,
    arbetsgrupp_member_update,
)
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.formation import formation_checks
from tests import factories as f
from tests.conftest import _person_user, person_of, register
from tests.workflow_helpers import latest_paragraph, walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


@pytest.fixture
def dp(org, kansli, lg_members):
    return walk_to(
        register(kansli), Status.ARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )


def member(dp, status="nominerad", **kw):
    kw.setdefault("avstamt_med_chef", False)
    return f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, status=status, **kw)


def post_add(client, dp, person, **extra):
    data = {"person": person.pk, "roll": "ledamot", "status": "nominerad"}
    data.update(extra)
    return client.post(url("arbetsgrupp", dp.referens), data)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def step(client, dp, m, status, avstamt=False):
    data = {f"m{m.pk}-status": status}
    if avstamt:
        data[f"m{m.pk}-avstamt_med_chef"] = "on"
    return client.post(url("arbetsgrupp_member", dp.referens, m.pk), data, follow=True)


def check(dp, key):
    return next(c for c in formation_checks(dp) if c.key == key)


# --- Adding and nominating ---------------------------------------------------------------


def test_kansli_adds_a_nominee_with_source_and_date(client, kansli, dp, org):
    person = f.PersonFactory(
        namn="Nils Nominerad", region=org.regioner[1], profession="Fysioterapeut"
    )
    client.force_login(kansli)
    response = post_add(
        client, dp, person, nominerande="samarbetsgrupp", nominerad_av="Sara Samarbete"
    )
    assert response.status_code == 302
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.nominerande, m.nominerad_av, m.nominerad_datum) == (
        "samarbetsgrupp",
        "Sara Samarbete",
        timezone.localdate(),
    )
    assert (m.status, m.region, m.profession) == ("nominerad", org.regioner[1], "Fysioterapeut")
    assert m.history.first().history_user == kansli
    assert dp.handelser.filter(
        typ=Handelse.Typ.ARBETSGRUPP, text__contains="nominerad genom samarbetsgruppen"
    ).exists()
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "Sara Samarbete" in page and "Samarbetsgruppen" in page


def test_a_future_nomination_date_is_refused(client, kansli, dp):
    person = f.PersonFactory()
    client.force_login(kansli)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_add(client, dp, person, nominerad_datum=tomorrow.isoformat())
    assert response.status_code == 200
    assert "Nomineringsdatum kan inte ligga i framtiden." in response.content.decode()
    assert not Arbetsgruppsmedlemskap.objects.filter(person=person).exists()


def test_adjungerad_needs_an_area(client, kansli, dp):
    person = f.PersonFactory(namn="Ada Adjungerad")
    client.force_login(kansli)
    response = post_add(client, dp, person, roll="adjungerad")
    assert response.status_code == 200
    assert "Ange inom vilket område personen är adjungerad." in response.content.decode()
    assert not Arbetsgruppsmedlemskap.objects.filter(person=person).exists()
    post_add(
        client, dp, person, roll="adjungerad", adjungerad_omrade="ekonomi", adjungerad_for="Möte 3"
    )
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.adjungerad_omrade, m.adjungerad_for) == ("ekonomi", "Möte 3")
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "Adjungerad för Ekonomi: Möte 3" in page


def test_adjungerad_fields_are_dropped_for_other_roles(client, kansli, dp):
    person = f.PersonFactory()
    client.force_login(kansli)
    post_add(client, dp, person, adjungerad_omrade="hr", adjungerad_for="Allt")
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.adjungerad_omrade, m.adjungerad_for) == ("", "")


def test_kompetenser_only_from_the_own_uppdrag(client, kansli, dp, project_b):
    own = Kompetenskrav.objects.create(delprojekt=dp, benamning="Ortopedi")
    other = Kompetenskrav.objects.create(delprojekt=project_b, benamning="Reumatologi")
    person = f.PersonFactory()
    client.force_login(kansli)
    response = post_add(client, dp, person, kompetenser=[other.pk])
    assert response.status_code == 200
    assert "Välj bara kompetenser som uppdraget anger." in response.content.decode()
    assert not Arbetsgruppsmedlemskap.objects.filter(person=person).exists()
    # The service refuses too, whatever the form lets through.
    with pytest.raises(Invalid):
        arbetsgrupp_member_add(
            delprojekt=dp,
            user=kansli,
            person=person,
            data={"roll": "ledamot", "kompetenser": [other]},
        )
    post_add(client, dp, person, kompetenser=[own.pk])
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert list(m.kompetenser.all()) == [own]


def test_kompetenser_are_changed_on_a_member(client, kansli, dp):
    krav = Kompetenskrav.objects.create(delprojekt=dp, benamning="Ortopedi")
    m = member(dp)
    client.force_login(kansli)
    target = url("arbetsgrupp_member", dp.referens, m.pk)
    client.post(target, {"action": "kompetenser", f"k{m.pk}-kompetenser": [krav.pk]})
    assert list(m.kompetenser.all()) == [krav]
    assert dp.handelser.filter(text__contains="täcker: Ortopedi").exists()
    client.post(target, {"action": "kompetenser"})
    assert not m.kompetenser.exists()


def test_chair_first_is_a_warning_not_a_block(client, kansli, dp):
    client.force_login(kansli)
    response = client.post(
        url("arbetsgrupp", dp.referens),
        {"person": f.PersonFactory().pk, "roll": "ledamot", "status": "nominerad"},
        follow=True,
    )
    assert any("ingen ordförande" in m for m in messages_of(response))
    assert Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).count() == 1
    response = client.post(
        url("arbetsgrupp", dp.referens),
        {"person": f.PersonFactory().pk, "roll": "ordforande", "status": "nominerad"},
        follow=True,
    )
    assert not any("ingen ordförande" in m for m in messages_of(response))
    response = client.post(
        url("arbetsgrupp", dp.referens),
        {"person": f.PersonFactory().pk, "roll": "ledamot", "status": "nominerad"},
        follow=True,
    )
    assert not any("ingen ordförande" in m for m in messages_of(response))


def test_the_chair_may_only_nominate(client, ordforande, project_a):
    person = f.PersonFactory(namn="Petra Påföreslagen")
    client.force_login(ordforande)
    page = client.get(url("arbetsgrupp", project_a.referens)).content.decode()
    assert "Nominera till arbetsgruppen" in page
    assert 'name="status"' not in page
    # Even when a status is posted, the nominee starts as "nominerad".
    post_add(client, project_a, person, status="utsedd", avstamt_med_chef="on")
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.status, m.avstamt_med_chef, m.nominerande) == ("nominerad", False, "ordforande")
    assert m.nominerad_av == "Olof Ordförande"
    # The next steps are the kansli's.
    assert step(client, project_a, m, "tillfragad").status_code == 403
    m.refresh_from_db()
    assert m.status == "nominerad"
    with pytest.raises(NotAllowed):
        arbetsgrupp_member_add(
            delprojekt=project_a,
            user=ordforande,
            person=f.PersonFactory(),
            data={"roll": "ledamot", "status": "utsedd", "avstamt_med_chef": True},
        )


def test_the_process_leader_may_nominate(client, project_a, org):
    user, person = _person_user("pl", "Per Processledare", org.regioner[0])
    member(project_a, person=person, roll="processledare", status="utsedd", avstamt_med_chef=True)
    client.force_login(user)
    nominee = f.PersonFactory()
    assert post_add(client, project_a, nominee).status_code == 302
    m = Arbetsgruppsmedlemskap.objects.get(person=nominee)
    assert (m.nominerande, m.nominerad_av) == ("annan", "Per Processledare")


def test_adding_refusals(client, reader, outsider, ledamot_b, dp, project_b):
    person = f.PersonFactory()
    client.force_login(reader)
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "Lägg till i arbetsgruppen" not in page and "Nominera till" not in page
    assert post_add(client, dp, person).status_code == 403
    client.force_login(ledamot_b)  # a plain member may not nominate
    assert post_add(client, project_b, person).status_code == 403
    client.force_login(outsider)
    assert client.get(url("arbetsgrupp", dp.referens)).status_code == 404
    assert post_add(client, dp, person).status_code == 404
    assert not Arbetsgruppsmedlemskap.objects.filter(person=person).exists()


# --- Status steps --------------------------------------------------------------------------


def test_status_moves_only_one_step_at_a_time(client, kansli, dp):
    m = member(dp, person__namn="Stina Steg")
    client.force_login(kansli)
    response = step(client, dp, m, "accepterad")
    assert (
        "Stina Steg är nominerad och kan inte bli accepterad direkt. "
        "Nästa steg är tillfrågad eller avböjd." in messages_of(response)
    )
    m.refresh_from_db()
    assert m.status == "nominerad"
    page = response.content.decode()
    assert f'name="m{m.pk}-status" value="tillfragad"' in page
    assert f'name="m{m.pk}-status" value="accepterad"' not in page
    step(client, dp, m, "tillfragad")
    step(client, dp, m, "accepterad")
    m.refresh_from_db()
    assert m.status == "accepterad"
    response = step(client, dp, m, "utsedd")
    assert "Stäm av med närmaste chef innan personen utses." in messages_of(response)
    m.refresh_from_db()
    assert m.status == "accepterad"
    step(client, dp, m, "utsedd", avstamt=True)
    m.refresh_from_db()
    assert (m.status, m.avstamt_med_chef, m.fran) == ("utsedd", True, timezone.localdate())
    response = step(client, dp, m, "nominerad", avstamt=True)
    assert any("kan inte ändras längre" in t for t in messages_of(response))
    assert m.history.count() == 4  # created + 3 steps; refusals save nothing


def test_a_declined_nominee_is_final_and_shown_as_declined(client, kansli, dp):
    m = member(dp, person__namn="Anna Avböjer", status="tillfragad")
    client.force_login(kansli)
    step(client, dp, m, "avbojd")
    m.refresh_from_db()
    assert m.status == "avbojd"
    with pytest.raises(GuardFailed):
        arbetsgrupp_member_update(member=m, user=kansli, data={"status": "tillfragad"})
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    past = page.split("Tidigare medlemmar och avböjda", 1)[1]
    assert "Anna Avböjer" in past and "Avböjd" in past
    # A person who declined may be nominated again later.
    assert post_add(client, dp, m.person).status_code == 302
    assert Arbetsgruppsmedlemskap.objects.filter(person=m.person).count() == 2


def test_kansli_may_appoint_directly_when_adding_but_only_avstamt(client, kansli, dp):
    person = f.PersonFactory(namn="Kalle Kontakt")
    client.force_login(kansli)
    response = post_add(client, dp, person, roll="kontaktperson", status="utsedd")
    assert response.status_code == 200
    assert "Måste vara avstämt innan personen kan utses." in response.content.decode()
    assert not Arbetsgruppsmedlemskap.objects.filter(person=person).exists()
    post_add(client, dp, person, roll="kontaktperson", status="utsedd", avstamt_med_chef="on")
    m = Arbetsgruppsmedlemskap.objects.get(person=person)
    assert (m.status, m.fran, m.nominerande) == ("utsedd", timezone.localdate(), "kansli")


def test_one_role_per_person_at_a_time_and_past_roles_with_dates(client, kansli, dp):
    m = member(dp, person__namn="Greta Gammal", status="utsedd", avstamt_med_chef=True)
    Arbetsgruppsmedlemskap.objects.filter(pk=m.pk).update(fran=datetime.date(2026, 1, 15))
    client.force_login(kansli)
    response = post_add(client, dp, m.person, roll="skribent")
    assert "Greta Gammal har redan rollen ledamot i delprojektet." in response.content.decode()
    client.post(url("arbetsgrupp_member", dp.referens, m.pk), {"avsluta": "1"})
    assert post_add(client, dp, m.person, roll="skribent").status_code == 302
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    past = page.split("Tidigare medlemmar och avböjda", 1)[1]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert "Greta Gammal" in past and "2026-01-15" in past and yesterday.isoformat() in past


# --- The ledningsgrupp's appointment ----------------------------------------------------


def test_the_ledningsgrupp_appoints_accepted_nominees(client, kansli, dp, org):
    a = member(dp, "accepterad", person__namn="Agnes Accepterad", avstamt_med_chef=True)
    b = member(
        dp, "accepterad", person__namn="Bertil Beredd", roll="ordforande", avstamt_med_chef=True
    )
    pending = member(dp, "tillfragad", person__namn="Tove Tillfrågad")
    client.force_login(kansli)
    page = client.get(url("arbetsgrupp_utse", dp.referens)).content.decode()
    assert "Ledningsgruppen utser Bertil Beredd (ordförande), Agnes Accepterad (ledamot)" in page
    assert "Tove Tillfrågad" not in page
    datum = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        url("arbetsgrupp_utse", dp.referens),
        {
            "medlemmar": [a.pk, b.pk],
            "datum": datum.isoformat(),
            "beslutstext": "Ledningsgruppen utser arbetsgruppen.",
            "slag": "ordforandebeslut",
        },
    )
    assert response.status_code == 302
    beslut = Beslut.objects.get(delprojekt=dp, utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD)
    assert (beslut.organ, beslut.datum, beslut.paragraf, beslut.registrerat_av) == (
        org.ledningsgrupp,
        datum,
        latest_paragraph(org.ledningsgrupp, datum.year),
        kansli,
    )
    for m in (a, b):
        m.refresh_from_db()
        assert (m.status, m.utsedd_beslut, m.fran) == ("utsedd", beslut, datum)
        assert m.history.first().history_user == kansli
    pending.refresh_from_db()
    assert pending.status == "tillfragad"
    event = dp.handelser.get(typ=Handelse.Typ.BESLUT, beslut=beslut)
    assert "Agnes Accepterad" in event.text and "Bertil Beredd" in event.text
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert f"Ledningsgruppens beslut {datum.isoformat()}" in page
    csv_text = client.get(url("arbetsgrupp_csv", dp.referens)).content.decode("utf-8-sig")
    row = next(line for line in csv_text.splitlines() if line.startswith("Agnes Accepterad;"))
    assert row.endswith(f";{datum.isoformat()};{datum.isoformat()}")


PC = "per_capsulam"


def test_the_appointment_refuses_and_saves_nothing(client, kansli, dp):
    a = member(dp, "accepterad", person__namn="Agnes Accepterad", avstamt_med_chef=True)
    c = member(dp, "accepterad", person__namn="Carl Ochecked")
    n = member(dp, "nominerad", person__namn="Nina Nominerad", avstamt_med_chef=True)
    client.force_login(kansli)
    target = url("arbetsgrupp_utse", dp.referens)
    today = timezone.localdate().isoformat()
    response = client.post(
        target,
        {"medlemmar": [a.pk, c.pk], "datum": today, "beslutstext": "Beslut.", "slag": PC},
    )
    assert response.status_code == 200
    assert "Inte avstämt: Carl Ochecked." in response.content.decode()
    # Only accepted nominees are offered (and accepted by the service).
    response = client.post(
        target, {"medlemmar": [n.pk], "datum": today, "beslutstext": "B.", "slag": PC}
    )
    assert "Välj bland de personer som har accepterat." in response.content.decode()
    with pytest.raises(GuardFailed, match="Bara personer som har accepterat"):
        arbetsgrupp_appoint(
            delprojekt=dp,
            user=kansli,
            member_ids=[n.pk],
            datum=timezone.localdate(),
            beslutstext="B.",
        )
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        target, {"medlemmar": [a.pk], "datum": future, "beslutstext": "B.", "slag": PC}
    )
    assert "Beslutsdatum kan inte ligga i framtiden." in response.content.decode()
    response = client.post(
        target, {"medlemmar": [a.pk], "datum": today, "beslutstext": " ", "slag": PC}
    )
    assert "Skriv beslutets text." in response.content.decode()
    assert not Beslut.objects.filter(
        delprojekt=dp, utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD
    ).exists()
    assert set(
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).values_list("status", flat=True)
    ) == {"accepterad", "nominerad"}
    assert not dp.handelser.filter(typ=Handelse.Typ.BESLUT, text__contains="utsåg").exists()


def test_the_appointment_needs_a_ledningsgrupp(kansli, dp):
    a = member(dp, "accepterad", avstamt_med_chef=True)
    Organ.objects.filter(typ=Organ.Typ.LEDNINGSGRUPP).update(aktiv=False)
    with pytest.raises(GuardFailed, match="inget organ"):
        arbetsgrupp_appoint(
            delprojekt=dp,
            user=kansli,
            member_ids=[a.pk],
            datum=timezone.localdate(),
            beslutstext="B.",
        )
    a.refresh_from_db()
    assert a.status == "accepterad"


def test_appointment_refusals(client, reader, outsider, ordforande, project_a):
    target = url("arbetsgrupp_utse", project_a.referens)
    for user, code in ((reader, 403), (ordforande, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(target).status_code == code
        assert client.post(target, {"beslutstext": "x"}).status_code == code
    assert not Beslut.objects.filter(utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD).exists()


def test_hand_over_records_the_date(org, kansli, lg_members, dp):
    dp = walk_to(dp, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    dp.refresh_from_db()
    assert dp.overlamnat_datum == timezone.localdate()


# --- Checks -----------------------------------------------------------------------------


def test_region_check(client, kansli, dp, org):
    dp.regioner.set(org.regioner[:2])
    member(dp, region=org.regioner[0])
    c = check(dp, "regioner")
    assert not c.ok and c.saknas == [org.regioner[1].namn]
    client.force_login(kansli)
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert (
        "Varning" in page and f"Ingen i arbetsgruppen kommer från: {org.regioner[1].namn}" in page
    )
    # A declined nominee does not count.
    member(dp, "avbojd", region=org.regioner[1])
    assert not check(dp, "regioner").ok
    member(dp, "tillfragad", region=org.regioner[1])
    assert check(dp, "regioner").ok
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "Alla 2 berörda regioner är representerade." in page


def test_competence_check(dp):
    krav = Kompetenskrav.objects.create(delprojekt=dp, benamning="Ortopedi", krav="ska")
    Kompetenskrav.objects.create(delprojekt=dp, benamning="Hälsoekonomi", krav="bor")
    m = member(dp)
    c = check(dp, "kompetenser")
    assert not c.ok
    assert c.saknas == ["Ortopedi (ska finnas)", "Hälsoekonomi (bör finnas)"]
    m.kompetenser.add(krav)
    assert check(dp, "kompetenser").saknas == ["Hälsoekonomi (bör finnas)"]
    member(dp).kompetenser.add(Kompetenskrav.objects.get(benamning="Hälsoekonomi"))
    assert check(dp, "kompetenser").ok


def test_profession_check(client, kansli, dp):
    member(dp, profession="Läkare")
    member(dp, profession="läkare ")
    member(dp, roll="kontaktperson", profession="Handläggare")  # the kansli's does not count
    c = check(dp, "professioner")
    assert not c.ok and "samma profession" in c.text
    member(dp, profession="Sjuksköterska")
    c = check(dp, "professioner")
    assert c.ok and "Läkare, Sjuksköterska" in c.text
    client.force_login(kansli)
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "Uppfyllt" in page and "2 professioner" in page


def test_patient_representative_check(client, kansli, dp):
    assert not check(dp, "patient").ok
    client.force_login(kansli)
    page = client.get(url("arbetsgrupp", dp.referens)).content.decode()
    assert "inget skäl är angivet" in page
    target = url("arbetsgrupp_patientrepresentant", dp.referens)
    response = client.post(
        target, {"utan_patientrepresentant": "Patientföreningen tillfrågas i remissen."}
    )
    assert response.status_code == 302 and response.url.endswith("#kontroller")
    dp.refresh_from_db()
    assert dp.utan_patientrepresentant == "Patientföreningen tillfrågas i remissen."
    assert dp.history.first().history_user == kansli
    assert dp.handelser.filter(text__contains="Patientföreningen tillfrågas").exists()
    assert check(dp, "patient").ok
    client.post(target, {"utan_patientrepresentant": ""})
    dp.refresh_from_db()
    assert not check(dp, "patient").ok
    member(dp, roll="patientrepresentant")
    assert check(dp, "patient").ok


def test_patient_reason_warns_about_personnummer_and_refuses_readers(
    client, kansli, reader, outsider, dp
):
    target = url("arbetsgrupp_patientrepresentant", dp.referens)
    client.force_login(kansli)
    response = client.post(target, {"utan_patientrepresentant": "Se 811218-9876."}, follow=True)
    assert any("personnummer" in m for m in messages_of(response))
    client.force_login(reader)
    assert client.post(target, {"utan_patientrepresentant": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.post(target, {"utan_patientrepresentant": "x"}).status_code == 404
    dp.refresh_from_db()
    assert dp.utan_patientrepresentant == "Se 811218-9876."


def test_group_page_query_budget(client, kansli, dp, org, django_assert_max_num_queries):
    dp.regioner.set(org.regioner)
    krav = [Kompetenskrav.objects.create(delprojekt=dp, benamning=f"K{i}") for i in range(3)]
    statuses = ["nominerad", "tillfragad", "accepterad", "utsedd", "avbojd"]
    for i in range(30):
        m = member(
            dp,
            statuses[i % 5],
            region=org.regioner[i % 4],
            profession=f"P{i % 3}",
            avstamt_med_chef=True,
        )
        m.kompetenser.add(krav[i % 3])
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("arbetsgrupp", dp.referens))
    assert response.status_code == 200
    assert response.content.decode().count('class="ag-check ') == 5


# --- Roster, PDF, CSV -------------------------------------------------------------------


@pytest.fixture
def roster(dp, org):
    member(
        dp,
        "utsedd",
        roll="ordforande",
        avstamt_med_chef=True,
        person__namn="Rut Ordförande",
        person__organisation="Region Skåne, Ortopedkliniken",
        region=org.regioner[3],
        profession="Läkare",
    )
    member(
        dp,
        "utsedd",
        avstamt_med_chef=True,
        person__namn='=HYPERLINK("http://x")',
        person__epost="farlig@example.test",
        profession="-Sjuksköterska",
    )
    member(dp, "tillfragad", person__namn="Ingrid Inteutsedd")
    return dp


def test_roster_page(client, reader, outsider, roster, django_assert_max_num_queries):
    client.force_login(reader)
    with django_assert_max_num_queries(15):
        response = client.get(url("arbetsgrupp_lista", roster.referens))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rut Ordförande" in page and "Region Skåne, Ortopedkliniken" in page
    assert "farlig@example.test" in page and "Läkare" in page
    assert "Ingrid Inteutsedd" not in page
    assert page.index("Rut Ordförande") < page.index("HYPERLINK")  # chair first
    assert url("arbetsgrupp_csv", roster.referens) not in page  # reader may not export
    client.force_login(outsider)
    assert client.get(url("arbetsgrupp_lista", roster.referens)).status_code == 404


def test_roster_has_a_print_stylesheet():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "static/css/sfbv.css").read_text()
    block = css.split("@media print")[-1]
    assert ".site-header" in block and "display: none" in block


def test_roster_pdf(client, reader, outsider, roster):
    client.force_login(reader)
    response = client.get(url("arbetsgrupp_lista_pdf", roster.referens))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader_pdf = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader_pdf.pages)
    assert "Rut Ordförande" in text and "Deltagarlista" in text
    assert "Ingrid Inteutsedd" not in text
    assert "Sida 1 av" in text
    client.force_login(outsider)
    assert client.get(url("arbetsgrupp_lista_pdf", roster.referens)).status_code == 404


def test_roster_csv(client, kansli, reader, outsider, roster):
    client.force_login(kansli)
    response = client.get(url("arbetsgrupp_csv", roster.referens))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Namn;Roll;Region;Profession;Organisation;E-post;Utsedd från;Ledningsgruppens beslut"
    )
    assert any(line.startswith("Rut Ordförande;Ordförande;Region Skåne;Läkare;") for line in lines)
    dangerous = next(line for line in lines if "HYPERLINK" in line)
    assert dangerous.startswith("\"'=HYPERLINK(") and ";'-Sjuksköterska;" in dangerous
    assert not any("Ingrid Inteutsedd" in line for line in lines)
    client.force_login(reader)
    assert client.get(url("arbetsgrupp_csv", roster.referens)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("arbetsgrupp_csv", roster.referens)).status_code == 404


def test_the_contact_person_may_export(client, kansli, roster, org):
    user, person = _person_user("kp", "Klara Kontaktperson")
    roster.kontaktperson = person
    roster.save(update_fields=["kontaktperson"])
    client.force_login(user)
    assert client.get(url("arbetsgrupp_csv", roster.referens)).status_code == 200
    assert person_of(user) == person


def test_member_step_refusals(client, kansli, reader, outsider, ordforande, project_a, project_b):
    m = member(project_a, person__namn="Rolf Refuserad")
    target = url("arbetsgrupp_member", project_a.referens, m.pk)
    client.force_login(ordforande)
    page = client.get(url("arbetsgrupp", project_a.referens)).content.decode()
    assert f'name="m{m.pk}-status"' not in page and target not in page
    for user, code in ((reader, 403), (ordforande, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(target, {f"m{m.pk}-status": "tillfragad"}).status_code == code
        assert client.post(target, {"action": "kompetenser"}).status_code == code
        assert client.post(target, {"avsluta": "1"}).status_code == code
    client.force_login(kansli)
    response = client.post(target, {f"m{m.pk}-status": "hittepa"}, follow=True)
    assert "Välj en giltig status." in messages_of(response)
    foreign = member(project_b)
    foreign_target = url("arbetsgrupp_member", project_a.referens, foreign.pk)
    assert client.post(foreign_target, {"avsluta": "1"}).status_code == 404
    m.refresh_from_db()
    assert (m.status, m.till) == ("nominerad", None)
    assert not project_a.handelser.filter(text__contains="Rolf Refuserad").exists()
