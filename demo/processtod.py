"""The processtöd posts of the co-financing model: five full-time posts, two in Skåne and
one each in Blekinge, Kronoberg and Halland, 50 % financed by the sjukvårdsregion, 20 % of
the time for the sjukvårdsregional level; and a year of invoices in mixed statuses.

Halland's post is held by someone from the kansli, the method's exception, with the
reason recorded; it supports the stroke project, whose page shows that."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from delprojekt.models import Delprojekt, Person, Region
from processtod.models import Fakturastatus
from processtod.services.tjanster import faktura_save, tjanst_save

#: (post, region, person or None for a person created here, monthly salary, projects,
#: vårdförlopp, the reason for an exception)
TJANSTER = [
    (
        "Processtöd 1",
        "SKA",
        "Malin Öhrvall",
        52000,
        ["Strokerehabilitering", "Hjärtsviktsvård i hemmet"],
        "Stroke och TIA\nKOL",
        "",
    ),
    ("Processtöd 2", "SKA", "Rasmus Tegnér", 49500, ["Nyckelbenskirurgi"], "Höftledsartros", ""),
    (
        "Processtöd 3",
        "BLE",
        "Camilla Fjällström",
        47000,
        ["Endometrios – vårdkedja och kompetens"],
        "Reumatoid artrit\nSepsis",
        "",
    ),
    ("Processtöd 4", "KRO", "Viktor Brandt", 48500, [], "Schizofreni\nKritisk benischemi", ""),
    (
        "Processtöd 5",
        "HAL",
        "Johan Ekberg",
        51000,
        ["Strokerehabilitering"],
        "Stroke och TIA",
        "Regionen hade ingen medarbetare att avsätta under första halvåret; kansliets "
        "kontaktperson täcker tjänsten tills regionen har rekryterat.",
    ),
]

#: Per post: the status of the first and the second half of the year's invoice.
STATUSAR = [
    (Fakturastatus.BETALD, Fakturastatus.MOTTAGEN),
    (Fakturastatus.BETALD, Fakturastatus.FORVANTAD),
    (Fakturastatus.MOTTAGEN, Fakturastatus.FORVANTAD),
    (Fakturastatus.BETALD, Fakturastatus.BETALD),
    (Fakturastatus.FORVANTAD, Fakturastatus.FORVANTAD),
]


def fill_processtod(kansli: Any, today: datetime.date) -> None:
    ar = today.year
    for nr, ((benamning, region, namn, lon, projekt, forlopp, skal), statusar) in enumerate(
        zip(TJANSTER, STATUSAR, strict=True), start=1
    ):
        reg = Region.objects.get(kortnamn=region)
        person = Person.objects.filter(namn=namn).first() or Person.objects.create(
            namn=namn,
            titel="Processtöd",
            region=reg,
            organisation=reg.namn,
        )
        tjanst = tjanst_save(
            user=kansli,
            benamning=benamning,
            region=reg,
            person=person,
            fran=datetime.date(ar - 1, 9, 1),
            till=datetime.date(ar + 1, 8, 31),
            tjanstgoringsgrad=Decimal(100),
            medfinansiering=Decimal(50),
            tid_sjukvardsregion=Decimal(20),
            manadslon=Decimal(lon),
            undantag_skal=skal,
            delprojekt=Delprojekt.objects.filter(titel__in=projekt),
            vardforlopp=forlopp,
        )
        for halvar, status in enumerate(statusar, start=1):
            faktura_save(
                user=kansli,
                tjanst=tjanst,
                ar=ar,
                halvar=halvar,
                status=status,
                referens=""
                if status == Fakturastatus.FORVANTAD
                else f"F{ar}-{region}-{nr}{halvar}",
            )
