"""The lifecycle's guards: what is still missing before a transition may run, as
Swedish sentences.

Each guard takes a project and returns what blocks, or ``[]``; the declaration
(``delprojekt.workflow.LIVSCYKEL``) names the guards of each transition, and the
workflow service, the transition form and the "Nästa steg" panel all read them
through ``workflow.missing``, so the user reads the same reason everywhere. The
unanimity check and the caches of the ledningsgrupp's positions live here too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delprojekt.models import (
    I_STATUS,
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Dokumenttyp,
    Handelse,
    Kapitel,
    Kompetenskrav,
    Nomineringsstatus,
    Organ,
    Organmedlemskap,
    Samverkan,
    Sprakgranskning,
    Stallningstagande,
    Uppfoljningsplan,
)
from delprojekt.models.dokument import MALL, VALFRIA_KAPITEL
from delprojekt.rapportkontroll import for_manga_forslag_text, personnummer_platser
from delprojekt.services.regionbeslut import missing_for_implementation


def beredning_klar(dp: Delprojekt) -> list[str]:
    out = []
    if not dp.underlag.strip():
        out.append(_("Ett kort skriftligt underlag saknas."))
    for field, label in (
        ("syfte", _("Syfte")),
        ("mal", _("Mål")),
        ("forvantat_utfall", _("Förväntat utfall")),
    ):
        if not getattr(dp, field).strip():
            out.append(_("%(falt)s är inte ifyllt.") % {"falt": label})
    samverkan = Samverkan.current()
    minimum = samverkan.min_regioner
    antal = dp.regioner.count()
    if antal < minimum:
        out.append(
            ngettext(
                "Minst %(min)d regioner måste beröras – %(antal)d är vald.",
                "Minst %(min)d regioner måste beröras – %(antal)d är valda.",
                antal,
            )
            % {"min": minimum, "antal": antal}
        )
    if not dp.fokusomraden.exists():
        out.append(_("Minst ett fokusområde måste väljas."))
    if samverkan.med_samarbetsgrupp and dp.samrad_samarbetsgrupp is None:
        out.append(_("Avstämningen med samarbetsgruppen är inte registrerad."))
    return out


def _empty_chapters(dp: Delprojekt, typ: str) -> list[str]:
    filled = {
        k.nyckel
        for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=typ)
        if k.text.strip()
    }
    return [
        str(rubrik)
        for nyckel, rubrik in MALL[typ]
        if nyckel not in filled and nyckel not in VALFRIA_KAPITEL
    ]


def uppdrag_klart(dp: Delprojekt) -> list[str]:
    empty = _empty_chapters(dp, Dokumenttyp.UPPDRAG)
    if empty:
        return [_("Uppdraget saknar: %(kapitel)s.") % {"kapitel": ", ".join(empty)}]
    return []


def arbetsgrupp_utsedd(dp: Delprojekt) -> list[str]:
    out = []
    members = list(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=dp)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .select_related("person")
    )
    utsedda = [m for m in members if m.status == Nomineringsstatus.UTSEDD]
    if not any(m.roll == ArbetsgruppRoll.ORDFORANDE for m in utsedda):
        out.append(_("Ingen ordförande är utsedd."))
    if dp.kontaktperson_id is None and not any(
        m.roll == ArbetsgruppRoll.KONTAKTPERSON for m in utsedda
    ):
        out.append(_("Ingen kontaktperson på kansliet är utsedd."))
    if not any(m.roll == ArbetsgruppRoll.LEDAMOT for m in utsedda):
        out.append(_("Inga ledamöter är utsedda."))
    pending = [m for m in members if m.status != Nomineringsstatus.UTSEDD]
    if pending:
        out.append(
            _("Nomineringar som inte är avgjorda: %(namn)s.")
            % {
                "namn": ", ".join(
                    f"{m.person.namn} ({m.get_status_display().lower()})" for m in pending
                )
            }
        )
    unchecked = [m.person.namn for m in utsedda if not m.avstamt_med_chef]
    if unchecked:
        out.append(_("Inte avstämt med närmaste chef: %(namn)s.") % {"namn": ", ".join(unchecked)})
    return out


def ska_kompetenser_finns(dp: Delprojekt) -> list[str]:
    """Every competence the uppdrag says *ska finnas* is covered by an appointed member,
    or has a recorded reason why the group lacks it."""
    krav = [k for k in dp.kompetenskrav.all() if k.krav == Kompetenskrav.Krav.SKA]
    if not krav:
        return []
    covered = set(
        Arbetsgruppsmedlemskap.objects.utsedda()
        .filter(delprojekt=dp)
        .exclude(roll=ArbetsgruppRoll.KONTAKTPERSON)
        .values_list("kompetenser", flat=True)
    )
    saknas = [k.benamning for k in krav if k.pk not in covered and not k.skal_saknas.strip()]
    if not saknas:
        return []
    return [
        ngettext(
            "Kompetensen %(namn)s ska finnas i arbetsgruppen enligt uppdraget men ingen utsedd "
            "täcker den. Utse någon som gör det, eller ange skälet till att den saknas.",
            "Kompetenserna %(namn)s ska finnas i arbetsgruppen enligt uppdraget men ingen utsedd "
            "täcker dem. Utse någon som gör det, eller ange skälet till att var och en saknas.",
            len(saknas),
        )
        % {"namn": ", ".join(saknas)}
    ]


def ordforande_uppgifter(dp: Delprojekt) -> list[str]:
    """Advice: the chair's appointment records the allocated time and relevant experience."""
    chairs = (
        Arbetsgruppsmedlemskap.objects.utsedda()
        .filter(delprojekt=dp, roll=ArbetsgruppRoll.ORDFORANDE)
        .select_related("person")
    )
    return [
        _("Ordförandens (%(namn)s) avsatta tid och relevanta erfarenhet är inte registrerade.")
        % {"namn": m.person.namn}
        for m in chairs
        if not m.avsatt_tid.strip() or not m.erfarenhet.strip()
    ]


