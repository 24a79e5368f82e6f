"""Demo data: Södra sjukvårdsregionen with fictional people and projects in every state.

The organisation and the projects are described in ``fixtures/``. Every project is
taken to its state through the real services, acting as the demo kansli user, so
its timeline, decisions and history are what the application itself records; the
timestamps are then spread over the months since the project was registered.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from delprojekt import skrivskydd
from delprojekt.dates import add_months
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Dokumenttyp,
    Fokusomrade,
    Handelse,
    Huvudmannabeslut,
    Kapitel,
    Nomineringsstatus,
    Organ,
    Person,
    Region,
    Rekommendationsutfall,
    Sammantrade,
    Samverkan,
    Stallningstagande,
    Status,
    Uppfoljningsparameter,
    Uppfoljningsplan,
)
from delprojekt.services import notifications
from delprojekt.services.delprojekt import delprojekt_register
from delprojekt.services.filer import fil_store
from delprojekt.services.guards import ledningsgrupp_ledamoter
from delprojekt.services.organisationsfil import organisation_load
from delprojekt.services.regionbeslut import current_rekommendationer
from delprojekt.services.sammantrade import punkt_record
from delprojekt.services.slutrapport_pdf import freezes_deferred
from delprojekt.services.workflow import delprojekt_transition, positions_record
from delprojekt.workflow import overgang
from demo import arbete as demo_arbete
from demo import moten as demo_moten
from demo import notiser as demo_notiser
from demo import verksamhet as demo_verksamhet
from demo.inforande import fill_inforande
from demo.metod import fill_metod
from demo.processtod import fill_processtod
from demo.uppfoljning import fill_follow_up
from oppet.services.publicering import publicering_record
from uppfoljning.models import Redovisning, Uppfoljningsomgang

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ORGANISATION = Path(settings.BASE_DIR) / "organisation" / "sodra.yaml"
DEMO_PASSWORD = "sfbv2026"  # noqa: S105 (demo accounts, printed on start)

DEMO_LOGINS: list[tuple[str, str]] = [
    ("kansli1", "Kansliet, kontaktperson (Karin Lindqvist)"),
    ("kansli2", "Kansliet, kontaktperson (Johan Ekberg)"),
    ("lg-blekinge", "Ledningsgruppen, Region Blekinge"),
    ("lg-halland", "Ledningsgruppen (ordförande), Region Halland"),
    ("lg-kronoberg", "Ledningsgruppen, Region Kronoberg"),
    ("lg-skane", "Ledningsgruppen, Region Skåne"),
    ("samarbetsgrupp", "Samarbetsgruppen"),
    ("ordforande", "Ordförande i arbetsgruppen för Endometrios"),
    ("ledamot", "Ledamot i arbetsgruppen för Endometrios"),
    ("tidigare-ordforande", "Tidigare ordförande, skriver uppföljningen av Godartad njurkirurgi"),
    ("samordnare-blekinge", "Regional samordnare, Blekinge"),
    ("samordnare-halland", "Regional samordnare, Halland"),
    ("samordnare-kronoberg", "Regional samordnare, Kronoberg"),
    ("samordnare-skane", "Regional samordnare, Skåne"),
    ("lasare", "Läsare (politiker)"),
    ("utomstaende", "Inloggad utan roll – ser bara egna förslag"),
    ("admin", "Administratör (Django admin på /admin/)"),
]

# The main path: source state, transition.
MAIN_PATH = [
    (Status.FORSLAG, "bered"),
    (Status.BEREDNING, "lagg_fram"),
    (Status.STARTBESLUT, "starta"),
    (Status.UPPDRAG, "bilda_arbetsgrupp"),
    (Status.ARBETSGRUPP, "overlamna_uppdrag"),
    (Status.NULAGE, "till_analys"),
    (Status.ANALYS, "till_forslag"),
    (Status.ATGARDSFORSLAG, "skriv_slutrapport"),
    (Status.SLUTRAPPORT, "lamna_till_samarbetsgrupp"),
    (Status.SAMARBETSGRUPP, "tillstyrk"),
    (Status.LEDNINGSGRUPP, "besluta"),
    (Status.POLITISK_BEREDNING, "till_namnd"),
    (Status.NAMND, "rekommendera"),
    (Status.HUVUDMANNABESLUT, "borja_inforande"),
    (Status.INFORANDE, "starta_uppfoljning"),
    (Status.UPPFOLJNING, "avsluta"),
]

BESLUTSTEXT = {
    "starta": "Ledningsgruppen beslutar att starta delprojektet och uppdrar åt kansliet att "
    "formulera uppdraget.",
    "vila": "Ledningsgruppen ställer sig bakom förslaget men beslutar att det vilar i väntan "
    "på resurser för processtöd.",
    "ateruppta": "Ledningsgruppen beslutar att återuppta delprojektet.",
    "tillstyrk": "Samarbetsgruppen tillstyrker slutrapporten och överlämnar den till "
    "ledningsgruppen.",
    "besluta": "Ledningsgruppen ställer sig enhälligt bakom slutrapportens förslag och "
    "överlämnar beslutsförslaget till politisk beredning.",
    "aterremittera": "Ledningsgruppen återremitterar slutrapporten till arbetsgruppen för "
    "en fördjupad kostnadsanalys.",
}


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def is_empty() -> bool:
    return not Delprojekt.objects.exists() and not get_user_model().objects.exists()


def load_demo(
    *, stdout: TextIO | None = None, deferred_freezes: list[tuple[int, int]] | None = None
) -> bool:
    """Load the demo organisation and projects into an empty database.

    Returns False, changing nothing, when the database already holds projects or users.
    With ``deferred_freezes`` (a list), the approved slutrapports are not rendered and
    frozen at commit: their ``(delprojekt_id, beslut_id)`` are added to the list, for
    ``rapportversion_freeze`` later (``rundemo`` does it in the background).
    """
    if not is_empty():
        return False
    if deferred_freezes is None:
        return _load_all(stdout)
    with freezes_deferred() as pending:
        loaded = _load_all(stdout)
    deferred_freezes.extend(pending)
    return loaded


def _load_all(stdout: TextIO | None) -> bool:
    # The demo creates its records through the services and then dates them back (events,
    # decisions, signed meetings, frozen versions): the database's guard on signed and
    # frozen rows is off for this one transaction, on an empty database.
    with transaction.atomic(), notifications.suppressed(), skrivskydd.suspended():
        kansli = _load_organisation()
        # In order of registration, so the references follow the calendar.
        for spec in sorted(_load("demo_delprojekt.json"), key=lambda p: p["registrerad"]):
            dp = _build_project(spec, kansli)
            if stdout:
                stdout.write(f"  {dp.referens} {dp.titel}: {dp.get_status_display()}\n")
        demo_moten.fill_beslutsforslag(BESLUTSTEXT)
        demo_moten.fill_meetings(kansli)
        fill_follow_up(kansli)
        fill_inforande(kansli)
        fill_metod(kansli)
        _publish(kansli)
        demo_notiser.fill_notiser(timezone.now())
        fill_processtod(kansli, timezone.localdate())
        demo_verksamhet.fill_verksamhet(kansli)
    return True


#: Demo projects the kansli has published (title: roles whose names are shown), and one
#: published and later withdrawn, so the public part and the decision log have content.
PUBLICERADE = {
    "Ryggkirurgi – gemensamma indikationer och arbetsfördelning": ["ordforande"],
    "Godartad njurkirurgi": [],
    "Nyckelbenskirurgi": [],
    "Palliativ vård i livets slutskede": [],
    "Barnreumatologi": [],
    "Gemensam läkemedelsupphandling för sällsynta sjukdomar": [],
}
AVPUBLICERADE = ["Gemensam jourlinje för barnonkologi"]


def _publish(kansli: Any) -> None:
    for titel, roller in PUBLICERADE.items():
        dp = Delprojekt.objects.get(titel=titel)
        publicering_record(delprojekt=dp, user=kansli, publicerad=True, roller=roller)
    for titel in AVPUBLICERADE:
        dp = Delprojekt.objects.get(titel=titel)
        publicering_record(delprojekt=dp, user=kansli, publicerad=True)
        publicering_record(
            delprojekt=dp,
            user=kansli,
            publicerad=False,
            motivering="Delprojektet avbröts; kansliet visar det inte längre öppet.",
        )


def _load_organisation() -> Any:
    """Södra sjukvårdsregionen from ``organisation/sodra.yaml``, through the same loader
    as any installation (``manage.py load_organisation``); the demo accounts then get the
    demo password and memberships that started in 2022."""
    organisation_load(ORGANISATION)
    # Every demo account has the same password: hashed once (a hash takes a large part of a
    # second by design), each account gets the same salted hash.
    get_user_model().objects.update(password=make_password(DEMO_PASSWORD))
    return get_user_model().objects.get(username="kansli1")


def _person(namn: str) -> Person:
    return Person.objects.get(namn=namn)


def _fill_uppdrag(dp: Delprojekt, spec: dict) -> None:
    texts = {
        "bakgrund": spec["underlag"],
        "syfte": f"{spec['syfte']}\n\nFrågeställning: Hur kan regionerna tillsammans "
        "åstadkomma detta inom befintliga resurser?",
        "uppdragspunkter": "1. Beskriv nuläget i samtliga berörda regioner.\n"
        "2. Analysera orsakerna till skillnaderna.\n"
        "3. Lämna högst fem konkreta åtgärdsförslag med bedömd genomförbarhet.\n"
        "4. Föreslå hur och när uppföljningen ska ske.",
        "avgransningar": "Delprojektet omfattar vuxna patienter och inte privata vårdgivare "
        "utan regionavtal.",
        "sammansattning": "Arbetsgruppen ska vara tvärprofessionell med representanter från "
        "alla berörda regioner, minst en sjuksköterska och en läkare samt om möjligt en "
        "patientrepresentant.",
        "tidplan": "- Uppstart: inom två månader efter startbeslut\n"
        "- Nulägesbeskrivning klar: efter sex månader\n"
        "- Slutrapport till samarbetsgruppen: efter tolv månader",
        "uppfoljning": "Uppföljningen görs av arbetsgruppens ordförande tolv månader efter "
        "nämndens beslut. Tänkbara parametrar: väntetid till behandling, andel patienter som "
        "behandlas enligt gemensamma riktlinjer, data från kvalitetsregister.",
    }
    for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=Dokumenttyp.UPPDRAG):
        k.text = texts.get(k.nyckel, "")
        k.version += 1
        k.save(update_fields=["text", "version"])
    registrerad = timezone.make_aware(datetime.datetime.fromisoformat(spec["registrerad"]))
    demo_arbete.fill_uppdrag_structure(dp, registrerad)


def _fill_group(dp: Delprojekt, spec: dict) -> None:
    today = timezone.localdate()
    members = [(spec["ordforande"], ArbetsgruppRoll.ORDFORANDE, Nomineringsstatus.UTSEDD)]
    members += [(n, ArbetsgruppRoll.LEDAMOT, Nomineringsstatus.UTSEDD) for n in spec["ledamoter"]]
    for namn, status in zip(
        spec.get("nominerade", []),
        [Nomineringsstatus.TILLFRAGAD, Nomineringsstatus.NOMINERAD],
        strict=False,
    ):
        members.append((namn, ArbetsgruppRoll.LEDAMOT, status))
    for namn, roll, status in members:
        person = _person(namn)
        if person.profession == "Patientrepresentant":
            roll = ArbetsgruppRoll.PATIENTREPRESENTANT
        Arbetsgruppsmedlemskap.objects.create(
            delprojekt=dp,
            person=person,
            roll=roll,
            region=person.region,
            profession=person.profession,
            nominerad_datum=today,
            status=status,
            avstamt_med_chef=status == Nomineringsstatus.UTSEDD,
            fran=today if status == Nomineringsstatus.UTSEDD else None,
        )
    demo_arbete.link_competences(dp)


def _fill_atgarder(dp: Delprojekt, spec: dict) -> None:
    for i, titel in enumerate(spec.get("atgarder", []), start=1):
        a = Atgardsforslag.objects.create(
            delprojekt=dp,
            ordning=i,
            titel=titel,
            beskrivning=f"{titel}. Förslaget bygger på analysens slutsatser.",
            genomforbarhet="Bedöms genomförbart inom två år med befintliga resurser.",
            undantrangning="Liten risk för undanträngning; berörda chefsamråd är informerade.",
            kostnad="Ryms inom befintlig budget" if i % 2 else "Cirka 2 mnkr per år",
        )
        a.regioner.set(dp.regioner.all())


def _fill_slutrapport(dp: Delprojekt, spec: dict) -> None:
    group = ", ".join(
        f"{m.person.namn} ({m.get_roll_display().lower()})"
        for m in dp.medlemskap.select_related("person")
    )
    texts = {
        "uppdrag": spec["syfte"],
        "gruppsammansattning": f"Arbetsgruppen har bestått av {group}.",
        "nulage": "Nulägesbeskrivningen bygger på data från regionernas patientadministrativa "
        "system och nationella kvalitetsregister för samtliga regioner.",
        "analys": "Analysen visar att skillnaderna främst beror på olika arbetssätt och "
        "tillgång till kompetens, inte på skillnader i behov.",
        "forslag": "Arbetsgruppen föreslår de åtgärder som listas nedan.",
    }
    for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=Dokumenttyp.SLUTRAPPORT):
        k.text = texts.get(k.nyckel, "")
        k.version += 1
        k.save(update_fields=["text", "version"])
    Uppfoljningsplan.objects.filter(delprojekt=dp).update(
        hur="Uppföljningsrapport med registerdata och enkät till berörda verksamheter.",
        nar="12 månader efter nämndens beslut",
        vem="Arbetsgruppens tidigare ordförande med stöd av kansliet",
    )
    Uppfoljningsparameter.objects.get_or_create(
        delprojekt=dp,
        ordning=1,
        defaults={
            "namn": "Väntetid till första besök",
            "enhet": "dagar",
            "kalla": Uppfoljningsparameter.Kalla.PAS,
            "utgangsvarde": Decimal("62.5"),
            "utgangsdatum": timezone.localdate() - datetime.timedelta(days=90),
            "malvarde": Decimal("30"),
            "mal_beskrivning": "Högst 30 dagar i samtliga regioner",
        },
    )


def _protokollsutdrag(region: Region, dp: Delprojekt) -> bytes:
    from weasyprint import HTML

    html = (
        f"<h1>Protokollsutdrag</h1><p>Regionstyrelsen {region.namn}</p>"
        f"<p>Ärende: {dp.referens} {dp.titel}</p><p>Regionstyrelsen beslutar att ställa sig "
        "bakom Södra regionvårdsnämndens rekommendationer.</p>"
    )
    return HTML(string=html).write_pdf()


def _register_regional(dp: Delprojekt, kortnamn: list[str] | None) -> None:
    for region in dp.regioner.all():
        if kortnamn is not None and region.kortnamn not in kortnamn:
            continue
        b = Huvudmannabeslut(
            delprojekt=dp,
            region=region,
            niva=Huvudmannabeslut.Niva.POLITISK,
            organ_namn=f"Regionstyrelsen {region.namn}",
            datum=timezone.localdate(),
            diarienummer=f"RS {dp.ar}-{dp.lopnummer:03d}",
        )
        fil_store(
            fil=b.protokollsutdrag,
            name=f"{dp.referens}-{region.kortnamn}.pdf",
            content=ContentFile(_protokollsutdrag(region, dp)),
        )
        b.save()
        # Most regions say yes to everything; one says no to the last recommendation.
        rekommendationer = list(current_rekommendationer(dp))
        for i, rek in enumerate(rekommendationer):
            no = region.kortnamn == "KRO" and i == len(rekommendationer) - 1 and i > 0
            Rekommendationsutfall.objects.create(
                huvudmannabeslut=b,
                rekommendation=rek,
                utfall=Rekommendationsutfall.Utfall.AVSLAG if no else "bifall",
                kommentar="Ryms inte i regionens budget för nästa år." if no else "",
            )


def _round_done(dp: Delprojekt, presented: datetime.date) -> None:
    """The latest round's report handed in, presented to the three bodies and closed."""
    omgang = dp.uppfoljningsomgangar.order_by("-nummer").first()
    for typ, days in (("samarbetsgrupp", 30), ("ledningsgrupp", 15), ("namnd", 0)):
        Redovisning.objects.update_or_create(
            omgang=omgang,
            organ_typ=typ,
            defaults={"datum": presented - datetime.timedelta(days=days)},
        )
    handed_in = timezone.make_aware(
        datetime.datetime.combine(presented - datetime.timedelta(days=40), datetime.time(10))
    )
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        status="klar", inlamnad=handed_in, klar=handed_in + datetime.timedelta(days=40)
    )


