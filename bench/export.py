"""Benchmark: the portfolio as XLSX and CSV beside the portfolio page, with the same filters.

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL), fills it
with N projects, and prints the median time of each download and of the HTML page, the
runs interleaved so that a slow moment of the machine hits all alike.

    uv run python bench/export.py [--projects 1000] [--repeat 7]
"""

from __future__ import annotations

import argparse
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

#: What a download of the whole portfolio should take, per 1,000 projects.
GOAL_MS_PER_1000 = 1000
GOAL_QUERIES = 15


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args: argparse.Namespace) -> None:
    from delprojekt.models import Organ, Samverkan
    from delprojekt.services.delprojekt import delprojekt_register
    from tests import factories as f
    from tests.conftest import REGIONER

    Samverkan.current()
    regioner = [f.RegionFactory(namn=n, kortnamn=k, ordning=i) for i, (n, k) in enumerate(REGIONER)]
    fokus = [f.FokusomradeFactory(namn=n) for n in ("Jämlikhet", "Tillgänglighet")]
    kansli = f.OrganFactory(namn="Kansliet", typ=Organ.Typ.KANSLI)
    user = f.UserFactory(username="bench")
    person = f.PersonFactory(namn="Bänk Kansli", user=user)
    f.OrganmedlemskapFactory(person=person, organ=kansli)

    started = time.perf_counter()
    for i in range(args.projects):
        delprojekt_register(
            user=user,
            titel=f"Delprojekt {i}",
            ursprung="ledningsgrupp",
            regioner=regioner[: 1 + i % len(regioner)],
            fokusomraden=fokus,
            kontaktperson=person,
        )
    print(f"registrerade {args.projects} delprojekt på {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(user)
    urvals = {
        "hela portföljen": "sort=status",
        "region + fas": f"region={regioner[-1].pk}&status=fas:initiering",
    }
    goal_ms = GOAL_MS_PER_1000 * max(args.projects, 1000) / 1000
    print(f"\n{connection.vendor}, {args.projects} delprojekt, {args.repeat} körningar\n")
    print(f"{'urval':<18} {'format':<12} {'median ms':>10} {'mål ms':>8} {'SQL':>5} {'kB':>7}")
    for label, query in urvals.items():
        urls = {
            "HTML (sida 1)": f"/delprojekt/?{query}",
            "XLSX": f"/delprojekt/portfolj.xlsx?{query}",
            "CSV": f"/delprojekt/portfolj.csv?{query}",
        }
        times: dict[str, list[float]] = {k: [] for k in urls}
        queries: dict[str, int] = {}
        size: dict[str, int] = {}
        for _ in range(args.repeat):
            for kind, url in urls.items():
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times[kind].append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries[kind] = len(captured)
                size[kind] = len(response.content)
        for kind in urls:
            goal = "" if kind.startswith("HTML") else f"{goal_ms:.0f}"
            print(
                f"{label:<18} {kind:<12} {statistics.median(times[kind]):>10.1f} {goal:>8} "
                f"{queries[kind]:>5} {size[kind] / 1024:>7.0f}"
            )
    print(f"\nmål: en nedladdning under {goal_ms:.0f} ms, högst {GOAL_QUERIES} SQL-frågor")


if __name__ == "__main__":
    main()
