"""The portfolio, a project's page, registration, editing and transitions through HTTP."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Samverkan,
    Stallningstagande,
    Status,
)
from tests.conftest import person_of, register
from tests.workflow_helpers import fill_beredning, latest_paragraph, walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


def test_anonymous_is_sent_to_login(client, project_a):
    response = client.get(url("detail", project_a.referens))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_swedish_and_wrong_password_says_so(client, kansli):
    response = client.post(reverse("login"), {"username": "kansli", "password": "fel"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, kansli):
    for _ in range(5):
        client.post(reverse("login"), {"username": "kansli", "password": "fel"})
    response = client.post(
        reverse("login"), {"username": "kansli", "password": "test-lösenord-123"}
    )
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_header_shows_who_is_logged_in_and_roles(client, kansli):
    client.force_login(kansli)
    body = client.get(url("portfolio")).content.decode()
    assert "Kerstin Kanslisson" in body
    assert "Kansli" in body


def test_kansli_registers_a_proposal_on_behalf_of_someone(client, kansli, org):
    client.force_login(kansli)
    proposer = person_of(kansli).__class__.objects.create(namn="Petra Förslagsdotter")
    response = client.post(
        url("register"),
        {
            "titel": "Nyckelbenskirurgi",
            "ursprung": "medarbetare",
            "forslagsstallare": proposer.pk,
            "syfte": "Jämlik vård.",
            "regioner": [r.pk for r in org.regioner[:3]],
            "fokusomraden": [org.fokus[0].pk],
        },
    )
    dp = Delprojekt.objects.get(titel="Nyckelbenskirurgi")
    assert response.status_code == 302
    assert response["Location"] == dp.get_absolute_url()
    assert dp.forslagsstallare == proposer
    assert dp.regioner.count() == 3
    assert dp.handelser.filter(typ=Handelse.Typ.REGISTRERING).exists()


def test_registration_after_a_changed_prefix_starts_the_new_series(client, kansli, project_a):
    samverkan = Samverkan.current()
    samverkan.referens_prefix = "SRM"
    samverkan.save(update_fields=["referens_prefix"])
    client.force_login(kansli)
    response = client.post(url("register"), {"titel": "Handkirurgi", "ursprung": "medarbetare"})
    dp = Delprojekt.objects.get(titel="Handkirurgi")
    assert response.status_code == 302
    assert response["Location"] == dp.get_absolute_url()
    assert dp.referens == f"SRM-{project_a.ar}-001"
    assert project_a.referens.startswith("SFBV-")
    assert Delprojekt.objects.count() == 2


def test_registration_with_bad_input_shows_messages_and_saves_nothing(client, outsider):
    client.force_login(outsider)
    response = client.post(url("register"), {"titel": "", "ursprung": "påhittat"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ge förslaget en titel." in body
    assert "Välj ett giltigt alternativ" in body
    assert not Delprojekt.objects.exists()


def test_anyone_logged_in_can_propose_in_their_own_name(client, outsider):
    client.force_login(outsider)
    form = client.get(url("register")).content.decode()
    assert 'name="forslagsstallare"' not in form
    client.post(url("register"), {"titel": "Hörselimplantat", "ursprung": "medarbetare"})
    dp = Delprojekt.objects.get()
    assert dp.forslagsstallare == person_of(outsider)
    # ... and can see their own proposal, but not change it.
    assert client.get(dp.get_absolute_url()).status_code == 200
    assert client.get(url("edit", dp.referens)).status_code == 403


def test_outsider_gets_404_for_projects_of_others(client, outsider, project_a):
    client.force_login(outsider)
    assert client.get(url("detail", project_a.referens)).status_code == 404
    assert client.get(url("edit", project_a.referens)).status_code == 404
    assert client.post(url("transition", project_a.referens, "bered"), {}).status_code == 404
    assert project_a.referens not in client.get(url("portfolio")).content.decode()


def test_reader_sees_but_gets_403_and_no_buttons(client, reader, project_a):
    client.force_login(reader)
    body = client.get(url("detail", project_a.referens)).content.decode()
    assert url("transition", project_a.referens, "bered") not in body
    assert url("edit", project_a.referens) not in body
    assert client.get(url("transition", project_a.referens, "bered")).status_code == 403
    response = client.post(url("transition", project_a.referens, "bered"), {"status": "forslag"})
    assert response.status_code == 403
    project_a.refresh_from_db()
    assert project_a.status == Status.FORSLAG


def test_edit_facts_records_the_change(client, kansli, project_a, org):
    client.force_login(kansli)
    response = client.post(
        url("edit", project_a.referens),
        {
            "version": project_a.version,
            "titel": "Ryggkirurgi i Södra sjukvårdsregionen",
            "ursprung": "ledningsgrupp",
            "regioner": [r.pk for r in org.regioner],
        },
    )
    assert response.status_code == 302
    project_a.refresh_from_db()
    assert project_a.titel == "Ryggkirurgi i Södra sjukvårdsregionen"
    assert project_a.regioner.count() == 4
    event = project_a.handelser.get(typ=Handelse.Typ.ANDRING)
    assert "titel" in event.text and "berörda regioner" in event.text


def test_edit_with_a_stale_version_keeps_the_users_text_and_saves_nothing(
    client, kansli, project_a
):
    client.force_login(kansli)
    old_version = project_a.version
    client.post(
        url("edit", project_a.referens),
        {"version": old_version, "titel": "Första ändringen", "ursprung": "ledningsgrupp"},
    )
    response = client.post(
        url("edit", project_a.referens),
        {"version": old_version, "titel": "Andra ändringen", "ursprung": "ledningsgrupp"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in body
    assert 'value="Andra ändringen"' in body
    project_a.refresh_from_db()
    assert project_a.titel == "Första ändringen"


def test_transition_form_shows_what_is_missing(client, kansli, project_a):
    client.force_login(kansli)
    walk_to(project_a, Status.BEREDNING, org=None, kansli=kansli, lg_members=[])
    body = client.get(url("detail", project_a.referens)).content.decode()
    assert "Minst 3 regioner måste beröras – 0 är valda." in body
    response = client.post(
        url("transition", project_a.referens, "lagg_fram"), {"status": "beredning"}
    )
    assert "Minst 3 regioner måste beröras" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.status == Status.BEREDNING


def test_start_decision_with_positions_through_the_form(client, kansli, lg_members, org, project_a):
    client.force_login(kansli)
    walk_to(project_a, Status.BEREDNING, org=org, kansli=kansli, lg_members=lg_members)
    fill_beredning(project_a, org)
    client.post(url("transition", project_a.referens, "lagg_fram"), {"status": "beredning"})
    project_a.refresh_from_db()
    assert project_a.status == Status.STARTBESLUT
    form = client.get(url("transition", project_a.referens, "starta")).content.decode()
    assert "Beslutstext" in form
    data = {
        "status": "startbeslut",
        "datum": "2026-11-20",
        "beslutstext": "Ledningsgruppen beslutar att starta delprojektet.",
        "slag": "per_capsulam",
    }
    for user in lg_members:
        data[f"position_{person_of(user).pk}"] = "instammer"
    response = client.post(url("transition", project_a.referens, "starta"), data)
    assert response.status_code == 302
    project_a.refresh_from_db()
    assert project_a.status == Status.UPPDRAG
    beslut = Beslut.objects.get(delprojekt=project_a)
    assert beslut.paragraf == latest_paragraph(org.ledningsgrupp, 2026)
    assert beslut.organ == org.ledningsgrupp
    assert Stallningstagande.objects.filter(delprojekt=project_a).count() == 4


def test_double_submit_of_a_transition_runs_it_once(client, kansli, project_a):
    client.force_login(kansli)
    first = client.post(url("transition", project_a.referens, "bered"), {"status": "forslag"})
    second = client.post(
        url("transition", project_a.referens, "bered"), {"status": "forslag"}, follow=True
    )
    assert first.status_code == 302
    assert "Någon annan har redan ändrat" in second.content.decode()
    assert project_a.handelser.filter(typ=Handelse.Typ.OVERGANG).count() == 1


def test_decision_form_with_a_future_date_is_refused(client, kansli, lg_members, org, project_a):
    client.force_login(kansli)
    walk_to(project_a, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    response = client.post(
        url("transition", project_a.referens, "avsla"),
        {"status": "startbeslut", "datum": "2999-01-01", "beslutstext": "Avslag."},
    )
    assert "Beslutsdatum kan inte ligga i framtiden." in response.content.decode()
    assert not Beslut.objects.exists()


def test_unknown_transition_name_is_a_message_not_an_error(client, kansli, project_a):
    client.force_login(kansli)
    response = client.post(
        url("transition", project_a.referens, "hitta-pa"), {"status": "forslag"}, follow=True
    )
    assert response.status_code == 200
    assert "går inte att göra" in response.content.decode()


def test_a_member_records_own_position_on_the_project_page(client, kansli, lg_members, org):
    dp = register(kansli, titel="Palliativ vård")
    walk_to(dp, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    member = lg_members[0]
    other = person_of(lg_members[1])
    client.force_login(member)
    page = client.get(url("detail", dp.referens)).content.decode()
    assert "Spara ställningstaganden" in page
    response = client.post(
        url("positions", dp.referens),
        {
            f"position_{person_of(member).pk}": "reservation",
            f"motivering_{person_of(member).pk}": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Motivera reservationen." in html
    # What the member chose stays chosen, with the error beside it; the other members'
    # fields are shown but cannot be changed.
    pid, oid = person_of(member).pk, other.pk
    assert re.search(
        rf'<select name="position_{pid}"[^>]*>.*?<option value="reservation" selected>',
        html,
        re.S,
    )
    assert re.search(
        rf'<input [^>]*name="motivering_{pid}"[^>]*aria-invalid="true" '
        rf'aria-describedby="id_motivering_{pid}_error"',
        html,
    )
    assert f'id="id_motivering_{pid}_error"><p>Motivera reservationen.</p>' in html
    assert re.search(rf'<select name="position_{oid}"[^>]* disabled', html)
    client.post(
        url("positions", dp.referens),
        {
            f"position_{person_of(member).pk}": "instammer",
            f"position_{other.pk}": "reservation",
            f"motivering_{other.pk}": "Försöker rösta åt någon annan",
        },
    )
    positions = {s.person_id: s.position for s in Stallningstagande.objects.filter(delprojekt=dp)}
    # The member's own position is saved; the field for another member is disabled and ignored.
    assert positions == {person_of(member).pk: "instammer"}


def test_portfolio_filters_and_search(client, kansli, org):
    a = register(kansli, titel="Ryggkirurgi", regioner=org.regioner[:1])
    b = register(kansli, titel="Barnreumatologi", regioner=org.regioner[1:2])
    client.force_login(kansli)
    body = client.get(url("portfolio"), {"q": "rygg"}).content.decode()
    assert a.referens in body and b.referens not in body
    body = client.get(url("portfolio"), {"region": org.regioner[1].pk}).content.decode()
    assert b.referens in body and a.referens not in body
    body = client.get(url("portfolio"), {"status": "fas:initiering"}).content.decode()
    assert a.referens in body and b.referens in body
    body = client.get(url("portfolio"), {"status": "fas:avslutade"}).content.decode()
    assert a.referens not in body
    # A bad filter value is ignored with a message, not an error.
    response = client.get(url("portfolio"), {"region": "abc", "sida": "x"})
    assert response.status_code == 200
    assert "ogiltigt" in response.content.decode()


def test_mina_delprojekt_lists_only_projects_with_a_role(client, ordforande, project_a, project_b):
    client.force_login(ordforande)
    body = client.get(url("mine")).content.decode()
    assert project_a.referens in body
    assert project_b.referens not in body


@pytest.mark.parametrize("sort", ["-referens", "referens", "titel", "status", "-dagar", "dagar"])
def test_portfolio_runs_a_bounded_number_of_queries(
    client, kansli, org, django_assert_max_num_queries, sort
):
    for i in range(200):
        register(kansli, titel=f"Delprojekt {i}", regioner=org.regioner)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("portfolio"), {"sort": sort})
    assert response.status_code == 200


def test_project_page_with_a_long_history_runs_a_bounded_number_of_queries(
    client, kansli, lg_members, org, django_assert_max_num_queries
):
    dp = register(kansli, titel="Ryggkirurgi")
    dp = walk_to(dp, Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members)
    for i in range(100):
        Handelse.objects.create(
            delprojekt=dp, typ=Handelse.Typ.ANDRING, aktor="Test", text=f"Ändring {i}"
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("detail", dp.referens))
    assert response.status_code == 200
    assert "Ändring 99" in response.content.decode()
