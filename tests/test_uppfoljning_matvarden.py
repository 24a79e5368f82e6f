"""The follow-up's parameters and measured values: entry, removal, file import (CSV and
XLSX, all rows or none), coordinators limited to their own region, and the pages."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from delprojekt.models import Handelse, Status, Uppfoljningsparameter
from delprojekt.services.errors import Invalid, NotAllowed
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import walk_to
from uppfoljning import matvardesimport
from uppfoljning.models import Matvarde, Uppfoljningsansvarig
from uppfoljning.services import matvarden as svc

D = datetime.date
TODAY = datetime.date.today


def url(name, *args):
    return reverse(f"uppfoljning:{name}", args=args)


def samordnare(region, username="samordnare"):
    user = f.UserFactory(username=username)
    f.PersonFactory(user=user, region=region, namn=f"Sam Samordnare {region.kortnamn}")
    user.groups.add(Group.objects.get_or_create(name="Regional samordnare")[0])
    return user


@pytest.fixture
def dp(org, kansli, lg_members):
    """A project in follow-up, concerning all four regions, with two parameters."""
    project = walk_to(
        register(kansli, titel="Höftledsplastik"),
        Status.UPPFOLJNING,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    Uppfoljningsparameter.objects.filter(delprojekt=project).update(
        utgangsvarde=45, utgangsdatum=D(2025, 1, 15)
    )
    Uppfoljningsparameter.objects.create(
        delprojekt=project, ordning=2, namn="Andel opererade inom 90 dagar", enhet="%", kalla="scb"
    )
    return project


@pytest.fixture
def vantetid(dp):
    return dp.uppfoljningsparametrar.get(ordning=1)


@pytest.fixture
def andel(dp):
    return dp.uppfoljningsparametrar.get(ordning=2)


@pytest.fixture
def halland(org):
    return org.regioner[1]


@pytest.fixture
def coordinator(halland):
    return samordnare(halland)


def csv_file(text, name="varden.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), "text/csv")


def xlsx_file(rows, name="varden.xlsx"):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


GOOD_CSV = (
    "Parameter;Region;Datum;Värde;Källa\n"
    "Väntetid;Region Halland;2025-06-01;41,5;PAS-uttag\n"
    "väntetid;HAL;2025-12-01;38;\n"
    "1;Hela;2025-12-01;39.25;\n"
    "Andel opererade inom 90 dagar;Skåne;2025-12-01;72;\n"
)


def events(dp):
    return list(Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.UPPFOLJNING).order_by("pk"))


# --- Import: good files ------------------------------------------------------------------


def test_good_csv_is_imported_with_history_and_an_event(dp, kansli, vantetid, andel, halland):
    before = len(events(dp))
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(GOOD_CSV))
    assert r.ok and (r.nya, r.andrade) == (4, 0)
    rows = list(
        Matvarde.objects.filter(parameter=vantetid)
        .order_by("datum", "region")
        .values_list("region__kortnamn", "datum", "varde", "kalla")
    )
    assert ("HAL", D(2025, 6, 1), Decimal("41.5"), "PAS-uttag") in rows
    assert ("HAL", D(2025, 12, 1), Decimal("38"), "") in rows
    assert (None, D(2025, 12, 1), Decimal("39.25"), "") in rows
    assert Matvarde.objects.get(parameter=andel).region.kortnamn == "SKA"
    m = Matvarde.objects.filter(parameter=vantetid).first()
    assert m.registrerad_av == kansli
    assert m.history.first().history_user == kansli
    assert len(events(dp)) == before + 1
    assert "4 nya, 0 ändrade" in events(dp)[-1].text


def test_comma_separated_csv_with_bom_and_cp1252(dp, kansli, vantetid):
    text = 'parameter,region,datum,varde\nVäntetid,Region Halland,2025-06-01,"41,5"\n'
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=SimpleUploadedFile("a.csv", b"\xef\xbb\xbf" + text.encode())
    )
    assert r.ok and r.nya == 1
    assert Matvarde.objects.get(parameter=vantetid).varde == Decimal("41.5")
    text2 = "PARAMETER;REGION;DATUM;VÄRDE\nVäntetid;Region Skåne;2025-06-01;40\n"
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(text2, encoding="cp1252"))
    assert r.ok and r.nya == 1
    assert Matvarde.objects.filter(parameter=vantetid, region__kortnamn="SKA").exists()


def test_good_xlsx_with_date_cells_and_numbers(dp, kansli, vantetid, andel):
    fil = xlsx_file(
        [
            ["Datum", "Parameter", "Region", "Värde", "Kalla"],
            [datetime.datetime(2025, 6, 1), "Väntetid", "Region Blekinge", 43.5, "Registret"],
            ["2025-07-01", "Väntetid", "BLE", "42,25", None],
            [None, None, None, None, None],
            [D(2025, 7, 1), 2, "Hela sjukvårdsregionen", 70, None],
        ]
    )
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=fil)
    assert r.ok, r.fel
    assert (r.nya, r.andrade) == (3, 0)
    assert sorted(Matvarde.objects.filter(parameter=vantetid).values_list("varde", flat=True)) == [
        Decimal("42.25"),
        Decimal("43.5"),
    ]
    assert Matvarde.objects.get(parameter=andel).region is None


def test_existing_value_is_replaced_and_counted_as_changed(dp, kansli, vantetid, halland):
    Matvarde.objects.create(parameter=vantetid, region=halland, datum=D(2025, 6, 1), varde=50)
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(GOOD_CSV))
    assert r.ok and (r.nya, r.andrade) == (3, 1)
    m = Matvarde.objects.get(parameter=vantetid, region=halland, datum=D(2025, 6, 1))
    assert m.varde == Decimal("41.5") and m.kalla == "PAS-uttag"
    assert m.history.first().history_user == kansli
    # The same file again changes nothing.
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(GOOD_CSV))
    assert r.ok and (r.nya, r.andrade) == (0, 0)


# --- Import: bad files and rows ----------------------------------------------------------


def test_one_bad_row_imports_nothing_and_reports_the_row(dp, kansli):
    text = GOOD_CSV + "Väntetid;Gotland;2025-06-01;40\n"
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(text))
    assert not r.ok
    assert r.fel == ["Rad 6: okänd region »Gotland«"]
    assert (r.nya, r.andrade) == (0, 0)
    assert not Matvarde.objects.exists()


def test_every_bad_row_is_reported(dp, kansli):
    text = (
        "parameter;region;datum;värde\n"
        "Väntetid;Halland;2025-06-01;41\n"
        "Blodtryck;Halland;2025-06-01;41\n"
        "Väntetid;Halland;1/3/2025;41\n"
        "Väntetid;Halland;2025-07-01;12,3,4\n"
        f"Väntetid;Halland;{TODAY() + datetime.timedelta(days=3):%Y-%m-%d};41\n"
        "Väntetid;Region Halland;2025-06-01;42\n"
        "Väntetid;Halland;2025-08-01;\n"
        "Väntetid;Halland;2025-09-01;1,23456\n"
    )
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(text))
    assert r.fel[0] == "Rad 3: okänd parameter »Blodtryck«"
    assert r.fel[1] == "Rad 4: datumet »1/3/2025« ska skrivas ÅÅÅÅ-MM-DD"
    assert r.fel[2] == "Rad 5: värdet »12,3,4« är inget tal"
    assert r.fel[3].startswith("Rad 6: datumet") and "framtiden" in r.fel[3]
    assert r.fel[4] == "Rad 7: samma parameter, region och datum som rad 2"
    assert r.fel[5] == "Rad 8: värde saknas"
    assert r.fel[6] == "Rad 9: värdet »1,23456«: högst tre decimaler"
    assert not Matvarde.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"),
        ("slump.xlsx", bytes(range(256)) * 8),
        ("dokument.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(dp, kansli, name, content):
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=SimpleUploadedFile(name, content))
    assert r.fel == ["Filen är varken en CSV- eller en Excelfil (XLSX)."]
    assert not Matvarde.objects.exists()


def test_a_zip_that_is_not_a_workbook_and_a_broken_workbook(dp, kansli):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=SimpleUploadedFile("a.xlsx", buffer.getvalue())
    )
    assert r.fel == ["Filen är varken en CSV- eller en Excelfil (XLSX)."]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "inte xml")
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=SimpleUploadedFile("b.xlsx", buffer.getvalue())
    )
    assert r.fel == ["Excelfilen gick inte att läsa. Spara den på nytt som .xlsx och försök igen."]


def test_wrong_headers_empty_files_and_limits(dp, kansli):
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=csv_file("namn;plats;när;hur mycket\na;b;c;d\n")
    )
    assert len(r.fel) == 1
    assert r.fel[0].startswith("Filen saknar kolumnen »parameter«, »region«, »datum«, »värde«")
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file("parameter;region;datum\n"))
    assert "»värde«" in r.fel[0]
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file("  \n"))
    assert r.fel == ["Filen är tom."]
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=xlsx_file([]))
    assert r.fel == ["Filen är tom."]
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=csv_file("parameter;region;datum;värde\n")
    )
    assert r.fel == ["Filen har rubriker men inga rader med värden."]
    many = "parameter;region;datum;värde\n" + "Väntetid;;2025-01-01;1\n" * 5001
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=csv_file(many))
    assert r.fel[0].startswith("Filen har fler än 5")
    big = SimpleUploadedFile(
        "stor.csv", b"parameter;region;datum;varde\n" + b"x" * (2 * 1024 * 1024)
    )
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=big)
    assert r.fel == ["Filen är för stor (högst 2 MB)."]
    assert not Matvarde.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"parameter;region;datum;varde\n" + b"a" * 200_000 + b";b;c;d\n", "Rad 2 i CSV-filen"),
        (b"parameter;region\x00;datum;varde\n", "Filen är varken en CSV"),
        ("parameter;region;datum;värde\n".encode("utf-16"), "Filen är varken en CSV"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "Filen är varken en CSV"),
        (b"<html><body>hej</body></html>", "Filen saknar kolumnen"),
    ],
)
def test_odd_files_give_a_message_not_an_error(content, message):
    with pytest.raises(matvardesimport.Filfel) as exc:
        matvardesimport.las_fil(io.BytesIO(content))
    assert str(exc.value).startswith(message)


def test_odd_numbers_are_refused_not_crashed():
    for text, why in [
        ("123456789012345678901234567890.1234", "talet är för stort"),
        ("1e-999999999", "högst tre decimaler"),
        ("1,2345", "högst tre decimaler"),
        ("99999999999,999", None),
    ]:
        assert matvardesimport.varde_fel(matvardesimport.tolka_tal(text)) == why


def test_parsing_helpers():
    assert matvardesimport.tolka_tal("1 234,5") == Decimal("1234.5")
    assert matvardesimport.tolka_tal("−2.5") == Decimal("-2.5")
    assert matvardesimport.tolka_tal("1.234,5") is None
    assert matvardesimport.tolka_tal("NaN") is None
    assert matvardesimport.tolka_tal(True) is None
    assert matvardesimport.tolka_datum("2025-06-01 00:00:00") == D(2025, 6, 1)
    assert matvardesimport.tolka_datum("2025-6-1") is None
    assert matvardesimport.normalisera(" VÄRDE ") == "varde"


# --- Coordinators ------------------------------------------------------------------------


def test_coordinator_imports_own_region_only(dp, coordinator, vantetid, halland):
    ok = "parameter;region;datum;värde\nVäntetid;Halland;2025-06-01;41\n"
    r = svc.matvarden_import(delprojekt=dp, user=coordinator, fil=csv_file(ok))
    assert r.ok and r.nya == 1
    bad = (
        "parameter;region;datum;värde\n"
        "Väntetid;Halland;2025-07-01;41\n"
        "Väntetid;Skåne;2025-07-01;41\n"
        "Väntetid;;2025-07-01;41\n"
    )
    r = svc.matvarden_import(delprojekt=dp, user=coordinator, fil=csv_file(bad))
    assert r.fel == [
        "Rad 3: du får bara registrera värden för din egen region",
        "Rad 4: du får bara registrera värden för din egen region",
    ]
    assert Matvarde.objects.count() == 1


def test_coordinator_enters_and_removes_own_region_only(dp, coordinator, vantetid, halland, org):
    data = {"region": halland, "datum": D(2025, 6, 1), "varde": Decimal("41"), "kalla": ""}
    m = svc.matvarde_add(parameter=vantetid, user=coordinator, data=data)
    assert m.region == halland
    with pytest.raises(NotAllowed):
        svc.matvarde_add(
            parameter=vantetid, user=coordinator, data={**data, "region": org.regioner[3]}
        )
    with pytest.raises(NotAllowed):
        svc.matvarde_add(parameter=vantetid, user=coordinator, data={**data, "region": None})
    other = Matvarde.objects.create(
        parameter=vantetid, region=org.regioner[0], datum=D(2025, 6, 1), varde=1
    )
    with pytest.raises(NotAllowed):
        svc.matvarde_remove(matvarde=other, user=coordinator)
    svc.matvarde_remove(matvarde=m, user=coordinator)
    assert list(Matvarde.objects.all()) == [other]


def test_coordinator_form_offers_own_region_only(client, dp, coordinator, vantetid, halland, org):
    client.force_login(coordinator)
    page = client.get(url("parameter", dp.referens, vantetid.pk))
    assert page.status_code == 200
    form = page.context["varde_form"]
    assert [c[0] for c in form.fields["region"].choices] == [str(halland.pk)]
    post = {
        "handling": "varde",
        "varde-region": str(org.regioner[3].pk),
        "varde-datum": "2025-06-01",
        "varde-varde": "41",
    }
    response = client.post(url("parameter", dp.referens, vantetid.pk), post)
    assert response.status_code == 400
    assert not Matvarde.objects.exists()
    response = client.post(
        url("parameter", dp.referens, vantetid.pk), {**post, "varde-region": str(halland.pk)}
    )
    assert response.status_code == 302
    assert Matvarde.objects.get().region == halland
    # A coordinator may not change the parameter itself.
    response = client.post(
        url("parameter", dp.referens, vantetid.pk), {"handling": "parameter", "namn": "X"}
    )
    assert response.status_code == 403
    assert client.get(url("parameter_ny", dp.referens)).status_code == 403


# --- Entering and removing one value ------------------------------------------------------


def test_kansli_adds_a_value_by_form(client, dp, kansli, vantetid):
    client.force_login(kansli)
    before = len(events(dp))
    response = client.post(
        url("parameter", dp.referens, vantetid.pk),
        {
            "handling": "varde",
            "varde-region": "hela",
            "varde-datum": "2025-06-01",
            "varde-varde": "41,5",
            "varde-kalla": "Kvartalsrapport",
        },
    )
    assert response.status_code == 302
    m = Matvarde.objects.get()
    assert (m.region, m.varde, m.kalla, m.registrerad_av) == (
        None,
        Decimal("41.5"),
        "Kvartalsrapport",
        kansli,
    )
    assert m.history.first().history_user == kansli
    assert len(events(dp)) == before + 1
    assert "Väntetid" in events(dp)[-1].text and "41,5 dagar" in events(dp)[-1].text


def test_duplicate_future_and_absurd_values_are_refused(dp, kansli, vantetid, halland):
    data = {"region": halland, "datum": D(2025, 6, 1), "varde": Decimal("41"), "kalla": ""}
    svc.matvarde_add(parameter=vantetid, user=kansli, data=data)
    with pytest.raises(Invalid) as exc:
        svc.matvarde_add(parameter=vantetid, user=kansli, data={**data, "varde": Decimal(2)})
    assert exc.value.messages[0].startswith("Det finns redan ett värde för Region Halland")
    with pytest.raises(Invalid) as exc:
        svc.matvarde_add(
            parameter=vantetid,
            user=kansli,
            data={**data, "datum": TODAY() + datetime.timedelta(days=1)},
        )
    assert "framtiden" in exc.value.field_errors["datum"][0]
    with pytest.raises(Invalid) as exc:
        svc.matvarde_add(parameter=vantetid, user=kansli, data={**data, "datum": D(1899, 1, 1)})
    assert "datum" in exc.value.field_errors
    with pytest.raises(Invalid) as exc:
        svc.matvarde_add(parameter=vantetid, user=kansli, data={**data, "varde": Decimal("1e12")})
    assert "varde" in exc.value.field_errors
    assert Matvarde.objects.count() == 1


def test_a_region_outside_the_project_is_refused(dp, kansli, vantetid):
    gotland = f.RegionFactory(namn="Region Gotland", kortnamn="GOT", ordning=9)
    with pytest.raises(Invalid) as exc:
        svc.matvarde_add(
            parameter=vantetid,
            user=kansli,
            data={"region": gotland, "datum": D(2025, 6, 1), "varde": Decimal(1), "kalla": ""},
        )
    assert exc.value.field_errors["region"] == ["Regionen berörs inte av delprojektet."]


def test_duplicate_by_form_shows_the_swedish_message(client, dp, kansli, vantetid, halland):
    Matvarde.objects.create(parameter=vantetid, region=halland, datum=D(2025, 6, 1), varde=1)
    client.force_login(kansli)
    response = client.post(
        url("parameter", dp.referens, vantetid.pk),
        {
            "handling": "varde",
            "varde-region": str(halland.pk),
            "varde-datum": "2025-06-01",
            "varde-varde": "2",
        },
    )
    assert response.status_code == 400
    assert "Det finns redan ett värde" in response.content.decode()
    assert Matvarde.objects.get().varde == 1


def test_remove_a_value(client, dp, kansli, vantetid, halland):
    m = Matvarde.objects.create(parameter=vantetid, region=halland, datum=D(2025, 6, 1), varde=1)
    client.force_login(kansli)
    target = url("matvarde_remove", dp.referens, vantetid.pk, m.pk)
    assert client.get(target).status_code == 405
    response = client.post(target)
    assert response.status_code == 302
    assert not Matvarde.objects.exists()
    assert "borttaget" in events(dp)[-1].text


def test_readers_and_outsiders(client, dp, reader, outsider, vantetid, halland):
    m = Matvarde.objects.create(parameter=vantetid, region=halland, datum=D(2025, 6, 1), varde=1)
    client.force_login(reader)
    assert client.get(url("parametrar", dp.referens)).status_code == 200
    page = client.get(url("parameter", dp.referens, vantetid.pk))
    assert page.status_code == 200 and page.context["varde_form"] is None
    assert client.get(url("matvarde_mall", dp.referens)).status_code == 200
    assert client.get(url("matvarde_import", dp.referens)).status_code == 403
    assert client.get(url("parameter_ny", dp.referens)).status_code == 403
    post = {
        "handling": "varde",
        "varde-region": "hela",
        "varde-datum": "2025-06-01",
        "varde-varde": "1",
    }
    assert client.post(url("parameter", dp.referens, vantetid.pk), post).status_code == 403
    assert client.post(url("matvarde_remove", dp.referens, vantetid.pk, m.pk)).status_code == 403
    client.force_login(outsider)
    for name, args in [
        ("parametrar", ()),
        ("parameter", (vantetid.pk,)),
        ("matvarde_import", ()),
        ("matvarde_mall", ()),
        ("parameter_ny", ()),
    ]:
        assert client.get(url(name, dp.referens, *args)).status_code == 404
    assert client.post(url("matvarde_remove", dp.referens, vantetid.pk, m.pk)).status_code == 404
    assert Matvarde.objects.count() == 1


def test_value_of_another_project_is_404(client, dp, kansli, vantetid, org):
    other = register(kansli, titel="Annat")
    p = Uppfoljningsparameter.objects.create(delprojekt=other, namn="X", kalla="pas")
    m = Matvarde.objects.create(parameter=p, region=None, datum=D(2025, 6, 1), varde=1)
    client.force_login(kansli)
    assert client.post(url("matvarde_remove", dp.referens, vantetid.pk, m.pk)).status_code == 404
    assert client.get(url("parameter", dp.referens, p.pk)).status_code == 404
    assert Matvarde.objects.filter(pk=m.pk).exists()


# --- Parameters --------------------------------------------------------------------------


def test_kansli_adds_and_changes_a_parameter(client, dp, kansli):
    client.force_login(kansli)
    response = client.post(
        url("parameter_ny", dp.referens),
        {"namn": "Återinläggningar", "enhet": "procent", "kalla": "pas", "malvarde": "5,5"},
    )
    assert response.status_code == 302
    p = dp.uppfoljningsparametrar.get(namn="Återinläggningar")
    assert p.ordning == 3 and p.malvarde == Decimal("5.5")
    assert p.history.first().history_user == kansli
    assert events(dp)[-1].text == "Uppföljningsparameter 3 lades till: Återinläggningar"
    response = client.post(
        url("parameter", dp.referens, p.pk),
        {"handling": "parameter", "namn": "Återinläggningar", "enhet": "%", "kalla": "pas"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.enhet == "%" and p.malvarde is None
    assert events(dp)[-1].text == "Uppföljningsparameter 3 ändrades: Återinläggningar"


def test_invalid_parameter_is_not_saved(client, dp, kansli):
    client.force_login(kansli)
    response = client.post(url("parameter_ny", dp.referens), {"namn": "", "kalla": "annan"})
    assert response.status_code == 400
    assert "Skriv vad som ska mätas." in response.content.decode()
    assert dp.uppfoljningsparametrar.count() == 2


def test_the_report_writer_may_edit_parameters(client, dp, vantetid):
    a = Uppfoljningsansvarig.objects.filter(omgang__delprojekt=dp).select_related("person").first()
    assert a is not None
    user = f.UserFactory(username="skribent")
    a.person.user = user
    a.person.save(update_fields=["user"])
    client.force_login(user)
    assert client.get(url("parameter_ny", dp.referens)).status_code == 403
    assert svc.tillatna_regioner(user, dp) == set()
    Uppfoljningsansvarig.objects.filter(pk=a.pk).update(svar=Uppfoljningsansvarig.Svar.ACCEPTERAD)
    assert client.get(url("parameter_ny", dp.referens)).status_code == 200
    # The writer enters values for every region and the whole sjukvårdsregion.
    fresh = type(dp).objects.get(pk=dp.pk)
    assert svc.tillatna_regioner(type(user).objects.get(pk=user.pk), fresh) is None
    with pytest.raises(NotAllowed):
        svc.uppfoljningsparameter_add(delprojekt=dp, user=f.UserFactory(), data={})


# --- Pages -------------------------------------------------------------------------------


def test_parameters_page_shows_charts_and_tables_within_a_query_budget(
    client, dp, kansli, vantetid, andel, org, django_assert_max_num_queries
):
    for i, r in enumerate(org.regioner):
        for month in (3, 6, 9):
            Matvarde.objects.create(
                parameter=vantetid, region=r, datum=D(2025, month, 1), varde=40 - i - month
            )
    Matvarde.objects.create(parameter=andel, region=None, datum=D(2025, 6, 1), varde=70)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("parametrar", dp.referens))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 2
    assert html.count('data-serie="') == 5
    assert "Mätvärden för Väntetid (dagar)" in html
    assert "45 dagar (2025-01-15)" in html
    assert url("matvarde_import", dp.referens) in html
    assert url("parameter_ny", dp.referens) in html


def test_import_page_reports_rows_and_success(client, dp, kansli, vantetid):
    client.force_login(kansli)
    page = client.get(url("matvarde_import", dp.referens))
    assert page.status_code == 200
    assert url("matvarde_mall", dp.referens) in page.content.decode()
    bad = csv_file("parameter;region;datum;värde\nVäntetid;Gotland;2025-06-01;40\n")
    response = client.post(url("matvarde_import", dp.referens), {"fil": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Inget importerades" in html
    assert "Rad 2: okänd region »Gotland«" in html
    png = SimpleUploadedFile("bild.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = client.post(url("matvarde_import", dp.referens), {"fil": png})
    assert response.status_code == 400
    assert "Filen är varken en CSV- eller en Excelfil (XLSX)." in response.content.decode()
    response = client.post(url("matvarde_import", dp.referens), {})
    assert response.status_code == 400
    assert "Välj en fil att importera." in response.content.decode()
    assert not Matvarde.objects.exists()
    response = client.post(
        url("matvarde_import", dp.referens), {"fil": csv_file(GOOD_CSV)}, follow=True
    )
    assert "4 nya värden, 0 ändrade" in response.content.decode()
    assert Matvarde.objects.count() == 4


def test_example_csv_round_trips_through_the_import(client, dp, kansli, vantetid, andel):
    client.force_login(kansli)
    response = client.get(url("matvarde_mall", dp.referens))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "parameter;region;datum;värde;källa"
    assert "Väntetid;Region Blekinge;" in text and "Andel opererade inom 90 dagar;Hela;" in text
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=SimpleUploadedFile("mall.csv", response.content)
    )
    assert r.ok and r.nya == 6


def test_example_csv_does_not_turn_names_into_formulas(client, dp, kansli, vantetid):
    Uppfoljningsparameter.objects.filter(pk=vantetid.pk).update(namn="=1+2 besök")
    client.force_login(kansli)
    response = client.get(url("matvarde_mall", dp.referens))
    text = response.content.decode("utf-8-sig")
    assert "\n'=1+2 besök;" in text
    r = svc.matvarden_import(
        delprojekt=dp, user=kansli, fil=SimpleUploadedFile("mall.csv", response.content)
    )
    assert r.ok and Matvarde.objects.filter(parameter=vantetid).count() == 3


def test_parameter_page_lists_values_with_remove_buttons(client, dp, kansli, vantetid, halland):
    Matvarde.objects.create(parameter=vantetid, region=halland, datum=D(2025, 6, 1), varde=41.5)
    client.force_login(kansli)
    response = client.get(url("parameter", dp.referens, vantetid.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "41,5" in html and "Region Halland" in html
    assert 'data-serie="Region Halland"' in html
    assert "Hela sjukvårdsregionen" in html  # the region select's first choice
    assert "Ta bort" in html


def test_coordinator_imports_through_the_page(client, dp, coordinator, vantetid, halland):
    client.force_login(coordinator)
    page = client.get(url("matvarde_import", dp.referens))
    assert "Du får bara importera värden för din egen region." in page.content.decode()
    bad = csv_file("parameter;region;datum;värde\nVäntetid;Region Skåne;2025-06-01;40\n")
    response = client.post(url("matvarde_import", dp.referens), {"fil": bad})
    assert response.status_code == 400
    assert "Rad 2: du får bara registrera värden för din egen region" in response.content.decode()
    assert not Matvarde.objects.exists()
    good = csv_file("parameter;region;datum;värde\nVäntetid;Region Halland;2025-06-01;40\n")
    response = client.post(url("matvarde_import", dp.referens), {"fil": good})
    assert response.status_code == 302
    assert Matvarde.objects.get().region == halland


def test_parameter_page_within_a_query_budget(
    client, dp, kansli, vantetid, org, django_assert_max_num_queries
):
    for r in org.regioner:
        for month in (3, 6, 9):
            Matvarde.objects.create(parameter=vantetid, region=r, datum=D(2025, month, 1), varde=1)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("parameter", dp.referens, vantetid.pk))
    assert response.status_code == 200
    assert response.content.decode().count("Ta bort") == 12
