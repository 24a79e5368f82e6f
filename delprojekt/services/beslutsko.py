"""The kansli's proposal for the decision a body is asked to take (beslutsförslag)."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.types import Actor

MAX_LANGD = 10000


def beslutsforslag_version(text: str) -> str:
    """A short fingerprint of a proposal, so a form can tell whether it changed meanwhile."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def beslutsforslag_save(
    *, delprojekt: Delprojekt, user: Actor, text: str, version: str | None = None
) -> bool:
    """Save the kansli's beslutsförslag for the item the project waits with.

    ``version`` is ``beslutsforslag_version`` of the text the user started from; when
    someone else has saved another text since, nothing is saved. Returns whether the
    text changed.
    """
    if not user.has_perm("delprojekt.edit_beslutsforslag", delprojekt):
        raise NotAllowed(_("Du får inte skriva förslag till beslut i det här delprojektet."))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_LANGD:
        raise Invalid(
            _("Förslaget får vara högst %(max)d tecken långt.") % {"max": MAX_LANGD},
            field_errors={"beslutsforslag": [_("Korta texten.")]},
        )
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if version is not None and beslutsforslag_version(dp.beslutsforslag) != version:
            raise StaleState(
                _(
                    "Någon annan har ändrat förslaget till beslut sedan du öppnade det. "
                    "Ingen ändring gjordes – läs det aktuella förslaget och försök igen."
                )
            )
        if dp.beslutsforslag == text:
            return False
        dp.beslutsforslag = text
        set_history_user(dp, user)
        dp.save(update_fields=["beslutsforslag"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.ANDRING,
            text=_("Förslaget till beslut ändrat")
            if text
            else _("Förslaget till beslut borttaget"),
        )
    delprojekt.beslutsforslag = text
    return True
