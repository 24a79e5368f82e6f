"""Demo data for the bodies' year: the ledningsgrupp's verksamhetsberättelse for last year
(approved at a held meeting under its own §, frozen as PDF/A and published), its
aktivitetsplan for this year and last, and the mandate each member has from their region.
One working group's report for last year too, approved at its last meeting of that year
and frozen; another group's report for this year as a draft."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from delprojekt.models import (
    Dagordningspunkt,
    Minnesanteckning,
    Organ,
    Organmedlemskap,
    Paragrafserie,
    Person,
    Sammantrade,
)
from verksamhet.models import Aktivitet
from verksamhet.services.berattelse import (
    arbetsgrupp_berattelse_godkann,
    arbetsgrupp_berattelse_las,
    arbetsgrupp_berattelse_text_save,
    berattelse_godkann,
    berattelse_las,
    berattelse_publicera,
    berattelse_text_save,
)
from verksamhet.services.mandat import mandat_save

TEXT = (
    "Ledningsgruppen har under {ar} lett arbetet med delprojekten i nära samarbete med "
    "kansliet och samarbetsgruppen. Året präglades av att flera slutrapporter blev klara "
    "och av att regionerna började införa nämndens rekommendationer.\n\n"
    "## Det viktigaste under året\n\n"
    "- Nya delprojekt startades efter beredning, med arbetsgrupper från alla fyra regioner.\n"
    "- Uppföljningarna redovisades enligt planen, och läget i regionerna följdes vid varje "
    "sammanträde.\n"
    "- Arbetssättet för förankring i linjen utvecklades tillsammans med de regionala "
    "samordnarna.\n\n"
    "## Inför nästa år\n\n"
    "Ledningsgruppen vill korta tiden från startbeslut till överlämnat uppdrag och ge "
    "arbetsgrupperna bättre stöd i analysfasen.\n"
)

PLAN = [
    # (what, month, day, status this year)
    ("Fastställa årets prioriteringar för nya delprojekt", 2, 12, Aktivitet.Status.KLAR),
    ("Dialog med samarbetsgruppen om beredningen", 4, 15, Aktivitet.Status.KLAR),
    ("Halvårsgenomgång av införandet i regionerna", 6, 10, Aktivitet.Status.KLAR),
    ("Workshop om förankring i linjen med samordnarna", 9, 24, Aktivitet.Status.PAGAR),
    ("Utvärdering av arbetsmetoden", 11, 20, Aktivitet.Status.PLANERAD),
    ("Gemensam konferens med nämnden", 10, 8, Aktivitet.Status.INSTALLD),
]

GRUPPTEXT = (
    "Arbetsgruppen har under {ar} träffats regelbundet, digitalt och på plats, och "
    "arbetat med nulägesanalysen och de första åtgärdsförslagen.\n\n"
    "## Det viktigaste under året\n\n"
    "- Gruppen enades om avgränsningen och om vilka data som ska ligga till grund.\n"
    "- Förankringen med linjen i regionerna påbörjades.\n"
)

MANDAT = (
    "Ställa sig bakom start av delprojekt och slutrapporter inom regionens beslutade "
    "ramar. Frågor som kräver nya medel tas till regionens ledning först."
)


def _godkannande_punkt(organ: Organ, ar: int, kansli_user) -> Dagordningspunkt:  # type: ignore[no-untyped-def]
    """A held meeting yesterday whose signed protocol has the report as its own §."""
    sekreterare = Person.objects.filter(user=kansli_user).first()
    dag = timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(9, 30)))
    medlemmar = [
        m.person
        for m in Organmedlemskap.objects.current().filter(organ=organ).select_related("person")
    ]
    ordforande = medlemmar[0] if medlemmar else None
    justerare = medlemmar[1] if len(medlemmar) > 1 else None
    mote = Sammantrade.objects.create(
        organ=organ,
        start=start,
        slut=start + datetime.timedelta(hours=1),
        lank="https://mote.example.test/sfbv",
        ordforande=ordforande,
        sekreterare=sekreterare,
        justerare=justerare,
        kallelse_skickad=start - datetime.timedelta(days=10),
        registrerat_av=kansli_user,
    )
    mote.narvarande.set(medlemmar)
    serie, _ = Paragrafserie.objects.get_or_create(organ=organ, ar=dag.year)
    serie.senaste = F("senaste") + 1
    serie.save(update_fields=["senaste"])
    serie.refresh_from_db()
    punkt = Dagordningspunkt.objects.create(
        sammantrade=mote,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik=f"Verksamhetsberättelse {ar}",
        beslutsforslag=f"Ledningsgruppen godkänner verksamhetsberättelsen för {ar}.",
        beslutstext=f"Ledningsgruppen godkänner verksamhetsberättelsen för {ar}.",
        protokollford=start + datetime.timedelta(minutes=30),
        paragraf_organ=organ,
        paragraf_ar=dag.year,
        paragraf_nummer=serie.senaste,
    )
    moment = min(start + datetime.timedelta(hours=3), timezone.now())
    Sammantrade.objects.filter(pk=mote.pk).update(
        protokoll_klart=moment,
        ordforande_justerat=moment,
        ordforande_justerat_av=ordforande.user if ordforande else None,
        justerare_justerat=moment,
        justerare_justerat_av=justerare.user if justerare else None,
    )
    return punkt


def fill_verksamhet(kansli_user) -> None:  # type: ignore[no-untyped-def]
    organ = Organ.objects.filter(typ=Organ.Typ.LEDNINGSGRUPP, aktiv=True).first()
    if organ is None:
        return
    i_ar = timezone.localdate().year
    forra = i_ar - 1
    medlemskap = list(
        Organmedlemskap.objects.current().filter(organ=organ).select_related("person__region")
    )
    ansvariga = [m.person for m in medlemskap] or [None]
    for ar, klart in ((forra, True), (i_ar, False)):
        for i, (vad, manad, dag, status) in enumerate(PLAN):
            Aktivitet.objects.create(
                organ=organ,
                ar=ar,
                vad=vad,
                ansvarig=ansvariga[i % len(ansvariga)],
                nar=datetime.date(ar, manad, dag),
                status=(
                    (
                        Aktivitet.Status.INSTALLD
                        if status == Aktivitet.Status.INSTALLD
                        else Aktivitet.Status.KLAR
                    )
                    if klart
                    else status
                ),
                andrad_av=kansli_user,
            )
    for m in medlemskap:
        region = m.person.region.namn if m.person.region else "regionen"
        mandat_save(
            user=kansli_user,
            medlemskap=m,
            data={
                "omfattning": MANDAT,
                "givet_av": f"Regiondirektören, {region}",
                "giltigt_till": datetime.date(i_ar + 1, 12, 31),
            },
        )
    berattelse_text_save(user=kansli_user, organ=organ, ar=forra, text=TEXT.format(ar=forra))
    punkt = _godkannande_punkt(organ, forra, kansli_user)
    berattelse_godkann(user=kansli_user, organ=organ, ar=forra, punkt_id=punkt.pk)
    berattelse_las(user=kansli_user, organ=organ, ar=forra)
    berattelse_publicera(user=kansli_user, organ=organ, ar=forra, publicera=True)
    fill_arbetsgrupp_berattelser(kansli_user)


def fill_arbetsgrupp_berattelser(kansli_user) -> None:  # type: ignore[no-untyped-def]
    """Last year's report of the group that met last in that year, approved at that
    meeting and frozen; this year's report of another group, still a draft."""
    i_ar = timezone.localdate().year
    forra = i_ar - 1
    sista = (
        Minnesanteckning.objects.filter(datum__year=forra, datum__lte=timezone.localdate())
        .select_related("delprojekt")
        .order_by("-datum", "-pk")
        .first()
    )
    klar = None
    if sista is not None:
        klar = sista.delprojekt
        arbetsgrupp_berattelse_text_save(
            user=kansli_user, delprojekt=klar, ar=forra, text=GRUPPTEXT.format(ar=forra)
        )
        arbetsgrupp_berattelse_godkann(
            user=kansli_user, delprojekt=klar, ar=forra, mote_id=sista.pk
        )
        arbetsgrupp_berattelse_las(user=kansli_user, delprojekt=klar, ar=forra)
    utkast = (
        Minnesanteckning.objects.exclude(delprojekt=klar)
        .select_related("delprojekt")
        .order_by("-datum", "-pk")
        .first()
    )
    if utkast is not None:
        arbetsgrupp_berattelse_text_save(
            user=kansli_user,
            delprojekt=utkast.delprojekt,
            ar=i_ar,
            text=GRUPPTEXT.format(ar=i_ar),
        )
