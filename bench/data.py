"""Realistic bench data in bulk: ``bygg(n)`` creates n projects with their text.

Projects with Swedish healthcare titles, purpose, goals and underlag in every state, over
the four regions and eight kansli contact persons; uppdrag and slutrapport chapters;
meeting notes with vägval; åtgärdsförslag; working groups of fictional people; decisions
of the bodies with § numbers; meetings with agenda items; each project's timeline
(30–50 events: its transitions along the lifecycle, edits, documents, working group) and
its field history (15–25 simple-history rows); the ledningsgrupp's members and their
positions on the items waiting for them; follow-up rounds with reports, recommendations
and implementation per region. Special cases for the page benchmarks: one project with
about 500 events, and two open ledningsgrupp meetings with 40 and 300 agenda items.
Everything through ``bulk_create`` with the rows the services write (the event of a
transition, the history row of a save), so a 5,000-project set takes a few minutes.
Shared by the bench scripts; needs a migrated database.

    from bench.data import bygg
    bygg(5000, prefix="BENCH")

The bench scripts share one database on the PostgreSQL server of ``DATABASE_URL``
(``<name>_bench_sok``, created when missing), filled once by ``fyll`` and reused::

    bench_database("bench/x.py")  # before django.setup()
    fyll(5000)                     # after it

``bench_database("bench/x.py", 500)`` uses ``<name>_bench_500`` instead, so two sizes can
be kept side by side (``bench/http.py`` measures 500 and 5,000 projects).
"""

from __future__ import annotations

import datetime
import itertools
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
#: The password of every bench user (hashed once per build).
LOSENORD = "bank-sfbv-2026"

KANSLI_NAMN = [
    "Kerstin Kansli",
    "Helena Åberg",
    "Tobias Lindholm",
    "Maja Ekström",
    "Gustav Nyberg",
    "Rebecka Holm",
    "Oskar Sundqvist",
    "Elin Borg",
]
ANDRINGAR = [
    "Ändrade syfte och mål",
    "Ändrade underlaget",
    "Ändrade förväntat utfall",
    "Ändrade berörda regioner",
    "Ändrade förslaget till beslut",
    "Ändrade kostnadsuppskattningen",
]


@dataclass
class Bankdata:
    prefix: str
    projekt: int
    kansli_username: str
    medlem_username: str
    #: A ledningsgrupp member with a login.
    ledningsgrupp_username: str = ""
    #: The project with about 500 timeline events (waiting for the ledningsgrupp).
    storst: str = ""
    #: A project in the follow-up with a handed-in report (round 1).
    uppfoljning: str = ""
    #: Open ledningsgrupp meetings with 40 and 300 agenda items.
    mote_40: int = 0
    mote_300: int = 0
    #: Projects waiting for the ledningsgrupp.
    vantar_ledningsgrupp: int = 0


def _text(rng: random.Random, omrade: str, meningar: int) -> str:
    return " ".join(rng.choice(MENINGAR).format(o=omrade) for _ in range(meningar))


