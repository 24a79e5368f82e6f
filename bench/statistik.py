"""Benchmark: the statistics page (/statistik/), its workbook and the monthly report PDF
with many projects spread over every state and several years.

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL; name it
with DATABASE_TEST_NAME), fills it with ``--projects`` projects in bulk (``fill``), and
prints the median and 95th percentile render time and the SQL query count of the page,
with and without filters, beside a baseline measured in the same run (the login page,
a trivial view), and the time of the workbook and the PDF.

    DATABASE_URL=postgres://… DATABASE_TEST_NAME=test_sfbv_bench \\
        uv run python bench/statistik.py [--projects 5000] [--repeat 15]

Goal: the page in at most 1 s with at most 15 queries.
"""

from __future__ import annotations

import argparse
import datetime
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

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_QUERIES = 15


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


# --- The data: one bulk set-up, kept apart so that a shared bench/data.py can replace it ---


def fill(n: int, *, seed: int = 7) -> dict:
    """``n`` projects registered over three years, each walked (as recorded events, in
    bulk, without the workflow service) to a state along the lifecycle, with the
    decisions, the regions' decisions and answers, and implementation where they apply.
    Returns the kansli user and the organisation's regions and focus areas."""
    from django.utils import timezone

    from delprojekt.models import (
        Beslut,
        Delprojekt,
        Handelse,
        Huvudmannabeslut,
        Organ,
        Rekommendation,
        Rekommendationsutfall,
        Samverkan,
        Status,
    )
    from tests import factories as f
    from tests.conftest import REGIONER
    from uppfoljning.models import Inforandestatus

    rng = random.Random(seed)
    # The benchmark's own installation: Södra's samverkan, made explicitly.
    if not Samverkan.objects.exists():
        Samverkan.objects.create(
            kortnamn="SFBV",
            namn="Samarbete för bättre vård",
            sjukvardsregion="Södra sjukvårdsregionen",
            namnd_namn="Södra regionvårdsnämnden",
            referens_prefix="SFBV",
        )
    regioner = [
        f.RegionFactory(namn=n_, kortnamn=k, ordning=i) for i, (n_, k) in enumerate(REGIONER)
    ]
    fokus = [
        f.FokusomradeFactory(namn=n_, ordning=i)
        for i, n_ in enumerate(["Jämlikhet", "Tillgänglighet", "Kompetensförsörjning", "Ekonomi"])
    ]
    organ = {t: f.OrganFactory(namn=str(t.label), typ=t) for t in Organ.Typ}
    user = f.UserFactory(username="bench")
    f.OrganmedlemskapFactory(
        person=f.PersonFactory(namn="Bänk Kansli", user=user), organ=organ[Organ.Typ.KANSLI]
    )

    S = Status
    # The main path, as (transition, from, to, days after the previous step).
    vag = [
        ("bered", S.FORSLAG, S.BEREDNING, 20),
        ("lagg_fram", S.BEREDNING, S.STARTBESLUT, 40),
        ("starta", S.STARTBESLUT, S.UPPDRAG, 30),
        ("bilda_arbetsgrupp", S.UPPDRAG, S.ARBETSGRUPP, 30),
        ("overlamna_uppdrag", S.ARBETSGRUPP, S.NULAGE, 30),
        ("till_analys", S.NULAGE, S.ANALYS, 60),
        ("till_forslag", S.ANALYS, S.ATGARDSFORSLAG, 60),
        ("skriv_slutrapport", S.ATGARDSFORSLAG, S.SLUTRAPPORT, 40),
        ("lamna_till_samarbetsgrupp", S.SLUTRAPPORT, S.SAMARBETSGRUPP, 60),
        ("tillstyrk", S.SAMARBETSGRUPP, S.LEDNINGSGRUPP, 30),
        ("besluta", S.LEDNINGSGRUPP, S.POLITISK_BEREDNING, 30),
        ("till_namnd", S.POLITISK_BEREDNING, S.NAMND, 30),
        ("rekommendera", S.NAMND, S.HUVUDMANNABESLUT, 30),
        ("borja_inforande", S.HUVUDMANNABESLUT, S.INFORANDE, 90),
        ("starta_uppfoljning", S.INFORANDE, S.UPPFOLJNING, 200),
        ("avsluta", S.UPPFOLJNING, S.AVSLUTAD, 60),
    ]
    today = timezone.localdate()
    start_day = today - datetime.timedelta(days=3 * 365)
    projects, plans = [], []
    for i in range(1, n + 1):
        registrerad = start_day + datetime.timedelta(days=rng.randrange(3 * 365))
        steps = rng.randrange(len(vag) + 1)
        ending = rng.random()
        datum = registrerad
        events = []
        for name, fran, till, days in vag[:steps]:
            datum += datetime.timedelta(days=max(1, int(rng.gauss(days, days / 3))))
            if datum > today:
                break
            events.append((name, fran, till, datum))
        status = events[-1][2] if events else S.FORSLAG
        if status == S.STARTBESLUT and ending < 0.3:
            datum += datetime.timedelta(days=30)
            kind = ("vila", S.VILANDE) if ending < 0.15 else ("avsla", S.AVSLAGEN)
            if datum <= today:
                events.append((kind[0], S.STARTBESLUT, kind[1], datum))
                status = kind[1]
        elif status not in (S.AVSLUTAD,) and ending > 0.93 and events:
            datum += datetime.timedelta(days=20)
            if datum <= today:
                events.append(("avbryt", status, S.AVBRUTEN, datum))
                status = S.AVBRUTEN
        dates = {name: d for name, _f, _t, d in events}
        year = registrerad.year
        projects.append(
            Delprojekt(
                referens=f"BENCH-{year}-{i:05d}",
                prefix="BENCH",
                ar=year,
                lopnummer=i,
                titel=f"Delprojekt {i}",
                ursprung="ledningsgrupp",
                status=status,
                skapad=timezone.make_aware(
                    datetime.datetime.combine(registrerad, datetime.time(9))
                ),
                overlamnat_datum=dates.get("overlamna_uppdrag"),
                namnd_beslutsdatum=dates.get("rekommendera"),
            )
        )
        plans.append(events)
    Delprojekt.objects.bulk_create(projects, batch_size=1000)

    through = Delprojekt.regioner.through
    fthrough = Delprojekt.fokusomraden.through
    links, flinks, handelser, beslut_rows = [], [], [], []
    concerned: dict[int, list] = {}
    for dp, events in zip(projects, plans, strict=True):
        regs = rng.sample(regioner, rng.choice([3, 4, 4]))
        concerned[dp.pk] = regs
        links += [through(delprojekt_id=dp.pk, region_id=r.pk) for r in regs]
        flinks.append(fthrough(delprojekt_id=dp.pk, fokusomrade_id=rng.choice(fokus).pk))
        for name, fran, till, d in events:
            moment = timezone.make_aware(datetime.datetime.combine(d, datetime.time(14)))
            handelser.append(
                Handelse(
                    delprojekt_id=dp.pk,
                    typ=Handelse.Typ.OVERGANG,
                    overgang=name,
                    fran_status=fran,
                    till_status=till,
                    aktor="Bänk Kansli",
                    text=name,
                    tidpunkt=moment,
                )
            )
            if name == "rekommendera":
                beslut_rows.append(
                    Beslut(
                        delprojekt_id=dp.pk,
                        organ=organ[Organ.Typ.NAMND],
                        datum=d,
                        utfall=Beslut.Utfall.REKOMMENDATION,
                        beslutstext="Nämnden rekommenderar regionerna att införa förslagen.",
                    )
                )
    through.objects.bulk_create(links, batch_size=5000)
    fthrough.objects.bulk_create(flinks, batch_size=5000)
    Handelse.objects.bulk_create(handelser, batch_size=5000)
    Beslut.objects.bulk_create(beslut_rows, batch_size=1000)

    rek = Rekommendation.objects.bulk_create(
        [
            Rekommendation(beslut=b, ordning=k, text=f"Rekommendation {k}")
            for b in beslut_rows
            for k in (1, 2)
        ],
        batch_size=5000,
    )
    hb_rows = []
    for b in beslut_rows:
        for r in concerned[b.delprojekt_id]:
            if rng.random() < 0.8:
                d = b.datum + datetime.timedelta(days=rng.randrange(20, 200))
                if d <= today:
                    hb_rows.append(
                        Huvudmannabeslut(
                            delprojekt_id=b.delprojekt_id,
                            region=r,
                            niva="politisk",
                            organ_namn="Regionstyrelsen",
                            datum=d,
                        )
                    )
    Huvudmannabeslut.objects.bulk_create(hb_rows, batch_size=5000)
    by_project: dict[int, list] = {}
    for rk in rek:
        by_project.setdefault(rk.beslut.delprojekt_id, []).append(rk)
    utfall, inforande = [], []
    for hb in hb_rows:
        for rk in by_project[hb.delprojekt_id]:
            utfall.append(
                Rekommendationsutfall(
                    huvudmannabeslut=hb,
                    rekommendation=rk,
                    utfall=rng.choice(["bifall", "bifall", "delvis_bifall", "avslag"]),
                )
            )
            inforande.append(
                Inforandestatus(
                    rekommendation=rk,
                    region=hb.region,
                    status=rng.choice(Inforandestatus.Status.values),
                )
            )
    Rekommendationsutfall.objects.bulk_create(utfall, batch_size=5000)
    Inforandestatus.objects.bulk_create(inforande, batch_size=5000)
    return {"user": user, "regioner": regioner, "fokus": fokus, "handelser": len(handelser)}


