"""Benchmark: the portfolio (``/delprojekt/``) at 500 and 5,000 projects on PostgreSQL,
beside the framework's floor.

The floor is a trivial login-required view (``HttpResponse("ok")``) served through the
same middleware and session, added only here (a URLconf of this script around the
project's). Each size has its own database on the server of ``DATABASE_URL``
(``<name>_portf500``, ``<name>_portf5000``, built once by ``bench/data.py``'s ``bygg`` and
reused) and is measured in its own process; runs are interleaved and shuffled so that a
slow moment of the machine hits every variant alike.

Prints per variant: p50 at each size, ratio to the floor at 5,000, growth 500 → 5,000,
queries at both sizes, and the goals (p50 ≤ 2× floor, growth ≤ 1.2×, ≤ 15 queries and the
same count at both sizes).

    DATABASE_URL=postgres://sfbv:sfbv@127.0.0.1:5432/sfbv uv run python bench/portfolj.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
warnings.filterwarnings("ignore", message="No directory at")

GOAL_RATIO = 2.0
GOAL_GROWTH = 1.2
GOAL_QUERIES = 15
SIZES = (500, 5000)
FLOOR = "golv"


def _database(n: int) -> None:
    """Point ``DATABASE_URL`` at ``<name>_portf<n>`` (created when missing)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/portfolj.py mäter PostgreSQL: sätt DATABASE_URL=postgres://…")
    bas, namn = url.rsplit("/", 1)
    db = f"{namn}_portf{n}"
    with psycopg.connect(f"{bas}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = f"{bas}/{db}"


# The floor's URLconf: the project's URLs and one trivial login-required view.
urlpatterns: list = []


def _floor_urls() -> None:
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import include, path

    @login_required
    def golv(request):
        return HttpResponse("ok")

    urlpatterns[:] = [path("_golv/", golv), path("", include("sfbv.urls"))]


def variants() -> dict[str, str]:
    from delprojekt.models import Fokusomrade, Person, Region

    region = Region.objects.order_by("ordning").last()
    fokus = Fokusomrade.objects.order_by("ordning").first()
    kontakt = Person.objects.get(user__username="bench-kansli")
    out = {
        FLOOR: "/_golv/",
        "standard": "/delprojekt/",
        "sök (stroke)": "/delprojekt/?q=stroke",
        "status: analys": "/delprojekt/?status=analys",
        "fas: arbete": "/delprojekt/?status=fas:arbete",
        "region": f"/delprojekt/?region={region.pk if region else ''}",
        "kontaktperson": f"/delprojekt/?kontaktperson={kontakt.pk}",
        "år 2023": "/delprojekt/?ar=2023",
    }
    if fokus is not None:
        out["fokusområde"] = f"/delprojekt/?fokus={fokus.pk}"
    for sort in ("referens", "-referens", "titel", "status", "-dagar", "dagar"):
        out[f"sortera {sort}"] = f"/delprojekt/?sort={sort}"
    out["sida 50"] = "/delprojekt/?sida=50"
    return out


def measure(n: int, repeat: int, rebuild: bool) -> dict:
    _database(n)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench.data import fyll

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    _floor_urls()
    settings.ROOT_URLCONF = __name__
    fyll(n, rebuild=rebuild)
    client = Client()
    client.force_login(User.objects.get(username="bench-kansli"))
    urls = variants()
    queries: dict[str, int] = {}
    for label, url in urls.items():  # warm up and count
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[label] = len(captured)
    times: dict[str, list[float]] = {k: [] for k in urls}
    labels = list(urls)
    for _ in range(repeat):
        random.shuffle(labels)
        for label in labels:
            started = time.perf_counter()
            client.get(urls[label])
            times[label].append((time.perf_counter() - started) * 1000)
    return {
        "p50": {k: statistics.median(v) for k, v in times.items()},
        "queries": queries,
    }


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # one size, as JSON
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size, args.repeat, args.rebuild)))
        return

    # The sizes take turns, round after round, so that a busy moment of the machine does
    # not fall on one size only; each figure is the median of the rounds' medians.
    rounds: dict[int, list[dict]] = {n: [] for n in SIZES}
    for i in range(args.rounds):
        for n in SIZES:
            cmd = [sys.executable, __file__, "--size", str(n), "--repeat", str(args.repeat)]
            if args.rebuild and i == 0:
                cmd.append("--rebuild")
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout  # noqa: S603
            lines = out.strip().splitlines()
            for line in lines[:-1]:
                print(line)
            rounds[n].append(json.loads(lines[-1]))
    results = {
        n: {
            "p50": {k: statistics.median(r["p50"][k] for r in rs) for k in rs[0]["p50"]},
            "queries": rs[-1]["queries"],
        }
        for n, rs in rounds.items()
    }
    small, large = results[SIZES[0]], results[SIZES[1]]
    floor = large["p50"][FLOOR]
    print(
        f"\nGolv (inloggad trivial vy): {small['p50'][FLOOR]:.1f} ms vid {SIZES[0]}, "
        f"{floor:.1f} ms vid {SIZES[1]}"
    )
    head = (
        f"{'variant':<20}{'p50 500':>9}{'p50 5000':>10}{'× golv':>9}{'tillväxt':>10}"
        f"{'frågor':>10}  mål"
    )
    print(head)
    print("-" * len(head))
    alla = True
    for label in large["p50"]:
        if label == FLOOR:
            continue
        a, b = small["p50"][label], large["p50"][label]
        ratio = b / floor
        growth = b / a
        qa, qb = small["queries"][label], large["queries"][label]
        ok_q = qb <= GOAL_QUERIES and qa == qb
        ok = ratio <= GOAL_RATIO and growth <= GOAL_GROWTH and ok_q
        alla &= ok
        print(
            f"{label:<20}{a:>8.1f} {b:>9.1f} {ratio:>7.2f}{mark(ratio <= GOAL_RATIO)}"
            f"{growth:>8.2f}{mark(growth <= GOAL_GROWTH)}{f'{qa}/{qb}':>9}{mark(ok_q)}"
            f"  {mark(ok)}"
        )
    print(
        f"\nMål: p50 ≤ {GOAL_RATIO}× golvet, tillväxt ≤ {GOAL_GROWTH}× från {SIZES[0]} "
        f"till {SIZES[1]}, ≤ {GOAL_QUERIES} frågor och lika många vid båda: {mark(alla)}"
    )


if __name__ == "__main__":
    main()
