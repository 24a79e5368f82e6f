"""The follow-up reports the bodies receive for information (a decision-queue source).

A handed-in report is presented to the samarbetsgrupp, then the ledningsgrupp, then the
nämnd (``Uppfoljningsomgang.nasta_organ``). It waits in one body's queue at a time: the
samarbetsgrupp's from the moment it is handed in, the next body's from when the previous
body's presentation was registered. When a meeting records the item, the meeting service
registers the presentation (``delprojekt.services.sammantrade.punkt_record``), which
moves the report on to the next queue; after the nämnd the round is *redovisad*.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from delprojekt.beslutsko import Dokumentlank, Koantal, Koarende, kalla, raknare
from delprojekt.models import Dagordningspunkt
from uppfoljning.models import REDOVISNINGSORGAN, Omgangsstatus, Redovisning, Uppfoljningsomgang

ORDNING = [typ for typ, _label in REDOVISNINGSORGAN]


@kalla
def uppfoljningsrapporter(organ_typ: str) -> Iterable[Koarende]:
    """Handed-in follow-up reports whose next body is ``organ_typ``, in two queries."""
    if organ_typ not in ORDNING:
        return []
    rounds = (
        Uppfoljningsomgang.objects.filter(status=Omgangsstatus.INLAMNAD)
        .exclude(redovisningar__organ_typ=organ_typ)
        .select_related("delprojekt", "rapport")
        .prefetch_related(
            Prefetch("redovisningar", queryset=Redovisning.objects.order_by("registrerad"))
        )
        .annotate(
            pa_dagordning=Exists(
                Dagordningspunkt.objects.filter(
                    uppfoljningsomgang=OuterRef("pk"),
                    sammantrade__organ__typ=organ_typ,
                    sammantrade__protokoll_klart__isnull=True,
                )
            )
        )
        .order_by("inlamnad", "pk")
    )
    items = []
    for omgang in rounds:
        if omgang.nasta_organ() != organ_typ:
            continue
        dp = omgang.delprojekt
        index = ORDNING.index(organ_typ)
        if index == 0:
            sedan = omgang.inlamnad
        else:
            sedan = omgang.redovisningar_per_organ()[ORDNING[index - 1]].registrerad
        args = [dp.referens, omgang.nummer]
        sida = reverse("uppfoljning:rapport", args=args)
        dokument = [Dokumentlank(_("Uppföljningsrapporten"), sida)]
        rapport = getattr(omgang, "rapport", None)
        if rapport is not None and rapport.pdf:
            dokument.insert(
                0,
                Dokumentlank(
                    _("Uppföljningsrapporten som PDF"),
                    reverse("uppfoljning:rapport_inlamnad_pdf", args=args),
                    pdf=True,
                ),
            )
        items.append(
            Koarende(
                nyckel=f"uppfoljning:{omgang.pk}",
                typ=Dagordningspunkt.Typ.UPPFOLJNING,
                rubrik=_("%(ref)s %(titel)s: uppföljningsrapport, omgång %(nr)s")
                % {"ref": dp.referens, "titel": dp.titel, "nr": omgang.nummer},
                sedan=sedan or omgang.skapad,
                delprojekt=dp,
                pa_dagordning=omgang.pa_dagordning,
                dokument=tuple(dokument),
                url=sida,
                uppfoljningsomgang=omgang,
            )
        )
    return items


@raknare
def uppfoljningsrapporter_antal() -> Iterable[Koantal]:
    """The counter of ``uppfoljningsrapporter``: the handed-in rounds with each body's
    registration date in one query, the next body found as the source finds it."""
    rounds = (
        Uppfoljningsomgang.objects.filter(status=Omgangsstatus.INLAMNAD)
        .annotate(
            **{
                f"redovisad_{typ}": Subquery(
                    Redovisning.objects.filter(omgang=OuterRef("pk"), organ_typ=typ)
                    .order_by("registrerad")
                    .values("registrerad")[:1]
                )
                for typ in ORDNING
            }
        )
        .values("inlamnad", "skapad", *(f"redovisad_{typ}" for typ in ORDNING))
        .order_by()
    )
    per_organ: dict[str, list[datetime.datetime]] = {}
    for r in rounds:
        sedan = r["inlamnad"] or r["skapad"]
        for typ in ORDNING:
            registrerad = r[f"redovisad_{typ}"]
            if registrerad is None:
                per_organ.setdefault(typ, []).append(sedan)
                break
            sedan = registrerad
    for typ, sedan_lista in per_organ.items():
        yield Koantal(typ, len(sedan_lista), min(sedan_lista))
