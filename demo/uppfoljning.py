"""The follow-up in the demo data: an overdue round, a handed-in report waiting for the
samarbetsgrupp, a round due soon, implementation per region and measured values.

Run by ``demo.loader.load_demo`` after the projects and meetings exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from delprojekt.models import Delprojekt, Uppfoljningsparameter
from delprojekt.services.regionbeslut import current_rekommendationer
from uppfoljning.models import (
    Inforandestatus,
    Matvarde,
    Omgangsstatus,
    Paminnelse,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
    Uppfoljningsrapport,
)
from uppfoljning.services.rapport import rapport_lamna_in

OVERDUE = "Godartad njurkirurgi"
HANDED_IN = "Nyckelbenskirurgi"
DUE_SOON = "Palliativ vård i livets slutskede"

#: Days before today the overdue round was due.
OVERDUE_DAYS = 20


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _accept(omgang: Uppfoljningsomgang, day: datetime.date) -> None:
    omgang.ansvariga.update(
        svar=Uppfoljningsansvarig.Svar.ACCEPTERAD, tillfragad=_at(day), besvarad=_at(day, 15)
    )


def _implementation(dp: Delprojekt, kansli: Any, plan: list[list[str]], day: datetime.date) -> None:
    """``plan[i][j]``: the status of recommendation i in the project's region j."""
    regioner = list(dp.regioner.order_by("ordning", "namn"))
    kommentarer = {
        Inforandestatus.Status.GENOMFORT: "Infört i ordinarie verksamhet.",
        Inforandestatus.Status.PAGAR: "Arbetet pågår; klart under nästa halvår.",
        Inforandestatus.Status.EJ_PABORJAT: "Väntar på budgetbeslut.",
        Inforandestatus.Status.EJ_AKTUELLT: "Regionen biföll inte rekommendationen.",
    }
    for rek, row in zip(current_rekommendationer(dp), plan, strict=False):
        for region, status in zip(regioner, row, strict=False):
            Inforandestatus.objects.create(
                rekommendation=rek,
                region=region,
                status=status,
                kommentar=kommentarer[status],
                uppdaterad=_at(day),
                uppdaterad_av=kansli,
            )


def _measurements(dp: Delprojekt, kansli: Any, series: dict[str, list[str]]) -> None:
    """Quarterly values over the last year for each of the project's regions."""
    today = timezone.localdate()
    # The baseline was measured before the recommendations were implemented.
    dp.uppfoljningsparametrar.update(utgangsdatum=today - datetime.timedelta(days=420))
    regioner = {r.kortnamn: r for r in dp.regioner.all()}
    for parameter in dp.uppfoljningsparametrar.all():
        values = series.get(parameter.namn, {})
        for kortnamn, row in values.items():
            for q, value in enumerate(row):
                day = today - datetime.timedelta(days=365 - 91 * q)
                Matvarde.objects.create(
                    parameter=parameter,
                    region=regioner.get(kortnamn),
                    datum=day.replace(day=1),
                    varde=Decimal(value),
                    kalla="Uttag ur regionens patientadministrativa system",
                    registrerad_av=kansli,
                )


