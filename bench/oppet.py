"""The public pages (/oppet/) over HTTP at 5,000 projects, against the anonymous floor.

    DATABASE_URL=postgres://sfbv:sfbv@127.0.0.1:5432/sfbv uv run python bench/oppet.py

Reuses ``bench/http_sidor.py``'s machinery: the bench database ``<name>_bench_5000``
(built by ``bench/data.py`` when missing, reused otherwise; every third project
published, added by ``bench.data.publicera`` when the database predates it), one
gunicorn with 2 sync workers, deployed settings and ``SFBV_BENCH=1``, and the
interleaved measurement: every page once per round, in a new shuffled order each round,
one request at a time. The client sends no cookie, as an anonymous visitor; the floor is
``/bench/golv-oppet/``, a trivial page without login through the same middleware. It
prints per page p50 and p95 in ms, SQL queries, size, the ratio to the floor and the
goal (p50 ≤ 2× the floor, ≤ 15 queries); then each page built without the page cache
(a new address each time, as the first request after a change), and the answer to a
revalidation with the page's ETag (304).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, the bench folder is first on the path; the project root belongs there.
sys.path[0] = str(ROOT)

from bench.http_sidor import (  # noqa: E402
    Klient,
    Matning,
    Sida,
    ledig_port,
    mat,
    skriv_tabell,
    starta_gunicorn,
    stoppa,
)

N = 5000
VANTAR = 300
GOLV = "golv (öppet)"
#: Requests per page without the page cache.
KALLA = 5


def forbered(rebuild: bool) -> None:
    """Build or reuse the 5,000 database, publish a share, print what the pages need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sfbv.settings")
    from bench.data import bench_database, fyll, publicera

    url = bench_database("bench/oppet.py", N)
    import django

    django.setup()
    fyll(N, rebuild=rebuild, vantar_ledningsgrupp=VANTAR)
    from django.contrib.auth.models import User
    from django.db.models import Count

    from delprojekt.models import Fokusomrade, Region
    from oppet import innehall
    from oppet.models import Publicering

    tillagda = publicera(User.objects.get(username="bench-kansli"))
    storst = innehall.publicerade().annotate(antal=Count("beslut")).order_by("-antal", "pk").first()
    assert storst is not None, "inga publicerade delprojekt"
    organ_ar = innehall.beslutsar()
    typ, _namn, ar_lista = max(organ_ar, key=lambda o: sum(a for _y, a in o[2]))
    ar, antal = max(ar_lista, key=lambda ya: ya[1])
    publicerade = Publicering.objects.filter(publicerad=True).count()
    data = {
        "url": url,
        "publicerade": publicerade,
        "tillagda": tillagda,
        "storst": storst.referens,
        "storst_beslut": storst.antal,
        "organ": typ,
        "ar": ar,
        "ar_antal": antal,
        "region": Region.objects.order_by("ordning").values_list("pk", flat=True).first(),
        "fokus": Fokusomrade.objects.order_by("ordning").values_list("pk", flat=True).first(),
        "sista_sida": -(-publicerade // 25),
    }
    print("JSON " + json.dumps(data), flush=True)


def sidor(d: dict) -> list[Sida]:
    o = "/oppet/"
    a = "anonym"
    return [
        Sida(GOLV, "/bench/golv-oppet/", a, None, golv=GOLV),
        *(
            Sida(namn, path, a, 2, golv=GOLV)
            for namn, path in [
                (f"lista ({d['publicerade']} publicerade)", o),
                ("lista ?q=vård", o + "?q=v%C3%A5rd"),
                ("lista ?status=fas:arbete", o + "?status=fas%3Aarbete"),
                ("lista ?region", f"{o}?region={d['region']}"),
                ("lista ?fokus", f"{o}?fokus={d['fokus']}"),
                ("lista sista sidan", f"{o}?sida={d['sista_sida']}"),
                (f"projektsida ({d['storst_beslut']} beslut)", f"{o}delprojekt/{d['storst']}/"),
                ("beslut: översikt", o + "beslut/"),
                (
                    f"beslut {d['organ']} {d['ar']} ({d['ar_antal']})",
                    f"{o}beslut/{d['organ']}/{d['ar']}/",
                ),
                ("flöde (Atom)", o + "flode.atom"),
                ("öppna data: sida", o + "data/"),
                ("öppna data: JSON (cache)", o + "data/oppna-data.json"),
                ("öppna data: ZIP (cache)", o + "data/oppna-data.zip"),
                ("tillgänglighet", o + "tillganglighet/"),
            ]
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rundor", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--forbered", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.forbered:
        forbered(args.rebuild)
        return
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/oppet.py mäter PostgreSQL: sätt DATABASE_URL=postgres://…")

    print(f"Maskinen: {os.cpu_count()} kärnor, belastning {os.getloadavg()[0]:.2f} (1 min)")
    cmd = [sys.executable, __file__, "--forbered", *(["--rebuild"] if args.rebuild else [])]
    ut = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603
    data: dict = {}
    for rad in ut.stdout.splitlines():
        if rad.startswith("JSON "):
            data = json.loads(rad[5:])
        else:
            print(rad)
    port = ledig_port()
    proc = starta_gunicorn(data["url"], port, args.workers)
    try:
        klient = Klient(port)
        lista = sidor(data)
        print(
            f"\n{N} delprojekt, {data['publicerade']} publicerade ({data['tillagda']} nu); "
            f"gunicorn med {args.workers} sync-workers, {args.rundor} rundor, anonym klient, "
            f"belastning {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        matningar = mat({"5000": lista}, {"5000": {"anonym": klient}}, args.rundor)
        resultat: dict[str, Matning] = {s.namn: matningar[("5000", s.namn)] for s in lista}
        skriv_tabell(resultat)

        # The first request after a change builds the page: a query parameter no page
        # reads gives a new address, so the page cache misses and the page is built.
        golv = resultat[GOLV].p50
        print(
            "\n== Utan sidcache (första begäran efter en ändring; ny adress varje gång, "
            f"{KALLA} begäranden; inget mål, bara siffror)"
        )
        for s in lista[1:]:
            if "data:" in s.namn:
                continue
            tider = []
            for i in range(KALLA):
                sep = "&" if "?" in s.path else "?"
                svar = klient.request("GET", f"{s.path}{sep}kall={os.getpid()}-{i}")
                if svar.status == 200:
                    tider.append(svar.sekunder * 1000)
            if tider:
                p50 = statistics.median(tider)
                print(f"{s.namn:<34} {p50:>8.1f} ms {p50 / golv:>7.2f}× golv")

        # Revalidation: the ETag of each page answers 304 without building it.
        print("\n== Med If-None-Match (ETag) svarar sidorna 304")
        for s in lista[1:]:
            etag = _etag(port, s.path)
            if etag is None:
                print(f"{s.namn:<34} ingen ETag ✗")
                continue
            svar = klient.request("GET", s.path, **{"If-None-Match": etag})
            tecken = "✓" if svar.status == 304 else "✗"
            print(
                f"{s.namn:<34} {svar.status} på {svar.sekunder * 1000:.1f} ms, SQL {svar.sql} "
                f"(hela sidan p50 {resultat[s.namn].p50:.1f} ms) {tecken}"
            )
    finally:
        stoppa(proc)
    print(f"\nBelastning efteråt: {os.getloadavg()[0]:.2f} (1 min)")


def _etag(port: int, path: str) -> str | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        r = conn.getresponse()
        r.read()
        return r.getheader("ETag")
    finally:
        conn.close()


if __name__ == "__main__":
    main()