def _vag(status: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """The transitions (from, to, name) that bring a new proposal to ``status``."""
    from delprojekt.models import Status
    from delprojekt.workflow import OVERGANGAR, SPAR

    if status in SPAR:
        steg = SPAR[: SPAR.index(status) + 1]
    elif status in (Status.VILANDE, Status.AVSLAGEN):
        steg = [*SPAR[:3], status]
    else:  # avbruten, from some state before the follow-up
        steg = [*SPAR[: rng.randint(1, 14)], status]
    out = []
    for fran, till in itertools.pairwise(steg):
        namn = next(n for (s, n), o in OVERGANGAR.items() if s == fran and o.target == till)
        out.append((fran, till, namn))
    return out


def bygg(
    n: int, *, prefix: str = "BENCH", seed: int = 2026, vantar_ledningsgrupp: int | None = None
) -> Bankdata:
    """Create ``n`` projects (references ``<prefix>-<year>-<nnn>``) and what they hold.

    ``vantar_ledningsgrupp`` projects wait for the ledningsgrupp (its decision queue);
    without it the states are drawn at random, which puts about a sixth there.
    """
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission, User

    from delprojekt.models import (
        MALL,
        Arbetsgruppsmedlemskap,
        Atgardsforslag,
        Beslut,
        Dagordningspunkt,
        Delprojekt,
        Dokument,
        Handelse,
        Kapitel,
        Minnesanteckning,
        Nomineringsstatus,
        Organ,
        Organmedlemskap,
        Person,
        Referensserie,
        Region,
        Rekommendation,
        Sammantrade,
        Samverkan,
        Stallningstagande,
        Status,
        Vagval,
    )
    from delprojekt.workflow import SPAR, vantande_status
    from uppfoljning.models import (
        Inforandestatus,
        Omgangsstatus,
        Uppfoljningsansvarig,
        Uppfoljningsomgang,
        Uppfoljningsrapport,
    )

    rng = random.Random(seed)
    nu = timezone.now()
    with transaction.atomic():
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
        kansli_user = User.objects.create_user(
            f"{prefix.lower()}-kansli", password=None, is_staff=True
        )
        # The admin changelist is the second baseline: the kansli user may view projects there.
        kansli_user.user_permissions.add(Permission.objects.get(codename="view_delprojekt"))
        kanslister = Person.objects.bulk_create(
            Person(namn=namn, titel="Handläggare", organisation="Kansliet") for namn in KANSLI_NAMN
        )
        kansli = kanslister[0]
        kansli.user = kansli_user
        kansli.save(update_fields=["user"])
        Organmedlemskap.objects.bulk_create(
            Organmedlemskap(person=p, organ=organ[Organ.Typ.KANSLI]) for p in kanslister
        )
        medlem_user = User.objects.create_user(f"{prefix.lower()}-medlem", password=None)
        lg_user = User.objects.create_user(f"{prefix.lower()}-lg", password=None)
        ledamoter = Person.objects.bulk_create(
            Person(
                namn=f"{rng.choice(FORNAMN)} {rng.choice(EFTERNAMN)}",
                titel="Hälso- och sjukvårdsdirektör",
                organisation=r.namn,
                region=r,
            )
            for r in regioner
        )
        ledamoter[0].user = lg_user
        ledamoter[0].save(update_fields=["user"])
        Organmedlemskap.objects.bulk_create(
            Organmedlemskap(
                person=p,
                organ=organ[Organ.Typ.LEDNINGSGRUPP],
                roll=Organmedlemskap.Roll.ORDFORANDE if i == 0 else Organmedlemskap.Roll.LEDAMOT,
            )
            for i, p in enumerate(ledamoter)
        )
        User.objects.filter(pk__in=[kansli_user.pk, medlem_user.pk, lg_user.pk]).update(
            password=make_password(LOSENORD)
        )

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

        # States: every state; the ones waiting for the ledningsgrupp exactly as asked.
        lg_status = vantande_status(Organ.Typ.LEDNINGSGRUPP)
        if vantar_ledningsgrupp is None:
            statusar = [rng.choice(Status.values) for _ in range(n)]
        else:
            ovriga = [s for s in Status.values if s not in lg_status]
            statusar = [rng.choice(ovriga) for _ in range(n)]
            steg = n / max(vantar_ledningsgrupp, 1)
            for k in range(min(vantar_ledningsgrupp, n)):
                statusar[int(k * steg)] = rng.choice(
                    [Status.LEDNINGSGRUPP, Status.LEDNINGSGRUPP, Status.STARTBESLUT, Status.VILANDE]
                )
        # The project with the long timeline waits for the ledningsgrupp; the next one is
        # in the follow-up.
        statusar[0] = Status.LEDNINGSGRUPP
        if n > 1:
            statusar[1] = Status.UPPFOLJNING

        projekt = []
        vagar: list[list[tuple[str, str, str]]] = []
        tider: list[list[datetime.datetime]] = []
        for i in range(n):
            ar = 2021 + i % 6
            omrade = rng.choice(OMRADEN)
            vag = _vag(statusar[i], rng)
            skapad = timezone.make_aware(
                datetime.datetime(ar, rng.randint(1, 6), rng.randint(1, 28), 9 + i % 8, i % 60)
            )
            slut = max(skapad + datetime.timedelta(days=30), nu - datetime.timedelta(days=2))
            spann = (slut - skapad).total_seconds()
            # The transitions spread over the project's life, the last a few days to a
            # year ago.
            sista = spann * rng.uniform(0.6, 0.99)
            t = [
                skapad + datetime.timedelta(seconds=sista * (j + 1) / max(len(vag), 1))
                for j in range(len(vag))
            ]
            vagar.append(vag)
            tider.append(t)
            titel = f"{rng.choice(INLEDNING)} {omrade} {i + 1}"
            projekt.append(
                Delprojekt(
                    referens=f"{prefix}-{ar}-{i + 1:04d}",
                    prefix=prefix,
                    ar=ar,
                    lopnummer=i + 1,
                    titel=titel,
                    ursprung="ledningsgrupp",
                    syfte=_text(rng, omrade, 2),
                    mal=_text(rng, omrade, 2),
                    underlag=_text(rng, omrade, 4),
                    forvantat_utfall=_text(rng, omrade, 1),
                    status=statusar[i],
                    status_andrad=t[-1] if t else skapad,
                    skapad=skapad,
                    kontaktperson=rng.choice(kanslister),
                    registrerad_av=kansli_user,
                    beslutsforslag=(
                        f"Ledningsgruppen beslutar att {rng.choice(MENINGAR).format(o=omrade)}"
                        if statusar[i] in lg_status
                        else ""
                    ),
                    version=1 + len(vag),
                )
            )
        projekt = Delprojekt.objects.bulk_create(projekt, batch_size=1000)
        Delprojekt.regioner.through.objects.bulk_create(
            (
                Delprojekt.regioner.through(delprojekt_id=dp.pk, region_id=r.pk)
                for dp in projekt
                for r in rng.sample(regioner, rng.choice([3, 4, 4]))
            ),
            batch_size=5000,
        )
        # The series a registration keeps per year (the portfolio's year choices).
        Referensserie.objects.bulk_create(
            Referensserie(
                prefix=prefix, ar=ar, senaste=max(p.lopnummer for p in projekt if p.ar == ar)
            )
            for ar in {p.ar for p in projekt}
        )

        medlemskap, dokument, anteckningar, atgarder, beslut = [], [], [], [], []
        atgarder_for: dict[int, list[Atgardsforslag]] = {}
        rek_beslut: dict[int, Beslut] = {}
        sen = set(SPAR[SPAR.index(Status.SLUTRAPPORT) :])
        for idx, dp in enumerate(projekt):
            omrade = dp.titel.split(" ", 1)[1].rsplit(" ", 1)[0]
            for p in rng.sample(personer, 4):
                medlemskap.append(
                    Arbetsgruppsmedlemskap(
                        delprojekt=dp, person=p, roll="ledamot", status=Nomineringsstatus.UTSEDD
                    )
                )
            if idx < 2 or rng.random() < 0.7:
                dokument.append(Dokument(delprojekt=dp, typ="uppdrag"))
            if idx < 2 or (dp.status in sen and rng.random() < 0.8):
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
            uppf = dp.status in (Status.UPPFOLJNING, Status.AVSLUTAD)
            for j in range(rng.randint(2, 3) if uppf else rng.randint(0, 3)):
                a = Atgardsforslag(
                    delprojekt=dp,
                    ordning=j + 1,
                    titel=_text(rng, omrade, 1),
                    beskrivning=_text(rng, omrade, 3),
                    genomforbarhet=_text(rng, omrade, 1),
                    undantrangning=_text(rng, omrade, 1),
                )
                atgarder.append(a)
                atgarder_for.setdefault(dp.pk, []).append(a)
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
            if uppf:
                b = Beslut(
                    delprojekt=dp,
                    organ=organ[Organ.Typ.NAMND],
                    datum=datetime.date(dp.ar, rng.randint(1, 12), rng.randint(1, 28)),
                    utfall=Beslut.Utfall.REKOMMENDATION,
                    beslutstext=f"Södra regionvårdsnämnden rekommenderar regionerna att "
                    f"genomföra åtgärdsförslagen i {dp.titel}.",
                )
                beslut.append(b)
                rek_beslut[dp.pk] = b
        medlemskap[0].person = medlem
        Arbetsgruppsmedlemskap.objects.bulk_create(medlemskap, batch_size=2000)
        dokument = Dokument.objects.bulk_create(dokument, batch_size=2000)
        titel = {dp.pk: dp.titel for dp in projekt}
        Kapitel.objects.bulk_create(
            (
                Kapitel(
                    dokument=d,
                    nyckel=nyckel,
                    text=_text(rng, titel[d.delprojekt_id].split(" ", 1)[1], rng.randint(4, 12))
                    if d.delprojekt_id != projekt[0].pk
                    # The long project's slutrapport is a long one.
                    else "\n\n".join(
                        _text(rng, titel[d.delprojekt_id].split(" ", 1)[1], 8) for _ in range(12)
                    ),
                    version=1,
                    andrad_av=kansli_user,
                )
                for d in dokument
                for nyckel, _rubrik in MALL[d.typ]
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

        # Two open ledningsgrupp meetings, 40 and 300 items: the waiting projects first.
        vantande = [dp for dp in projekt if dp.status in lg_status]
        ovriga_dp = [dp for dp in projekt if dp.status not in lg_status]
        oppna = Sammantrade.objects.bulk_create(
            Sammantrade(
                organ=organ[Organ.Typ.LEDNINGSGRUPP],
                start=nu + datetime.timedelta(days=dagar),
                plats="Regionhuset Växjö",
            )
            for dagar in (14, 28)
        )
        for mote, antal in zip(oppna, (40, 300), strict=True):
            Dagordningspunkt.objects.bulk_create(
                Dagordningspunkt(
                    sammantrade=mote,
                    ordning=k + 1,
                    typ="arende",
                    rubrik=f"{dp.referens} {dp.titel}",
                    delprojekt=dp,
                    beslutsforslag=dp.beslutsforslag
                    or f"Ledningsgruppen beslutar att ta del av {dp.titel}.",
                )
                for k, dp in enumerate((vantande + ovriga_dp)[:antal])
            )

        # The timeline: registration, each transition, edits, documents, the group's work.
        handelser: list[Handelse] = []
        arende_for: dict[int, Handelse] = {}
        for idx, dp in enumerate(projekt):
            antal = 500 if idx == 0 else rng.randint(30, 50)
            handelser.append(
                Handelse(
                    delprojekt=dp,
                    typ=Handelse.Typ.REGISTRERING,
                    anvandare=kansli_user,
                    aktor=kansli.namn,
                    tidpunkt=dp.skapad,
                    text="Förslaget registrerades",
                )
            )
            for (fran, till, namn), t in zip(vagar[idx], tider[idx], strict=True):
                h = Handelse(
                    delprojekt=dp,
                    typ=Handelse.Typ.OVERGANG,
                    overgang=namn,
                    fran_status=fran,
                    till_status=till,
                    anvandare=kansli_user,
                    aktor=kansli.namn,
                    tidpunkt=t,
                    text=f"{Status(fran).label} → {Status(till).label}",
                )
                handelser.append(h)
                if till == dp.status:
                    arende_for[dp.pk] = h
            spann = (nu - dp.skapad).total_seconds()
            for _ in range(max(0, antal - 1 - len(vagar[idx]))):
                typ = rng.choice(
                    [
                        Handelse.Typ.ANDRING,
                        Handelse.Typ.DOKUMENT,
                        Handelse.Typ.ARBETSGRUPP,
                        Handelse.Typ.GRUPPARBETE,
                    ]
                )
                if typ == Handelse.Typ.ANDRING:
                    text = rng.choice(ANDRINGAR)
                elif typ == Handelse.Typ.DOKUMENT:
                    text = f"Kapitlet {rng.choice(MALL['uppdrag'])[1]} sparades"
                elif typ == Handelse.Typ.ARBETSGRUPP:
                    text = f"{rng.choice(personer).namn} utsågs till ledamot"
                else:
                    text = "Minnesanteckning sparades"
                handelser.append(
                    Handelse(
                        delprojekt=dp,
                        typ=typ,
                        anvandare=kansli_user,
                        aktor=kansli.namn,
                        tidpunkt=dp.skapad + datetime.timedelta(seconds=rng.uniform(60, spann)),
                        text=str(text),
                        kommentar=_text(rng, "området", 1) if rng.random() < 0.2 else "",
                    )
                )
        Handelse.objects.bulk_create(handelser, batch_size=5000)

        # The ledningsgrupp's positions on the items waiting for it.
        Stallningstagande.objects.bulk_create(
            (
                Stallningstagande(
                    delprojekt=dp,
                    arende=arende_for[dp.pk],
                    person=p,
                    position=Stallningstagande.Position.INSTAMMER
                    if rng.random() < 0.9
                    else Stallningstagande.Position.RESERVATION,
                    registrerat_av=kansli_user,
                    andrat=arende_for[dp.pk].tidpunkt + datetime.timedelta(days=1),
                )
                for dp in vantande
                for p in ledamoter
                if rng.random() < 0.6
            ),
            batch_size=5000,
        )

        # Field history: the registration, a version per transition, edits in between.
        Historik = Delprojekt.history.model
        # The fields the history keeps (generated columns such as the sort key are not).
        historik_falt = {f.attname for f in Historik._meta.concrete_fields}
        falt = [f.attname for f in Delprojekt._meta.concrete_fields if f.attname in historik_falt]
        historik = []
        for idx, dp in enumerate(projekt):
            rad = {a: getattr(dp, a) for a in falt}
            status = Status.FORSLAG
            rader = [(dp.skapad, status, "+")]
            for (_fran, till, _namn), t in zip(vagar[idx], tider[idx], strict=True):
                rader.append((t, till, "~"))
            extra = max(0, rng.randint(15, 25) - len(rader))
            andringar = sorted(
                dp.skapad
                + datetime.timedelta(seconds=rng.uniform(60, (nu - dp.skapad).total_seconds()))
                for _ in range(extra)
            )
            alla = sorted([*rader, *((t, None, "~") for t in andringar)], key=lambda r: r[0])
            for version, (t, till, typ) in enumerate(alla, start=1):
                if till is not None:
                    status = till
                historik.append(
                    Historik(
                        **{**rad, "status": status, "version": version},
                        history_date=t,
                        history_type=typ,
                        history_user_id=kansli_user.pk,
                    )
                )
        Historik.objects.bulk_create(historik, batch_size=2000)

        # The follow-up: a round per project in the follow-up, reports once handed in,
        # the board's recommendations and each region's implementation.
        regioner_for: dict[int, list[int]] = {}
        for rad in Delprojekt.regioner.through.objects.filter(
            delprojekt_id__in=list(rek_beslut)
        ).values_list("delprojekt_id", "region_id"):
            regioner_for.setdefault(rad[0], []).append(rad[1])
        rekommendationer = Rekommendation.objects.bulk_create(
            Rekommendation(
                beslut=rek_beslut[pk], atgardsforslag=a, ordning=a.ordning, text=f"… att {a.titel}"
            )
            for pk in rek_beslut
            for a in atgarder_for.get(pk, [])
        )
        Inforandestatus.objects.bulk_create(
            (
                Inforandestatus(
                    rekommendation=r,
                    region_id=region_id,
                    status=rng.choice(Inforandestatus.Status.values),
                    uppdaterad_av=kansli_user,
                )
                for r in rekommendationer
                for region_id in regioner_for.get(r.beslut.delprojekt_id, [])
            ),
            batch_size=5000,
        )
        omgangar = []
        for dp in projekt:
            if dp.pk not in rek_beslut:
                continue
            if dp.status == Status.AVSLUTAD:
                st = Omgangsstatus.KLAR
            elif dp is projekt[1]:
                st = Omgangsstatus.INLAMNAD
            else:
                st = rng.choice(
                    [Omgangsstatus.PAGAR, Omgangsstatus.INLAMNAD, Omgangsstatus.REDOVISAD]
                )
            inlamnad = (
                nu - datetime.timedelta(days=rng.randint(5, 200))
                if st != Omgangsstatus.PAGAR
                else None
            )
            omgangar.append(
                Uppfoljningsomgang(
                    delprojekt=dp,
                    nummer=1,
                    forfallodatum=(nu + datetime.timedelta(days=rng.randint(-120, 120))).date(),
                    status=st,
                    inlamnad=inlamnad,
                    inlamnad_av=kansli_user if inlamnad else None,
                    klar=inlamnad if st == Omgangsstatus.KLAR else None,
                )
            )
        omgangar = Uppfoljningsomgang.objects.bulk_create(omgangar, batch_size=2000)
        Uppfoljningsansvarig.objects.bulk_create(
            Uppfoljningsansvarig(
                omgang=o,
                person=rng.choice(personer),
                svar=Uppfoljningsansvarig.Svar.ACCEPTERAD,
                tillfragad_av=kansli_user,
            )
            for o in omgangar
        )
        Uppfoljningsrapport.objects.bulk_create(
            (
                Uppfoljningsrapport(
                    omgang=o,
                    sammanfattning=_text(rng, "området", 12),
                    inforande_kommentar=_text(rng, "området", 6),
                    effekter_kommentar=_text(rng, "området", 6),
                    enkat=_text(rng, "området", 4),
                    kontakter=_text(rng, "området", 3),
                    slutsatser=_text(rng, "området", 8),
                    version=3,
                    andrad_av=kansli_user,
                )
                for o in omgangar
                if o.status != Omgangsstatus.PAGAR
            ),
            batch_size=2000,
        )
    publicera(kansli_user)
    return Bankdata(
        prefix=prefix,
        projekt=n,
        kansli_username=kansli_user.username,
        medlem_username=medlem_user.username,
        ledningsgrupp_username=lg_user.username,
        storst=projekt[0].referens,
        uppfoljning=projekt[1].referens if n > 1 else "",
        mote_40=oppna[0].pk,
        mote_300=oppna[1].pk,
        vantar_ledningsgrupp=len(vantande),
    )


#: Every PUBLICERA_VAR-th project is published (the public pages' bench, bench/oppet.py).
PUBLICERA_VAR = 3


def publicera(kansli_user) -> int:
    """Publish every ``PUBLICERA_VAR``-th project that has no publication decision yet, as
    the kansli's service would record it (the decision and the current state). Returns
    how many; run again on a filled database it adds only what is missing."""
    from delprojekt.models import Delprojekt
    from oppet.models import Publicering, Publiceringsbeslut

    idag = timezone.localdate()
    ids = list(
        Delprojekt.objects.filter(publicering__isnull=True)
        .order_by("pk")
        .values_list("pk", "lopnummer")
    )
    valda = [pk for pk, lopnummer in ids if lopnummer % PUBLICERA_VAR == 1]
    with transaction.atomic():
        beslut = Publiceringsbeslut.objects.bulk_create(
            (
                Publiceringsbeslut(
                    delprojekt_id=pk,
                    publicerad=True,
                    datum=idag,
                    roller=[],
                    beslutat_av=kansli_user,
                    beslutat_av_namn=kansli_user.get_full_name() or kansli_user.username,
                )
                for pk in valda
            ),
            batch_size=2000,
        )
        Publicering.objects.bulk_create(
            (
                Publicering(
                    delprojekt_id=b.delprojekt_id,
                    beslut=b,
                    publicerad=True,
                    roller=[],
                    publicerad_sedan=idag,
                )
                for b in beslut
            ),
            batch_size=2000,
        )
    return len(valda)


def bench_database(script: str, n: int | None = None, *, suffix: str = "") -> str:
    """Point ``DATABASE_URL`` at a bench database on the same PostgreSQL server (created
    when missing): the shared ``<name>_bench_sok``, or ``<name>_bench_<n><suffix>`` for
    one size. Call before ``django.setup()``."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"{script} mäter PostgreSQL: sätt DATABASE_URL=postgres://…")
    bas, namn = url.rsplit("/", 1)
    namn = namn.split("_bench_", 1)[0]
    bench = f"{namn}_bench_{'sok' if n is None else n}{suffix}"
    with psycopg.connect(f"{bas}/postgres", autocommit=True) as conn:
        finns = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench]).fetchone()
        if not finns:
            conn.execute(f'CREATE DATABASE "{bench}"')
    os.environ["DATABASE_URL"] = f"{bas}/{bench}"
    return os.environ["DATABASE_URL"]


def fyll(
    n: int,
    *,
    rebuild: bool = False,
    prefix: str = "BENCH",
    vantar_ledningsgrupp: int | None = None,
) -> None:
    """Migrate the bench database and (re)build it with ``n`` projects unless it already
    holds exactly that many, built by this version of ``bygg`` (with the ledningsgrupp
    user it adds) and with ``vantar_ledningsgrupp`` projects waiting there when given."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from delprojekt.models import Delprojekt, Organ
    from delprojekt.workflow import vantande_status

    call_command("migrate", verbosity=0)
    if (
        not rebuild
        and Delprojekt.objects.filter(prefix=prefix).count() == n
        and User.objects.filter(username=f"{prefix.lower()}-lg").exists()
        and (
            vantar_ledningsgrupp is None
            or Delprojekt.objects.filter(
                status__in=vantande_status(Organ.Typ.LEDNINGSGRUPP)
            ).count()
            == vantar_ledningsgrupp
        )
    ):
        return
    print(f"Bygger {n} delprojekt i {connection.settings_dict['NAME']} …", flush=True)
    with connection.cursor() as c:
        # Content types and permissions stay: migrate wrote them, the admin baseline
        # needs them.
        tabeller = set(connection.introspection.django_table_names(include_views=False)) - {
            "django_content_type",
            "auth_permission",
        }
        c.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tabeller) + " CASCADE")
    started = time.perf_counter()
    bygg(n, prefix=prefix, vantar_ledningsgrupp=vantar_ledningsgrupp)
    print(f"  klart på {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as c:
        c.execute("ANALYZE")
