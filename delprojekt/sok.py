"""Search across everything a user may open: ``sok`` for the search page, ``delprojekt_sok``
for the portfolio's own search.

On PostgreSQL each kind is matched with full-text search in the Swedish configuration
(a stored tsvector column with a GIN index, from migration 0017, which must build the
same vectors as ``VEKTORER`` below) and, for references and names, trigram similarity. Snowball's
Swedish stemmer leaves derivations apart ("kirurgiska" → kirurgisk, "kirurgi" →
kirurgi), so each word of a plain query is also matched as a prefix of its root with
the derivational suffix removed ("kirurg:*"). On SQLite a plain ``icontains`` over the
same fields stands in, without stemming; the result has the same shape.

What a user may see is decided by the same rules as the pages the hits link to: the
project's visibility (``delprojekt_visible_for``) for everything of a project, the
meeting's body for meetings, and a decision outside a project is seen by whoever may
see that body's meetings. Nothing of a hit is read, not even its snippet, unless the
user may open it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    CombinedSearchQuery,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Combinable, Expression
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Kapitel,
    Minnesanteckning,
    Nomineringsstatus,
    Organ,
    Organmedlemskap,
    Person,
    Sammantrade,
    Vagval,
)
from delprojekt.models.dokument import mall_rubrik
from delprojekt.permissions import Roller, delprojekt_visible_for, roller_for
from delprojekt.types import Viewer

CONFIG = "swedish"
#: Longer queries are cut here: nobody types more, and it bounds the work of a query.
MAX_LANGD = 200
#: Words of a query that are used; the rest are ignored.
MAX_ORD = 8
#: Rows per kind that are ranked: the newest that match (see ``_kandidater``).
KANDIDATER = 300
#: The same for kinds matched on an expression, not a stored column (``LAGRADE``): each
#: row looked at is parsed again.
KANDIDATER_UTTRYCK = 100
#: Hits per kind on the grouped page, and on the page of one kind.
PER_SLAG = 8
PER_SLAG_ENSAM = 50

# Sentinels for ts_headline's highlight: private-use characters that ``escape`` leaves
# alone, so the text is escaped first and only then do the sentinels become <mark>.
_START = "\ue000"
_STOP = "\ue001"

#: Derivational suffixes that Snowball's Swedish stemmer keeps (longest first).
_SUFFIX = ("iskt", "iska", "iske", "isk", "ighet", "lighet", "ningen", "ningar", "ning", "het")
_MIN_ROT = 4

_PARAGRAF = re.compile(r"(?:§\s*)?(\d{1,4})\s*/\s*(\d{4})")
_ORDTECKEN = re.compile(r"\w")
_AVANCERAD = re.compile(r'"|(?:^|\s)-\w|\s(?:or|OR)\s')
_KANT = re.compile(r"^[^\w§]+|[^\w]+$")
_KONTROLL = re.compile(r"[\x00-\x1f\x7f]")


#: The searchable fields of each kind and their weight (A highest). Migration 0017 builds
#: one GIN index per entry from exactly these lists; change both together.
VEKTORER: dict[str, list[tuple[str, str]]] = {
    "projekt": [
        ("referens", "A"),
        ("titel", "A"),
        ("syfte", "B"),
        ("mal", "B"),
        ("underlag", "C"),
    ],
    "kapitel": [("text", "B")],
    "anteckning": [("dagordning", "B"), ("anteckningar", "B"), ("mjuka_resultat", "B")],
    "vagval": [("val", "A"), ("motivering", "B")],
    "beslut": [("paragraf", "A"), ("beslutstext", "B"), ("sammantrade", "C")],
    "sammantrade": [("plats", "B")],
    "punkt": [("rubrik", "A"), ("beslutsforslag", "B"), ("beslutstext", "B")],
    "atgard": [
        ("titel", "A"),
        ("beskrivning", "B"),
        ("genomforbarhet", "C"),
        ("undantrangning", "C"),
        ("kostnad", "C"),
    ],
    "person": [("namn", "A"), ("titel", "B"), ("profession", "B"), ("organisation", "B")],
}


class Sokkolumn(Expression):
    """The stored tsvector ``sok_tsv`` of the query's own table (migration 0017, PostgreSQL
    only): the same vector as ``sokvektor``, computed when the row is written."""

    output_field = SearchVectorField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name('sok_tsv')}",
            [],
        )


#: Kinds whose table has the stored column; the others (whose rows the signed-records
#: triggers compare whole) have an index on the expression ``sokvektor`` instead.
LAGRADE = frozenset({"projekt", "kapitel", "anteckning", "vagval", "atgard", "person"})


def vektor(slag: str) -> Combinable:
    """The tsvector to match and rank a kind by, as its GIN index serves it."""
    return Sokkolumn() if slag in LAGRADE else sokvektor(slag)


def sokvektor(slag: str) -> Combinable:
    """The Swedish tsvector of a kind, as migration 0017's stored column holds it."""
    vektor: Combinable | None = None
    for falt, vikt in VEKTORER[slag]:
        del_ = SearchVector(falt, config=CONFIG, weight=vikt)
        vektor = del_ if vektor is None else vektor + del_
    assert vektor is not None
    return vektor


