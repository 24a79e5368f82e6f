"""What the working method asks along the way, in the demo data: the kansli's contacts
during beredning, the chairs' allocated time and experience, a language review under
way, and who presented the reports at the meetings.

Run by ``demo.loader`` after the projects and meetings exist.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beredningskontakt,
    Dagordningspunkt,
    Delprojekt,
    Organ,
    Person,
    Sprakgranskning,
)

I_BEREDNING = "Sällsynta diagnoser hos barn"
SPRAKGRANSKAS = "Strokerehabilitering"


def fill_metod(kansli: Any) -> None:
    today = timezone.localdate()
    dp = Delprojekt.objects.get(titel=I_BEREDNING)
    chefsamrad = Organ.objects.filter(aktiv=True, typ=Organ.Typ.CHEFSAMRAD).first()
    for dagar, organ, person, fragan, utfall in (
        (
            21,
            chefsamrad,
            "",
            "Finns det redan regionala vårdprogram för sällsynta diagnoser hos barn?",
            "Två regioner har egna rutiner; chefsamrådet vill delta i arbetsgruppen.",
        ),
        (
            9,
            None,
            "Centrum för sällsynta diagnoser (fiktiv kontaktperson)",
            "Vilka diagnosgrupper har störst behov av en gemensam vårdkedja?",
            "Föreslår att börja med metabola sjukdomar; skickar underlag.",
        ),
    ):
        Beredningskontakt.objects.create(
            delprojekt=dp,
            datum=today - datetime.timedelta(days=dagar),
            organ=organ,
            person=person,
            fragan=fragan,
            utfall=utfall,
            registrerad_av=kansli,
        )

    # Every appointed chair has their time and experience on the appointment.
    for m in Arbetsgruppsmedlemskap.objects.filter(roll=ArbetsgruppRoll.ORDFORANDE):
        m.avsatt_tid = "20 %"
        m.erfarenhet = "Verksamhetschef inom området och tidigare ordförande i regional grupp."
        m.save(update_fields=["avsatt_tid", "erfarenhet"])

    # The report being written is with the kansli's contact person for language review.
    stroke = Delprojekt.objects.get(titel=SPRAKGRANSKAS)
    granskare = stroke.kontaktperson or Person.objects.get(user=kansli)
    Sprakgranskning.objects.create(
        delprojekt=stroke,
        granskare=granskare,
        tilldelad=timezone.now() - datetime.timedelta(days=3),
        tilldelad_av=kansli,
    )

    # The reports decided at meetings were presented by the group's chair.
    punkter = Dagordningspunkt.objects.filter(
        typ=Dagordningspunkt.Typ.ARENDE,
        protokollford__isnull=False,
        delprojekt__isnull=False,
        overgang__in=["tillstyrk", "besluta", "besluta_till_namnd", "rekommendera"],
    ).select_related("delprojekt")
    for p in punkter:
        chair = (
            Arbetsgruppsmedlemskap.objects.filter(
                delprojekt=p.delprojekt, roll=ArbetsgruppRoll.ORDFORANDE
            )
            .select_related("person")
            .first()
        )
        if chair is not None:
            p.foredragande = f"{chair.person.namn}, arbetsgruppens ordförande"
            p.save(update_fields=["foredragande"])
