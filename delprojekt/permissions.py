"""Who may do what: every permission is a predicate here, used by views, services and templates.

A user's roles come from their body memberships (kansli, ledningsgrupp,
samarbetsgrupp, politisk styrgrupp, nämnd) and two Django groups for roles that
are not a body ("Läsare", "Regional samordnare"). Project roles come from the
working-group memberships and the project's contact person. Both are computed
once per request and cached on the objects, so lists never query per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import rules
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt import workflow
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Nomineringsstatus,
    Notis,
    Organ,
    Organmedlemskap,
    Person,
    Sammantrade,
)
from delprojekt.types import Viewer

GRUPP_LASARE = "Läsare"
GRUPP_SAMORDNARE = "Regional samordnare"


@dataclass(frozen=True)
class Roller:
    #: The user's person in the register (``None``: an account without one).
    person_id: int | None = None
    person_namn: str = ""
    #: The person's unread notifications, for the header.
    olasta_notiser: int = 0
    kansli: bool = False
    ledningsgrupp: bool = False
    samarbetsgrupp: bool = False
    politisk: bool = False
    samordnare_region_id: int | None = None
    lasare: bool = False
    admin: bool = False
    organ_typer: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def person(self) -> Person | None:
        """The user's person, read when a page or service needs more than id and name."""
        if self.person_id is None:
            return None
        return Person.objects.select_related("region").filter(pk=self.person_id).first()

    @property
    def ser_alla(self) -> bool:
        """Roles that may read every delprojekt in the portfolio."""
        return (
            self.admin
            or self.kansli
            or self.ledningsgrupp
            or self.samarbetsgrupp
            or self.politisk
            or self.lasare
            or self.samordnare_region_id is not None
        )

    def etiketter(self) -> list[str]:
        labels = []
        if self.kansli:
            labels.append(_("Kansli"))
        if self.ledningsgrupp:
            labels.append(_("Ledningsgrupp"))
        if self.samarbetsgrupp:
            labels.append(_("Samarbetsgrupp"))
        if Organ.Typ.POLITISK_STYRGRUPP in self.organ_typer:
            labels.append(_("Politisk styrgrupp"))
        if Organ.Typ.NAMND in self.organ_typer:
            labels.append(_("Nämnd"))
        if self.samordnare_region_id is not None:
            labels.append(_("Regional samordnare"))
        if self.lasare:
            labels.append(_("Läsare"))
        if self.admin:
            labels.append(_("Administratör"))
        return labels


#: What stands for the user and the day in the compiled roles query (``_roller_fraga``).
_ANVANDARE = -7_340_219
_DAG = datetime.date(1901, 2, 3)
#: The roles query compiled once per database connection alias: (SQL, parameters).
_ROLLER_SQL: dict[str, tuple[str, tuple[object, ...]]] = {}


