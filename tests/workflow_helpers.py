"""Helpers that satisfy each transition's guards, so tests can walk the lifecycle."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Huvudmannabeslut,
    Kapitel,
    Organ,
    Paragrafserie,
    Person,
    Rekommendationsutfall,
    Sammantrade,
    Samverkan,
    Uppfoljningsparameter,
    Uppfoljningsplan,
)
from delprojekt.services.guards import ledningsgrupp_ledamoter
from delprojekt.services.regionbeslut import current_rekommendationer
from delprojekt.services.sammantrade import protokoll_finalise, punkt_record
from delprojekt.services.workflow import BeslutUppgifter, Overgangsdata, delprojekt_transition
from delprojekt.workflow import overgang
from tests import factories as f

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def set_kedja(*, samarbetsgrupp: bool = True, politisk_beredning: bool = True) -> Samverkan:
    """Configure the samverkan's chain of bodies (saving it empties the cache)."""
    s = Samverkan.objects.get()
    s.med_samarbetsgrupp = samarbetsgrupp
    s.med_politisk_beredning = politisk_beredning
    s.save(update_fields=["med_samarbetsgrupp", "med_politisk_beredning"])
    return s


def kedja_for(o) -> Samverkan | None:
    """Configure a chain in which transition ``o`` exists (``None``: any chain will do)."""
    if o.kedja is None:
        return None
    organ, med = o.kedja
    if organ == Organ.Typ.SAMARBETSGRUPP:
        return set_kedja(samarbetsgrupp=med)
    return set_kedja(politisk_beredning=med)


def fill_beredning(dp: Delprojekt, org) -> None:
    dp.underlag = "Kort underlag."
    dp.syfte = "Syftet."
    dp.mal = "Målet."
    dp.forvantat_utfall = "Utfallet."
    dp.samrad_samarbetsgrupp = timezone.localdate()
    dp.save(update_fields=["underlag", "syfte", "mal", "forvantat_utfall", "samrad_samarbetsgrupp"])
    dp.regioner.set(org.regioner)
    dp.fokusomraden.set(org.fokus[:1])


def fill_chapters(dp: Delprojekt, typ: str) -> None:
    Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=typ).update(text="Text.")


def fill_group(dp: Delprojekt, kansli_user) -> None:
    """An appointed chair and member (who brings every competence the uppdrag asks for so
    far) and the kansli's contact person."""
    f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, roll="ordforande")
    ledamot = f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, roll="ledamot")
    ledamot.kompetenser.set(dp.kompetenskrav.all())
    dp.kontaktperson = Person.objects.get(user=kansli_user)
    dp.save(update_fields=["kontaktperson"])


def fill_slutrapport(dp: Delprojekt) -> None:
    if not dp.atgardsforslag.exists():
        f.AtgardsforslagFactory(delprojekt=dp)
    fill_chapters(dp, "slutrapport")
    Uppfoljningsplan.objects.filter(delprojekt=dp).update(
        hur="Enkät", nar="Efter 12 månader", vem="Tidigare ordförande", parametrar="Väntetid"
    )
    if not dp.uppfoljningsparametrar.exists():
        Uppfoljningsparameter.objects.create(
            delprojekt=dp, namn="Väntetid", enhet="dagar", kalla="pas", malvarde=30
        )


def all_agree() -> dict[int, tuple[str, str]]:
    return {m.person_id: ("instammer", "") for m in ledningsgrupp_ledamoter()}


def utanfor_mote(
    text: str = "Beslut enligt förslaget.", *, slag: str = Beslut.Slag.PER_CAPSULAM
) -> Overgangsdata:
    """A body's decision taken today outside a meeting (its § is taken from the series at
    once), as the transition's data."""
    return Overgangsdata(
        beslut=BeslutUppgifter(datum=timezone.localdate(), beslutstext=text, slag=slag)
    )


def latest_paragraph(organ, year: int) -> str:
    """The § most recently taken from the body's series of ``year``."""
    return f"§ {Paragrafserie.objects.get(organ=organ, ar=year).senaste}/{year}"


def meeting_today(organ_typ: str, user) -> Sammantrade:
    """A meeting of the body that started an hour ago, with the kansli as secretary."""
    organ = Organ.of_kind(organ_typ)
    assert organ is not None, f"inget organ av typen {organ_typ}"
    return Sammantrade.objects.create(
        organ=organ, start=timezone.now() - datetime.timedelta(hours=1), registrerat_av=user
    )


def decide_at_meeting(
    dp: Delprojekt, name: str, user, *, data: Overgangsdata, kommentar: str = "", **kwargs
) -> Delprojekt:
    """The body decides ``name`` on an item of today's meeting, and the protocol is
    finalised, as the meeting page does it."""
    o = overgang(dp.status, name)
    assert o is not None and o.organ, f"{name} från {dp.status} är inget organs beslut"
    s = meeting_today(o.organ, user)
    punkt = Dagordningspunkt.objects.create(
        sammantrade=s, ordning=1, typ=Dagordningspunkt.Typ.ARENDE, rubrik=dp.titel, delprojekt=dp
    )
    text = data.beslut.beslutstext if data.beslut is not None else ""
    punkt_record(
        punkt=punkt,
        user=user,
        overgang=name,
        beslutstext=text or o.beslutstext(s.organ.namn, dp.titel),
        rekommendationer=data.rekommendationer,
        positioner=data.positioner,
        kommentar=kommentar,
        expected_status=kwargs.pop("expected_status", None),
    )
    assert not kwargs, f"okända argument: {sorted(kwargs)}"
    protokoll_finalise(sammantrade=s, user=user)
    dp.refresh_from_db()
    return dp


