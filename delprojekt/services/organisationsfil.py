"""The organisation from a file: ``manage.py load_organisation FIL``.

A YAML or JSON file (JSON is read as YAML, of which it is a subset) describes the
samverkan (its brand, names, reference prefix, the numbers of the working method and the
chain of bodies), its regions, focus areas, bodies, people, their user accounts and
memberships. The format is in ``docs/organisation.md``; ``organisation/`` holds examples.

Loading is idempotent and all-or-nothing: the whole file is checked first and every
error is named with its line; only a file without errors is written, in one transaction.
Rows are matched on a natural key (the region's kortnamn, the body's and focus area's
name, the person's e-mail or else name, the user's username, a membership's person, body
and role), created when missing and updated when different. Nothing is deleted: a row
that is no longer in the file is left for the admin to retire.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction

from delprojekt.models import (
    Fokusomrade,
    Organ,
    Organmedlemskap,
    Person,
    Region,
    Samverkan,
)
from delprojekt.permissions import GRUPP_LASARE, GRUPP_SAMORDNARE

#: The chain's bodies in their one order; the ledningsgrupp and the nämnd are required.
KEDJANS_ORDNING = ("samarbetsgrupp", "ledningsgrupp", "politisk_styrgrupp", "namnd")
GRUPPER = (GRUPP_LASARE, GRUPP_SAMORDNARE)

SAMVERKAN_FALT = (
    "kortnamn",
    "namn",
    "sjukvardsregion",
    "namnd_namn",
    "referens_prefix",
    "min_regioner",
    "max_atgardsforslag",
    "rapport_sidor_min",
    "rapport_sidor_max",
    "forsta_uppfoljning_manader",
    "nasta_uppfoljning_manader_min",
    "nasta_uppfoljning_manader_max",
)
SAMVERKAN_KRAVS = ("kortnamn", "namn", "sjukvardsregion", "namnd_namn", "referens_prefix")
PERSON_FALT = ("namn", "epost", "titel", "profession", "region", "organisation")
PERSON_ALLA = (*PERSON_FALT, "anvandare", "administrator", "grupper", "medlemskap")
AVSNITT = ("samverkan", "regioner", "fokusomraden", "organ", "personer")


class Organisationsfel(Exception):
    """The file has errors; nothing was written. ``fel`` holds one line per error."""

    def __init__(self, fel: list[str]) -> None:
        super().__init__("\n".join(fel))
        self.fel = fel


@dataclass
class Rapport:
    """What a load did, per kind of row: created, updated and unchanged counts."""

    skapade: dict[str, int] = field(default_factory=dict)
    andrade: dict[str, int] = field(default_factory=dict)
    oforandrade: dict[str, int] = field(default_factory=dict)
    detaljer: list[str] = field(default_factory=list)

    def count(self, slag: str, utfall: str, text: str = "") -> None:
        bucket = {"skapad": self.skapade, "ändrad": self.andrade}.get(utfall, self.oforandrade)
        bucket[slag] = bucket.get(slag, 0) + 1
        if utfall in ("skapad", "ändrad"):
            self.detaljer.append(f"{utfall}: {slag} {text}")

    @property
    def andringar(self) -> int:
        return sum(self.skapade.values()) + sum(self.andrade.values())


# --- Reading: values with the line they stand on -----------------------------------


@dataclass
class Varde:
    """A value of the file and the line (1-based) it starts on."""

    varde: Any
    rad: int


def _plain(node: yaml.Node) -> Varde:
    rad = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Varde] = {}
        for key, value in node.value:
            out[str(_plain(key).varde)] = _plain(value)
        return Varde(out, rad)
    if isinstance(node, yaml.SequenceNode):
        return Varde([_plain(item) for item in node.value], rad)
    return Varde(yaml.SafeLoader("").construct_object(node), rad)


def read(text: str) -> Varde:
    """The file's content with the line of every value, or ``Organisationsfel``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        rad = f"rad {mark.line + 1}: " if mark else ""
        raise Organisationsfel([f"{rad}filen går inte att läsa: {exc.problem}"]) from None
    except yaml.YAMLError as exc:
        raise Organisationsfel([f"filen går inte att läsa: {exc}"]) from None
    if node is None:
        raise Organisationsfel(["rad 1: filen är tom"])
    return _plain(node)


