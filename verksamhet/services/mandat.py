"""A member's mandate from their own region: what they may decide, given by whom, until when."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Organmedlemskap
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.types import Actor as User
from verksamhet.models import Mandat


def mandat_save(*, user: User, medlemskap: Organmedlemskap, data: dict) -> Mandat:
    if not user.has_perm("verksamhet.edit_mandat", medlemskap):
        raise NotAllowed(_("Bara ledamoten själv och kansliet registrerar mandatet."))
    fel: dict[str, list[str]] = {}
    omfattning = (data.get("omfattning") or "").strip()
    givet_av = (data.get("givet_av") or "").strip()
    giltigt_till = data.get("giltigt_till")
    if not omfattning:
        fel["omfattning"] = [_("Skriv vad ledamoten får besluta.")]
    elif len(omfattning) > 2000:
        fel["omfattning"] = [_("Högst 2 000 tecken.")]
    if not givet_av:
        fel["givet_av"] = [_("Skriv vem i regionen som gav mandatet.")]
    elif len(givet_av) > 200:
        fel["givet_av"] = [_("Högst 200 tecken.")]
    if giltigt_till is not None:
        if not isinstance(giltigt_till, datetime.date):
            fel["giltigt_till"] = [_("Ange ett datum (ÅÅÅÅ-MM-DD).")]
        elif giltigt_till < timezone.localdate():
            fel["giltigt_till"] = [_("Ett mandat som redan har gått ut kan inte registreras.")]
    if fel:
        raise Invalid(_("Mandatet sparades inte. Rätta uppgifterna."), field_errors=fel)
    with transaction.atomic():
        Organmedlemskap.objects.select_for_update().get(pk=medlemskap.pk)
        mandat = Mandat.objects.filter(medlemskap=medlemskap).first()
        if mandat is None:
            mandat = Mandat(medlemskap=medlemskap)
        mandat.omfattning = omfattning
        mandat.givet_av = givet_av
        mandat.giltigt_till = giltigt_till
        mandat.andrad = timezone.now()
        mandat.andrad_av = user
        mandat.save()
    return mandat
