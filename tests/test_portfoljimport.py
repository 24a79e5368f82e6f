"""Importing running projects from a file: reading, preview, all-or-nothing import, pages."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from delprojekt.models import Beslut, Delprojekt, Handelse, Referensserie, Status
from delprojekt.services import guards
from delprojekt.services import portfoljimport as svc
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from delprojekt.services.paragrafer import oanmalda_beslut
from delprojekt.views.portfoljimport import SESSION_KEY
from tests import factories as f
from tests.conftest import person_of, register

RUBRIKER = [
    "referens",
    "titel",
    "status",
    "registrerad",
    "i status sedan",
    "regioner",
    "kontaktperson",
    "startbeslut datum",
    "startbeslut paragraf",
]


def _rad(
    referens="SFBV-2024-007",
    titel="Höftledsartros",
    status="Analys",
    registrerad="2024-03-14",
    sedan="2025-01-20",
    regioner="Halland, KRO",
    kontakt="",
    start="2024-05-02",
    paragraf="§ 14/2024",
):
    return [referens, titel, status, registrerad, sedan, regioner, kontakt, start, paragraf]


def _csv(rader, *, sep=";", bom=True, rubriker=RUBRIKER) -> SimpleUploadedFile:
    lines = [sep.join(rubriker)] + [sep.join(r) for r in rader]
    data = ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"
    return SimpleUploadedFile("portfolj.csv", data.encode("utf-8"), "text/csv")


def _xlsx(rader, rubriker=RUBRIKER) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(rubriker)
    for r in rader:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("portfolj.xlsx", buffer.getvalue())


def _preview(kansli, fil):
    return svc.portfolj_forhandsgranska(user=kansli, fil=fil)


def _import(kansli, fil):
    forhand = _preview(kansli, fil)
    assert forhand.ok, [r.fel for r in forhand.resultat] + forhand.fel
    return svc.portfolj_import(user=kansli, rader=forhand.rader, kontroll=forhand.kontrollsumma)


# --- Reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sep", "bom"), [(";", True), (";", False), (",", True), (",", False)], ids=str
)
def test_it_reads_csv_with_either_separator_with_or_without_bom(kansli, org, sep, bom):
    rad = _rad(regioner="Halland")  # no comma inside a cell of a comma file
    forhand = _preview(kansli, _csv([rad], sep=sep, bom=bom))
    assert forhand.fel == []
    [r] = forhand.resultat
    assert r.ok, r.fel
    assert r.referens == "SFBV-2024-007"
    assert r.titel == "Höftledsartros"
    assert r.status == Status.ANALYS
    assert r.regioner == ["Region Halland"]


def test_it_reads_quoted_commas_in_a_comma_file(kansli, org):
    forhand = _preview(kansli, _csv([_rad(regioner='"Halland, Kronoberg"')], sep=","))
    assert forhand.resultat[0].regioner == ["Region Halland", "Region Kronoberg"]


def test_it_reads_xlsx_with_date_cells(kansli, org):
    rad = _rad()
    rad[3] = datetime.datetime(2024, 3, 14)
    rad[7] = datetime.date(2024, 5, 2)
    forhand = _preview(kansli, _xlsx([rad]))
    [r] = forhand.resultat
    assert r.ok, r.fel
    assert r.data["registrerad"] == datetime.date(2024, 3, 14)
    assert r.data["beslut"][0]["datum"] == datetime.date(2024, 5, 2)


@pytest.mark.parametrize(
    ("text", "datum"),
    [
        ("2024-03-14", datetime.date(2024, 3, 14)),
        ("20240314", datetime.date(2024, 3, 14)),
        ("14/3 2024", datetime.date(2024, 3, 14)),
        ("14.3.2024", datetime.date(2024, 3, 14)),
        ("14 mars 2024", datetime.date(2024, 3, 14)),
        ("2024-03-14 00:00:00", datetime.date(2024, 3, 14)),
        ("2024-02-30", None),
        ("14 mors 2024", None),
        ("mars", None),
    ],
)
def test_it_reads_iso_and_swedish_dates(text, datum):
    assert svc.tolka_datum(text) == datum


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "varken en CSV- eller en Excelfil"),
        ("trasig.xlsx", b"PK\x03\x04" + b"\x00" * 40, "varken en CSV- eller en Excelfil"),
        ("tom.csv", b"   \r\n", "Filen är tom"),
        ("bara-rubriker.csv", b"referens;titel;status;registrerad\r\n", "inga rader"),
    ],
)
def test_a_bad_file_gives_a_swedish_message_and_no_rows(kansli, org, name, content, message):
    forhand = _preview(kansli, SimpleUploadedFile(name, content))
    assert not forhand.ok
    assert forhand.resultat == []
    assert message in forhand.fel[0]


def test_a_damaged_workbook_is_refused_with_a_message(kansli, org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<inte xml")
    forhand = _preview(kansli, SimpleUploadedFile("a.xlsx", buffer.getvalue()))
    assert "Excelfilen gick inte att läsa" in forhand.fel[0]


def test_a_file_over_the_limit_is_refused(kansli, org):
    big = SimpleUploadedFile("stor.csv", b"a;b\r\n" * (svc.MAX_BYTES // 5 + 10))
    assert "för stor" in _preview(kansli, big).fel[0]


def test_missing_required_columns_are_named(kansli, org):
    fil = _csv([["SFBV-2024-007", "Titel"]], rubriker=["referens", "titel"])
    forhand = _preview(kansli, fil)
    assert forhand.resultat == []
    assert "»status«" in forhand.fel[0] and "»registrerad«" in forhand.fel[0]


def test_unknown_columns_are_named_and_headers_ignore_case_and_accents(kansli, org):
    rubriker = ["REFERENS", "Titel", "Status", "Registrerad", "Namndens beslut datum", "Färg"]
    rad = ["SFBV-2024-007", "T", "Beslut hos huvudmännen", "2024-03-14", "2025-02-01", "blå"]
    forhand = _preview(kansli, _csv([rad], rubriker=rubriker))
    [r] = forhand.resultat
    assert r.ok, r.fel
    assert r.data["beslut"][0]["overgang"] == "rekommendera"
    assert forhand.varningar == ["Kolumnen »Färg« känns inte igen och läses inte."]


# --- Rows ----------------------------------------------------------------------------------


def test_each_bad_row_lists_all_its_errors(kansli, org):
    rader = [
        _rad(referens="SFBV-2024-001"),
        _rad(
            referens="SFBV-2024-002",
            status="Pausad",
            regioner="Gotland",
            registrerad="31/2 2024",
            start="2999-01-01",
        ),
        _rad(referens="SFBV-2024-001", titel=""),
        _rad(referens="SRM-2024-003"),
        _rad(referens="SFBV-2024-04"),
        _rad(referens="SFBV-2024-0005"),
        _rad(referens="SFBV-2024-005", status="Förslag"),
        _rad(referens="SFBV-2024-006", registrerad=""),
    ]
    forhand = _preview(kansli, _csv(rader))
    assert not forhand.ok
    assert {r.nummer: r.fel for r in forhand.resultat} == {
        2: [],
        3: [
            "okänd status »Pausad«",
            "okänd region »Gotland«",
            "registrerad: datumet »31/2 2024« går inte att läsa (skriv ÅÅÅÅ-MM-DD)",
            "startbeslut datum: 2999-01-01 ligger i framtiden",
        ],
        4: ["SFBV-2024-001 står också på rad 2", "titel saknas"],
        5: ["referensen »SRM-2024-003« ska skrivas SFBV-ÅÅÅÅ-NNN, t.ex. SFBV-2024-007"],
        6: ["referensen »SFBV-2024-04« ska skrivas SFBV-ÅÅÅÅ-NNN, t.ex. SFBV-2024-007"],
        7: ["referensen »SFBV-2024-0005« ska ha löpnumret utan extra nollor, t.ex. SFBV-2024-005"],
        8: ["startbeslut kan inte vara fattat i status »Förslag«"],
        9: ["registreringsdatum saknas"],
    }
    assert forhand.antal_fel == 7


def test_an_existing_reference_is_an_error(kansli, org):
    dp = register(kansli, titel="Finns redan")
    rad = _rad(referens=dp.referens, registrerad=f"{dp.ar}-01-01", sedan="", start="", paragraf="")
    [r] = _preview(kansli, _csv([rad])).resultat
    assert r.fel == [f"{dp.referens} finns redan i systemet"]


def test_contact_person_by_email_or_unique_full_name(kansli, org):
    kerstin = person_of(kansli)
    f.PersonFactory(namn="Anna Andersson")
    f.PersonFactory(namn="Anna Andersson")
    rader = [
        _rad(referens="SFBV-2024-001", kontakt=kerstin.epost.upper()),
        _rad(referens="SFBV-2024-002", kontakt="kerstin kanslisson"),
        _rad(referens="SFBV-2024-003", kontakt="Anna Andersson"),
        _rad(referens="SFBV-2024-004", kontakt="Okänd Person"),
    ]
    r1, r2, r3, r4 = _preview(kansli, _csv(rader)).resultat
    assert r1.data["kontaktperson"] == kerstin
    assert r2.data["kontaktperson"] == kerstin
    assert r3.fel == [
        "kontaktperson: flera personer i systemet matchar »Anna Andersson« – ange e-postadressen"
    ]
    assert r4.fel == ["kontaktperson: ingen person i systemet med »Okänd Person«"]


def test_regions_by_name_short_name_or_all(kansli, org):
    rader = [
        _rad(referens="SFBV-2024-001", regioner='"Region Skåne; BLE"'),
        _rad(referens="SFBV-2024-002", regioner="alla"),
    ]
    r1, r2 = _preview(kansli, _csv(rader)).resultat
    assert r1.regioner == ["Region Skåne", "Region Blekinge"]
    assert len(r2.regioner) == 4


def test_state_by_key_or_label(kansli, org):
    rader = [
        _rad(referens="SFBV-2024-001", status="politisk_beredning", start=""),
        _rad(referens="SFBV-2024-002", status="väntar på nämndens beslut", start=""),
    ]
    r1, r2 = _preview(kansli, _csv(rader)).resultat
    assert (r1.status, r2.status) == (Status.POLITISK_BEREDNING, Status.NAMND)


def test_dates_must_be_in_order(kansli, org):
    rader = [
        _rad(referens="SFBV-2024-001", start="2024-01-02"),
        _rad(referens="SFBV-2024-002", sedan="2024-04-01"),
        _rad(referens="SFBV-2025-003", registrerad="2024-12-31", start="", paragraf=""),
    ]
    r1, r2, r3 = _preview(kansli, _csv(rader)).resultat
    assert r1.fel == ["startbeslut 2024-01-02 ligger före registreringen"]
    assert r2.fel == ["i status sedan 2024-04-01 ligger före radens senaste datum 2024-05-02"]
    assert r3.fel == ["registrerad 2024-12-31 ligger inte i referensens år 2025"]


def test_a_personnummer_in_a_text_gives_a_warning_not_an_error(kansli, org):
    rubriker = [*RUBRIKER, "syfte"]
    rad = [*_rad(), "Patienten 19121212-1212 ska få vård"]
    [r] = _preview(kansli, _csv([rad], rubriker=rubriker)).resultat
    assert r.ok
    assert r.varningar and "19121212-1212" in r.varningar[0]
    assert r.varningar[0].startswith("syfte innehåller något som liknar ett personnummer")


# --- Import ------------------------------------------------------------------------------


def test_import_places_projects_in_their_state_with_one_event_and_no_transitions(kansli, org):
    rubriker = [*RUBRIKER, "nämndens beslut datum", "nämndens beslut paragraf", "syfte"]
    rader = [
        [*_rad(kontakt="Kerstin Kanslisson"), "", "", "Bättre vård"],
        [
            *_rad(referens="SFBV-2023-012", status="Beslut hos huvudmännen",
                  registrerad="2023-02-01", sedan="", start="2023-04-01", paragraf=""),
            "2024-10-10",
            "§ 88",
            "",
        ],
    ]  # fmt: skip
    analys, huvudman = sorted(_import(kansli, _csv(rader, rubriker=rubriker)), key=str)[::-1]
    analys.refresh_from_db()
    assert analys.referens == "SFBV-2024-007"
    assert (analys.prefix, analys.ar, analys.lopnummer) == ("SFBV", 2024, 7)
    assert analys.status == Status.ANALYS
    assert analys.syfte == "Bättre vård"
    assert analys.kontaktperson == person_of(kansli)
    assert analys.registrerad_av == kansli
    assert analys.skapad.date() == datetime.date(2024, 3, 14)
    assert analys.status_andrad.date() == datetime.date(2025, 1, 20)
    assert sorted(r.kortnamn for r in analys.regioner.all()) == ["HAL", "KRO"]
    assert analys.dokument.count() == 2  # the mall's uppdrag and slutrapport
    [event] = analys.handelser.all()
    assert event.typ == Handelse.Typ.IMPORTERAD
    assert event.till_status == Status.ANALYS and event.fran_status == ""
    assert event.anvandare == kansli
    assert "registrerad 2024-03-14" in event.text and "i status sedan 2025-01-20" in event.text
    assert "Ledningsgruppen 2024-05-02 § 14/2024: Start" in event.kommentar
    assert not Handelse.objects.filter(typ=Handelse.Typ.OVERGANG).exists()
    [beslut] = analys.beslut.all()
    assert beslut.slag == Beslut.Slag.IMPORTERAT
    assert beslut.organ == org.ledningsgrupp
    assert beslut.utfall == Beslut.Utfall.START
    assert beslut.datum == datetime.date(2024, 5, 2)
    assert beslut.paragraf == "§ 14/2024"
    assert "Importerat beslut" in beslut.beslutstext
    assert analys.history.first().history_user == kansli

    huvudman.refresh_from_db()
    assert huvudman.status == Status.HUVUDMANNABESLUT
    assert huvudman.namnd_beslutsdatum == datetime.date(2024, 10, 10)
    assert huvudman.status_andrad.date() == datetime.date(2024, 10, 10)
    assert set(huvudman.beslut.values_list("utfall", "organ")) == {
        (Beslut.Utfall.START, org.ledningsgrupp.pk),
        (Beslut.Utfall.REKOMMENDATION, org.namnd.pk),
    }
    # Imported decisions are not reported at the bodies' next meetings.
    assert oanmalda_beslut(org.namnd) == []
    assert oanmalda_beslut(org.ledningsgrupp) == []


def test_off_path_states_take_their_own_start_decision(kansli, org):
    rader = [
        _rad(referens="SFBV-2024-001", status="Vilande"),
        _rad(referens="SFBV-2024-002", status="Avslagen"),
    ]
    vilande, avslagen = sorted(_import(kansli, _csv(rader)), key=lambda d: d.lopnummer)
    assert vilande.beslut.get().utfall == Beslut.Utfall.VILANDE
    assert avslagen.beslut.get().utfall == Beslut.Utfall.AVSLAG


def test_an_imported_project_waiting_for_a_body_has_its_item(kansli, org):
    [dp] = _import(
        kansli, _csv([_rad(status="Väntar på startbeslut", start="", paragraf="", sedan="")])
    )
    arende = guards.current_arende(dp)
    assert arende is not None and arende.typ == Handelse.Typ.IMPORTERAD


def test_the_reference_series_moves_past_imported_numbers(kansli, org):
    rader = [_rad(referens="SFBV-2024-007"), _rad(referens="SFBV-2024-003")]
    _import(kansli, _csv(rader))
    assert Referensserie.objects.get(prefix="SFBV", ar=2024).senaste == 7
    moment = datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)
    later = register(kansli, titel="Registrerad efteråt", registrerad=moment)
    assert later.referens == "SFBV-2024-008"


def test_the_series_is_not_moved_back(kansli, org):
    Referensserie.objects.create(prefix="SFBV", ar=2024, senaste=20)
    _import(kansli, _csv([_rad(referens="SFBV-2024-007")]))
    assert Referensserie.objects.get(prefix="SFBV", ar=2024).senaste == 20


def test_nothing_is_imported_when_any_row_has_an_error(kansli, org):
    rader = [_rad(referens="SFBV-2024-001"), _rad(referens="SFBV-2024-002", regioner="Gotland")]
    forhand = _preview(kansli, _csv(rader))
    with pytest.raises(Invalid, match="1 rader har fel"):
        svc.portfolj_import(user=kansli, rader=forhand.rader, kontroll=forhand.kontrollsumma)
    assert not Delprojekt.objects.exists()
    assert not Handelse.objects.exists()
    assert not Referensserie.objects.filter(ar=2024).exists()


def test_a_failure_while_creating_rolls_everything_back(kansli, org, monkeypatch):
    forhand = _preview(
        kansli, _csv([_rad(referens="SFBV-2024-001"), _rad(referens="SFBV-2024-002")])
    )
    real = svc._create
    calls = []

    def failing(user, data):
        calls.append(data["referens"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(user, data)

    monkeypatch.setattr(svc, "_create", failing)
    with pytest.raises(RuntimeError):
        svc.portfolj_import(user=kansli, rader=forhand.rader, kontroll=forhand.kontrollsumma)
    assert calls == ["SFBV-2024-001", "SFBV-2024-002"]
    assert not Delprojekt.objects.exists()
    assert not Beslut.objects.exists()


def test_only_the_previewed_rows_are_imported(kansli, org):
    forhand = _preview(kansli, _csv([_rad()]))
    changed = [dict(forhand.rader[0], titel="Något annat")]
    with pytest.raises(StaleState):
        svc.portfolj_import(user=kansli, rader=changed, kontroll=forhand.kontrollsumma)
    assert not Delprojekt.objects.exists()


def test_a_reference_taken_after_the_preview_stops_the_import(kansli, org):
    forhand = _preview(kansli, _csv([_rad()]))
    _import(kansli, _csv([_rad()]))
    with pytest.raises(Invalid):
        svc.portfolj_import(user=kansli, rader=forhand.rader, kontroll=forhand.kontrollsumma)
    assert Delprojekt.objects.count() == 1


@pytest.mark.parametrize("persona", ["lg_members", "reader", "outsider"])
def test_only_the_kansli_may_import(request, kansli, org, persona):
    user = request.getfixturevalue(persona)
    user = user[0] if isinstance(user, list) else user
    with pytest.raises(NotAllowed):
        _preview(user, _csv([_rad()]))
    forhand = _preview(kansli, _csv([_rad()]))
    with pytest.raises(NotAllowed):
        svc.portfolj_import(user=user, rader=forhand.rader, kontroll=forhand.kontrollsumma)
    assert not Delprojekt.objects.exists()


# --- Pages ----------------------------------------------------------------------------------


def test_upload_preview_and_import_through_the_pages(client, kansli, org):
    client.force_login(kansli)
    response = client.post(reverse("delprojekt:import"), {"fil": _csv([_rad()])})
    assert response.status_code == 302
    assert response["Location"] == reverse("delprojekt:import_forhandsvisning")
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alla 1 rader kan importeras" in text or "Raden kan importeras" in text
    assert "SFBV-2024-007" in text and "Skapas" in text
    kontroll = client.session[SESSION_KEY]["kontroll"]
    assert f'value="{kontroll}"' in text
    done = client.post(reverse("delprojekt:import_genomfor"), {"kontroll": kontroll})
    assert done.status_code == 302 and done["Location"] == reverse("delprojekt:portfolio")
    assert Delprojekt.objects.get().referens == "SFBV-2024-007"
    assert SESSION_KEY not in client.session
    # Sent twice (the back button): nothing more, and a message.
    again = client.post(reverse("delprojekt:import_genomfor"), {"kontroll": kontroll}, follow=True)
    assert "Det finns ingen förhandsvisning att importera" in again.content.decode()
    assert Delprojekt.objects.count() == 1


def test_the_preview_with_errors_has_no_import_button_and_the_server_refuses(client, kansli, org):
    client.force_login(kansli)
    client.post(reverse("delprojekt:import"), {"fil": _csv([_rad(regioner="Gotland")])})
    page = client.get(reverse("delprojekt:import_forhandsvisning"))
    text = page.content.decode()
    assert "okänd region »Gotland«" in text
    assert "import_genomfor" not in text and reverse("delprojekt:import_genomfor") not in text
    kontroll = client.session[SESSION_KEY]["kontroll"]
    response = client.post(
        reverse("delprojekt:import_genomfor"), {"kontroll": kontroll}, follow=True
    )
    assert "Inget importerades: 1 rader har fel" in response.content.decode()
    assert not Delprojekt.objects.exists()


def test_a_corrupt_upload_is_a_400_with_a_message_not_a_500(client, kansli, org):
    client.force_login(kansli)
    fil = SimpleUploadedFile("portfolj.xlsx", b"PK\x03\x04" + b"\xff" * 100)
    response = client.post(reverse("delprojekt:import"), {"fil": fil})
    assert response.status_code == 400
    assert "Filen kunde inte läsas" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_no_file_chosen_is_a_form_error(client, kansli, org):
    client.force_login(kansli)
    response = client.post(reverse("delprojekt:import"), {})
    assert response.status_code == 400
    assert "Välj en fil att läsa in." in response.content.decode()


def test_the_import_needs_a_csrf_token(kansli, org):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(kansli)
    response = csrf_client.post(reverse("delprojekt:import"), {"fil": _csv([_rad()])})
    assert response.status_code == 403
    session = csrf_client.session
    forhand = _preview(kansli, _csv([_rad()]))
    session[SESSION_KEY] = {"rader": forhand.rader, "kontroll": forhand.kontrollsumma}
    session.save()
    response = csrf_client.post(
        reverse("delprojekt:import_genomfor"), {"kontroll": forhand.kontrollsumma}
    )
    assert response.status_code == 403
    assert not Delprojekt.objects.exists()


def test_the_portfolio_links_to_the_import_for_the_kansli_only(client, kansli, reader, org):
    client.force_login(kansli)
    assert (
        reverse("delprojekt:import") in client.get(reverse("delprojekt:portfolio")).content.decode()
    )
    client.force_login(reader)
    assert (
        reverse("delprojekt:import")
        not in client.get(reverse("delprojekt:portfolio")).content.decode()
    )


def test_the_pages_stay_within_the_query_budget(client, kansli, org, django_assert_max_num_queries):
    for i in range(5):
        f.PersonFactory(namn=f"Kontakt {i}")
    rader = [_rad(referens=f"SFBV-2024-{n:03d}", kontakt=f"Kontakt {n % 5}") for n in range(1, 41)]
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("delprojekt:import")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.post(reverse("delprojekt:import"), {"fil": _csv(rader)}).status_code == 302
    with django_assert_max_num_queries(15):
        page = client.get(reverse("delprojekt:import_forhandsvisning"))
    assert page.status_code == 200
    assert page.content.decode().count("Skapas") == 40


def test_the_xlsx_template_explains_itself_and_imports_as_it_is(client, kansli, org):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:import_mall_xlsx"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Delprojekt", "Läs mig"]
    headers = [c.value for c in wb["Delprojekt"][1]]
    assert headers == [k.rubrik for k in svc.KOLUMNER]
    explained = [row[0] for row in wb["Läs mig"].iter_rows(min_row=2, values_only=True)]
    assert all(k.rubrik in explained for k in svc.KOLUMNER)
    forhand = _preview(kansli, SimpleUploadedFile("mall.xlsx", response.content))
    [r] = forhand.resultat
    assert r.ok, r.fel


def test_the_csv_template_has_the_columns_and_imports_as_it_is(client, kansli, org):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:import_mall_csv"))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(k.rubrik for k in svc.KOLUMNER)
    forhand = _preview(kansli, SimpleUploadedFile("mall.csv", response.content))
    assert forhand.ok, [r.fel for r in forhand.resultat]


def test_the_description_page_shows_docs_import_md(client, kansli, org):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:import_beskrivning"))
    assert response.status_code == 200
    assert "<h1>Importera delprojekt</h1>" in response.content.decode()


def test_docs_describe_every_column():
    text = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text(encoding="utf-8")
    missing = [k.rubrik for k in svc.KOLUMNER if f"**{k.rubrik}**" not in text]
    assert missing == []
