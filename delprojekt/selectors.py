"""Reads that need joins: the portfolio and a project's page, with bounded queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.dates import add_months
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Dokument,
    Handelse,
    Kapitel,
    Nomineringsstatus,
    Status,
    Vagval,
)
from delprojekt.organisation import organisation
from delprojekt.permissions import delprojekt_visible_for, roller_for
from delprojekt.sok import delprojekt_sok
from delprojekt.types import Actor, Viewer
from delprojekt.workflow import FASER, spar
from delprojekt.workflow import SPAR as SPAR_ALLA


def _with_ordforande(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(
        Prefetch(
            "medlemskap",
            queryset=Arbetsgruppsmedlemskap.objects.current()
            .filter(roll=ArbetsgruppRoll.ORDFORANDE)
            .exclude(status=Nomineringsstatus.AVBOJD)
            .select_related("person"),
            to_attr="ordforanden",
        )
    )


def delprojekt_mine(user: Actor, qs: QuerySet | None = None) -> QuerySet:
    """Projects where the user has a role: contact person, in the working group (chair,
    member, any role not declined), writer of a chapter or main writer of a document,
    proposer, registrar, or (for a regional coordinator) a project of their region.
    Each row carries what ``mina_roller`` needs, without a query per row."""
    qs = qs if qs is not None else Delprojekt.objects.all()
    roller = roller_for(user)
    person_id = roller.person_id
    cond = Q(registrerad_av=user)
    if person_id is not None:
        skribent = Exists(
            Kapitel.objects.filter(dokument__delprojekt=OuterRef("pk"), skribent_id=person_id)
        ) | Exists(Dokument.objects.filter(delprojekt=OuterRef("pk"), huvudansvarig_id=person_id))
        qs = qs.annotate(min_skribent=skribent).prefetch_related(
            Prefetch(
                "medlemskap",
                queryset=Arbetsgruppsmedlemskap.objects.current()
                .filter(person_id=person_id)
                .exclude(status=Nomineringsstatus.AVBOJD),
                to_attr="mina_medlemskap",
            )
        )
        cond |= (
            Q(kontaktperson_id=person_id)
            | Q(forslagsstallare_id=person_id)
            | Q(min_skribent=True)
            | Q(
                pk__in=Arbetsgruppsmedlemskap.objects.current()
                .filter(person_id=person_id)
                .exclude(status=Nomineringsstatus.AVBOJD)
                .values("delprojekt_id")
            )
        )
    if roller.samordnare_region_id is not None:
        cond |= Q(
            pk__in=Delprojekt.regioner.through.objects.filter(
                region_id=roller.samordnare_region_id
            ).values("delprojekt_id")
        )
    return qs.filter(cond)


def mina_roller(user: Actor, dp: Delprojekt) -> list[str]:
    """The user's roles in a row of ``delprojekt_mine`` (read from its annotations)."""
    roller = roller_for(user)
    person_id = roller.person_id
    out: list[str] = []
    if person_id is not None and dp.kontaktperson_id == person_id:
        out.append(str(ArbetsgruppRoll.KONTAKTPERSON.label))
    for m in getattr(dp, "mina_medlemskap", []):
        label = str(ArbetsgruppRoll(m.roll).label) if m.roll in ArbetsgruppRoll.values else m.roll
        if m.status != Nomineringsstatus.UTSEDD:
            label = f"{label} ({m.get_status_display().lower()})"
        if label not in out:
            out.append(label)
    if getattr(dp, "min_skribent", False) and str(ArbetsgruppRoll.SKRIBENT.label) not in out:
        out.append(_("Skriver i rapporten"))
    if person_id is not None and dp.forslagsstallare_id == person_id:
        out.append(_("Förslagsställare"))
    if not out and roller.samordnare_region_id is not None:
        out.append(_("Regional samordnare"))
    if not out and dp.registrerad_av_id == getattr(user, "pk", None):
        out.append(_("Registrerade förslaget"))
    return out


#: Long texts the portfolio never shows, left in the table.
_PORTFOLIO_DEFER = (
    "underlag",
    "syfte",
    "mal",
    "forvantat_utfall",
    "samrad_notering",
    "utan_patientrepresentant",
    "kostnadsuppskattning",
    "beslutsforslag",
)


