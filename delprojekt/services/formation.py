"""Checks of the working group's composition, shown on the group page as warnings.

They count the group as it is being formed: current memberships that are not declined
(appointed members and nominees still in progress), except the kansli's contact person,
who supports the group rather than being one of its members. None of them blocks a
transition; the hand-over's own requirements are guards (``services/guards.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Kompetenskrav,
    Nomineringsstatus,
)


@dataclass
class Check:
    key: str
    rubrik: str
    ok: bool
    text: str
    saknas: list[str] = field(default_factory=list)


def counted_members(
    members: Iterable[Arbetsgruppsmedlemskap],
) -> list[Arbetsgruppsmedlemskap]:
    """The members the checks count (see the module's docstring)."""
    today = timezone.localdate()
    return [
        m
        for m in members
        if (m.till is None or m.till >= today)
        and m.status != Nomineringsstatus.AVBOJD
        and m.roll != ArbetsgruppRoll.KONTAKTPERSON
    ]


def _members(dp: Delprojekt) -> list[Arbetsgruppsmedlemskap]:
    return list(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=dp)
        .select_related("region", "person")
        .prefetch_related("kompetenser")
    )


def formation_checks(
    dp: Delprojekt,
    members: Iterable[Arbetsgruppsmedlemskap] | None = None,
    kompetenskrav: Iterable[Kompetenskrav] | None = None,
) -> list[Check]:
    """The composition checks. Pass ``members`` (with ``region`` selected and
    ``kompetenser`` prefetched) and ``kompetenskrav`` to save queries."""
    group = counted_members(_members(dp) if members is None else members)
    krav = list(dp.kompetenskrav.all() if kompetenskrav is None else kompetenskrav)
    return [
        _chair(group),
        _regions(dp, group),
        _competences(krav, group),
        _professions(group),
        _patient(dp, group),
    ]


def _chair(group: list[Arbetsgruppsmedlemskap]) -> Check:
    rubrik = _("Ordföranden är vald först")
    chairs = [m for m in group if m.roll == ArbetsgruppRoll.ORDFORANDE]
    klara = [
        m for m in chairs if m.status in (Nomineringsstatus.ACCEPTERAD, Nomineringsstatus.UTSEDD)
    ]
    if not chairs:
        return Check(
            "ordforande",
            rubrik,
            False,
            _("Ingen ordförande är nominerad. Enligt arbetsmetoden väljs ordföranden först."),
        )
    if not klara:
        return Check(
            "ordforande",
            rubrik,
            False,
            _("Ordföranden har ännu inte accepterat. Vänta gärna med övriga tills hen tackat ja."),
        )
    utan = [m.person.namn for m in klara if not m.avsatt_tid.strip() or not m.erfarenhet.strip()]
    if utan:
        return Check(
            "ordforande",
            rubrik,
            False,
            _(
                "Ordföranden har accepterat, men avsatt tid och relevant erfarenhet saknas för: "
                "%(namn)s."
            )
            % {"namn": ", ".join(utan)},
            utan,
        )
    m = klara[0]
    return Check(
        "ordforande",
        rubrik,
        True,
        _("%(namn)s har accepterat; avsatt tid: %(tid)s.")
        % {"namn": m.person.namn, "tid": m.avsatt_tid},
    )


def _regions(dp: Delprojekt, group: list[Arbetsgruppsmedlemskap]) -> Check:
    rubrik = _("Alla berörda regioner finns med")
    berorda = list(dp.regioner.all())
    if not berorda:
        return Check(
            "regioner", rubrik, False, _("Delprojektet har inga berörda regioner angivna.")
        )
    present = {m.region_id for m in group if m.region_id}
    saknas = [r.namn for r in berorda if r.pk not in present]
    if saknas:
        return Check(
            "regioner",
            rubrik,
            False,
            _("Ingen i arbetsgruppen kommer från: %(regioner)s.") % {"regioner": ", ".join(saknas)},
            saknas,
        )
    return Check(
        "regioner",
        rubrik,
        True,
        _("Alla %(antal)s berörda regioner är representerade.") % {"antal": len(berorda)},
    )


def _competences(krav: list[Kompetenskrav], group: list[Arbetsgruppsmedlemskap]) -> Check:
    rubrik = _("Uppdragets kompetenskrav är täckta")
    if not krav:
        return Check("kompetenser", rubrik, True, _("Uppdraget anger inga kompetenskrav."))
    covered = {k.pk for m in group for k in m.kompetenser.all()}
    saknas = [
        f"{k.benamning} ({k.get_krav_display().lower()}"
        + (str(_(", skäl angivet")) if k.skal_saknas.strip() else "")
        + ")"
        for k in krav
        if k.pk not in covered
    ]
    if saknas:
        return Check(
            "kompetenser",
            rubrik,
            False,
            _("Ingen i arbetsgruppen täcker: %(kompetenser)s.")
            % {"kompetenser": ", ".join(saknas)},
            saknas,
        )
    return Check(
        "kompetenser",
        rubrik,
        True,
        _("Alla %(antal)s kompetenskrav täcks av någon i gruppen.") % {"antal": len(krav)},
    )


def _professions(group: list[Arbetsgruppsmedlemskap]) -> Check:
    rubrik = _("Arbetsgruppen är tvärprofessionell")
    professions: dict[str, str] = {}
    for m in group:
        p = (m.profession or "").strip()
        if p:
            professions.setdefault(p.casefold(), p)
    if len(professions) > 1:
        return Check(
            "professioner",
            rubrik,
            True,
            _("%(antal)s professioner: %(lista)s.")
            % {"antal": len(professions), "lista": ", ".join(sorted(professions.values()))},
        )
    if professions:
        text = _("Alla i gruppen har samma profession (%(profession)s).") % {
            "profession": next(iter(professions.values()))
        }
    else:
        text = _("Ingen profession är angiven för gruppens medlemmar.")
    return Check("professioner", rubrik, False, text)


def _patient(dp: Delprojekt, group: list[Arbetsgruppsmedlemskap]) -> Check:
    rubrik = _("Patient- eller närståenderepresentant övervägd")
    reps = [m for m in group if m.roll == ArbetsgruppRoll.PATIENTREPRESENTANT]
    if reps:
        return Check(
            "patient",
            rubrik,
            True,
            _("Arbetsgruppen har en patient- eller närståenderepresentant."),
        )
    if (dp.utan_patientrepresentant or "").strip():
        return Check(
            "patient",
            rubrik,
            True,
            _("Ingen representant – skälet är angivet: %(skal)s")
            % {"skal": dp.utan_patientrepresentant.strip()},
        )
    return Check(
        "patient",
        rubrik,
        False,
        _("Ingen patient- eller närståenderepresentant, och inget skäl är angivet."),
    )
