"""The statistics' charts: grouped bars and the interval chart of days per phase, drawn
as SVG by the follow-up's chart module; escaping, the table, the text alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from uppfoljning.diagram import (
    Intervall,
    Kategorirad,
    Stapelserie,
    intervalldiagram,
    stapeldiagram,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(diagram) -> ET.Element:
    return ET.fromstring(str(diagram.svg))  # noqa: S314 - the chart's own markup


def test_bars_one_per_value_with_the_table_and_a_description():
    d = stapeldiagram(
        ident="t",
        titel="Delprojekt per år",
        kategorier=["2025", "2026"],
        serier=[Stapelserie("Startade", [1, 12]), Stapelserie("Avbrutna", [0, None])],
        enhet="antal",
    )
    root = parse(d)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Delprojekt per år"
    desc = root.find(f"{SVG}desc").text
    assert "Startade: sammanlagt 13, högst 12 (2026)." in desc
    startade = root.find(f"{SVG}g[@data-serie='Startade']")
    assert len(startade.findall(f"{SVG}rect")) == 2
    # A missing value draws nothing; a zero is a bar of no height.
    avbrutna = root.find(f"{SVG}g[@data-serie='Avbrutna']")
    assert len(avbrutna.findall(f"{SVG}rect")) == 1
    assert d.tabell.kolumner == ["Startade", "Avbrutna"]
    assert d.tabell.rader == [Kategorirad("2025", ["1", "0"]), Kategorirad("2026", ["12", "–"])]
    assert d.titel == "Delprojekt per år"
    assert not d.tom


def test_bars_of_counts_have_whole_number_ticks():
    d = stapeldiagram(ident="t", titel="T", kategorier=["a"], serier=[Stapelserie("S", [1])])
    ticks = [t.text for t in parse(d).find(f"{SVG}g[@data-axel='y']").findall(f"{SVG}text")]
    assert ticks == ["0", "1", "2", "3", "4"]


def test_a_second_label_line_goes_under_the_first_and_the_table_gets_one_line():
    d = stapeldiagram(
        ident="t",
        titel="T",
        kategorier=["dec\n2025", "jan\n2026"],
        serier=[Stapelserie("S", [1, 2])],
    )
    labels = [t.text for t in parse(d).find(f"{SVG}g[@data-axel='x']").findall(f"{SVG}text")]
    assert labels == ["dec", "2025", "jan", "2026"]
    assert [r.kategori for r in d.tabell.rader] == ["dec 2025", "jan 2026"]


def test_bar_texts_are_escaped():
    d = stapeldiagram(
        ident="t",
        titel="<script>x</script>",
        kategorier=["<b>"],
        serier=[Stapelserie('Region "&"', [3])],
    )
    text = str(d.svg)
    assert "<script>" not in text and "<b>" not in text
    root = parse(d)
    assert root.find(f"{SVG}title").text == "<script>x</script>"
    assert root.find(f"{SVG}g[@data-serie='Region \"&\"']") is not None


def test_no_values_says_so():
    d = stapeldiagram(ident="t", titel="T", kategorier=[], serier=[Stapelserie("S", [])])
    assert d.tom
    assert parse(d).find(f"{SVG}text[@data-tom='1']").text == "Inga värden"
    assert parse(d).find(f"{SVG}desc").text == "Inga värden."


def test_the_interval_chart_draws_median_quartiles_and_range_in_swedish_numbers():
    d = intervalldiagram(
        ident="f",
        titel="Dagar per fas",
        rader=[
            Intervall("Registrering → Startbeslut", 59, 44.5, 203.5, 30, 1348),
            Intervall("Startbeslut → Uppdraget överlämnat", None),
        ],
        enhet="dagar",
    )
    root = parse(d)
    first = root.find(f"{SVG}g[@data-rad='Registrering → Startbeslut']")
    texts = [t.text for t in first.findall(f"{SVG}text")]
    assert texts == ["Registrering →", "Startbeslut", "59"]
    assert len(first.findall(f"{SVG}rect")) == 1  # the quartile box
    assert len(first.findall(f"{SVG}line")) == 2  # the range and the median
    desc = root.find(f"{SVG}desc").text
    assert "median 59 dagar, hälften mellan 44,5 och 203,5, spann 30–1\u00a0348." in desc
    assert "Startbeslut → Uppdraget överlämnat: inga värden." in desc
    assert d.tabell.rader[0] == Kategorirad(
        "Registrering → Startbeslut", ["59", "44,5", "203,5", "30", "1\u00a0348"]
    )
    assert d.tabell.rader[1].varden == ["–"] * 5
