"""Logging in with the region's account (sso/): who the claims are, the memberships
their groups give and take back, and that all of it is off unless configured."""

from __future__ import annotations

import datetime
import json
import time

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Group, User
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from delprojekt.models import Organmedlemskap, Person, Region
from delprojekt.permissions import roller_for
from sfbv import settings as sfbv_settings
from sso.backends import RegionensKonto
from sso.models import Gruppmappning, SsoBehorighet, SsoIdentitet, SsoMedlemskap
from sso.services import InloggningNekad, anvandare_for, medlemskap_synka, tilldelningar_for
from tests import factories as f
from tests.test_settings import manage

BACKEND = "sso.backends.RegionensKonto"
LG_GRUPP = "0b1c-ledningsgrupp"
KANSLI_GRUPP = "77aa-kansli"


@pytest.fixture
def oidc(settings, db):
    settings.SFBV_OIDC = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.test/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.test/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.test/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.test/jwks"
    settings.OIDC_RP_CLIENT_ID = "sfbv"
    settings.OIDC_RP_CLIENT_SECRET = "hemligt"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.SFBV_OIDC_GRUPPER = {
        LG_GRUPP: {"organ": "Ledningsgruppen", "roll": "ledamot"},
        KANSLI_GRUPP: "kansli",
    }
    return settings


def login_with(monkeypatch, claims: dict):
    """The backend's decision on claims the provider vouched for (the token exchange and
    its verification are mozilla-django-oidc's and run in the browser test)."""
    monkeypatch.setattr(RegionensKonto, "get_userinfo", lambda self, a, i, p: claims)
    return RegionensKonto().get_or_create_user("access", "id", {})


def claims(email="sigrid.sso@example.test", groups=(), **extra):
    """Claims of one person at the provider; ``sub`` is the provider's id of them."""
    return {
        "iss": "https://idp.example.test",
        "sub": f"id-{email.lower()}",
        "email": email,
        "name": "Sigrid Ssonsson",
        "groups": list(groups),
        **extra,
    }


# Off by default


def test_it_is_off_by_default_no_button_no_backend_and_404(client, db):
    assert BACKEND not in sfbv_settings.AUTHENTICATION_BACKENDS
    assert sfbv_settings.SFBV_OIDC is False
    page = client.get(reverse("login"))
    assert "Logga in med regionens konto" not in page.content.decode()
    assert client.get(reverse("sso:inloggning")).status_code == 404
    assert client.get(reverse("sso:callback"), {"code": "x", "state": "y"}).status_code == 404


def test_when_configured_the_login_page_shows_the_button_beside_the_local_form(client, oidc):
    page = client.get(reverse("login"), {"next": "/delprojekt/"}).content.decode()
    assert "Logga in med regionens konto" in page
    assert 'href="/oidc/?next=/delprojekt/"' in page
    assert 'name="password"' in page