def _roller_fraga(user_id: int, dag: datetime.date) -> tuple[str, list[Any]]:
    """The roles query for ``user_id`` on ``dag``: the user's person
    ("id:region:unread notifications:name"),
    the bodies the person belongs to and the user's Django groups, as rows of (source,
    value) in one query.

    Declared with the ORM (the memberships' ``current()`` is the one definition of a
    current membership) and compiled once per process: building and compiling it cost
    more than running it, on every page. The user and the day are stand-ins in the
    compiled parameters, replaced on each call."""
    alias = connection.alias
    if alias not in _ROLLER_SQL:
        # The person's unread notifications: a subquery on a partial index (notis_olast).
        olasta = (
            Notis.objects.filter(person=OuterRef("pk"), last__isnull=True)
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        person = (
            Person.objects.filter(user_id=_ANVANDARE)
            .annotate(
                kalla=Value("person"),
                varde=Concat(
                    Cast("pk", CharField()),
                    Value(":"),
                    Coalesce(Cast("region_id", CharField()), Value("")),
                    Value(":"),
                    Coalesce(Cast(Subquery(olasta), CharField()), Value("0")),
                    Value(":"),
                    "namn",
                ),
            )
            .values_list("kalla", "varde")
            .order_by()
        )
        organ = (
            Organmedlemskap.objects.current(on=_DAG)
            .filter(person__user_id=_ANVANDARE, organ__aktiv=True)
            .annotate(kalla=Value("organ"))
            .values_list("kalla", "organ__typ")
            .order_by()
        )
        grupp = (
            Group.objects.filter(user__id=_ANVANDARE)
            .annotate(kalla=Value("grupp"))
            .values_list("kalla", "name")
            .order_by()
        )
        kompilerad, parametrar = person.union(organ, grupp, all=True).query.sql_with_params()
        _ROLLER_SQL[alias] = (kompilerad, tuple(parametrar))
    sql, mall = _ROLLER_SQL[alias]
    params: list[Any] = []
    for p in mall:
        if p == _ANVANDARE:
            params.append(user_id)
        elif p == _DAG:
            params.append(dag)
        elif p == str(_DAG):  # a backend that passes dates as text (SQLite)
            params.append(dag.isoformat())
        else:
            params.append(p)
    return sql, params


def roller_for(user: Viewer) -> Roller:
    """The user's roles, computed once and cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return Roller()
    cached = getattr(user, "_sfbv_roller", None)
    if cached is not None:
        return cached
    sql, params = _roller_fraga(user.pk, timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rader = cursor.fetchall()
    typer: set[str] = set()
    grupper: set[str] = set()
    person_id: int | None = None
    person_namn = ""
    olasta_notiser = 0
    region_id: int | None = None
    for kalla, varde in rader:
        if kalla == "person":
            pk, region, olasta_text, person_namn = varde.split(":", 3)
            person_id = int(pk)
            olasta_notiser = int(olasta_text)
            region_id = int(region) if region else None
        else:
            (typer if kalla == "organ" else grupper).add(varde)
    samordnare_region = region_id if GRUPP_SAMORDNARE in grupper else None
    roller = Roller(
        person_id=person_id,
        person_namn=person_namn,
        olasta_notiser=olasta_notiser,
        kansli=Organ.Typ.KANSLI in typer,
        ledningsgrupp=Organ.Typ.LEDNINGSGRUPP in typer,
        samarbetsgrupp=Organ.Typ.SAMARBETSGRUPP in typer,
        politisk=bool({Organ.Typ.NAMND, Organ.Typ.POLITISK_STYRGRUPP} & typer),
        samordnare_region_id=samordnare_region,
        lasare=GRUPP_LASARE in grupper,
        admin=bool(getattr(user, "is_superuser", False)),
        organ_typer=frozenset(typer),
    )
    user._sfbv_roller = roller  # type: ignore[attr-defined]  # a per-request cache
    return roller


def projektroller(user: Viewer, delprojekt: Delprojekt) -> frozenset[str]:
    """The user's roles in one project: working-group roles, kontaktperson, förslagsställare."""
    roller = roller_for(user)
    if roller.person_id is None:
        return frozenset()
    cache = delprojekt.__dict__.setdefault("_projektroller", {})
    if roller.person_id in cache:
        return cache[roller.person_id]
    result = set(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt, person_id=roller.person_id)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .values_list("roll", flat=True)
    )
    if delprojekt.kontaktperson_id == roller.person_id:
        result.add(ArbetsgruppRoll.KONTAKTPERSON)
    if delprojekt.forslagsstallare_id == roller.person_id:
        result.add("forslagsstallare")
    cache[roller.person_id] = frozenset(result)
    return cache[roller.person_id]


def delprojekt_visible_for(user: Viewer, queryset: QuerySet | None = None) -> QuerySet:
    """The projects a user may know exist. Everyone else's answer 404."""
    qs = queryset if queryset is not None else Delprojekt.objects.all()
    roller = roller_for(user)
    if roller.ser_alla:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = Q(registrerad_av=user)
    if roller.person_id is not None:
        own |= (
            Q(forslagsstallare_id=roller.person_id)
            | Q(kontaktperson_id=roller.person_id)
            | Q(
                pk__in=Arbetsgruppsmedlemskap.objects.current()
                .filter(person_id=roller.person_id)
                .exclude(status=Nomineringsstatus.AVBOJD)
                .values("delprojekt_id")
            )
        )
    return qs.filter(own)


