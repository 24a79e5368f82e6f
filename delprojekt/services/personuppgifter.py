"""Personal data in the register of persons: anonymisation, the register extract and
the retention rule (docs/personuppgifter.md).

What is signed or frozen stays as it was: the event log (``Handelse.aktor``), decisions,
signed protocols' attendance, frozen versions and handed-in reports are public records
and keep the name they were written with. Everything else that names the person is
replaced or cleared.
"""

from __future__ import annotations

import calendar
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from mailer.models import Message, MessageLog

from delprojekt.models import (
    NON_TERMINAL,
    TERMINAL,
    Anonymisering,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Granskningskommentar,
    Handelse,
    Kalendertoken,
    Kommentar,
    Notisinstallning,
    Notistyp,
    Notisval,
    Organmedlemskap,
    Person,
    Resursinsats,
    Sammantrade,
    Samverkan,
    Utskick,
)
from delprojekt.organisation import glom_organisationen
from delprojekt.pdf import render_pdf
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import actor_name
from delprojekt.services.notiser import notisinstallningar_stang_av
from delprojekt.types import Actor

PERM = "delprojekt.manage_personuppgifter"
HistoricalPerson = Person.history.model
#: The register extract is an archival-quality document like the others (PDF/A-3a).
PDF_VARIANT = "pdf/a-3a"
#: Who the retention command writes as, in the record of the anonymisation.
GALLRING_AKTOR = "Gallring (manage.py gallra_personuppgifter)"


def pseudonym(person_id: int) -> str:
    return _("Anonymiserad person %(id)s") % {"id": person_id}


def anonymiserat_anvandarnamn(person_id: int) -> str:
    return f"anonymiserad-{person_id}"


# --- Anonymisation ---------------------------------------------------------------------

#: The person's own fields that are cleared; ``namn`` is replaced by the pseudonym.
RENSADE_FALT = ("epost", "titel", "profession", "organisation")


def person_anonymisera(*, person: Person, user: Actor, skal: str) -> Anonymisering:
    """Replace the person's name, clear their contact details, close their account.

    Irreversible. Roles, memberships, positions and decisions stay, attached to the
    pseudonym; the historical rows of the person are rewritten too. Only the kansli.
    """
    if not user.has_perm(PERM):
        raise NotAllowed(_("Bara kansliet kan anonymisera personer."))
    skal = (skal or "").strip()
    if not skal:
        raise Invalid(
            _("Ange skälet till anonymiseringen."),
            field_errors={"skal": [_("Ange skälet till anonymiseringen.")]},
        )
    if person.user_id is not None and person.user_id == user.pk:
        raise NotAllowed(_("Du kan inte anonymisera dig själv."))
    return _anonymisera(
        person_id=person.pk,
        grund=Anonymisering.Grund.BEGARAN,
        skal=skal,
        utford_av=user,
        utford_av_namn=actor_name(user),
    )


def _anonymisera(
    *, person_id: int, grund: str, skal: str, utford_av: User | None, utford_av_namn: str
) -> Anonymisering:
    nu = timezone.now()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        if person.anonymiserad is not None:
            raise Invalid(_("Personen är redan anonymiserad."))
        namn = pseudonym(person.pk)
        person.namn = namn
        for falt in RENSADE_FALT:
            setattr(person, falt, "")
        person.anonymiserad = nu
        person._change_reason = "Anonymiserad"  # type: ignore[attr-defined]
        person.save(
            update_fields=["namn", *RENSADE_FALT, "anonymiserad"],
        )
        notisinstallningar_stang_av(person=person)
        # The history of the person copies the name and the address at every change.
        Person.history.filter(id=person.pk).update(namn=namn, **dict.fromkeys(RENSADE_FALT, ""))
        if person.user_id is not None:
            _stang_konto(person, nu)
        _rensa_utskick(person)
        record = Anonymisering.objects.create(
            person=person,
            grund=grund,
            skal=skal,
            utford_av=utford_av,
            utford_av_namn=utford_av_namn[:200],
            tidpunkt=nu,
        )
        glom_organisationen()
    return record