# --- The measurements ----------------------------------------------------------------------


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """Median and 95th percentile seconds, the query count and the response's size."""
    client.get(url)  # warm caches (templates, translations)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(ctx.captured_queries), len(response.content)


def run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    data = fill(args.projects)
    print(
        f"{connection.vendor}: {args.projects} delprojekt, {data['handelser']} händelser "
        f"skapade på {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    anonymous = Client()
    client.force_login(data["user"])
    today = datetime.date.today()
    region, fokus = data["regioner"][1].pk, data["fokus"][0].pk
    rows = [
        ("baslinje: inloggningssidan", anonymous, "/logga-in/", args.repeat),
        ("statistik, alla", client, "/statistik/", args.repeat),
        (
            "statistik, år + region + fokus",
            client,
            f"/statistik/?ar={today.year}&region={region}&fokus={fokus}",
            args.repeat,
        ),
        ("statistik som XLSX", client, "/statistik/statistik.xlsx", max(3, args.repeat // 3)),
        (
            "månadsrapport som PDF",
            client,
            f"/statistik/manadsrapport.pdf?ar={today.year}&manad={today.month}",
            3,
        ),
    ]
    print(f"{'sida':<34} {'median':>8} {'p95':>8} {'frågor':>7} {'storlek':>9}")
    results = {}
    for name, c, url, repeat in rows:
        median, p95, queries, size = measure(c, url, repeat)
        results[name] = (median, queries)
        print(
            f"{name:<34} {median * 1000:>6.0f}ms {p95 * 1000:>6.0f}ms {queries:>7}"
            f" {size / 1024:>7.0f}kB"
        )
    worst = max(results["statistik, alla"][0], results["statistik, år + region + fokus"][0])
    most = max(results["statistik, alla"][1], results["statistik, år + region + fokus"][1])
    ok = worst <= GOAL_SECONDS and most <= GOAL_QUERIES
    print(
        f"mål: sidan ≤ {GOAL_SECONDS:.0f} s och ≤ {GOAL_QUERIES} frågor – "
        f"uppmätt {worst * 1000:.0f} ms, {most} frågor: {'uppfyllt' if ok else 'EJ uppfyllt'}"
    )


if __name__ == "__main__":
    main()
