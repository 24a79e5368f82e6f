"""Benchmark: the slutrapport PDF (PDF/A, tagged, contents with page numbers) of a ~30-page
report, against WeasyPrint rendering the same words as plain paragraphs with the same CSS.

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL), fills one
report, and prints the median render time, the page count and the ratio to plain text.

    uv run python bench/slutrapport_pdf.py [--repeat 5] [--stycken 11]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

STYCKE = (
    "Nulägesbeskrivningen bygger på uppgifter från regionernas patientadministrativa system "
    "och på intervjuer med verksamheterna. Väntetiderna skiljer sig mellan regionerna, och "
    "skillnaderna förklaras delvis av hur remisserna bedöms och hur operationsresurserna "
    "fördelas över året. "
) * 3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stycken", type=int, default=11, help="stycken per avsnitt")
    args = parser.parse_args()

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(args: argparse.Namespace) -> None:
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from django.utils.html import escape, strip_tags
    from pypdf import PdfReader
    from weasyprint import CSS, HTML

    from delprojekt.models import Kapitel, Organ, Samverkan
    from delprojekt.pdf import MALL_CSS
    from delprojekt.services.delprojekt import delprojekt_register
    from delprojekt.services.slutrapport_pdf import (
        PDF_VARIANT,
        slutrapport_context,
        slutrapport_pdf,
    )
    from tests import factories as f
    from tests.conftest import REGIONER

    Samverkan.current()
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
    avsnitt = "\n\n".join([STYCKE] * args.stycken)
    texter = {
        "uppdrag": avsnitt,
        "nulage": "\n\n".join(f"## Avsnitt {i}\n\n{avsnitt}" for i in range(1, 4)),
        "analys": "\n\n".join(f"## Avsnitt {i}\n\n{avsnitt}" for i in range(1, 3)),
        "forslag": avsnitt,
        "faktabilaga": "| Region | Väntetid |\n|---|---|\n"
        + "\n".join(f"| {r.namn} | {40 + i} |" for i, r in enumerate(regioner)),
        "referenser": "\n".join(f"{i}. Källa nummer {i}." for i in range(1, 21)),
    }
    for nyckel, text in texter.items():
        Kapitel.objects.filter(
            dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel=nyckel
        ).update(text=text)
    for i in range(1, 9):
        a = f.AtgardsforslagFactory(
            delprojekt=dp, ordning=i, titel=f"Åtgärd {i}", beskrivning=STYCKE, kostnad="1 mnkr"
        )
        a.regioner.set(regioner[:2])
    for i in range(1, 6):
        dp.uppfoljningsparametrar.create(namn=f"Parameter {i}", kalla="pas", malvarde=10 * i)
    for i in range(12):
        f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, roll="ledamot", region=regioner[i % 4])

    pdf = slutrapport_pdf(dp)
    sidor = len(PdfReader(io.BytesIO(pdf)).pages)
    t_report = _median(lambda: slutrapport_pdf(dp), args.repeat)

    html = render_to_string("mall/slutrapport.html", slutrapport_context(dp))
    words = strip_tags(html).split()
    plain = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Text</title></head>'
        "<body>"
        + "".join(
            f"<p>{escape(' '.join(words[i : i + 120]))}</p>" for i in range(0, len(words), 120)
        )
        + "</body></html>"
    )
    css = CSS(filename=finders.find(MALL_CSS))

    def render_plain(**options):
        return HTML(string=plain).write_pdf(stylesheets=[css], **options)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        plain_sidor = len(PdfReader(io.BytesIO(render_plain())).pages)
        t_plain = _median(render_plain, args.repeat)
        t_plain_a = _median(
            lambda: render_plain(pdf_variant=PDF_VARIANT, pdf_tags=True), args.repeat
        )

    print(f"slutrapport som PDF/A: {sidor} sidor, {len(words)} ord, median {t_report:.2f} s")
    print(f"samma ord som enkla stycken: {plain_sidor} sidor, median {t_plain:.2f} s")
    print(f"samma ord som enkla stycken, PDF/A + taggar: median {t_plain_a:.2f} s")
    print(f"kvot mot enkel text: {t_report / t_plain:.2f} (mål ≤ 2,0)")
    print(f"kvot mot enkel text med PDF/A + taggar: {t_report / t_plain_a:.2f}")


if __name__ == "__main__":
    main()
