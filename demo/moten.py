"""Demo data for the bodies' meetings: past meetings with signed protocols for the
decisions the demo projects went through, and the ledningsgrupp's next meeting with an
agenda built from its queue. Called once at the end of ``demo.loader.load_demo``."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F
from django.utils import timezone

from delprojekt.beslutsko import beslutsko_for
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Organ,
    Organmedlemskap,
    Paragrafserie,
    Person,
    Sammantrade,
    Samverkan,
)
from delprojekt.workflow import OVERGANGAR

#: Decisions of these kinds are taken at meetings of the body.
MOTESORGAN = (
    Organ.Typ.LEDNINGSGRUPP,
    Organ.Typ.SAMARBETSGRUPP,
    Organ.Typ.NAMND,
)

TID = {
    Organ.Typ.LEDNINGSGRUPP: datetime.time(9, 30),
    Organ.Typ.SAMARBETSGRUPP: datetime.time(13, 0),
    Organ.Typ.NAMND: datetime.time(10, 0),
}


def _roles(organ: Organ) -> tuple[list[Person], Person | None, Person | None]:
    members = [
        m.person
        for m in Organmedlemskap.objects.current()
        .filter(organ=organ)
        .select_related("person")
        .order_by("-roll", "person__namn")
    ]
    chair = next(
        (
            m.person
            for m in Organmedlemskap.objects.current()
            .filter(organ=organ, roll="ordforande")
            .select_related("person")
        ),
        members[0] if members else None,
    )
    justerare = next((p for p in members if p != chair), None)
    return members, chair, justerare


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def fill_beslutsforslag(texts: dict[str, str]) -> None:
    """The kansli's proposals for what the bodies are asked to decide now."""
    texts = {
        **texts,
        "rekommendera": f"{Samverkan.current().namnd_namn} rekommenderar regionerna att "
        "genomföra åtgärdsförslagen i slutrapporten.",
    }

    for typ in (*MOTESORGAN, Organ.Typ.POLITISK_STYRGRUPP):
        organ = Organ.objects.filter(typ=typ, aktiv=True).first()
        if organ is None:
            continue
        for item in beslutsko_for(organ):
            dp = item.delprojekt
            if item.delrapport is not None or dp is None or dp.beslutsforslag:
                continue
            forward = [o for o in item.overgangar if not o.bakat]
            name = (forward or list(item.overgangar) or [None])[0]
            name = name.name if name else ""
            text = texts.get(name) or (
                f"{organ.namn} beslutar att {OVERGANGAR.get((dp.status, name)).label.lower()}."
                if name
                else f"{organ.namn} bereder ärendet inför nämndens beslut."
            )
            type(dp).objects.filter(pk=dp.pk).update(beslutsforslag=text)


def fill_meetings(kansli_user) -> None:
    secretary = Person.objects.filter(user=kansli_user).first()
    now = timezone.now()
    for typ in MOTESORGAN:
        organ = Organ.objects.filter(typ=typ, aktiv=True).first()
        if organ is None:
            continue
        members, chair, justerare = _roles(organ)
        by_day: dict[datetime.date, list[Beslut]] = defaultdict(list)
        for beslut in Beslut.objects.filter(organ=organ).select_related("delprojekt"):
            by_day[beslut.datum].append(beslut)
        # Each decision was recorded on an item of a meeting of its own (demo._transition);
        # the items of one day are gathered into that day's signed meeting.
        recorded = set(
            Sammantrade.objects.filter(organ=organ, protokoll_klart__isnull=True).values_list(
                "pk", flat=True
            )
        )
        for day in sorted(by_day):
            start = _aware(day, TID[typ])
            moment = min(start + datetime.timedelta(days=3), now)
            meeting = Sammantrade.objects.create(
                organ=organ,
                start=start,
                slut=start + datetime.timedelta(hours=2),
                plats="Växjö, Regionhuset" if day.month % 2 else "",
                lank="" if day.month % 2 else "https://mote.example.test/sfbv",
                ordforande=chair,
                sekreterare=secretary,
                justerare=justerare,
                kallelse_skickad=start - datetime.timedelta(days=10),
                registrerat_av=kansli_user,
            )
            meeting.narvarande.set(members)
            serie, _created = Paragrafserie.objects.get_or_create(organ=organ, ar=day.year)
            for ordning, beslut in enumerate(by_day[day], start=1):
                serie.senaste = F("senaste") + 1
                serie.save(update_fields=["senaste"])
                serie.refresh_from_db()
                Dagordningspunkt.objects.filter(beslut=beslut).update(
                    sammantrade=meeting,
                    ordning=ordning,
                    beslutsforslag=beslut.beslutstext,
                    protokollford=start + datetime.timedelta(hours=1),
                    paragraf_organ=organ,
                    paragraf_ar=day.year,
                    paragraf_nummer=serie.senaste,
                )
                Beslut.objects.filter(pk=beslut.pk).update(
                    sammantrade=str(meeting), paragraf=f"§ {serie.senaste}/{day.year}"
                )
            Sammantrade.objects.filter(pk=meeting.pk).update(
                protokoll_klart=min(start + datetime.timedelta(days=1), now),
                ordforande_justerat=moment,
                ordforande_justerat_av=chair.user if chair else None,
                justerare_justerat=moment,
                justerare_justerat_av=justerare.user if justerare else None,
            )
        Sammantrade.objects.filter(pk__in=recorded, punkter__isnull=True).delete()

    # The ledningsgrupp's next meeting: agenda from its queue, kallelse not yet sent.
    organ = Organ.objects.filter(typ=Organ.Typ.LEDNINGSGRUPP, aktiv=True).first()
    if organ is None:
        return
    members, chair, justerare = _roles(organ)
    # Ten days ahead: within the start page's two weeks at any time of day.
    day = timezone.localdate() + datetime.timedelta(days=10)
    meeting = Sammantrade.objects.create(
        organ=organ,
        start=_aware(day, TID[organ.typ]),
        slut=_aware(day, datetime.time(12, 0)),
        plats="Halmstad, Regionens hus",
        ordforande=chair,
        sekreterare=secretary,
        justerare=justerare,
        registrerat_av=kansli_user,
    )
    ordning = 0
    for ordning, item in enumerate(beslutsko_for(organ), start=1):
        Dagordningspunkt.objects.create(
            sammantrade=meeting,
            ordning=ordning,
            typ=item.typ,
            rubrik=item.rubrik,
            delprojekt=item.delprojekt,
            delrapport=item.delrapport,
            beslutsforslag=item.beslutsforslag,
        )
    Dagordningspunkt.objects.create(
        sammantrade=meeting,
        ordning=ordning + 1,
        typ=Dagordningspunkt.Typ.INFORMATION,
        rubrik="Information från kansliet",
        beslutsforslag="Kansliet informerar om läget i pågående delprojekt.",
    )
