"""The statistics (/statistik/): figures from a hand-made data set with known dates, the
filters, who may see them, the workbook, the monthly report and the query budget."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Rekommendation,
    Rekommendationsutfall,
    Status,
)
from delprojekt.pdf import page_count
from tests.conftest import register
from uppfoljning.models import Inforandestatus
from uppfoljning.statistik import Urval, statistik

D = datetime.date
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC), tick=False):
        yield


def at(d: D, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(d.year, d.month, d.day, hour))


def projekt(kansli, titel, *, registrerad: D, status: str, regioner=(), fokus=(), **fields):
    dp = register(kansli, titel=titel, regioner=list(regioner), fokusomraden=list(fokus))
    Delprojekt.objects.filter(pk=dp.pk).update(status=status, skapad=at(registrerad), **fields)
    return dp


def overgang(dp, name, fran, till, datum: D, *, beslut=None):
    Handelse.objects.create(
        delprojekt=dp,
        typ=Handelse.Typ.OVERGANG,
        overgang=name,
        fran_status=fran,
        till_status=till,
        aktor="Test",
        text=name,
        tidpunkt=at(datum),
        beslut=beslut,
    )


@pytest.fixture
def data(frozen, kansli, org):
    """Six projects with known dates (today is 2026-12-02):

    P1 registered 2025-01-10, started 2025-03-10 (decision date; recorded two days later),
    handed over 2025-05-09, report handed in 2025-11-05, board 2026-02-03, Blekinge decided
    2026-03-05 and Halland 2026-04-04. P2 registered 2025-02-01, resting 2025-04-01,
    resumed 2026-01-15. P3 registered 2026-01-05, started 2026-02-04, stopped 2026-06-01.
    P4 registered 2026-03-01, rejected 2026-04-01. P5 registered 2026-11-20. P6 registered
    2025-06-01, resting since 2025-09-01.
    """
    ble, hal, kro, _ska = org.regioner
    S = Status
    p1 = projekt(
        kansli,
        "Ryggkirurgi",
        registrerad=D(2025, 1, 10),
        status=S.INFORANDE,
        regioner=[ble, hal],
        overlamnat_datum=D(2025, 5, 9),
        namnd_beslutsdatum=D(2026, 2, 3),
    )
    start = Beslut.objects.create(
        delprojekt=p1,
        organ=org.ledningsgrupp,
        datum=D(2025, 3, 10),
        utfall=Beslut.Utfall.START,
        beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
    )
    overgang(p1, "starta", S.STARTBESLUT, S.UPPDRAG, D(2025, 3, 12), beslut=start)
    overgang(p1, "overlamna_uppdrag", S.ARBETSGRUPP, S.NULAGE, D(2025, 5, 9))
    overgang(p1, "lamna_till_samarbetsgrupp", S.SLUTRAPPORT, S.SAMARBETSGRUPP, D(2025, 11, 5))
    # Sent back and handed in again: the first hand-in counts.
    overgang(p1, "lamna_till_samarbetsgrupp", S.SLUTRAPPORT, S.SAMARBETSGRUPP, D(2025, 12, 1))
    namnd = Beslut.objects.create(
        delprojekt=p1,
        organ=org.namnd,
        datum=D(2026, 2, 3),
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext="Nämnden rekommenderar regionerna att införa förslaget.",
    )
    overgang(p1, "rekommendera", S.NAMND, S.HUVUDMANNABESLUT, D(2026, 2, 3), beslut=namnd)
    rek = Rekommendation.objects.create(beslut=namnd, text="… att införa ett gemensamt PM")
    for region, datum, utfall, inforande in (
        (ble, D(2026, 3, 5), "bifall", "genomfort"),
        (hal, D(2026, 4, 4), "avslag", "ej_aktuellt"),
    ):
        hb = Huvudmannabeslut.objects.create(
            delprojekt=p1, region=region, niva="politisk", organ_namn="Regionstyrelsen", datum=datum
        )
        Rekommendationsutfall.objects.create(huvudmannabeslut=hb, rekommendation=rek, utfall=utfall)
        Inforandestatus.objects.create(rekommendation=rek, region=region, status=inforande)

    p2 = projekt(
        kansli, "Barnreumatologi", registrerad=D(2025, 2, 1), status=S.UPPDRAG, regioner=[hal]
    )
    overgang(p2, "vila", S.STARTBESLUT, S.VILANDE, D(2025, 4, 1))
    overgang(p2, "ateruppta", S.VILANDE, S.UPPDRAG, D(2026, 1, 15))

    p3 = projekt(
        kansli,
        "Hörselvård",
        registrerad=D(2026, 1, 5),
        status=S.AVBRUTEN,
        regioner=[kro],
        fokus=[org.fokus[0]],
    )
    overgang(p3, "starta", S.STARTBESLUT, S.UPPDRAG, D(2026, 2, 4))
    overgang(p3, "avbryt", S.UPPDRAG, S.AVBRUTEN, D(2026, 6, 1))

    p4 = projekt(kansli, "Fotvård", registrerad=D(2026, 3, 1), status=S.AVSLAGEN)
    overgang(p4, "avsla", S.STARTBESLUT, S.AVSLAGEN, D(2026, 4, 1))

    projekt(kansli, "Ny idé", registrerad=D(2026, 11, 20), status=S.FORSLAG)

    p6 = projekt(kansli, "Sömnvård", registrerad=D(2025, 6, 1), status=S.VILANDE)
    overgang(p6, "vila", S.STARTBESLUT, S.VILANDE, D(2025, 9, 1))
    return org


def per_ar(st) -> dict:
    return {
        r.ar: (r.startade, r.slutrapporterade, r.avbrutna, r.avslagna, r.vilande) for r in st.ar
    }


def fas(st, nyckel):
    return next(f for f in st.faser if f.nyckel == nyckel)


# --- The figures ------------------------------------------------------------------------


def test_counts_per_year_and_in_total(data):
    st = statistik(Urval())
    assert per_ar(st) == {2025: (1, 0, 0, 0, 2), 2026: (2, 1, 1, 1, 0)}
    t = st.totalt
    assert (t.startade, t.slutrapporterade, t.avbrutna, t.avslagna, t.vilande) == (3, 1, 1, 1, 2)
    assert st.vilande_nu == 1
    # P1 (införande) and P2 (uppdrag); the stopped P3 is no longer running.
    assert st.pagaende_nu == 2
    assert st.antal_projekt == 6


def test_days_per_phase_use_the_decision_date_and_the_first_hand_in(data):
    st = statistik(Urval())
    reg = fas(st, "registrering-start")
    # P1 59 days (to the decision on 2025-03-10, not its recording two days later),
    # P2 348 days (resumed), P3 30 days.
    assert sorted(reg.dagar) == [30, 59, 348]
    assert reg.median == 59
    assert (reg.q1, reg.q3, reg.minsta, reg.storsta) == (44.5, 203.5, 30, 348)
    assert fas(st, "start-overlamnat").dagar == [60]
    assert fas(st, "overlamnat-slutrapport").dagar == [180]
    assert fas(st, "slutrapport-namnd").dagar == [90]
    # The last of the two concerned regions decided 60 days after the board.
    assert fas(st, "namnd-regioner").dagar == [60]


def test_a_phase_counts_in_the_year_it_ended(data):
    st = statistik(Urval(ar=2026))
    assert per_ar(st) == {2026: (2, 1, 1, 1, 0)}
    assert sorted(fas(st, "registrering-start").dagar) == [30, 348]
    assert fas(st, "registrering-start").median == 189
    assert fas(st, "overlamnat-slutrapport").dagar == []
    assert fas(st, "overlamnat-slutrapport").median is None


def test_inflow_and_throughput_per_month(data):
    st = statistik(Urval())
    assert [m.manad for m in st.manader] == [D(2026, m, 1) for m in range(1, 13)]
    rows = {
        m.manad.month: (m.registrerade, m.startade, m.slutrapporterade, m.avslutade)
        for m in st.manader
    }
    assert rows[1] == (1, 1, 0, 0)
    assert rows[2] == (0, 1, 1, 0)
    assert rows[3] == (1, 0, 0, 0)
    assert rows[4] == (0, 0, 0, 1)
    assert rows[6] == (0, 0, 0, 1)
    assert rows[11] == (1, 0, 0, 0)
    assert rows[12] == (0, 0, 0, 0)


def test_the_regions_decisions_and_implementation(data):
    st = statistik(Urval())
    rows = {r.region.kortnamn: r for r in st.regioner}
    assert list(rows) == ["BLE", "HAL", "KRO", "SKA"]
    ble, hal, kro = rows["BLE"], rows["HAL"], rows["KRO"]
    assert (ble.rekommenderade, ble.beslutade, ble.saknas, ble.median_dagar) == (1, 1, 0, 30)
    assert (hal.rekommenderade, hal.beslutade, hal.median_dagar) == (1, 1, 60)
    assert (ble.bifall, ble.avslag, hal.bifall, hal.avslag) == (1, 0, 0, 1)
    assert ble.inforande == {"genomfort": 1}
    assert hal.inforande_lista() == [0, 0, 0, 1]
    assert (kro.rekommenderade, kro.beslutade, kro.inforande_totalt) == (0, 0, 0)


def test_a_region_filter_keeps_the_projects_that_concern_it(data):
    hal = data.regioner[1]
    st = statistik(Urval(region=hal))
    # P1 and P2 concern Halland.
    assert st.antal_projekt == 2
    assert per_ar(st) == {2025: (1, 0, 0, 0, 1), 2026: (1, 1, 0, 0, 0)}
    assert [r.region for r in st.regioner] == [hal]


def test_a_focus_filter(data):
    st = statistik(Urval(fokus=data.fokus[0]))
    assert st.antal_projekt == 1
    assert per_ar(st) == {2026: (1, 0, 1, 0, 0)}
    assert st.regioner[0].rekommenderade == 0


def test_a_year_without_board_decisions_has_no_regional_figures(data):
    st = statistik(Urval(ar=2025))
    assert all(r.rekommenderade == 0 and r.inforande_totalt == 0 for r in st.regioner)


def test_a_project_walked_through_the_real_lifecycle_is_counted(frozen, org, kansli, lg_members):
    from tests.workflow_helpers import walk_to

    dp = register(kansli, titel="Genom hela processen")
    walk_to(dp, Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members)
    st = statistik(Urval())
    assert st.totalt.startade == 1
    assert st.totalt.slutrapporterade == 1
    assert [f.antal for f in st.faser][:4] == [1, 1, 1, 1]


def test_no_projects_gives_empty_figures(frozen, org):
    st = statistik(Urval())
    assert st.ar == []
    assert st.totalt.startade == 0
    assert all(f.median is None for f in st.faser)


# --- The page ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["kansli", "lg", "reader", "samarbetsgrupp_user"])
def test_those_who_see_every_project_see_the_statistics(request, client, data, persona, lg_members):
    user = lg_members[0] if persona == "lg" else request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("statistik:sida"))
    assert response.status_code == 200
    assert reverse("statistik:sida") in response.content.decode()  # the menu link


def test_others_get_403_on_every_statistics_url_and_no_menu_link(client, data, outsider):
    client.force_login(outsider)
    for url in (
        reverse("statistik:sida"),
        reverse("statistik:xlsx"),
        reverse("statistik:manadsrapport") + "?ar=2026&manad=11",
    ):
        assert client.get(url).status_code == 403
    page = client.get(reverse("delprojekt:portfolio")).content.decode()
    assert reverse("statistik:sida") not in page


def test_anonymous_visitors_are_sent_to_log_in(client, data):
    response = client.get(reverse("statistik:sida"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_tables_charts_and_keeps_the_filters_in_the_export_link(
    client, data, kansli
):
    client.force_login(kansli)
    hal = data.regioner[1]
    response = client.get(reverse("statistik:sida"), {"ar": 2026, "region": hal.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 5
    assert html.count('<th scope="col"') >= 20
    assert "Så räknas det" in html
    assert f"{reverse('statistik:xlsx')}?ar=2026&amp;region={hal.pk}" in html
    # Hidden filters ride along to the monthly report.
    assert f'name="region" value="{hal.pk}"' in html
    assert "Urval: 2026, Region Halland, alla fokusområden – 2 delprojekt." in html


def test_a_bad_filter_is_refused_with_a_message_and_ignored(client, data, kansli):
    client.force_login(kansli)
    response = client.get(reverse("statistik:sida"), {"ar": "abc", "region": "999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Något filter var ogiltigt och används inte." in html
    assert "alla år, alla regioner" in html


def test_post_is_not_allowed(client, data, kansli):
    client.force_login(kansli)
    assert client.post(reverse("statistik:sida")).status_code == 405


def test_the_page_stays_within_its_query_budget(
    frozen, client, kansli, org, django_assert_max_num_queries
):
    ble, hal = org.regioner[:2]
    projects = [
        Delprojekt(
            referens=f"SFBV-2026-{i:04d}",
            prefix="SFBV",
            ar=2026,
            lopnummer=i,
            titel=f"Projekt {i}",
            ursprung="ledningsgrupp",
            status=Status.INFORANDE,
            namnd_beslutsdatum=D(2026, 6, 1),
            overlamnat_datum=D(2026, 3, 1),
        )
        for i in range(1, 301)
    ]
    Delprojekt.objects.bulk_create(projects)
    Delprojekt.regioner.through.objects.bulk_create(
        Delprojekt.regioner.through(delprojekt=dp, region=r) for dp in projects for r in (ble, hal)
    )
    Handelse.objects.bulk_create(
        Handelse(
            delprojekt=dp,
            typ=Handelse.Typ.OVERGANG,
            overgang=name,
            aktor="Bänk",
            text=name,
            tidpunkt=at(d),
        )
        for dp in projects
        for name, d in (
            ("starta", D(2026, 2, 1)),
            ("overlamna_uppdrag", D(2026, 3, 1)),
            ("lamna_till_samarbetsgrupp", D(2026, 5, 1)),
        )
    )
    Huvudmannabeslut.objects.bulk_create(
        Huvudmannabeslut(delprojekt=dp, region=ble, niva="politisk", datum=D(2026, 7, 1))
        for dp in projects
    )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("statistik:sida"))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get(reverse("statistik:sida"), {"region": hal.pk, "fokus": ""})
    assert response.status_code == 200
    st = response.context["st"]
    assert st.totalt.startade == 300
    assert st.regioner[0].rekommenderade == 300
    assert st.regioner[0].beslutade == 0
    assert response.context["st"].faser[2].median == 61


# --- The workbook -----------------------------------------------------------------------


def test_the_workbook_has_one_sheet_per_table_with_typed_cells(client, data, kansli):
    client.force_login(kansli)
    response = client.get(reverse("statistik:xlsx"), {"ar": 2026})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="sfbv-statistik-2026-12-02.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Per år", "Per månad", "Dagar per fas", "Regionerna", "Urval"]
    ar = wb["Per år"]
    assert ar.freeze_panes == "A2"
    assert ar.auto_filter.ref == "A1:F3"
    assert ar["A1"].font.b
    assert [c.value for c in ar[2]] == [2026, 2, 1, 1, 1, 0]
    assert [c.value for c in ar[3]] == ["Totalt", 2, 1, 1, 1, 0]
    manad = wb["Per månad"]
    assert manad["A2"].value.date() == D(2026, 1, 1)
    assert manad["A2"].number_format == "yyyy-mm-dd"
    fas_rows = list(wb["Dagar per fas"].iter_rows(min_row=2, values_only=True))
    assert fas_rows[0][3:7] == (2, 189, 109.5, 268.5)
    regioner = list(wb["Regionerna"].iter_rows(min_row=2, values_only=True))
    assert regioner[0][:8] == ("Region Blekinge", 1, 1, 0, 30, 1, 0, 0)
    assert wb["Urval"]["B2"].value == "2026, alla regioner, alla fokusområden"


def test_text_that_looks_like_a_formula_is_neutralised_in_the_workbook(client, data, kansli):
    from delprojekt.models import Region

    Region.objects.filter(kortnamn="BLE").update(namn='=HYPERLINK("http://x")')
    client.force_login(kansli)
    response = client.get(reverse("statistik:xlsx"))
    ws = load_workbook(io.BytesIO(response.content))["Regionerna"]
    cell = ws["A2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


# --- The monthly report ---------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_monthly_report_is_a_pdf_with_the_months_figures(client, data, kansli):
    client.force_login(kansli)
    response = client.get(reverse("statistik:manadsrapport"), {"ar": 2026, "manad": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="manadsrapport-2026-02.pdf"' in response["Content-Disposition"]
    pdf = response.content
    # PDF/A and tagged, as the other documents of the mall.
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()
    assert "/StructTreeRoot" in root
    assert 2 <= page_count(pdf) <= 8
    text = pdf_text(pdf)
    assert "Månadsrapport" in text
    assert "Statistik för februari 2026" in text
    assert "Så räknas det" in text
    assert "Dagar per fas" in text
    # February 2026: P3 started, P1 got the board's decision.
    manad = text[text.index("Delprojekt under februari 2026") :]
    assert "Startade" in manad
    line = next(row for row in manad.splitlines() if "Genomströmning" in row)
    assert line.split()[-1] == "1"
    # Nothing after February is counted: P3 was stopped in June.
    assert "Avbrutna" in text
    assert statistik(Urval(ar=2026), manad=D(2026, 2, 1)).totalt.avbrutna == 0


def test_the_monthly_report_keeps_the_region_filter(client, data, kansli):
    client.force_login(kansli)
    hal = data.regioner[1]
    response = client.get(
        reverse("statistik:manadsrapport"), {"ar": 2026, "manad": 11, "region": hal.pk}
    )
    text = pdf_text(response.content)
    assert "Region Halland" in text
    assert "Region Blekinge" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ar": 2026, "manad": 13}, "Välj en månad mellan januari och december."),
        ({"ar": 1999, "manad": 1}, "Välj ett år då det finns delprojekt."),
        ({"ar": 2026, "manad": 11, "region": 999999}, None),
        ({}, "Detta fält måste fyllas i."),
        ({"ar": "x", "manad": "y"}, "Välj ett år då det finns delprojekt."),
    ],
)
def test_a_bad_month_gives_a_swedish_message_not_an_error(client, data, kansli, params, message):
    client.force_login(kansli)
    response = client.get(reverse("statistik:manadsrapport"), params, follow=True)
    assert response.status_code == 200
    if message is None:
        # A month that has begun is fine; a bad region filter is just left out.
        assert response["Content-Type"] == "application/pdf"
    else:
        assert message in response.content.decode()


def test_a_month_that_has_not_begun_is_refused(client, data, kansli):
    client.force_login(kansli)
    response = client.get(
        reverse("statistik:manadsrapport"), {"ar": 2026, "manad": 12}, follow=False
    )
    assert response["Content-Type"] == "application/pdf"
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        response = client.get(
            reverse("statistik:manadsrapport"), {"ar": 2026, "manad": 12}, follow=True
        )
    assert "Månadsrapporten kan inte gälla en månad som inte har börjat." in (
        response.content.decode()
    )
