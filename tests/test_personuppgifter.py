"""Personal data: anonymising a person, the register extract, the retention command."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
import time_machine
from axes.models import AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message
from pypdf import PdfReader

from api.models import ApiToken
from delprojekt.models import (
    Anonymisering,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Handelse,
    Kommentar,
    Notisinstallning,
    Notistyp,
    Notisval,
    Organmedlemskap,
    Person,
    Stallningstagande,
    Status,
    Utskick,
)
from delprojekt.services import notifications, personuppgifter
from delprojekt.services.errors import Invalid, NotAllowed
from tests import factories as f
from tests.conftest import person_of, register

NAMN = "Petra Personsson"
EPOST = "petra.personsson@example.test"


@pytest.fixture
def petra(org, project_a, kansli):
    """A working-group member with an account, a body membership, a history of changes,
    a position, a queued mail, an API key, a login record and a comment."""
    user = f.UserFactory(username="petra", first_name="Petra", last_name="Personsson", email=EPOST)
    person = f.PersonFactory(
        namn="Petra Persson", epost=EPOST, titel="Överläkare", organisation="Sjukhuset i Exempelby"
    )
    person.namn = NAMN
    person.user = user
    person.save()
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=person, roll="ledamot")
    f.OrganmedlemskapFactory(person=person, organ=org.ledningsgrupp)
    arende = Handelse.objects.create(
        delprojekt=project_a, typ=Handelse.Typ.OVERGANG, aktor="Kansliet", text="Framlagt"
    )
    Stallningstagande.objects.create(
        delprojekt=project_a,
        arende=arende,
        person=person,
        position=Stallningstagande.Position.INSTAMMER,
        registrerat_av=kansli,
    )
    notifications.send_to([person], "delprojekt/email/overgang", {"h": None, "dp": None})
    ApiToken.objects.create(user=user, name="Min BI-nyckel", prefix="abc123", hashed_key="0" * 64)
    AccessLog.objects.create(
        username="petra", ip_address="192.0.2.10", user_agent="Testwebbläsare", path_info="/"
    )
    Kommentar.objects.create(
        delprojekt=project_a,
        content_type=ContentType.objects.get_for_model(Delprojekt),
        object_id=project_a.pk,
        text="Bra underlag.",
        skriven_av=user,
    )
    return person


def _texts_containing(needle: str) -> list[str]:
    """Every text column of every table that holds ``needle`` (model.field)."""
    hits = []
    for model in apps.get_models():
        for fld in model._meta.concrete_fields:
            if isinstance(fld, (models.CharField, models.TextField)):
                lookup = {f"{fld.name}__icontains": needle}
                if model._default_manager.filter(**lookup).exists():
                    hits.append(f"{model._meta.label}.{fld.name}")
    return hits


# --- Anonymisation -----------------------------------------------------------------------


def test_anonymising_removes_the_name_everywhere_and_keeps_roles(petra, kansli, project_a):
    assert len(Person.history.filter(id=petra.pk)) >= 2
    assert _texts_containing("Personsson")  # the fixture put it in several tables

    record = personuppgifter.person_anonymisera(
        person=petra, user=kansli, skal="Begäran om radering, dnr 2026/123"
    )

    petra.refresh_from_db()
    pseudonym = f"Anonymiserad person {petra.pk}"
    assert petra.namn == pseudonym
    assert (petra.epost, petra.titel, petra.profession, petra.organisation) == ("", "", "", "")
    assert petra.anonymiserad is not None
    assert set(Notisinstallning.objects.filter(person=petra).values_list("val", flat=True)) == {
        Notisval.AV
    }
    # Not in any text column of any table, the simple_history tables included.
    assert _texts_containing("Personsson") == []
    assert _texts_containing(EPOST) == []
    assert set(Person.history.filter(id=petra.pk).values_list("namn", flat=True)) == {pseudonym}
    # Roles and positions stay, attached to the pseudonym.
    assert Arbetsgruppsmedlemskap.objects.filter(person=petra, delprojekt=project_a).exists()
    assert Organmedlemskap.objects.filter(person=petra).exists()
    assert Stallningstagande.objects.filter(person=petra).count() == 1
    # The account is closed and scrubbed.
    user = petra.user
    user.refresh_from_db()
    assert user.username == f"anonymiserad-{petra.pk}"
    assert not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert not AccessLog.objects.exists()
    # No more mail to them.
    assert not Message.objects.exists()
    utskick = Utskick.objects.get(person=petra)
    assert utskick.adress == "" and utskick.status == Utskick.Status.MISSLYCKAD
    # The record of who did it, with nothing of the person but the id.
    assert record.person_id == petra.pk
    assert record.utford_av == kansli
    assert record.utford_av_namn == "Kerstin Kanslisson"
    assert record.grund == Anonymisering.Grund.BEGARAN
    assert record.tidpunkt is not None


def test_the_event_log_keeps_the_name_it_was_written_with(petra, kansli, project_a):
    Handelse.objects.create(
        delprojekt=project_a, typ=Handelse.Typ.ANDRING, anvandare=petra.user, aktor=NAMN, text="x"
    )
    personuppgifter.person_anonymisera(person=petra, user=kansli, skal="Begäran")
    assert Handelse.objects.get(text="x").aktor == NAMN


def test_anonymising_needs_a_reason(petra, kansli):
    with pytest.raises(Invalid) as exc:
        personuppgifter.person_anonymisera(person=petra, user=kansli, skal="  ")
    assert "skal" in exc.value.field_errors
    petra.refresh_from_db()
    assert petra.namn == NAMN and not Anonymisering.objects.exists()


def test_only_the_kansli_may_anonymise(petra, ordforande):
    with pytest.raises(NotAllowed):
        personuppgifter.person_anonymisera(person=petra, user=ordforande, skal="Begäran")
    petra.refresh_from_db()
    assert petra.namn == NAMN


def test_the_kansli_cannot_anonymise_itself(kansli):
    with pytest.raises(NotAllowed):
        personuppgifter.person_anonymisera(person=person_of(kansli), user=kansli, skal="Test")


def test_anonymising_twice_is_refused(petra, kansli):
    personuppgifter.person_anonymisera(person=petra, user=kansli, skal="Begäran")
    with pytest.raises(Invalid):
        personuppgifter.person_anonymisera(person=petra, user=kansli, skal="Igen")
    assert Anonymisering.objects.count() == 1


# --- Pages ---------------------------------------------------------------------------------


def _urls(pk: int) -> list[str]:
    return [
        reverse("personuppgifter:lista"),
        reverse("personuppgifter:detalj", args=[pk]),
        reverse("personuppgifter:utdrag_json", args=[pk]),
        reverse("personuppgifter:utdrag_pdf", args=[pk]),
        reverse("personuppgifter:anonymisera", args=[pk]),
    ]


@pytest.mark.parametrize("who", ["ordforande", "outsider", "reader", "lg_members"])
def test_everyone_but_the_kansli_gets_403(client, petra, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user[0] if isinstance(user, list) else user)
    for url in _urls(petra.pk):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("personuppgifter:anonymisera", args=[petra.pk]),
        {"skal": "x", "bekrafta": "on"},
    )
    assert response.status_code == 403
    petra.refresh_from_db()
    assert petra.namn == NAMN


def test_anonymous_visitors_are_sent_to_log_in(client, petra):
    for url in _urls(petra.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_the_pages_stay_within_the_query_budget(
    client, kansli, petra, django_assert_max_num_queries
):
    for i in range(30):
        f.PersonFactory(namn=f"Fiktiv Person {i}")
    client.force_login(kansli)
    for url in [
        reverse("personuppgifter:lista"),
        reverse("personuppgifter:lista") + "?q=Person",
        reverse("personuppgifter:detalj", args=[petra.pk]),
        reverse("personuppgifter:anonymisera", args=[petra.pk]),
    ]:
        with django_assert_max_num_queries(15):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_register_lists_and_finds_people(client, kansli, petra):
    client.force_login(kansli)
    response = client.get(reverse("personuppgifter:lista"), {"q": "Personsson"})
    body = response.content.decode()
    assert NAMN in body
    kansli_url = reverse("personuppgifter:detalj", args=[person_of(kansli).pk])
    assert f'href="{kansli_url}"' not in body
    assert "1 person matchar" in body


def test_the_form_without_confirmation_changes_nothing(client, kansli, petra):
    client.force_login(kansli)
    url = reverse("personuppgifter:anonymisera", args=[petra.pk])
    response = client.post(url, {"skal": "Begäran"})
    assert response.status_code == 400
    assert "Bekräfta att anonymiseringen inte går att ångra." in response.content.decode()
    response = client.post(url, {"bekrafta": "on"})
    assert response.status_code == 400
    assert "Ange skälet till anonymiseringen." in response.content.decode()
    petra.refresh_from_db()
    assert petra.namn == NAMN and not Anonymisering.objects.exists()


def test_the_kansli_anonymises_from_the_page(client, kansli, petra):
    client.force_login(kansli)
    url = reverse("personuppgifter:anonymisera", args=[petra.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"skal": "Begäran, dnr 2026/9", "bekrafta": "on"}, follow=True)
    body = response.content.decode()
    assert f"Anonymiserad person {petra.pk}" in body
    assert "Begäran, dnr 2026/9" in body
    assert NAMN not in body
    # Once done, the confirm page leads back to the person.
    again = client.post(url, {"skal": "Igen", "bekrafta": "on"})
    assert again.status_code == 302
    assert Anonymisering.objects.count() == 1


def test_an_unknown_person_is_404(client, kansli):
    client.force_login(kansli)
    assert client.get(reverse("personuppgifter:detalj", args=[999999])).status_code == 404


def test_the_anonymise_page_refuses_put(client, kansli, petra):
    client.force_login(kansli)
    url = reverse("personuppgifter:anonymisera", args=[petra.pk])
    assert client.put(url).status_code == 405


# --- Register extract ----------------------------------------------------------------------


def test_the_extract_holds_every_section_and_no_one_else(
    client, kansli, petra, ordforande, project_a
):
    f.PersonFactory(namn="Olle Annansson", epost="olle@example.test")
    client.force_login(kansli)
    response = client.get(reverse("personuppgifter:utdrag_json", args=[petra.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)
    for key, _rubrik in personuppgifter.SEKTIONER:
        assert key in data, key
    assert data["person"]["namn"] == NAMN and data["person"]["epost"] == EPOST
    assert data["anvandarkonto"]["anvandarnamn"] == "petra"
    assert [m["organ"] for m in data["organmedlemskap"]]
    assert [r["roll"] for r in data["arbetsgrupper"]] == ["ledamot"]
    assert data["arbetsgrupper"][0]["delprojekt"] == project_a.referens
    assert data["arbetsgrupper"][0]["person"] == "personen själv"
    assert [k["text"] for k in data["kommentarer"]] == ["Bra underlag."]
    assert data["stallningstaganden"][0]["registrerat_av"] == "annan person"
    assert data["utskick"][0]["adress"] == EPOST
    assert data["api_nycklar"][0]["name"] == "Min BI-nyckel"
    assert "hashed_key" not in data["api_nycklar"][0] and "prefix" not in data["api_nycklar"][0]
    assert data["inloggningar"][0]["ip_address"] == "192.0.2.10"
    assert {h["namn"] for h in data["historik"]} == {"Petra Persson", NAMN}
    # Nobody else: not the kansli who registered the position, not the chair, not Olle.
    for other in ("Kerstin Kanslisson", "Olof Ordförande", "Olle Annansson", "olle@example"):
        assert other not in text, other
    assert "password" not in text and "pbkdf2" not in text and "md5$" not in text


def test_the_extract_after_anonymisation_holds_only_the_pseudonym(client, kansli, petra):
    personuppgifter.person_anonymisera(person=petra, user=kansli, skal="Begäran")
    client.force_login(kansli)
    text = client.get(reverse("personuppgifter:utdrag_json", args=[petra.pk])).content.decode()
    assert "Personsson" not in text
    assert json.loads(text)["anonymisering"][0]["grund"] == "begaran"


def test_the_extract_as_pdf(client, kansli, petra):
    Notisinstallning.objects.create(person=petra, typ=Notistyp.BESLUT, val=Notisval.SAMMANFATTNING)
    client.force_login(kansli)
    response = client.get(reverse("personuppgifter:utdrag_pdf", args=[petra.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Registerutdrag" in text
    assert "Personsson" in text
    assert "Roller i arbetsgrupper" in text
    assert "Kerstin Kanslisson" not in text
    # Read by the person: Swedish labels and dates, not field names and timestamps.
    assert "tidpunkt för ändringen" in text
    assert "history_date" not in text
    assert "skapad" in text
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", text)
    # Choices in words: the role, the position, the notification choices.
    assert "Ledamot" in text and "Instämmer" in text
    assert "instammer" not in text
    assert "Daglig sammanfattning" in text and "beslut: sammanfattning" not in text


# --- Retention -----------------------------------------------------------------------------


@pytest.fixture
def gallring(org, kansli, project_a):
    """Thirty months ago: one person who then left (eligible), one who still has a role
    in an open project, one in a body today, one who logged in yesterday; and a project
    that ended then with a comment in it."""
    long_ago = timezone.now() - datetime.timedelta(days=30 * 31)
    with time_machine.travel(long_ago, tick=False):
        gone_user = f.UserFactory(username="gone", first_name="Greta", last_name="Gammalsson")
        gone_user.last_login = timezone.now()
        gone_user.save()
        gone = f.PersonFactory(namn="Greta Gammalsson", user=gone_user)
        in_project = f.PersonFactory(namn="Pelle Pagaende")
        f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=in_project)
        in_body = f.PersonFactory(namn="Bodil Organsson")
        f.OrganmedlemskapFactory(person=in_body, organ=org.samarbetsgrupp, till=None)
        recent_user = f.UserFactory(username="recent")
        recent = f.PersonFactory(namn="Rut Nyligen", user=recent_user)
        closed = register(kansli, titel="Avslutat projekt")
        Kommentar.objects.create(
            delprojekt=closed,
            content_type=ContentType.objects.get_for_model(Delprojekt),
            object_id=closed.pk,
            text="Ring Greta om detta.",
            skriven_av=gone_user,
        )
    Delprojekt.objects.filter(pk=closed.pk).update(status=Status.AVSLUTAD, status_andrad=long_ago)
    recent_user.last_login = timezone.now() - datetime.timedelta(days=1)
    recent_user.save(update_fields=["last_login"])
    return {"gone": gone, "others": [in_project, in_body, recent], "closed": closed}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("gallra_personuppgifter", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_changes_nothing(gallring):
    before = list(Person.objects.order_by("pk").values_list("namn", flat=True))
    out = _run()
    assert "Provkörning" in out
    assert f"person {gallring['gone'].pk}" in out
    assert f"{gallring['closed'].referens}: 1" in out
    assert list(Person.objects.order_by("pk").values_list("namn", flat=True)) == before
    assert Kommentar.objects.count() == 1 and not Anonymisering.objects.exists()
    assert _run("--dry-run") == out


def test_the_real_run_anonymises_exactly_the_eligible_and_is_idempotent(gallring, kansli):
    out = _run("--verkstall")
    gone = gallring["gone"]
    gone.refresh_from_db()
    assert gone.namn == f"Anonymiserad person {gone.pk}"
    assert list(Anonymisering.objects.values_list("person_id", flat=True)) == [gone.pk]
    record = Anonymisering.objects.get()
    assert record.grund == Anonymisering.Grund.GALLRING and record.utford_av is None
    for other in gallring["others"]:
        other.refresh_from_db()
        assert other.anonymiserad is None and not other.namn.startswith("Anonymiserad")
    assert person_of(kansli).anonymiserad is None
    assert "Personer som anonymiserades: 1" in out
    # The closed project's comments are gone, their history too, and the log says so.
    assert not Kommentar.objects.exists()
    assert not Kommentar.history.exists()
    assert _texts_containing("Gammalsson") == []
    assert Handelse.objects.filter(
        delprojekt=gallring["closed"], text__contains="kommentarer gallrades"
    ).exists()

    names = list(Person.objects.order_by("pk").values_list("namn", flat=True))
    again = _run("--verkstall")
    assert "Inget att gallra." in again
    assert list(Person.objects.order_by("pk").values_list("namn", flat=True)) == names
    assert Anonymisering.objects.count() == 1


def test_the_rule_follows_the_setting(gallring, settings):
    settings.SFBV_GALLRING_MANADER = 60
    assert "Inget att gallra." in _run("--verkstall")
    assert not Anonymisering.objects.exists()


def test_months_are_calendar_months():
    nu = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert personuppgifter.manader_fore(nu, 1) == datetime.datetime(
        2026, 2, 28, 12, tzinfo=datetime.UTC
    )
    assert personuppgifter.manader_fore(nu, 24).year == 2024