def atgardsforslag_finns(dp: Delprojekt) -> list[str]:
    if not dp.atgardsforslag.exists():
        return [_("Minst ett åtgärdsförslag måste finnas.")]
    return []


def slutrapport_klar(dp: Delprojekt) -> list[str]:
    out = []
    empty = _empty_chapters(dp, Dokumenttyp.SLUTRAPPORT)
    if empty:
        out.append(_("Slutrapporten saknar: %(kapitel)s.") % {"kapitel": ", ".join(empty)})
    plan = Uppfoljningsplan.objects.filter(delprojekt=dp).first()
    saknas = plan.saknas(dp.uppfoljningsparametrar.count()) if plan else [_("hela planen")]
    if saknas:
        out.append(
            _("Uppföljningsplanen saknar: %(delar)s.")
            % {"delar": ", ".join(str(s) for s in saknas)}
        )
    if not dp.atgardsforslag.exists():
        out.append(_("Minst ett åtgärdsförslag måste finnas."))
    platser = personnummer_platser(dp)
    if platser:
        out.append(
            _(
                "Något som liknar ett personnummer finns i: %(platser)s. Patientuppgifter får "
                "aldrig stå i rapporten – ta bort uppgiften."
            )
            % {"platser": ", ".join(str(p) for p in platser)}
        )
    return out


def current_arende(dp: Delprojekt) -> Handelse | None:
    """The event that put the project in its current state (the item a body decides on).

    Cached on the instance per state, since a page asks for it several times.
    """
    cached = dp.__dict__.get("_arende")
    if cached is not None and cached[0] == dp.status:
        return cached[1]
    arende = (
        Handelse.objects.filter(delprojekt=dp, typ__in=I_STATUS, till_status=dp.status)
        .order_by("-tidpunkt", "-pk")
        .first()
    )
    dp.__dict__["_arende"] = (dp.status, arende)
    return arende


def ledningsgrupp_ledamoter(dp: Delprojekt | None = None) -> list[Organmedlemskap]:
    """The ledningsgrupp's current deciding members (cached on ``dp`` when given)."""
    if dp is not None and "_ledamoter" in dp.__dict__:
        return dp.__dict__["_ledamoter"]
    ledamoter = list(
        Organmedlemskap.objects.current()
        .filter(
            organ__typ=Organ.Typ.LEDNINGSGRUPP,
            organ__aktiv=True,
            roll__in=Organmedlemskap.BESLUTANDE,
        )
        .select_related("person", "person__region")
        .order_by("person__region__ordning", "person__namn")
    )
    if dp is not None:
        dp.__dict__["_ledamoter"] = ledamoter
    return ledamoter


def positioner(dp: Delprojekt, arende: Handelse | None) -> dict[int, Stallningstagande]:
    """Positions on ``arende`` by person id (cached on ``dp`` until positions change)."""
    if arende is None:
        return {}
    cached = dp.__dict__.get("_positioner")
    if cached is not None and cached[0] == arende.pk:
        return cached[1]
    result = {
        s.person_id: s
        for s in Stallningstagande.objects.filter(delprojekt=dp, arende=arende).select_related(
            "registrerat_av"
        )
    }
    dp.__dict__["_positioner"] = (arende.pk, result)
    return result


def forget_positioner(dp: Delprojekt) -> None:
    dp.__dict__.pop("_positioner", None)


def enighet(dp: Delprojekt) -> list[str]:
    """Why the ledningsgrupp is not unanimous on the item before it (empty when it is)."""
    ledamoter = ledningsgrupp_ledamoter(dp)
    if not ledamoter:
        return [_("Ledningsgruppen har inga ledamöter registrerade.")]
    pos = positioner(dp, current_arende(dp))
    saknar = [m.person.namn for m in ledamoter if m.person_id not in pos]
    reservation = [
        m.person.namn
        for m in ledamoter
        if m.person_id in pos and pos[m.person_id].position != "instammer"
    ]
    out = []
    if saknar or reservation:
        out.append(_("Ledningsgruppen är inte enig om beslutsförslaget."))
    if saknar:
        out.append(_("Ställningstagande saknas från: %(namn)s.") % {"namn": ", ".join(saknar)})
    if reservation:
        out.append(_("Reservation från: %(namn)s.") % {"namn": ", ".join(reservation)})
    return out


def atgardsforslag_att_rekommendera(dp: Delprojekt) -> list[str]:
    if not dp.atgardsforslag.exists():
        return [_("Det finns inga åtgärdsförslag att rekommendera.")]
    return []


def regionernas_beslut_klara(dp: Delprojekt) -> list[str]:
    return missing_for_implementation(dp)


def sprakgranskning_gjord(dp: Delprojekt) -> list[str]:
    """Advice, not a block: the method asks for a language review before hand-in."""
    g = Sprakgranskning.objects.filter(delprojekt=dp).select_related("granskare").first()
    if g is None:
        return [
            _(
                "Ingen språkgranskning är gjord. Arbetsmetoden ber arbetsgruppens kommunikatör "
                "(eller kansliet) granska språket innan rapporten lämnas in."
            )
        ]
    if g.klar is None:
        return [
            _("Språkgranskningen är inte klar: %(namn)s har inte markerat den som klar.")
            % {"namn": g.granskare.namn}
        ]
    return []


def for_manga_forslag(dp: Delprojekt) -> list[str]:
    """Advice, not a block: more åtgärdsförslag than the working method recommends."""
    text = for_manga_forslag_text(dp.atgardsforslag.count())
    return [text] if text else []
