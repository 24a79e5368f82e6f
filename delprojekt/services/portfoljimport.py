"""Importing running projects from a file: onboarding an existing portfolio.

The kansli uploads a CSV or XLSX with one project per row (the columns are declared
once, in ``KOLUMNER``; the template files, the page and ``docs/import.md`` follow
them). ``portfolj_forhandsgranska`` reads the file and interprets every row without
writing anything; ``portfolj_import`` imports the rows that were previewed, all of them
or none, and only when no row has an error.

An imported project is placed directly in its state: no transition runs, so there are
no transition events and no decisions made up from transitions. It gets one event
"Importerad" carrying the imported dates, and the decisions the file names are saved as
``Beslut`` of the kind ``IMPORTERAT`` (never reported at a meeting, never numbered from
a § series; their § is the text from the file).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delprojekt.historik import set_history_user
from delprojekt.kalkylblad import Filfel, las_tabell, normalisera
from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Organ,
    Person,
    Referensserie,
    Region,
    Samverkan,
    Status,
    Ursprung,
)
from delprojekt.services.beslut import beslut_record
from delprojekt.services.delprojekt import create_documents
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.personnummer import find_personnummer
from delprojekt.types import Actor
from delprojekt.workflow import LIVSCYKEL, SPAR, Overgang

MAX_BYTES = 2 * 1024 * 1024
MAX_RADER = 500
MIN_DATUM = datetime.date(2000, 1, 1)
REFERENS = re.compile(r"([A-ZÅÄÖ0-9]+)-(\d{4})-(\d{3,})")

S = Status


@dataclass(frozen=True)
class Kolumn:
    """A column of the import file: its header, whether it must be filled, what it holds."""

    nyckel: str
    rubrik: str
    obligatorisk: bool
    beskrivning: Promise | str
    exempel: str = ""
    #: Other headers accepted for the column (compared without case and accents).
    alias: tuple[str, ...] = ()


@dataclass(frozen=True)
class Importbeslut:
    """A decision a running project may already have, taken by the body of a transition.

    ``overgang`` names the transition of the lifecycle whose body and outcome the
    decision has (nothing of the transition runs); ``annat_utfall`` gives another
    transition's outcome for a project that ended up off the main path there.
    """

    nyckel: str
    rubrik: str
    overgang: str
    annat_utfall: tuple[tuple[str, str], ...] = ()

    @property
    def datumkolumn(self) -> str:
        return f"{self.nyckel}_datum"

    @property
    def paragrafkolumn(self) -> str:
        return f"{self.nyckel}_paragraf"

    def overgang_for(self, status: str) -> str:
        return dict(self.annat_utfall).get(status, self.overgang)

    def tillaten_i(self, status: str) -> bool:
        """Whether a project in ``status`` can have taken this decision."""
        if status == S.AVBRUTEN or status in dict(self.annat_utfall):
            return True
        o = _overgang_by_name(self.overgang)
        return status in SPAR and SPAR.index(status) >= SPAR.index(o.target)


def _overgang_by_name(name: str) -> Overgang:
    return next(o for o in LIVSCYKEL if o.name == name)


BESLUT: tuple[Importbeslut, ...] = (
    Importbeslut(
        "startbeslut",
        "startbeslut",
        "starta",
        annat_utfall=((S.VILANDE, "vila"), (S.AVSLAGEN, "avsla")),
    ),
    Importbeslut("samarbetsgruppens_beslut", "samarbetsgruppens beslut", "tillstyrk"),
    Importbeslut("ledningsgruppens_beslut", "ledningsgruppens beslut", "besluta"),
    Importbeslut("namndens_beslut", "nämndens beslut", "rekommendera"),
)

KOLUMNER: tuple[Kolumn, ...] = (
    Kolumn(
        "referens",
        "referens",
        True,
        gettext_lazy(
            "Delprojektets referens, t.ex. SFBV-2024-007: samverkans prefix, året och "
            "löpnumret med minst tre siffror. Får inte redan finnas i systemet."
        ),
        "SFBV-2024-007",
    ),
    Kolumn("titel", "titel", True, gettext_lazy("Titel, högst 200 tecken."), "Höftledsartros"),
    Kolumn(
        "status",
        "status",
        True,
        gettext_lazy(
            "Var delprojektet står nu: statusens namn (t.ex. »Analys«) eller nyckel "
            "(t.ex. »analys«). Se listan över statusar."
        ),
        "Analys",
    ),
    Kolumn(
        "registrerad",
        "registrerad",
        True,
        gettext_lazy(
            "Dagen förslaget registrerades. Året måste vara referensens år. Datum skrivs "
            "ÅÅÅÅ-MM-DD (även 14/3 2024, 14.3.2024, 14 mars 2024 eller en datumcell i Excel)."
        ),
        "2024-03-14",
    ),
    Kolumn(
        "status_sedan",
        "i status sedan",
        False,
        gettext_lazy(
            "Dagen delprojektet kom till sin nuvarande status. Tom: det senaste datumet på raden."
        ),
        "2024-11-20",
    ),
    Kolumn(
        "ursprung",
        "förslaget kommer från",
        False,
        gettext_lazy("T.ex. »Ledningsgruppen« eller »Medarbetare«. Tom: »Annat«."),
        "Ledningsgruppen",
        alias=("ursprung",),
    ),
    Kolumn("syfte", "syfte", False, gettext_lazy("Syftet, fri text."), "Jämlik vård för …"),
    Kolumn("mal", "mål", False, gettext_lazy("Målet, fri text."), ""),
    Kolumn("forvantat_utfall", "förväntat utfall", False, gettext_lazy("Fri text."), ""),
    Kolumn(
        "regioner",
        "regioner",
        False,
        gettext_lazy(
            "Berörda regioner: namn eller kortnamn åtskilda med komma, t.ex. »Halland, "
            "Kronoberg« eller »alla«."
        ),
        "alla",
        alias=("berorda regioner",),
    ),
    Kolumn(
        "kontaktperson",
        "kontaktperson",
        False,
        gettext_lazy(
            "Kansliets kontaktperson: e-postadress eller hela namnet på en person som "
            "finns i systemet (måste vara entydigt)."
        ),
        "",
    ),
    Kolumn(
        "forslagsstallare",
        "förslagsställare",
        False,
        gettext_lazy("Som kontaktperson: e-postadress eller hela namnet. Tom: ingen angiven."),
        "",
    ),
    Kolumn(
        "samrad",
        "avstämt med samarbetsgruppen",
        False,
        gettext_lazy("Datum då förslaget stämdes av med samarbetsgruppen."),
        "",
    ),
    Kolumn(
        "overlamnat",
        "uppdraget överlämnat",
        False,
        gettext_lazy(
            "Datum då uppdraget överlämnades till arbetsgruppen (status Nulägesbeskrivning "
            "eller senare)."
        ),
        "2024-09-01",
    ),
    *(
        k
        for b in BESLUT
        for k in (
            Kolumn(
                b.datumkolumn,
                f"{b.rubrik} datum",
                False,
                gettext_lazy(
                    "Datum för beslutet, om det är fattat. Sparas som ett importerat beslut."
                ),
                "2024-05-02" if b.nyckel == "startbeslut" else "",
            ),
            Kolumn(
                b.paragrafkolumn,
                f"{b.rubrik} paragraf",
                False,
                gettext_lazy("Beslutets paragraf som den står i protokollet, t.ex. »§ 14/2024«."),
                "§ 14/2024" if b.nyckel == "startbeslut" else "",
                alias=(f"{b.rubrik} §",),
            ),
        )
    ),
)

_RUBRIKER: dict[str, str] = {}
for _k in KOLUMNER:
    for _namn in (_k.rubrik, _k.nyckel.replace("_", " "), *_k.alias):
        _RUBRIKER.setdefault(normalisera(_namn), _k.nyckel)
OBLIGATORISKA = [k for k in KOLUMNER if k.obligatorisk]
TEXTFALT = ("titel", "syfte", "mal", "forvantat_utfall")

_MANADER = {
    normalisera(m): i
    for i, m in enumerate(
        (
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}


# --- Cells -------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text stored between preview and import (dates as ÅÅÅÅ-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u00a0", " ").strip()


def tolka_datum(text: str) -> datetime.date | None:
    """ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD, D/M ÅÅÅÅ, D/M/ÅÅÅÅ, D.M.ÅÅÅÅ or »14 mars 2024«; else None."""
    s = " ".join(text.split())
    if len(s) > 10 and s[10:].strip() in ("00:00:00", "00:00", "T00:00:00"):
        s = s[:10]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return datetime.date.fromisoformat(s)
        if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/. ]\s?(\d{4})", s):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2}) ([^\W\d]+) (\d{4})", s):
            manad = _MANADER.get(normalisera(m[2]))
            return datetime.date(int(m[3]), manad, int(m[1])) if manad else None
    except ValueError:
        return None
    return None


# --- The file ----------------------------------------------------------------------


@dataclass
class Radresultat:
    """One row as the preview shows it: what would be created, or why not."""

    nummer: int
    referens: str
    titel: str
    status: str = ""
    status_etikett: str = ""
    regioner: list[str] = field(default_factory=list)
    kontaktperson: str = ""
    beslut: list[str] = field(default_factory=list)
    fel: list[str] = field(default_factory=list)
    varningar: list[str] = field(default_factory=list)
    #: Resolved values for the import (only when there is no error).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.fel


@dataclass
class Forhandsvisning:
    """The whole file: its rows as text (kept between preview and import), their
    results, and file-level messages."""

    rader: list[dict[str, Any]] = field(default_factory=list)
    resultat: list[Radresultat] = field(default_factory=list)
    fel: list[str] = field(default_factory=list)
    varningar: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fel and bool(self.resultat) and all(r.ok for r in self.resultat)

    @property
    def antal_fel(self) -> int:
        return sum(1 for r in self.resultat if not r.ok)

    @property
    def kontrollsumma(self) -> str:
        return kontrollsumma(self.rader)


def kontrollsumma(rader: list[dict[str, Any]]) -> str:
    """SHA-256 of the rows as kept: the import runs only on exactly what was previewed."""
    data = json.dumps(rader, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _kolumner(rubriker: list[Any]) -> tuple[dict[str, int], list[str]]:
    """Each known column's index, and the headers not recognised; ``Filfel`` when a
    column appears twice or a required one is missing."""
    kolumner: dict[str, int] = {}
    okanda: list[str] = []
    for i, rubrik in enumerate(rubriker):
        text = cell_text(rubrik)
        if not text:
            continue
        nyckel = _RUBRIKER.get(normalisera(text))
        if nyckel is None:
            okanda.append(text)
        elif nyckel in kolumner:
            raise Filfel(_("Kolumnen »%(k)s« finns två gånger.") % {"k": text})
        else:
            kolumner[nyckel] = i
    saknas = [k.rubrik for k in OBLIGATORISKA if k.nyckel not in kolumner]
    if saknas:
        raise Filfel(
            _(
                "Filen saknar kolumnen %(kolumner)s. Första raden ska ha kolumnernas rubriker "
                "som i mallen."
            )
            % {"kolumner": ", ".join(f"»{k}«" for k in saknas)}
        )
    return kolumner, okanda


def _rader_ur_fil(fil: Any) -> tuple[list[dict[str, Any]], list[str]]:
    tabell = las_tabell(fil, max_bytes=MAX_BYTES, max_rader=MAX_RADER, rubrikkontroll=_kolumner)
    kolumner, okanda = _kolumner(tabell.rubriker)
    rader = [
        {
            "nummer": nummer,
            **{
                nyckel: cell_text(cells[i]) if i < len(cells) else ""
                for nyckel, i in kolumner.items()
            },
        }
        for nummer, cells in tabell.rader
    ]
    varningar = [
        _("Kolumnen »%(k)s« känns inte igen och läses inte.") % {"k": k} for k in okanda[:10]
    ]
    return rader, varningar


# --- Interpreting the rows -----------------------------------------------------------


class _Uppslag:
    """Everything the rows are checked against, read in a fixed number of queries."""

    def __init__(self, rader: list[dict[str, Any]]) -> None:
        self.prefix = Samverkan.current().referens_prefix
        self.today = timezone.localdate()
        self.regioner: dict[str, Region] = {}
        self.alla_regioner = list(Region.objects.order_by("ordning", "namn"))
        for r in self.alla_regioner:
            for namn in (r.namn, r.kortnamn):
                self.regioner[normalisera(namn)] = r
            if normalisera(r.namn).startswith("region "):
                self.regioner.setdefault(normalisera(r.namn).removeprefix("region "), r)
        self.personer_epost: dict[str, list[Person]] = {}
        self.personer_namn: dict[str, list[Person]] = {}
        wanted = {
            normalisera(rad.get(k, ""))
            for rad in rader
            for k in ("kontaktperson", "forslagsstallare")
            if rad.get(k)
        }
        if wanted:
            for p in Person.objects.only("pk", "namn", "epost"):
                if p.epost:
                    self.personer_epost.setdefault(normalisera(p.epost), []).append(p)
                self.personer_namn.setdefault(normalisera(p.namn), []).append(p)
        self.status = {}
        for value, label in Status.choices:
            self.status[normalisera(value)] = value
            self.status[normalisera(label)] = value
        self.ursprung = {}
        for value, label in Ursprung.choices:
            self.ursprung[normalisera(value)] = value
            self.ursprung[normalisera(label)] = value
        referenser = {str(rad.get("referens", "")).strip().upper() for rad in rader}
        self.finns = set(
            Delprojekt.objects.filter(referens__in=referenser).values_list("referens", flat=True)
        )
        organtyper = {o.organ for o in (_overgang_by_name(b.overgang) for b in BESLUT) if o.organ}
        self.organ: dict[str, Organ] = {}
        for o in Organ.objects.filter(typ__in=organtyper, aktiv=True).order_by("pk"):
            self.organ.setdefault(o.typ, o)

    def person(self, text: str) -> tuple[Person | None, str | None]:
        key = normalisera(text)
        traffar = (
            self.personer_epost.get(key, []) if "@" in key else self.personer_namn.get(key, [])
        )
        if len(traffar) == 1:
            return traffar[0], None
        if not traffar:
            return None, _("ingen person i systemet med %(v)s") % {"v": f"»{text}«"}
        return None, _("flera personer i systemet matchar %(v)s – ange e-postadressen") % {
            "v": f"»{text}«"
        }


def _datum(
    rad: dict[str, Any], nyckel: str, rubrik: str, u: _Uppslag, fel: list[str]
) -> datetime.date | None:
    text = rad.get(nyckel, "")
    if not text:
        return None
    d = tolka_datum(text)
    if d is None:
        fel.append(
            _("%(k)s: datumet »%(v)s« går inte att läsa (skriv ÅÅÅÅ-MM-DD)")
            % {"k": rubrik, "v": text}
        )
        return None
    if d > u.today:
        fel.append(_("%(k)s: %(d)s ligger i framtiden") % {"k": rubrik, "d": d.isoformat()})
        return None
    if d < MIN_DATUM:
        fel.append(
            _("%(k)s: %(d)s är före %(min)s")
            % {"k": rubrik, "d": d.isoformat(), "min": MIN_DATUM.isoformat()}
        )
        return None
    return d


def _tolka_rad(rad: dict[str, Any], u: _Uppslag, sedda: dict[str, int]) -> Radresultat:
    fel: list[str] = []
    varningar: list[str] = []
    data: dict[str, Any] = {}
    referens = str(rad.get("referens", "")).strip().upper()
    titel = " ".join(str(rad.get("titel", "")).split())
    res = Radresultat(nummer=rad["nummer"], referens=referens, titel=titel)

    # Reference: the samverkan's prefix, a year and a number, new to SFBV and to the file.
    m = REFERENS.fullmatch(referens)
    if not referens:
        fel.append(_("referens saknas"))
    elif m is None or m[1] != u.prefix:
        fel.append(
            _("referensen »%(v)s« ska skrivas %(p)s-ÅÅÅÅ-NNN, t.ex. %(p)s-2024-007")
            % {"v": referens, "p": u.prefix}
        )
    else:
        ar, lopnummer = int(m[2]), int(m[3])
        if f"{u.prefix}-{ar}-{lopnummer:03d}" != referens or lopnummer == 0:
            fel.append(
                _("referensen »%(v)s« ska ha löpnumret utan extra nollor, t.ex. %(r)s")
                % {"v": referens, "r": f"{u.prefix}-{ar}-{max(lopnummer, 1):03d}"}
            )
        elif not MIN_DATUM.year <= ar <= u.today.year:
            fel.append(_("referensen »%(v)s« har ett orimligt år") % {"v": referens})
        elif referens in u.finns:
            fel.append(_("%(v)s finns redan i systemet") % {"v": referens})
        elif referens in sedda:
            fel.append(
                _("%(v)s står också på rad %(rad)s") % {"v": referens, "rad": sedda[referens]}
            )
        else:
            data.update(prefix=u.prefix, ar=ar, lopnummer=lopnummer)
        sedda.setdefault(referens, res.nummer)

    if not titel:
        fel.append(_("titel saknas"))
    elif len(titel) > 200:
        fel.append(_("titeln är längre än 200 tecken"))

    status = u.status.get(normalisera(rad.get("status", "")))
    if status is None:
        if rad.get("status"):
            fel.append(_("okänd status »%(v)s«") % {"v": rad["status"]})
        else:
            fel.append(_("status saknas"))
    else:
        res.status = status
        res.status_etikett = str(Status(status).label)

    ursprung: str = Ursprung.ANNAT
    if rad.get("ursprung"):
        found = u.ursprung.get(normalisera(rad["ursprung"]))
        if found is None:
            fel.append(_("okänt värde »%(v)s« i »förslaget kommer från«") % {"v": rad["ursprung"]})
        else:
            ursprung = found

    regioner: list[Region] = []
    text = rad.get("regioner", "")
    if normalisera(text) in ("alla", "alla regioner"):
        regioner = list(u.alla_regioner)
    else:
        for namn in (n.strip() for n in re.split(r"[,;/\n]+", text)):
            if not namn:
                continue
            r = u.regioner.get(normalisera(namn))
            if r is None:
                fel.append(_("okänd region »%(v)s«") % {"v": namn})
            elif r not in regioner:
                regioner.append(r)
    res.regioner = [r.namn for r in regioner]

    personer: dict[str, Person | None] = {}
    for nyckel, rubrik in (
        ("kontaktperson", _("kontaktperson")),
        ("forslagsstallare", _("förslagsställare")),
    ):
        personer[nyckel] = None
        if rad.get(nyckel):
            p, why = u.person(rad[nyckel])
            if why:
                fel.append(f"{rubrik}: {why}")
            personer[nyckel] = p
    res.kontaktperson = personer["kontaktperson"].namn if personer["kontaktperson"] else ""

    registrerad = _datum(rad, "registrerad", _("registrerad"), u, fel)
    if registrerad is None and not rad.get("registrerad"):
        fel.append(_("registreringsdatum saknas"))
    if registrerad and "ar" in data and registrerad.year != data["ar"]:
        fel.append(
            _("registrerad %(d)s ligger inte i referensens år %(ar)s")
            % {"d": registrerad.isoformat(), "ar": data["ar"]}
        )
    samrad = _datum(rad, "samrad", _("avstämt med samarbetsgruppen"), u, fel)
    overlamnat = _datum(rad, "overlamnat", _("uppdraget överlämnat"), u, fel)
    if (
        overlamnat
        and status
        and status != S.AVBRUTEN
        and (status not in SPAR or SPAR.index(status) < SPAR.index(S.NULAGE))
    ):
        fel.append(
            _("uppdraget kan inte vara överlämnat i status »%(s)s«") % {"s": res.status_etikett}
        )

    beslut: list[dict[str, Any]] = []
    for b in BESLUT:
        datum = _datum(rad, b.datumkolumn, f"{b.rubrik} datum", u, fel)
        paragraf = " ".join(rad.get(b.paragrafkolumn, "").split())
        if paragraf and not rad.get(b.datumkolumn):
            fel.append(_("%(b)s: paragraf utan datum") % {"b": b.rubrik})
        if len(paragraf) > 20:
            fel.append(_("%(b)s: paragrafen är längre än 20 tecken") % {"b": b.rubrik})
        if datum is None or status is None:
            continue
        if not b.tillaten_i(status):
            fel.append(
                _("%(b)s kan inte vara fattat i status »%(s)s«")
                % {"b": b.rubrik, "s": res.status_etikett}
            )
            continue
        o = _overgang_by_name(b.overgang_for(status))
        organ = u.organ.get(o.organ or "")
        if organ is None:
            fel.append(
                _("%(b)s: det finns inget organ av typen %(typ)s i systemet")
                % {"b": b.rubrik, "typ": Organ.Typ(o.organ or "").label}
            )
            continue
        if registrerad and datum < registrerad:
            fel.append(
                _("%(b)s %(d)s ligger före registreringen")
                % {"b": b.rubrik, "d": datum.isoformat()}
            )
        beslut.append({"overgang": o.name, "organ": organ, "datum": datum, "paragraf": paragraf})
        res.beslut.append(
            f"{organ.namn} {datum.isoformat()}{' ' + paragraf if paragraf else ''}: "
            f"{Beslut.Utfall(o.utfall or '').label}"
        )

    datumen = [d for d in (registrerad, samrad, overlamnat, *(b["datum"] for b in beslut)) if d]
    status_sedan = _datum(rad, "status_sedan", _("i status sedan"), u, fel)
    if status_sedan is None and not rad.get("status_sedan") and datumen:
        status_sedan = max(datumen)
    if status_sedan and datumen and status_sedan < max(datumen):
        fel.append(
            _("i status sedan %(d)s ligger före radens senaste datum %(max)s")
            % {"d": status_sedan.isoformat(), "max": max(datumen).isoformat()}
        )

    for nyckel in TEXTFALT:
        hits = find_personnummer(rad.get(nyckel, ""))
        if hits:
            rubrik = next(k.rubrik for k in KOLUMNER if k.nyckel == nyckel)
            varningar.append(
                _(
                    "%(k)s innehåller något som liknar ett personnummer (%(nr)s). "
                    "Patientuppgifter får aldrig skrivas här – ta bort uppgiften i filen."
                )
                % {"k": rubrik, "nr": ", ".join(hits)}
            )

    res.fel = fel
    res.varningar = varningar
    if not fel:
        data.update(
            referens=referens,
            titel=titel,
            status=status,
            ursprung=ursprung,
            syfte=rad.get("syfte", "").strip(),
            mal=rad.get("mal", "").strip(),
            forvantat_utfall=rad.get("forvantat_utfall", "").strip(),
            regioner=regioner,
            kontaktperson=personer["kontaktperson"],
            forslagsstallare=personer["forslagsstallare"],
            registrerad=registrerad,
            status_sedan=status_sedan,
            samrad=samrad,
            overlamnat=overlamnat,
            beslut=beslut,
        )
        res.data = data
    return res


def tolka(rader: list[dict[str, Any]]) -> list[Radresultat]:
    """Interpret every row against the database; nothing is written."""
    u = _Uppslag(rader)
    sedda: dict[str, int] = {}
    return [_tolka_rad(rad, u, sedda) for rad in rader]


def _check(user: Actor) -> None:
    if not user.has_perm("delprojekt.import_delprojekt"):
        raise NotAllowed(_("Bara kansliet kan importera delprojekt."))


def portfolj_forhandsgranska(*, user: Actor, fil: Any) -> Forhandsvisning:
    """Read an uploaded file and interpret every row, writing nothing."""
    _check(user)
    try:
        rader, varningar = _rader_ur_fil(fil)
    except Filfel as exc:
        return Forhandsvisning(fel=[str(exc)])
    return Forhandsvisning(rader=rader, resultat=tolka(rader), varningar=varningar)


def portfolj_forhandsgranska_rader(*, user: Actor, rader: list[dict[str, Any]]) -> Forhandsvisning:
    """The preview of rows kept from an earlier upload, interpreted anew."""
    _check(user)
    return Forhandsvisning(rader=rader, resultat=tolka(rader))


def _midnatt(d: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(12, 0)))


def _create(user: Actor, d: dict[str, Any]) -> Delprojekt:
    registrerad = _midnatt(d["registrerad"])
    status_sedan = _midnatt(d["status_sedan"]) if d["status_sedan"] else registrerad
    dp = Delprojekt(
        referens=d["referens"],
        prefix=d["prefix"],
        ar=d["ar"],
        lopnummer=d["lopnummer"],
        titel=d["titel"],
        ursprung=d["ursprung"],
        forslagsstallare=d["forslagsstallare"],
        syfte=d["syfte"],
        mal=d["mal"],
        forvantat_utfall=d["forvantat_utfall"],
        kontaktperson=d["kontaktperson"],
        samrad_samarbetsgrupp=d["samrad"],
        overlamnat_datum=d["overlamnat"],
        # The import places the project in its state; no transition runs.
        status=d["status"],
        status_andrad=status_sedan,
        registrerad_av=user if getattr(user, "pk", None) else None,
        skapad=registrerad,
    )
    set_history_user(dp, user)
    dp.save()
    dp.regioner.set(d["regioner"])
    create_documents(dp)

    rader: list[str] = []
    for b in d["beslut"]:
        o = _overgang_by_name(b["overgang"])
        text = o.beslutstext(b["organ"].namn, dp.titel) if o.beslutsfras else str(o.label)
        beslut = beslut_record(
            delprojekt=dp,
            organ=b["organ"],
            utfall=o.utfall or "",
            datum=b["datum"],
            beslutstext=f"{text} {_('(Importerat beslut, fattat innan systemet togs i bruk.)')}",
            user=user,
            slag=Beslut.Slag.IMPORTERAT,
            paragraf=b["paragraf"],
        )
        if o.name == "rekommendera":
            dp.namnd_beslutsdatum = beslut.datum
        rader.append(
            f"{b['organ'].namn} {b['datum'].isoformat()}"
            f"{' ' + b['paragraf'] if b['paragraf'] else ''}: {beslut.get_utfall_display()}"
        )
    if dp.namnd_beslutsdatum:
        dp.save(update_fields=["namnd_beslutsdatum"])

    datum = [_("registrerad %(d)s") % {"d": d["registrerad"].isoformat()}]
    if d["status_sedan"]:
        datum.append(_("i status sedan %(d)s") % {"d": d["status_sedan"].isoformat()})
    if d["samrad"]:
        datum.append(_("avstämt med samarbetsgruppen %(d)s") % {"d": d["samrad"].isoformat()})
    if d["overlamnat"]:
        datum.append(_("uppdraget överlämnat %(d)s") % {"d": d["overlamnat"].isoformat()})
    kommentar = ""
    if rader:
        kommentar = _("Importerade beslut:") + "\n" + "\n".join(f"– {r}" for r in rader)
    record_event(
        delprojekt=dp,
        user=user,
        typ=Handelse.Typ.IMPORTERAD,
        text=_("Importerad i status »%(status)s« (%(datum)s)")
        % {"status": dp.get_status_display(), "datum": ", ".join(datum)},
        kommentar=kommentar,
        till_status=dp.status,
    )
    return dp


def _advance_series(projekt: Iterable[Delprojekt]) -> None:
    """Move each prefix and year's series past the imported numbers, so registrations
    that follow never take a number already used."""
    hogsta: dict[tuple[str, int], int] = {}
    for dp in projekt:
        key = (dp.prefix, dp.ar)
        hogsta[key] = max(hogsta.get(key, 0), dp.lopnummer)
    for (prefix, ar), nummer in sorted(hogsta.items()):
        Referensserie.objects.bulk_create(
            [Referensserie(prefix=prefix, ar=ar, senaste=0)], ignore_conflicts=True
        )
        serie = Referensserie.objects.select_for_update().get(prefix=prefix, ar=ar)
        if serie.senaste < nummer:
            serie.senaste = nummer
            serie.save(update_fields=["senaste"])


def portfolj_import(*, user: Actor, rader: list[dict[str, Any]], kontroll: str) -> list[Delprojekt]:
    """Import the previewed rows: every one, or (on any error) none.

    ``kontroll`` is the checksum the preview showed; rows that differ from it are
    refused, and so is any row that no longer passes (a reference taken meanwhile).
    """
    _check(user)
    if not rader or kontrollsumma(rader) != kontroll:
        raise StaleState(_("Importen stämmer inte med förhandsvisningen. Ladda upp filen igen."))
    try:
        return _importera(user, rader)
    except IntegrityError as exc:
        # Two imports of the same rows at once: the second finds the references taken.
        raise StaleState(
            _("Delprojekten importerades samtidigt av någon annan. Inget importerades nu.")
        ) from exc


def _importera(user: Actor, rader: list[dict[str, Any]]) -> list[Delprojekt]:
    with transaction.atomic():
        # The series are locked first: parallel registrations wait for the import.
        prefix = Samverkan.current().referens_prefix
        ar = {a for a in (_ar_av(r) for r in rader) if a is not None}
        list(Referensserie.objects.select_for_update().filter(prefix=prefix, ar__in=ar))
        resultat = tolka(rader)
        antal_fel = sum(1 for r in resultat if not r.ok)
        if antal_fel:
            raise Invalid(
                _("Inget importerades: %(n)s rader har fel. Rätta filen och ladda upp den igen.")
                % {"n": antal_fel}
            )
        projekt = [_create(user, r.data) for r in resultat]
        _advance_series(projekt)
    return projekt


def _ar_av(rad: dict[str, Any]) -> int | None:
    m = REFERENS.fullmatch(str(rad.get("referens", "")).strip().upper())
    return int(m[2]) if m else None


# --- The template ----------------------------------------------------------------------


def mall_rader() -> list[list[str | datetime.date]]:
    """The template's example row, one cell per column (dates as dates)."""
    prefix = Samverkan.current().referens_prefix
    ar = timezone.localdate().year - 1
    rad: list[str | datetime.date] = []
    for k in KOLUMNER:
        value: str | datetime.date = k.exempel
        if k.nyckel == "referens":
            value = f"{prefix}-{ar}-001"
        elif (d := tolka_datum(k.exempel)) is not None:
            # The example's dates all fall in last year: never in the future.
            value = d.replace(year=ar)
        elif k.exempel.startswith("§"):
            value = f"§ 14/{ar}"
        rad.append(value)
    return [rad]


def mall_beskrivning() -> list[list[str]]:
    """The README sheet: each column, whether it must be filled and what it holds."""
    rows = [
        [k.rubrik, _("ja") if k.obligatorisk else _("nej"), str(k.beskrivning)] for k in KOLUMNER
    ]
    rows.append(["", "", ""])
    rows.append(
        [
            _("status"),
            "",
            _("Möjliga statusar: %(s)s.")
            % {"s": ", ".join(f"{label} ({value})" for value, label in Status.choices)},
        ]
    )
    rows.append(
        [
            _("förslaget kommer från"),
            "",
            _("Möjliga värden: %(s)s.")
            % {"s": ", ".join(str(lbl) for _v, lbl in Ursprung.choices)},
        ]
    )
    rows.append(
        [
            _("beslut"),
            "",
            _(
                "Ett beslut får bara anges om delprojektet har passerat det: startbeslut från "
                "»Uppdrag formuleras« (eller Vilande/Avslagen), samarbetsgruppens beslut från "
                "»Ledningsgruppens beslut«, ledningsgruppens beslut från »Politisk beredning«, "
                "nämndens beslut från »Beslut hos huvudmännen«. Avbrutna delprojekt kan ha alla."
            ),
        ]
    )
    return rows