# --- Checking ----------------------------------------------------------------------


class _Kontroll:
    def __init__(self) -> None:
        self.fel: list[tuple[int, str]] = []

    def __call__(self, rad: int, text: str) -> None:
        self.fel.append((rad, text))

    def mapping(self, v: Varde | None, vad: str, tillatna: tuple[str, ...]) -> dict[str, Varde]:
        if v is None:
            return {}
        if not isinstance(v.varde, dict):
            self(v.rad, f"{vad} ska vara en uppsättning nycklar och värden")
            return {}
        for key, value in v.varde.items():
            if key not in tillatna:
                self(value.rad, f"okänd nyckel »{key}« i {vad}")
        return v.varde

    def lista(self, v: Varde | None, vad: str) -> list[Varde]:
        if v is None:
            return []
        if not isinstance(v.varde, list):
            self(v.rad, f"{vad} ska vara en lista")
            return []
        return v.varde

    def text(self, m: dict[str, Varde], key: str, vad: str) -> str:
        v = m.get(key)
        if v is None or v.varde is None or v.varde == "":
            return ""
        if not isinstance(v.varde, str | int) or isinstance(v.varde, bool):
            self(v.rad, f"{key} i {vad} ska vara text")
            return ""
        return str(v.varde).strip()

    def heltal(self, m: dict[str, Varde], key: str, vad: str) -> int | None:
        v = m.get(key)
        if v is None:
            return None
        if not isinstance(v.varde, int) or isinstance(v.varde, bool) or v.varde < 1:
            self(v.rad, f"{key} i {vad} ska vara ett positivt heltal")
            return None
        return v.varde

    def sant(self, m: dict[str, Varde], key: str, vad: str) -> bool:
        v = m.get(key)
        if v is None:
            return False
        if not isinstance(v.varde, bool):
            self(v.rad, f"{key} i {vad} ska vara true eller false")
            return False
        return v.varde

    def datum(self, m: dict[str, Varde], key: str, vad: str) -> datetime.date | None:
        v = m.get(key)
        if v is None or v.varde is None:
            return None
        if isinstance(v.varde, datetime.date):
            return v.varde
        try:
            return datetime.date.fromisoformat(str(v.varde))
        except ValueError:
            self(v.rad, f"{key} i {vad} ska vara ett datum (ÅÅÅÅ-MM-DD)")
            return None


@dataclass
class Plan:
    """The file, checked: what to write."""

    samverkan: dict[str, Any]
    regioner: list[dict[str, Any]]
    fokusomraden: list[dict[str, Any]]
    organ: list[dict[str, Any]]
    personer: list[dict[str, Any]]


