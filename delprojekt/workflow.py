"""The lifecycle of a delprojekt, declared once.

``LIVSCYKEL`` lists every transition: its name, the states it leaves, the state it
reaches, its Swedish label, who may run it, which body decides it (and then that a
``Beslut`` is required and recorded at one of the body's meetings or by its own
explicit path outside a meeting), whether the body must be unanimous, its guards
with their Swedish messages, and what its form asks for. Everything else is derived
from this list:

- the django-fsm transition methods of ``Delprojekt`` (``install_fsm``),
- the permission rules ``delprojekt.<name>`` (``delprojekt.permissions``),
- the transition form, the outcomes a meeting can record for an item, the decision
  queues, the "Nästa steg" panel, and the diagram in ``docs/lifecycle.md``
  (``mermaid``).

Other modules add what they own through hooks, registered when their app is ready:
``@effekt(name)`` for what a transition does besides moving the state (the follow-up
creates its first round on ``rekommendera``), ``@villkor(name)`` for a further guard and
``@validering(name)`` for checking the form's extra data. The workflow service
(``delprojekt.services.workflow``) is the only caller of the hooks.

The chain of bodies is data (``Samverkan.med_samarbetsgrupp``,
``Samverkan.med_politisk_beredning``): a transition declared with ``kedja=(body, True)``
exists only when the samverkan's chain has that body, one with ``kedja=(body, False)``
only when it lacks it. ``overgang`` and ``overgangar_fran`` apply it, so the service,
the "Nästa steg" panel, the queues and the forms follow. Only the ways *into* a body's
state depend on the chain: a project already there when the chain changes can leave.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from delprojekt.models import Beslut, Delprojekt, Organ, Samverkan, Status
from delprojekt.models.delprojekt import NON_TERMINAL, STATUSORDNING, TERMINAL
from delprojekt.services import guards
from delprojekt.types import Actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Who may run a transition: the kansli, or the working group's chair or the kansli.
KANSLI = "kansli"
GRUPP = "grupp"

Guard = Callable[[Delprojekt], list[str]]

_AKTOR: dict[str, StrOrPromise] = {
    KANSLI: gettext_lazy("Kansliet"),
    GRUPP: gettext_lazy("Arbetsgruppens ordförande eller kansliet"),
}
_ORGAN_AKTOR: dict[str, StrOrPromise] = {
    Organ.Typ.SAMARBETSGRUPP: gettext_lazy("Samarbetsgruppen (kansliet registrerar beslutet)"),
    Organ.Typ.LEDNINGSGRUPP: gettext_lazy("Ledningsgruppen (kansliet registrerar beslutet)"),
    Organ.Typ.NAMND: gettext_lazy("Nämnden (kansliet registrerar beslutet)"),
}


@dataclass(frozen=True)
class Overgang:
    name: str
    sources: tuple[str, ...]
    target: str
    label: StrOrPromise
    #: Who may run it (``KANSLI`` or ``GRUPP``); a body's decision is recorded by the kansli.
    behorighet: str = KANSLI
    #: The kind of body that decides (``Organ.Typ``): a ``Beslut`` of it is required.
    organ: str | None = None
    utfall: str | None = None
    #: What the body decides, as it reads after "<body> beslutar att …".
    beslutsfras: StrOrPromise = ""
    #: Every deciding member's recorded position must be "instämmer".
    enhallighet: bool = False
    guards: tuple[Guard, ...] = ()
    #: Advice shown beside the button; never blocks.
    varningar: tuple[Guard, ...] = ()
    kommentar_kravs: bool = False
    #: The ledningsgrupp's members record their positions on the item.
    positioner: bool = False
    #: The board's recommendations to the regions, one per åtgärdsförslag.
    rekommendationer: bool = False
    forfallodatum: bool = False
    overlamnat_datum: bool = False
    #: The kansli may go on with a recorded reason when a guard is not met.
    kan_forceras: bool = False
    #: Backwards or out of the main path: shown after the forward ways, as a danger button.
    bakat: bool = False
    #: ``(Organ.Typ, True)``: only when the samverkan's chain has that body; ``False``:
    #: only when it lacks it. ``None``: whatever the chain.
    kedja: tuple[str, bool] | None = None

    def i_kedjan(self, kedja: frozenset[str]) -> bool:
        """Whether this transition exists for a samverkan whose chain is ``kedja``."""
        if self.kedja is None:
            return True
        organ, med = self.kedja
        return (organ in kedja) == med

    @property
    def beslut_kravs(self) -> bool:
        return self.organ is not None

    @property
    def aktor(self) -> str:
        """Who acts, for the pages: "Kansliet", "Ledningsgruppen (kansliet registrerar …)"."""
        if self.organ:
            return str(_ORGAN_AKTOR.get(self.organ, Organ.Typ(self.organ).label))
        return str(_AKTOR[self.behorighet])

    def beslutstext(self, organ_namn: str, titel: str) -> str:
        """The decision text the form starts from for this outcome."""
        return f"{organ_namn} beslutar att {self.beslutsfras} »{titel}«."


_U = Beslut.Utfall
_LG = Organ.Typ.LEDNINGSGRUPP
_SG = Organ.Typ.SAMARBETSGRUPP
_NAMND = Organ.Typ.NAMND
_PS = Organ.Typ.POLITISK_STYRGRUPP
S = Status

#: The bodies a samverkan's chain may leave out; the ledningsgrupp and the nämnd always
#: take part.
VALFRIA_ORGAN: tuple[str, ...] = (_SG, _PS)

LIVSCYKEL: tuple[Overgang, ...] = (
    Overgang("bered", (S.FORSLAG,), S.BEREDNING, _("Påbörja beredning")),
    Overgang(
        "lagg_fram",
        (S.BEREDNING,),
        S.STARTBESLUT,
        _("Lägg fram för startbeslut"),
        guards=(guards.beredning_klar,),
    ),
    Overgang(
        "starta",
        (S.STARTBESLUT,),
        S.UPPDRAG,
        _("Starta delprojektet"),
        organ=_LG,
        utfall=_U.START,
        beslutsfras=_("starta delprojektet"),
        positioner=True,
    ),
    Overgang(
        "avsla",
        (S.STARTBESLUT, S.VILANDE),
        S.AVSLAGEN,
        _("Avslå"),
        organ=_LG,
        utfall=_U.AVSLAG,
        beslutsfras=_("avslå förslaget"),
        positioner=True,
        bakat=True,
    ),
    Overgang(
        "vila",
        (S.STARTBESLUT,),
        S.VILANDE,
        _("Vilande i väntan på resurser"),
        organ=_LG,
        utfall=_U.VILANDE,
        beslutsfras=_("vilandeförklara förslaget i väntan på resurser"),
        positioner=True,
        bakat=True,
    ),
    Overgang(
        "ateruppta",
        (S.VILANDE,),
        S.UPPDRAG,
        _("Återuppta"),
        organ=_LG,
        utfall=_U.ATERUPPTAGET,
        beslutsfras=_("återuppta delprojektet"),
        positioner=True,
    ),
    Overgang(
        "bilda_arbetsgrupp",
        (S.UPPDRAG,),
        S.ARBETSGRUPP,
        _("Uppdraget klart – bilda arbetsgrupp"),
        guards=(guards.uppdrag_klart,),
    ),
    Overgang(
        "overlamna_uppdrag",
        (S.ARBETSGRUPP,),
        S.NULAGE,
        _("Överlämna uppdraget"),
        guards=(guards.arbetsgrupp_utsedd, guards.ska_kompetenser_finns),
        varningar=(guards.ordforande_uppgifter,),
        overlamnat_datum=True,
    ),
    Overgang("till_analys", (S.NULAGE,), S.ANALYS, _("Nuläget klart – gå till analys"), GRUPP),
    Overgang(
        "till_forslag",
        (S.ANALYS,),
        S.ATGARDSFORSLAG,
        _("Analysen klar – ta fram förslag"),
        GRUPP,
    ),
    Overgang("till_nulage", (S.ANALYS,), S.NULAGE, _("Tillbaka till nuläget"), GRUPP, bakat=True),
    Overgang(
        "skriv_slutrapport",
        (S.ATGARDSFORSLAG,),
        S.SLUTRAPPORT,
        _("Förslagen klara – skriv slutrapport"),
        GRUPP,
        guards=(guards.atgardsforslag_finns,),
        varningar=(guards.for_manga_forslag,),
    ),
    Overgang(
        "till_analys",
        (S.ATGARDSFORSLAG,),
        S.ANALYS,
        _("Tillbaka till analysen"),
        GRUPP,
        bakat=True,
    ),
    Overgang(
        "lamna_till_samarbetsgrupp",
        (S.SLUTRAPPORT,),
        S.SAMARBETSGRUPP,
        _("Lämna slutrapporten till samarbetsgruppen"),
        GRUPP,
        guards=(guards.slutrapport_klar,),
        varningar=(guards.for_manga_forslag, guards.sprakgranskning_gjord),
        kedja=(_SG, True),
    ),
    Overgang(
        "lamna_till_ledningsgrupp",
        (S.SLUTRAPPORT,),
        S.LEDNINGSGRUPP,
        _("Lämna slutrapporten till ledningsgruppen"),
        GRUPP,
        guards=(guards.slutrapport_klar,),
        varningar=(guards.for_manga_forslag, guards.sprakgranskning_gjord),
        kedja=(_SG, False),
    ),
    Overgang(
        "tillstyrk",
        (S.SAMARBETSGRUPP,),
        S.LEDNINGSGRUPP,
        _("Tillstyrk"),
        organ=_SG,
        utfall=_U.TILLSTYRKT,
        beslutsfras=_("tillstyrka slutrapportens förslag"),
    ),
    Overgang(
        "aterremittera",
        (S.SAMARBETSGRUPP,),
        S.SLUTRAPPORT,
        _("Återremittera till arbetsgruppen"),
        organ=_SG,
        utfall=_U.ATERREMISS,
        beslutsfras=_("återremittera slutrapporten till arbetsgruppen"),
        kommentar_kravs=True,
        bakat=True,
    ),
    Overgang(
        "besluta",
        (S.LEDNINGSGRUPP,),
        S.POLITISK_BEREDNING,
        _("Besluta (enhälligt) – till politisk beredning"),
        organ=_LG,
        utfall=_U.BIFALL,
        beslutsfras=_(
            "ställa sig bakom slutrapportens förslag och lämna dem till politisk beredning"
        ),
        enhallighet=True,
        positioner=True,
        kedja=(_PS, True),
    ),
    Overgang(
        "besluta_till_namnd",
        (S.LEDNINGSGRUPP,),
        S.NAMND,
        _("Besluta (enhälligt) – till nämnden"),
        organ=_LG,
        utfall=_U.BIFALL,
        beslutsfras=_("ställa sig bakom slutrapportens förslag och lämna dem till nämnden"),
        enhallighet=True,
        positioner=True,
        kedja=(_PS, False),
    ),
    Overgang(
        "aterremittera",
        (S.LEDNINGSGRUPP,),
        S.SLUTRAPPORT,
        _("Återremittera till arbetsgruppen"),
        organ=_LG,
        utfall=_U.ATERREMISS,
        beslutsfras=_("återremittera slutrapporten till arbetsgruppen"),
        kommentar_kravs=True,
        positioner=True,
        bakat=True,
    ),
    Overgang(
        "till_namnd",
        (S.POLITISK_BEREDNING,),
        S.NAMND,
        _("Beredning klar – till nämnden"),
    ),
    Overgang(
        "rekommendera",
        (S.NAMND,),
        S.HUVUDMANNABESLUT,
        _("Registrera nämndens rekommendation"),
        organ=_NAMND,
        utfall=_U.REKOMMENDATION,
        beslutsfras=_("rekommendera regionerna att genomföra förslagen i slutrapporten"),
        guards=(guards.atgardsforslag_att_rekommendera,),
        rekommendationer=True,
    ),
    Overgang(
        "aterremittera",
        (S.NAMND,),
        S.LEDNINGSGRUPP,
        _("Återremittera till ledningsgruppen"),
        organ=_NAMND,
        utfall=_U.ATERREMISS,
        beslutsfras=_("återremittera ärendet till ledningsgruppen"),
        kommentar_kravs=True,
        bakat=True,
    ),
    Overgang(
        "borja_inforande",
        (S.HUVUDMANNABESLUT,),
        S.INFORANDE,
        _("Påbörja införande"),
        guards=(guards.regionernas_beslut_klara,),
        kan_forceras=True,
    ),
    Overgang("starta_uppfoljning", (S.INFORANDE,), S.UPPFOLJNING, _("Starta uppföljning")),
    # The follow-up adds the guard "the latest round is done" to the next two.
    Overgang("avsluta", (S.UPPFOLJNING,), S.AVSLUTAD, _("Avsluta delprojektet"), kan_forceras=True),
    Overgang(
        "ny_uppfoljning",
        (S.UPPFOLJNING,),
        S.UPPFOLJNING,
        _("Ny uppföljningsomgång"),
        forfallodatum=True,
    ),
    Overgang(
        "avbryt",
        tuple(NON_TERMINAL),
        S.AVBRUTEN,
        _("Avbryt delprojektet"),
        kommentar_kravs=True,
        bakat=True,
    ),
)

#: (source state, transition name) -> its declaration.
OVERGANGAR: dict[tuple[str, str], Overgang] = {
    (source, o.name): o for o in LIVSCYKEL for source in o.sources
}
#: Every transition name, in declaration order.
NAMN: tuple[str, ...] = tuple(dict.fromkeys(o.name for o in LIVSCYKEL))
AVBRYT = next(o for o in LIVSCYKEL if o.name == "avbryt")


def _check_declaration() -> None:
    """One name, one permission; a name leaves each state at most once."""
    pairs = [(source, o.name) for o in LIVSCYKEL for source in o.sources]
    if len(pairs) != len(set(pairs)):
        raise AssertionError("En övergång är deklarerad två gånger från samma status.")
    for name in NAMN:
        if len({o.behorighet for o in LIVSCYKEL if o.name == name}) != 1:
            raise AssertionError(f"Övergången {name} har olika behörighet i deklarationen.")


_check_declaration()


def aktuell_kedja() -> frozenset[str]:
    """The bodies of the configured samverkan's chain (``Organ.Typ`` values)."""
    return frozenset(Samverkan.current().organkedja)