def delprojekt_portfolio(user: Actor, *, filters: dict[str, Any], mine: bool = False) -> QuerySet:
    """The projects the user may see, filtered (``region``, ``fokus``, ``kontaktperson``
    as ids or objects) and sorted; each sort order but relevance reads an index."""
    qs = delprojekt_visible_for(user).select_related("kontaktperson").defer(*_PORTFOLIO_DEFER)
    if mine:
        qs = delprojekt_mine(user, qs)
    q = (filters.get("q") or "").strip()
    if q:
        qs = delprojekt_sok(user, qs, q)
    status = filters.get("status") or ""
    if status.startswith("fas:"):
        states = next((s for key, _l, s in FASER if key == status[4:]), [])
        qs = qs.filter(status__in=states)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("region"):
        qs = qs.filter(regioner=filters["region"])
    if filters.get("fokus"):
        qs = qs.filter(fokusomraden=filters["fokus"])
    if filters.get("kontaktperson"):
        qs = qs.filter(kontaktperson=filters["kontaktperson"])
    if filters.get("ar"):
        qs = qs.filter(ar=filters["ar"])
    sort = filters.get("sort") or ("relevans" if q else "-referens")
    if sort == "relevans":
        qs = qs.order_by("-sok_rank", "-ar", "-lopnummer")
    elif sort in ("status", "-status"):
        qs = qs.order_by("status_ordning", "-ar", "-lopnummer")
    elif sort == "-dagar":
        qs = qs.order_by("status_andrad", "-ar", "-lopnummer")
    elif sort == "dagar":
        qs = qs.order_by("-status_andrad", "-ar", "-lopnummer")
    elif sort == "titel":
        qs = qs.order_by("titel", "-ar")
    elif sort == "referens":
        qs = qs.order_by("ar", "lopnummer")
    else:
        qs = qs.order_by("-ar", "-lopnummer")
    return _with_ordforande(qs)


def years_in_use() -> list[int]:
    """Years with projects, newest first (from the cached organisation)."""
    return list(organisation().ar)


#: One-to-one relations other apps add to a project that its page shows, registered when
#: those apps are ready (``oppet`` adds its current publication): read in the page's own
#: query, joined, instead of a query each.
DETALJ_RELATIONER: list[str] = []


def delprojekt_for_user(
    user: Viewer, referens: str, *, detalj: bool = False, bara_raden: bool = False
) -> Delprojekt:
    """The project for its page, or 404 for anyone who may not know it exists.

    With its regions and chair; ``detalj`` adds the focus areas and chefsamråd, which only
    the project page shows (two queries the other pages of a project do without), and
    the relations in ``DETALJ_RELATIONER``. ``bara_raden``: the row and its people only,
    for a view that reads the rest its own way (the archive package)."""
    qs = delprojekt_visible_for(user, Delprojekt.objects.filter(referens=referens))
    qs = qs.select_related(
        "kontaktperson",
        "forslagsstallare",
        "forslagsstallare__region",
        "registrerad_av",
        *(DETALJ_RELATIONER if detalj else ()),
    )
    if not bara_raden:
        qs = _with_ordforande(
            qs.prefetch_related("regioner", *(("fokusomraden", "chefsamrad") if detalj else ()))
        )
    dp = qs.first()
    if dp is None:
        raise Http404
    return dp


def delprojekt_timeline(
    dp: Delprojekt, *, antal: int | None = None, hoppa: int = 0
) -> list[Handelse]:
    """The events, newest first (``antal`` of them after skipping ``hoppa``), each
    decision taken at a meeting with its numbered paragraph (``utdrag_punkt``,
    ``utdrag_nummer``, ``utdrag_ar``) for the link to the extract.

    One query for the events and, when they hold decisions, one for those decisions'
    paragraphs."""
    qs = (
        Handelse.objects.filter(delprojekt=dp)
        .select_related("beslut", "beslut__organ")
        .order_by("-tidpunkt", "-pk")
    )
    events = list(qs[hoppa : hoppa + antal] if antal is not None else qs[hoppa:])
    paragrafer: dict[int, tuple[int, int | None, int | None]] = {}
    beslut_ids = {h.beslut_id for h in events if h.beslut_id}
    if beslut_ids:
        for beslut_id, pk, nummer, ar in (
            Dagordningspunkt.objects.filter(beslut_id__in=beslut_ids, paragraf_nummer__isnull=False)
            .order_by("-pk")
            .values_list("beslut_id", "pk", "paragraf_nummer", "paragraf_ar")
        ):
            paragrafer[beslut_id] = (pk, nummer, ar)  # the first paragraph wins
    for h in events:
        punkt, nummer, ar = paragrafer.get(h.beslut_id or 0, (None, None, None))
        # Read by the template like the annotations they replace.
        h.__dict__.update(utdrag_punkt=punkt, utdrag_nummer=nummer, utdrag_ar=ar)
    return events


