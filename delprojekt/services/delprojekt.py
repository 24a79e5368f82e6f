"""Registering a delprojekt and editing its facts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    MALL,
    Delprojekt,
    Dokument,
    Handelse,
    Kapitel,
    Person,
    Referensserie,
    Samverkan,
    Uppfoljningsplan,
)
from delprojekt.permissions import roller_for
from delprojekt.services.errors import NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.types import Actor

#: Facts the edit form changes; many-to-many ones are set after the save.
FAKTA_FIELDS = [
    "titel",
    "ursprung",
    "forslagsstallare",
    "underlag",
    "syfte",
    "mal",
    "forvantat_utfall",
    "kontaktperson",
    "samrad_samarbetsgrupp",
    "samrad_notering",
]
FAKTA_M2M = ["fokusomraden", "regioner", "chefsamrad"]


def next_reference(*, prefix: str, year: int) -> tuple[int, str]:
    """Take the next number of the prefix's series for the year. Call inside a transaction.

    The counter row is created if missing (ignoring a concurrent creator) and then
    locked, so parallel registrations queue for it and a rolled-back registration
    gives its number back: the series stays gap-free.
    """
    Referensserie.objects.bulk_create(
        [Referensserie(prefix=prefix, ar=year, senaste=0)], ignore_conflicts=True
    )
    serie = Referensserie.objects.select_for_update().get(prefix=prefix, ar=year)
    serie.senaste += 1
    serie.save(update_fields=["senaste"])
    return serie.senaste, f"{prefix}-{year}-{serie.senaste:03d}"


def create_documents(dp: Delprojekt) -> None:
    """The documents of the shared mall and the follow-up plan of a new project.

    They exist from the start, so no page creates them on read."""
    for typ, kapitel in MALL.items():
        dokument = Dokument.objects.create(delprojekt=dp, typ=typ)
        Kapitel.objects.bulk_create(
            [Kapitel(dokument=dokument, nyckel=nyckel) for nyckel, _rubrik in kapitel]
        )
    Uppfoljningsplan.objects.create(delprojekt=dp)


def delprojekt_register(
    *,
    user: Actor,
    titel: str,
    ursprung: str,
    forslagsstallare: Person | None = None,
    underlag: str = "",
    syfte: str = "",
    mal: str = "",
    forvantat_utfall: str = "",
    kontaktperson: Person | None = None,
    regioner: Iterable = (),
    fokusomraden: Iterable = (),
    chefsamrad: Iterable = (),
    registrerad: datetime.datetime | None = None,
) -> Delprojekt:
    """Register a proposal. Anyone logged in may propose; only the kansli on behalf of
    someone else.

    ``registrerad`` is for imports of earlier proposals: the time of registration,
    which also decides the year of the reference.
    """
    roller = roller_for(user)
    if forslagsstallare is None:
        forslagsstallare = roller.person
    elif forslagsstallare != roller.person and not user.has_perm("delprojekt.register_on_behalf"):
        raise NotAllowed(_("Bara kansliet kan registrera ett förslag för någon annans räkning."))
    samverkan = Samverkan.current()
    moment = registrerad or timezone.now()
    with transaction.atomic():
        year = timezone.localtime(moment).year
        prefix = samverkan.referens_prefix
        number, referens = next_reference(prefix=prefix, year=year)
        dp = Delprojekt(
            referens=referens,
            prefix=prefix,
            ar=year,
            lopnummer=number,
            titel=titel.strip(),
            ursprung=ursprung,
            forslagsstallare=forslagsstallare,
            underlag=underlag,
            syfte=syfte,
            mal=mal,
            forvantat_utfall=forvantat_utfall,
            kontaktperson=kontaktperson,
            registrerad_av=user if getattr(user, "pk", None) else None,
            skapad=moment,
            status_andrad=moment,
        )
        set_history_user(dp, user)
        dp.save()
        dp.regioner.set(regioner)
        dp.fokusomraden.set(fokusomraden)
        dp.chefsamrad.set(chefsamrad)
        create_documents(dp)
        proposer = forslagsstallare.namn if forslagsstallare else _("okänd")
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.REGISTRERING,
            text=_("Förslaget registrerades (förslagsställare: %(namn)s)") % {"namn": proposer},
            till_status=dp.status,
            tidpunkt=moment,
        )
    return dp


def delprojekt_update(
    *, delprojekt: Delprojekt, user: Actor, version: int, data: dict[str, Any]
) -> list[str]:
    """Save edited facts. Refuses when someone else saved since ``version`` was read.

    Returns the labels of the changed fields (empty when nothing changed).
    """
    if not user.has_perm("delprojekt.change_delprojekt", delprojekt):
        raise NotAllowed(_("Du får inte ändra uppgifterna i det här delprojektet."))
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.version != version:
            raise StaleState(
                _(
                    "Någon annan har sparat ändringar i delprojektet sedan du öppnade formuläret. "
                    "Dina ändringar är inte sparade – de visas nedan så att du kan jämföra "
                    "och spara igen."
                )
            )
        changed = []
        for name in FAKTA_FIELDS:
            if name in data and getattr(dp, name) != data[name]:
                setattr(dp, name, data[name])
                changed.append(name)
        m2m_changed = []
        for name in FAKTA_M2M:
            if name in data:
                before = {o.pk for o in getattr(dp, name).all()}
                after = {o.pk for o in data[name]}
                if before != after:
                    getattr(dp, name).set(data[name])
                    m2m_changed.append(name)
        if not changed and not m2m_changed:
            return []
        dp.version += 1
        set_history_user(dp, user)
        dp.save(update_fields=[*changed, "version"])
        # Only the project's own fields are edited here, never a reverse relation.
        labels = [
            str(cast(Field, Delprojekt._meta.get_field(n)).verbose_name)
            for n in changed + m2m_changed
        ]
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.ANDRING,
            text=_("Ändrade %(falt)s") % {"falt": ", ".join(labels)},
        )
        delprojekt.version = dp.version
    return labels
