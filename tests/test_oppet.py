"""The public part: the kansli's publication decisions and the pages under /oppet/.

``publicerat`` is project A, published, with something of every kind: decisions (one
appointing the working group, whose text names people), a recommendation with
implementation status, a region's decision, a frozen slutrapport and a handed-in
follow-up report, and secrets that must never show (the underlag, a position's
motivation, comments, names). ``opublicerat`` is project B with the same kinds of
records, never published.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Nomineringsstatus,
    Rapportversion,
    Referensserie,
    Rekommendation,
    Stallningstagande,
)
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from oppet import oppna_data
from oppet.models import Publicering, Publiceringsbeslut
from oppet.services.publicering import publicering_record
from tests import factories as f
from tests.conftest import deliver_mail, person_of, today
from uppfoljning.models import (
    Inforandestatus,
    Omgangsstatus,
    Uppfoljningsomgang,
    Uppfoljningsrapport,
)

HEMLIGT = [
    "HEMLIGT-UNDERLAG",
    "HEMLIG-MOTIVERING",
    "HEMLIG-INFORANDEKOMMENTAR",
    "HEMLIG-REGIONKOMMENTAR",
    "Olof Ordförande",
    "Kerstin Kanslisson",
    "Linnea Ledamot",
    "UTSER-ARBETSGRUPPEN",
]


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _fill(dp: Delprojekt, org, kansli, *, titel_ord: str) -> dict:
    """Records of every public and non-public kind on ``dp``."""
    Delprojekt.objects.filter(pk=dp.pk).update(
        syfte=f"Syftet med {titel_ord} är jämlik vård.",
        mal=f"Målet för {titel_ord} är kortare väntetider.",
        underlag="HEMLIGT-UNDERLAG",
    )
    dp.regioner.set(org.regioner[:3])
    dp.fokusomraden.set(org.fokus[:1])
    namnd = Beslut.objects.create(
        delprojekt=dp,
        organ=org.namnd,
        datum=today(),
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext=f"Nämnden rekommenderar regionerna att införa {titel_ord}.",
        paragraf=f"§ 3/{today().year}",
    )
    utser = Beslut.objects.create(
        delprojekt=dp,
        organ=org.ledningsgrupp,
        datum=today(),
        utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD,
        beslutstext="UTSER-ARBETSGRUPPEN Olof Ordförande och Linnea Ledamot.",
    )
    rek = Rekommendation.objects.create(beslut=namnd, text=f"Inför {titel_ord} i varje region.")
    Inforandestatus.objects.create(
        rekommendation=rek,
        region=org.regioner[0],
        status=Inforandestatus.Status.PAGAR,
        kommentar="HEMLIG-INFORANDEKOMMENTAR",
    )
    Huvudmannabeslut.objects.create(
        delprojekt=dp,
        region=org.regioner[0],
        niva=Huvudmannabeslut.Niva.POLITISK,
        organ_namn="Regionstyrelsen",
        datum=today(),
        diarienummer="RS 2026/1",
        kommentar="HEMLIG-REGIONKOMMENTAR",
    )
    arende = Handelse.objects.create(
        delprojekt=dp, typ=Handelse.Typ.OVERGANG, aktor="Kerstin Kanslisson", text="Till LG"
    )
    Stallningstagande.objects.create(
        delprojekt=dp,
        arende=arende,
        person=person_of(kansli),
        position=Stallningstagande.Position.RESERVATION,
        motivering="HEMLIG-MOTIVERING",
    )
    pdf = _pdf()
    fil = default_storage.save(f"slutrapporter/{dp.referens}.pdf", ContentFile(pdf))
    version = Rapportversion.objects.create(
        delprojekt=dp, nummer=1, fil=fil, sha256="a" * 64, sidor=1, beslut=namnd
    )
    omgang = Uppfoljningsomgang.objects.create(delprojekt=dp, forfallodatum=today())
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        status=Omgangsstatus.INLAMNAD, inlamnad=timezone.now()
    )
    upp_fil = default_storage.save(f"uppfoljning/{dp.referens}.pdf", ContentFile(pdf))
    rapport = Uppfoljningsrapport.objects.create(
        omgang=omgang, slutsatser="Genomfört.", pdf=upp_fil, pdf_sha256="b" * 64
    )
    dp.refresh_from_db()
    return {"dp": dp, "namnd": namnd, "utser": utser, "version": version, "rapport": rapport}


@pytest.fixture
def publicerat(project_a, ordforande, kansli, org):
    data = _fill(project_a, org, kansli, titel_ord="ryggkirurgi")
    Delprojekt.objects.filter(pk=project_a.pk).update(kontaktperson=person_of(kansli))
    publicering_record(delprojekt=project_a, user=kansli, publicerad=True)
    return data


@pytest.fixture
def opublicerat(project_b, ledamot_b, kansli, org):
    return _fill(project_b, org, kansli, titel_ord="barnreumatologi")


def fetch(client: Client, url: str, **extra):
    """GET ``url``; a streamed file is read to the end, where the test client closes it
    (closing it here would also close the database connection, as at a request's end)."""
    response = client.get(url, **extra)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def public_urls(data: dict) -> list[str]:
    ref = data["dp"].referens
    return [
        reverse("oppet:delprojekt", args=[ref]),
        reverse("oppet:slutrapport", args=[ref, data["version"].nummer]),
        reverse("oppet:uppfoljningsrapport", args=[ref, data["rapport"].omgang.nummer]),
    ]


PAGES = [
    "oppet:lista",
    "oppet:beslut_oversikt",
    "oppet:flode",
    "oppet:data",
    "oppet:data_zip",
    "oppet:data_json",
    "oppet:tillganglighet",
    "oppet:rapportera",
    "oppet:tack",
]


def all_public_text(client: Client, data: dict) -> str:
    """Every public page, the feed, the open data (unzipped) as one text."""
    texts = []
    urls = [reverse(n) for n in PAGES] + [reverse("oppet:delprojekt", args=[data["dp"].referens])]
    urls.append(reverse("oppet:beslut", args=["namnd", today().year]))
    urls.append(reverse("oppet:beslut", args=["ledningsgrupp", today().year]))
    for url in urls:
        response = client.get(url)
        if url.endswith(".zip"):
            assert response.status_code == 200
            with zipfile.ZipFile(io.BytesIO(response.content)) as z:
                texts += [z.read(n).decode() for n in z.namelist()]
        else:
            assert response.status_code in (200, 404), url
            texts.append(response.content.decode())
    return "\n".join(texts)


# --- Publication decisions ------------------------------------------------------------


def test_kansli_publishes_and_withdraws_and_both_are_recorded(client, kansli, project_a):
    client.force_login(kansli)
    url = reverse("publicering:sida", args=[project_a.referens])
    response = client.post(
        url,
        {
            "handling": "publicera",
            "publicerad_nu": "",
            "roller": ["ordforande"],
            "datum": today().isoformat(),
            "motivering": "Klart att visa.",
        },
    )
    assert response.status_code == 302
    nu = Publicering.objects.get(delprojekt=project_a)
    assert nu.publicerad and nu.roller == ["ordforande"] and nu.publicerad_sedan == today()
    response = client.post(
        url,
        {"handling": "aterkalla", "publicerad_nu": "True", "datum": today().isoformat()},
    )
    assert response.status_code == 302
    nu.refresh_from_db()
    assert not nu.publicerad and nu.roller == [] and nu.publicerad_sedan is None
    logg = list(Publiceringsbeslut.objects.filter(delprojekt=project_a).order_by("pk"))
    assert [b.publicerad for b in logg] == [True, False]
    assert all(b.beslutat_av == kansli and b.beslutat_av_namn == "Kerstin Kanslisson" for b in logg)
    assert logg[0].motivering == "Klart att visa." and logg[0].registrerat <= timezone.now()
    assert logg[0].history.first().history_user == kansli
    texts = list(
        Handelse.objects.filter(delprojekt=project_a, typ=Handelse.Typ.ANDRING).values_list(
            "text", flat=True
        )
    )
    assert any("Publicerat på den öppna webbplatsen" in t for t in texts)
    assert any("Publiceringen återkallad" in t for t in texts)
    # The log page lists both, newest first.
    page = client.get(url).content.decode()
    assert page.index("Återkalla</td>") < page.index("Publicera</td>")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reader", 403), ("ordforande", 403), ("lg", 403), ("outsider", 404), ("anonym", 302)],
)
def test_only_the_kansli_may_publish(
    client, persona, status, project_a, request, reader, lg_members
):
    users = {"reader": reader, "lg": lg_members[0]}
    if persona == "ordforande":
        users["ordforande"] = request.getfixturevalue("ordforande")
    if persona == "outsider":
        users["outsider"] = request.getfixturevalue("outsider")
    if persona != "anonym":
        client.force_login(users[persona])
    url = reverse("publicering:sida", args=[project_a.referens])
    data = {"handling": "publicera", "datum": today().isoformat()}
    assert client.post(url, data).status_code == status
    assert client.get(url).status_code == status
    assert not Publiceringsbeslut.objects.exists()
    if persona != "anonym":
        with pytest.raises(NotAllowed):
            publicering_record(delprojekt=project_a, user=users[persona], publicerad=True)


