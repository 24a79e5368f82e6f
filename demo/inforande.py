"""Implementation as the regions plan it, in the demo data: a plan for each region of the
project in införande (all but the last frozen as version 1, that one a draft), a problem Halland's
coordinator raised to the samarbetsgrupp that waits in its queue, one the kansli
raised to the ledningsgrupp for the sjukvårdsregion's own row, already answered, and the
project's last recommendation aimed at the sjukvårdsregion itself (its row kept by the kansli).

Run by ``demo.loader`` after the follow-up data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from delprojekt.models import Atgardsforslag, Delprojekt, Organ, Status
from delprojekt.services.regionbeslut import current_rekommendationer
from inforande.models import Eskalering, Planversion
from inforande.services.eskalering import eskalering_besvara, eskalering_create
from inforande.services.plan import plan_faststall, plan_save
from inforande.services.sjukvardsregion import sjukvardsregion_save
from uppfoljning.models import Inforandestatus

PROJEKT = "Nyckelbenskirurgi"

SVAR = {
    "budskap": "Patienter med nyckelbensfraktur bedöms och opereras enligt gemensamma "
    "indikationer, oavsett var i {region} de söker vård.",
    "effekter": "Färre reoperationer, kortare väntan till operation och mer jämlik vård.",
    "styrkor": "Ortopedkliniken har redan ett strukturerat frakturflöde och en "
    "engagerad processledare.",
    "paverkas": "Akutmottagningar, ortopedkliniker, operationsplanering och "
    "primärvårdens rehabilitering.",
    "annorlunda": "Alla operationsbeslut tas enligt de gemensamma indikationerna och "
    "registreras i kvalitetsregistret.",
    "genomfor": "Verksamhetschefen för ortopedi med stöd av regionens processtöd.",
    "hur": "Utbildning per klinik, nya rutiner i journalmallen och uppföljning varje kvartal.",
    "svarigheter": "Brist på operationstider under sommaren och flera sjukhus med olika "
    "arbetssätt.",
    "kommunikation": "Intranätet, arbetsplatsträffar och ett informationsblad till primärvården.",
}


def fill_inforande(kansli: Any) -> None:
    dp = Delprojekt.objects.get(titel=PROJEKT, status=Status.INFORANDE)
    _sjukvardsregional(dp, kansli)
    users = get_user_model().objects.select_related("person__region")
    today = timezone.localdate()
    regioner = list(dp.regioner.order_by("ordning", "namn"))
    for i, region in enumerate(regioner):
        namn = region.namn.removeprefix("Region ")
        user = (
            users.filter(username__startswith="samordnare-", person__region=region).first()
            or kansli
        )
        plan, _andrad = plan_save(
            delprojekt=dp,
            region=region,
            user=user,
            texter={k: v.format(region=namn) for k, v in SVAR.items()},
            milstolpar=[
                {
                    "vad": "Utbildning av ortopeder och akutläkare",
                    "nar": (today + datetime.timedelta(days=45)).isoformat(),
                    "ansvarig": f"Verksamhetschef ortopedi, {namn}",
                },
                {
                    "vad": "Nya indikationer i journalmallen",
                    "nar": (today + datetime.timedelta(days=90)).isoformat(),
                    "ansvarig": f"Processtöd, {namn}",
                },
            ],
            linjechef=f"Verksamhetschef ortopedi, {namn}",
            andring=0,
        )
        # The last region has a draft only.
        if i < len(regioner) - 1:
            plan_faststall(delprojekt=dp, region=region, user=user, andring=plan.andring)
    Planversion.objects.filter(plan__delprojekt=dp).update(
        skapad=timezone.now() - datetime.timedelta(days=3)
    )

    halland = dp.regioner.filter(kortnamn="HAL").first()
    sam = users.filter(username="samordnare-halland").first()
    if halland is not None and sam is not None:
        eskalering_create(
            delprojekt=dp,
            user=sam,
            region=halland,
            organ=Organ.of_kind(Organ.Typ.SAMARBETSGRUPP),
            syfte=Eskalering.Syfte.BESLUT,
            rubrik="Operationstider saknas under sommaren",
            beskrivning="Halland kan inte hålla tidplanen för operationer under sommaren "
            "utan att låna operationstid av en annan region. Vi ber samarbetsgruppen "
            "pröva om regionerna kan dela på operationstiden.",
        )
    e = eskalering_create(
        delprojekt=dp,
        user=kansli,
        region=None,
        organ=Organ.of_kind(Organ.Typ.LEDNINGSGRUPP),
        syfte=Eskalering.Syfte.KANNEDOM,
        rubrik="Gemensam utbildningsdag för hela sjukvårdsregionen",
        beskrivning="Kansliet planerar en gemensam utbildningsdag och informerar "
        "ledningsgruppen om kostnaden.",
    )
    Eskalering.objects.filter(pk=e.pk).update(skapad=timezone.now() - datetime.timedelta(days=10))
    e.refresh_from_db()
    eskalering_besvara(
        eskalering=e,
        user=kansli,
        svar="Ledningsgruppen noterade informationen och ställer sig bakom utbildningsdagen.",
        datum=today - datetime.timedelta(days=2),
    )


def _sjukvardsregional(dp: Delprojekt, kansli: Any) -> None:
    """The project's last recommendation is aimed at the sjukvårdsregion itself: the
    kansli keeps its row, the regions' cells are not relevant."""
    rek = current_rekommendationer(dp)[-1]
    Atgardsforslag.objects.filter(pk=rek.atgardsforslag_id).update(sjukvardsregional=True)
    Inforandestatus.objects.filter(rekommendation=rek).delete()
    rek.refresh_from_db()
    sjukvardsregion_save(
        delprojekt=dp,
        user=kansli,
        data={rek.pk: (Inforandestatus.Status.PAGAR, "Kansliet sammanställer andelen per region.")},
    )
