"""Escalated implementation problems in the samarbetsgrupp's and the ledningsgrupp's
queues (a decision-queue source): an item waits from when it is raised until the body's
answer is recorded. The kansli may put it on a meeting's agenda as an item for decision
or for information; the agenda item keeps the queue item's key, and the decision the
protocol records on it becomes the answer
(``inforande.services.eskalering.eskalering_fran_protokoll``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from delprojekt.beslutsko import (
    Dokumentlank,
    Koarende,
    en_gang_per_anrop,
    kalla,
    pa_dagordningen,
    per_organtyp,
    raknare_fraga,
)
from delprojekt.models import Dagordningspunkt, Samverkan
from inforande.models import Eskalering
from inforande.services.eskalering import ESKALERINGSTYPER, NYCKEL, konyckel


def _rubrik(e: Eskalering, radnamn: str) -> str:
    return _("%(ref)s: införandeproblem i %(rad)s – %(rubrik)s (nr %(nr)s)") % {
        "ref": e.delprojekt.referens,
        "rad": radnamn,
        "rubrik": e.rubrik,
        "nr": e.pk,
    }


@en_gang_per_anrop
def _oppna() -> list[Eskalering]:
    """The unanswered problems of both kinds of body, oldest first, each knowing whether
    it stands on an open agenda (one query per request)."""
    return list(
        Eskalering.objects.filter(organ__typ__in=ESKALERINGSTYPER, svar_datum__isnull=True)
        .select_related("delprojekt", "region", "organ")
        .annotate(pa_dagordning=pa_dagordningen(NYCKEL))
        .order_by("skapad", "pk")
    )


@kalla
def eskaleringar(organ_typ: str) -> Iterable[Koarende]:
    """Unanswered problems raised to a body of ``organ_typ`` (one query, shared by both
    bodies within a request)."""
    if organ_typ not in ESKALERINGSTYPER:
        return []
    rows = [e for e in _oppna() if e.organ.typ == organ_typ]
    if not rows:
        return []
    sjukvardsregion = Samverkan.current().sjukvardsregion
    items = []
    for e in rows:
        rubrik = _rubrik(e, e.region.namn if e.region else sjukvardsregion)[:300]
        url = reverse("inforande:eskalering", args=[e.pk])
        items.append(
            Koarende(
                nyckel=konyckel(e),
                typ=(
                    Dagordningspunkt.Typ.ARENDE
                    if e.syfte == Eskalering.Syfte.BESLUT
                    else Dagordningspunkt.Typ.INFORMATION
                ),
                rubrik=rubrik,
                sedan=e.skapad,
                beslutsforslag=e.beskrivning,
                pa_dagordning=e.pa_dagordning,
                dokument=(Dokumentlank(_("Problemet och svaret"), url),),
                url=url,
            )
        )
    return items


@raknare_fraga(per_organtyp)
def eskaleringar_antal() -> QuerySet:
    """The counter of ``eskaleringar``: one grouped query."""
    return (
        Eskalering.objects.filter(organ__typ__in=ESKALERINGSTYPER, svar_datum__isnull=True)
        .annotate(nyckel=F("organ__typ"))
        .values("nyckel")
        .annotate(n=Count("pk"), aldst=Min("skapad"))
        .order_by()
    )