def _redate_uppdrag_chapter(dp: Delprojekt, overlamnat: datetime.date) -> None:
    """The slutrapport's chapter "Uppdrag" was filled at the hand-over, which the demo ran
    today; it names the hand-over date the history was moved to."""
    today = f"arbetsgruppen {timezone.localdate():%Y-%m-%d}."
    for k in Kapitel.objects.filter(
        dokument__delprojekt=dp, dokument__typ=Dokumenttyp.SLUTRAPPORT, nyckel="uppdrag"
    ):
        if today in k.text:
            k.text = k.text.replace(today, f"arbetsgruppen {overlamnat:%Y-%m-%d}.", 1)
            k.save(update_fields=["text"])


def _transition(dp: Delprojekt, name: str, user: Any, **kwargs: Any) -> Delprojekt:
    """Run a transition; a body's decision is recorded on an item of one of its meetings,
    as in the product. ``demo.moten.fill_meetings`` later gathers these items into the
    body's dated, signed meetings."""
    text = kwargs.pop("beslutstext", None) or BESLUTSTEXT.get(name)
    o = overgang(dp.status, name)
    if o is None or not o.organ:
        return delprojekt_transition(delprojekt=dp, name=name, user=user, **kwargs)
    organ = Organ.of_kind(o.organ)
    meeting = Sammantrade.objects.create(
        organ=organ, start=timezone.now() - datetime.timedelta(hours=1), registrerat_av=user
    )
    punkt = Dagordningspunkt.objects.create(
        sammantrade=meeting,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik=f"{dp.referens} {dp.titel}",
        delprojekt=dp,
    )
    rekommendationer = {}
    if o.rekommendationer:
        namnd = Samverkan.current().namnd_namn
        rekommendationer = {
            a.pk: f"{namnd} rekommenderar regionerna att {a.titel[0].lower()}{a.titel[1:]}."
            for a in dp.atgardsforslag.all()
        }
    punkt_record(
        punkt=punkt,
        user=user,
        overgang=name,
        beslutstext=text or f"{organ.namn} beslutar i enlighet med förslaget.",
        rekommendationer=rekommendationer,
        kommentar=kwargs.pop("kommentar", ""),
    )
    dp.refresh_from_db()
    return dp


