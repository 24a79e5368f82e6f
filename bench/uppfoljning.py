"""Benchmark: the follow-up pages with many rounds, many recommendations and many values.

Creates a throw-away test database (SQLite, or PostgreSQL with DATABASE_URL), fills it
with ``--projects`` projects in the follow-up (each with a round, two recommendations,
implementation per region and ``--values`` measured values per parameter and region),
and prints the median render time and SQL query count per page, and the follow-up
report's PDF (render time and pages).

    uv run python bench/uppfoljning.py [--projects 300] [--values 12] [--repeat 10]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
import warnings
from decimal import Decimal
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--values", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=10)
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
    from django.utils import timezone

    from delprojekt.models import (
        Atgardsforslag,
        Beslut,
        Delprojekt,
        Organ,
        Rekommendation,
        Samverkan,
        Status,
        Uppfoljningsparameter,
    )
    from tests import factories as f
    from tests.conftest import REGIONER
    from uppfoljning.models import (
        Inforandestatus,
        Matvarde,
        Omgangsstatus,
        Uppfoljningsansvarig,
        Uppfoljningsomgang,
        Uppfoljningsrapport,
    )

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
    organ = {t: f.OrganFactory(namn=str(t.label), typ=t) for t in Organ.Typ}
    user = f.UserFactory(username="bench")
    person = f.PersonFactory(namn="Bänk Kansli", user=user)
    f.OrganmedlemskapFactory(person=person, organ=organ[Organ.Typ.KANSLI])
    today = timezone.localdate()
    statuses = list(Inforandestatus.Status.values)

    started = time.perf_counter()
    for i in range(args.projects):
        dp = Delprojekt.objects.create(
            referens=f"SFBV-2024-{i + 1:03d}",
            prefix="SFBV",
            ar=2024,
            lopnummer=i + 1,
            titel=f"Delprojekt {i + 1}",
            registrerad_av=user,
            kontaktperson=person,
        )
        Delprojekt.objects.filter(pk=dp.pk).update(status=Status.UPPFOLJNING)
        dp.regioner.set(regioner)
        beslut = Beslut.objects.create(
            delprojekt=dp,
            organ=organ[Organ.Typ.NAMND],
            datum=today - datetime.timedelta(days=300),
            utfall=Beslut.Utfall.REKOMMENDATION,
            beslutstext="Nämnden rekommenderar regionerna.",
        )
        for n in (1, 2):
            a = Atgardsforslag.objects.create(delprojekt=dp, ordning=n, titel=f"Förslag {n}")
            rek = Rekommendation.objects.create(
                beslut=beslut, atgardsforslag=a, ordning=n, text=f"… att genomföra förslag {n}"
            )
            Inforandestatus.objects.bulk_create(
                Inforandestatus(
                    rekommendation=rek, region=r, status=statuses[(i + n + j) % len(statuses)]
                )
                for j, r in enumerate(regioner)
            )
        omgang = Uppfoljningsomgang.objects.create(
            delprojekt=dp,
            nummer=1,
            forfallodatum=today + datetime.timedelta(days=(i % 120) - 60),
        )
        Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.PAGAR)
        Uppfoljningsansvarig.objects.create(
            omgang=omgang,
            person=f.PersonFactory(namn=f"Ordförande {i}"),
            svar=Uppfoljningsansvarig.Svar.ACCEPTERAD,
        )
        if i == 0:
            for p in (1, 2):
                parameter = Uppfoljningsparameter.objects.create(
                    delprojekt=dp,
                    ordning=p,
                    namn=f"Parameter {p}",
                    enhet="dagar",
                    kalla="pas",
                    utgangsvarde=Decimal(60),
                    utgangsdatum=today - datetime.timedelta(days=400),
                    malvarde=Decimal(30),
                )
                Matvarde.objects.bulk_create(
                    Matvarde(
                        parameter=parameter,
                        region=r,
                        datum=today - datetime.timedelta(days=30 * k),
                        varde=Decimal(60 - k * 2 - j),
                    )
                    for j, r in enumerate(regioner)
                    for k in range(args.values)
                )
            Uppfoljningsrapport.objects.create(
                omgang=omgang,
                sammanfattning="Sammanfattning. " * 80,
                inforande_kommentar="Kommentar till införandet. " * 40,
                effekter_kommentar="Kommentar till effekterna. " * 40,
                slutsatser="Slutsatser. " * 60,
                ytterligare_uppfoljning=False,
            )
    print(
        f"skapade {args.projects} delprojekt i uppföljning på "
        f"{time.perf_counter() - started:.1f} s ({args.values} mätvärden per parameter och region)"
    )

    client = Client()
    client.force_login(user)
    first = Delprojekt.objects.order_by("pk").first().referens
    pages = [
        ("alla uppföljningsomgångar", "/uppfoljning/"),
        ("införandet per region", "/uppfoljning/inforande/"),
        ("ett delprojekts uppföljning", f"/uppfoljning/{first}/"),
        ("en omgång", f"/uppfoljning/{first}/omgang/1/"),
        ("införandematris", f"/uppfoljning/{first}/inforande/"),
        ("parametrar med diagram", f"/uppfoljning/{first}/parametrar/"),
        ("uppföljningsrapporten (sida)", f"/uppfoljning/{first}/omgang/1/rapport/"),
        ("uppföljningsrapporten (PDF)", f"/uppfoljning/{first}/omgang/1/rapport.pdf"),
    ]
    print(f"\n{connection.vendor}, {args.repeat} körningar per sida\n")
    print(f"{'sida':<40} {'median ms':>10} {'max ms':>8} {'SQL':>5}")
    for label, url in pages:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:<40} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>5}")
    pdf = client.get(f"/uppfoljning/{first}/omgang/1/rapport.pdf").content
    from io import BytesIO

    from pypdf import PdfReader

    print(
        f"\nuppföljningsrapportens PDF: {len(PdfReader(BytesIO(pdf)).pages)} sidor, {len(pdf)} byte"
    )


if __name__ == "__main__":
    main()
