"""Login throttling: per username and address, per address, and behind a trusted proxy."""

from __future__ import annotations

import ipaddress

import pytest
from django.urls import reverse

from sfbv.throttling import client_ip_address
from tests import factories as f

PROXY = "127.0.0.1"
ALICE_ADDRESS = "198.51.100.7"
BERTIL_ADDRESS = "203.0.113.42"


@pytest.fixture
def karin(db):
    return f.UserFactory(username="karin.lindqvist")


@pytest.fixture
def behind_proxy(settings):
    settings.SFBV_TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]


WRONG = "fel-lösenord"


def attempt(client, username, password=WRONG, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def via_proxy(client_address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def direct(client_address):
    return {"REMOTE_ADDR": client_address}


def lock_out(client, username, meta, times=5):
    responses = [attempt(client, username, **meta) for _ in range(times)]
    assert responses[-1].status_code == 429
    return responses


def test_five_wrong_passwords_lock_the_user_out_with_a_swedish_page(client, karin):
    responses = lock_out(client, karin.username, direct(ALICE_ADDRESS))

    assert [r.status_code for r in responses[:4]] == [200] * 4
    page = attempt(client, karin.username, f.PASSWORD, **direct(ALICE_ADDRESS))
    assert page.status_code == 429
    assert "För många misslyckade inloggningsförsök" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_direct_a_lockout_from_one_address_does_not_lock_another(client, karin):
    lock_out(client, karin.username, direct(ALICE_ADDRESS))

    response = attempt(client, karin.username, f.PASSWORD, **direct(BERTIL_ADDRESS))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(karin.pk)


def test_behind_the_proxy_a_lockout_from_one_client_does_not_lock_another(
    client, karin, behind_proxy
):
    lock_out(client, karin.username, via_proxy(ALICE_ADDRESS))

    response = attempt(client, karin.username, f.PASSWORD, **via_proxy(BERTIL_ADDRESS))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(karin.pk)


def test_behind_the_proxy_the_locked_out_client_stays_locked(client, karin, behind_proxy):
    lock_out(client, karin.username, via_proxy(ALICE_ADDRESS))

    response = attempt(client, karin.username, f.PASSWORD, **via_proxy(ALICE_ADDRESS))

    assert response.status_code == 429


def test_behind_the_proxy_a_forged_left_entry_does_not_change_the_key(client, karin, behind_proxy):
    # nginx appends the address it saw; what the client sent itself stands to the left.
    for n in range(5):
        attempt(
            client,
            karin.username,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ALICE_ADDRESS}",
        )

    response = attempt(client, karin.username, f.PASSWORD, **via_proxy(ALICE_ADDRESS))

    assert response.status_code == 429


def test_a_forged_header_from_an_untrusted_peer_does_not_change_the_key(client, karin):
    for n in range(5):
        attempt(
            client,
            karin.username,
            REMOTE_ADDR=ALICE_ADDRESS,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    locked = attempt(
        client,
        karin.username,
        f.PASSWORD,
        REMOTE_ADDR=ALICE_ADDRESS,
        HTTP_X_FORWARDED_FOR=BERTIL_ADDRESS,
    )
    elsewhere = attempt(client, karin.username, f.PASSWORD, **direct(BERTIL_ADDRESS))

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("route", [direct, via_proxy], ids=["direct", "behind-proxy"])
def test_spraying_across_usernames_from_one_address_gets_locked(
    client, karin, behind_proxy, settings, route
):
    settings.SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
    meta = route(ALICE_ADDRESS)
    responses = [attempt(client, f"gissning{n}", **meta) for n in range(20)]

    assert [r.status_code for r in responses[:19]] == [200] * 19
    assert responses[19].status_code == 429
    # Even the right password for an untouched account is refused from that address ...
    assert attempt(client, karin.username, f.PASSWORD, **meta).status_code == 429
    # ... but not from another.
    assert attempt(client, karin.username, f.PASSWORD, **route(BERTIL_ADDRESS)).status_code == 302


def test_the_proxy_address_itself_is_not_what_gets_locked(client, karin, behind_proxy, settings):
    settings.SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
    for n in range(20):
        attempt(client, f"gissning{n}", **via_proxy(f"192.0.2.{n}"))

    response = attempt(client, karin.username, f.PASSWORD, **via_proxy(BERTIL_ADDRESS))

    assert response.status_code == 302


def test_several_trusted_proxies_are_walked_from_the_right(client, karin, settings):
    # nginx in front of a load balancer at 10.0.0.5: both are trusted, the client is not.
    settings.SFBV_TRUSTED_PROXIES = [
        ipaddress.ip_network("10.0.0.0/24"),
        ipaddress.ip_network(PROXY),
    ]
    chain = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.9, {ALICE_ADDRESS}, 10.0.0.5"}
    lock_out(client, karin.username, chain)

    from_alice = attempt(client, karin.username, f.PASSWORD, **via_proxy(ALICE_ADDRESS))
    from_bertil = attempt(client, karin.username, f.PASSWORD, **via_proxy(BERTIL_ADDRESS))

    assert from_alice.status_code == 429
    assert from_bertil.status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": ALICE_ADDRESS}, ALICE_ADDRESS),
        ({"REMOTE_ADDR": ALICE_ADDRESS, "HTTP_X_FORWARDED_FOR": BERTIL_ADDRESS}, ALICE_ADDRESS),
        ({"REMOTE_ADDR": PROXY}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": BERTIL_ADDRESS}, BERTIL_ADDRESS),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f" x, {BERTIL_ADDRESS} "}, BERTIL_ADDRESS),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::7"}, "2001:db8::7"),
        # A trusted proxy that passes on something other than an address: go no further.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "unknown"}, PROXY),
    ],
    ids=[
        "direct",
        "untrusted-peer-with-header",
        "proxy-without-header",
        "proxy",
        "proxy-with-client-written-entry",
        "ipv6",
        "proxy-passes-garbage",
    ],
)
def test_the_client_address_behind_a_trusted_proxy(rf, behind_proxy, meta, expected):
    request = rf.post("/logga-in/", **meta)

    assert client_ip_address(request) == expected
