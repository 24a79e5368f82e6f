"""Comments on the working group's records (the types declared in ``grupparbete_typer``)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse, Kommentar
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.grupparbete_typer import posttyp_for
from delprojekt.types import Actor

MAX_KOMMENTAR = 5000


def _refuse(message: str) -> Invalid:
    return Invalid(message, field_errors={"text": [message]})


def kommentar_add(*, delprojekt: Delprojekt, user: Actor, post: Any, text: str) -> Kommentar:
    if not user.has_perm("delprojekt.comment", delprojekt):
        raise NotAllowed(_("Du får inte kommentera i det här delprojektet."))
    typ = posttyp_for(post)
    if typ is None or post.delprojekt_id != delprojekt.pk:
        raise Invalid(_("Kommentaren kan bara skrivas till en post i samma delprojekt."))
    text = (text or "").strip()
    if not text:
        raise _refuse(_("Skriv en kommentar."))
    if len(text) > MAX_KOMMENTAR:
        raise _refuse(_("Kommentaren får vara högst 5 000 tecken."))
    with transaction.atomic():
        k = Kommentar(
            delprojekt=delprojekt,
            content_type=ContentType.objects.get_for_model(post),
            object_id=post.pk,
            text=text,
            skriven_av=user,
            skriven=timezone.now(),
        )
        set_history_user(k, user)
        k.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.GRUPPARBETE,
            text=_("Kommentar till %(post)s") % {"post": f"{typ.etikett} {post}"},
        )
    return k