def test_the_login_starts_the_code_flow_with_state_nonce_and_pkce(client, oidc):
    response = client.get(reverse("sso:inloggning"), {"next": "/delprojekt/"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://idp.example.test/authorize?")
    for part in ("response_type=code", "state=", "nonce=", "code_challenge=", "client_id=sfbv"):
        assert part in location
    assert "scope=openid+email+profile" in location
    assert client.session["oidc_login_next"] == "/delprojekt/"


def test_a_next_address_on_another_host_is_dropped(client, oidc):
    client.get(reverse("sso:inloggning"), {"next": "https://ond.example.test/"})
    assert client.session["oidc_login_next"] is None


def test_a_callback_with_an_unknown_state_goes_back_to_login_with_a_message(client, oidc):
    client.get(reverse("sso:inloggning"))
    response = client.get(reverse("sso:callback"), {"code": "x", "state": "okänt"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Inloggningen med regionens konto gick inte igenom" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_settings_refuse_half_a_configuration_and_http_in_production():
    half = manage("check", OIDC_RP_CLIENT_ID="sfbv")
    assert half.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT" in half.stderr
    endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "http://idp.example.test/a",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.test/t",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example.test/u",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.test/k",
        "OIDC_RP_CLIENT_ID": "sfbv",
        "OIDC_RP_CLIENT_SECRET": "hemligt",
    }
    deployed = manage(
        "check",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="sfbv.example.test",
        **endpoints,
    )
    assert deployed.returncode != 0
    assert "OIDC_OP_AUTHORIZATION_ENDPOINT" in deployed.stderr
    assert "https://" in deployed.stderr
    bad_map = manage("check", SFBV_OIDC_GRUPPER='{"g": {"organ": "LG", "roll": "kung"}}')
    assert bad_map.returncode != 0
    assert "SFBV_OIDC_GRUPPER" in bad_map.stderr
    assert manage("check", **endpoints).returncode == 0


def test_the_providers_logout_is_a_form_action_the_csp_allows():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], s.SFBV_OIDC)",
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://idp.example.test/a",
        OIDC_OP_TOKEN_ENDPOINT="https://idp.example.test/t",
        OIDC_OP_USER_ENDPOINT="https://idp.example.test/u",
        OIDC_OP_JWKS_ENDPOINT="https://idp.example.test/k",
        OIDC_OP_LOGOUT_URL="https://idp.example.test/logout?x=1",
        OIDC_RP_CLIENT_ID="sfbv",
        OIDC_RP_CLIENT_SECRET="hemligt",
    )
    assert result.returncode == 0, result.stderr
    assert "https://idp.example.test'] True" in result.stdout


def test_the_roles_the_settings_accept_are_the_membership_roles():
    assert set(sfbv_settings._ORGAN_ROLLER) == set(Organmedlemskap.Roll.values)


# Who the claims are


def test_it_matches_the_person_by_email_in_any_case(monkeypatch, oidc, lg_members):
    person = Person.objects.get(user=lg_members[0])
    person.epost = "Ledamot.Ble@Example.test"
    person.save(update_fields=["epost"])
    user = login_with(monkeypatch, claims(email="ledamot.ble@EXAMPLE.test"))
    assert user == lg_members[0]
    assert User.objects.count() == len(lg_members)


def test_it_links_a_person_without_account_to_a_new_account(monkeypatch, oidc, org):
    person = f.PersonFactory(namn="Patrik Personsson", epost="patrik@example.test", user=None)
    user = login_with(monkeypatch, claims(email="PATRIK@example.test"))
    person.refresh_from_db()
    assert person.user == user
    assert user.email == "PATRIK@example.test"
    assert not user.has_usable_password()
    assert Person.objects.filter(epost__iexact="patrik@example.test").count() == 1
    assert person.history.first().history_change_reason.startswith("Kopplad till konto")


def test_it_creates_account_and_person_with_the_name_from_the_claims(monkeypatch, oidc, org):
    user = login_with(monkeypatch, claims(email="ny.person@example.test"))
    person = Person.objects.get(user=user)
    assert person.namn == "Sigrid Ssonsson"
    assert person.epost == "ny.person@example.test"
    assert user.username == "ny.person@example.test"
    assert (user.first_name, user.last_name) == ("Sigrid", "Ssonsson")
    assert person.history.first().history_user == user


def test_it_does_not_create_when_creation_is_off(monkeypatch, oidc, org):
    oidc.OIDC_CREATE_USER = False
    assert login_with(monkeypatch, claims(email="okand@example.test")) is None
    assert not User.objects.filter(email="okand@example.test").exists()


def test_it_refuses_an_address_two_people_share_and_a_staff_account(monkeypatch, oidc, org):
    f.PersonFactory(namn="A", epost="delad@example.test", user=None)
    f.PersonFactory(namn="B", epost="delad@example.test", user=None)
    assert login_with(monkeypatch, claims(email="delad@example.test")) is None
    f.UserFactory(username="chef", email="chef@example.test", is_staff=True)
    with pytest.raises(InloggningNekad):
        anvandare_for(epost="chef@example.test", namn="Chef", skapa=True)
    assert login_with(monkeypatch, claims(email="chef@example.test")) is None
    assert User.objects.count() == 1


