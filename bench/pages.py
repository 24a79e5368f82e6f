"""Benchmark: portfolio, project page and the working group's pages and PDFs, with many
projects, a long history, a large group and many meeting notes.

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL), fills it,
and prints median render time and SQL query count per page.

    uv run python bench/pages.py [--projects 1000] [--events 500] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--waiting", type=int, default=20)
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
    from delprojekt.models import Delprojekt, Handelse, Organ, Samverkan, Status
    from delprojekt.services.delprojekt import delprojekt_register
    from tests import factories as f
    from tests.conftest import REGIONER
    from tests.workflow_helpers import walk_to

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
    fokus = [f.FokusomradeFactory(namn=n) for n in ("Jämlikhet", "Tillgänglighet")]
    organ = {t: f.OrganFactory(namn=str(t.label), typ=t) for t in Organ.Typ}
    user = f.UserFactory(username="bench")
    person = f.PersonFactory(namn="Bänk Kansli", user=user)
    f.OrganmedlemskapFactory(person=person, organ=organ[Organ.Typ.KANSLI])
    lg = []
    for i, region in enumerate(regioner):
        u = f.UserFactory(username=f"lg{i}")
        f.OrganmedlemskapFactory(
            person=f.PersonFactory(user=u, region=region), organ=organ[Organ.Typ.LEDNINGSGRUPP]
        )
        lg.append(u)

    started = time.perf_counter()
    for i in range(args.projects):
        delprojekt_register(
            user=user,
            titel=f"Delprojekt {i}",
            ursprung="ledningsgrupp",
            regioner=regioner,
            fokusomraden=fokus,
            kontaktperson=person,
        )
    print(f"registrerade {args.projects} delprojekt på {time.perf_counter() - started:.1f} s")

    org = SimpleNamespace(regioner=regioner, fokus=fokus)
    dp = Delprojekt.objects.order_by("pk").first()
    dp = walk_to(dp, Status.LEDNINGSGRUPP, org=org, kansli=user, lg_members=lg)
    Handelse.objects.bulk_create(
        [
            Handelse(delprojekt=dp, typ=Handelse.Typ.ANDRING, aktor="Bänk", text=f"Ändring {i}")
            for i in range(args.events)
        ]
    )

    fill_group(dp, args, user)
    meeting = fill_queue(args, user, org, lg)

    client = Client()
    client.force_login(user)
    pages = {
        "portfölj (sida 1)": "/delprojekt/",
        "portfölj, sök + filter": (
            f"/delprojekt/?q=Delprojekt+9&region={regioner[0].pk}&sort=status"
        ),
        "portfölj, sista sidan": f"/delprojekt/?sida={args.projects // settings.SFBV_PAGE_SIZE}",
        f"delprojektsida ({args.events}+ händelser)": dp.get_absolute_url(),
        "uppdrag": f"{dp.get_absolute_url()}dokument/uppdrag/",
        f"arbetsgrupp ({args.members}+ medlemmar)": f"{dp.get_absolute_url()}arbetsgrupp/",
        f"minnesanteckningar ({args.meetings})": f"{dp.get_absolute_url()}anteckningar/",
        "vägval (alla möten)": f"{dp.get_absolute_url()}vagval/",
        "förankring, översikt": "/delprojekt/forankring/",
        "uppdrag som PDF": f"{dp.get_absolute_url()}uppdrag.pdf",
        "deltagarlista som PDF": f"{dp.get_absolute_url()}arbetsgrupp/lista.pdf",
        f"beslutskö, ledningsgruppen ({args.waiting})": "/beslut/ledningsgrupp/",
        f"sammanträde ({args.waiting} punkter)": f"/sammantraden/{meeting.pk}/",
        "protokoll som PDF": f"/sammantraden/{meeting.pk}/protokoll.pdf",
    }
    print(f"\n{connection.vendor}, {args.repeat} körningar per sida\n")
    print(f"{'sida':<40} {'median ms':>10} {'max ms':>8} {'SQL':>5}")
    for label, url in pages.items():
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:<40} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>5}")


def fill_group(dp, args: argparse.Namespace, user) -> None:
    import datetime

    from delprojekt.models import (
        Arbetsgruppsmedlemskap,
        Forankring,
        Kompetenskrav,
        Minnesanteckning,
        Vagval,
    )
    from tests import factories as f

    krav = [
        Kompetenskrav.objects.create(delprojekt=dp, ordning=i, benamning=f"Kompetens {i}")
        for i in range(8)
    ]
    members = [
        Arbetsgruppsmedlemskap.objects.create(
            delprojekt=dp,
            person=f.PersonFactory(),
            roll="ledamot",
            status="utsedd",
            avstamt_med_chef=True,
            profession=f"Profession {i % 5}",
        )
        for i in range(args.members)
    ]
    for i, m in enumerate(members):
        m.kompetenser.set(krav[i % 8 : i % 8 + 2])
    day = datetime.date(2026, 1, 1)
    for i in range(args.meetings):
        note = Minnesanteckning.objects.create(
            delprojekt=dp, datum=day + datetime.timedelta(days=i), registrerad_av=user
        )
        note.deltagare.set(members[:10])
        Vagval.objects.bulk_create(
            [
                Vagval(minnesanteckning=note, ordning=n, val=f"Val {n}", motivering="Skäl")
                for n in (1, 2)
            ]
        )
        Forankring.objects.create(
            delprojekt=dp, datum=day + datetime.timedelta(days=i), diskuterat="Läget"
        )


def fill_queue(args: argparse.Namespace, user, org, lg):
    """Projects waiting for the ledningsgrupp, all on one meeting's agenda."""
    from django.utils import timezone

    from delprojekt.models import Dagordningspunkt, Delprojekt, Organ, Person, Sammantrade, Status
    from delprojekt.services.workflow import positions_record
    from tests.workflow_helpers import all_agree, walk_to

    meeting = Sammantrade.objects.create(
        organ=Organ.objects.get(typ=Organ.Typ.LEDNINGSGRUPP),
        start=timezone.now(),
        sekreterare=Person.objects.get(user=user),
    )
    waiting = Delprojekt.objects.filter(status=Status.FORSLAG).order_by("-pk")[: args.waiting]
    for i, dp in enumerate(waiting, start=1):
        dp = walk_to(dp, Status.STARTBESLUT, org=org, kansli=user, lg_members=lg)
        positions_record(delprojekt=dp, user=user, positioner=all_agree())
        Dagordningspunkt.objects.create(
            sammantrade=meeting, ordning=i, typ="arende", rubrik=dp.titel, delprojekt=dp
        )
    return meeting


if __name__ == "__main__":
    main()