def test_the_project_page_shows_the_section_to_the_kansli_only(client, kansli, reader, project_a):
    client.force_login(kansli)
    page = client.get(project_a.get_absolute_url()).content.decode()
    assert 'id="publicering-rubrik"' in page and "Publicera" in page
    client.force_login(reader)
    page = client.get(project_a.get_absolute_url()).content.decode()
    assert 'id="publicering-rubrik"' not in page


def test_bad_publication_input_is_refused_in_swedish(client, kansli, project_a):
    client.force_login(kansli)
    url = reverse("publicering:sida", args=[project_a.referens])
    future = (today() + timezone.timedelta(days=3)).isoformat()
    response = client.post(url, {"handling": "publicera", "datum": future})
    assert response.status_code == 200
    assert "Beslutsdatumet kan inte ligga i framtiden." in response.content.decode()
    response = client.post(url, {"handling": "publicera", "datum": "", "roller": ["ledamot"]})
    content = response.content.decode()
    assert "Ange beslutsdatum." in content and "Välj ett giltigt alternativ" in content
    response = client.post(url, {"handling": "aterkalla", "datum": today().isoformat()})
    assert "Delprojektet är inte publicerat." in response.content.decode()
    response = client.post(url, {"handling": "radera", "datum": today().isoformat()})
    assert "Välj att publicera eller att återkalla" in response.content.decode()
    # An empty post is a form with its errors, not a server error.
    response = client.post(url, {})
    assert response.status_code == 200 and "Välj att publicera" in response.content.decode()
    assert not Publiceringsbeslut.objects.exists()
    with pytest.raises(Invalid):
        publicering_record(delprojekt=project_a, user=kansli, publicerad=True, roller=["ledamot"])