def test_it_refuses_claims_without_email_or_with_an_unverified_one(monkeypatch, oidc, org):
    with pytest.raises(Exception, match="e-postadress"):
        login_with(monkeypatch, {"sub": "1", "name": "Ingen Epost"})
    with pytest.raises(Exception, match="e-postadress"):
        login_with(monkeypatch, claims(email_verified=False))
    assert not User.objects.exists()


def test_the_first_login_binds_the_providers_id_and_later_ones_follow_it(monkeypatch, oidc, org):
    user = login_with(monkeypatch, claims(email="sigrid@example.test", sub="abc"))
    ident = SsoIdentitet.objects.get()
    assert (ident.user, ident.issuer, ident.sub) == (user, "https://idp.example.test", "abc")
    # The address changes at the provider: the same person, the same account.
    assert login_with(monkeypatch, claims(email="sigrid.ny@example.test", sub="abc")) == user
    assert User.objects.count() == 1 and SsoIdentitet.objects.get().senast is not None


def test_an_address_that_moved_to_someone_else_does_not_open_the_account(monkeypatch, oidc, org):
    forsta = login_with(monkeypatch, claims(email="delad.adress@example.test", sub="forsta"))
    # The provider gives the address to another person (another id): refused, logged.
    assert login_with(monkeypatch, claims(email="delad.adress@example.test", sub="andra")) is None
    with pytest.raises(InloggningNekad, match="annan identitet"):
        anvandare_for(
            epost="delad.adress@example.test", namn="X", skapa=True,
            issuer="https://idp.example.test", sub="andra",
        )  # fmt: skip
    assert SsoIdentitet.objects.get().user == forsta
    # The same id at another provider is another identity, bound to its own account.
    other = claims(email="annan@example.test", sub="forsta", iss="https://idp2.example.test")
    assert login_with(monkeypatch, other) not in (None, forsta)


def test_claims_without_the_providers_id_are_refused(monkeypatch, oidc, org):
    with pytest.raises(SuspiciousOperation, match="sub"):
        login_with(monkeypatch, claims(sub=""))
    assert not User.objects.exists()


def test_a_bound_staff_account_is_refused_too(monkeypatch, oidc, org):
    user = login_with(monkeypatch, claims(email="blir.chef@example.test", sub="chef"))
    user.is_staff = True
    user.save()
    assert login_with(monkeypatch, claims(email="blir.chef@example.test", sub="chef")) is None


# Memberships from the groups


def test_the_group_claim_grants_the_mapped_memberships(monkeypatch, oidc, org):
    user = login_with(monkeypatch, claims(groups=[LG_GRUPP, KANSLI_GRUPP, "annan-grupp"]))
    roller = roller_for(User.objects.get(pk=user.pk))
    assert roller.ledningsgrupp and roller.kansli
    medlemskap = Organmedlemskap.objects.filter(person__user=user)
    assert {(m.organ, m.roll) for m in medlemskap} == {
        (org.ledningsgrupp, "ledamot"),
        (org.kansli, "kontaktperson"),
    }
    assert SsoMedlemskap.objects.filter(medlemskap__in=medlemskap).count() == 2
    latest = medlemskap.get(organ=org.ledningsgrupp).history.first()
    assert latest.history_user == user
    assert LG_GRUPP in latest.history_change_reason


def test_the_admins_mapping_grants_too(monkeypatch, oidc, org):
    Gruppmappning.objects.create(
        claim_varde="sg-grupp", organ=org.samarbetsgrupp, roll="ordforande"
    )
    user = login_with(monkeypatch, claims(groups=["sg-grupp"]))
    assert Organmedlemskap.objects.get(person__user=user).organ == org.samarbetsgrupp
    assert roller_for(User.objects.get(pk=user.pk)).samarbetsgrupp


def test_a_second_login_with_the_same_groups_changes_nothing(monkeypatch, oidc, org):
    user = login_with(monkeypatch, claims(groups=[LG_GRUPP]))
    login_with(monkeypatch, claims(groups=[LG_GRUPP]))
    assert Organmedlemskap.objects.filter(person__user=user).count() == 1
    assert SsoMedlemskap.objects.count() == 1