def overgangar_fran(status: str, kedja: frozenset[str] | None = None) -> list[Overgang]:
    """Every transition that leaves a state in the samverkan's chain (``kedja``, the
    configured one when not given), forward ones first, avbryt last."""
    kedja = aktuell_kedja() if kedja is None else kedja
    found = [
        o for (source, _name), o in OVERGANGAR.items() if source == status and o.i_kedjan(kedja)
    ]
    return sorted(found, key=lambda o: (o.bakat, o is AVBRYT))


def overgang(status: str, name: str, kedja: frozenset[str] | None = None) -> Overgang | None:
    """Transition ``name`` from ``status``, or ``None`` when it does not leave that state
    or is not in the samverkan's chain."""
    o = OVERGANGAR.get((status, name))
    if o is None or o.kedja is None:
        return o
    return o if o.i_kedjan(aktuell_kedja() if kedja is None else kedja) else None


def beslut_av(organ_typ: str, status: str) -> list[Overgang]:
    """The decisions a body of ``organ_typ`` can take on a project in ``status``."""
    return [o for o in overgangar_fran(status) if o.organ == organ_typ]


def spar(kedja: frozenset[str] | None = None) -> list[str]:
    """The main path (``SPAR``) without the states of bodies the chain leaves out."""
    kedja = aktuell_kedja() if kedja is None else kedja
    utan = {
        organ_status
        for organ, organ_status in ((_SG, S.SAMARBETSGRUPP), (_PS, S.POLITISK_BEREDNING))
        if organ not in kedja
    }
    return [s for s in SPAR if s not in utan]