def status_track(dp: Delprojekt, timeline: list[Handelse]) -> list[dict[str, Any]]:
    """The main path marked done/current/ahead.

    A project off the main path (vilande, avslagen, avbruten) is shown at the step
    where it left it, marked with its own state.
    """
    # The samverkan's own chain: a body it leaves out has no step on the track, unless the
    # project stands in that state (the chain changed while it was there).
    kedjans = spar()
    steg = [s for s in SPAR_ALLA if s in kedjans or s == dp.status]
    current = dp.status
    stopped_at = None
    if current in steg:
        index = steg.index(current)
    else:
        left = next(
            (h for h in timeline if h.typ == Handelse.Typ.OVERGANG and h.till_status == current),
            None,
        )
        stopped_at = left.fran_status if left else Status.FORSLAG
        if stopped_at == Status.VILANDE:
            stopped_at = Status.STARTBESLUT
        index = steg.index(stopped_at) if stopped_at in steg else 0
    track = []
    for i, s in enumerate(steg):
        if i == index and stopped_at is not None:
            state, label = "stopped", f"{Status(s).label} – {Status(current).label.lower()}"
        else:
            state = "current" if i == index else ("done" if i < index else "ahead")
            label = str(Status(s).label)
        track.append({"status": s, "label": label, "state": state})
    return track


def days_since(moment: datetime.datetime) -> int:
    return (timezone.now() - moment).days


def delprojekt_vagval(dp: Delprojekt, *, limit: int | None = None) -> list[Vagval]:
    """The group's vägval across all meetings, newest meeting first (one query)."""
    qs = (
        Vagval.objects.filter(minnesanteckning__delprojekt=dp)
        .select_related("minnesanteckning")
        .order_by("-minnesanteckning__datum", "-minnesanteckning__pk", "ordning", "pk")
    )
    return list(qs[:limit] if limit else qs)


def beslutsregister(user: Viewer) -> QuerySet:
    """Every decision of every body, oldest first, with its § number and year where the
    protocol gave one (``paragraf_nr``, ``paragraf_ar``); none of a project the user may
    not know exists."""
    paragraf = Dagordningspunkt.objects.filter(
        beslut_id=OuterRef("pk"), paragraf_nummer__isnull=False
    ).order_by("pk")
    return (
        Beslut.objects.filter(
            Q(delprojekt__isnull=True) | Q(delprojekt__in=delprojekt_visible_for(user))
        )
        .select_related("organ", "delprojekt")
        .annotate(
            paragraf_nr=Subquery(paragraf.values("paragraf_nummer")[:1]),
            paragraf_ar=Subquery(paragraf.values("paragraf_ar")[:1]),
        )
        .order_by("datum", "organ__typ", "paragraf_nr", "pk")
    )


# --- Förankring: working groups out of touch with the line ---------------------------------

#: States in which a working group works and is expected to keep the line informed.
FORANKRING_STATES = (
    Status.ARBETSGRUPP,
    Status.NULAGE,
    Status.ANALYS,
    Status.ATGARDSFORSLAG,
    Status.SLUTRAPPORT,
)
#: A working group with no recorded contact with the line for this long is chased.
FORANKRING_MANADER = 3


def forankring_saknas(today: datetime.date | None = None) -> QuerySet[Delprojekt]:
    """Projects with a working group at work and no contact with the line recorded in
    the last ``FORANKRING_MANADER`` months (never recorded first, then the oldest),
    annotated with ``senaste_forankring``."""
    today = today or timezone.localdate()
    grans = add_months(today, -FORANKRING_MANADER)
    return (
        Delprojekt.objects.active()
        .filter(status__in=FORANKRING_STATES)
        .annotate(senaste_forankring=Max("forankringar__datum"))
        .filter(Q(senaste_forankring__isnull=True) | Q(senaste_forankring__lte=grans))
        .order_by(F("senaste_forankring").asc(nulls_first=True), "referens")
    )