def _stang_konto(person: Person, nu: datetime.datetime) -> None:
    assert person.user_id is not None
    konto = User.objects.select_for_update().get(pk=person.user_id)
    gammalt = konto.username
    nytt = anonymiserat_anvandarnamn(person.pk)
    if User.objects.filter(username=nytt).exclude(pk=konto.pk).exists():
        nytt = f"{nytt}-{konto.pk}"
    konto.username = nytt
    konto.first_name = ""
    konto.last_name = ""
    konto.email = ""
    konto.is_active = False
    konto.is_staff = False
    konto.is_superuser = False
    # A new password hash also ends every session of the account (the session hash).
    konto.set_unusable_password()
    konto.save(
        update_fields=[
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ]
    )
    konto.groups.clear()
    apps.get_model("api", "ApiToken").objects.filter(user=konto, revoked_at__isnull=True).update(
        revoked_at=nu
    )
    Kalendertoken.objects.filter(user=konto).delete()
    # Login records name the account by its username.
    for logg in (AccessAttempt, AccessFailureLog, AccessLog):
        logg.objects.filter(username=gammalt).delete()


def _rensa_utskick(person: Person) -> None:
    """The outbox keeps each recipient's address; clear it, and stop mail not yet sent."""
    utskick = Utskick.objects.filter(person=person)
    message_ids = list(utskick.values_list("message_id", flat=True))
    ej_skickade = utskick.exclude(status=Utskick.Status.SKICKAD)
    Message.objects.filter(
        pk__in=ej_skickade.exclude(meddelande__isnull=True).values("meddelande_id")
    ).delete()
    ej_skickade.update(
        status=Utskick.Status.MISSLYCKAD,
        nasta_forsok=None,
        meddelande=None,
        senaste_fel=_("Mottagaren har anonymiserats; meddelandet skickas inte."),
    )
    utskick.update(adress="")
    # django-mailer's log holds the whole message, address and text included.
    MessageLog.objects.filter(message_id__in=message_ids).delete()


# --- Register extract ------------------------------------------------------------------

#: Never in an extract: secrets and their hashes.
HEMLIGA = {"password", "hashed_key", "prefix", "token_hash", "session_key", "session_hash"}

SEKTIONER: list[tuple[str, str]] = [
    ("person", "Personuppgifter"),
    ("anvandarkonto", "Användarkonto"),
    ("organmedlemskap", "Medlemskap i organ"),
    ("arbetsgrupper", "Roller i arbetsgrupper"),
    ("handelser", "Händelser där personen agerade"),
    ("kommentarer", "Kommentarer"),
    ("stallningstaganden", "Ställningstaganden"),
    ("utskick", "Utskick (e-post och aviseringar)"),
    ("api_nycklar", "API-nycklar"),
    ("inloggningar", "Inloggningar och inloggningsförsök"),
    ("historik", "Historik över personuppgifterna"),
    ("anonymisering", "Anonymisering"),
    ("ovrigt", "Övriga uppgifter som avser personen"),
    ("andringar", "Ändringar som personen har gjort (antal per register)"),
]

_MODELL_SEKTION = {
    "delprojekt.organmedlemskap": "organmedlemskap",
    "delprojekt.arbetsgruppsmedlemskap": "arbetsgrupper",
    "delprojekt.handelse": "handelser",
    "delprojekt.kommentar": "kommentarer",
    "delprojekt.granskningskommentar": "kommentarer",
    "delprojekt.stallningstagande": "stallningstaganden",
    "delprojekt.utskick": "utskick",
    "delprojekt.anonymisering": "anonymisering",
    "api.apitoken": "api_nycklar",
}


def _historisk(model: type[models.Model]) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


def _relationer() -> Iterator[tuple[type[models.Model], models.Field, type[models.Model]]]:
    """Every field of every model that points at a person or a user account."""
    for model in apps.get_models():
        if model in (Person, User):
            continue
        for f in model._meta.get_fields():
            if f.auto_created or not f.is_relation:
                continue
            if not (f.concrete or f.many_to_many):
                continue
            if f.related_model in (Person, User):
                yield model, f, f.related_model  # type: ignore[misc]


def _varde(v: Any) -> Any:
    if isinstance(v, datetime.datetime):
        return timezone.localtime(v).isoformat() if timezone.is_aware(v) else v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, FieldFile):
        return v.name or ""
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return json.loads(json.dumps(v, default=str))