def test_a_group_that_goes_ends_its_membership_but_not_a_manual_one(monkeypatch, oidc, org):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        user = login_with(monkeypatch, claims(groups=[LG_GRUPP]))
    person = Person.objects.get(user=user)
    manual = f.OrganmedlemskapFactory(person=person, organ=org.namnd, roll="ledamot")
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, tzinfo=datetime.UTC)):
        login_with(monkeypatch, claims(groups=[]))
        fresh = User.objects.get(pk=user.pk)
        assert not roller_for(fresh).ledningsgrupp
        assert roller_for(fresh).politisk
    ended = Organmedlemskap.objects.get(person=person, organ=org.ledningsgrupp)
    assert ended.till == datetime.date(2026, 3, 8)
    assert "ges inte längre" in ended.history.first().history_change_reason
    manual.refresh_from_db()
    assert manual.till is None


def test_groups_left_out_for_too_many_change_no_membership(monkeypatch, oidc, org, caplog):
    user = login_with(monkeypatch, claims(groups=[LG_GRUPP, KANSLI_GRUPP]))
    before = set(Organmedlemskap.objects.filter(person__user=user, till__isnull=True))
    grupper_for = set(user.groups.values_list("name", flat=True))
    # Entra ID's "groups overage": no groups claim, a pointer to where they are instead.
    overage = claims()
    del overage["groups"]
    overage["_claim_names"] = {"groups": "src1"}
    overage["_claim_sources"] = {"src1": {"endpoint": "https://graph.example.test/x"}}
    assert login_with(monkeypatch, overage) == user
    assert set(Organmedlemskap.objects.filter(person__user=user, till__isnull=True)) == before
    assert set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True)) == grupper_for
    assert "för många" in caplog.text
    # An empty groups claim is an answer: the memberships it no longer gives end.
    login_with(monkeypatch, claims(groups=[]))
    assert not Organmedlemskap.objects.filter(
        person__user=user, organ=org.ledningsgrupp, till__isnull=True
    ).exists()


def test_a_membership_given_and_taken_the_same_day_is_removed(oidc, org):
    user = f.UserFactory(username="samma")
    f.PersonFactory(namn="Samma Dag", user=user)
    synk = medlemskap_synka(user=user, grupper=[KANSLI_GRUPP])
    assert len(synk.tillagda) == 1
    synk = medlemskap_synka(user=user, grupper=[])
    assert len(synk.avslutade) == 1
    assert not Organmedlemskap.objects.filter(person__user=user).exists()


def test_a_manual_membership_in_the_mapped_body_is_not_doubled_nor_taken(oidc, org):
    user = f.UserFactory(username="manuell")
    person = f.PersonFactory(namn="Manuell Medlem", user=user)
    f.OrganmedlemskapFactory(person=person, organ=org.ledningsgrupp, roll="ledamot")
    assert medlemskap_synka(user=user, grupper=[LG_GRUPP]).tillagda == []
    assert medlemskap_synka(user=user, grupper=[]).avslutade == []
    assert Organmedlemskap.objects.filter(person=person).count() == 1


def test_a_mapping_to_a_missing_or_inactive_body_gives_nothing(oidc, org):
    oidc.SFBV_OIDC_GRUPPER = {"g": {"organ": "Finns inte"}}
    org.namnd.aktiv = False
    org.namnd.save(update_fields=["aktiv"])
    Gruppmappning.objects.create(claim_varde="g", organ=org.namnd)
    assert tilldelningar_for(["g"]) == []


def test_a_single_group_value_as_a_string_counts(monkeypatch, oidc, org):
    oidc.SFBV_OIDC_GRUPP_CLAIM = "roles"
    user = login_with(monkeypatch, claims(roles=KANSLI_GRUPP))
    assert roller_for(User.objects.get(pk=user.pk)).kansli


# Logging out


