"""Demo data for the uppdrag's structured parts and the working group's own records.

Called by ``demo.loader`` while it walks each project to its state: the uppdrag
gets its competences and milestones, and a group that has started working gets
meeting notes with vägval, contacts with the line organisation, a part report,
support requests, a communication plan and its resources. All people are fictional.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from delprojekt.dates import add_months
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Delrapport,
    Forankring,
    Handelse,
    Kapitel,
    Kommunikationsaktivitet,
    Kompetenskrav,
    Milstolpe,
    Minnesanteckning,
    Nominerande,
    Nomineringsstatus,
    Person,
    Resursinsats,
    Samfinansiering,
    Status,
    Stodbegaran,
    Uppdragsversion,
    Vagval,
)

#: States in which a working group works and should keep in touch with the line.
WORKING = (Status.NULAGE, Status.ANALYS, Status.ATGARDSFORSLAG, Status.SLUTRAPPORT)

#: Competences every demo uppdrag asks for, and the professions that cover them.
KOMPETENSER = [
    ("Medicinsk specialistkompetens inom området", "ska", ("Läkare", "Ortoped", "Urolog")),
    ("Omvårdnad", "ska", ("Sjuksköterska",)),
    ("Rehabilitering", "bor", ("Fysioterapeut", "Arbetsterapeut")),
    ("Hälsoekonomi", "bor", ("Hälsoekonom", "Ekonom")),
]


def fill_uppdrag_structure(dp: Delprojekt, registrerad: datetime.datetime) -> None:
    for i, (benamning, krav, _professions) in enumerate(KOMPETENSER, start=1):
        Kompetenskrav.objects.create(delprojekt=dp, ordning=i, benamning=benamning, krav=krav)
    start = registrerad.date()
    for months, text in (
        (4, "Arbetsgruppens första möte"),
        (8, "Nulägesbeskrivning klar"),
        (12, "Analys och åtgärdsförslag klara"),
        (15, "Slutrapport till samarbetsgruppen"),
    ):
        Milstolpe.objects.create(
            delprojekt=dp,
            datum=add_months(start, months),
            benamning=text,
        )


def link_competences(dp: Delprojekt) -> None:
    """Say which of the uppdrag's competences each member brings, from their profession."""
    krav = {k.benamning: k for k in dp.kompetenskrav.all()}
    for m in Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).select_related("person"):
        m.nominerande = (
            Nominerande.KANSLI
            if m.roll == ArbetsgruppRoll.KONTAKTPERSON
            else (Nominerande.SAMARBETSGRUPP if m.pk % 2 else Nominerande.LEDNINGSGRUPP)
        )
        m.save(update_fields=["nominerande"])
        covered = [
            krav[benamning]
            for benamning, _krav, professions in KOMPETENSER
            if benamning in krav and m.profession in professions
        ]
        m.kompetenser.set(covered)
    # A competence the uppdrag says must be there and nobody appointed brings has its
    # reason, as the hand-over of the uppdrag requires.
    tackta = set(
        Arbetsgruppsmedlemskap.objects.filter(
            delprojekt=dp, status=Nomineringsstatus.UTSEDD, kompetenser__isnull=False
        ).values_list("kompetenser", flat=True)
    )
    dp.kompetenskrav.filter(krav=Kompetenskrav.Krav.SKA).exclude(pk__in=tackta).update(
        skal_saknas="Ingen i regionerna kunde avsätta tid; kompetensen adjungeras vid behov."
    )