def _rad(obj: models.Model, *, person: Person, referenser: dict[int, str]) -> dict[str, Any]:
    """One row as field → value. Other people appear only as "annan person"."""
    modell = type(obj)
    register = str(modell._meta.verbose_name)
    if _historisk(modell):
        register = _("historik: %(register)s") % {
            "register": modell.instance_type._meta.verbose_name  # type: ignore[attr-defined]
        }
    rad: dict[str, Any] = {"register": register, "id": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.name in HEMLIGA or f.primary_key:
            continue
        if f.is_relation:
            v = getattr(obj, f.attname)
            if f.related_model is Person:
                rad[f.name] = None if v is None else _jag_eller_annan(v == person.pk)
            elif f.related_model is User:
                rad[f.name] = None if v is None else _jag_eller_annan(v == person.user_id)
            elif f.related_model is Delprojekt and v is not None:
                rad[f.name] = referenser.get(v, v)
            else:
                rad[f.name] = v
        else:
            rad[f.name] = _varde(f.value_from_object(obj))
    return rad


def _jag_eller_annan(jag: bool) -> str:
    return _("personen själv") if jag else _("annan person")


def _konto(user: User) -> dict[str, Any]:
    return {
        "anvandarnamn": user.username,
        "fornamn": user.first_name,
        "efternamn": user.last_name,
        "epost": user.email,
        "aktivt": user.is_active,
        "personal": user.is_staff,
        "superanvandare": user.is_superuser,
        "skapat": _varde(user.date_joined),
        "senaste_inloggning": _varde(user.last_login),
        "behorighetsgrupper": sorted(g.name for g in user.groups.all()),
        "losenord": _("satt") if user.has_usable_password() else _("inget"),
    }


def _inloggningar(username: str) -> list[dict[str, Any]]:
    rader: list[dict[str, Any]] = []
    for modell, falt in (
        (AccessLog, ("attempt_time", "logout_time", "ip_address", "user_agent", "path_info")),
        (
            AccessAttempt,
            ("attempt_time", "failures_since_start", "ip_address", "user_agent", "path_info"),
        ),
        (AccessFailureLog, ("attempt_time", "locked_out", "ip_address", "user_agent", "path_info")),
    ):
        for obj in modell.objects.filter(username=username).order_by("attempt_time"):
            rad: dict[str, Any] = {"register": str(modell._meta.verbose_name), "id": obj.pk}
            rad.update({f: _varde(getattr(obj, f)) for f in falt})
            rader.append(rad)
    return rader


def registerutdrag(person: Person, *, user: Actor) -> dict[str, Any]:
    """Everything stored about one person, for a request under article 15 of the GDPR.

    Generic over the models: every row that points at the person or their account is
    included, grouped into sections; other people are shown only as "annan person".
    Only the kansli.
    """
    if not user.has_perm(PERM):
        raise NotAllowed(_("Bara kansliet kan ta ut registerutdrag."))
    person = Person.objects.select_related("region", "user").get(pk=person.pk)
    konto = person.user
    sektioner: dict[str, Any] = {key: [] for key, _rubrik in SEKTIONER}
    sektioner["person"] = {
        "id": person.pk,
        "namn": person.namn,
        "epost": person.epost,
        "titel": person.titel,
        "profession": person.profession,
        "region": person.region.namn if person.region else "",
        "organisation": person.organisation,
        "notisval": {
            i.typ: i.val for i in Notisinstallning.objects.filter(person=person).order_by("typ")
        },
        "anonymiserad": _varde(person.anonymiserad),
    }
    sektioner["anvandarkonto"] = _konto(konto) if konto else None
    sektioner["andringar"] = {}
    hittade: list[tuple[str, models.Model]] = []
    sedda: set[tuple[str, Any]] = set()
    for model, f, mal in _relationer():
        if mal is User and konto is None:
            continue
        objekt = person if mal is Person else konto
        label = model._meta.label_lower
        qs = model._default_manager.filter(**{f.name: objekt})
        if _historisk(model) and f.name == "history_user":
            antal = qs.count()
            if antal:
                sektioner["andringar"][str(model._meta.verbose_name)] = antal
            continue
        if model is HistoricalPerson:
            continue  # the section "historik", below
        for obj in qs.order_by("pk"):
            if (label, obj.pk) in sedda:
                continue
            sedda.add((label, obj.pk))
            hittade.append((label, obj))
    referenser = dict(
        Delprojekt.objects.filter(
            pk__in={
                getattr(obj, f.attname)
                for _label, obj in hittade
                for f in obj._meta.concrete_fields
                if f.is_relation and f.related_model is Delprojekt
            }
            - {None}
        ).values_list("pk", "referens")
    )
    for label, obj in hittade:
        sektioner[_MODELL_SEKTION.get(label, "ovrigt")].append(
            _rad(obj, person=person, referenser=referenser)
        )
    sektioner["historik"] = [
        _rad(h, person=person, referenser=referenser)
        for h in Person.history.filter(id=person.pk).order_by("history_date", "history_id")
    ]
    sektioner["inloggningar"] = _inloggningar(konto.username) if konto else []
    return {
        "registerutdrag": {
            "person_id": person.pk,
            "skapat": _varde(timezone.now()),
            "rubriker": dict(SEKTIONER),
        },
        **sektioner,
    }


def registerutdrag_json(utdrag: dict[str, Any]) -> str:
    return json.dumps(utdrag, ensure_ascii=False, indent=2)


#: The extract's own keys and simple-history's fields, named for the reader of the PDF
#: (the JSON keeps the field names).
_ETIKETTER = {
    "register": _("register"),
    "id": _("nummer"),
    "namn": _("namn"),
    "epost": _("e-post"),
    "notisval": _("val för notiser"),
    "anonymiserad": _("anonymiserad"),
    "anvandarnamn": _("användarnamn"),
    "fornamn": _("förnamn"),
    "efternamn": _("efternamn"),
    "aktivt": _("aktivt"),
    "personal": _("personal (administration)"),
    "superanvandare": _("superanvändare"),
    "skapat": _("skapat"),
    "senaste_inloggning": _("senaste inloggning"),
    "behorighetsgrupper": _("behörighetsgrupper"),
    "losenord": _("lösenord"),
    "history_date": _("tidpunkt för ändringen"),
    "history_type": _("ändring"),
    "history_user": _("ändrat av"),
    "history_change_reason": _("orsak"),
    "attempt_time": _("tidpunkt"),
    "logout_time": _("utloggning"),
    "ip_address": _("IP-adress"),
    "user_agent": _("webbläsare"),
    "path_info": _("adress"),
    "failures_since_start": _("misslyckade försök"),
    "locked_out": _("spärrad"),
}
_HISTORIKTYP = {"+": _("skapad"), "~": _("ändrad"), "-": _("borttagen")}


def _etiketter() -> dict[str, str]:
    """Field name → the model's Swedish verbose name, over every model (the first wins;
    a field name means the same thing across the models here)."""
    etiketter: dict[str, str] = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            etiketter.setdefault(f.name, str(f.verbose_name))
    return {**etiketter, **{k: str(v) for k, v in _ETIKETTER.items()}}


def _valmojligheter() -> dict[str, dict[str, dict[Any, str]]]:
    """Register (as the extract names it) → field → stored value → its Swedish label, for
    every field with choices; a history register reads its model's choices."""
    val: dict[str, dict[str, dict[Any, str]]] = {}
    for model in apps.get_models():
        falt = {
            f.name: {k: str(v) for k, v in f.flatchoices}
            for f in model._meta.concrete_fields
            if f.choices and f.name != "history_type"
        }
        if not falt:
            continue
        if _historisk(model):
            register = _("historik: %(register)s") % {
                "register": model.instance_type._meta.verbose_name  # type: ignore[attr-defined]
            }
        else:
            register = str(model._meta.verbose_name)
        val.setdefault(register, {}).update(falt)
    return val


def _notisval(varden: dict[str, str]) -> dict[str, str]:
    """The person's notification choices as words: kind → how."""
    typer, satt = dict(Notistyp.choices), dict(Notisval.choices)
    return {str(typer.get(k, k)): str(satt.get(v, v)) for k, v in varden.items()}


def _visa(nyckel: str, varde: Any, val: dict[Any, str] | None = None) -> Any:
    """A value as the reader of the PDF reads it: dates without microseconds and offset,
    the kind of a history row and a choice in words, lists joined."""
    if nyckel == "history_type" and varde in _HISTORIKTYP:
        return _HISTORIKTYP[varde]
    if val and isinstance(varde, (str, int)) and varde in val:
        return val[varde]
    if isinstance(varde, str) and len(varde) >= 19 and varde[10:11] == "T":
        try:
            tid = datetime.datetime.fromisoformat(varde)
        except ValueError:
            return varde
        return tid.strftime("%Y-%m-%d %H:%M")
    if isinstance(varde, dict):
        return ", ".join(f"{k}: {v}" for k, v in varde.items()) or None
    if isinstance(varde, list):
        return ", ".join(str(v) for v in varde) or None
    return varde


def registerutdrag_pdf(utdrag: dict[str, Any]) -> bytes:
    etiketter = _etiketter()
    valmojligheter = _valmojligheter()
    sektioner = []
    for key, rubrik in SEKTIONER:
        if key == "andringar":
            continue
        innehall = utdrag.get(key)
        if isinstance(innehall, dict):
            rader = [innehall] if innehall else []
        else:
            rader = list(innehall or [])
        sektioner.append(
            {
                "rubrik": rubrik,
                "rader": [
                    [
                        (
                            etiketter.get(k, k),
                            _visa(
                                k,
                                _notisval(v) if k == "notisval" else v,
                                valmojligheter.get(str(r.get("register", "")), {}).get(k),
                            ),
                        )
                        for k, v in r.items()
                    ]
                    for r in rader
                    if isinstance(r, dict)
                ],
            }
        )
    meta = utdrag["registerutdrag"]
    return render_pdf(
        "mall/registerutdrag.html",
        {
            "samverkan": Samverkan.current(),
            "dokumenttitel": _("Registerutdrag"),
            "dokumenttyp": "registerutdrag",
            "titel": utdrag["person"]["namn"],
            "referens": _("Person %(id)s") % {"id": meta["person_id"]},
            "datum": timezone.localdate(),
            "kompakt": True,
            "sektioner": sektioner,
            "andringar": list(utdrag["andringar"].items()),
        },
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )


# --- What the confirm page shows --------------------------------------------------------


@dataclass
class Oversikt:
    """What the kansli sees before anonymising: open roles and signed records."""

    oppna_projekt: list[str] = field(default_factory=list)
    aktuella_organ: list[str] = field(default_factory=list)
    justerade_protokoll: int = 0
    handelser: int = 0


def person_oversikt(person: Person) -> Oversikt:
    idag = timezone.localdate()
    oppna = (
        Delprojekt.objects.filter(status__in=NON_TERMINAL)
        .filter(Q(medlemskap__person=person) | Q(kontaktperson=person) | Q(forslagsstallare=person))
        .values_list("referens", flat=True)
        .distinct()
        .order_by("referens")
    )
    organ = (
        Organmedlemskap.objects.filter(person=person)
        .filter(Q(till__isnull=True) | Q(till__gte=idag))
        .values_list("organ__namn", flat=True)
        .order_by("organ__namn")
    )
    justerade = (
        Sammantrade.objects.filter(
            ordforande_justerat__isnull=False, justerare_justerat__isnull=False
        )
        .filter(
            Q(narvarande=person)
            | Q(ordforande=person)
            | Q(justerare=person)
            | Q(sekreterare=person)
        )
        .values("pk")
        .distinct()
        .count()
    )
    handelser = (
        Handelse.objects.filter(anvandare_id=person.user_id).count() if person.user_id else 0
    )
    return Oversikt(
        oppna_projekt=list(oppna),
        aktuella_organ=list(organ),
        justerade_protokoll=justerade,
        handelser=handelser,
    )


# --- Retention --------------------------------------------------------------------------


def manader_fore(nu: datetime.datetime, manader: int) -> datetime.datetime:
    """``nu`` moved back ``manader`` calendar months (the last day if the month is shorter)."""
    ar, manad = divmod(nu.year * 12 + nu.month - 1 - manader, 12)
    dag = min(nu.day, calendar.monthrange(ar, manad + 1)[1])
    return nu.replace(year=ar, month=manad + 1, day=dag)


def _aktiva_personer(idag: datetime.date) -> set[int]:
    """People with a role in an open project, a current body membership or an unsigned
    meeting: never eligible, whatever their last login."""
    oppen = {"delprojekt__status__in": NON_TERMINAL}
    aktiva: set[int] = set()
    aktiva.update(
        Arbetsgruppsmedlemskap.objects.filter(**oppen).values_list("person_id", flat=True)
    )
    aktiva.update(Resursinsats.objects.filter(**oppen).values_list("person_id", flat=True))
    for falt in ("kontaktperson_id", "forslagsstallare_id"):
        aktiva.update(
            Delprojekt.objects.filter(status__in=NON_TERMINAL).values_list(falt, flat=True)
        )
    aktiva.update(
        Organmedlemskap.objects.filter(Q(till__isnull=True) | Q(till__gte=idag)).values_list(
            "person_id", flat=True
        )
    )
    ojusterade = Sammantrade.objects.filter(
        Q(ordforande_justerat__isnull=True) | Q(justerare_justerat__isnull=True)
    )
    for falt in ("ordforande_id", "sekreterare_id", "justerare_id", "narvarande"):
        aktiva.update(ojusterade.values_list(falt, flat=True))
    # The follow-up's writers (the uppfoljning app builds on this one: no import).
    ansvarig = apps.get_model("uppfoljning", "Uppfoljningsansvarig")
    aktiva.update(
        ansvarig.objects.filter(omgang__delprojekt__status__in=NON_TERMINAL).values_list(
            "person_id", flat=True
        )
    )
    aktiva.discard(None)  # type: ignore[arg-type]
    return aktiva


def gallring_personer(*, grans: datetime.datetime) -> list[Person]:
    """People the retention rule anonymises: not anonymised, no role in an open project,
    no current body membership, no login and no change to their row since ``grans``."""
    idag = timezone.localdate()
    qs = (
        Person.objects.filter(anonymiserad__isnull=True)
        .exclude(pk__in=_aktiva_personer(idag))
        .annotate(
            senast_andrad=Subquery(
                Person.history.filter(id=OuterRef("pk"))
                .order_by("-history_date")
                .values("history_date")[:1]
            )
        )
        # A row without history (loaded raw, e.g. from a fixture) has no known age: kept.
        .filter(senast_andrad__lt=grans)
        .filter(
            Q(user__isnull=True)
            | (
                Q(user__is_superuser=False, user__is_staff=False, user__date_joined__lt=grans)
                & (Q(user__last_login__isnull=True) | Q(user__last_login__lt=grans))
            )
        )
        .order_by("pk")
    )
    return list(qs)


def gallring_projekt(*, grans: datetime.datetime) -> list[Delprojekt]:
    """Projects ended before ``grans`` that still hold comments (working material)."""
    return list(
        Delprojekt.objects.filter(status__in=TERMINAL, status_andrad__lt=grans)
        .filter(Q(kommentarer__isnull=False) | Q(dokument__kapitel__kommentarer__isnull=False))
        .distinct()
        .order_by("referens")
    )


@dataclass
class Gallringsresultat:
    personer: list[int] = field(default_factory=list)
    projekt: list[tuple[str, int]] = field(default_factory=list)

    @property
    def tomt(self) -> bool:
        return not self.personer and not self.projekt


def gallra(
    *, manader: int, verkstall: bool, nu: datetime.datetime | None = None
) -> Gallringsresultat:
    """Apply the retention rule; with ``verkstall=False`` only say what it would do.

    Idempotent: an anonymised person and a project without comments are not found again.
    """
    nu = nu or timezone.now()
    grans = manader_fore(nu, manader)
    resultat = Gallringsresultat()
    skal = _("Ingen roll i ett pågående delprojekt och ingen inloggning på %(n)s månader.") % {
        "n": manader
    }
    for person in gallring_personer(grans=grans):
        resultat.personer.append(person.pk)
        if verkstall:
            _anonymisera(
                person_id=person.pk,
                grund=Anonymisering.Grund.GALLRING,
                skal=skal,
                utford_av=None,
                utford_av_namn=GALLRING_AKTOR,
            )
    for dp in gallring_projekt(grans=grans):
        antal = _gallra_kommentarer(dp, verkstall=verkstall, manader=manader)
        resultat.projekt.append((dp.referens, antal))
    return resultat


def _gallra_kommentarer(dp: Delprojekt, *, verkstall: bool, manader: int) -> int:
    kommentarer = Kommentar.objects.filter(delprojekt=dp)
    granskning = Granskningskommentar.objects.filter(kapitel__dokument__delprojekt=dp)
    antal = kommentarer.count() + granskning.count()
    if not verkstall or not antal:
        return antal
    with transaction.atomic():
        k_ids = list(kommentarer.values_list("pk", flat=True))
        g_ids = list(granskning.values_list("pk", flat=True))
        kommentarer.delete()
        granskning.delete()
        # The history copies each comment's text, the deletion's row too.
        Kommentar.history.filter(id__in=k_ids).delete()
        Granskningskommentar.history.filter(id__in=g_ids).delete()
        Handelse.objects.create(
            delprojekt=dp,
            typ=Handelse.Typ.ANDRING,
            anvandare=None,
            aktor=GALLRING_AKTOR,
            text=(
                _("%(n)s kommentarer gallrades enligt regeln för personuppgifter (%(m)s månader).")
                % {"n": antal, "m": manader}
            )[:300],
        )
    return antal
