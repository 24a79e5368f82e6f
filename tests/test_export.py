"""Spreadsheet downloads: the portfolio as XLSX and CSV, and the decision register."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from delprojekt.export import csv_safe
from delprojekt.models import Beslut, Delprojekt, Status
from delprojekt.selectors import beslutsregister
from tests.conftest import person_of, register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HYPERLINK = '=HYPERLINK("http://x")'


def sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def rows(response) -> list[list]:
    return [list(r) for r in sheet(response).iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def frozen():
    """A fixed moment from before the projects are registered until the download."""
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def projects(kansli, org):
    a = register(
        kansli,
        titel="Ryggkirurgi",
        regioner=org.regioner[:2],
        fokusomraden=[org.fokus[0]],
        kontaktperson=person_of(kansli),
    )
    b = register(kansli, titel="Barnreumatologi", regioner=[org.regioner[3]])
    return a, b


def test_the_portfolio_as_xlsx_has_typed_cells_a_frozen_bold_header_and_a_filter(
    frozen, client, kansli, projects
):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:portfolio_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="sfbv-portfolj-2026-12-02.xlsx"'
    )
    ws = sheet(response)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:L3"
    assert all(cell.font.b for cell in ws[1])
    assert ws.column_dimensions["B"].width >= 40
    header, *data = rows(response)
    assert header[:4] == ["Referens", "Titel", "Status", "Fas"]
    by_title = {r[1]: r for r in data}
    rygg = by_title["Ryggkirurgi"]
    assert rygg[0] == projects[0].referens
    assert rygg[2] == "Förslag"
    assert rygg[3] == "Initiering och startbeslut"
    assert rygg[4] == "Jämlikhet"
    assert rygg[5] == "Region Blekinge, Region Halland"
    assert rygg[6] == "Kerstin Kanslisson"
    assert rygg[8] == datetime.datetime(2026, 12, 2)
    assert ws.cell(row=2, column=9).number_format == "yyyy-mm-dd"
    assert ws.cell(row=2, column=10).is_date
    assert rygg[10] == 0
    assert isinstance(rygg[10], int)
    assert rygg[11]


def test_days_in_status_is_a_number(client, kansli, projects):
    dp = projects[0]
    dp.status_andrad = dp.status_andrad - datetime.timedelta(days=40)
    dp.save(update_fields=["status_andrad"])
    client.force_login(kansli)
    data = rows(client.get(reverse("delprojekt:portfolio_xlsx")))[1:]
    assert {r[1]: r[10] for r in data}["Ryggkirurgi"] == 40


def test_the_portfolio_as_csv_is_utf8_with_bom_and_semicolons(frozen, client, kansli, projects):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:portfolio_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sfbv-portfolj-2026-12-02.csv"'
    assert response.content.startswith("\ufeff".encode())
    header, *data = csv_rows(response)
    assert header[:3] == ["Referens", "Titel", "Status"]
    assert len(header) == 12
    rygg = next(r for r in data if r[1] == "Ryggkirurgi")
    assert rygg[5] == "Region Blekinge, Region Halland"
    assert rygg[8] == "2026-12-02"
    assert rygg[10] == "0"


def test_the_export_keeps_the_portfolio_filters(client, kansli, projects, org):
    client.force_login(kansli)
    query = {"region": org.regioner[3].pk}
    xlsx = rows(client.get(reverse("delprojekt:portfolio_xlsx"), query))
    assert [r[1] for r in xlsx[1:]] == ["Barnreumatologi"]
    found = csv_rows(client.get(reverse("delprojekt:portfolio_csv"), {"q": "rygg"}))
    assert [r[1] for r in found[1:]] == ["Ryggkirurgi"]
    by_phase = rows(client.get(reverse("delprojekt:portfolio_xlsx"), {"status": "fas:arbete"}))
    assert by_phase[1:] == []


def test_the_portfolio_page_links_the_exports_with_its_query(client, kansli, projects, org):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:portfolio"), {"q": "rygg", "sida": "1"})
    html = response.content.decode()
    assert f'href="{reverse("delprojekt:portfolio_xlsx")}?q=rygg' in html
    assert f'href="{reverse("delprojekt:portfolio_csv")}?q=rygg' in html
    assert "Exportera till Excel" in html


def test_a_formula_in_a_title_is_not_run(client, kansli, org):
    register(kansli, titel=HYPERLINK)
    register(kansli, titel="-1+1")
    client.force_login(kansli)
    ws = sheet(client.get(reverse("delprojekt:portfolio_xlsx")))
    cells = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=2) for r in (2, 3)}
    for text in (HYPERLINK, "-1+1"):
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix
    titles = {r[1] for r in csv_rows(client.get(reverse("delprojekt:portfolio_csv")))[1:]}
    assert titles == {"'" + HYPERLINK, "'-1+1"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_neutralises_every_formula_start(start):
    assert csv_safe(f"{start}1") == f"'{start}1"
    assert csv_safe("Ryggkirurgi") == "Ryggkirurgi"
    assert csv_safe(7) == "7"


def test_an_outsider_exports_only_own_proposals(client, outsider, projects, org):
    register(outsider, titel="Mitt förslag")
    client.force_login(outsider)
    assert [r[1] for r in rows(client.get(reverse("delprojekt:portfolio_xlsx")))[1:]] == [
        "Mitt förslag"
    ]
    assert [r[1] for r in csv_rows(client.get(reverse("delprojekt:portfolio_csv")))[1:]] == [
        "Mitt förslag"
    ]


def test_a_reader_exports_the_whole_portfolio(client, reader, projects):
    client.force_login(reader)
    titles = {r[1] for r in rows(client.get(reverse("delprojekt:portfolio_xlsx")))[1:]}
    assert titles == {"Ryggkirurgi", "Barnreumatologi"}


@pytest.mark.parametrize(
    "name", ["delprojekt:portfolio_xlsx", "delprojekt:portfolio_csv", "beslut:register_xlsx"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["delprojekt:portfolio_xlsx", "delprojekt:portfolio_csv", "beslut:register_xlsx"]
)
def test_the_exports_answer_only_get(client, kansli, name):
    client.force_login(kansli)
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["delprojekt:portfolio_xlsx", "delprojekt:portfolio_csv"])
def test_the_portfolio_export_runs_a_bounded_number_of_queries(
    client, kansli, org, django_assert_max_num_queries, name
):
    for i in range(60):
        register(
            kansli,
            titel=f"Delprojekt {i}",
            regioner=org.regioner,
            fokusomraden=org.fokus[:2],
            kontaktperson=person_of(kansli),
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name), {"sort": "status"})
    assert response.status_code == 200
    assert len(rows(response) if name.endswith("xlsx") else csv_rows(response)) == 61


# --- The decision register -------------------------------------------------------------


@pytest.fixture
def decisions(projects, org, kansli):
    a, b = projects
    return [
        Beslut.objects.create(
            delprojekt=a,
            organ=org.ledningsgrupp,
            datum=datetime.date(2026, 3, 14),
            utfall=Beslut.Utfall.START,
            beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
            paragraf="§ 12/2026",
        ),
        Beslut.objects.create(
            delprojekt=b,
            organ=org.namnd,
            datum=datetime.date(2026, 5, 2),
            utfall=Beslut.Utfall.BIFALL,
            beslutstext=HYPERLINK,
            slag=Beslut.Slag.PER_CAPSULAM,
        ),
    ]


def test_the_decision_register_lists_every_decision_typed(frozen, client, kansli, decisions):
    client.force_login(kansli)
    response = client.get(reverse("beslut:register_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="sfbv-beslutsregister-2026-12-02.xlsx"'
    )
    ws = sheet(response)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J3"
    header, start, bifall = rows(response)
    assert header[:4] == ["Organ", "År", "§", "Beslutsdatum"]
    assert start[:4] == ["Ledningsgruppen", 2026, 12, datetime.datetime(2026, 3, 14)]
    assert start[6] == "Start"
    assert start[8:] == [decisions[0].delprojekt.referens, "Ryggkirurgi"]
    assert bifall[1:3] == [None, None]
    assert bifall[4] == "Per capsulam"
    assert ws.cell(row=3, column=8).data_type == "s"
    assert ws.cell(row=3, column=8).quotePrefix


def test_a_reader_may_take_the_decision_register(client, reader, decisions):
    client.force_login(reader)
    response = client.get(reverse("beslut:register_xlsx"))
    assert response.status_code == 200
    assert len(rows(response)) == 3


@pytest.mark.parametrize("persona", ["outsider", "ledamot_b"])
def test_people_without_an_overview_may_not_take_the_decision_register(
    client, decisions, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("beslut:register_xlsx"))
    assert response.status_code == 403
    assert b"Ryggkirurgi" not in response.content


def test_the_decision_register_leaves_out_projects_the_user_may_not_see(outsider, decisions, org):
    Beslut.objects.create(
        organ=org.samarbetsgrupp,
        datum=datetime.date(2026, 6, 1),
        utfall=Beslut.Utfall.TILLSTYRKT,
        beslutstext="Utan delprojekt.",
    )
    assert [b.beslutstext for b in beslutsregister(outsider)] == ["Utan delprojekt."]


def test_the_decision_overview_links_the_register(client, kansli, org):
    client.force_login(kansli)
    html = client.get(reverse("beslut:oversikt")).content.decode()
    assert reverse("beslut:register_xlsx") in html


def test_the_decision_register_runs_a_bounded_number_of_queries(
    client, kansli, org, projects, django_assert_max_num_queries
):
    a, _b = projects
    for i in range(60):
        Beslut.objects.create(
            delprojekt=a,
            organ=org.ledningsgrupp,
            datum=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            utfall=Beslut.Utfall.START,
            beslutstext=f"Beslut {i}",
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beslut:register_xlsx"))
    assert len(rows(response)) == 61


def test_a_project_in_work_shows_its_phase(client, kansli, projects):
    Delprojekt.objects.filter(pk=projects[1].pk).update(status=Status.ANALYS)
    client.force_login(kansli)
    data = rows(client.get(reverse("delprojekt:portfolio_xlsx"), {"status": "fas:arbete"}))
    assert [(r[1], r[3]) for r in data[1:]] == [("Barnreumatologi", "Arbetsgruppens arbete")]


# --- Mina delprojekt ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["delprojekt:mine_xlsx", "delprojekt:mine_csv"])
def test_mina_delprojekt_exports_only_mine_with_my_role(
    client, kansli, projects, org, name, django_assert_max_num_queries
):
    rygg, barn = projects  # kansli proposed both and is contact person of Ryggkirurgi
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert "mina-delprojekt" in response["Content-Disposition"]
    header, *data = rows(response) if name.endswith("xlsx") else csv_rows(response)
    assert header[:3] == ["Min roll", "Referens", "Titel"]
    assert sorted((r[2], r[0]) for r in data) == [
        (barn.titel, "Förslagsställare"),
        (rygg.titel, "Kontaktperson (kansliet), Förslagsställare"),
    ]


def test_mina_delprojekt_links_its_own_exports(client, kansli, projects):
    client.force_login(kansli)
    html = client.get(reverse("delprojekt:mine"), {"q": "rygg"}).content.decode()
    assert f'href="{reverse("delprojekt:mine_xlsx")}?q=rygg' in html
    assert f'href="{reverse("delprojekt:mine_csv")}?q=rygg' in html