def check(root: Varde) -> Plan:
    """Check the whole file; ``Organisationsfel`` with every error and its line."""
    k = _Kontroll()
    top = k.mapping(root, "filen", AVSNITT)
    if root.varde is not None and isinstance(root.varde, dict) and "samverkan" not in top:
        k(1, "avsnittet samverkan saknas")

    samverkan = _check_samverkan(k, top.get("samverkan"))
    regioner: list[dict[str, Any]] = []
    kortnamn: set[str] = set()
    for i, v in enumerate(k.lista(top.get("regioner"), "regioner")):
        m = k.mapping(v, "en region", ("namn", "kortnamn"))
        r: dict[str, Any] = {
            "namn": k.text(m, "namn", "en region"),
            "kortnamn": k.text(m, "kortnamn", "en region"),
            "ordning": i,
            "rad": v.rad,
        }
        if not r["namn"] or not r["kortnamn"]:
            k(v.rad, "en region behöver namn och kortnamn")
        elif r["kortnamn"] in kortnamn:
            k(v.rad, f"regionen {r['kortnamn']} finns två gånger")
        elif len(r["kortnamn"]) > 10:
            k(v.rad, f"kortnamnet {r['kortnamn']} är längre än 10 tecken")
        kortnamn.add(r["kortnamn"])
        regioner.append(r)
    if top.get("regioner") is None and "samverkan" in top:
        k(1, "avsnittet regioner saknas")

    fokus: list[dict[str, Any]] = []
    for i, v in enumerate(k.lista(top.get("fokusomraden"), "fokusomraden")):
        m = k.mapping(v, "ett fokusområde", ("namn", "beskrivning"))
        f = {
            "namn": k.text(m, "namn", "ett fokusområde"),
            "beskrivning": k.text(m, "beskrivning", "ett fokusområde"),
            "ordning": i,
        }
        if not f["namn"]:
            k(v.rad, "ett fokusområde behöver ett namn")
        fokus.append(f)

    organ: list[dict[str, Any]] = []
    organnamn: set[str] = set()
    for v in k.lista(top.get("organ"), "organ"):
        m = k.mapping(v, "ett organ", ("namn", "typ", "region"))
        o: dict[str, Any] = {
            "namn": k.text(m, "namn", "ett organ"),
            "typ": k.text(m, "typ", "ett organ"),
            "region": k.text(m, "region", "ett organ") or None,
        }
        if not o["namn"]:
            k(v.rad, "ett organ behöver ett namn")
        elif o["namn"] in organnamn:
            k(v.rad, f"organet »{o['namn']}« finns två gånger")
        organnamn.add(o["namn"])
        if o["typ"] not in Organ.Typ.values:
            k(
                (m.get("typ") or v).rad,
                f"okänd typ »{o['typ']}« för organet »{o['namn']}« "
                f"(välj bland {', '.join(Organ.Typ.values)})",
            )
        if o["region"] and o["region"] not in kortnamn:
            k(m["region"].rad, f"regionen {o['region']} finns inte bland regionerna")
        organ.append(o)
    typer = [o["typ"] for o in organ]
    for typ in samverkan.get("kedja", ()):
        if typ not in typer:
            label = Organ.Typ(typ).label.lower()
            k(
                top["organ"].rad if "organ" in top else 1,
                f"kedjan har {label}, men inget sådant organ",
            )
    if "kansli" not in typer and top.get("organ") is not None:
        k(top["organ"].rad, "inget organ av typen kansli (kansliet driver delprojekten)")

    personer = _check_personer(k, top.get("personer"), kortnamn, organnamn)
    if k.fel:
        raise Organisationsfel([f"rad {rad}: {text}" for rad, text in sorted(k.fel)])
    return Plan(samverkan, regioner, fokus, organ, personer)


