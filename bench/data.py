"""Realistic bench data in bulk: ``bygg(n)`` creates n projects with their text.

Projects with Swedish healthcare titles, purpose, goals and underlag; uppdrag and
slutrapport chapters; meeting notes with vägval; åtgärdsförslag; working groups of
fictional people; decisions of the bodies with § numbers; meetings with agenda items.
Everything through ``bulk_create`` (no history rows, no events): a 5,000-project set
takes about a minute. Shared by the bench scripts; needs a migrated database.

    from bench.data import bygg
    bygg(5000, prefix="BENCH")

The bench scripts share one database on the PostgreSQL server of ``DATABASE_URL``
(``<name>_bench_sok``, created when missing), filled once by ``fyll`` and reused::

    bench_database("bench/x.py")  # before django.setup()
    fyll(5000)                     # after it
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

FORNAMN = [
    *[
        "Anna",
        "Eva",
        "Maria",
        "Karin",
        "Sara",
        "Lena",
        "Kerstin",
        "Emma",
        "Ingrid",
        "Malin",
        "Johanna",
        "Sofia",
        "Linnea",
    ],
    *[
        "Lars",
        "Anders",
        "Johan",
        "Per",
        "Erik",
        "Karl",
        "Peter",
        "Mikael",
        "Jan",
        "Hans",
        "Fredrik",
        "Mats",
        "Olof",
        "Henrik",
    ],
]
EFTERNAMN = [
    *[
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Olsson",
        "Persson",
        "Svensson",
        "Gustafsson",
        "Pettersson",
        "Jonsson",
        "Jansson",
        "Hansson",
        "Bengtsson",
        "Jönsson",
        "Lindberg",
        "Jakobsson",
        "Magnusson",
        "Lindström",
        "Olofsson",
        "Lindqvist",
        "Lindgren",
        "Berg",
        "Axelsson",
        "Bergström",
        "Lundberg",
        "Lind",
        "Lundgren",
        "Mattsson",
        "Berglund",
        "Fredriksson",
        "Sandberg",
        "Henriksson",
        "Forsberg",
        "Sjöberg",
        "Wallin",
        "Engström",
    ]
]
OMRADEN = [
    "ryggkirurgi",
    "höftfrakturer",
    "barnreumatologi",
    "palliativ vård",
    "endometrios",
    "ätstörningsvård",
    "bröstrekonstruktion",
    "njurkirurgi",
    "stroke",
    "hjärtsvikt",
    "diabetesvård",
    "psykiatrisk heldygnsvård",
    "barnkardiologi",
    "ortopedisk protesregistrering",
    "kataraktkirurgi",
    "cancerrehabilitering",
    "kärlkirurgi",
    "neonatalvård",
    "smärtbehandling",
    "hörselvård",
    "obesitaskirurgi",
    "plastikkirurgi",
    "sällsynta diagnoser",
    "ambulanssjukvård",
]
INLEDNING = [
    "Samordnad",
    "Jämlik",
    "Regiongemensam",
    "Nivåstrukturerad",
    "Tillgänglig",
    "Kunskapsstyrd",
    "Säker",
    "Effektiv",
]
MENINGAR = [
    "Väntetiderna till {o} skiljer sig mellan regionerna.",
    "Patienterna remitteras olika beroende på var de bor.",
    "Kompetensförsörjningen inom {o} är sårbar i de mindre regionerna.",
    "Arbetsgruppen föreslår gemensamma riktlinjer för {o}.",
    "Uppföljningen sker genom nationella kvalitetsregister och regionernas egna data.",
    "En gemensam remissmall minskar antalet felaktiga remisser.",
    "Operationskapaciteten används inte fullt ut under sommaren.",
    "Vårdförloppet ska vara likvärdigt oavsett region.",
    "Kirurgiska ingrepp koncentreras till färre enheter med högre volymer.",
    "Digitala vårdmöten kan ersätta en del av de fysiska återbesöken.",
    "Samverkan med primärvården behöver stärkas för {o}.",
    "Resultaten redovisas för ledningsgruppen och samarbetsgruppen.",
    "Patient- och närståenderepresentanter har deltagit i arbetet.",
    "Kostnaderna bedöms rymmas inom befintliga ramar.",
    "Undanträngningseffekter för närliggande områden har analyserats.",
    "Triagering och prioritering sker enligt gemensamma kriterier.",
]
PLATSER = ["Regionhuset Växjö", "Regionens hus Halmstad", "Digitalt", "Lund", "Karlskrona"]
KAPITEL = {
    "uppdrag": [
        "bakgrund",
        "syfte",
        "uppdragspunkter",
        "avgransningar",
        "sammansattning",
        "tidplan",
    ],
    "slutrapport": ["uppdrag", "nulage", "analys", "forslag"],
}


@dataclass
class Bankdata:
    prefix: str
    projekt: int
    kansli_username: str
    medlem_username: str


def _text(rng: random.Random, omrade: str, meningar: int) -> str:
    return " ".join(rng.choice(MENINGAR).format(o=omrade) for _ in range(meningar))


def bygg(n: int, *, prefix: str = "BENCH", seed: int = 2026) -> Bankdata:
    """Create ``n`` projects (references ``<prefix>-<year>-<nnn>``) and what they hold."""
    from django.contrib.auth.models import User

    from delprojekt.models import (
        Arbetsgruppsmedlemskap,
        Atgardsforslag,
        Beslut,
        Dagordningspunkt,
        Delprojekt,
        Dokument,
        Kapitel,
        Minnesanteckning,
        Nomineringsstatus,
        Organ,
        Organmedlemskap,
        Person,
        Referensserie,
        Region,
        Sammantrade,
        Samverkan,
        Status,
        Vagval,
    )

    rng = random.Random(seed)
    with transaction.atomic():
        Samverkan.current()
        regioner = [
            Region.objects.get_or_create(namn=namn, defaults={"kortnamn": kort, "ordning": i})[0]
            for i, (namn, kort) in enumerate(
                [
                    ("Region Blekinge", "BLE"),
                    ("Region Halland", "HAL"),
                    ("Region Kronoberg", "KRO"),
                    ("Region Skåne", "SKÅ"),
                ]
            )
        ]
        organ = {
            t: Organ.objects.get_or_create(namn=namn, defaults={"typ": t})[0]
            for t, namn in [
                (Organ.Typ.LEDNINGSGRUPP, "Ledningsgruppen"),
                (Organ.Typ.SAMARBETSGRUPP, "Samarbetsgruppen"),
                (Organ.Typ.NAMND, "Södra regionvårdsnämnden"),
                (Organ.Typ.KANSLI, "Kansliet"),
            ]
        }
        kansli_user = User.objects.create_user(f"{prefix.lower()}-kansli", password=None)
        kansli = Person.objects.create(namn="Kerstin Kansli", user=kansli_user)
        Organmedlemskap.objects.create(person=kansli, organ=organ[Organ.Typ.KANSLI])
        medlem_user = User.objects.create_user(f"{prefix.lower()}-medlem", password=None)

        personer = Person.objects.bulk_create(
            Person(
                namn=f"{rng.choice(FORNAMN)} {rng.choice(EFTERNAMN)}",
                titel=rng.choice(
                    ["Överläkare", "Sjuksköterska", "Verksamhetschef", "Fysioterapeut"]
                ),
                profession=rng.choice(["Läkare", "Sjuksköterska", "Ekonom", "Fysioterapeut"]),
                organisation=rng.choice(["Sjukhuset", "Primärvården", "Regionkontoret"]),
                region=rng.choice(regioner),
            )
            for _ in range(max(50, n // 2))
        )
        medlem = personer[0]
        medlem.user = medlem_user
        medlem.save(update_fields=["user"])

        statusar = list(Status.values)
        projekt = []
        for i in range(n):
            ar = 2021 + i % 6
            omrade = rng.choice(OMRADEN)
            projekt.append(
                Delprojekt(
                    referens=f"{prefix}-{ar}-{i + 1:04d}",
                    prefix=prefix,
                    ar=ar,
                    lopnummer=i + 1,
                    titel=f"{rng.choice(INLEDNING)} {omrade} {i + 1}",
                    ursprung="ledningsgrupp",
                    syfte=_text(rng, omrade, 2),
                    mal=_text(rng, omrade, 2),
                    underlag=_text(rng, omrade, 4),
                    status=rng.choice(statusar),
                    kontaktperson=kansli,
                )
            )
        projekt = Delprojekt.objects.bulk_create(projekt, batch_size=1000)
        # The series a registration keeps per year (the portfolio's year choices).
        Referensserie.objects.bulk_create(
            Referensserie(
                prefix=prefix, ar=ar, senaste=max(p.lopnummer for p in projekt if p.ar == ar)
            )
            for ar in {p.ar for p in projekt}
        )

        medlemskap, dokument, anteckningar, atgarder, beslut = [], [], [], [], []
        for dp in projekt:
            omrade = dp.titel.split(" ", 1)[1].rsplit(" ", 1)[0]
            for p in rng.sample(personer, 4):
                medlemskap.append(
                    Arbetsgruppsmedlemskap(
                        delprojekt=dp, person=p, roll="ledamot", status=Nomineringsstatus.UTSEDD
                    )
                )
            if rng.random() < 0.7:
                dokument.append(Dokument(delprojekt=dp, typ="uppdrag"))
            if rng.random() < 0.4:
                dokument.append(Dokument(delprojekt=dp, typ="slutrapport"))
            for d in range(rng.randint(0, 4)):
                anteckningar.append(
                    Minnesanteckning(
                        delprojekt=dp,
                        datum=datetime.date(dp.ar, 1 + d * 2, 10),
                        plats=rng.choice(PLATSER),
                        dagordning=_text(rng, omrade, 1),
                        anteckningar=_text(rng, omrade, 5),
                        mjuka_resultat=_text(rng, omrade, 1),
                    )
                )
            for j in range(rng.randint(0, 3)):
                atgarder.append(
                    Atgardsforslag(
                        delprojekt=dp,
                        ordning=j + 1,
                        titel=_text(rng, omrade, 1),
                        beskrivning=_text(rng, omrade, 3),
                        genomforbarhet=_text(rng, omrade, 1),
                        undantrangning=_text(rng, omrade, 1),
                    )
                )
            for _ in range(rng.randint(1, 4)):
                beslut.append(
                    Beslut(
                        delprojekt=dp,
                        organ=organ[
                            rng.choice(
                                [
                                    Organ.Typ.LEDNINGSGRUPP,
                                    Organ.Typ.SAMARBETSGRUPP,
                                    Organ.Typ.NAMND,
                                ]
                            )
                        ],
                        datum=datetime.date(dp.ar, rng.randint(1, 12), rng.randint(1, 28)),
                        utfall=Beslut.Utfall.START,
                        beslutstext=f"{_text(rng, omrade, 2)} Beslutet gäller {dp.titel}.",
                    )
                )
        medlemskap[0].person = medlem
        Arbetsgruppsmedlemskap.objects.bulk_create(medlemskap, batch_size=2000)
        dokument = Dokument.objects.bulk_create(dokument, batch_size=2000)
        titel = {dp.pk: dp.titel for dp in projekt}
        Kapitel.objects.bulk_create(
            (
                Kapitel(
                    dokument=d,
                    nyckel=nyckel,
                    text=_text(rng, titel[d.delprojekt_id].split(" ", 1)[1], rng.randint(4, 12)),
                    version=1,
                )
                for d in dokument
                for nyckel in KAPITEL[d.typ]
            ),
            batch_size=2000,
        )
        anteckningar = Minnesanteckning.objects.bulk_create(anteckningar, batch_size=2000)
        Vagval.objects.bulk_create(
            (
                Vagval(
                    minnesanteckning=m,
                    ordning=j + 1,
                    val=rng.choice(MENINGAR).format(o="området"),
                    motivering=_text(rng, "området", 2),
                )
                for m in anteckningar
                for j in range(rng.randint(0, 2))
            ),
            batch_size=2000,
        )
        Atgardsforslag.objects.bulk_create(atgarder, batch_size=2000)

        # Meetings: each body meets ten times a year; each decision becomes a § of one.
        beslut.sort(key=lambda b: (b.organ_id, b.datum))
        moten: dict[tuple[int, int, int], Sammantrade] = {}
        for b in beslut:
            nyckel = (b.organ_id, b.datum.year, min(b.datum.month, 10))
            if nyckel not in moten:
                moten[nyckel] = Sammantrade(
                    organ_id=b.organ_id,
                    start=timezone.make_aware(datetime.datetime(nyckel[1], nyckel[2], 15, 9, 0)),
                    plats=rng.choice(PLATSER),
                )
        Sammantrade.objects.bulk_create(moten.values(), batch_size=2000)
        serie: dict[tuple[int, int], int] = {}
        for b in beslut:
            ar = b.datum.year
            serie[(b.organ_id, ar)] = serie.get((b.organ_id, ar), 0) + 1
            b.paragraf = f"§ {serie[(b.organ_id, ar)]}/{ar}"
            b.sammantrade = str(moten[(b.organ_id, ar, min(b.datum.month, 10))].start.date())
        beslut = Beslut.objects.bulk_create(beslut, batch_size=2000)
        Dagordningspunkt.objects.bulk_create(
            (
                Dagordningspunkt(
                    sammantrade=moten[(b.organ_id, b.datum.year, min(b.datum.month, 10))],
                    ordning=int(b.paragraf.split()[1].split("/")[0]),
                    typ="arende",
                    rubrik=f"{b.delprojekt.referens} {b.delprojekt.titel}",
                    delprojekt=b.delprojekt,
                    beslutstext=b.beslutstext,
                    beslut=b,
                    paragraf_organ_id=b.organ_id,
                    paragraf_ar=b.datum.year,
                    paragraf_nummer=int(b.paragraf.split()[1].split("/")[0]),
                )
                for b in beslut
            ),
            batch_size=2000,
        )
    return Bankdata(
        prefix=prefix,
        projekt=n,
        kansli_username=kansli_user.username,
        medlem_username=medlem_user.username,
    )


def bench_database(script: str) -> str:
    """Point ``DATABASE_URL`` at the shared bench database ``<name>_bench_sok`` on the same
    PostgreSQL server (created when missing). Call before ``django.setup()``."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"{script} mäter PostgreSQL: sätt DATABASE_URL=postgres://…")
    bas, namn = url.rsplit("/", 1)
    bench = namn if namn.endswith("_bench_sok") else f"{namn}_bench_sok"
    with psycopg.connect(f"{bas}/postgres", autocommit=True) as conn:
        finns = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench]).fetchone()
        if not finns:
            conn.execute(f'CREATE DATABASE "{bench}"')
    os.environ["DATABASE_URL"] = f"{bas}/{bench}"
    return os.environ["DATABASE_URL"]


def fyll(n: int, *, rebuild: bool = False, prefix: str = "BENCH") -> None:
    """Migrate the bench database and (re)build it with ``n`` projects unless it already
    holds exactly that many."""
    from django.core.management import call_command
    from django.db import connection

    from delprojekt.models import Delprojekt

    call_command("migrate", verbosity=0)
    if not rebuild and Delprojekt.objects.filter(prefix=prefix).count() == n:
        return
    print(f"Bygger {n} delprojekt …", flush=True)
    with connection.cursor() as c:
        tabeller = connection.introspection.django_table_names(include_views=False)
        c.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tabeller) + " CASCADE")
    started = time.perf_counter()
    bygg(n, prefix=prefix)
    print(f"  klart på {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as c:
        c.execute("ANALYZE")