def _moment(day: datetime.date) -> datetime.datetime:
    """Office hours on ``day``, never in the future."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
    return min(moment, timezone.now())


def date_the_group(dp: Delprojekt) -> None:
    """Date nominations, appointments, milestones and frozen versions after the timeline."""
    moments = dict(
        Handelse.objects.filter(
            delprojekt=dp, overgang__in=["bilda_arbetsgrupp", "overlamna_uppdrag"]
        ).values_list("overgang", "tidpunkt")
    )
    formed = moments.get("bilda_arbetsgrupp")
    if formed is not None:
        day = timezone.localtime(formed).date()
        today = timezone.localdate()
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).update(
            nominerad_datum=min(day + datetime.timedelta(days=7), today)
        )
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp, fran__isnull=False).update(
            fran=min(day + datetime.timedelta(days=30), dp.overlamnat_datum or today, today)
        )
    if "overlamna_uppdrag" in moments:
        Uppdragsversion.objects.filter(delprojekt=dp, nummer=1).update(
            skapad=moments["overlamna_uppdrag"]
        )
    # The chapters' saved versions carry the date the timeline gives them and the writer.
    writer = dp.kontaktperson.user if dp.kontaktperson else None
    for kapitel in Kapitel.objects.filter(dokument__delprojekt=dp):
        kapitel.history.update(history_date=kapitel.andrad, history_user=writer)
    # A milestone is done when the project had moved on before its date had come.
    last_step = timezone.localtime(dp.status_andrad).date()
    dp.milstolpar.update(klar=False)
    dp.milstolpar.filter(datum__lte=last_step).update(klar=True)


def fill_group_records(dp: Delprojekt, spec: dict, user: Any, start: datetime.date) -> None:
    """The records of a group that has worked for a while, dated from ``start``."""
    members = list(
        Arbetsgruppsmedlemskap.objects.utsedda().filter(delprojekt=dp).select_related("person")
    )
    today = datetime.date.today()
    meetings = [
        (
            0,
            "Uppstartsmöte",
            "Genomgång av uppdraget, arbetsformer och mötesplan.",
            [
                (
                    "Nulägesbeskrivningen avgränsas till de tre senaste åren.",
                    "Äldre data är inte jämförbara mellan regionerna efter byte av journalsystem.",
                ),
                (
                    "Patientperspektivet tas in genom en fokusgrupp.",
                    "Patientrepresentanten föreslog det; det ger bredare underlag än enkät.",
                ),
            ],
            "Gott samarbetsklimat från start; regionerna delade öppet sina siffror.",
        ),
        (
            2,
            "Möte 2",
            "Data från kvalitetsregistret. Disposition av nulägesbeskrivningen.",
            [
                (
                    "Kvalitetsregistret används som huvudkälla.",
                    "Täckningsgraden är över 90 % i alla regioner.",
                )
            ],
            "Nya kontakter mellan klinikerna i Blekinge och Kronoberg.",
        ),
        (
            4,
            "Möte 3",
            "Analysens slutsatser. Första utkast till åtgärdsförslag.",
            [
                (
                    "Högst fem åtgärdsförslag lämnas.",
                    "Metoden rekommenderar det; förslagen blir lättare att genomföra.",
                ),
                (
                    "Kostnadsberäkningen görs med stöd av kansliets hälsoekonom.",
                    "Gruppen saknar egen ekonomisk kompetens.",
                ),
            ],
            "",
        ),
    ]
    for months, titel, agenda, choices, soft in meetings:
        datum = add_months(start, months)
        if datum > today:
            break
        note = Minnesanteckning.objects.create(
            delprojekt=dp,
            datum=datum,
            plats="Teams" if months else "Växjö",
            digitalt=bool(months),
            registrerad=_moment(datum + datetime.timedelta(days=1)),
            dagordning=f"1. {titel}\n2. {agenda}\n3. Övriga frågor",
            anteckningar=f"{agenda} Ordföranden sammanfattade läget och nästa steg.",
            mjuka_resultat=soft,
            registrerad_av=user,
        )
        note.deltagare.set(members)
        for i, (val, motivering) in enumerate(choices, start=1):
            Vagval.objects.create(minnesanteckning=note, ordning=i, val=val, motivering=motivering)

    chefsamrad = dp.chefsamrad.first()
    region = dp.regioner.first()
    # Some groups have not talked to the line for a long time: the kansli's overview shows them.
    for months in (1,) if dp.lopnummer % 3 else (1, 3):
        datum = add_months(start, months)
        if datum > today:
            continue
        Forankring.objects.create(
            delprojekt=dp,
            datum=datum,
            registrerad=_moment(datum),
            organ=chefsamrad,
            person="" if chefsamrad else "Verksamhetschef",
            region=region,
            diskuterat="Uppdraget och arbetsgruppens första iakttagelser.",
            utfall="Chefsamrådet stöder inriktningen och vill se förslagen innan de skickas.",
            registrerad_av=user,
        )

    if dp.status in WORKING and dp.lopnummer % 2 == 0:
        Forankring.objects.create(
            delprojekt=dp,
            datum=today - datetime.timedelta(days=20 + dp.lopnummer),
            organ=chefsamrad,
            person="" if chefsamrad else "Verksamhetschef",
            region=dp.regioner.last(),
            diskuterat="Utkastet till åtgärdsförslag och deras konsekvenser för verksamheterna.",
            utfall="Synpunkter på genomförbarheten; gruppen justerar förslag 2.",
            registrerad_av=user,
        )

    delrapport_datum = add_months(start, 3)
    # Part reports of groups still at work await the samarbetsgrupp; older ones have been
    # presented at meetings long ago and are not sent again here.
    if delrapport_datum <= today and dp.status in WORKING:
        Delrapport.objects.create(
            delprojekt=dp,
            titel="Delrapport: nuläget i korthet",
            text="Nulägesbeskrivningen är klar för tre av fyra regioner. Skillnaderna i "
            "väntetid är större än väntat.",
            skickad_till=Delrapport.Mottagare.SAMARBETSGRUPP,
            skickad=datetime.datetime.combine(
                delrapport_datum, datetime.time(10), tzinfo=datetime.UTC
            ),
            skickad_av=user,
            registrerad=_moment(delrapport_datum - datetime.timedelta(days=2)),
            registrerad_av=user,
        )

    Stodbegaran.objects.create(
        delprojekt=dp,
        typ=Stodbegaran.Typ.DATA,
        beskrivning="Uttag av väntetider per region och år från DARC.",
        status=Stodbegaran.Status.BESVARAD,
        svar="Uttaget är gjort och ligger som bilaga till nästa möte.",
        besvarad=min(add_months(start, 1), today),
        registrerad=_moment(start + datetime.timedelta(days=10)),
        registrerad_av=user,
    )
    Stodbegaran.objects.create(
        delprojekt=dp,
        typ=Stodbegaran.Typ.EKONOMI,
        beskrivning="Stöd med grov kostnadsberäkning av åtgärdsförslagen.",
        registrerad=_moment(min(add_months(start, 4), today)),
        registrerad_av=user,
    )
    for months, vad, kanal, status in (
        (0, "Intervju med ordföranden vid starten", "Nyhetsbrev", "genomford"),
        (3, "Lägesrapport", "Nyhetsbrev", "genomford"),
        (10, "Digitalt seminarium om förslagen", "Teams", "planerad"),
    ):
        datum = add_months(start, months)
        Kommunikationsaktivitet.objects.create(
            delprojekt=dp,
            vad=vad,
            kanal=kanal,
            nar=datum,
            vem="Kommunikatören på kansliet",
            status=status if datum <= today else Kommunikationsaktivitet.Status.PLANERAD,
            registrerad_av=user,
        )

    chair = next((m for m in members if m.roll == ArbetsgruppRoll.ORDFORANDE), None)
    if chair is not None:
        Resursinsats.objects.create(
            delprojekt=dp,
            person=chair.person,
            roll="Ordförande",
            andel=Decimal("20"),
            fran=start,
            till=add_months(start, 15),
            registrerad_av=user,
        )
    processtod = Person.objects.filter(user__username="kansli2").first()
    if processtod is not None:
        Resursinsats.objects.create(
            delprojekt=dp,
            person=processtod,
            roll="Processtöd",
            andel=Decimal("50"),
            fran=start,
            till=add_months(start, 15),
            registrerad_av=user,
        )
    for finansiar, andel in (("Södra sjukvårdsregionen", "50"), ("Region Skåne", "50")):
        Samfinansiering.objects.create(
            delprojekt=dp,
            avser="Processtöd",
            finansiar=finansiar,
            andel=Decimal(andel),
            kommentar="Tiden fördelas 20/80 mellan möten och eget arbete.",
            registrerad_av=user,
        )
    Delprojekt.objects.filter(pk=dp.pk).update(
        kostnadsuppskattning="Cirka 400 000 kr: processtöd 50 % i 15 månader, resor och "
        "ett digitalt seminarium."
    )
