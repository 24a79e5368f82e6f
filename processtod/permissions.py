"""Who may read and edit the processtöd posts and their invoices.

The kansli (and an administrator) edits everything. The ledningsgrupp's members read every
post: the model is decided at the sjukvårdsregional level. A regional coordinator reads
the posts of their own region and the invoices for them. Nobody else sees the pages; a
post of another region answers 404 (``processtod.selectors.tjanst_for_user``).
"""

from __future__ import annotations

import rules

from delprojekt.permissions import is_kansli, is_ledningsgrupp, roller_for
from delprojekt.types import Viewer


@rules.predicate
def is_samordnare(user: Viewer) -> bool:
    return roller_for(user).samordnare_region_id is not None


@rules.predicate
def samordnare_for_tjanst(user: Viewer, tjanst: object | None) -> bool:
    region_id = roller_for(user).samordnare_region_id
    return region_id is not None and getattr(tjanst, "region_id", None) == region_id


ser_alla_tjanster = is_kansli | is_ledningsgrupp

rules.add_perm("processtod.view_lista", ser_alla_tjanster | is_samordnare)
rules.add_perm("processtod.view_tjanst", ser_alla_tjanster | samordnare_for_tjanst)
rules.add_perm("processtod.change_tjanst", is_kansli)


def synliga_regioner(user: Viewer) -> list[int] | None:
    """The regions whose posts the user reads: ``None`` for all, a list for a coordinator,
    an empty list for someone who reads none."""
    if ser_alla_tjanster(user):
        return None
    region_id = roller_for(user).samordnare_region_id
    return [region_id] if region_id is not None else []