# --- Predicates -------------------------------------------------------------------


@rules.predicate
def is_kansli(user: Viewer) -> bool:
    roller = roller_for(user)
    return roller.kansli or roller.admin


@rules.predicate
def is_ledningsgrupp(user: Viewer) -> bool:
    return roller_for(user).ledningsgrupp


@rules.predicate
def sees_all(user: Viewer) -> bool:
    return roller_for(user).ser_alla


@rules.predicate
def has_person(user: Viewer) -> bool:
    return roller_for(user).person_id is not None


@rules.predicate
def has_project_role(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    if delprojekt is None:
        return False
    if getattr(delprojekt, "registrerad_av_id", None) == getattr(user, "pk", object()):
        return True
    return bool(projektroller(user, delprojekt))


@rules.predicate
def is_contact_person(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    if delprojekt is None:
        return False
    person_id = roller_for(user).person_id
    return person_id is not None and delprojekt.kontaktperson_id == person_id


@rules.predicate
def is_ordforande(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    return delprojekt is not None and ArbetsgruppRoll.ORDFORANDE in projektroller(user, delprojekt)


@rules.predicate
def is_open(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    return delprojekt is not None and not delprojekt.is_terminal


can_view = sees_all | has_project_role
can_edit = is_open & (is_kansli | is_contact_person)

rules.add_perm("delprojekt.view_delprojekt", can_view)
rules.add_perm("delprojekt.register_delprojekt", rules.is_authenticated)
rules.add_perm("delprojekt.register_on_behalf", is_kansli)
rules.add_perm("delprojekt.import_delprojekt", is_kansli)
rules.add_perm("delprojekt.change_delprojekt", can_edit)
rules.add_perm("delprojekt.edit_uppdrag", can_edit)
rules.add_perm("delprojekt.manage_arbetsgrupp", can_edit)
rules.add_perm("delprojekt.record_position", is_open & (is_kansli | is_ledningsgrupp))

# Transitions, from the lifecycle's declaration. Decisions of a body are recorded by
# the kansli (the secretariat); the working group moves its own work forward through
# the chair.
_BEHORIGHET = {workflow.KANSLI: is_kansli, workflow.GRUPP: is_kansli | is_ordforande}
for _o in workflow.LIVSCYKEL:
    rules.set_perm(f"delprojekt.{_o.name}", _BEHORIGHET[_o.behorighet])


@rules.predicate
def is_samordnare(user: Viewer) -> bool:
    return roller_for(user).samordnare_region_id is not None


@rules.predicate
def is_skribent(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    return delprojekt is not None and ArbetsgruppRoll.SKRIBENT in projektroller(user, delprojekt)


# Regional coordinators register their own region's decision (the service checks the region).
rules.add_perm("delprojekt.record_huvudmannabeslut", is_open & (is_kansli | is_samordnare))
rules.add_perm("delprojekt.edit_slutrapport", is_open & (is_kansli | is_ordforande | is_skribent))


# --- The working group's own records (uppdrag, formation, minnesanteckningar …) -------


@rules.predicate
def is_processledare(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    return delprojekt is not None and ArbetsgruppRoll.PROCESSLEDARE in projektroller(
        user, delprojekt
    )


@rules.predicate
def is_group_member(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    """Anyone with a current role in the working group (not the förslagsställare as such)."""
    return delprojekt is not None and bool(projektroller(user, delprojekt) - {"forslagsstallare"})


@rules.predicate
def members_may_write_notes(user: Viewer, delprojekt: Delprojekt | None) -> bool:
    return delprojekt is not None and delprojekt.medlemmar_skriver_anteckningar


leads_group = is_ordforande | is_processledare

# The kansli may do everything; the chair and the process leader run the group's records
# and propose members; members read everything of their project, comment, and write
# meeting notes when the chair allows it.
rules.add_perm("delprojekt.edit_grupparbete", is_open & (is_kansli | leads_group))
rules.add_perm(
    "delprojekt.nominate_member", is_open & (is_kansli | is_contact_person | leads_group)
)
rules.add_perm(
    "delprojekt.write_minnesanteckning",
    is_open & (is_kansli | leads_group | (is_group_member & members_may_write_notes)),
)
rules.add_perm("delprojekt.set_anteckningsratt", is_open & (is_kansli | is_ordforande))
rules.add_perm("delprojekt.comment", is_open & (is_kansli | has_project_role))
rules.add_perm("delprojekt.export_arbetsgrupp", is_kansli | is_contact_person)
# The archive package of an ended project (the state is checked by the service).
rules.add_perm("delprojekt.download_arkivpaket", is_kansli)
rules.add_perm("delprojekt.amend_uppdrag", is_open & is_kansli)
rules.add_perm("delprojekt.answer_stod", is_open & is_kansli)
# The kansli logs its contacts with bodies that know the area while preparing a proposal.
rules.add_perm("delprojekt.edit_beredningskontakt", is_open & is_kansli)

# The kansli's overview of projects without recent contact with the line organisation.
rules.add_perm("delprojekt.view_forankring_oversikt", is_kansli)
# The outbox: who was sent what, and what could not be sent.
rules.add_perm("delprojekt.view_utskick", is_kansli)
# Personal data: the register extract and the anonymisation (docs/personuppgifter.md).
rules.add_perm("delprojekt.manage_personuppgifter", is_kansli)


# --- Decision queues, meetings and protocols ------------------------------------------


def _person_id(user: Viewer) -> int | None:
    return roller_for(user).person_id


@rules.predicate
def is_member_of_organ(user: Viewer, organ: Organ | None) -> bool:
    """A current member of this body (any role in it)."""
    person_id = _person_id(user)
    if organ is None or person_id is None:
        return False
    cache = getattr(user, "_sfbv_organ_ids", None)
    if cache is None:
        cache = set(
            Organmedlemskap.objects.current()
            .filter(person_id=person_id, organ__aktiv=True)
            .values_list("organ_id", flat=True)
        )
        user._sfbv_organ_ids = cache  # type: ignore[union-attr]  # a per-request cache
    return organ.pk in cache


@rules.predicate
def is_meeting_secretary(user: Viewer, sammantrade: object | None) -> bool:
    person_id = _person_id(user)
    return person_id is not None and getattr(sammantrade, "sekreterare_id", None) == person_id


@rules.predicate
def is_meeting_chair(user: Viewer, sammantrade: object | None) -> bool:
    person_id = _person_id(user)
    return person_id is not None and getattr(sammantrade, "ordforande_id", None) == person_id


@rules.predicate
def is_meeting_justerare(user: Viewer, sammantrade: object | None) -> bool:
    person_id = _person_id(user)
    return person_id is not None and getattr(sammantrade, "justerare_id", None) == person_id


@rules.predicate
def is_member_of_meeting_body(user: Viewer, sammantrade: Sammantrade | None) -> bool:
    return sammantrade is not None and is_member_of_organ(user, sammantrade.organ)


# A body's queue and meetings: the kansli, the body's members and everyone who reads all.
rules.add_perm("delprojekt.view_beslutsko", is_kansli | sees_all | is_member_of_organ)
rules.add_perm("delprojekt.add_sammantrade", is_kansli)
rules.add_perm("delprojekt.view_sammantrade", is_kansli | sees_all | is_member_of_meeting_body)
# The kansli prepares meetings; the meeting's secretary writes its protocol.
rules.add_perm("delprojekt.manage_sammantrade", is_kansli | is_meeting_secretary)
rules.add_perm("delprojekt.justera", is_meeting_chair | is_meeting_justerare)
rules.add_perm("delprojekt.edit_beslutsforslag", is_open & is_kansli)
rules.add_perm("delprojekt.view_regionbeslut_oversikt", is_kansli | sees_all)
rules.add_perm("delprojekt.export_beslutsregister", is_kansli | sees_all)