# --- The query ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fraga:
    """A cleaned query: the text (capped), its words and a "§ n/yyyy" if it holds one."""

    text: str
    ord: tuple[str, ...]
    paragraf: tuple[int, int] | None
    avancerad: bool

    @property
    def paragraf_text(self) -> str:
        return f"§ {self.paragraf[0]}/{self.paragraf[1]}" if self.paragraf else ""


def tolka(q: str | None) -> Fraga | None:
    """The query to run, or None when nothing in it can be searched for."""
    text = " ".join(_KONTROLL.sub(" ", q or "").split())[:MAX_LANGD].strip()
    if not _ORDTECKEN.search(text):
        return None
    ord_ = tuple(_KANT.sub("", o) for o in text.split() if _ORDTECKEN.search(o))[:MAX_ORD]
    match = _PARAGRAF.search(text)
    paragraf = (int(match.group(1)), int(match.group(2))) if match else None
    return Fraga(text=text, ord=ord_, paragraf=paragraf, avancerad=bool(_AVANCERAD.search(text)))


def rotter(ord_: str) -> list[str]:
    """Prefixes a word is also matched by: itself and its root without a derivational
    suffix ("kirurgiska" → "kirurgiska", "kirurg"). Letters only, so safe in a raw tsquery."""
    bokstaver = ord_.lower()
    if not bokstaver.isalpha() or len(bokstaver) < 3:
        return []
    out = [bokstaver]
    for suffix in _SUFFIX:
        if bokstaver.endswith(suffix) and len(bokstaver) - len(suffix) >= _MIN_ROT:
            out.append(bokstaver[: -len(suffix)])
            break
    return out


Tsquery = SearchQuery | CombinedSearchQuery


def tsquery(fraga: Fraga) -> Tsquery:
    """websearch syntax ("fras", -ord, or) when the user wrote it; otherwise every word,
    each as its stem or as a prefix of its roots."""
    if fraga.avancerad:
        return SearchQuery(fraga.text, config=CONFIG, search_type="websearch")
    query: SearchQuery | CombinedSearchQuery | None = None
    for ord_ in fraga.ord:
        del_: SearchQuery | CombinedSearchQuery = SearchQuery(
            ord_, config=CONFIG, search_type="plain"
        )
        for rot in rotter(ord_):
            del_ = del_ | SearchQuery(f"{rot}:*", config=CONFIG, search_type="raw")
        query = del_ if query is None else query & del_
    if query is None:
        return SearchQuery(fraga.text, config=CONFIG, search_type="websearch")
    return query


def _pg() -> bool:
    return connection.vendor == "postgresql"


# --- Highlighting -----------------------------------------------------------------------


def markerad(text: str) -> SafeString:
    """ts_headline's output made safe: escaped first, then the sentinels become <mark>."""
    safe = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308  # escaped above; only our own tags added


