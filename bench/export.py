"""Benchmark: the portfolio as XLSX and CSV at 5,000 projects on PostgreSQL, beside the
portfolio page with the same filters and the decision register.

Uses the shared bench database of ``bench/data.py`` (built once, reused), and prints the
median and p95 of each download and of the HTML page, the runs interleaved and shuffled
so that a slow moment of the machine hits all alike, with the goal beside each figure.

    DATABASE_URL=postgres://sfbv:sfbv@127.0.0.1:5432/sfbv uv run python bench/export.py
"""

from __future__ import annotations

import argparse
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

#: What a download of the whole portfolio may take, per 1,000 projects.
GOAL_MS_PER_1000 = 1000
GOAL_QUERIES = 15


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    from bench.data import bench_database, fyll

    bench_database("bench/export.py")

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from delprojekt.models import Delprojekt, Region

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    fyll(args.projects, rebuild=args.rebuild)
    user = User.objects.get(username="bench-kansli")
    client = Client()
    client.force_login(user)
    region = Region.objects.order_by("ordning").last()
    assert region is not None
    urls = {
        "hela portföljen, HTML (sida 1)": "/delprojekt/?sort=status",
        "hela portföljen, XLSX": "/delprojekt/portfolj.xlsx?sort=status",
        "hela portföljen, CSV": "/delprojekt/portfolj.csv?sort=status",
        "region + fas, HTML (sida 1)": f"/delprojekt/?region={region.pk}&status=fas:arbete",
        "region + fas, XLSX": f"/delprojekt/portfolj.xlsx?region={region.pk}&status=fas:arbete",
        "beslutsregistret, XLSX": "/beslut/beslutsregister.xlsx",
    }
    times: dict[str, list[float]] = {k: [] for k in urls}
    queries: dict[str, int] = {}
    size: dict[str, int] = {}
    rows: dict[str, int] = {}
    for label, url in urls.items():  # warm up, and count what each returns
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[label] = len(captured)
        size[label] = len(response.content)
        if label.endswith("CSV"):
            rows[label] = response.content.count(b"\r\n") - 1
    order = [label for label in urls for _ in range(args.repeat)]
    random.Random(1).shuffle(order)
    for label in order:
        t0 = time.perf_counter()
        response = client.get(urls[label])
        times[label].append((time.perf_counter() - t0) * 1000)

    n = Delprojekt.objects.count()
    goal_ms = GOAL_MS_PER_1000 * max(n, 1000) / 1000
    print(
        f"\nPostgreSQL {connection.pg_version // 10000}, {n} delprojekt, "
        f"{args.repeat} körningar per adress, blandade"
    )
    print(f"{'adress':34} {'median':>9} {'p95':>9} {'SQL':>4} {'kB':>6}  mål")
    for label in urls:
        t = sorted(times[label])
        p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]
        if "HTML" in label:
            goal = "(jämförelse)"
        else:
            ok = p95 <= goal_ms and queries[label] <= GOAL_QUERIES
            goal = f"≤ {goal_ms:.0f} ms, ≤ {GOAL_QUERIES} SQL {'✓' if ok else '✗'}"
        print(
            f"{label:34} {statistics.median(t):7.0f}ms {p95:7.0f}ms {queries[label]:>4} "
            f"{size[label] / 1024:>6.0f}  {goal}"
        )
    for label, antal in rows.items():
        print(f"  {label}: {antal} rader")


if __name__ == "__main__":
    main()
