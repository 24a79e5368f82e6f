""" "Mina delprojekt": the projects where I have a role, with my role on each row."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

from delprojekt.models import Dokument, Kapitel
from delprojekt.permissions import GRUPP_SAMORDNARE
from tests import factories as f
from tests.conftest import person_of, register


def mine(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("delprojekt:mine"))
    assert response.status_code == 200
    return response.content.decode()


def row(body: str, referens: str) -> str:
    start = body.index(f">{referens}</a>")
    return body[start : body.index("</tr>", start)]


def test_a_writer_of_a_chapter_sees_the_role_on_the_row(client, project_a, project_b, ledamot_b):
    dokument, _c = Dokument.objects.get_or_create(delprojekt=project_b, typ="slutrapport")
    Kapitel.objects.update_or_create(
        dokument=dokument, nyckel="analys", defaults={"skribent": person_of(ledamot_b)}
    )
    body = mine(client, ledamot_b)
    assert "Ledamot, Skriver i rapporten" in row(body, project_b.referens)
    assert project_a.referens not in body


def test_a_main_writer_is_shown_as_writer(client, project_b, ledamot_b):
    Dokument.objects.update_or_create(
        delprojekt=project_b, typ="slutrapport", defaults={"huvudansvarig": person_of(ledamot_b)}
    )
    assert "Skriver i rapporten" in row(mine(client, ledamot_b), project_b.referens)


def test_the_chair_and_the_contact_person_see_their_role(client, kansli, project_a, ordforande):
    assert "Ordförande" in row(mine(client, ordforande), project_a.referens)
    contact = register(kansli, titel="Kontakt", kontaktperson=person_of(kansli))
    body = mine(client, kansli)
    assert "Kontaktperson" in row(body, contact.referens)


def test_a_regional_coordinator_sees_the_projects_of_the_region(client, org, kansli):
    user = f.UserFactory(username="samordnare")
    f.PersonFactory(namn="Siri Samordnare", user=user, region=org.regioner[2])
    user.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    ours = register(kansli, titel="Vår", regioner=[org.regioner[2]])
    theirs = register(kansli, titel="Deras", regioner=[org.regioner[0]])
    body = mine(client, user)
    assert "Regional samordnare" in row(body, ours.referens)
    assert theirs.referens not in body


def test_a_reader_without_a_role_has_no_projects(client, project_a, reader):
    assert project_a.referens not in mine(client, reader)
