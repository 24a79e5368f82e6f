"""Writing the slutrapport together: writers, conflicts, versions and review comments."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delprojekt.models import Dokument, Handelse, Kapitel, Status
from delprojekt.models.dokument import Granskningskommentar
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.slutrapport import (
    granskningskommentar_add,
    huvudansvarig_set,
    kapitel_skribent_set,
    may_edit_chapter,
)
from delprojekt.views.slutrapport import med_skrivande, skrivande_context
from tests import factories as f
from tests.conftest import deliver_mail, person_of
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.django_db


def _member(dp, username: str, namn: str, roll: str):
    user = f.UserFactory(username=username, first_name=namn.split()[0], last_name=namn.split()[-1])
    person = f.PersonFactory(namn=namn, user=user)
    f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=person, roll=roll)
    return user


@pytest.fixture
def dp(project_a, org, kansli, lg_members, ordforande):
    return walk_to(project_a, Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members)


@pytest.fixture
def skribent1(dp):
    return _member(dp, "skr1", "Siv Skribent", "skribent")


@pytest.fixture
def skribent2(dp):
    return _member(dp, "skr2", "Sune Skrivare", "skribent")


@pytest.fixture
def ledamot(dp):
    return _member(dp, "led", "Lena Ledamot", "ledamot")


@pytest.fixture
def kommunikator(dp):
    return _member(dp, "kom", "Kim Kommunikatör", "kommunikator")


def _kapitel_url(dp, nyckel="analys"):
    return reverse("delprojekt:kapitel", args=[dp.referens, "slutrapport", nyckel])


def _kommentar_url(dp, nyckel="analys"):
    return reverse("delprojekt:kapitel_kommentarer", args=[dp.referens, nyckel])


def _text(dp, nyckel="analys"):
    return Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel=nyckel)


# --- Two writers, conflicts and versions ---------------------------------------------------


def test_two_writers_conflict_keeps_both_texts(client, dp, skribent1, skribent2):
    version = _text(dp).version
    client.force_login(skribent1)
    r = client.post(_kapitel_url(dp), {"version": version, "text": "Siv skrev analysen."})
    assert r.status_code == 302
    saved = _text(dp)
    assert saved.text == "Siv skrev analysen."

    client.force_login(skribent2)
    r = client.post(_kapitel_url(dp), {"version": version, "text": "Sune skrev annat."})
    assert r.status_code == 200
    body = r.content.decode()
    assert "Någon annan har sparat kapitlet sedan du öppnade det" in body
    assert "Två texter att jämföra" in body
    assert "Siv skrev analysen." in body
    # The stale text is still in the box, now against the saved version.
    assert "Sune skrev annat.</textarea>" in body
    assert f'name="version" value="{saved.version}"' in body
    assert _text(dp).text == "Siv skrev analysen."
    assert _text(dp).version == saved.version


def test_version_diff_of_slutrapport_chapter(client, dp, skribent1):
    client.force_login(skribent1)
    v = _text(dp).version
    client.post(_kapitel_url(dp), {"version": v, "text": "Första raden.\nAndra raden."})
    client.post(_kapitel_url(dp), {"version": v + 1, "text": "Första raden.\nNy andra rad."})
    url = reverse("delprojekt:kapitel_versioner", args=[dp.referens, "slutrapport", "analys"])
    r = client.get(url, {"a": v + 1, "b": v + 2})
    assert r.status_code == 200
    body = r.content.decode()
    assert "<del" in body and "<ins" in body
    assert "Ny" in body


# --- Writers --------------------------------------------------------------------------------


def test_assigned_writer_without_role_edits_own_chapter_only(client, dp, ordforande, ledamot):
    client.force_login(ordforande)
    r = client.post(
        reverse("delprojekt:kapitel_skribent", args=[dp.referens, "analys"]),
        {"person": person_of(ledamot).pk},
    )
    assert r.status_code == 302
    assert _text(dp).skribent == person_of(ledamot)
    assert Handelse.objects.filter(delprojekt=dp, text__contains="Lena Ledamot skriver").exists()
    assert _text(dp).history.first().history_user == ordforande

    client.force_login(ledamot)
    assert client.get(_kapitel_url(dp)).status_code == 200
    r = client.post(_kapitel_url(dp), {"version": _text(dp).version, "text": "Lenas analys."})
    assert r.status_code == 302
    assert _text(dp).text == "Lenas analys."
    # Another chapter: 403, and the service refuses as well.
    assert client.get(_kapitel_url(dp, "nulage")).status_code == 403
    assert not may_edit_chapter(ledamot, dp, "nulage")
    # The page offers her a link to her own chapter.
    page = client.get(reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"]))
    assert _kapitel_url(dp) in page.content.decode()


def test_plain_member_403_outsider_404(client, dp, ledamot, outsider):
    client.force_login(ledamot)
    assert client.get(_kapitel_url(dp)).status_code == 403
    r = client.post(_kapitel_url(dp), {"version": 0, "text": "Nej."})
    assert r.status_code == 403
    assert (
        client.post(
            reverse("delprojekt:kapitel_skribent", args=[dp.referens, "analys"]),
            {"person": person_of(ledamot).pk},
        ).status_code
        == 403
    )
    client.force_login(outsider)
    assert client.get(_kapitel_url(dp)).status_code == 404
    assert client.get(_kommentar_url(dp)).status_code == 404
    assert _text(dp).skribent is None


def test_writer_must_be_group_member(dp, kansli, outsider):
    with pytest.raises(Invalid) as exc:
        kapitel_skribent_set(
            delprojekt=dp, user=kansli, nyckel="analys", person=person_of(outsider)
        )
    assert "arbetsgruppen" in exc.value.messages[0]
    assert _text(dp).skribent is None
    with pytest.raises(NotAllowed):
        huvudansvarig_set(delprojekt=dp, user=outsider, person=None)


def test_overview_shows_the_writers_compactly_with_the_forms_folded(client, dp, kansli, reader):
    url = reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"])
    client.force_login(kansli)
    body = client.get(url).content.decode()
    chapters = body.count('class="skrivande__rad"')
    assert chapters >= 5
    # One writer line per chapter; each chapter's form folded under its own "Ändra skribent".
    assert body.count("<summary>Ändra skribent<") == chapters
    assert body.count("<summary>Ändra huvudansvarig</summary>") == 1
    folded = re.findall(r'<details class="skrivande__andra">(.*?)</details>', body, re.S)
    assert len(folded) == chapters + 1
    assert all("<select" in d and "<button" in d for d in folded)
    assert body.count("<select") == len(folded)
    # Someone who may not assign writers sees the lines without a way to change them.
    client.force_login(reader)
    body = client.get(url).content.decode()
    assert body.count('class="skrivande__rad"') == chapters
    assert "Ändra skribent" not in body and "skrivande__andra" not in body


def test_huvudansvarig_shown(client, dp, kansli, skribent1, reader):
    client.force_login(kansli)
    r = client.post(
        reverse("delprojekt:slutrapport_huvudansvarig", args=[dp.referens]),
        {"person": person_of(skribent1).pk},
    )
    assert r.status_code == 302
    dokument = Dokument.objects.get(delprojekt=dp, typ="slutrapport")
    assert dokument.huvudansvarig == person_of(skribent1)
    assert dokument.history.first().history_user == kansli
    assert Handelse.objects.filter(delprojekt=dp, text__contains="huvudansvarig").exists()
    client.force_login(reader)
    page = client.get(reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"]))
    body = page.content.decode()
    assert "Huvudansvarig:" in body and "Siv Skribent" in body
    assert "Spara huvudansvarig" not in body
    r = client.post(
        reverse("delprojekt:slutrapport_huvudansvarig", args=[dp.referens]),
        {"person": ""},
    )
    assert r.status_code == 403
    assert Dokument.objects.get(pk=dokument.pk).huvudansvarig == person_of(skribent1)


# --- Review comments ------------------------------------------------------------------------


def test_comment_mails_writer(
    client, dp, kansli, kommunikator, skribent1, mailoutbox, django_capture_on_commit_callbacks
):
    kapitel_skribent_set(delprojekt=dp, user=kansli, nyckel="analys", person=person_of(skribent1))
    deliver_mail()  # what the set-up queued
    mailoutbox.clear()
    client.force_login(kommunikator)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(_kommentar_url(dp), {"text": "Förtydliga målgruppen."})
    assert r.status_code == 302
    k = Granskningskommentar.objects.get()
    assert k.skriven_av == kommunikator and k.lost is None
    assert k.history.first().history_user == kommunikator
    deliver_mail()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person_of(skribent1).epost]
    assert "Förtydliga målgruppen." in mailoutbox[0].body
    assert Handelse.objects.filter(delprojekt=dp, text__contains="granskningskommentar").exists()
    # Shown beside the editor.
    client.force_login(skribent1)
    assert "Förtydliga målgruppen." in client.get(_kapitel_url(dp)).content.decode()


def test_comment_without_writer_mails_huvudansvarig(
    dp, kansli, skribent2, samarbetsgrupp_user, mailoutbox, django_capture_on_commit_callbacks
):
    huvudansvarig_set(delprojekt=dp, user=kansli, person=person_of(skribent2))
    deliver_mail()  # what the set-up queued
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        granskningskommentar_add(kapitel=_text(dp), user=samarbetsgrupp_user, text="Källor?")
    deliver_mail()
    assert [m.to for m in mailoutbox] == [[person_of(skribent2).epost]]


def test_who_may_comment(client, dp, reader, outsider, ledamot):
    client.force_login(reader)
    assert client.get(_kommentar_url(dp)).status_code == 200
    assert client.post(_kommentar_url(dp), {"text": "Läsarens åsikt."}).status_code == 403
    client.force_login(outsider)
    assert client.post(_kommentar_url(dp), {"text": "Utifrån."}).status_code == 404
    client.force_login(ledamot)
    r = client.post(_kommentar_url(dp), {"text": "   "})
    assert r.status_code == 200
    assert "Skriv en kommentar." in r.content.decode()
    assert not Granskningskommentar.objects.exists()
    assert client.post(_kommentar_url(dp), {"text": "Ledamotens fråga."}).status_code == 302
    assert Granskningskommentar.objects.count() == 1


def test_resolve_and_reopen(client, dp, kansli, skribent1, ledamot, kommunikator):
    kapitel_skribent_set(delprojekt=dp, user=kansli, nyckel="analys", person=person_of(skribent1))
    k = granskningskommentar_add(kapitel=_text(dp), user=kommunikator, text="Stavfel.")
    url = reverse("delprojekt:kapitel_kommentar_status", args=[dp.referens, "analys", k.pk])
    client.force_login(ledamot)
    assert client.post(url, {"atgard": "los"}).status_code == 403
    assert Granskningskommentar.objects.get(pk=k.pk).lost is None
    client.force_login(skribent1)
    assert client.post(url, {"atgard": "los"}).status_code == 302
    k.refresh_from_db()
    assert k.lost is not None and k.lost_av == skribent1
    body = client.get(_kommentar_url(dp)).content.decode()
    assert "Löst av" in body and "Öppna igen" in body
    client.force_login(kommunikator)
    assert client.post(url, {"atgard": "oppna"}).status_code == 302
    k.refresh_from_db()
    assert k.lost is None and k.lost_av is None
    assert k.history.count() == 3
    assert Handelse.objects.filter(delprojekt=dp, text__contains="öppnad igen").exists()


def _page_queries(client, dp) -> int:
    url = reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_slutrapport_page_query_budget(
    client, dp, kansli, skribent1, skribent2, kommunikator, django_assert_max_num_queries
):
    client.force_login(kansli)
    before = _page_queries(client, dp)
    for nyckel, writer in (("nulage", skribent1), ("analys", skribent2), ("forslag", skribent1)):
        kapitel_skribent_set(delprojekt=dp, user=kansli, nyckel=nyckel, person=person_of(writer))
        for i in range(3):
            granskningskommentar_add(kapitel=_text(dp, nyckel), user=kommunikator, text=f"K{i}")
    huvudansvarig_set(delprojekt=dp, user=kansli, person=person_of(skribent1))
    # Writers and comments cost no query per chapter or comment.
    assert _page_queries(client, dp) == before
    url = reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"])
    # The report checks panel on the same page brings its own queries.
    with django_assert_max_num_queries(15):
        r = client.get(url)
    body = r.content.decode()
    assert "Sune Skrivare" in body
    assert "3 öppna kommentarer" in body
    # The writers' part of the page: one query for the group's members, none for a reader.
    kapitel = {
        k.nyckel: k
        for k in med_skrivande(
            Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="slutrapport"),
            "slutrapport",
        )
    }
    with django_assert_max_num_queries(1):
        ctx = skrivande_context(kansli, dp, kapitel)
    assert ctx["huvudansvarig"] == person_of(skribent1)
    assert ctx["skrivande"]["analys"]["oppna"] == 3
