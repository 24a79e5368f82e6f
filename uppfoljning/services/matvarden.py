"""The follow-up's parameters and their measured values: entry, removal and file import.

Permissions: ``uppfoljning.edit_parameter`` for the parameters themselves;
``uppfoljning.record_matvarde`` for the values, where a regional coordinator may only
enter and remove values of their own region (never the whole sjukvårdsregion's).
Every change is recorded on the project's timeline as a follow-up event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse, Region, Samverkan, Uppfoljningsparameter
from delprojekt.permissions import is_kansli, roller_for
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.uppfoljningsparametrar import PARAMETER_FIELDS, _validate
from delprojekt.types import Actor, Viewer
from uppfoljning import matvardesimport
from uppfoljning.diagram import tal
from uppfoljning.matvardesimport import Filfel
from uppfoljning.models import Matvarde
from uppfoljning.permissions import is_uppfoljningsansvarig

HELA = "Hela sjukvårdsregionen"


@dataclass
class ImportResultat:
    """What an import did: new and replaced values, or (when ``fel``) nothing at all."""

    nya: int = 0
    andrade: int = 0
    fel: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fel


# --- Who may enter which region's values ---------------------------------------------


def tillatna_regioner(user: Viewer, delprojekt: Delprojekt) -> set[int | None] | None:
    """The region ids (None: the whole sjukvårdsregion) the user may enter values for;
    None when every region of the project is allowed; an empty set when none."""
    if not user.has_perm("uppfoljning.record_matvarde", delprojekt):
        return set()
    if is_kansli(user) or is_uppfoljningsansvarig(user, delprojekt):
        return None
    own = roller_for(user).samordnare_region_id
    return {own} if own is not None else set()


def _regionnamn(region: Region | None) -> str:
    return region.namn if region is not None else _(HELA)


def _check_region(user: Actor, delprojekt: Delprojekt, region: Region | None) -> None:
    allowed = tillatna_regioner(user, delprojekt)
    if allowed is None:
        return
    if not allowed:
        raise NotAllowed(_("Du får inte registrera mätvärden i det här delprojektet."))
    if getattr(region, "pk", None) not in allowed:
        raise NotAllowed(_("Du får bara registrera och ta bort värden för din egen region."))


def _event(delprojekt: Delprojekt, user: Actor, text: str) -> None:
    record_event(delprojekt=delprojekt, user=user, typ=Handelse.Typ.UPPFOLJNING, text=text)


# --- Validation shared by the form and the import -------------------------------------


def validera_varde(
    *,
    delprojekt: Delprojekt,
    region: Region | None,
    datum: datetime.date | None,
    varde: Decimal | None,
    kalla: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if region is not None and not delprojekt.regioner.filter(pk=region.pk).exists():
        errors["region"] = [_("Regionen berörs inte av delprojektet.")]
    if datum is None:
        errors["datum"] = [_("Ange datum för mätningen.")]
    else:
        why = matvardesimport.datum_fel(datum, timezone.localdate())
        if why:
            errors["datum"] = [why[:1].upper() + why[1:] + "."]
    if varde is None:
        errors["varde"] = [_("Skriv ett tal, t.ex. 12,5.")]
    else:
        if not isinstance(varde, Decimal):
            varde = Decimal(str(varde))
        why = None if varde.is_finite() else _("värdet är inget tal")
        why = why or matvardesimport.varde_fel(varde)
        if why:
            errors["varde"] = [why[:1].upper() + why[1:] + "."]
    if len(kalla or "") > 300:
        errors["kalla"] = [_("Högst 300 tecken.")]
    return errors


def _finns(parameter: Uppfoljningsparameter, region: Region | None, datum: datetime.date) -> bool:
    return Matvarde.objects.filter(parameter=parameter, region=region, datum=datum).exists()


def _dubblett(region: Region | None, datum: datetime.date) -> str:
    return _(
        "Det finns redan ett värde för %(region)s den %(datum)s. Ta bort det först "
        "om det ska ersättas."
    ) % {"region": _regionnamn(region), "datum": f"{datum:%Y-%m-%d}"}


# --- Measured values ---------------------------------------------------------------------


def matvarde_add(
    *, parameter: Uppfoljningsparameter, user: Actor, data: dict[str, Any]
) -> Matvarde:
    """Record one measured value. ``data``: region (None: whole), datum, varde, kalla."""
    delprojekt = parameter.delprojekt
    if not user.has_perm("uppfoljning.record_matvarde", delprojekt):
        raise NotAllowed(_("Du får inte registrera mätvärden i det här delprojektet."))
    region = data.get("region")
    _check_region(user, delprojekt, region)
    datum = data.get("datum")
    varde = data.get("varde")
    kalla = (data.get("kalla") or "").strip()
    errors = validera_varde(
        delprojekt=delprojekt, region=region, datum=datum, varde=varde, kalla=kalla
    )
    if errors:
        raise Invalid(_("Värdet är inte sparat. Rätta uppgifterna."), field_errors=errors)
    with transaction.atomic():
        # The parameter's lock serialises entries so that a double click finds the first.
        Uppfoljningsparameter.objects.select_for_update().get(pk=parameter.pk)
        assert datum is not None and varde is not None  # validera_varde refused them missing
        if _finns(parameter, region, datum):
            raise Invalid(
                _dubblett(region, datum), field_errors={"datum": [_dubblett(region, datum)]}
            )
        m = Matvarde(
            parameter=parameter,
            region=region,
            datum=datum,
            varde=varde,
            kalla=kalla,
            registrerad_av=user if getattr(user, "pk", None) else None,
        )
        set_history_user(m, user)
        try:
            with transaction.atomic():
                m.save()
        except IntegrityError as exc:
            raise Invalid(_dubblett(region, datum)) from exc
        _event(
            delprojekt,
            user,
            _("Mätvärde för %(parameter)s: %(region)s %(datum)s, %(varde)s")
            % {
                "parameter": parameter.namn,
                "region": _regionnamn(region),
                "datum": f"{datum:%Y-%m-%d}",
                "varde": f"{tal(m.varde)} {parameter.enhet}".strip(),
            },
        )
    return m


def matvarde_remove(*, matvarde: Matvarde, user: Actor) -> None:
    parameter = matvarde.parameter
    delprojekt = parameter.delprojekt
    if not user.has_perm("uppfoljning.record_matvarde", delprojekt):
        raise NotAllowed(_("Du får inte ta bort mätvärden i det här delprojektet."))
    _check_region(user, delprojekt, matvarde.region)
    with transaction.atomic():
        Uppfoljningsparameter.objects.select_for_update().get(pk=parameter.pk)
        m = Matvarde.objects.filter(pk=matvarde.pk).first()
        if m is None:
            return
        text = _("Mätvärde borttaget för %(parameter)s: %(region)s %(datum)s, %(varde)s") % {
            "parameter": parameter.namn,
            "region": _regionnamn(matvarde.region),
            "datum": f"{m.datum:%Y-%m-%d}",
            "varde": f"{tal(m.varde)} {parameter.enhet}".strip(),
        }
        set_history_user(m, user)
        m.delete()
        _event(delprojekt, user, text)


# --- Parameters --------------------------------------------------------------------------


def _require_edit(user: Actor, delprojekt: Delprojekt) -> None:
    if not user.has_perm("uppfoljning.edit_parameter", delprojekt):
        raise NotAllowed(_("Du får inte ändra uppföljningens parametrar."))


def uppfoljningsparameter_add(
    *, delprojekt: Delprojekt, user: Actor, data: dict[str, Any]
) -> Uppfoljningsparameter:
    """A parameter added during the follow-up (the plan's own are edited in the report)."""
    _require_edit(user, delprojekt)
    _validate(data)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        last = delprojekt.uppfoljningsparametrar.order_by("-ordning").first()
        p = Uppfoljningsparameter(delprojekt=delprojekt, ordning=(last.ordning + 1) if last else 1)
        for f in PARAMETER_FIELDS:
            value = data.get(f)
            setattr(p, f, value.strip() if isinstance(value, str) else value)
        set_history_user(p, user)
        p.save()
        _event(
            delprojekt,
            user,
            _("Uppföljningsparameter %(nr)s lades till: %(namn)s")
            % {"nr": p.ordning, "namn": p.namn},
        )
    return p


def uppfoljningsparameter_change(
    *, parameter: Uppfoljningsparameter, user: Actor, data: dict[str, Any]
) -> Uppfoljningsparameter:
    delprojekt = parameter.delprojekt
    _require_edit(user, delprojekt)
    _validate(data)
    with transaction.atomic():
        p = Uppfoljningsparameter.objects.select_for_update().get(pk=parameter.pk)
        changed = []
        for f in PARAMETER_FIELDS:
            value = data.get(f)
            if isinstance(value, str):
                value = value.strip()
            if getattr(p, f) != value:
                setattr(p, f, value)
                changed.append(f)
        if not changed:
            return p
        set_history_user(p, user)
        p.save(update_fields=changed)
        _event(
            delprojekt,
            user,
            _("Uppföljningsparameter %(nr)s ändrades: %(namn)s")
            % {"nr": p.ordning, "namn": p.namn},
        )
    return p


# --- Import ------------------------------------------------------------------------------


def matvarden_import(*, delprojekt: Delprojekt, user: Actor, fil: Any) -> ImportResultat:
    """Import a CSV or XLSX file of measured values: every row, or (on any error) none.

    A row for a parameter, region and date that already has a value replaces it.
    """
    if not user.has_perm("uppfoljning.record_matvarde", delprojekt):
        raise NotAllowed(_("Du får inte registrera mätvärden i det här delprojektet."))
    allowed = tillatna_regioner(user, delprojekt)
    try:
        raw = matvardesimport.las_fil(fil)
    except Filfel as exc:
        return ImportResultat(fel=[str(exc)])
    parametrar = list(delprojekt.uppfoljningsparametrar.order_by("ordning", "pk"))
    if not parametrar:
        return ImportResultat(
            fel=[_("Delprojektet har inga parametrar ännu. Lägg till en parameter först.")]
        )
    regioner = list(delprojekt.regioner.order_by("ordning", "namn"))
    rader, fel = matvardesimport.tolka(
        raw,
        parametrar=parametrar,
        regioner=regioner,
        sjukvardsregion=Samverkan.current().sjukvardsregion,
        today=timezone.localdate(),
    )
    if allowed is not None:
        for r in rader:
            if getattr(r.region, "pk", None) not in allowed:
                fel.append(
                    _("Rad %(rad)s: du får bara registrera värden för din egen region")
                    % {"rad": r.nummer}
                )
        fel.sort(key=_radnummer)
    if fel:
        return ImportResultat(fel=fel)

    resultat = ImportResultat()
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        list(
            Uppfoljningsparameter.objects.select_for_update()
            .filter(pk__in=[p.pk for p in parametrar])
            .values_list("pk", flat=True)
        )
        existing = {
            (m.parameter_id, m.region_id, m.datum): m
            for m in Matvarde.objects.filter(parameter__in=parametrar)
        }
        per_parameter: dict[str, int] = {}
        for r in rader:
            key = (r.parameter.pk, getattr(r.region, "pk", None), r.datum)
            m = existing.get(key)
            if m is not None:
                if m.varde == r.varde and m.kalla == r.kalla:
                    continue
                m.varde = r.varde
                m.kalla = r.kalla
                m.registrerad_av = user if getattr(user, "pk", None) else None
                m.registrerad = timezone.now()
                set_history_user(m, user)
                m.save(update_fields=["varde", "kalla", "registrerad_av", "registrerad"])
                resultat.andrade += 1
            else:
                m = Matvarde(
                    parameter=r.parameter,
                    region=r.region,
                    datum=r.datum,
                    varde=r.varde,
                    kalla=r.kalla,
                    registrerad_av=user if getattr(user, "pk", None) else None,
                )
                set_history_user(m, user)
                m.save()
                resultat.nya += 1
            per_parameter[r.parameter.namn] = per_parameter.get(r.parameter.namn, 0) + 1
        if resultat.nya or resultat.andrade:
            _event(
                delprojekt,
                user,
                _("Mätvärden importerades: %(nya)s nya, %(andrade)s ändrade (%(parametrar)s)")
                % {
                    "nya": resultat.nya,
                    "andrade": resultat.andrade,
                    "parametrar": ", ".join(per_parameter),
                },
            )
    return resultat


def _radnummer(message: str) -> int:
    try:
        return int(message.split(":", 1)[0].split()[-1])
    except (ValueError, IndexError):
        return 0
