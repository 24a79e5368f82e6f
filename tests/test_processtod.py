"""Processtöd posts and their invoices: the services' rules and Swedish refusals, who may
read and edit, the overview and its XLSX, the project page's section, query budgets."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from delprojekt.permissions import GRUPP_SAMORDNARE
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from processtod.models import Fakturastatus, Processtodsfaktura, Processtodstjanst
from processtod.services.tjanster import faktura_delete, faktura_save, tjanst_delete, tjanst_save
from tests import factories as f
from tests.conftest import person_of

pytestmark = pytest.mark.django_db

AR = 2026


def _samordnare(username: str, region):
    user = f.UserFactory(username=username)
    f.PersonFactory(namn=f"Samordnare {region.kortnamn}", user=user, region=region)
    user.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    return user


@pytest.fixture
def samordnare_ble(org):
    return _samordnare("samble", org.regioner[0])


def _tjanst(kansli, region, **kwargs) -> Processtodstjanst:
    data = {
        "benamning": "Processtöd 1",
        "region": region,
        "person": f.PersonFactory(namn="Pia Processtöd", region=region),
        "fran": datetime.date(AR, 1, 1),
        "till": datetime.date(AR, 12, 31),
        "tjanstgoringsgrad": Decimal(100),
        "medfinansiering": Decimal(50),
        "tid_sjukvardsregion": Decimal(20),
        "manadslon": Decimal(50000),
    }
    data.update(kwargs)
    return tjanst_save(user=kansli, **data)


@pytest.fixture
def tjanst_ble(org, kansli):
    return _tjanst(kansli, org.regioner[0])


@pytest.fixture
def tjanst_ska(org, kansli):
    return _tjanst(kansli, org.regioner[3], benamning="Processtöd 2")


# --- The model's arithmetic -------------------------------------------------------------


def test_months_of_a_half_year_count_partly_covered_months_by_their_days():
    t = Processtodstjanst(fran=datetime.date(AR, 3, 1), till=datetime.date(AR + 1, 2, 28))
    assert t.manader_i_halvar(AR, 1) == Decimal(4)
    assert t.manader_i_halvar(AR, 2) == Decimal(6)
    assert t.manader_i_halvar(AR - 1, 2) == 0
    half = Processtodstjanst(fran=datetime.date(AR, 6, 16), till=datetime.date(AR, 12, 31))
    assert half.manader_i_halvar(AR, 1) == Decimal("0.50")


def test_the_suggested_amount_is_salary_times_months_times_share_times_co_financing():
    t = Processtodstjanst(
        fran=datetime.date(AR, 1, 1),
        till=datetime.date(AR, 12, 31),
        tjanstgoringsgrad=Decimal(50),
        medfinansiering=Decimal(50),
        manadslon=Decimal(48000),
    )
    # 48 000 × 6 months × 50 % of full time × 50 % = 72 000
    assert t.foreslaget_belopp(AR, 1) == Decimal(72000)
    assert t.foreslaget_belopp(AR, 2, Decimal(50000)) == Decimal(75000)
    t.manadslon = None
    assert t.foreslaget_belopp(AR, 1) is None


# --- Posts: the service ------------------------------------------------------------------


def test_a_post_is_saved_with_its_projects_and_vardforlopp(org, kansli, project_a):
    t = _tjanst(
        kansli,
        org.regioner[1],
        delprojekt=[project_a],
        vardforlopp=" Stroke och TIA \n\nKOL",
    )
    t.refresh_from_db()
    assert list(t.delprojekt.all()) == [project_a]
    assert t.vardforlopp_lista == ["Stroke och TIA", "KOL"]
    assert t.medfinansiering_region == 50 and t.tid_region == 80
    assert t.history.first().history_user == kansli


@pytest.mark.parametrize(
    ("falt", "varde", "meddelande"),
    [
        ("tjanstgoringsgrad", Decimal(120), "Andelen kan inte vara över 100 %."),
        ("medfinansiering", Decimal("100.5"), "Andelen kan inte vara över 100 %."),
        ("tid_sjukvardsregion", Decimal(-5), "Andelen kan inte vara negativ."),
        ("tjanstgoringsgrad", Decimal(0), "Andelen måste vara större än 0 %."),
        ("manadslon", Decimal(-1), "Lönekostnaden kan inte vara negativ."),
        ("till", datetime.date(AR - 1, 12, 31), "Slutdatum kan inte vara före startdatum."),
        ("benamning", "  ", "Ange tjänstens benämning, t.ex. Processtöd 1."),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(org, kansli, falt, varde, meddelande):
    with pytest.raises(Invalid) as exc:
        _tjanst(kansli, org.regioner[0], **{falt: varde})
    assert exc.value.field_errors[falt] == [meddelande]
    assert not Processtodstjanst.objects.exists()


def test_solidarity_financing_requires_a_reason(org, kansli):
    with pytest.raises(Invalid) as exc:
        _tjanst(kansli, org.regioner[0], solidarisk=True)
    assert "ange skälet till undantaget" in exc.value.field_errors["undantag_skal"][0]
    assert not Processtodstjanst.objects.exists()
    t = _tjanst(kansli, org.regioner[0], solidarisk=True, undantag_skal="Ingen annan finns.")
    assert t.undantag_skal == "Ingen annan finns."


def test_a_kansli_member_as_processtod_requires_a_reason(org, kansli):
    with pytest.raises(Invalid) as exc:
        _tjanst(kansli, org.regioner[0], person=person_of(kansli))
    assert "Kerstin Kanslisson är med i kansliet" in exc.value.field_errors["undantag_skal"][0]
    _tjanst(kansli, org.regioner[0], person=person_of(kansli), undantag_skal="Tills vidare.")
    assert Processtodstjanst.objects.count() == 1


def test_only_the_kansli_saves_posts(org, lg_members, samordnare_ble):
    for user in (lg_members[0], samordnare_ble):
        with pytest.raises(NotAllowed):
            _tjanst(user, org.regioner[0])
    assert not Processtodstjanst.objects.exists()


def test_the_period_cannot_shrink_past_an_invoice(org, kansli, tjanst_ble):
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=2)
    data = {
        "benamning": tjanst_ble.benamning,
        "region": tjanst_ble.region,
        "person": tjanst_ble.person,
        "fran": tjanst_ble.fran,
        "till": datetime.date(AR, 6, 30),
        "tjanstgoringsgrad": tjanst_ble.tjanstgoringsgrad,
        "medfinansiering": tjanst_ble.medfinansiering,
        "tid_sjukvardsregion": tjanst_ble.tid_sjukvardsregion,
    }
    with pytest.raises(Invalid) as exc:
        tjanst_save(user=kansli, tjanst=tjanst_ble, **data)
    assert "2026 H2" in exc.value.field_errors["fran"][0]
    tjanst_ble.refresh_from_db()
    assert tjanst_ble.till == datetime.date(AR, 12, 31)


# --- Invoices: the service ---------------------------------------------------------------


def test_an_invoice_without_an_amount_gets_the_suggested_one(kansli, tjanst_ble):
    faktura = faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    assert faktura.belopp == Decimal(150000)  # 50 000 × 6 × 100 % × 50 %
    assert faktura.status == Fakturastatus.FORVANTAD
    andra = faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=2, manadslon=Decimal(52000))
    assert andra.belopp == Decimal(156000)
    eget = faktura_save(
        user=kansli,
        tjanst=tjanst_ble,
        faktura=andra,
        ar=AR,
        halvar=2,
        belopp=Decimal("155000.50"),
        status=Fakturastatus.BETALD,
        referens="F-2",
    )
    assert eget.pk == andra.pk and eget.belopp == Decimal("155000.50")


@pytest.mark.parametrize(
    ("kwargs", "falt", "meddelande"),
    [
        ({"belopp": Decimal(-10)}, "belopp", "Beloppet kan inte vara negativt."),
        ({"manadslon": Decimal(-10)}, "manadslon", "Lönekostnaden kan inte vara negativ."),
        (
            {"status": Fakturastatus.MOTTAGEN},
            "referens",
            "Ange fakturans referens när fakturan har kommit.",
        ),
        ({"ar": AR + 1}, "halvar", "Halvåret ligger utanför tjänstens period"),
        ({"ar": 1900}, "ar", "Ange ett år mellan 2000 och 2100."),
        ({"halvar": 3}, "halvar", "Välj första eller andra halvåret."),
    ],
)
def test_bad_invoices_are_refused_and_nothing_saved(kansli, tjanst_ble, kwargs, falt, meddelande):
    data = {"ar": AR, "halvar": 1, **kwargs}
    with pytest.raises(Invalid) as exc:
        faktura_save(user=kansli, tjanst=tjanst_ble, **data)
    assert exc.value.field_errors[falt][0].startswith(meddelande)
    assert not Processtodsfaktura.objects.exists()


def test_one_invoice_per_half_year_and_an_amount_or_a_salary(org, kansli, tjanst_ble):
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    with pytest.raises(Invalid) as exc:
        faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    assert exc.value.field_errors["halvar"] == ["Det finns redan en faktura för halvåret."]
    utan_lon = _tjanst(kansli, org.regioner[1], manadslon=None, benamning="Utan lön")
    with pytest.raises(Invalid) as exc:
        faktura_save(user=kansli, tjanst=utan_lon, ar=AR, halvar=1)
    assert "lönekostnaden per månad" in exc.value.field_errors["belopp"][0]
    assert Processtodsfaktura.objects.count() == 1


# --- Pages and permissions ---------------------------------------------------------------


def test_the_kansli_creates_a_post_through_the_form(client, org, kansli, project_a):
    client.force_login(kansli)
    response = client.post(
        reverse("processtod:ny"),
        {
            "benamning": "Processtöd 3",
            "region": org.regioner[0].pk,
            "fran": "2026-01-01",
            "till": "2026-12-31",
            "tjanstgoringsgrad": "100",
            "medfinansiering": "50",
            "tid_sjukvardsregion": "20",
            "manadslon": "47000",
            "delprojekt": [project_a.pk],
            "vardforlopp": "Sepsis",
        },
    )
    t = Processtodstjanst.objects.get()
    assert response.status_code == 302 and response["Location"] == t.get_absolute_url()
    assert list(t.delprojekt.all()) == [project_a]


def test_the_form_shows_swedish_errors_and_saves_nothing(client, org, kansli):
    client.force_login(kansli)
    response = client.post(
        reverse("processtod:ny"),
        {
            "benamning": "Processtöd 3",
            "region": org.regioner[0].pk,
            "fran": "2026-06-01",
            "till": "2026-01-01",
            "tjanstgoringsgrad": "150",
            "medfinansiering": "50",
            "tid_sjukvardsregion": "20",
            "manadslon": "-5",
            "solidarisk": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Slutdatum kan inte vara före startdatum." in body
    assert "Andelen kan inte vara över 100 %." in body
    assert "Lönekostnaden kan inte vara negativ." in body
    assert "ange skälet till undantaget" in body
    assert not Processtodstjanst.objects.exists()


def test_an_invoice_is_registered_and_shown_with_the_suggestion(client, kansli, tjanst_ble):
    client.force_login(kansli)
    url = reverse("processtod:faktura_ny", args=[tjanst_ble.pk])
    response = client.post(url, {"ar": AR, "halvar": 1, "status": "forvantad"})
    assert response.status_code == 302
    response = client.post(url, {"ar": AR, "halvar": 2, "status": "betald", "belopp": "-3"})
    assert response.status_code == 400
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    body = client.get(tjanst_ble.get_absolute_url()).content.decode()
    assert "150\u00a0000&nbsp;kr" in body and "Förväntad" in body
    assert Processtodsfaktura.objects.count() == 1


def test_who_reads_and_who_edits(
    client, org, kansli, lg_members, samordnare_ble, outsider, ordforande, tjanst_ble, tjanst_ska
):
    faktura = faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    lista = reverse("processtod:lista")
    oversikt = reverse("processtod:oversikt")
    ble, ska = tjanst_ble.get_absolute_url(), tjanst_ska.get_absolute_url()
    andra = reverse("processtod:andra", args=[tjanst_ble.pk])
    ta_bort = reverse("processtod:faktura_ta_bort", args=[tjanst_ble.pk, faktura.pk])

    client.force_login(lg_members[0])
    assert [client.get(u).status_code for u in (lista, oversikt, ble, ska)] == [200] * 4
    assert client.get(andra).status_code == 403
    assert client.post(ta_bort).status_code == 403

    client.force_login(samordnare_ble)
    body = client.get(lista).content.decode()
    assert "Processtöd 1" in body and "Processtöd 2" not in body
    assert client.get(ble).status_code == 200
    assert client.get(ska).status_code == 404
    assert "Region Skåne" not in client.get(oversikt + f"?ar={AR}").content.decode()
    assert client.get(andra).status_code == 403
    assert client.post(ta_bort).status_code == 403

    for user in (outsider, ordforande):
        client.force_login(user)
        assert client.get(lista).status_code == 403
        assert client.get(oversikt).status_code == 403
        assert client.get(reverse("processtod:oversikt_xlsx")).status_code == 403
        assert client.get(ble).status_code == 404
        assert client.post(ta_bort).status_code == 404
    assert Processtodsfaktura.objects.filter(pk=faktura.pk).exists()

    client.force_login(kansli)
    assert client.post(ta_bort).status_code == 302
    assert not Processtodsfaktura.objects.exists()


def test_removing_an_invoice_asks_first_and_a_paid_one_stays(client, kansli, tjanst_ble):
    faktura = faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1, referens="F-1")
    ta_bort = reverse("processtod:faktura_ta_bort", args=[tjanst_ble.pk, faktura.pk])
    client.force_login(kansli)
    sida = client.get(tjanst_ble.get_absolute_url()).content.decode()
    assert f'href="{ta_bort}"' in sida
    # The link asks; only the confirmation's post removes.
    fraga = client.get(ta_bort)
    assert fraga.status_code == 200
    text = fraga.content.decode()
    assert f"Ta bort fakturan för {faktura.period}?" in text and "F-1" in text
    assert Processtodsfaktura.objects.filter(pk=faktura.pk).exists()

    faktura_save(
        user=kansli, tjanst=tjanst_ble, faktura=faktura, ar=AR, halvar=1,
        status=Fakturastatus.BETALD, referens="F-1",
    )  # fmt: skip
    assert f'href="{ta_bort}"' not in client.get(tjanst_ble.get_absolute_url()).content.decode()
    svar = client.post(ta_bort, follow=True)
    assert "En betald faktura tas inte bort" in svar.content.decode()
    with pytest.raises(GuardFailed):
        faktura_delete(user=kansli, faktura=faktura)
    assert Processtodsfaktura.objects.filter(pk=faktura.pk, status=Fakturastatus.BETALD).exists()


def test_a_post_is_removed_only_without_invoices(client, kansli, lg_members, tjanst_ble):
    faktura = faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    ta_bort = reverse("processtod:ta_bort", args=[tjanst_ble.pk])
    client.force_login(lg_members[0])
    assert client.get(ta_bort).status_code == 403
    assert client.post(ta_bort).status_code == 403
    with pytest.raises(NotAllowed):
        tjanst_delete(user=lg_members[0], tjanst=tjanst_ble)

    client.force_login(kansli)
    assert f'href="{ta_bort}"' not in client.get(tjanst_ble.get_absolute_url()).content.decode()
    svar = client.post(ta_bort, follow=True)
    assert "Tjänsten har fakturor och tas inte bort" in svar.content.decode()
    assert Processtodstjanst.objects.filter(pk=tjanst_ble.pk).exists()

    faktura_delete(user=kansli, faktura=faktura)
    assert f'href="{ta_bort}"' in client.get(tjanst_ble.get_absolute_url()).content.decode()
    assert "Ta bort tjänsten Processtöd 1?" in client.get(ta_bort).content.decode()
    svar = client.post(ta_bort)
    assert svar.status_code == 302 and svar.url == reverse("processtod:lista")
    assert not Processtodstjanst.objects.filter(pk=tjanst_ble.pk).exists()
    # The removal is in the history, with who removed it.
    assert Processtodstjanst.history.filter(history_type="-").get().history_user == kansli


def test_the_overview_sums_per_region_and_status(client, kansli, org, tjanst_ble, tjanst_ska):
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1, status="betald", referens="B1")
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=2)
    faktura_save(
        user=kansli,
        tjanst=tjanst_ska,
        ar=AR,
        halvar=1,
        belopp=Decimal(1000),
        status="mottagen",
        referens="S1",
    )
    client.force_login(kansli)
    body = client.get(reverse("processtod:oversikt"), {"ar": AR}).content.decode()
    # Blekinge: 150 000 paid, 150 000 expected; Skåne 1 000 received; in all 301 000.
    assert "<strong>300\u00a0000&nbsp;kr</strong>" in body
    assert "<strong>301\u00a0000&nbsp;kr</strong>" in body
    assert "Ingen faktura" in body  # Skåne's second half


def test_the_xlsx_holds_the_rows_and_sums(client, kansli, org, tjanst_ble, tjanst_ska):
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1, status="betald", referens="=B1")
    faktura_save(user=kansli, tjanst=tjanst_ska, ar=AR, halvar=2, belopp=Decimal(1000))
    client.force_login(kansli)
    response = client.get(reverse("processtod:oversikt_xlsx"), {"ar": AR})
    assert response.status_code == 200
    assert f"processtod-{AR}" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == "Region" and rows[0][-1] == "Totalt (kr)"
    assert rows[1][:3] == ["Region Blekinge", "Processtöd 1", "Pia Processtöd"]
    assert rows[1][5:8] == [150000, "Betald", "=B1"]  # kept as text, never a formula
    assert rows[1][8:10] == [None, "Ingen faktura"]
    assert rows[2][0] == "Summa Region Blekinge" and rows[2][-2:] == [150000, 150000]
    assert rows[4][0] == "Summa Region Skåne" and rows[4][11] == 1000
    assert rows[-1][0] == f"Summa {AR}" and rows[-1][-1] == 151000


def test_the_project_page_shows_the_exception_and_its_reason(client, org, kansli, project_a):
    _tjanst(
        kansli,
        org.regioner[1],
        person=person_of(kansli),
        undantag_skal="Regionen rekryterar.",
        delprojekt=[project_a],
    )
    client.force_login(kansli)
    body = client.get(project_a.get_absolute_url()).content.decode()
    assert "Undantag från arbetsmetoden:" in body
    assert "processtödet är med i kansliet" in body and "Regionen rekryterar." in body


def test_a_project_without_processtod_has_no_section(client, kansli, project_a):
    client.force_login(kansli)
    assert 'id="processtod-rubrik"' not in client.get(project_a.get_absolute_url()).content.decode()


def test_the_start_page_lists_unpaid_invoices_of_ended_half_years(
    client, kansli, org, tjanst_ble, samordnare_ble, time_machine
):
    time_machine.move_to(datetime.datetime(AR, 8, 1, 12, tzinfo=datetime.UTC))
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=1)
    faktura_save(user=kansli, tjanst=tjanst_ble, ar=AR, halvar=2)
    for user in (kansli, samordnare_ble):
        client.force_login(user)
        body = client.get(reverse("start")).content.decode()
        assert "Fakturor för processtöd som inte är betalda (1)" in body
        assert f"Processtöd 1, Region Blekinge: {AR} H1" in body


# --- Query budgets -----------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(q)


def test_the_pages_cost_the_same_with_more_posts_and_invoices(
    client, org, kansli, lg_members, project_a
):
    first = _tjanst(kansli, org.regioner[0], delprojekt=[project_a])
    faktura_save(user=kansli, tjanst=first, ar=AR, halvar=1)

    def urls():
        return [
            reverse("processtod:lista"),
            reverse("processtod:oversikt") + f"?ar={AR}",
            reverse("processtod:oversikt_xlsx") + f"?ar={AR}",
            first.get_absolute_url(),
            reverse("processtod:andra", args=[first.pk]),
            reverse("processtod:ny"),
            reverse("processtod:faktura_ny", args=[first.pk]),
            reverse("processtod:faktura_ta_bort", args=[first.pk, first.fakturor.first().pk]),
            reverse("processtod:ta_bort", args=[first.pk]),
            project_a.get_absolute_url(),
            reverse("start"),
        ]

    client.force_login(kansli)
    small = [_count(client, u) for u in urls()]
    for i in range(2, 8):
        t = _tjanst(
            kansli,
            org.regioner[i % 4],
            benamning=f"Processtöd {i}",
            person=person_of(kansli) if i == 2 else None,
            undantag_skal="Skäl" if i == 2 else "",
            delprojekt=[project_a],
        )
        for halvar in (1, 2):
            faktura_save(user=kansli, tjanst=t, ar=AR, halvar=halvar)
    faktura_save(user=kansli, tjanst=first, ar=AR, halvar=2)
    large = [_count(client, u) for u in urls()]
    assert large == small
    assert max(large) <= 15
    client.force_login(lg_members[0])
    assert max(_count(client, u) for u in urls()[:4]) <= 15
