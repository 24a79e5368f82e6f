"""The user guide: its chapters, pictures and pages, and the Hjälp link on every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from delprojekt.permissions import Roller, roller_for
from hjalp import bilder
from hjalp.kapitel import HJALP, KAPITEL, avsnitt_for, hjalp_url, kapitel_fil
from hjalp.views import guide_html
from tests.browser.test_telefon import NOT_PAGES, url_names

GUIDE = settings.BASE_DIR / "docs" / "guide"
BILD_I_TEXT = re.compile(r"!\[[^\]]+\]\(bilder/([\w-]+\.png)\)")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" and v)


def _ids(slug: str) -> set[str]:
    parser = _Ids()
    parser.feed(str(guide_html(kapitel_fil(slug).read_text(encoding="utf-8"))))
    return parser.ids


def test_every_section_the_help_links_name_is_in_its_chapter():
    ids = {k.slug: _ids(k.slug) for k in KAPITEL}
    missing = [
        f"{page} -> {slug}#{anchor}"
        for page, sections in HJALP.items()
        for slug, anchor in sections
        if slug not in ids or (anchor and anchor not in ids[slug])
    ]
    assert not missing, "Hjälplänkar till avsnitt som inte finns:\n" + "\n".join(missing)


def test_every_page_of_the_application_has_its_help():
    pages = {
        name
        for name in url_names() - NOT_PAGES
        if not name.startswith(("oppet:", "admin:"))  # the public part has its own layout
    }
    without = sorted(
        name for name in pages if name not in HJALP and f"{name.rpartition(':')[0]}:*" not in HJALP
    )
    assert not without, f"Sidor utan avsnitt i användarguiden (hjalp/kapitel.py): {without}"


def test_every_picture_in_the_chapters_exists_and_every_picture_is_used():
    used = set()
    for path in GUIDE.glob("*.md"):
        used |= set(BILD_I_TEXT.findall(path.read_text(encoding="utf-8")))
    on_disk = {p.name for p in (GUIDE / "bilder").glob("*.png")}
    assert used, "kapitlen har inga bilder"
    assert used - on_disk == set(), "bilder som saknas (kör bin/guide-bilder)"
    assert on_disk - used == set(), "bilder som inget kapitel visar"
    # The script makes exactly the pictures the chapters show.
    made = set(re.findall(r'f\.bild\(\s*page,\s*"([\w-]+)"', Path(bilder.__file__).read_text()))
    assert {f"{name}.png" for name in made} == used


def test_the_pictures_are_small():
    pictures = list((GUIDE / "bilder").glob("*.png"))
    total = sum(p.stat().st_size for p in pictures)
    assert total < 3 * 1024 * 1024
    assert all(p.stat().st_size < 300 * 1024 for p in pictures)


def test_the_guide_never_names_a_samverkan():
    for path in GUIDE.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for name in ("SFBV", "Södra", "Samarbete för bättre vård"):
            assert name not in text, f"{path.name} nämner {name}"


def test_help_follows_the_page_and_the_role():
    kansli = Roller(person_id=1, kansli=True, organ_typer=frozenset({"kansli"}))
    lasare = Roller(person_id=2, lasare=True)
    lg = Roller(person_id=3, ledningsgrupp=True, organ_typer=frozenset({"ledningsgrupp"}))
    ingen = Roller(person_id=4)

    assert avsnitt_for("delprojekt:portfolio", kansli, inloggad=True) == ("kansli", "portföljen")
    assert avsnitt_for("delprojekt:portfolio", lasare, inloggad=True)[0] == "lasare"
    # A page of one role's work links there whoever looks at it.
    assert avsnitt_for("delprojekt:kapitel", kansli, inloggad=True)[0] == "arbetsgrupp"
    assert avsnitt_for("beslut:mina", lg, inloggad=True) == ("ledningsgrupp", "min-beslutskö")
    assert avsnitt_for("sammantrade:detalj", kansli, inloggad=True)[0] == "kansli"
    assert avsnitt_for("sammantrade:detalj", lg, inloggad=True)[0] == "ledningsgrupp"
    # The project page: the working group's chapter for someone with no other role.
    assert avsnitt_for("delprojekt:detail", ingen, inloggad=True)[0] == "arbetsgrupp"
    # The start page and an unknown page: the role's own chapter.
    assert avsnitt_for("start", kansli, inloggad=True) == ("kansli", "")
    assert avsnitt_for("start", lg, inloggad=True) == ("ledningsgrupp", "")
    assert avsnitt_for(None, lasare, inloggad=True) == ("lasare", "")
    assert avsnitt_for("start", ingen, inloggad=True) == ("arbetsgrupp", "")
    # Not logged in: how to log in.
    assert avsnitt_for("login", Roller(), inloggad=False) == ("kom-igang", "logga-in")


@pytest.mark.django_db
def test_the_help_link_costs_no_query_once_the_roles_are_known(kansli, django_assert_num_queries):
    roller = roller_for(kansli)
    with django_assert_num_queries(0):
        url = hjalp_url(resolve(reverse("delprojekt:portfolio")), roller, inloggad=True)
    assert url == reverse("hjalp:kapitel", args=["kansli"]) + "#portföljen"


@pytest.mark.django_db
def test_every_page_carries_the_help_link(client, kansli, reader):
    response = client.get(reverse("login"))
    assert 'rel="help" href="/hjalp/kom-igang/#logga-in"' in response.content.decode()

    client.force_login(kansli)
    html = client.get(reverse("delprojekt:portfolio")).content.decode()
    assert 'rel="help" href="/hjalp/kansli/#portföljen"' in html
    client.force_login(reader)
    html = client.get(reverse("delprojekt:portfolio")).content.decode()
    assert 'rel="help" href="/hjalp/lasare/#portföljen-och-filtren"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [k.slug for k in KAPITEL])
def test_each_chapter_is_a_page_for_anyone(client, slug, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("hjalp:kapitel", args=[slug]))
    assert response.status_code == 200
    html = response.content.decode()
    titel = next(k.titel for k in KAPITEL if k.slug == slug)
    assert "<h1 id=" in html and titel in html
    # Pictures from the static files, links to the other chapters inside the application.
    assert "bilder/" not in html and ".md" not in html
    if BILD_I_TEXT.search(kapitel_fil(slug).read_text(encoding="utf-8")):
        assert '<img alt="' in html and 'src="/static/guide/' in html


@pytest.mark.django_db
def test_the_index_lists_the_chapters(client, kansli, django_assert_max_num_queries):
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("hjalp:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for k in KAPITEL:
        assert f'href="/hjalp/{k.slug}/"' in html


@pytest.mark.django_db
def test_a_chapter_that_is_not_declared_is_not_found(client):
    assert client.get("/hjalp/finns-inte/").status_code == 404
    assert client.get("/hjalp/README/").status_code == 404


def test_the_guide_keeps_what_markdown_must_not_let_through():
    html = str(guide_html("# Rubrik\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"))
    assert "<script" not in html and "javascript:" not in html
    assert '<h1 id="rubrik">' in html
