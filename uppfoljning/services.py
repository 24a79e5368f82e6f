"""Recording that a follow-up report has been presented to the bodies."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Handelse, Status
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.workflow import record_event
from uppfoljning.models import Uppfoljningsomgang

DATE_FIELDS = {
    "redovisad_samarbetsgrupp": _("samarbetsgruppen"),
    "redovisad_ledningsgrupp": _("ledningsgruppen"),
    "redovisad_namnd": _("nämnden"),
}


def omgang_redovisning_save(*, omgang: Uppfoljningsomgang, user: Any, data: dict[str, Any]) -> bool:
    dp = omgang.delprojekt
    if not user.has_perm("delprojekt.record_uppfoljning", dp):
        raise NotAllowed(_("Du får inte registrera uppföljningen."))
    if dp.status != Status.UPPFOLJNING:
        raise DomainError(_("Redovisningar registreras när delprojektet är i uppföljning."))
    errors = {
        f: [_("Datumet kan inte ligga i framtiden.")]
        for f in DATE_FIELDS
        if data.get(f) and data[f] > timezone.localdate()
    }
    if errors:
        raise DomainError(_("Datumet kan inte ligga i framtiden."), field_errors=errors)
    with transaction.atomic():
        o = Uppfoljningsomgang.objects.select_for_update().get(pk=omgang.pk)
        changed = [f for f in DATE_FIELDS if getattr(o, f) != data.get(f)]
        if not changed:
            return False
        for f in changed:
            setattr(o, f, data.get(f))
        o._history_user = user
        o.save(update_fields=changed)
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Uppföljning %(nr)s: redovisning registrerad för %(organ)s")
            % {"nr": o.nummer, "organ": ", ".join(str(DATE_FIELDS[f]) for f in changed)},
        )
    return True
