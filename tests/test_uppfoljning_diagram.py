"""The parameter chart: one SVG series per region, baseline and target lines, escaping,
the data table as text alternative, awkward data (none, one, equal, negative values)."""

from __future__ import annotations

import datetime
import io
import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from delprojekt.models import Region, Uppfoljningsparameter
from uppfoljning.diagram import (
    HELA,
    Diagram,
    nice_ticks,
    parameterdiagram,
    parametrar_med_diagram,
    tal,
)
from uppfoljning.models import Matvarde

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


def region(pk, namn, ordning=0):
    return Region(pk=pk, namn=namn, kortnamn=namn[:3].upper(), ordning=ordning)


BLE = region(1, "Region Blekinge", 1)
HAL = region(2, "Region Halland", 2)
SKA = region(4, "Region Skåne", 4)


def parameter(**kw):
    defaults = {
        "pk": 7,
        "namn": "Väntetid till första besök",
        "enhet": "dagar",
        "kalla": "pas",
        "utgangsvarde": Decimal("45"),
        "utgangsdatum": D(2025, 1, 15),
        "malvarde": Decimal("30"),
    }
    defaults.update(kw)
    return Uppfoljningsparameter(**defaults)


def mv(reg, datum, varde):
    return Matvarde(region=reg, datum=datum, varde=Decimal(str(varde)))


def xml(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - the chart's own markup, built in the test


def parse(diagram: Diagram) -> ET.Element:
    root = xml(str(diagram.svg))
    assert root.tag == f"{SVG}svg"
    return root


def groups(root, attr):
    return [g.get(attr) for g in root.iter(f"{SVG}g") if g.get(attr) is not None]


def test_one_series_per_region_present_plus_the_whole_region_and_both_lines():
    values = [
        mv(HAL, D(2025, 6, 1), 40),
        mv(BLE, D(2025, 6, 1), 44),
        mv(BLE, D(2025, 12, 1), 38),
        mv(None, D(2025, 12, 1), 39.5),
    ]
    d = parameterdiagram(parameter(), values, [BLE, HAL, SKA])
    root = parse(d)
    # Ordered as the project's regions; Skåne has no values and gets no series.
    assert groups(root, "data-serie") == ["Region Blekinge", "Region Halland", HELA]
    assert groups(root, "data-linje") == ["utgangsvarde", "mal"]
    # Blekinge's two values make a line with two markers; Halland's one value a marker.
    ble = next(g for g in root.iter(f"{SVG}g") if g.get("data-serie") == "Region Blekinge")
    polyline = ble.find(f"{SVG}polyline")
    assert polyline is not None and len(polyline.get("points").split()) == 2
    hal = next(g for g in root.iter(f"{SVG}g") if g.get("data-serie") == "Region Halland")
    assert hal.find(f"{SVG}polyline") is None
    assert len(list(hal)) == 1
    # The labels of the lines say what they are, with the unit.
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Målvärde 30 dagar" in texts
    assert "Utgångsvärde 45 dagar (2025-01-15)" in texts
    assert "dagar" in texts


def test_series_differ_in_colour_marker_and_dash_not_colour_alone():
    values = [mv(r, D(2025, m, 1), m + r.pk) for r in (BLE, HAL, SKA) for m in (3, 6)]
    root = parse(parameterdiagram(parameter(), values, [BLE, HAL, SKA]))
    styles = []
    for g in root.iter(f"{SVG}g"):
        if g.get("data-serie"):
            line = g.find(f"{SVG}polyline")
            marker = list(g)[1]
            styles.append((line.get("stroke"), line.get("stroke-dasharray"), marker.tag))
    assert len({s[0] for s in styles}) == 3
    assert len({s[1] for s in styles}) == 3
    assert len({s[2] for s in styles}) == 3


def test_no_target_means_no_target_line():
    d = parameterdiagram(parameter(malvarde=None), [mv(BLE, D(2025, 6, 1), 40)], [BLE])
    root = parse(d)
    assert groups(root, "data-linje") == ["utgangsvarde"]
    assert "Inget målvärde angivet" in root.find(f"{SVG}desc").text


def test_names_are_escaped():
    evil = region(9, "<script>alert('x')</script> & co")
    p = parameter(namn='<script>alert("p")</script>', enhet="<b>st</b>")
    d = parameterdiagram(p, [mv(evil, D(2025, 6, 1), 1), mv(evil, D(2025, 7, 1), 2)], [evil])
    svg = str(d.svg)
    assert "<script" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(d)
    assert groups(root, "data-serie") == ["<script>alert('x')</script> & co"]
    assert root.find(f"{SVG}title").text == 'Diagram: <script>alert("p")</script>'
    assert d.tabell.kolumner == ["<script>alert('x')</script> & co"]


def test_no_values_shows_the_lines_and_a_text():
    d = parameterdiagram(parameter(), [], [BLE, HAL])
    root = parse(d)
    assert d.tom
    assert groups(root, "data-serie") == []
    assert groups(root, "data-linje") == ["utgangsvarde", "mal"]
    assert any(t.text == "Inga mätvärden ännu" for t in root.iter(f"{SVG}text"))
    assert d.tabell.rader == []


def test_nothing_at_all_still_draws_a_valid_chart():
    p = parameter(utgangsvarde=None, utgangsdatum=None, malvarde=None, enhet="")
    root = parse(parameterdiagram(p, []))
    assert groups(root, "data-linje") == []
    assert any(t.text == "Inga mätvärden ännu" for t in root.iter(f"{SVG}text"))


def _y_ticks(root):
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("data-axel") == "y")
    return [t.text for t in axis.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("values", "utgang", "mal"),
    [
        ([7], None, None),  # one value
        ([7, 7, 7], None, None),  # all equal
        ([-5, -2.5, 1.25, 3.75], Decimal("-2.5"), Decimal("3")),  # negative values
        ([0.001, 0.002], None, None),  # tiny
        ([12_000_000, 12_500_000], None, Decimal("10000000")),  # large
    ],
)
def test_awkward_data_gives_four_to_six_ticks_and_finite_coordinates(values, utgang, mal):
    p = parameter(utgangsvarde=utgang, malvarde=mal)
    data = [
        mv(None, D(2025, 1, 1) + datetime.timedelta(days=30 * i), v) for i, v in enumerate(values)
    ]
    d = parameterdiagram(p, data)
    root = parse(d)
    ticks = [t for t in _y_ticks(root) if t != "dagar"]
    assert 4 <= len(ticks) <= 6
    svg = str(d.svg)
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    for el in root.iter():
        for attr in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2"):
            if el.get(attr) is not None:
                float(el.get(attr))
    assert groups(root, "data-serie") == [HELA]


