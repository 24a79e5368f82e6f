"""The bench: the pages over HTTP, served by gunicorn as deployed, at 500 and 5,000 projects.

    DATABASE_URL=postgres://sfbv:sfbv@127.0.0.1:5432/sfbv uv run python bench/http_sidor.py

It builds (once, then reuses; ``--rebuild`` builds again) three bench databases with
``bench/data.py``: ``<name>_bench_500`` (40 projects waiting for the ledningsgrupp),
``<name>_bench_5000`` (300 waiting) and ``<name>_bench_5000_ko40`` (5,000 projects, 40
waiting: the queue's "40 against 300" at one size). It starts one gunicorn per database
(2 sync workers each, DEBUG off, deployed settings, ``CONN_MAX_AGE`` 60, ``SFBV_BENCH=1``
for the floor page and the query-count header) on free ports, logs in over HTTP as the
kansli user and a ledningsgrupp member, warms up, and then requests every page of every
database in a new shuffled order each round, one request at a time, so 500 and 5,000
are compared in the same run. It prints per page: p50 and p95 in ms, SQL queries (the
``X-SQL-Antal`` header), HTML size, the ratio of p50 to the floor's p50 (a trivial page
behind the same login and middleware), the goal and ✓/✗. Then how each page grew from
500 to 5,000 projects, 40 against 300 waiting items, and a throughput run against the
5,000 set: the floor and the project page alternately, ``--klienter`` concurrent
clients.

The client is the standard library's ``http.client``; gunicorn's sync workers close the
connection after each response, so each request opens a new local TCP connection (as
for the floor, so the ratio is fair).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, the bench folder is first on the path; the project root belongs there.
sys.path[0] = str(ROOT)


@dataclass(frozen=True)
class Uppsattning:
    """One bench database, served by its own gunicorn during the run."""

    namn: str
    n: int
    #: Projects waiting for the ledningsgrupp.
    vantar: int
    suffix: str = ""
    #: Only the floors, the queue and the meeting page (for 40 against 300 waiting).
    bara_ko: bool = False


UPPSATTNINGAR = [
    Uppsattning("500", 500, 40),
    Uppsattning("5000", 5000, 300),
    Uppsattning("5000, 40 väntar", 5000, 40, "_ko40", bara_ko=True),
]
HEADER = "X-SQL-Antal"
MAX_SQL = 15


# --- Preparing one database (run in a child process that sets up Django) -------------


def forbered(n: int, vantar: int, suffix: str, rebuild: bool) -> None:
    """Build or reuse the database for ``n`` projects and print what the pages need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
    from bench.data import bench_database, fyll

    url = bench_database("bench/http_sidor.py", n, suffix=suffix)
    import django

    django.setup()
    fyll(n, rebuild=rebuild, vantar_ledningsgrupp=vantar)

    from django.db.models import Count

    from delprojekt.models import (
        Beslut,
        Dagordningspunkt,
        Delprojekt,
        Handelse,
        Organ,
        Person,
        Region,
        Sammantrade,
        Status,
    )
    from delprojekt.workflow import vantande_status
    from uppfoljning.models import Uppfoljningsomgang

    storst = Delprojekt.objects.get(lopnummer=1)
    uppf = Delprojekt.objects.get(lopnummer=2)
    moten = {
        m.antal: m.pk
        for m in Sammantrade.objects.filter(
            organ__typ=Organ.Typ.LEDNINGSGRUPP, protokoll_klart__isnull=True, start__year__gte=2026
        )
        .annotate(antal=Count("punkter"))
        .filter(antal__in=[40, 300])
    }
    data = {
        "url": url,
        "storst": storst.referens,
        "handelser": storst.handelser.count(),
        "uppfoljning": uppf.referens,
        "mote_40": moten[40],
        "mote_300": moten[300],
        "region": Region.objects.get(kortnamn="SKÅ").pk,
        "kontaktperson": Person.objects.get(namn="Helena Åberg").pk,
        "status": Status.NULAGE.value,
        "rader": {
            "händelser": Handelse.objects.count(),
            "historikrader": Delprojekt.history.count(),
            "beslut": Beslut.objects.count(),
            "dagordningspunkter": Dagordningspunkt.objects.count(),
            "uppföljningsomgångar": Uppfoljningsomgang.objects.count(),
            "kontaktpersoner": Delprojekt.objects.values("kontaktperson").distinct().count(),
        },
        "vantar": Delprojekt.objects.filter(
            status__in=vantande_status(Organ.Typ.LEDNINGSGRUPP)
        ).count(),
    }
    print("JSON " + json.dumps(data), flush=True)