def vantande_status(organ_typ: str) -> list[str]:
    """The states in which a project waits for a decision of this kind of body."""
    states = {source for (source, _name), o in OVERGANGAR.items() if o.organ == organ_typ}
    if organ_typ == Organ.Typ.POLITISK_STYRGRUPP:
        # The political steering group prepares the board's decision.
        states.add(Status.POLITISK_BEREDNING)
    return sorted(states)


# --- Hooks: what other modules add to a transition ------------------------------------


@dataclass
class BeslutUppgifter:
    """A body's decision as the meeting or the explicit path outside a meeting records it."""

    datum: datetime.date
    beslutstext: str
    #: ``Beslut.Slag``: at a meeting (then ``dagordningspunkt`` is set), per capsulam, or a
    #: chair's decision on delegation.
    slag: str = Beslut.Slag.SAMMANTRADE
    dagordningspunkt: Any = None


@dataclass
class Overgangsdata:
    """What the transition form collected beyond the comment."""

    beslut: BeslutUppgifter | None = None
    #: person id -> (position, motivering), recorded before the transition runs.
    positioner: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: åtgärdsförslag id -> recommendation text (the board's decision).
    rekommendationer: dict[int, str] = field(default_factory=dict)
    forfallodatum: datetime.date | None = None
    overlamnat_datum: datetime.date | None = None
    forcera: bool = False


@dataclass
class Effektdata:
    """What an effect sees: the locked project (already in its new state), the acting
    user, the decision if one was recorded, the form's data, and the fields to save."""

    delprojekt: Delprojekt
    user: Actor
    overgang: Overgang
    fran: str
    beslut: Beslut | None
    data: Overgangsdata
    update_fields: list[str]


Effekt = Callable[[Effektdata], None]
Validering = Callable[[Delprojekt, Overgangsdata], dict[str, list[str]]]

EFFEKTER: dict[str, list[Effekt]] = {}
VILLKOR: dict[str, list[Guard]] = {}
VALIDERINGAR: dict[str, list[Validering]] = {}


def _register(registry: dict[str, list[Any]], name: str) -> Callable[[Any], Any]:
    if name not in NAMN:
        raise ValueError(f"Okänd övergång: {name}")

    def decorator(func: Any) -> Any:
        if func not in registry.setdefault(name, []):
            registry[name].append(func)
        return func

    return decorator


def effekt(name: str) -> Callable[[Effekt], Effekt]:
    """Register what transition ``name`` does, run in its transaction after the state
    changed. Mail is queued in the same transaction (``services/utkorg.py``); files are
    kept only if it commits (``services/filer.py``)."""
    return _register(EFFEKTER, name)


def villkor(name: str) -> Callable[[Guard], Guard]:
    """Register a further guard of transition ``name``: Swedish sentences of what is missing."""
    return _register(VILLKOR, name)


def validering(name: str) -> Callable[[Validering], Validering]:
    """Register a check of the form's data for transition ``name``: field -> messages."""
    return _register(VALIDERINGAR, name)


def missing(dp: Delprojekt, name: str) -> list[str]:
    """What blocks transition ``name`` from the project's current state, or ``[]``."""
    o = overgang(dp.status, name)
    if o is None:
        return []
    out: list[str] = []
    for guard in (*o.guards, *VILLKOR.get(name, ())):
        out.extend(guard(dp))
    if o.enhallighet:
        out.extend(guards.enighet(dp))
    return out


def warnings(dp: Delprojekt, name: str) -> list[str]:
    """Advice that does not block."""
    o = overgang(dp.status, name)
    return [w for check in (o.varningar if o else ()) for w in check(dp)]


def nasta_steg(status: str) -> str:
    """A short text for lists: the main way forward from a state and who takes it."""
    forward = [o for o in overgangar_fran(status) if not o.bakat]
    if not forward:
        return ""
    first = forward[0]
    return f"{first.label} ({first.aktor.split(' (')[0].lower()})"


# --- Derived: the fsm methods, the diagram ---------------------------------------------


def _transition_method(name: str) -> Callable[[Delprojekt], None]:
    def method(self: Delprojekt) -> None:
        """Moves the state only; the workflow service runs it and the effects."""

    method.__name__ = method.__qualname__ = name
    return method


def _may(name: str) -> Callable[[models.Model, PermissionsMixin | AnonymousUser], bool]:
    # django-fsm's permission callback takes any model instance and any user it was given.
    def check(instance: models.Model, user: PermissionsMixin | AnonymousUser) -> bool:
        return bool(user.has_perm(f"delprojekt.{name}", instance))

    return check


def install_fsm() -> None:
    """Give ``Delprojekt`` one django-fsm transition method per declared name.

    Called once from ``DelprojektConfig.ready``. Guards are not fsm conditions: the
    workflow service checks them (with their messages) under the row lock.
    """
    status_field = Delprojekt._meta.get_field("status")
    for name in NAMN:
        method = _transition_method(name)
        for o in (o for o in LIVSCYKEL if o.name == name):
            for source in o.sources:
                method = transition(
                    status_field, source=source, target=o.target, permission=_may(name)
                )(method)
        setattr(Delprojekt, name, method)
    # django-fsm collects a model's transition methods when the class is prepared; the
    # methods above come later, so the field collects them again.
    status_field._collect_transitions(sender=Delprojekt)


def fsm_graph() -> set[tuple[str, str, str]]:
    """(name, source, target) of every transition django-fsm knows on ``Delprojekt``."""
    return {
        (t.name, str(t.source), str(t.target))
        for t in Delprojekt._meta.get_field("status").get_all_transitions(Delprojekt)
    }


def declared_graph() -> set[tuple[str, str, str]]:
    return {(o.name, source, o.target) for o in LIVSCYKEL for source in o.sources}


def mermaid() -> str:
    """The lifecycle as a Mermaid state diagram (``docs/lifecycle.md``)."""
    lines = ["stateDiagram-v2"]
    for value, label in Status.choices:
        lines.append(f'    state "{label}" as {value}')
    lines.append(f"    [*] --> {Status.FORSLAG}")
    for o in LIVSCYKEL:
        if o is AVBRYT:
            continue
        who = f" ({Organ.Typ(o.organ).label.lower()})" if o.organ else ""
        if o.kedja:
            who += f" [{_kedjetext(o)}]"
        for source in o.sources:
            lines.append(f"    {source} --> {o.target}: {o.name}{who}")
    lines.append(
        f"    note right of {Status.AVBRUTEN}: avbryt leder hit från varje icke avslutad status"
    )
    for terminal in TERMINAL:
        lines.append(f"    {terminal} --> [*]")
    return "\n".join(lines)


#: The main path, in order, for the visual track on the project page: the head of the
#: order lists sort states by (``STATUSORDNING``, which the database's sort key uses).
SPAR: list[str] = STATUSORDNING[: STATUSORDNING.index(Status.AVSLUTAD) + 1]

#: Phases, for grouping states in filters and on the track.
FASER: list[tuple[str, StrOrPromise, list[str]]] = [
    (
        "initiering",
        gettext_lazy("Initiering och startbeslut"),
        [Status.FORSLAG, Status.BEREDNING, Status.STARTBESLUT, Status.VILANDE],
    ),
    ("uppdrag", gettext_lazy("Uppdrag och arbetsgrupp"), [Status.UPPDRAG, Status.ARBETSGRUPP]),
    (
        "arbete",
        gettext_lazy("Arbetsgruppens arbete"),
        [Status.NULAGE, Status.ANALYS, Status.ATGARDSFORSLAG, Status.SLUTRAPPORT],
    ),
    (
        "beslut",
        gettext_lazy("Granskning och beslut"),
        [Status.SAMARBETSGRUPP, Status.LEDNINGSGRUPP, Status.POLITISK_BEREDNING, Status.NAMND],
    ),
    (
        "genomforande",
        gettext_lazy("Genomförande och uppföljning"),
        [Status.HUVUDMANNABESLUT, Status.INFORANDE, Status.UPPFOLJNING],
    ),
    (
        "avslutade",
        gettext_lazy("Avslutade"),
        [Status.AVSLUTAD, Status.AVSLAGEN, Status.AVBRUTEN],
    ),
]


def _kedjetext(o: Overgang) -> str:
    assert o.kedja is not None
    organ, med = o.kedja
    return f"{'med' if med else 'utan'} {Organ.Typ(organ).label.lower()}"


def lifecycle_markdown() -> str:
    """``docs/lifecycle.md``: the diagram and the table, both from ``LIVSCYKEL``."""
    rows = []
    for o in LIVSCYKEL:
        sources = (
            "any non-terminal state" if o is AVBRYT else ", ".join(f"`{s}`" for s in o.sources)
        )
        guard_names = ", ".join(f"`{g.__name__}`" for g in o.guards)
        if o.enhallighet:
            guard_names = ", ".join(filter(None, [guard_names, "unanimity (`enighet`)"]))
        rows.append(
            f"| `{o.name}` | {sources} | `{o.target}` | {o.label} | "
            f"{Organ.Typ(o.organ).label if o.organ else o.behorighet} | "
            f"{'yes' if o.beslut_kravs else ''} | {guard_names} | "
            f"{_kedjetext(o) if o.kedja else ''} |"
        )
    return "\n".join(
        [
            "# The lifecycle",
            "",
            "Generated from `delprojekt/workflow.py` (`LIVSCYKEL`) by",
            "`uv run manage.py livscykel`; a test fails when this file is not current.",
            "Hooks registered by other modules (`@effekt`, `@villkor`, `@validering`) are",
            "listed in `docs/architecture.md`.",
            "",
            "```mermaid",
            mermaid(),
            "```",
            "",
            "The chain of bodies is data: a transition marked *med …* exists only when the",
            "samverkan's chain has that body, one marked *utan …* only when it lacks it",
            "(`Samverkan.med_samarbetsgrupp`, `Samverkan.med_politisk_beredning`).",
            "",
            "| transition | from | to | label | who | Beslut | guards | chain |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