def _all_agree(dp: Delprojekt, user: Any, count: int | None = None) -> None:
    ledamoter = ledningsgrupp_ledamoter()
    chosen = ledamoter if count is None else ledamoter[:count]
    positions_record(
        delprojekt=dp,
        user=user,
        positioner={m.person_id: ("instammer", "") for m in chosen},
    )


def _build_project(spec: dict, kansli: Any) -> Delprojekt:
    registrerad = timezone.make_aware(
        datetime.datetime.fromisoformat(spec["registrerad"]).replace(hour=10)
    )
    regioner = (
        Region.objects.all()
        if spec["regioner"] == "alla"
        else Region.objects.filter(kortnamn__in=spec["regioner"])
    )
    kontakt = (
        Person.objects.get(user__username=spec["kontaktperson"]) if spec["kontaktperson"] else None
    )
    proposer = _person(spec["forslagsstallare"]) if spec.get("forslagsstallare") else kontakt
    dp = delprojekt_register(
        user=kansli,
        titel=spec["titel"],
        ursprung=spec["ursprung"],
        forslagsstallare=proposer,
        underlag=spec["underlag"],
        syfte=spec["syfte"],
        mal=spec["mal"],
        forvantat_utfall=spec["utfall"],
        kontaktperson=kontakt,
        regioner=regioner,
        fokusomraden=Fokusomrade.objects.filter(namn__in=spec["fokus"]),
        chefsamrad=Organ.objects.filter(namn__in=spec["chefsamrad"]),
        registrerad=registrerad,
    )
    target = spec["status"]
    if target not in (Status.FORSLAG, Status.BEREDNING):
        Delprojekt.objects.filter(pk=dp.pk).update(samrad_samarbetsgrupp=registrerad.date())
        dp.refresh_from_db()
    returned = False
    for source, name in MAIN_PATH:
        if dp.status == target:
            break
        if target == Status.AVBRUTEN and dp.status == spec.get("avbryt_fran"):
            dp = delprojekt_transition(
                delprojekt=dp, name="avbryt", user=kansli, kommentar=spec["avbryt"]
            )
            break
        assert dp.status == source, (spec["titel"], dp.status, source)
        if source == Status.STARTBESLUT:
            _all_agree(dp, kansli)
            if target == Status.AVSLAGEN:
                dp = _transition(dp, "avsla", kansli, beslutstext=spec["avslag"])
                break
            if target == Status.VILANDE or spec.get("vilande"):
                dp = _transition(dp, "vila", kansli)
                if target == Status.VILANDE:
                    break
                _all_agree(dp, kansli)
                dp = _transition(dp, "ateruppta", kansli)
                continue
        if source == Status.UPPDRAG:
            _fill_uppdrag(dp, spec)
        if source == Status.ARBETSGRUPP:
            _fill_group(dp, spec)
        if source == Status.ATGARDSFORSLAG:
            _fill_atgarder(dp, spec)
        if source == Status.SLUTRAPPORT:
            _fill_slutrapport(dp, spec)
        if source == Status.LEDNINGSGRUPP:
            if spec.get("aterremiss") == "ledningsgrupp" and not returned:
                returned = True
                dp = _transition(
                    dp, "aterremittera", kansli, kommentar="Kostnadsanalysen behöver fördjupas."
                )
                dp = _transition(dp, "lamna_till_samarbetsgrupp", kansli)
                dp = _transition(dp, "tillstyrk", kansli)
            _all_agree(dp, kansli)
        if source == Status.HUVUDMANNABESLUT:
            _register_regional(dp, None)
        if source == Status.UPPFOLJNING:
            _round_done(dp, timezone.localdate())
        dp = _transition(dp, name, kansli)
    assert dp.status == target, (spec["titel"], dp.status, target)
    # Work in progress in the state where the project stopped.
    if target == Status.ARBETSGRUPP:
        _fill_group(dp, spec)
    elif target == Status.LEDNINGSGRUPP:
        _all_agree(dp, kansli, count=spec.get("positioner", 0))
    elif target == Status.HUVUDMANNABESLUT:
        _register_regional(dp, spec.get("regionbeslut"))
    elif target == Status.SLUTRAPPORT:
        # Being written: everything but the proposals chapter.
        _fill_slutrapport(dp, spec)
        Kapitel.objects.filter(
            dokument__delprojekt=dp, dokument__typ=Dokumenttyp.SLUTRAPPORT, nyckel="forslag"
        ).update(text="")
    elif target == Status.UPPDRAG:
        _fill_uppdrag(dp, spec)
        Kapitel.objects.filter(
            dokument__delprojekt=dp, nyckel__in=["avgransningar", "tidplan"]
        ).update(text="")
    _spread_over_time(dp, registrerad)
    dp.refresh_from_db()
    demo_arbete.date_the_group(dp)
    if dp.overlamnat_datum is not None:
        demo_arbete.fill_group_records(dp, spec, kansli, start=dp.overlamnat_datum)
    return dp