def _headline(uttryck: Combinable, query: Tsquery, *, hela: bool = False) -> SearchHeadline:
    if hela:
        return SearchHeadline(
            uttryck, query, config=CONFIG, start_sel=_START, stop_sel=_STOP, highlight_all=True
        )
    return SearchHeadline(
        uttryck,
        query,
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _python_markerad(
    text: str, fraga: Fraga, *, utdrag: bool = True, langd: int = 220
) -> SafeString:
    """The SQLite stand-in: a window around the first hit, escaped, the words marked."""
    text = " ".join(text.split())
    delar_ = sorted(
        {d for o in fraga.ord for d in [o, *rotter(o)]} | {fraga.paragraf_text} - {""},
        key=len,
        reverse=True,
    )
    monster = (
        re.compile(r"(?:" + "|".join(re.escape(d) for d in delar_) + r")\w*", re.IGNORECASE)
        if delar_
        else None
    )
    if utdrag and len(text) > langd:
        traff = monster.search(text) if monster else None
        start = max(0, (traff.start() if traff else 0) - langd // 3)
        slut = min(len(text), start + langd)
        text = ("… " if start else "") + text[start:slut] + (" …" if slut < len(text) else "")
    if monster is None:
        return escape(text)
    delar: list[str] = []
    pos = 0
    for m in monster.finditer(text):
        delar.append(escape(text[pos : m.start()]))
        delar.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    delar.append(escape(text[pos:]))
    return mark_safe("".join(delar))  # noqa: S308  # every piece escaped above


# --- Results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Traff:
    rubrik: SafeString
    url: str
    utdrag: SafeString
    sammanhang: str = ""


@dataclass(frozen=True)
class Grupp:
    slag: str
    rubrik: str
    traffar: list[Traff]
    fler: bool


@dataclass(frozen=True)
class Sokresultat:
    q: str
    grupper: list[Grupp] = field(default_factory=list)
    meddelande: str = ""

    @property
    def antal(self) -> int:
        return sum(len(g.traffar) for g in self.grupper)


@dataclass(frozen=True)
class Kontext:
    """What every kind's search needs: the user's roles, the query and its tsquery."""

    user: Viewer
    roller: Roller
    fraga: Fraga
    query: Tsquery | None  # None on SQLite
    organ_ids: tuple[int, ...] = ()
    #: The projects the user may know exist, read once; None for those who see all.
    #: A list of ids lets PostgreSQL go from the few projects to their rows, where a
    #: subquery made it walk every matching row of every project.
    projekt_ids: tuple[int, ...] | None = None

    def synliga_projekt(self, qs: QuerySet, falt: str = "delprojekt") -> QuerySet:
        """``qs`` narrowed to rows of projects the user may know exist."""
        if self.projekt_ids is None:
            return qs
        return qs.filter(**{f"{falt}__in": self.projekt_ids})

    def mina_organ(self) -> Q:
        """Bodies whose meetings the user may see (kansli and readers of all see every one)."""
        if self.roller.ser_alla:
            return Q()
        if self.roller.person_id is None:
            return Q(pk__in=[])
        return Q(
            pk__in=Organmedlemskap.objects.current()
            .filter(person_id=self.roller.person_id, organ__aktiv=True)
            .values("organ_id")
        )


def _match(k: Kontext, slag: str, falt: Sequence[str], extra: Q | None = None) -> tuple[Q, dict]:
    """The condition that a row matches, and the aliases it uses."""
    if k.query is not None:
        cond = Q(**{f"_sv_{slag}": k.query})
        aliases = {f"_sv_{slag}": vektor(slag)}
    else:
        cond = Q()
        for ord_ in k.fraga.ord:
            # No stemming here: the shortest root stands in ("kirurgiska" → "kirurg").
            kort = min([ord_, *rotter(ord_)], key=len)
            ett = Q()
            for f in falt:
                ett |= Q(**{f"{f}__icontains": kort})
            cond &= ett
        aliases = {}
    if extra is not None:
        cond |= extra
    return cond, aliases


def _kandidater(qs: QuerySet, cond: Q, aliases: dict, antal: int = 0) -> QuerySet:
    """The primary keys of the newest ``KANDIDATER`` matching rows of ``qs``.

    Only these are ranked: ranking every row that holds a common word cost a quarter of
    a second at 5,000 projects (bench/sok.py), while the newest rows are found by
    walking the primary key backwards until enough match.
    """
    antal = antal or KANDIDATER
    return qs.alias(**aliases).filter(cond).order_by("-pk").values("pk")[:antal]


def _rank(k: Kontext, slag: str, extra: Combinable | None = None) -> Combinable:
    if k.query is None:
        return Value(0.0, output_field=FloatField())
    rank = SearchRank(vektor(slag), k.query)
    return rank if extra is None else rank + extra


def _text(uttryck_falt: Sequence[str]) -> Concat | F:
    if len(uttryck_falt) == 1:
        return F(uttryck_falt[0])
    delar: list[object] = []
    for i, f in enumerate(uttryck_falt):
        if i:
            delar.append(Value(" · ", output_field=TextField()))
        delar.append(Coalesce(F(f), Value(""), output_field=TextField()))
    return Concat(*delar, output_field=TextField())


def _hl(k: Kontext, qs: QuerySet, rubrik: Sequence[str] | None, utdrag: Sequence[str]) -> QuerySet:
    """Annotate ts_headline for the shown rows (PostgreSQL only)."""
    if k.query is None:
        return qs
    ann: dict[str, object] = {"_hl_utdrag": _headline(_text(utdrag), k.query)}
    if rubrik:
        ann["_hl_rubrik"] = _headline(_text(rubrik), k.query, hela=True)
    return qs.annotate(**ann)


def _visa(k: Kontext, obj: object, rubrik: str, utdrag: str) -> tuple[SafeString, SafeString]:
    if k.query is not None:
        r = getattr(obj, "_hl_rubrik", None)
        return (
            markerad(r) if r is not None else escape(rubrik),
            markerad(getattr(obj, "_hl_utdrag", "") or ""),
        )
    return _python_markerad(rubrik, k.fraga, utdrag=False), _python_markerad(utdrag, k.fraga)


# --- The kinds --------------------------------------------------------------------------


def _projekt_qs(k: Kontext, qs: QuerySet) -> QuerySet:
    """Projects of ``qs`` that match, with ``sok_rank``; shared with the portfolio."""
    text = k.fraga.text
    # A reference, whole or in part ("2026-007"): icontains, which the trigram index on
    # UPPER(referens) serves. Titles are matched by their words, like the other text: a
    # trigram comparison of every title cost more than the rest of the search together.
    extra = Q(referens__icontains=text)
    likhet: Combinable | None = None
    if k.query is not None:
        likhet = Case(
            When(referens__iexact=text, then=Value(2.0)),
            When(referens__icontains=text, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    cond, aliases = _match(k, "projekt", ["referens", "titel", "syfte", "mal", "underlag"], extra)
    return qs.alias(**aliases).filter(cond).annotate(sok_rank=_rank(k, "projekt", likhet))


def _projekt(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    kandidater = (
        _projekt_qs(k, k.synliga_projekt(Delprojekt.objects.all(), "pk"))
        .order_by("-pk")
        .values("pk")[:KANDIDATER]
    )
    qs = _projekt_qs(k, Delprojekt.objects.filter(pk__in=kandidater))
    qs = _hl(k, qs, ["titel"], ["syfte", "mal", "underlag"])
    rows = list(qs.order_by("-sok_rank", "-ar", "-lopnummer")[: n + 1])
    out = []
    for dp in rows[:n]:
        rubrik, utdrag = _visa(
            k, dp, dp.titel, " · ".join(t for t in (dp.syfte, dp.mal, dp.underlag) if t)
        )
        out.append(
            Traff(
                rubrik=rubrik,
                url=dp.get_absolute_url(),
                utdrag=utdrag,
                sammanhang=f"{dp.referens} · {dp.get_status_display()}",
            )
        )
    return out, len(rows) > n


def _kapitel(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    cond, aliases = _match(k, "kapitel", ["text"])
    qs = (
        Kapitel.objects.filter(
            pk__in=_kandidater(
                k.synliga_projekt(Kapitel.objects.all(), "dokument__delprojekt"), cond, aliases
            )
        )
        .exclude(text="")
        .annotate(
            sok_rank=_rank(k, "kapitel"),
            dp_referens=F("dokument__delprojekt__referens"),
            dp_titel=F("dokument__delprojekt__titel"),
            typ=F("dokument__typ"),
        )
        .only("pk", "nyckel", "text")
    )
    qs = _hl(k, qs, None, ["text"])
    rows = list(qs.order_by("-sok_rank", "-andrad", "pk")[: n + 1])
    out = []
    for c in rows[:n]:
        rubrik, utdrag = _visa(k, c, mall_rubrik(c.typ, c.nyckel), c.text)
        dokument = _("Uppdrag") if c.typ == "uppdrag" else _("Slutrapport")
        out.append(
            Traff(
                rubrik=rubrik,
                url=reverse("delprojekt:dokument", args=[c.dp_referens, c.typ]) + f"#{c.nyckel}",
                utdrag=utdrag,
                sammanhang=f"{dokument} · {c.dp_referens} {c.dp_titel}",
            )
        )
    return out, len(rows) > n


def _anteckning(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    falt = ["dagordning", "anteckningar", "mjuka_resultat"]
    cond, aliases = _match(k, "anteckning", falt)
    qs = Minnesanteckning.objects.filter(
        pk__in=_kandidater(k.synliga_projekt(Minnesanteckning.objects.all()), cond, aliases)
    ).annotate(
        sok_rank=_rank(k, "anteckning"),
        dp_referens=F("delprojekt__referens"),
        dp_titel=F("delprojekt__titel"),
    )
    qs = _hl(k, qs, None, falt)
    rows = list(qs.order_by("-sok_rank", "-datum", "-pk")[: n + 1])
    out = []
    for m in rows[:n]:
        _r, utdrag = _visa(
            k, m, "", " · ".join(t for t in (m.dagordning, m.anteckningar, m.mjuka_resultat) if t)
        )
        out.append(
            Traff(
                rubrik=escape(_("Minnesanteckningar %(datum)s") % {"datum": f"{m.datum:%Y-%m-%d}"}),
                url=reverse("delprojekt:anteckning", args=[m.dp_referens, m.pk]),
                utdrag=utdrag,
                sammanhang=f"{m.dp_referens} {m.dp_titel}",
            )
        )
    return out, len(rows) > n


def _vagval(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    cond, aliases = _match(k, "vagval", ["val", "motivering"])
    qs = Vagval.objects.filter(
        pk__in=_kandidater(
            k.synliga_projekt(Vagval.objects.all(), "minnesanteckning__delprojekt"), cond, aliases
        )
    ).annotate(
        sok_rank=_rank(k, "vagval"),
        dp_referens=F("minnesanteckning__delprojekt__referens"),
        dp_titel=F("minnesanteckning__delprojekt__titel"),
        mote_datum=F("minnesanteckning__datum"),
    )
    qs = _hl(k, qs, ["val"], ["motivering"])
    rows = list(qs.order_by("-sok_rank", "-mote_datum", "-pk")[: n + 1])
    out = []
    for v in rows[:n]:
        rubrik, utdrag = _visa(k, v, v.val, v.motivering)
        out.append(
            Traff(
                rubrik=rubrik,
                url=reverse("delprojekt:anteckning", args=[v.dp_referens, v.minnesanteckning_id]),
                utdrag=utdrag,
                sammanhang=_("Vägval %(datum)s · %(ref)s %(titel)s")
                % {"datum": f"{v.mote_datum:%Y-%m-%d}", "ref": v.dp_referens, "titel": v.dp_titel},
            )
        )
    return out, len(rows) > n


def _matchande_organ(k: Kontext) -> tuple[int, ...]:
    """Bodies whose name holds the query (few rows: read once for decisions and meetings)."""
    if not k.fraga.ord:
        return ()
    if k.query is not None:
        traff = Organ.objects.alias(_sv=SearchVector("namn", config=CONFIG)).filter(
            Q(_sv=k.query) | Q(namn__icontains=k.fraga.text)
        )
        return tuple(traff.values_list("pk", flat=True))
    return tuple(Organ.objects.filter(namn__icontains=k.fraga.text).values_list("pk", flat=True))


def _beslut(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    extra = Q(organ_id__in=k.organ_ids) if k.organ_ids else Q(pk__in=[])
    exakt: Combinable | None = None
    if k.fraga.paragraf:
        extra |= Q(paragraf=k.fraga.paragraf_text)
        exakt = Case(
            When(paragraf=k.fraga.paragraf_text, then=Value(2.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    cond, aliases = _match(k, "beslut", ["beslutstext", "paragraf", "sammantrade"], extra)
    qs = Beslut.objects.all()
    if not k.roller.ser_alla:
        synlig_utan_projekt = Q(delprojekt__isnull=True) & Q(
            organ__in=Organ.objects.filter(k.mina_organ()).values("pk")
        )
        qs = qs.filter(Q(delprojekt__in=k.projekt_ids or ()) | synlig_utan_projekt)
    rank = _rank(k, "beslut", exakt)
    if k.query is None and exakt is not None:
        rank = exakt
    punkt = Dagordningspunkt.objects.filter(beslut_id=OuterRef("pk")).order_by("pk")
    qs = (
        Beslut.objects.filter(pk__in=_kandidater(qs, cond, aliases, KANDIDATER_UTTRYCK))
        .select_related("organ", "delprojekt")
        .annotate(
            sok_rank=rank,
            punkt_id=Subquery(punkt.values("pk")[:1]),
            punkt_sammantrade=Subquery(punkt.values("sammantrade_id")[:1]),
            ser_mote=_ser_organets_moten(k),
        )
    )
    qs = _hl(k, qs, None, ["beslutstext"])
    rows = list(qs.order_by("-sok_rank", "-datum", "-pk")[: n + 1])
    out = []
    for b in rows[:n]:
        _r, utdrag = _visa(k, b, "", b.beslutstext)
        rubrik = f"{b.organ.namn} {b.datum:%Y-%m-%d}"
        if b.paragraf:
            rubrik += f" {b.paragraf}"
        mote, punkt_id = _ann(b, "punkt_sammantrade"), _ann(b, "punkt_id")
        if mote and _ann(b, "ser_mote"):
            url = reverse("sammantrade:detalj", args=[mote]) + f"#punkt-{punkt_id}"
        elif b.delprojekt is not None:
            url = b.delprojekt.get_absolute_url() + "#tidslinje"
        else:
            url = reverse("beslut:organ", args=[b.organ.typ])
        sammanhang = b.get_utfall_display()
        if b.delprojekt is not None:
            sammanhang += f" · {b.delprojekt.referens} {b.delprojekt.titel}"
        paragraf_traff = bool(k.fraga.paragraf and b.paragraf == k.fraga.paragraf_text)
        out.append(
            Traff(
                rubrik=(
                    mark_safe(f"<mark>{escape(rubrik)}</mark>")  # noqa: S308  # escaped
                    if paragraf_traff
                    else escape(rubrik)
                ),
                url=url,
                utdrag=utdrag,
                sammanhang=sammanhang,
            )
        )
    return out, len(rows) > n


def _ann(obj: object, namn: str) -> Any:
    """An annotation of a row (the models do not declare them)."""
    return getattr(obj, namn, None)


def _ser_organets_moten(k: Kontext) -> object:
    if k.roller.ser_alla:
        return Value(True)
    if k.roller.person_id is None:
        return Value(False)
    return Exists(
        Organmedlemskap.objects.current().filter(
            person_id=k.roller.person_id, organ_id=OuterRef("organ_id"), organ__aktiv=True
        )
    )


def _sammantrade(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    """Meetings by their body's name or place, or by an agenda item or § that matches."""
    pcond, paliases = _match(k, "punkt", ["rubrik", "beslutsforslag", "beslutstext"])
    if k.fraga.paragraf:
        nummer, ar = k.fraga.paragraf
        pcond |= Q(paragraf_nummer=nummer, paragraf_ar=ar)
    punkter = Dagordningspunkt.objects.alias(**paliases).filter(pcond)
    forsta = punkter.filter(sammantrade_id=OuterRef("pk")).order_by("ordning", "pk")
    extra = Q(pk__in=punkter.values("sammantrade_id"))
    if k.organ_ids:
        extra |= Q(organ_id__in=k.organ_ids)
    cond, aliases = _match(k, "sammantrade", ["plats"], extra)
    qs = (
        Sammantrade.objects.filter(organ__in=Organ.objects.filter(k.mina_organ()).values("pk"))
        .alias(**aliases)
        .filter(cond)
        .select_related("organ")
        .annotate(
            sok_rank=_rank(k, "sammantrade"),
            punkt_id=Subquery(forsta.values("pk")[:1]),
            punkt_rubrik=Subquery(forsta.values("rubrik")[:1]),
        )
    )
    rows = list(qs.order_by("-sok_rank", "-start", "-pk")[: n + 1])
    out = []
    for s in rows[:n]:
        url = reverse("sammantrade:detalj", args=[s.pk])
        if s.punkt_id:
            url += f"#punkt-{s.punkt_id}"
        utdrag_text = s.punkt_rubrik or s.plats or ""
        out.append(
            Traff(
                rubrik=escape(str(s)),
                url=url,
                utdrag=_python_markerad(utdrag_text, k.fraga),
                sammanhang=s.plats,
            )
        )
    return out, len(rows) > n


def _atgard(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    falt = ["titel", "beskrivning", "genomforbarhet", "undantrangning", "kostnad"]
    cond, aliases = _match(k, "atgard", falt)
    qs = Atgardsforslag.objects.filter(
        pk__in=_kandidater(k.synliga_projekt(Atgardsforslag.objects.all()), cond, aliases)
    ).annotate(
        sok_rank=_rank(k, "atgard"),
        dp_referens=F("delprojekt__referens"),
        dp_titel=F("delprojekt__titel"),
    )
    qs = _hl(k, qs, ["titel"], falt[1:])
    rows = list(qs.order_by("-sok_rank", "-pk")[: n + 1])
    out = []
    for a in rows[:n]:
        rubrik, utdrag = _visa(
            k,
            a,
            a.titel,
            " · ".join(
                t for t in (a.beskrivning, a.genomforbarhet, a.undantrangning, a.kostnad) if t
            ),
        )
        out.append(
            Traff(
                rubrik=rubrik,
                url=reverse("delprojekt:atgardsforslag", args=[a.dp_referens]) + f"#forslag-{a.pk}",
                utdrag=utdrag,
                sammanhang=f"{a.dp_referens} {a.dp_titel}",
            )
        )
    return out, len(rows) > n


def _person(k: Kontext, n: int) -> tuple[list[Traff], bool]:
    """People of the projects the user may see (everyone, for those who see all), linked
    to the working group where they have a role."""
    text = k.fraga.text
    extra = Q(namn__icontains=text)
    likhet: Combinable | None = None
    if k.query is not None:
        extra |= Q(TrigramWordSimilar(F("namn"), Value(text)))
        likhet = TrigramWordSimilarity(text, F("namn"))
    cond, aliases = _match(k, "person", ["namn", "titel", "profession", "organisation"], extra)
    synliga = Delprojekt.objects.filter(pk__in=k.projekt_ids or ())
    medlemskap = (
        Arbetsgruppsmedlemskap.objects.filter(person_id=OuterRef("pk"))
        .exclude(status=Nomineringsstatus.AVBOJD)
        .order_by("-delprojekt__ar", "-delprojekt__lopnummer")
    )
    if not k.roller.ser_alla:
        medlemskap = medlemskap.filter(delprojekt__in=k.projekt_ids or ())
    qs = Person.objects.all()
    if not k.roller.ser_alla:
        qs = qs.filter(
            Q(pk=k.roller.person_id or 0)
            | Exists(medlemskap)
            | Exists(synliga.filter(kontaktperson_id=OuterRef("pk")))
            | Exists(synliga.filter(forslagsstallare_id=OuterRef("pk")))
        )
    organ = Organmedlemskap.objects.current().filter(person_id=OuterRef("pk"), organ__aktiv=True)
    qs = (
        Person.objects.filter(pk__in=_kandidater(qs, cond, aliases))
        .select_related("region")
        .annotate(
            sok_rank=_rank(k, "person", likhet),
            ms_id=Subquery(medlemskap.values("pk")[:1]),
            ms_roll=Subquery(medlemskap.values("roll")[:1]),
            ms_referens=Subquery(medlemskap.values("delprojekt__referens")[:1]),
            organ_typ=Subquery(organ.order_by("organ__typ").values("organ__typ")[:1]),
            organ_namn=Subquery(organ.order_by("organ__typ").values("organ__namn")[:1]),
        )
    )
    rows = list(qs.order_by("-sok_rank", "namn", "pk")[: n + 1])
    roller = dict(Arbetsgruppsmedlemskap._meta.get_field("roll").choices or [])
    out = []
    for p in rows[:n]:
        beskrivning = ", ".join(t for t in (p.titel, p.profession, p.organisation) if t)
        if p.ms_id:
            url = reverse("delprojekt:arbetsgrupp", args=[p.ms_referens]) + f"#medlem-{p.ms_id}"
            roll = f"{roller.get(p.ms_roll, p.ms_roll)} · {p.ms_referens}"
        elif p.organ_typ and (k.roller.ser_alla or p.pk == k.roller.person_id):
            url = reverse("beslut:organ", args=[p.organ_typ])
            roll = p.organ_namn
        else:
            url, roll = "", ""
        out.append(
            Traff(
                rubrik=_python_markerad(p.namn, k.fraga, utdrag=False),
                url=url,
                utdrag=_python_markerad(beskrivning, k.fraga),
                sammanhang=" · ".join(t for t in (roll, p.region.namn if p.region else "") if t),
            )
        )
    return out, len(rows) > n


@dataclass(frozen=True)
class Slag:
    nyckel: str
    rubrik: str | Promise
    sok: Callable[[Kontext, int], tuple[list[Traff], bool]]


#: The kinds, in the order the page shows them.
SLAG: tuple[Slag, ...] = (
    Slag("projekt", gettext_lazy("Delprojekt"), _projekt),
    Slag("kapitel", gettext_lazy("Uppdrag och slutrapporter"), _kapitel),
    Slag("beslut", gettext_lazy("Beslut"), _beslut),
    Slag("sammantrade", gettext_lazy("Sammanträden"), _sammantrade),
    Slag("anteckning", gettext_lazy("Minnesanteckningar"), _anteckning),
    Slag("vagval", gettext_lazy("Vägval"), _vagval),
    Slag("atgard", gettext_lazy("Åtgärdsförslag"), _atgard),
    Slag("person", gettext_lazy("Personer"), _person),
)
SLAG_NYCKLAR = tuple(s.nyckel for s in SLAG)


def _kontext(user: Viewer, fraga: Fraga) -> Kontext:
    roller = roller_for(user)
    k = Kontext(user=user, roller=roller, fraga=fraga, query=tsquery(fraga) if _pg() else None)
    projekt_ids = (
        None
        if roller.ser_alla
        else tuple(delprojekt_visible_for(user).order_by().values_list("pk", flat=True))
    )
    return replace(k, organ_ids=_matchande_organ(k), projekt_ids=projekt_ids)


def sok(user: Viewer, q: str | None, *, slag: str | None = None) -> Sokresultat:
    """Everything the user may open that matches ``q``, grouped by kind, best first.

    With ``slag`` only that kind, with more hits. Kinds without hits are left out.
    """
    if not (q or "").strip():
        return Sokresultat(q="", meddelande=_("Skriv vad du söker efter."))
    fraga = tolka(q)
    if fraga is None:
        return Sokresultat(
            q=(q or "")[:MAX_LANGD], meddelande=_("Skriv minst en bokstav eller siffra.")
        )
    if not getattr(user, "is_authenticated", False):
        return Sokresultat(q=fraga.text)
    k = _kontext(user, fraga)
    valda = [s for s in SLAG if slag is None or s.nyckel == slag]
    n = PER_SLAG_ENSAM if slag else PER_SLAG
    grupper = []
    for s in valda:
        traffar, fler = s.sok(k, n)
        if traffar:
            grupper.append(Grupp(slag=s.nyckel, rubrik=str(s.rubrik), traffar=traffar, fler=fler))
    meddelande = "" if grupper else _("Inget som du har behörighet till matchar sökningen.")
    return Sokresultat(q=fraga.text, grupper=grupper, meddelande=meddelande)


def delprojekt_sok(user: Viewer, qs: QuerySet, q: str) -> QuerySet:
    """The portfolio's search: ``qs`` narrowed to projects matching ``q``, with
    ``sok_rank`` (full text and trigram on PostgreSQL, icontains on SQLite)."""
    fraga = tolka(q)
    if fraga is None:
        return qs.none()
    k = Kontext(
        user=user, roller=roller_for(user), fraga=fraga, query=tsquery(fraga) if _pg() else None
    )
    return _projekt_qs(k, qs)


__all__ = [
    "MAX_LANGD",
    "SLAG",
    "SLAG_NYCKLAR",
    "VEKTORER",
    "Grupp",
    "Sokresultat",
    "Traff",
    "delprojekt_sok",
    "sok",
    "sokvektor",
    "tolka",
]