def test_logout_after_an_sso_login_also_ends_the_providers_session(client, oidc, org):
    oidc.OIDC_OP_LOGOUT_URL = "https://idp.example.test/logout"
    user = f.UserFactory(username="ut")
    client.force_login(user)
    session = client.session
    session["oidc_id_token"] = "ett.id.token"
    session.save()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(
        "https://idp.example.test/logout?id_token_hint=ett.id.token"
    )
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Flogga-in%2F" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_local_login_logs_out_locally_only(client, oidc, org):
    oidc.OIDC_OP_LOGOUT_URL = "https://idp.example.test/logout"
    client.force_login(f.UserFactory(username="lokal"))
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("logout")).status_code == 405


# The ID token


@pytest.fixture
def signing_key(oidc):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    oidc.OIDC_RP_IDP_SIGN_KEY = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    oidc.SFBV_OIDC_ISSUER = "https://idp.example.test"
    return key


def id_token(key, **claims) -> str:
    payload = {
        "iss": "https://idp.example.test",
        "aud": "sfbv",
        "sub": "1",
        "nonce": "n-1",
        "exp": int(time.time()) + 300,
        **claims,
    }
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, key, algorithm="RS256")


def test_an_id_token_for_this_client_from_the_issuer_is_accepted(signing_key):
    payload = RegionensKonto().verify_token(id_token(signing_key), nonce="n-1")
    assert payload["sub"] == "1"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "annan-klient"}, "annan klient"),
        ({"iss": "https://ond.example.test"}, "annan leverantör"),
        ({"exp": None}, "giltighetstid"),
        ({"nonce": "n-2"}, "Nonce"),
    ],
)
def test_an_id_token_for_another_client_issuer_or_nonce_is_refused(signing_key, claims, reason):
    with pytest.raises(SuspiciousOperation, match=reason):
        RegionensKonto().verify_token(id_token(signing_key, **claims), nonce="n-1")


def test_an_expired_id_token_is_refused(signing_key):
    with pytest.raises(jwt.ExpiredSignatureError):
        RegionensKonto().verify_token(id_token(signing_key, exp=1), nonce="n-1")


# Permissions that are not body memberships: Läsare and Regional samordnare


def test_a_group_can_make_the_person_a_reader(monkeypatch, oidc, org):
    oidc.SFBV_OIDC_GRUPPER = {**oidc.SFBV_OIDC_GRUPPER, "politiker": {"behorighet": "lasare"}}
    user = login_with(monkeypatch, claims(groups=["politiker"]))
    fresh = User.objects.get(pk=user.pk)
    assert roller_for(fresh).lasare
    assert SsoBehorighet.objects.get(user=user).claim_varde == "politiker"
    assert not Organmedlemskap.objects.filter(person__user=user).exists()


def test_the_admins_mapping_makes_a_coordinator_of_its_region(monkeypatch, oidc, org):
    halland = Region.objects.get(namn="Region Halland")
    Gruppmappning.objects.create(
        claim_varde="samordnare-halland", behorighet="samordnare", region=halland
    )
    user = login_with(monkeypatch, claims(groups=["samordnare-halland"]))
    roller = roller_for(User.objects.get(pk=user.pk))
    assert roller.samordnare_region_id == halland.pk
    person = Person.objects.get(user=user)
    assert person.region == halland
    assert "samordnare-halland" in person.history.first().history_change_reason


def test_a_coordinator_group_never_moves_a_person_of_another_region(monkeypatch, oidc, org):
    halland, skane = (
        Region.objects.get(namn="Region Halland"),
        Region.objects.get(namn="Region Skåne"),
    )
    person = f.PersonFactory(epost="sigrid.sso@example.test", region=skane)
    Gruppmappning.objects.create(claim_varde="sam-h", behorighet="samordnare", region=halland)
    login_with(monkeypatch, claims(groups=["sam-h"]))
    person.refresh_from_db()
    assert person.region == skane


