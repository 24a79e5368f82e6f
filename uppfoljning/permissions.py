"""Who may do what in the follow-up. Predicates build on ``delprojekt.permissions``.

Every permission takes the project (``Delprojekt``) as its object, except those on a
round (``Uppfoljningsomgang``), which say so.
"""

from __future__ import annotations

import rules

from delprojekt.models import Delprojekt
from delprojekt.permissions import is_kansli, is_open, is_samordnare, roller_for, sees_all
from uppfoljning.models import Uppfoljningsansvarig


def _ansvar(user: object, delprojekt: Delprojekt) -> dict[int, str]:
    """round id -> the user's answer, for every round of the project they were asked to."""
    person_id = roller_for(user).person_id
    if person_id is None:
        return {}
    cache = delprojekt.__dict__.setdefault("_uppfoljningsansvar", {})
    if person_id not in cache:
        cache[person_id] = dict(
            Uppfoljningsansvarig.objects.filter(
                omgang__delprojekt=delprojekt, person_id=person_id
            ).values_list("omgang_id", "svar")
        )
    return cache[person_id]


@rules.predicate
def is_uppfoljningsansvarig(user: object, delprojekt: Delprojekt | None) -> bool:
    """Has accepted to write a follow-up report of the project (any round)."""
    if delprojekt is None:
        return False
    return Uppfoljningsansvarig.Svar.ACCEPTERAD in _ansvar(user, delprojekt).values()


@rules.predicate
def omgang_open(user: object, omgang: object | None) -> bool:
    return omgang is not None and not omgang.delprojekt.is_terminal


@rules.predicate
def omgang_kansli(user: object, omgang: object | None) -> bool:
    return is_kansli(user)


@rules.predicate
def is_ansvarig_for_omgang(user: object, omgang: object | None) -> bool:
    """Has accepted to write this round's report."""
    if omgang is None:
        return False
    return _ansvar(user, omgang.delprojekt).get(omgang.pk) == Uppfoljningsansvarig.Svar.ACCEPTERAD


@rules.predicate
def is_tillfragad_for_omgang(user: object, omgang: object | None) -> bool:
    """Was asked to write this round's report (whatever the answer so far)."""
    return omgang is not None and omgang.pk in _ansvar(user, omgang.delprojekt)


# Across projects: the list of all rounds and the regions' implementation.
rules.add_perm("uppfoljning.view_oversikt", is_kansli | sees_all)
# The kansli runs the rounds: who is asked, presentations, closing, further rounds.
rules.add_perm("uppfoljning.manage_omgang", is_open & is_kansli)
# The report of a round: the kansli and whoever accepted to write it.
rules.add_perm("uppfoljning.write_rapport", omgang_open & (omgang_kansli | is_ansvarig_for_omgang))
# The asked person answers for themself (the kansli may record the answer for them).
rules.add_perm(
    "uppfoljning.answer_forfragan", omgang_open & (omgang_kansli | is_tillfragad_for_omgang)
)
# Implementation per region: the kansli for all, a coordinator for their own region
# (the service checks the region).
rules.add_perm("uppfoljning.update_inforande", is_open & (is_kansli | is_samordnare))
# Parameters and measured values: the kansli and the report's writers; coordinators
# enter their own region's values (the service checks the region).
rules.add_perm("uppfoljning.edit_parameter", is_open & (is_kansli | is_uppfoljningsansvarig))
rules.add_perm(
    "uppfoljning.record_matvarde",
    is_open & (is_kansli | is_uppfoljningsansvarig | is_samordnare),
)
# The statistics count every project of the portfolio, so only those who may read every
# project see them (the kansli, the bodies' members, readers, coordinators, admins).
rules.add_perm("uppfoljning.view_statistik", is_kansli | sees_all)
