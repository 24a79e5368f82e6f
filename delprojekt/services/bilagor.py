"""Files attached to the working group's records (or to the project itself).

Which records take files comes from their declaration in
``delprojekt.services.grupparbete_typer``; the checks on the file and its storage are in
``delprojekt.services.bilagefiler``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Bilaga, Delprojekt, Handelse
from delprojekt.services.bilagefiler import bilaga_store, delete_file_later
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.grupparbete_typer import POST_MODELS, andra_grupparbete, posttyp_for
from delprojekt.types import Actor, Viewer


def resolve_post(delprojekt: Delprojekt, content_type_id: Any, object_id: Any) -> Any | None:
    """The group record ``(content_type_id, object_id)`` of this project, or None.

    Only the group's record models are accepted; anything else, a record of another
    project or input that is not a number gives None.
    """
    try:
        ct_id = int(content_type_id)
        obj_id = int(object_id)
    except (TypeError, ValueError):
        return None
    if not (0 < ct_id < 2**31 and 0 < obj_id < 2**63):
        return None
    allowed = ContentType.objects.get_for_models(*POST_MODELS)
    model = next((m for m, ct in allowed.items() if ct.pk == ct_id), None)
    if model is None:
        return None
    return model._default_manager.filter(pk=obj_id, delprojekt=delprojekt).first()


def may_edit_post(user: Viewer, delprojekt: Delprojekt, post: Any | None) -> bool:
    """Who may change a record also adds or removes its files (its type says who that is)."""
    if post is None:
        return andra_grupparbete(user, delprojekt, None)
    typ = posttyp_for(post)
    return typ is not None and typ.far_andra(user, delprojekt, post)


def bilaga_add(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    fil: UploadedFile,
    post: Any | None = None,
    beskrivning: str = "",
) -> Bilaga:
    """Attach an uploaded file to a group record of the project (or to the project)."""
    if post is not None and (
        not isinstance(post, POST_MODELS) or getattr(post, "delprojekt_id", None) != delprojekt.pk
    ):
        raise Invalid(_("Bilagan kan bara kopplas till en post i samma delprojekt."))
    if not may_edit_post(user, delprojekt, post):
        raise NotAllowed(_("Du får inte lägga till bilagor här."))
    return bilaga_store(
        delprojekt=delprojekt, user=user, fil=fil, post=post, beskrivning=beskrivning
    )


def bilaga_delete(*, bilaga: Bilaga, user: Actor) -> None:
    delprojekt = bilaga.delprojekt
    post = bilaga.post if bilaga.content_type_id else None
    if not (
        may_edit_post(user, delprojekt, post)
        or (bilaga.uppladdad_av_id == user.pk and user.has_perm("delprojekt.comment", delprojekt))
    ):
        raise NotAllowed(_("Du får inte ta bort den här bilagan."))
    with transaction.atomic():
        b = Bilaga.objects.select_for_update().filter(pk=bilaga.pk).first()
        if b is None:
            return
        set_history_user(b, user)
        b.delete()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.GRUPPARBETE,
            text=_("Bilaga %(namn)s togs bort") % {"namn": b.filnamn},
        )
        delete_file_later(b)