def test_a_repeated_decision_changes_nothing_and_a_stale_form_is_refused(kansli, project_a):
    assert publicering_record(delprojekt=project_a, user=kansli, publicerad=True) is not None
    assert publicering_record(delprojekt=project_a, user=kansli, publicerad=True) is None
    with pytest.raises(StaleState):
        publicering_record(
            delprojekt=project_a, user=kansli, publicerad=True, roller=[], publicerad_nu=False
        )
    assert Publiceringsbeslut.objects.count() == 1


# --- Public pages ----------------------------------------------------------------------


def test_an_anonymous_visitor_reads_a_published_project(client, publicerat):
    dp = publicerat["dp"]
    page = client.get(reverse("oppet:delprojekt", args=[dp.referens]))
    assert page.status_code == 200
    content = page.content.decode()
    for text in (
        dp.titel,
        dp.referens,
        "Syftet med ryggkirurgi",
        "Målet för ryggkirurgi",
        "Region Blekinge",
        "Jämlikhet",
        "Nämnden rekommenderar regionerna",
        f"§ 3/{today().year}",
        "Inför ryggkirurgi i varje region.",
        "Pågår",
        "Regionstyrelsen",
        "RS 2026/1",
    ):
        assert text in content, text
    assert "Logga ut" not in content and "Huvudmeny" in content
    for url in public_urls(publicerat)[1:]:
        response = fetch(client, url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.body.startswith(b"%PDF")


def test_every_public_url_of_an_unpublished_project_answers_404(
    client, publicerat, opublicerat, kansli
):
    for url in public_urls(opublicerat):
        assert fetch(client, url).status_code == 404, url
    # Its decisions are in no list and its reference in no page, feed or data.
    text = all_public_text(client, publicerat)
    assert opublicerat["dp"].referens not in text
    assert "barnreumatologi" not in text
    # Withdrawn, the published project answers 404 everywhere too.
    publicering_record(delprojekt=publicerat["dp"], user=kansli, publicerad=False)
    for url in public_urls(publicerat):
        assert client.get(url).status_code == 404, url
    ar = today().year
    assert client.get(reverse("oppet:beslut", args=["namnd", ar])).status_code == 404
    assert publicerat["dp"].referens not in all_public_text(client, publicerat)


def test_nothing_unpublished_working_or_personal_shows(client, publicerat):
    text = all_public_text(client, publicerat)
    for secret in HEMLIGT:
        assert secret not in text, secret


def test_names_show_only_for_the_roles_the_kansli_chose(client, publicerat, kansli):
    dp = publicerat["dp"]
    f.ArbetsgruppsmedlemskapFactory._meta.model.objects.filter(delprojekt=dp).update(
        status=Nomineringsstatus.UTSEDD
    )
    publicering_record(delprojekt=dp, user=kansli, publicerad=True, roller=["ordforande"])
    text = all_public_text(client, publicerat)
    assert "Olof Ordförande" in text
    assert "Kerstin Kanslisson" not in text and "HEMLIG-MOTIVERING" not in text


def test_the_list_filters_and_searches(client, publicerat, org, kansli):
    # The year filter offers the years that have a reference series.
    Referensserie.objects.create(prefix="SFBV", ar=2025, senaste=1)
    other = Delprojekt.objects.create(
        referens="SFBV-2025-001",
        prefix="SFBV",
        ar=2025,
        lopnummer=1,
        titel="Hörselimplantat",
        ursprung="ledningsgrupp",
        syfte="Bättre hörsel.",
    )
    other.regioner.set([org.regioner[3]])
    other.fokusomraden.set([org.fokus[2]])
    publicering_record(delprojekt=other, user=kansli, publicerad=True)
    dp = publicerat["dp"]
    url = reverse("oppet:lista")

    def titles(params: dict) -> set[str]:
        content = client.get(url, params).content.decode()
        return {t for t in (dp.titel, other.titel) if f">{t}</a>" in content}

    assert titles({}) == {dp.titel, other.titel}
    assert titles({"region": org.regioner[3].pk}) == {other.titel}
    assert titles({"fokus": org.fokus[0].pk}) == {dp.titel}
    assert titles({"ar": 2025}) == {other.titel}
    assert titles({"status": dp.status}) == {dp.titel, other.titel}
    assert titles({"status": "fas:arbete"}) == set()
    assert titles({"q": "hörsel"}) == {other.titel}
    assert titles({"q": "jämlik vård"}) == {dp.titel}
    # The underlag is not public, so it is not searched either.
    assert titles({"q": "HEMLIGT-UNDERLAG"}) == set()
    # A bad filter is ignored with a message, never a 500.
    response = client.get(url, {"region": "x'; drop", "ar": "99999999999"})
    assert response.status_code == 200 and "ogiltigt" in response.content.decode()


def test_decisions_by_body_and_year(client, publicerat):
    ar = today().year
    overview = client.get(reverse("oppet:beslut_oversikt")).content.decode()
    assert reverse("oppet:beslut", args=["namnd", ar]) in overview
    page = client.get(reverse("oppet:beslut", args=["namnd", ar])).content.decode()
    assert "Nämnden rekommenderar regionerna" in page and f"§ 3/{ar}" in page
    # The appointment is the ledningsgrupp's only decision and is never shown.
    assert client.get(reverse("oppet:beslut", args=["ledningsgrupp", ar])).status_code == 404
    assert client.get(reverse("oppet:beslut", args=["namnd", ar - 5])).status_code == 404
    assert client.get(reverse("oppet:beslut", args=["kansli", ar])).status_code == 404


def test_the_atom_feed_lists_decisions_and_reports(client, publicerat):
    response = client.get(reverse("oppet:flode"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the application's own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any("Södra regionvårdsnämnden" in t and "Ryggkirurgi" in t for t in titles)
    assert any(t.startswith("Slutrapport: Ryggkirurgi") for t in titles)
    assert any(t.startswith("Uppföljningsrapport 1: Ryggkirurgi") for t in titles)
    assert len(titles) == 3
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(set(ids)) == 3


def test_open_data_zip_and_json(client, publicerat):
    response = client.get(reverse("oppet:data_zip"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        names = set(z.namelist())
        assert names == {"README.txt"} | {f"{t.namn}.csv" for t in oppna_data.TABELLER}
        readme = z.read("README.txt").decode("utf-8")
        for t in oppna_data.TABELLER:
            rows = list(csv.reader(io.StringIO(z.read(f"{t.namn}.csv").decode("utf-8"))))
            assert rows[0] == [k for k, _b in t.kolumner]
            for k, _b in t.kolumner:
                assert k in readme
        projekt = list(csv.DictReader(io.StringIO(z.read("delprojekt.csv").decode("utf-8"))))
        beslut = list(csv.DictReader(io.StringIO(z.read("beslut.csv").decode("utf-8"))))
    assert [p["referens"] for p in projekt] == [publicerat["dp"].referens]
    assert projekt[0]["regioner"] == "Region Blekinge|Region Halland|Region Kronoberg"
    assert [b["utfall"] for b in beslut] == ["rekommendation"]
    data = json.loads(client.get(reverse("oppet:data_json")).content)
    assert data["tabeller"]["delprojekt"][0]["referens"] == publicerat["dp"].referens
    assert set(data["kolumner"]) == {t.namn for t in oppna_data.TABELLER}
    assert len(data["tabeller"]["dokument"]) == 2


def test_open_data_is_built_once_and_again_after_a_publication(
    client, publicerat, kansli, monkeypatch, opublicerat
):
    calls = []
    real = oppna_data.bygg

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(oppna_data, "bygg", counting)
    for _ in range(3):
        client.get(reverse("oppet:data_zip"))
        client.get(reverse("oppet:data_json"))
    assert len(calls) == 1
    publicering_record(delprojekt=opublicerat["dp"], user=kansli, publicerad=True)
    data = json.loads(client.get(reverse("oppet:data_json")).content)
    assert len(calls) == 2
    assert {p["referens"] for p in data["tabeller"]["delprojekt"]} == {
        publicerat["dp"].referens,
        opublicerat["dp"].referens,
    }


# --- Caching ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "oppet:lista",
        "oppet:beslut_oversikt",
        "oppet:flode",
        "oppet:data",
        "oppet:data_json",
        "oppet:tillganglighet",
    ],
)
def test_public_pages_have_etag_cache_control_and_answer_304(client, publicerat, name, kansli):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # A publication decision changes what the pages show, and so the ETag.
    publicering_record(
        delprojekt=publicerat["dp"], user=kansli, publicerad=True, roller=["ordforande"]
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_project_page_and_pdfs_answer_304(client, publicerat):
    for url in public_urls(publicerat):
        response = fetch(client, url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        assert fetch(client, url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_public_page_is_built_once_until_something_public_changes(
    client, publicerat, kansli, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("oppet:delprojekt", args=[publicerat["dp"].referens])
    first = client.get(url)
    # Nothing is read: the fingerprint is this process's, the page comes from the cache.
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    publicering_record(delprojekt=publicerat["dp"], user=kansli, publicerad=False)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 404


def test_each_process_reads_the_fingerprint_at_most_once_per_setting(
    client, publicerat, settings, django_assert_num_queries
):
    settings.SFBV_OPPET_VERSION_SEKUNDER = 60
    url = reverse("oppet:lista")
    first = client.get(url)
    # A change this process did not see (another worker's, here a bulk update that sends
    # no signal) shows once the setting's seconds are over, not before.
    Publicering.objects.filter(delprojekt=publicerat["dp"]).update(
        andrad=timezone.now() + datetime.timedelta(minutes=1)
    )
    with django_assert_num_queries(0):
        same = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    settings.SFBV_OPPET_VERSION_SEKUNDER = 0
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_change_saved_by_this_process_shows_at_once(client, publicerat, kansli, settings):
    settings.SFBV_OPPET_VERSION_SEKUNDER = 3600
    url = reverse("oppet:delprojekt", args=[publicerat["dp"].referens])
    assert client.get(url).status_code == 200
    publicering_record(delprojekt=publicerat["dp"], user=kansli, publicerad=False)
    assert client.get(url).status_code == 404


def test_the_report_form_is_never_stored_by_shared_caches(client, samverkan):
    response = client.get(reverse("oppet:rapportera"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_public_pages_refuse_writes(client, publicerat):
    assert client.post(reverse("oppet:lista")).status_code == 405
    assert client.post(reverse("oppet:data_zip")).status_code == 405


# --- The setting -----------------------------------------------------------------------


def test_the_setting_switches_the_public_part_off(client, publicerat, settings, kansli):
    settings.SFBV_OPPET = False
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("oppet:rapportera"), {"beskrivning": "x" * 20}).status_code == 404
    for url in public_urls(publicerat):
        assert client.get(url).status_code == 404, url
    assert "/oppet/" not in client.get(reverse("login")).content.decode()
    settings.SFBV_OPPET = True
    assert 'href="/oppet/"' in client.get(reverse("login")).content.decode()
    client.force_login(kansli)
    assert 'href="/oppet/"' in client.get(reverse("start")).content.decode()


# --- Accessibility report --------------------------------------------------------------


def test_an_accessibility_report_is_mailed_to_the_kansli(client, kansli, mailoutbox):
    person = person_of(kansli)
    person.epost = "kansli@example.se"
    person.save()
    response = client.post(
        reverse("oppet:rapportera"),
        {
            "beskrivning": "Knappen Visa går inte att nå med tangentbordet.",
            "sida": "/oppet/",
            "epost": "besokare@example.se",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("oppet:tack")
    assert deliver_mail() == 1
    (mail,) = mailoutbox
    assert mail.to == ["kansli@example.se"] and mail.reply_to == ["besokare@example.se"]
    assert "Knappen Visa går inte att nå" in mail.body and "/oppet/" in mail.body


def test_bad_report_input_gets_swedish_errors_and_sends_nothing(client, kansli, mailoutbox):
    url = reverse("oppet:rapportera")
    response = client.post(url, {"beskrivning": "", "epost": "inte-en-adress"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Beskriv vad som inte fungerar." in content
    assert "Skriv en giltig e-postadress" in content
    response = client.post(url, {"beskrivning": "kort"})
    assert "minst 10 tecken" in response.content.decode()
    response = client.post(url, {})
    assert (
        response.status_code == 400
        and "Beskriv vad som inte fungerar." in response.content.decode()
    )
    response = client.post(url, {"beskrivning": "Tecken \x00 som inte hör hemma här"})
    assert response.status_code == 400
    assert deliver_mail() == 0 and mailoutbox == []


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client, kansli, mailoutbox):
    response = client.post(
        reverse("oppet:rapportera"),
        {"beskrivning": "Köp billiga klockor här!", "webbplats": "http://spam.example"},
    )
    assert response.status_code == 302
    assert deliver_mail() == 0


def test_reports_are_throttled_per_address(client, kansli, settings):
    settings.SFBV_OPPET_RAPPORTER_PER_TIMME = 2
    url = reverse("oppet:rapportera")
    data = {"beskrivning": "Kontrasten är för låg på knappen."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Vänta en timme" in response.content.decode()
    assert client.post(url, {}).status_code == 429
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(url, data).status_code == 302


def test_the_report_form_needs_its_csrf_token(kansli):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("oppet:rapportera"), {"beskrivning": "Något fungerar inte."})
    assert response.status_code == 403


def test_the_statement_follows_diggs_form(client, db):
    content = client.get(reverse("oppet:tillganglighet")).content.decode()
    for text in (
        "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "Innehåll som inte är tillgängligt",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Myndigheten för digital förvaltning (Digg)",
        "https://www.digg.se/tdosanmalan",
        "Hur vi testat webbplatsen",
        "Bedömningen gjordes senast",
        reverse("oppet:rapportera"),
    ):
        assert text in content, text


# --- Query budgets ---------------------------------------------------------------------


def test_public_pages_stay_within_the_query_budget(
    client, publicerat, django_assert_max_num_queries, org, kansli
):
    for i in range(2, 12):
        dp = Delprojekt.objects.create(
            referens=f"SFBV-2024-{i:03d}",
            prefix="SFBV",
            ar=2024,
            lopnummer=i,
            titel=f"P{i}",
            ursprung="ledningsgrupp",
        )
        dp.regioner.set(org.regioner)
        publicering_record(delprojekt=dp, user=kansli, publicerad=True)
    ar = today().year
    urls = [reverse(n) for n in PAGES if n != "oppet:rapportera"] + [
        reverse("oppet:lista") + f"?q=P&region={org.regioner[0].pk}",
        reverse("oppet:beslut", args=["namnd", ar]),
        *public_urls(publicerat),
    ]
    for url in urls:
        with django_assert_max_num_queries(15):
            assert fetch(client, url).status_code == 200, url
    with django_assert_max_num_queries(15):
        client.get(reverse("oppet:rapportera"))


def test_the_docs_list_every_open_data_column():
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "oppet.md").read_text()
    for t in oppna_data.TABELLER:
        rad = next(line for line in docs.splitlines() if line.startswith(f"| `{t.namn}.csv`"))
        for k, _b in t.kolumner:
            assert f"`{k}`" in rad, (t.namn, k)
