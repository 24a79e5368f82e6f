"""Data and clients for the API's tests: one project with every kind of row the API shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from api.services import api_token_create
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Delprojekt,
    Huvudmannabeslut,
    Rekommendation,
    Rekommendationsutfall,
    Sammantrade,
    Uppfoljningsparameter,
)
from uppfoljning.models import Inforandestatus, Matvarde


@dataclass
class Projektdata:
    dp: Delprojekt
    beslut: Beslut
    rekommendation: Rekommendation
    sammantrade: Sammantrade
    punkt: Dagordningspunkt
    huvudmannabeslut: Huvudmannabeslut
    inforande: Inforandestatus
    parameter: Uppfoljningsparameter
    matvarde: Matvarde


def fyll(
    dp: Delprojekt, org, user, *, datum: datetime.date | None = None, nr: int = 1
) -> Projektdata:
    """A board's recommendation on ``dp`` at a meeting with its §, a region's answer, the
    implementation in that region, a follow-up parameter and a measured value."""
    datum = datum or datetime.date(2026, 3, 12)
    dp.regioner.add(*org.regioner[:2])
    beslut = Beslut.objects.create(
        delprojekt=dp,
        organ=org.namnd,
        datum=datum,
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext=f"Nämnden rekommenderar regionerna att införa {dp.titel}.",
        paragraf=f"§ {nr}/{datum.year}",
        sammantrade=f"{org.namnd.namn} {datum:%Y-%m-%d}",
        registrerat_av=user,
    )
    rek = Rekommendation.objects.create(beslut=beslut, ordning=1, text=f"Inför {dp.titel}.")
    start = timezone.make_aware(datetime.datetime.combine(datum, datetime.time(9)))
    sammantrade = Sammantrade.objects.create(organ=org.namnd, start=start, registrerat_av=user)
    punkt = Dagordningspunkt.objects.create(
        sammantrade=sammantrade,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik=dp.titel,
        delprojekt=dp,
        beslut=beslut,
        beslutstext=beslut.beslutstext,
        paragraf_organ=org.namnd,
        paragraf_ar=datum.year,
        paragraf_nummer=nr,
    )
    hb = Huvudmannabeslut.objects.create(
        delprojekt=dp,
        region=org.regioner[0],
        niva=Huvudmannabeslut.Niva.POLITISK,
        organ_namn="Regionstyrelsen",
        datum=datum + datetime.timedelta(days=30),
        diarienummer=f"RS-{nr}",
    )
    Rekommendationsutfall.objects.create(
        huvudmannabeslut=hb, rekommendation=rek, utfall=Rekommendationsutfall.Utfall.BIFALL
    )
    inforande = Inforandestatus.objects.create(
        rekommendation=rek, region=org.regioner[0], status=Inforandestatus.Status.PAGAR
    )
    parameter = Uppfoljningsparameter.objects.create(
        delprojekt=dp,
        ordning=1,
        namn="Väntetid till operation",
        enhet="dagar",
        kalla=Uppfoljningsparameter.Kalla.PAS,
        utgangsvarde=Decimal("120"),
        malvarde=Decimal("90"),
    )
    matvarde = Matvarde.objects.create(
        parameter=parameter, region=org.regioner[0], datum=datum, varde=Decimal("101.5")
    )
    return Projektdata(dp, beslut, rek, sammantrade, punkt, hb, inforande, parameter, matvarde)


def token_client(user) -> Client:
    """A client that sends a new personal API token of ``user``, and no session."""
    key = api_token_create(user=user, name="Test").key
    return Client(headers={"Authorization": f"Bearer {key}"})
