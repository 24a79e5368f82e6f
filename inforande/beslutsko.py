"""Escalated implementation problems in the samarbetsgrupp's and the ledningsgrupp's
queues (a decision-queue source): an item waits from when it is raised until the kansli
records the body's answer. The kansli may put it on a meeting's agenda as an item for
decision or for information; the answer is recorded on the problem's page."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.core.signals import request_finished, request_started
from django.db.models import Count, F, Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from delprojekt.beslutsko import Dokumentlank, Koarende, kalla, per_organtyp, raknare_fraga
from delprojekt.models import Dagordningspunkt, Samverkan
from inforande.models import Eskalering
from inforande.services.eskalering import ESKALERINGSTYPER


def _rubrik(e: Eskalering, radnamn: str) -> str:
    return _("%(ref)s: införandeproblem i %(rad)s – %(rubrik)s (nr %(nr)s)") % {
        "ref": e.delprojekt.referens,
        "rad": radnamn,
        "rubrik": e.rubrik,
        "nr": e.pk,
    }


# Within one request the open problems of both bodies are read once: a member of the
# samarbetsgrupp and the ledningsgrupp sees both queues on one page (``beslut:mina``),
# which would otherwise cost a query per body. Outside a request nothing is kept.
_per_request = threading.local()


def _start(**_kwargs: object) -> None:
    _per_request.rows = None
    _per_request.active = True


def _end(**_kwargs: object) -> None:
    _per_request.rows = None
    _per_request.active = False


request_started.connect(_start, dispatch_uid="inforande.beslutsko.start")
request_finished.connect(_end, dispatch_uid="inforande.beslutsko.end")


def _oppna() -> list[Eskalering]:
    """The unanswered problems of both kinds of body, oldest first (one query)."""
    rows = getattr(_per_request, "rows", None)
    if rows is None:
        rows = list(
            Eskalering.objects.filter(organ__typ__in=ESKALERINGSTYPER, svar_datum__isnull=True)
            .select_related("delprojekt", "region", "organ")
            .order_by("skapad", "pk")
        )
        if getattr(_per_request, "active", False):
            _per_request.rows = rows
    return rows


@kalla
def eskaleringar(organ_typ: str) -> Iterable[Koarende]:
    """Unanswered problems raised to a body of ``organ_typ`` (two queries, the first
    shared by both bodies within a request)."""
    if organ_typ not in ESKALERINGSTYPER:
        return []
    rows = [e for e in _oppna() if e.organ.typ == organ_typ]
    if not rows:
        return []
    sjukvardsregion = Samverkan.current().sjukvardsregion
    # An item added to an agenda keeps its heading; the open agendas' headings tell which.
    pa_dagordning = set(
        Dagordningspunkt.objects.filter(
            sammantrade__organ__typ=organ_typ,
            sammantrade__protokoll_klart__isnull=True,
            rubrik__contains=_("införandeproblem"),
        ).values_list("rubrik", flat=True)
    )
    items = []
    for e in rows:
        rubrik = _rubrik(e, e.region.namn if e.region else sjukvardsregion)[:300]
        url = reverse("inforande:eskalering", args=[e.pk])
        items.append(
            Koarende(
                nyckel=f"eskalering:{e.pk}",
                typ=(
                    Dagordningspunkt.Typ.ARENDE
                    if e.syfte == Eskalering.Syfte.BESLUT
                    else Dagordningspunkt.Typ.INFORMATION
                ),
                rubrik=rubrik,
                sedan=e.skapad,
                beslutsforslag=e.beskrivning,
                pa_dagordning=rubrik in pa_dagordning,
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