def test_negative_values_get_a_zero_line_and_a_minus_sign():
    data = [mv(BLE, D(2025, 1, 1), -5), mv(BLE, D(2025, 6, 1), 4)]
    root = parse(parameterdiagram(parameter(utgangsvarde=None, malvarde=None), data))
    assert "0" in _y_ticks(root)
    assert any(t.startswith("−") for t in _y_ticks(root))


def test_svg_is_self_contained_and_accessible():
    d = parameterdiagram(parameter(), [mv(BLE, D(2025, 6, 1), 40)], [BLE])
    svg = str(d.svg)
    for forbidden in ("<script", "href", "class=", "<style", "url(", "<foreignObject"):
        assert forbidden not in svg
    root = parse(d)
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 ")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Region Blekinge: senast 40 dagar (2025-06-01)" in desc.text


def test_same_input_gives_the_same_markup():
    values = [mv(BLE, D(2025, 6, 1), 40), mv(HAL, D(2025, 9, 1), 35)]
    a = parameterdiagram(parameter(), values, [BLE, HAL])
    b = parameterdiagram(parameter(), list(reversed(values)), [BLE, HAL])
    assert str(a.svg) == str(b.svg)


def test_table_has_a_column_per_series_and_a_dash_where_missing():
    values = [
        mv(BLE, D(2025, 6, 1), 40.5),
        mv(HAL, D(2025, 9, 1), 1234.25),
        mv(None, D(2025, 6, 1), -3),
    ]
    t = parameterdiagram(parameter(), values, [BLE, HAL]).tabell
    assert t.kolumner == ["Region Blekinge", "Region Halland", HELA]
    assert [r.datum for r in t.rader] == [D(2025, 6, 1), D(2025, 9, 1)]
    assert t.rader[0].varden == ["40,5", "–", "−3"]
    assert t.rader[1].varden == ["–", "1\u00a0234,25", "–"]
    assert t.enhet == "dagar"


@pytest.mark.parametrize(
    ("lo", "hi"), [(0, 1), (29, 47), (-5, 3.75), (0.001, 0.002), (7, 7), (1, 1e9)]
)
def test_nice_ticks_cover_the_range_with_four_to_six_round_steps(lo, hi):
    ticks = nice_ticks(lo, hi)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


def test_numbers_are_written_the_swedish_way():
    assert tal(Decimal("12.500")) == "12,5"
    assert tal(Decimal("1234567")) == "1\u00a0234\u00a0567"
    assert tal(Decimal("-0.25")) == "−0,25"
    assert tal(None) == "–"


def test_the_chart_renders_as_vector_graphics_in_a_pdf():
    values = [mv(BLE, D(2025, m, 1), 40 - m) for m in (2, 5, 8)]
    d = parameterdiagram(parameter(), values, [BLE])
    pdf = HTML(
        string=f"<html><body><div style='width:16cm'>{d.svg}</div></body></html>"
    ).write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Målvärde" in text
    assert "Region Blekinge" in text


def test_parametrar_med_diagram_in_three_queries(org, kansli, django_assert_num_queries):
    from tests.conftest import register

    dp = register(kansli)
    dp.regioner.set(org.regioner)
    p1 = Uppfoljningsparameter.objects.create(delprojekt=dp, ordning=1, namn="A", kalla="pas")
    p2 = Uppfoljningsparameter.objects.create(
        delprojekt=dp, ordning=2, namn="B", kalla="scb", malvarde=5
    )
    for i, r in enumerate(org.regioner):
        Matvarde.objects.create(parameter=p1, region=r, datum=D(2025, 1 + i, 1), varde=i)
    Matvarde.objects.create(parameter=p2, region=None, datum=D(2025, 3, 1), varde=4)
    with django_assert_num_queries(3):
        items = parametrar_med_diagram(dp)
        svgs = [str(i.diagram.svg) for i in items]
    assert [i.parameter for i in items] == [p1, p2]
    assert len(items[0].matvarden) == 4 and len(items[1].matvarden) == 1
    assert groups(xml(svgs[0]), "data-serie") == [r.namn for r in org.regioner]
    assert groups(xml(svgs[1]), "data-linje") == ["mal"]
