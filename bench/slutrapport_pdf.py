"""Benchmark: a 30-page slutrapport PDF against WeasyPrint's plain rendering of 30 pages.

Both sides are PDF/A with tags, written with the same options as ``delprojekt/pdf.py``
(``pdf_variant`` of the slutrapport, ``pdf_tags=True``, the same URL fetcher and a fixed
creation date). The slutrapport is the real one (mall, contents with page numbers, group
table, action proposals, follow-up table, appendix); its chapter text grows or shrinks
until the PDF has exactly ``--sidor`` pages. The plain side is the same words as plain
paragraphs with a minimal stylesheet (A4, one font); its font size is adjusted until it
too has exactly ``--sidor`` pages. The page counts are read from the PDFs (pypdf) and
printed.

The two are timed interleaved, in a shuffled order each round, over ``--rounds`` rounds,
so a slow moment of the machine hits both alike. Printed: median and 95th percentile of
each, the median CPU time of the process and the median time spent in the garbage
collector (the app pauses the automatic collector while WeasyPrint works, the plain side
does not), the ratio of the medians with the goal (≤ 2×), and the slutrapport's time split
into its phases (data and template → HTML, WeasyPrint parse and layout, PDF/A writing).

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL).

    uv run python bench/slutrapport_pdf.py [--rounds 12] [--sidor 30]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
warnings.filterwarnings("ignore", message="No directory at")
warnings.filterwarnings("ignore", category=ResourceWarning)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

GOAL_RATIO = 2.0

STYCKE = (
    "Nulägesbeskrivningen bygger på uppgifter från regionernas patientadministrativa system "
    "och på intervjuer med verksamheterna. Väntetiderna skiljer sig mellan regionerna, och "
    "skillnaderna förklaras delvis av hur remisserna bedöms och hur operationsresurserna "
    "fördelas över året. "
) * 3

PLAIN_CSS = (
    "@page {{ size: A4; margin: 25mm 22mm 24mm 25mm; }} "
    'html {{ font-family: "DejaVu Sans"; font-size: {size:.2f}pt; line-height: 1.45; }} '
    "p {{ margin: 0 0 3mm; }}"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=12, help="interleaved rounds (≥ 10)")
    parser.add_argument("--sidor", type=int, default=30, help="pages of both PDFs")
    args = parser.parse_args()

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _p95(times: list[float]) -> float:
    t = sorted(times)
    return t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]


def _fill(dp, regioner, stycken: int) -> None:
    """Chapter text of ``stycken`` paragraphs in all, spread over the chapters."""
    from delprojekt.models import Kapitel

    # Shares of the paragraphs: uppdrag, nuläge (3 sections), analys (2 sections), förslag.
    delar = [2, 4, 4, 4, 3, 3, 2]
    per = [stycken * d // sum(delar) for d in delar]
    per[1] += stycken - sum(per)

    def avsnitt(n: int) -> str:
        return "\n\n".join([STYCKE] * max(n, 1))

    texter = {
        "uppdrag": avsnitt(per[0]),
        "nulage": "\n\n".join(f"## Avsnitt {i}\n\n{avsnitt(per[i])}" for i in range(1, 4)),
        "analys": "\n\n".join(f"## Avsnitt {i}\n\n{avsnitt(per[3 + i])}" for i in range(1, 3)),
        "forslag": avsnitt(per[6]),
        "faktabilaga": "| Region | Väntetid |\n|---|---|\n"
        + "\n".join(f"| {r.namn} | {40 + i} |" for i, r in enumerate(regioner)),
        "referenser": "\n".join(f"{i}. Källa nummer {i}." for i in range(1, 21)),
    }
    for nyckel, text in texter.items():
        Kapitel.objects.filter(
            dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel=nyckel
        ).update(text=text)


def _search(label: str, lo: float, hi: float, pages_of, target: int, *, integer: bool):
    """The value in [lo, hi] whose rendering has ``target`` pages (pages grow with it)."""
    best = None
    for _ in range(14):
        mid = (lo + hi) // 2 if integer else (lo + hi) / 2
        n = pages_of(mid)
        best = (mid, n) if best is None or abs(n - target) < abs(best[1] - target) else best
        if n == target:
            return mid, n
        if n < target:
            lo = mid + (1 if integer else 0)
        else:
            hi = mid - (1 if integer else 0)
        if lo > hi or (not integer and hi - lo < 0.005):
            break
    print(f"  {label}: {target} sidor nåddes inte exakt, närmast {best[1]}")
    return best


def run(args: argparse.Namespace) -> None:
    from django.utils.html import escape, strip_tags
    from weasyprint import CSS, HTML

    from delprojekt.models import Organ, Samverkan
    from delprojekt.pdf import _refuse_remote, render_pdf
    from delprojekt.services.delprojekt import delprojekt_register
    from delprojekt.services.slutrapport_pdf import (
        PDF_VARIANT,
        slutrapport_context,
        slutrapport_pdf,
    )
    from tests import factories as f
    from tests.conftest import REGIONER

    # The benchmark's own installation: Södra's samverkan, made explicitly.
    if not Samverkan.objects.exists():
        Samverkan.objects.create(
            kortnamn="SFBV",
            namn="Samarbete för bättre vård",
            sjukvardsregion="Södra sjukvårdsregionen",
            namnd_namn="Södra regionvårdsnämnden",
            referens_prefix="SFBV",
        )
    regioner = [f.RegionFactory(namn=n, kortnamn=k, ordning=i) for i, (n, k) in enumerate(REGIONER)]
    fokus = [f.FokusomradeFactory(namn="Tillgänglighet")]
    user = f.UserFactory(username="bench")
    person = f.PersonFactory(namn="Bänk Kansli", user=user)
    f.OrganmedlemskapFactory(person=person, organ=f.OrganFactory(typ=Organ.Typ.KANSLI))
    dp = delprojekt_register(
        user=user,
        titel="Ryggkirurgi i södra regionen",
        ursprung="ledningsgrupp",
        regioner=regioner,
        fokusomraden=fokus,
        kontaktperson=person,
    )
    for i in range(1, 9):
        a = f.AtgardsforslagFactory(
            delprojekt=dp, ordning=i, titel=f"Åtgärd {i}", beskrivning=STYCKE, kostnad="1 mnkr"
        )
        a.regioner.set(regioner[:2])
    for i in range(1, 6):
        dp.uppfoljningsparametrar.create(namn=f"Parameter {i}", kalla="pas", malvarde=10 * i)
    for i in range(12):
        f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, roll="ledamot", region=regioner[i % 4])

    print(f"Anpassar texten till {args.sidor} sidor …")

    def report_pages(stycken: float) -> int:
        _fill(dp, regioner, int(stycken))
        return _pages(slutrapport_pdf(dp))

    stycken, _ = _search("slutrapport", 10, 200, report_pages, args.sidor, integer=True)
    _fill(dp, regioner, int(stycken))
    report = slutrapport_pdf(dp)
    sidor = _pages(report)

    context = slutrapport_context(dp)
    from django.template.loader import render_to_string

    words = strip_tags(render_to_string("mall/slutrapport.html", context)).split()
    plain_html = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Text</title>'
        '<meta name="author" content="Bänk"></head><body>'
        + "".join(
            f"<p>{escape(' '.join(words[i : i + 120]))}</p>" for i in range(0, len(words), 120)
        )
        + "</body></html>"
    )
    created = f"{context['datum']:%Y-%m-%d}T00:00:00Z"

    def render_plain(size: float) -> bytes:
        document = HTML(string=plain_html, url_fetcher=_refuse_remote).render(
            stylesheets=[CSS(string=PLAIN_CSS.format(size=size))], pdf_tags=True
        )
        document.metadata.created = created
        document.metadata.modified = created
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)

    size, _ = _search(
        "enkel text", 4.0, 20.0, lambda s: _pages(render_plain(s)), args.sidor, integer=False
    )
    plain_sidor = _pages(render_plain(size))

    times: dict[str, list[float]] = {"slutrapport": [], "enkel": []}
    cpu: dict[str, list[float]] = {"slutrapport": [], "enkel": []}
    gc_times: dict[str, list[float]] = {"slutrapport": [], "enkel": []}
    collecting = {"since": 0.0, "total": 0.0}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["total"] += time.perf_counter() - collecting["since"]

    gc.callbacks.append(on_gc)

    def timed(label: str, fn) -> None:
        collecting["total"] = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        times[label].append(time.perf_counter() - started)
        cpu[label].append(time.process_time() - cpu_started)
        gc_times[label].append(collecting["total"])

    phases: dict[str, list[float]] = {"data": [], "html": [], "layout": [], "write": []}

    def report_phases() -> None:
        started = time.perf_counter()
        ctx = slutrapport_context(dp)
        split: dict[str, float] = {}
        render_pdf(
            "mall/slutrapport.html",
            ctx,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            created=created,
            timings=split,
        )
        total = time.perf_counter() - started
        phases["data"].append(total - sum(split.values()))
        for key, value in split.items():
            phases[key].append(value)

    def time_report() -> None:
        timed("slutrapport", report_phases)

    def time_plain() -> None:
        timed("enkel", lambda: render_plain(size))

    rng = random.Random(1)
    for _ in range(max(args.rounds, 10)):
        order = [time_report, time_plain]
        rng.shuffle(order)
        for fn in order:
            fn()

    rounds = len(times["enkel"])
    print(
        f"\nPDF/A ({PDF_VARIANT}) med taggar på båda sidor, {rounds} omgångar "
        "varvade i blandad ordning"
    )
    print(f"{'':34} {'sidor':>5} {'median':>8} {'p95':>8} {'CPU':>8} {'varav gc':>9}")
    for label, name, n in (
        ("slutrapport", f"slutrapport ({int(stycken)} stycken text)", sidor),
        ("enkel", f"enkel text, samma ord ({size:.2f} pt)", plain_sidor),
    ):
        print(
            f"{name:34} {n:>5} {statistics.median(times[label]):7.2f}s "
            f"{_p95(times[label]):7.2f}s {statistics.median(cpu[label]):7.2f}s "
            f"{statistics.median(gc_times[label]):8.2f}s"
        )
    print(f"  ({len(words)} ord på båda sidor)")
    ratio = statistics.median(times["slutrapport"]) / statistics.median(times["enkel"])
    ratio95 = _p95(times["slutrapport"]) / _p95(times["enkel"])
    ratio_cpu = statistics.median(cpu["slutrapport"]) / statistics.median(cpu["enkel"])
    same = sidor == plain_sidor == args.sidor
    ok = ratio <= GOAL_RATIO and same
    print(
        f"kvot slutrapport / enkel text: median {ratio:.2f}, p95 {ratio95:.2f}, "
        f"CPU {ratio_cpu:.2f} "
        f"(mål ≤ {GOAL_RATIO:.0f}× vid samma sidantal) {'✓' if ok else '✗'}"
    )
    if not same:
        print(f"  sidantalen skiljer sig: {sidor} mot {plain_sidor}, jämförelsen gäller inte")
    print("\nslutrapportens tid per fas (median):")
    names = {
        "data": "data ur databasen (kontext)",
        "html": "mallen till HTML (Markdown m.m.)",
        "layout": "WeasyPrint: tolkning och layout",
        "write": "WeasyPrint: PDF/A-skrivning",
    }
    total = statistics.median(times["slutrapport"])
    for key, label in names.items():
        m = statistics.median(phases[key])
        print(f"  {label:34} {m:6.3f} s  {100 * m / total:4.0f} %")


if __name__ == "__main__":
    main()
