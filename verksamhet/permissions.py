"""Who may see and change the bodies' year.

- A body's page, its aktivitetsplaner and verksamhetsberättelser: those who see a body's
  meetings (the kansli, everyone who reads all, the body's own members).
- The aktivitetsplan and the body's own text: the kansli and the body's current chair.
  A working group's plan and verksamhetsberättelse (text, approval at one of the
  group's meetings, freezing): the kansli and the group's chair; read by those who see
  the project.
- Recording the approval, freezing the PDF and publishing: the kansli.
- A member's mandate: the member themself and the kansli.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from delprojekt.models import Organ, Organmedlemskap
from delprojekt.permissions import (
    can_view,
    is_kansli,
    is_member_of_organ,
    is_ordforande,
    roller_for,
    sees_all,
)
from delprojekt.types import Viewer

#: The sjukvårdsregional bodies, whose members have a mandate from their own region.
MANDATORGAN = (
    Organ.Typ.LEDNINGSGRUPP,
    Organ.Typ.SAMARBETSGRUPP,
    Organ.Typ.POLITISK_STYRGRUPP,
    Organ.Typ.NAMND,
    Organ.Typ.CHEFSAMRAD,
)


@rules.predicate
def is_organ_chair(user: Viewer, organ: Organ | None) -> bool:
    """The body's current chair (role ordförande)."""
    person_id = roller_for(user).person_id
    if organ is None or person_id is None:
        return False
    cache = getattr(user, "_sfbv_ordforande_organ", None)
    if cache is None:
        cache = set(
            Organmedlemskap.objects.current()
            .filter(person_id=person_id, roll=Organmedlemskap.Roll.ORDFORANDE)
            .values_list("organ_id", flat=True)
        )
        user._sfbv_ordforande_organ = cache  # type: ignore[union-attr]
    return organ.pk in cache


@rules.predicate
def is_own_membership(user: Viewer, medlemskap: Organmedlemskap | None) -> bool:
    person_id = roller_for(user).person_id
    return medlemskap is not None and person_id is not None and medlemskap.person_id == person_id


@rules.predicate
def is_current_mandate_membership(user: Viewer, medlemskap: Organmedlemskap | None) -> bool:
    if medlemskap is None or medlemskap.organ.typ not in MANDATORGAN:
        return False
    idag = timezone.localdate()
    return medlemskap.till is None or medlemskap.till >= idag


view_organ = is_kansli | sees_all | is_member_of_organ

rules.add_perm("verksamhet.view_organ", view_organ)
rules.add_perm("verksamhet.edit_aktivitetsplan", is_kansli | is_organ_chair)
rules.add_perm("verksamhet.edit_berattelse", is_kansli | is_organ_chair)
rules.add_perm("verksamhet.godkann_berattelse", is_kansli)
rules.add_perm("verksamhet.publicera_berattelse", is_kansli)
rules.add_perm("verksamhet.view_arbetsgrupp_plan", can_view)
rules.add_perm("verksamhet.edit_arbetsgrupp_plan", is_kansli | is_ordforande)
rules.add_perm("verksamhet.view_arbetsgrupp_berattelse", can_view)
rules.add_perm("verksamhet.edit_arbetsgrupp_berattelse", is_kansli | is_ordforande)
rules.add_perm(
    "verksamhet.edit_mandat",
    is_current_mandate_membership & (is_kansli | is_own_membership),
)