def fill_follow_up(kansli: Any) -> None:
    today = timezone.localdate()
    G, P, E = (
        Inforandestatus.Status.GENOMFORT,
        Inforandestatus.Status.PAGAR,
        Inforandestatus.Status.EJ_PABORJAT,
    )

    # An overdue round: the former chair accepted but has not handed in the report.
    dp = Delprojekt.objects.get(titel=OVERDUE)
    omgang = dp.uppfoljningsomgangar.get(nummer=1)
    due = today - datetime.timedelta(days=OVERDUE_DAYS)
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        forfallodatum=due, status=Omgangsstatus.PAGAR
    )
    _accept(omgang, due - datetime.timedelta(days=75))
    mottagare = ", ".join(
        [a.person.namn for a in omgang.ansvariga.select_related("person")]
        + ([dp.kontaktperson.namn] if dp.kontaktperson else [])
    )
    for typ, day in (
        (Paminnelse.Typ.DAGAR_60, due - datetime.timedelta(days=60)),
        (Paminnelse.Typ.DAGAR_14, due - datetime.timedelta(days=14)),
        (Paminnelse.Typ.FORSENAD, due + datetime.timedelta(days=1)),
    ):
        Paminnelse.objects.create(omgang=omgang, typ=typ, skickad=_at(day, 6), mottagare=mottagare)
    Uppfoljningsrapport.objects.create(
        omgang=omgang,
        version=1,
        sammanfattning=(
            "Robotassisterad njurkirurgi utförs nu vid två sjukhus i sjukvårdsregionen. "
            "Texten är ett utkast."
        ),
        andrad=_at(due - datetime.timedelta(days=30)),
    )
    _implementation(dp, kansli, [[G, G, P, E], [P, G, E, P]], due - datetime.timedelta(days=40))
    Uppfoljningsparameter.objects.create(
        delprojekt=dp,
        ordning=2,
        namn="Andel robotassisterade ingrepp",
        enhet="%",
        kalla=Uppfoljningsparameter.Kalla.KVALITETSREGISTER,
        utgangsvarde=Decimal("35"),
        utgangsdatum=today - datetime.timedelta(days=400),
        malvarde=Decimal("80"),
        mal_beskrivning="Minst 80 procent i hela sjukvårdsregionen",
    )
    _measurements(
        dp,
        kansli,
        {
            "Väntetid till första besök": {
                "BLE": ["61", "55", "48", "41"],
                "HAL": ["58", "52", "47", "39"],
                "KRO": ["66", "63", "57", "52"],
                "SKA": ["60", "49", "40", "33"],
            },
            "Andel robotassisterade ingrepp": {
                "BLE": ["38", "47", "58", "66"],
                "HAL": ["33", "44", "61", "70"],
                "KRO": ["30", "35", "42", "51"],
                "SKA": ["41", "55", "68", "77"],
            },
        },
    )

    # A report handed in six days ago: it waits in the samarbetsgrupp's queue.
    dp = Delprojekt.objects.get(titel=HANDED_IN)
    omgang = dp.uppfoljningsomgangar.get(nummer=1)
    handed_in = today - datetime.timedelta(days=6)
    _accept(omgang, handed_in - datetime.timedelta(days=120))
    _implementation(dp, kansli, [[G, G, P], [G, P, E]], handed_in - datetime.timedelta(days=10))
    _measurements(
        dp,
        kansli,
        {
            "Väntetid till första besök": {
                "BLE": ["64", "57", "44", "35"],
                "HAL": ["59", "50", "41", "31"],
                "SKA": ["61", "52", "39", "29"],
            }
        },
    )
    Uppfoljningsrapport.objects.create(
        omgang=omgang,
        version=3,
        sammanfattning=(
            "Det gemensamma vårdprogrammet för nyckelbensfrakturer används nu i Blekinge och "
            "Halland och införs i Skåne. Väntetiden till första besök har minskat i alla tre "
            "regionerna och är nära målet på 30 dagar."
        ),
        inforande_kommentar=(
            "Skåne har påbörjat införandet av vårdprogrammet; det blev försenat av en "
            "omorganisation av ortopedin. Halland följer upp andelen opererade men har ännu "
            "inte rapporterat den till det gemensamma uttaget."
        ),
        effekter_kommentar=(
            "Minskningen av väntetiden började redan innan vårdprogrammet var helt infört, "
            "vilket tyder på att den gemensamma indikationsbedömningen i sig har effekt."
        ),
        enkat=(
            "En enkät skickades till de sex berörda ortopedenheterna; fem svarade. Fyra av fem "
            "uppger att vårdprogrammet har gjort bedömningen på akutmottagningen enklare."
        ),
        kontakter=(
            "Uppföljningen har stämts av med verksamhetscheferna för ortopedi i de tre "
            "regionerna och med chefsamrådet för ortopedi."
        ),
        slutsatser=(
            "Rekommendationerna har i huvudsak genomförts. Arbetsgruppen föreslår en ny "
            "uppföljning om ett år, när Skåne har infört vårdprogrammet fullt ut."
        ),
        ytterligare_uppfoljning=True,
        ytterligare_motivering="Skånes införande och andelen opererade behöver följas upp.",
        andrad=_at(handed_in - datetime.timedelta(days=1)),
    )
    # Handed in through the service, so the PDF is frozen with its checksum, then dated back.
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.PAGAR)
    omgang.refresh_from_db()
    rapport_lamna_in(omgang=omgang, user=kansli)
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(inlamnad=_at(handed_in, 14))

    # The finished project's round: written, presented to the three bodies, closed.
    omgang = Uppfoljningsomgang.objects.get(delprojekt__titel__startswith="Ryggkirurgi", nummer=1)
    _accept(omgang, timezone.localdate(omgang.inlamnad) - datetime.timedelta(days=90))
    Uppfoljningsrapport.objects.create(
        omgang=omgang,
        version=2,
        sammanfattning=(
            "De gemensamma indikationerna för lumbal diskbråckskirurgi används i alla fyra "
            "regionerna. Kirurgin vid spinal stenos med fusion är samlad till två enheter."
        ),
        slutsatser="Rekommendationerna är genomförda. Ingen ytterligare uppföljning behövs.",
        ytterligare_uppfoljning=False,
        andrad=omgang.inlamnad,
    )
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        kommentar="Redovisad för samarbetsgruppen, ledningsgruppen och nämnden. Avslutad."
    )
    _implementation(
        omgang.delprojekt,
        kansli,
        [[G, G, G, G], [G, G, P, G], [G, P, G, G]],
        timezone.localdate(omgang.inlamnad),
    )

    # A round due in 45 days: the former chair has been asked and not answered yet.
    dp = Delprojekt.objects.get(titel=DUE_SOON)
    omgang = dp.uppfoljningsomgangar.get(nummer=1)
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        forfallodatum=today + datetime.timedelta(days=45)
    )
    omgang.ansvariga.update(tillfragad=_at(today - datetime.timedelta(days=300)))