def _spread_over_time(dp: Delprojekt, registrerad: datetime.datetime) -> None:
    """Give the project's events a believable past between registration and a few days ago.

    Registration and transitions are spread evenly over office hours; positions and
    other events fall on the days just before the next transition.
    """
    now = timezone.now()
    events = list(Handelse.objects.filter(delprojekt=dp).order_by("tidpunkt", "pk"))
    milestones = [
        i
        for i, h in enumerate(events)
        if h.typ in (Handelse.Typ.REGISTRERING, Handelse.Typ.OVERGANG)
    ]
    end = now - datetime.timedelta(days=3 + dp.lopnummer % 20)
    end = max(end, registrerad + datetime.timedelta(days=1))
    step = (end - registrerad) / max(len(milestones) - 1, 1)
    step = min(step, datetime.timedelta(days=75))
    moments: list[datetime.datetime] = [registrerad] * len(events)
    for n, i in enumerate(milestones):
        day = timezone.localtime(registrerad + step * n)
        moments[i] = day.replace(hour=9 + (n * 3) % 7, minute=(n * 17) % 60)
    for i in range(len(events)):
        if i in milestones:
            continue
        following = next((m for m in milestones if m > i), None)
        anchor = moments[following] if following is not None else moments[milestones[-1]]
        offset = datetime.timedelta(days=following - i if following is not None else -1)
        moments[i] = anchor - offset if following is not None else anchor + offset
    moments = [min(m, now - datetime.timedelta(hours=1)) for m in moments]
    for h, moment in zip(events, moments, strict=True):
        Handelse.objects.filter(pk=h.pk).update(tidpunkt=moment)
        if h.beslut_id:
            Beslut.objects.filter(pk=h.beslut_id).update(
                datum=timezone.localtime(moment).date(), registrerat=moment
            )
        if h.overgang == "rekommendera":
            day = timezone.localtime(moment).date()
            Delprojekt.objects.filter(pk=dp.pk).update(namnd_beslutsdatum=day)
            Uppfoljningsomgang.objects.filter(delprojekt=dp, nummer=1).update(
                forfallodatum=add_months(day, 12)
            )
        if h.overgang == "overlamna_uppdrag":
            overlamnat = timezone.localtime(moment).date()
            Delprojekt.objects.filter(pk=dp.pk).update(overlamnat_datum=overlamnat)
            _redate_uppdrag_chapter(dp, overlamnat)
        if h.overgang == "avsluta":
            presented = timezone.localtime(moment).date() - datetime.timedelta(days=14)
            _round_done(dp, presented)
    for s in Stallningstagande.objects.filter(delprojekt=dp).select_related("arende"):
        Stallningstagande.objects.filter(pk=s.pk).update(
            andrat=moments[events.index(s.arende)] + datetime.timedelta(days=2)
        )
    last_change = [
        m for h, m in zip(events, moments, strict=True) if h.typ in ("overgang", "registrering")
    ]
    Delprojekt.objects.filter(pk=dp.pk).update(status_andrad=last_change[-1])
    history = list(dp.history.order_by("history_date", "history_id"))
    for i, record in enumerate(history):
        moment = moments[min(i, len(moments) - 1)]
        type(record).objects.filter(pk=record.pk).update(history_date=moment)
    Kapitel.objects.filter(dokument__delprojekt=dp).update(andrad=moments[-1])
    Huvudmannabeslut.objects.filter(delprojekt=dp).update(
        datum=timezone.localtime(moments[-1]).date()
    )
