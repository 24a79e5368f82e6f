"""Local accounts: password reset through the outbox, password change, the password
validators in Swedish, and two-step verification with an authenticator app."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from mailer.models import Message

from delprojekt.models import Utskick
from konton.sessions import NY_NYCKEL
from tests import factories as f
from tests.conftest import deliver_mail
from tests.factories import PASSWORD

User = get_user_model()
NYTT = "Blåbärssylt-i-november-42"
GLOMT = "/konto/losenord/glomt/"
APP = "/konto/tvastegsverifiering/"
KOD = "/logga-in/kod/"
NU = datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def anna(org):
    """A user with an account address and a person of her own."""
    user = f.UserFactory(username="anna", email="anna.andersson@example.test")
    f.PersonFactory(namn="Anna Andersson", user=user, epost="anna.andersson@example.test")
    return user


@pytest.fixture
def admin_user(db):
    return f.UserFactory(username="admin-test", is_staff=True, is_superuser=True)


def _logga_in(username: str, password: str):
    return Client().post("/logga-in/", {"username": username, "password": password})


def _lank(body: str) -> str:
    match = re.search(r"http://testserver(/konto/losenord/nytt/[^\s]+/)", body)
    assert match, body
    return match.group(1)


# --- Password reset ---------------------------------------------------------------------


def test_the_login_page_links_to_the_reset(client, db):
    response = client.get("/logga-in/")
    assert f'href="{GLOMT}"' in response.content.decode()
    assert "Glömt lösenordet?" in response.content.decode()


def test_reset_queues_a_swedish_mail_whose_link_sets_a_new_password_once(
    client, anna, settings, mailoutbox
):
    settings.SFBV_BASE_URL = "http://testserver"
    response = client.post(GLOMT, {"email": "Anna.Andersson@example.test"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/losenord/skickat/"
    # Queued in the outbox, not sent: nothing in the mailbox until the worker runs.
    assert mailoutbox == []
    utskick = Utskick.objects.get()
    assert utskick.adress == "anna.andersson@example.test"
    assert utskick.amne == "Nytt lösenord till SFBV"
    assert utskick.person.namn == "Anna Andersson"
    assert deliver_mail() == 1
    (mail,) = mailoutbox
    assert mail.to == ["anna.andersson@example.test"]
    assert "Hej Anna Andersson!" in mail.body
    assert "gäller i 2 timmar" in mail.body
    assert mail.alternatives[0][1] == "text/html"

    lank = _lank(mail.body)
    response = client.get(lank)
    # Django moves the token into the session and the address bar loses it.
    assert response.status_code == 302
    satt = response["Location"]
    assert satt.endswith("/set-password/")
    page = client.get(satt)
    assert "Välj ett nytt lösenord" in page.content.decode()
    response = client.post(satt, {"new_password1": NYTT, "new_password2": NYTT})
    assert response.status_code == 302
    assert response["Location"] == "/konto/losenord/klart/"
    assert "Nu kan du logga in" in client.get("/konto/losenord/klart/").content.decode()

    anna.refresh_from_db()
    assert anna.check_password(NYTT)
    assert _logga_in("anna", NYTT).status_code == 302
    assert _logga_in("anna", PASSWORD).status_code == 200
    # The link works once.
    again = Client().get(lank, follow=True)
    assert "Länken fungerar inte" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, anna, mailoutbox):
    kand = client.post(GLOMT, {"email": "anna.andersson@example.test"})
    okand = Client().post(GLOMT, {"email": "ingen.alls@example.test"})
    assert (okand.status_code, okand["Location"]) == (kand.status_code, kand["Location"])
    assert Message.objects.count() == 1
    assert Utskick.objects.get().adress == "anna.andersson@example.test"
    text = client.get(okand["Location"]).content.decode()
    assert "Om adressen hör till ett konto här" in text


def test_the_person_address_works_when_the_account_has_none(client, org, mailoutbox):
    user = f.UserFactory(username="bertil", email="")
    f.PersonFactory(namn="Bertil Berg", user=user, epost="bertil.berg@example.test")
    client.post(GLOMT, {"email": "bertil.berg@example.test"})
    assert Utskick.objects.get().adress == "bertil.berg@example.test"


def test_no_mail_for_an_inactive_account_or_one_without_a_password(client, org):
    f.UserFactory(username="cecilia", email="cecilia@example.test", is_active=False)
    sso = f.UserFactory(username="david", email="david@example.test")
    sso.set_unusable_password()
    sso.save(update_fields=["password"])
    for adress in ("cecilia@example.test", "david@example.test"):
        assert client.post(GLOMT, {"email": adress}).status_code == 302
    assert Message.objects.count() == 0


def test_a_lookalike_address_gets_no_mail(client, org):
    # PostgreSQL's upper() makes the dotless ı an I: the database's match is not the
    # same mailbox, and the mail must never go to the address typed.
    f.UserFactory(username="erik", email="erik@mail.example.test")
    client.post(GLOMT, {"email": "erik@maıl.example.test"})
    assert Message.objects.count() == 0


def test_too_many_requests_from_one_address_are_refused_for_every_address(client, anna, settings):
    settings.SFBV_LOSENORD_PER_TIMME = 1
    assert client.post(GLOMT, {"email": "ingen@example.test"}).status_code == 302
    response = client.post(GLOMT, {"email": "anna.andersson@example.test"})
    assert response.status_code == 429
    assert "För många förfrågningar" in response.content.decode()
    assert Message.objects.count() == 0


def test_a_bad_address_is_refused_in_swedish(client, db):
    response = client.post(GLOMT, {"email": "inte en adress"})
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.content.decode()


def test_a_weak_new_password_is_refused_in_swedish(client, anna, settings):
    settings.SFBV_BASE_URL = "http://testserver"
    client.post(GLOMT, {"email": "anna.andersson@example.test"})
    satt = client.get(_lank(Message.objects.get().email.body))
    response = client.post(
        satt["Location"], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Detta lösenord är alldeles för vanligt." in text
    assert "Detta lösenord är enbart numeriskt." in text
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)


# --- Password change -------------------------------------------------------------------


def test_a_signed_in_user_changes_the_password(client, anna):
    client.force_login(anna)
    assert 'href="/konto/"' in client.get("/").content.decode()
    assert "/konto/losenord/byt/" in client.get("/konto/").content.decode()
    response = client.post(
        "/konto/losenord/byt/",
        {"old_password": PASSWORD, "new_password1": NYTT, "new_password2": NYTT},
        follow=True,
    )
    assert "Ditt lösenord är bytt." in response.content.decode()
    # Still signed in in this session.
    assert client.get("/konto/").status_code == 200
    anna.refresh_from_db()
    assert anna.check_password(NYTT)


def test_the_change_refuses_a_wrong_old_or_a_short_new_password(client, anna):
    client.force_login(anna)
    response = client.post(
        "/konto/losenord/byt/",
        {"old_password": "fel", "new_password1": "kort", "new_password2": "kort"},
    )
    text = response.content.decode()
    assert "Ditt gamla lösenord var felaktigt ifyllt" in text
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)
    response = client.post(
        "/konto/losenord/byt/",
        {"old_password": PASSWORD, "new_password1": "anna1", "new_password2": "anna1"},
    )
    assert "för kort" in response.content.decode()


@pytest.mark.parametrize("url", ["/konto/", "/konto/losenord/byt/", APP])
def test_account_pages_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/?next=")


# --- Two-step verification ----------------------------------------------------------


def _kod_for(nyckel: str) -> str:
    return f"{totp(bytes.fromhex(nyckel)):06d}"


def _enrol(client) -> TOTPDevice:
    client.get(APP)
    nyckel = client.session[NY_NYCKEL]
    response = client.post(APP, {"kod": _kod_for(nyckel)})
    assert response.status_code == 302
    return TOTPDevice.objects.get()


def test_enrolment_shows_a_qr_code_and_the_secret_and_needs_a_right_code(client, admin_user):
    client.force_login(admin_user)
    with time_machine.travel(NU, tick=False):
        page = client.get(APP)
        text = page.content.decode()
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"]
        nyckel = client.session[NY_NYCKEL]
        assert '<svg role="img" aria-labelledby="qr-rubrik"' in text
        assert "<img" not in text  # drawn in the page, nothing fetched
        hemlighet = re.search(r'<code class="hemlighet" id="hemlighet">([^<]+)</code>', text)
        assert hemlighet
        assert len(hemlighet.group(1).replace(" ", "")) == 32
        # The same secret on a reload, and nothing saved until it is confirmed.
        client.get(APP)
        assert client.session[NY_NYCKEL] == nyckel
        assert TOTPDevice.objects.count() == 0

        fel = client.post(APP, {"kod": "000000" if _kod_for(nyckel) != "000000" else "111111"})
        assert fel.status_code == 400
        assert "Koden stämmer inte" in fel.content.decode()
        bad = client.post(APP, {"kod": "12ab"})
        assert "Skriv de sex siffrorna" in bad.content.decode()
        assert TOTPDevice.objects.count() == 0

        response = client.post(APP, {"kod": _kod_for(nyckel)}, follow=True)
        assert "Tvåstegsverifiering är påslagen" in response.content.decode()
        # This session gave the code: it goes on without a second one.
        assert client.get("/delprojekt/").status_code == 200
    enhet = TOTPDevice.objects.get()
    assert enhet.confirmed
    assert enhet.user == admin_user
    assert enhet.key == nyckel


def test_a_login_with_an_app_asks_for_the_code_and_refuses_a_wrong_one(client, anna):
    client.force_login(anna)
    with time_machine.travel(NU, tick=False):
        enhet = _enrol(client)
    client.post("/logga-ut/")
    assert client.post("/logga-in/", {"username": "anna", "password": PASSWORD}).status_code == 302
    response = client.get("/delprojekt/")
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/kod/?next=%2Fdelprojekt%2F"
    assert client.get("/konto/").status_code == 302
    assert client.get("/admin/").status_code == 302

    with time_machine.travel(NU + datetime.timedelta(minutes=5), tick=False):
        kod = _kod_for(enhet.key)
        fel = "000000" if kod != "000000" else "111111"
        response = client.post(KOD, {"kod": fel, "next": "/delprojekt/"})
        assert response.status_code == 400
        assert "Koden stämmer inte" in response.content.decode()
        # Right away after a wrong code even the right one waits (django-otp's throttle).
        response = client.post(KOD, {"kod": kod, "next": "/delprojekt/"})
        assert "För många felaktiga koder" in response.content.decode()
        assert client.get("/delprojekt/").status_code == 302
    with time_machine.travel(NU + datetime.timedelta(minutes=5, seconds=2), tick=False):
        response = client.post(KOD, {"kod": kod, "next": "/delprojekt/"})
        assert response.status_code == 302
        assert response["Location"] == "/delprojekt/"
        assert client.get("/delprojekt/").status_code == 200
        # A code is accepted once: another session cannot reuse it.
        other = Client()
        other.post("/logga-in/", {"username": "anna", "password": PASSWORD})
        assert other.post(KOD, {"kod": kod}).status_code == 400


def test_the_admin_login_also_asks_for_the_code(client, admin_user):
    TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin-test", "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(KOD)
    assert client.get("/admin/auth/user/").status_code == 302


def test_switching_the_app_on_logs_the_user_out_of_other_browsers(client, admin_user, anna):
    with time_machine.travel(NU, tick=False):
        # The same user logged in in two other browsers; another user in a third.
        andra = [Client(), Client()]
        for c in andra:
            c.force_login(admin_user)
            assert c.get("/delprojekt/").status_code == 200
        annan = Client()
        annan.force_login(anna)
        client.force_login(admin_user)
        client.get(APP)
        svar = client.post(APP, {"kod": _kod_for(client.session[NY_NYCKEL])}, follow=True)
        assert "Du loggades ut i 2 andra webbläsare." in svar.content.decode()
        # This browser goes on; the others go to the login page; the other user stays.
        assert client.get("/delprojekt/").status_code == 200
        for c in andra:
            svar = c.get("/delprojekt/")
            assert svar.status_code == 302 and svar.url.startswith("/logga-in/")
        assert annan.get("/delprojekt/").status_code == 200


def test_the_code_page_lets_through_a_user_without_an_app(client, anna):
    client.force_login(anna)
    response = client.get(f"{KOD}?next=/konto/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    assert client.get(KOD + "?next=//elsewhere.example/")["Location"] == "/"


def test_removing_the_app_needs_a_right_code(client, anna):
    client.force_login(anna)
    with time_machine.travel(NU, tick=False):
        enhet = _enrol(client)
    with time_machine.travel(NU + datetime.timedelta(minutes=1), tick=False):
        kod = _kod_for(enhet.key)
        fel = "000000" if kod != "000000" else "111111"
        response = client.post("/konto/tvastegsverifiering/ta-bort/", {"kod": fel})
        assert response.status_code == 400
        assert TOTPDevice.objects.filter(pk=enhet.pk).exists()
    with time_machine.travel(NU + datetime.timedelta(minutes=2), tick=False):
        response = client.post(
            "/konto/tvastegsverifiering/ta-bort/", {"kod": _kod_for(enhet.key)}, follow=True
        )
        assert "Tvåstegsverifiering är avstängd" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    other = Client()
    other.post("/logga-in/", {"username": "anna", "password": PASSWORD})
    assert other.get("/konto/").status_code == 200


def _reservkoder(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)


def test_enrolment_shows_ten_backup_codes_once_and_each_logs_in_once(client, anna):
    client.force_login(anna)
    with time_machine.travel(NU, tick=False):
        _enrol(client)
        first = client.get(APP).content.decode()
        koder = _reservkoder(first)
        assert len(set(koder)) == 10
        assert "visas bara den här gången" in first
        again = client.get(APP).content.decode()
        assert _reservkoder(again) == []
        assert "10 oanvända reservkoder" in again
    client.post("/logga-ut/")
    client.post("/logga-in/", {"username": "anna", "password": PASSWORD})
    with time_machine.travel(NU + datetime.timedelta(minutes=5), tick=False):
        response = client.post(KOD, {"kod": koder[0].upper()[:4] + " " + koder[0][4:]})
        assert response.status_code == 302
        assert client.get("/delprojekt/").status_code == 200
        assert "9 oanvända reservkoder" in client.get(APP).content.decode()
    # Used once: another session cannot log in with it; an unknown code is refused too.
    other = Client()
    other.post("/logga-in/", {"username": "anna", "password": PASSWORD})
    with time_machine.travel(NU + datetime.timedelta(minutes=6), tick=False):
        response = other.post(KOD, {"kod": koder[0]})
        assert response.status_code == 400
        assert "Reservkoden stämmer inte eller är redan använd" in response.content.decode()
    with time_machine.travel(NU + datetime.timedelta(minutes=7), tick=False):
        assert other.post(KOD, {"kod": koder[1]}).status_code == 302


def test_new_backup_codes_replace_the_old_and_removal_takes_them_too(client, anna):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    client.force_login(anna)
    with time_machine.travel(NU, tick=False):
        _enrol(client)
        gamla = _reservkoder(client.get(APP).content.decode())
        response = client.post("/konto/tvastegsverifiering/reservkoder/", follow=True)
        nya = _reservkoder(response.content.decode())
    assert len(nya) == 10
    assert not set(gamla) & set(StaticToken.objects.values_list("token", flat=True))
    assert set(nya) == set(StaticToken.objects.values_list("token", flat=True))
    # A lost telephone: a backup code also turns the app off, and the codes go with it.
    with time_machine.travel(NU + datetime.timedelta(minutes=1), tick=False):
        response = client.post("/konto/tvastegsverifiering/ta-bort/", {"kod": nya[0]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()


def test_backup_codes_need_an_app_and_a_post(client, anna):
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(anna)
    assert client.get("/konto/tvastegsverifiering/reservkoder/").status_code == 405
    response = client.post("/konto/tvastegsverifiering/reservkoder/")
    assert response.status_code == 302
    assert not StaticDevice.objects.exists()


def test_removal_wants_post(client, anna):
    client.force_login(anna)
    assert client.get("/konto/tvastegsverifiering/ta-bort/").status_code == 405


def test_required_app_sends_staff_to_the_enrolment(client, admin_user, anna, settings):
    settings.SFBV_2FA_KRAVS = True
    client.force_login(admin_user)
    response = client.get("/delprojekt/")
    assert response.status_code == 302
    assert response["Location"] == f"{APP}?next=%2Fdelprojekt%2F"
    assert client.get("/admin/").status_code == 302
    page = client.get(APP)
    assert page.status_code == 200
    assert "måste du slå på tvåstegsverifiering" in page.content.decode()
    with time_machine.travel(NU, tick=False):
        _enrol(client)
        assert client.get("/delprojekt/").status_code == 200
    # Everyone else goes on without an app.
    other = Client()
    other.force_login(anna)
    assert other.get("/delprojekt/").status_code == 200


def test_without_the_requirement_staff_go_on_without_an_app(client, admin_user, settings):
    settings.SFBV_2FA_KRAVS = False
    client.force_login(admin_user)
    assert client.get("/delprojekt/").status_code == 200


def test_the_public_part_is_left_alone(client, anna):
    TOTPDevice.objects.create(user=anna, name="app", confirmed=True)
    client.force_login(anna)
    assert client.get("/oppet/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/konto/",
        "/konto/losenord/byt/",
        APP,
        GLOMT,
        "/konto/losenord/skickat/",
        "/konto/losenord/nytt/MQ/fel-token/",
        "/konto/losenord/klart/",
        "/logga-in/",
    ],
)
def test_account_pages_stay_within_the_query_budget(
    client, anna, url, django_assert_max_num_queries
):
    if url in ("/konto/", "/konto/losenord/byt/", APP):
        client.force_login(anna)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_the_code_page_and_the_managed_app_stay_within_the_query_budget(
    client, anna, django_assert_max_num_queries
):
    TOTPDevice.objects.create(user=anna, name="app", confirmed=True)
    client.force_login(anna)
    with django_assert_max_num_queries(15):
        assert client.get(KOD).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.post(KOD, {"kod": "123456"}).status_code == 400
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get().persistent_id
    session.save()
    with django_assert_max_num_queries(15):
        assert "Stäng av" in client.get(APP).content.decode()


def test_a_superuser_removes_a_lost_app_in_the_admin(client, admin_user, anna):
    enhet = TOTPDevice.objects.create(user=anna, name="app", confirmed=True)
    client.force_login(admin_user)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    response = client.post(f"/admin/otp_totp/totpdevice/{enhet.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    other = Client()
    assert other.post("/logga-in/", {"username": "anna", "password": PASSWORD}).status_code == 302
    assert other.get("/konto/").status_code == 200