def run(dp: Delprojekt, name: str, user, **kwargs) -> Delprojekt:
    """Run one transition with the decision data its form would require; a body's decision
    is taken at one of its meetings unless ``data`` says how it was taken outside one."""
    o = overgang(dp.status, name)
    assert o is not None, f"{name} från {dp.status}"
    data = kwargs.pop("data", None) or Overgangsdata()
    if o.rekommendationer and not data.rekommendationer:
        data.rekommendationer = {
            a.pk: f"{Samverkan.current().namnd_namn} rekommenderar regionerna att {a.titel.lower()}"
            for a in dp.atgardsforslag.all()
        }
    if o.forfallodatum and data.forfallodatum is None:
        data.forfallodatum = timezone.localdate() + datetime.timedelta(days=270)
    kommentar = kwargs.pop("kommentar", "Motivering." if o.kommentar_kravs else "")
    if o.organ and (data.beslut is None or data.beslut.slag == Beslut.Slag.SAMMANTRADE):
        return decide_at_meeting(dp, name, user, data=data, kommentar=kommentar, **kwargs)
    return delprojekt_transition(
        delprojekt=dp, name=name, user=user, kommentar=kommentar, data=data, **kwargs
    )


def register_regional_decisions(dp: Delprojekt, *, with_outcomes: bool = True) -> None:
    """Every concerned region decides, with an extract and (by default) bifall to every
    recommendation of the board's latest decision."""
    for region in dp.regioner.all():
        b = Huvudmannabeslut(
            delprojekt=dp,
            region=region,
            niva=Huvudmannabeslut.Niva.POLITISK,
            organ_namn=f"Regionstyrelsen i {region.namn}",
            datum=timezone.localdate(),
        )
        b.protokollsutdrag.save("utdrag.pdf", ContentFile(MINIMAL_PDF), save=False)
        b.save()
        if with_outcomes:
            for rek in current_rekommendationer(dp):
                Rekommendationsutfall.objects.create(
                    huvudmannabeslut=b, rekommendation=rek, utfall="bifall"
                )


def present_round(dp: Delprojekt, *, klar: bool = True) -> None:
    """Hand in the latest round's report, present it to the bodies of the chain today,
    close it."""
    from uppfoljning.models import Redovisning, Uppfoljningsomgang, redovisningsorgan

    today = timezone.localdate()
    omgang = dp.uppfoljningsomgangar.order_by("-nummer").first()
    for typ, _label in redovisningsorgan():
        Redovisning.objects.get_or_create(omgang=omgang, organ_typ=typ, defaults={"datum": today})
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        status="klar" if klar else "redovisad",
        inlamnad=timezone.now(),
        klar=timezone.now() if klar else None,
    )


def walk_to(dp: Delprojekt, target: str, *, org, kansli, lg_members) -> Delprojekt:
    """Move ``dp`` along the main path, from wherever it is on it, until it is in ``target``."""
    from delprojekt.services.workflow import positions_record

    kedja = Samverkan.current()
    steps = [
        ("forslag", "bered", None),
        ("beredning", "lagg_fram", lambda: fill_beredning(dp, org)),
        ("startbeslut", "starta", None),
        ("uppdrag", "bilda_arbetsgrupp", lambda: fill_chapters(dp, "uppdrag")),
        ("arbetsgrupp", "overlamna_uppdrag", lambda: fill_group(dp, kansli)),
        ("nulage", "till_analys", None),
        ("analys", "till_forslag", None),
        ("atgardsforslag", "skriv_slutrapport", lambda: f.AtgardsforslagFactory(delprojekt=dp)),
        (
            "slutrapport",
            "lamna_till_samarbetsgrupp" if kedja.med_samarbetsgrupp else "lamna_till_ledningsgrupp",
            lambda: fill_slutrapport(dp),
        ),
        *([("samarbetsgrupp", "tillstyrk", None)] if kedja.med_samarbetsgrupp else []),
        (
            "ledningsgrupp",
            "besluta" if kedja.med_politisk_beredning else "besluta_till_namnd",
            lambda: positions_record(delprojekt=dp, user=kansli, positioner=all_agree()),
        ),
        *([("politisk_beredning", "till_namnd", None)] if kedja.med_politisk_beredning else []),
        ("namnd", "rekommendera", None),
        ("huvudmannabeslut", "borja_inforande", lambda: register_regional_decisions(dp)),
        ("inforande", "starta_uppfoljning", None),
        ("uppfoljning", "avsluta", lambda: present_round(dp)),
    ]
    sources = [source for source, _name, _prepare in steps]
    assert dp.status in sources, f"{dp.status} ligger inte på huvudvägen"
    for source, name, prepare in steps[sources.index(dp.status) :]:
        if dp.status == target:
            return dp
        assert dp.status == source, f"väntade {source}, var {dp.status}"
        if prepare:
            prepare()
        dp = run(dp, name, kansli)
    assert dp.status == target
    return dp