def test_a_permission_the_group_no_longer_gives_is_taken_but_not_one_given_by_hand(
    monkeypatch, oidc, org
):
    Gruppmappning.objects.create(claim_varde="las", behorighet="lasare")
    Gruppmappning.objects.create(claim_varde="sam", behorighet="samordnare")
    user = login_with(monkeypatch, claims(groups=["las"]))
    user.groups.add(Group.objects.get_or_create(name="Regional samordnare")[0])  # by hand
    login_with(monkeypatch, claims(groups=[]))
    fresh = User.objects.get(pk=user.pk)
    assert set(fresh.groups.values_list("name", flat=True)) == {"Regional samordnare"}
    assert not SsoBehorighet.objects.filter(user=user).exists()
    # Logging in again with both groups marks only what the login gave.
    login_with(monkeypatch, claims(groups=["las", "sam"]))
    assert set(SsoBehorighet.objects.filter(user=user).values_list("behorighet", flat=True)) == {
        "lasare"
    }


def test_a_mapping_gives_a_body_or_a_permission_never_both_nor_neither(org):
    from django.core.exceptions import ValidationError

    for felaktig in (
        Gruppmappning(claim_varde="x", organ=org.ledningsgrupp, behorighet="lasare"),
        Gruppmappning(claim_varde="x"),
        Gruppmappning(claim_varde="x", behorighet="lasare", region=Region.objects.first()),
    ):
        with pytest.raises(ValidationError):
            felaktig.full_clean()


def test_settings_accept_the_permissions_and_refuse_an_unknown_one():
    godkand = {"g": [{"behorighet": "lasare"}, {"behorighet": "samordnare", "region": "R"}]}
    assert manage("check", SFBV_OIDC_GRUPPER=json.dumps(godkand)).returncode == 0
    for mal in ({"behorighet": "admin"}, {"behorighet": "samordnare", "region": 3}):
        fel = manage("check", SFBV_OIDC_GRUPPER=json.dumps({"g": mal}))
        assert fel.returncode != 0
        assert "behörigheten" in fel.stderr


# Setting up: the provider's endpoints from its discovery document


@pytest.fixture
def discovery_server():
    """A provider's discovery document served on this machine; yields (issuer, set_doc)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = state["doc"] if self.path == "/.well-known/openid-configuration" else None
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write((body or "{}").encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    issuer = f"http://127.0.0.1:{server.server_address[1]}"

    def set_doc(doc):
        state["doc"] = doc if isinstance(doc, str) else json.dumps(doc)

    yield issuer, set_doc
    server.shutdown()
    server.server_close()


def test_the_discovery_document_gives_the_environment_lines(discovery_server):
    import io

    from django.core.management import CommandError, call_command

    issuer, set_doc = discovery_server
    doc = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/auth",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/me",
        "jwks_uri": f"{issuer}/jwks",
        "end_session_endpoint": f"{issuer}/session/end",
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
    }
    set_doc(doc)
    out = io.StringIO()
    call_command("oidc_miljo", issuer + "/", "--tillat-http", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == [
        f"SFBV_OIDC_ISSUER={issuer}",
        f"OIDC_OP_AUTHORIZATION_ENDPOINT={issuer}/auth",
        f"OIDC_OP_TOKEN_ENDPOINT={issuer}/token",
        f"OIDC_OP_USER_ENDPOINT={issuer}/me",
        f"OIDC_OP_JWKS_ENDPOINT={issuer}/jwks",
        f"OIDC_OP_LOGOUT_URL={issuer}/session/end",
    ]
    with pytest.raises(CommandError, match="https://"):
        call_command("oidc_miljo", issuer)
    set_doc({**doc, "issuer": "https://annan.example.test"})
    with pytest.raises(CommandError, match="inte " + issuer):
        call_command("oidc_miljo", issuer, "--tillat-http")
    set_doc({k: v for k, v in doc.items() if k != "jwks_uri"})
    with pytest.raises(CommandError, match="saknar jwks_uri"):
        call_command("oidc_miljo", issuer, "--tillat-http")
    set_doc("<html>inte json</html>")
    with pytest.raises(CommandError, match="inte JSON"):
        call_command("oidc_miljo", issuer, "--tillat-http")
    with pytest.raises(CommandError, match="Kunde inte läsa"):
        call_command("oidc_miljo", "http://127.0.0.1:9", "--tillat-http")