# --- The HTTP client --------------------------------------------------------------------


@dataclass
class Svar:
    status: int
    kropp: bytes
    sql: int | None
    sekunder: float


@dataclass
class Klient:
    """One user's session over one reused ``HTTPConnection`` (reopened when closed)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def _headers(self) -> dict[str, str]:
        h = {"Host": "127.0.0.1", "Connection": "keep-alive"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return h

    def request(self, method: str, path: str, body: bytes | None = None, **extra: str) -> Svar:
        headers = {**self._headers(), **extra}
        for forsok in range(2):
            try:
                start = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                kropp = r.read()
                sekunder = time.perf_counter() - start
                break
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                self.conn.close()
                if forsok:
                    raise
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
        for rad in r.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(rad)
            for k, m in c.items():
                self.cookies[k] = m.value
        sql = r.getheader(HEADER)
        return Svar(r.status, kropp, int(sql) if sql is not None else None, sekunder)

    def get(self, path: str) -> Svar:
        return self.request("GET", path)

    def logga_in(self, username: str, password: str) -> None:
        sida = self.get("/logga-in/")
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', sida.kropp)
        if sida.status != 200 or not m:
            raise SystemExit(f"Inloggningssidan svarade {sida.status}")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": m.group(1).decode(), "username": username, "password": password}
        ).encode()
        svar = self.request(
            "POST",
            "/logga-in/",
            body,
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        if svar.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Inloggningen som {username} misslyckades ({svar.status})")


# --- gunicorn ---------------------------------------------------------------------------


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def starta_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sfbv.settings",
        "SFBV_BENCH": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        # Plain HTTP on the loopback: no HTTPS redirect, cookies not limited to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "ERROR",
        # Static files come from the finders (WHITENOISE_USE_FINDERS); no collectstatic.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    # Our own interpreter and fixed arguments.
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sfbv.wsgi",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn startade inte") from None
            time.sleep(0.1)
    stoppa(proc)
    raise SystemExit("gunicorn svarade inte")


def stoppa(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- The pages and their goals ----------------------------------------------------------


@dataclass(frozen=True)
class Sida:
    namn: str
    path: str
    anvandare: str  # "kansli" or "lg"
    #: The p50 goal as a multiple of the floor (None: no time goal, only queries).
    golv_mal: float | None
    grupp: str = ""
    #: The floor this page is compared with.
    golv: str = "golv"


SORTERINGAR = ["referens", "titel", "status", "-dagar", "dagar"]


def sidor(d: dict) -> list[Sida]:
    p = "/delprojekt/"
    out = [
        Sida("golv", "/bench/golv/", "kansli", None, golv="golv"),
        Sida("golv (ledningsgrupp)", "/bench/golv/", "lg", None, golv="golv (ledningsgrupp)"),
        Sida("admin: ändringslista", "/admin/delprojekt/delprojekt/", "kansli", None),
        Sida("tom sida (sidmallen)", "/bench/tom-sida/", "kansli", None),
        Sida("startsidan", "/", "kansli", None),
        Sida("portfölj", p, "kansli", 2, "portfölj"),
        Sida("portfölj ?q=stroke", p + "?q=stroke", "kansli", 2, "portfölj"),
        Sida("portfölj ?status=nulage", f"{p}?status={d['status']}", "kansli", 2, "portfölj"),
        Sida("portfölj ?region=Skåne", f"{p}?region={d['region']}", "kansli", 2, "portfölj"),
        Sida(
            "portfölj ?kontaktperson",
            f"{p}?kontaktperson={d['kontaktperson']}",
            "kansli",
            2,
            "portfölj",
        ),
        *(
            Sida(f"portfölj ?sort={s}", f"{p}?sort={s}", "kansli", 2, "portfölj")
            for s in SORTERINGAR
        ),
        Sida("portfölj ?sida=50", f"{p}?sida=50", "kansli", 2, "portfölj"),
        Sida(f"projektsida ({d['handelser']} händelser)", p + d["storst"] + "/", "kansli", 3),
        Sida(
            f"beslutskö ledningsgrupp ({d['vantar']})",
            "/beslut/ledningsgrupp/",
            "lg",
            3,
            "kö",
            golv="golv (ledningsgrupp)",
        ),
        Sida("sammanträde 40 punkter", f"/sammantraden/{d['mote_40']}/", "kansli", 3, "möte"),
        Sida("sammanträde 300 punkter", f"/sammantraden/{d['mote_300']}/", "kansli", 3, "möte"),
        Sida("uppföljningsomgång", f"/uppfoljning/{d['uppfoljning']}/omgang/1/", "kansli", None),
        Sida(
            "uppföljningsrapport",
            f"/uppfoljning/{d['uppfoljning']}/omgang/1/rapport/",
            "kansli",
            None,
        ),
        Sida("slutrapport", f"{p}{d['storst']}/dokument/slutrapport/", "kansli", None),
    ]
    return out


@dataclass
class Matning:
    sida: Sida
    tider: list[float] = field(default_factory=list)
    sql: set[int] = field(default_factory=set)
    storlek: int = 0
    fel: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.tider) * 1000 if self.tider else float("nan")

    @property
    def p95(self) -> float:
        if len(self.tider) < 2:
            return self.p50
        return statistics.quantiles(self.tider, n=20, method="inclusive")[18] * 1000

    @property
    def sql_text(self) -> str:
        if not self.sql:
            return "?"
        return str(max(self.sql)) if len(self.sql) == 1 else f"{min(self.sql)}–{max(self.sql)}"


Nyckel = tuple[str, str]  # (setup, page)


def mat(
    sidlistor: dict[str, list[Sida]], klienter: dict[str, dict[str, Klient]], rundor: int
) -> dict[Nyckel, Matning]:
    """Every page of every setup, one request at a time, in a new shuffled order each
    round, so that a slow moment of the machine hits every page and setup alike."""
    alla = [(u, s) for u, lista in sidlistor.items() for s in lista]
    matningar = {(u, s.namn): Matning(s) for u, s in alla}
    for _ in range(3):  # warm-up: both workers, every page, a few times
        for u, s in alla:
            klienter[u][s.anvandare].get(s.path)
    rng = random.Random(7)
    for _ in range(rundor):
        ordning = list(alla)
        rng.shuffle(ordning)
        for u, s in ordning:
            m = matningar[(u, s.namn)]
            try:
                svar = klienter[u][s.anvandare].get(s.path)
            except (OSError, http.client.HTTPException) as e:
                m.fel.append(type(e).__name__)
                continue
            if svar.status != 200:
                m.fel.append(str(svar.status))
                continue
            m.tider.append(svar.sekunder)
            if svar.sql is not None:
                m.sql.add(svar.sql)
            m.storlek = len(svar.kropp)
    return matningar


def bock(ok: bool) -> str:
    return "✓" if ok else "✗"


def skriv_tabell(matningar: dict[str, Matning]) -> None:
    print(
        f"\n{'sida':<34} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5} {'KB':>7} {'×golv':>7}  "
        f"{'mål':<22} "
    )
    for m in matningar.values():
        s = m.sida
        golv = matningar[s.golv].p50
        kvot = m.p50 / golv
        mal = [f"≤{MAX_SQL} SQL"]
        ok = bool(m.sql) and max(m.sql) <= MAX_SQL and not m.fel
        if s.golv_mal is not None:
            mal.insert(0, f"≤{s.golv_mal:g}× golv")
            ok = ok and kvot <= s.golv_mal
        if s.namn.startswith("golv"):
            mal = ["—"]
            ok = not m.fel
        fel = f"  FEL: {', '.join(sorted(set(m.fel)))} ({len(m.fel)}×)" if m.fel else ""
        print(
            f"{s.namn:<34} {m.p50:>8.1f} {m.p95:>8.1f} {m.sql_text:>5} {m.storlek / 1024:>7.1f} "
            f"{kvot:>7.2f}  {', '.join(mal):<22} {bock(ok)}{fel}"
        )


# --- Throughput -------------------------------------------------------------------------


def genomstromning(
    port: int, cookies: dict[str, str], path: str, klienter: int, sekunder: float
) -> tuple[int, int]:
    """Requests answered (200) and errors by ``klienter`` threads hitting ``path``."""
    slut = time.perf_counter() + sekunder
    ok = [0] * klienter
    fel = [0] * klienter

    def arbeta(i: int) -> None:
        k = Klient(port, dict(cookies))
        while time.perf_counter() < slut:
            try:
                svar = k.get(path)
            except (OSError, http.client.HTTPException):
                fel[i] += 1
                continue
            if svar.status == 200:
                ok[i] += 1
            else:
                fel[i] += 1

    tradar = [threading.Thread(target=arbeta, args=(i,)) for i in range(klienter)]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join()
    return sum(ok), sum(fel)


# --- Main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rundor", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--klienter", type=int, default=12, help="concurrent clients (12)")
    parser.add_argument("--sekunder", type=float, default=20, help="per side of the run (20)")
    parser.add_argument("--forbered", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--vantar", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--suffix", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.forbered:
        forbered(args.forbered, args.vantar, args.suffix, args.rebuild)
        return
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/http_sidor.py mäter PostgreSQL: sätt DATABASE_URL=postgres://…")

    from bench.data import LOSENORD

    print(f"Maskinen: {os.cpu_count()} kärnor, belastning {os.getloadavg()[0]:.2f} (1 min)")
    data: dict[str, dict] = {}
    for u in UPPSATTNINGAR:
        cmd = [sys.executable, __file__, "--forbered", str(u.n), "--vantar", str(u.vantar)]
        cmd += ["--suffix", u.suffix] if u.suffix else []
        cmd += ["--rebuild"] if args.rebuild else []
        ut = subprocess.run(  # noqa: S603 (this script itself)
            cmd, cwd=ROOT, check=True, capture_output=True, text=True
        )
        for rad in ut.stdout.splitlines():
            if rad.startswith("JSON "):
                data[u.namn] = json.loads(rad[5:])
            else:
                print(rad)

    # One gunicorn per database, all up at once, so that the setups are measured
    # interleaved in the same run; only one request is in flight at a time.
    processer: list[subprocess.Popen] = []
    try:
        portar: dict[str, int] = {}
        for u in UPPSATTNINGAR:
            portar[u.namn] = ledig_port()
            processer.append(starta_gunicorn(data[u.namn]["url"], portar[u.namn], args.workers))
        klienter: dict[str, dict[str, Klient]] = {}
        sidlistor: dict[str, list[Sida]] = {}
        for u in UPPSATTNINGAR:
            port = portar[u.namn]
            klienter[u.namn] = {"kansli": Klient(port), "lg": Klient(port)}
            klienter[u.namn]["kansli"].logga_in("bench-kansli", LOSENORD)
            klienter[u.namn]["lg"].logga_in("bench-lg", LOSENORD)
            sidlista = sidor(data[u.namn])
            if u.bara_ko:
                sidlista = [
                    s
                    for s in sidlista
                    if s.namn.startswith(("golv", "beslutskö", "sammanträde 40"))
                ]
            sidlistor[u.namn] = sidlista
        print(
            f"\ngunicorn med {args.workers} sync-workers per databas, {args.rundor} rundor; alla "
            f"sidor i alla uppsättningar i blandad ordning, en begäran i taget; belastning "
            f"{os.getloadavg()[0]:.2f}",
            flush=True,
        )
        matningar = mat(sidlistor, klienter, args.rundor)
        resultat = {
            u: {s.namn: matningar[(u, s.namn)] for s in lista} for u, lista in sidlistor.items()
        }
        for u in UPPSATTNINGAR:
            d = data[u.namn]
            print(
                f"\n== {u.n} delprojekt, {d['vantar']} väntar på ledningsgruppen "
                f"({d['url'].rsplit('/', 1)[1]})"
            )
            print("   " + ", ".join(f"{v} {k}" for k, v in d["rader"].items()))
            skriv_tabell(resultat[u.namn])
        print(f"\nBelastning efter mätningen: {os.getloadavg()[0]:.2f} (1 min)", flush=True)

        # Throughput against the 5,000 set: the floor and the project page alternately.
        stor = UPPSATTNINGAR[1]
        projekt = next(s for s in sidlistor[stor.namn] if s.namn.startswith("projektsida"))
        cookies = klienter[stor.namn]["kansli"].cookies
        delar = 2
        golv_ok = golv_fel = sida_ok = sida_fel = 0
        for _ in range(delar):
            a, b = genomstromning(
                portar[stor.namn], cookies, "/bench/golv/", args.klienter, args.sekunder / delar
            )
            golv_ok, golv_fel = golv_ok + a, golv_fel + b
            a, b = genomstromning(
                portar[stor.namn], cookies, projekt.path, args.klienter, args.sekunder / delar
            )
            sida_ok, sida_fel = sida_ok + a, sida_fel + b
    finally:
        for proc in processer:
            stoppa(proc)

    skriv_jamforelser(resultat, data)
    skriv_genomstromning(
        (projekt.namn, golv_ok, golv_fel, sida_ok, sida_fel, args.sekunder), args.klienter, stor.n
    )
    print(f"\nBelastning efteråt: {os.getloadavg()[0]:.2f} (1 min)")


def skriv_jamforelser(resultat: dict[str, dict[str, Matning]], data: dict[str, dict]) -> None:
    liten, stor, ko40 = (u.namn for u in UPPSATTNINGAR)

    def hitta(u: str, borjan: str) -> Matning:
        return next(m for k, m in resultat[u].items() if k.startswith(borjan))

    def i_golv(u: str, m: Matning) -> float:
        return m.p50 / resultat[u][m.sida.golv].p50

    print(
        f"\n== Från {liten} till {stor} delprojekt, samma körning "
        "(p50; mål: samma SQL, portföljen växer ≤1.2×)"
    )
    print(
        f"{'sida':<34} {'p50 ' + liten:>9} {'p50 ' + stor:>10} {'tillväxt':>9} "
        f"{'×golv':>13} {'SQL':>9}  mål"
    )
    for namn, m_stor in resultat[stor].items():
        if namn.startswith(("beslutskö", "projektsida")):
            m_liten = hitta(liten, namn.split(" ", 1)[0])
        else:
            m_liten = resultat[liten][namn]
        vaxt = m_stor.p50 / m_liten.p50
        samma_sql = m_liten.sql == m_stor.sql and len(m_stor.sql) == 1
        mal = ["samma SQL"]
        ok = samma_sql
        if m_stor.sida.grupp == "portfölj":
            mal.append("≤1.2×")
            ok = ok and vaxt <= 1.2
        print(
            f"{namn:<34} {m_liten.p50:>9.1f} {m_stor.p50:>10.1f} {vaxt:>8.2f}× "
            f"{i_golv(liten, m_liten):>6.2f}→{i_golv(stor, m_stor):<6.2f} "
            f"{m_liten.sql_text:>4}/{m_stor.sql_text:<4}  {', '.join(mal)} {bock(ok)}"
        )

    print("\n== 40 mot 300 väntande punkter, samma körning (p50; mål ≤1.2×)")
    m40 = resultat[stor]["sammanträde 40 punkter"]
    m300 = resultat[stor]["sammanträde 300 punkter"]
    kvot = m300.p50 / m40.p50
    print(
        f"sammanträdet med 40 mot 300 punkter ({stor} delprojekt): {m40.p50:.1f} mot "
        f"{m300.p50:.1f} ms = {kvot:.2f}× {bock(kvot <= 1.2)}  (SQL {m40.sql_text} mot "
        f"{m300.sql_text})"
    )
    ko_40, ko_300 = hitta(ko40, "beslutskö"), hitta(stor, "beslutskö")
    kvot = ko_300.p50 / ko_40.p50
    print(
        f"ledningsgruppens beslutskö, {data[ko40]['vantar']} mot {data[stor]['vantar']} "
        f"väntande (båda {UPPSATTNINGAR[1].n} delprojekt): {ko_40.p50:.1f} mot {ko_300.p50:.1f} "
        f"ms = {kvot:.2f}× {bock(kvot <= 1.2)}  (SQL {ko_40.sql_text} mot {ko_300.sql_text})"
    )
    mote_ko40 = resultat[ko40]["sammanträde 40 punkter"]
    kvot = m40.p50 / mote_ko40.p50
    print(
        f"sammanträdet med 40 punkter när {data[ko40]['vantar']} mot {data[stor]['vantar']} "
        f"väntar: {mote_ko40.p50:.1f} mot {m40.p50:.1f} ms = {kvot:.2f}× {bock(kvot <= 1.2)}"
    )


def skriv_genomstromning(
    throughput: tuple[str, int, int, int, int, float] | None, klienter: int, stor: int
) -> None:
    if throughput:
        namn, golv_ok, golv_fel, sida_ok, sida_fel, sek = throughput
        golv_rps, sida_rps = golv_ok / sek, sida_ok / sek
        ok = sida_rps >= golv_rps / 3 and golv_fel == 0 and sida_fel == 0
        print(
            f"\n== Genomströmning, {stor} delprojekt: {klienter} samtidiga klienter, "
            f"golv och sida växelvis, {sek:g} s var"
        )
        print(f"{'golv':<34} {golv_rps:>7.1f} req/s  fel {golv_fel}")
        print(f"{namn:<34} {sida_rps:>7.1f} req/s  fel {sida_fel}")
        print(f"kvot {sida_rps / golv_rps:.2f} av golvets (mål ≥ 0.33, 0 fel) {bock(ok)}")


if __name__ == "__main__":
    main()