def _check_samverkan(k: _Kontroll, v: Varde | None) -> dict[str, Any]:
    m = k.mapping(v, "samverkan", (*SAMVERKAN_FALT, "kedja"))
    out: dict[str, Any] = {}
    for key in SAMVERKAN_FALT[:5]:
        out[key] = k.text(m, key, "samverkan")
        if v is not None and not out[key] and key in SAMVERKAN_KRAVS:
            k(v.rad, f"samverkan saknar {key}")
    for key in SAMVERKAN_FALT[5:]:
        tal = k.heltal(m, key, "samverkan")
        if tal is not None:
            out[key] = tal
    kedja_v = m.get("kedja")
    kedja = [str(x.varde) for x in k.lista(kedja_v, "kedja")]
    if kedja_v is not None:
        okanda = [x for x in kedja if x not in KEDJANS_ORDNING]
        if okanda:
            k(kedja_v.rad, f"okänt organ i kedjan: {', '.join(okanda)}")
        elif "ledningsgrupp" not in kedja or "namnd" not in kedja:
            k(kedja_v.rad, "kedjan måste ha ledningsgrupp och namnd")
        elif kedja != [x for x in KEDJANS_ORDNING if x in kedja] or len(set(kedja)) != len(kedja):
            k(kedja_v.rad, f"kedjans ordning är {', '.join(KEDJANS_ORDNING)}")
        out["kedja"] = kedja
        out["med_samarbetsgrupp"] = "samarbetsgrupp" in kedja
        out["med_politisk_beredning"] = "politisk_styrgrupp" in kedja
    if v is not None:
        # The model's own rules (the reference prefix's letters, min ≤ max …).
        probe = Samverkan(**{key: val for key, val in out.items() if key != "kedja"})
        try:
            probe.full_clean(
                exclude=[key for key in SAMVERKAN_KRAVS if not out.get(key)],
                validate_unique=False,
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                # min ≤ max: the line of whichever of the pair the file gives.
                par = [x for x in m if x.rsplit("_", 1)[0] == key.rsplit("_", 1)[0]]
                rad = m[key].rad if key in m else (m[par[0]].rad if par else v.rad)
                for message in messages:
                    k(rad, f"{key} i samverkan: {message}")
    return out


def _check_personer(
    k: _Kontroll, v: Varde | None, kortnamn: set[str], organnamn: set[str]
) -> list[dict[str, Any]]:
    personer: list[dict[str, Any]] = []
    nycklar: set[str] = set()
    anvandare: set[str] = set()
    for pv in k.lista(v, "personer"):
        m = k.mapping(pv, "en person", PERSON_ALLA)
        p: dict[str, Any] = {key: k.text(m, key, "en person") for key in PERSON_FALT}
        p["rad"] = pv.rad
        if not p["namn"]:
            k(pv.rad, "en person behöver ett namn")
        if p["epost"]:
            try:
                validate_email(p["epost"])
            except ValidationError:
                k(m["epost"].rad, f"»{p['epost']}« är ingen giltig e-postadress")
        nyckel = p["epost"].lower() or p["namn"]
        if nyckel and nyckel in nycklar:
            k(pv.rad, f"personen {p['namn']} ({nyckel}) finns två gånger")
        nycklar.add(nyckel)
        if p["region"] and p["region"] not in kortnamn:
            k(m["region"].rad, f"regionen {p['region']} finns inte bland regionerna")
        p["anvandare"] = k.text(m, "anvandare", "en person")
        if p["anvandare"] in anvandare:
            k(m["anvandare"].rad, f"användarnamnet {p['anvandare']} finns två gånger")
        if p["anvandare"]:
            anvandare.add(p["anvandare"])
        p["administrator"] = k.sant(m, "administrator", "en person")
        p["grupper"] = []
        for g in k.lista(m.get("grupper"), "grupper"):
            if g.varde not in GRUPPER:
                k(g.rad, f"okänd grupp »{g.varde}« (välj bland {', '.join(GRUPPER)})")
            p["grupper"].append(str(g.varde))
        if (p["grupper"] or p["administrator"]) and not p["anvandare"]:
            k(pv.rad, f"{p['namn']} har grupper eller administratörsrätt men inget användarnamn")
        p["medlemskap"] = []
        for mv in k.lista(m.get("medlemskap"), "medlemskap"):
            mm = k.mapping(mv, "ett medlemskap", ("organ", "roll", "fran", "till"))
            ms: dict[str, Any] = {
                "organ": k.text(mm, "organ", "ett medlemskap"),
                "roll": k.text(mm, "roll", "ett medlemskap") or Organmedlemskap.Roll.LEDAMOT,
                "fran": k.datum(mm, "fran", "ett medlemskap"),
                "till": k.datum(mm, "till", "ett medlemskap"),
            }
            if ms["organ"] not in organnamn:
                k(mv.rad, f"organet »{ms['organ']}« finns inte bland organen")
            if ms["roll"] not in Organmedlemskap.Roll.values:
                roller = ", ".join(Organmedlemskap.Roll.values)
                k(mv.rad, f"okänd roll »{ms['roll']}« (välj bland {roller})")
            if ms["fran"] and ms["till"] and ms["till"] < ms["fran"]:
                k(mv.rad, "medlemskapet slutar innan det börjar")
            p["medlemskap"].append(ms)
        personer.append(p)
    return personer


# --- Writing -----------------------------------------------------------------------


def _upsert(
    rapport: Rapport,
    slag: str,
    model: type[models.Model],
    nyckel: dict[str, Any],
    varden: dict[str, Any],
) -> Any:
    obj = model._default_manager.filter(**nyckel).first() if nyckel else None
    if obj is None:
        obj = model._default_manager.create(**nyckel, **varden)
        rapport.count(slag, "skapad", str(obj))
        return obj
    andrade = [key for key, value in varden.items() if getattr(obj, key) != value]
    if andrade:
        for key in andrade:
            setattr(obj, key, varden[key])
        obj.save(update_fields=andrade)
        rapport.count(slag, "ändrad", f"{obj} ({', '.join(andrade)})")
    else:
        rapport.count(slag, "oförändrad")
    return obj


def write(plan: Plan) -> Rapport:
    """Create or update every row of the plan (inside the caller's transaction)."""
    rapport = Rapport()
    s = dict(plan.samverkan)
    s.pop("kedja", None)
    befintlig = Samverkan.objects.order_by("pk").first()
    nyckel = {"pk": befintlig.pk} if befintlig else {}
    _upsert(rapport, "samverkan", Samverkan, nyckel, s)

    regioner = {
        r["kortnamn"]: _upsert(
            rapport,
            "region",
            Region,
            {"kortnamn": r["kortnamn"]},
            {"namn": r["namn"], "ordning": r["ordning"]},
        )
        for r in plan.regioner
    }
    for f in plan.fokusomraden:
        _upsert(
            rapport,
            "fokusområde",
            Fokusomrade,
            {"namn": f["namn"]},
            {"beskrivning": f["beskrivning"], "ordning": f["ordning"]},
        )
    organ = {
        o["namn"]: _upsert(
            rapport,
            "organ",
            Organ,
            {"namn": o["namn"]},
            {"typ": o["typ"], "region": regioner.get(o["region"] or ""), "aktiv": True},
        )
        for o in plan.organ
    }
    grupper = {g: Group.objects.get_or_create(name=g)[0] for g in GRUPPER}
    fel: list[str] = []
    for p in plan.personer:
        user = _user(rapport, p, grupper)
        varden = {key: p[key] for key in ("namn", "titel", "profession", "organisation")}
        varden["epost"] = p["epost"]
        varden["region"] = regioner.get(p["region"])
        if user is not None:
            varden["user"] = user
        nyckel = {"epost__iexact": p["epost"]} if p["epost"] else {"namn": p["namn"]}
        person = Person.objects.filter(**nyckel).order_by("pk").first()
        andra = Person.objects.filter(user=user) if user is not None else Person.objects.none()
        if person is not None:
            andra = andra.exclude(pk=person.pk)
        if andra.exists():
            fel.append(
                f"rad {p['rad']}: användaren {p['anvandare']} hör redan till en annan person"
            )
            continue
        person = _upsert(
            rapport,
            "person",
            Person,
            {"pk": person.pk} if person else {},
            varden,
        )
        for ms in p["medlemskap"]:
            _upsert(
                rapport,
                "medlemskap",
                Organmedlemskap,
                {"person": person, "organ": organ[ms["organ"]], "roll": ms["roll"]},
                {"fran": ms["fran"], "till": ms["till"]},
            )
    if fel:
        # Raised inside the transaction: nothing of the file is kept.
        raise Organisationsfel(fel)
    return rapport


def _user(rapport: Rapport, p: dict[str, Any], grupper: dict[str, Group]) -> Any:
    if not p["anvandare"]:
        return None
    user_model = get_user_model()
    first, _sep, last = p["namn"].partition(" ")
    user = user_model.objects.filter(username=p["anvandare"]).first()
    varden = {
        "first_name": first,
        "last_name": last,
        "email": p["epost"],
        "is_staff": p["administrator"],
        "is_superuser": p["administrator"],
    }
    if user is None:
        user = user_model(username=p["anvandare"], **varden)
        # Signing in is set up apart (a password reset, or the identity provider).
        user.set_unusable_password()
        user.save()
        rapport.count("användare", "skapad", p["anvandare"])
    else:
        andrade = [key for key, value in varden.items() if getattr(user, key) != value]
        for key in andrade:
            setattr(user, key, varden[key])
        if andrade:
            user.save(update_fields=andrade)
        rapport.count(
            "användare",
            "ändrad" if andrade else "oförändrad",
            f"{p['anvandare']} ({', '.join(andrade)})",
        )
    onskade = {grupper[g] for g in p["grupper"]}
    har = set(user.groups.filter(name__in=GRUPPER))
    if onskade != har:
        user.groups.remove(*(har - onskade))
        user.groups.add(*(onskade - har))
        rapport.count("gruppmedlemskap", "ändrad", p["anvandare"])
    return user


def organisation_load(path: Path | str) -> Rapport:
    """Check the file at ``path`` whole, then write it in one transaction."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Organisationsfel([f"filen {path} går inte att läsa: {exc}"]) from None
    return organisation_load_text(text)


def organisation_load_text(text: str) -> Rapport:
    plan = check(read(text))
    with transaction.atomic():
        return write(plan)
