"""The year's verksamhetsberättelse awaiting approval by its body (a decision-queue
source): a report with text waits in its body's queue until the kansli registers the
approval (``verksamhet.services.berattelse.berattelse_godkann``). The kansli puts it on
a meeting's agenda from the queue; the approval form then preselects the paragraph the
meeting gave it (``godkannande_forslag``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from delprojekt.beslutsko import (
    KO_TYPER,
    Dokumentlank,
    Koarende,
    en_gang_per_anrop,
    kalla,
    pa_dagordningen,
    per_organtyp,
    raknare_fraga,
)
from delprojekt.models import Dagordningspunkt
from verksamhet.models import Verksamhetsberattelse
from verksamhet.services.berattelse import NYCKEL, konyckel


def _ej_godkanda() -> QuerySet[Verksamhetsberattelse]:
    """Reports with text of the active bodies that have a queue, not yet approved."""
    return Verksamhetsberattelse.objects.filter(
        organ__typ__in=KO_TYPER, organ__aktiv=True, godkand__isnull=True
    ).exclude(text="")


@en_gang_per_anrop
def _att_godkanna() -> list[Verksamhetsberattelse]:
    """The reports awaiting approval of every body with a queue, each knowing whether it
    stands on an open agenda (one query per request)."""
    return list(
        _ej_godkanda()
        .select_related("organ")
        .only("pk", "ar", "andrad", "organ__namn", "organ__typ")
        .annotate(pa_dagordning=pa_dagordningen(NYCKEL))
        .order_by("andrad", "pk")
    )


@kalla
def verksamhetsberattelser(organ_typ: str) -> Iterable[Koarende]:
    """The reports awaiting approval by a body of ``organ_typ`` (one query, shared by
    every queue within a request)."""
    rows = [b for b in _att_godkanna() if b.organ.typ == organ_typ]
    items = []
    for b in rows:
        url = reverse("verksamhet:berattelse", args=[b.organ_id, b.ar])
        items.append(
            Koarende(
                nyckel=konyckel(b),
                typ=Dagordningspunkt.Typ.ARENDE,
                rubrik=_("Verksamhetsberättelse %(ar)s för godkännande") % {"ar": b.ar},
                sedan=b.andrad,
                beslutsforslag=_("%(organ)s godkänner verksamhetsberättelsen för %(ar)s.")
                % {"organ": b.organ.namn, "ar": b.ar},
                pa_dagordning=b.pa_dagordning,
                dokument=(
                    Dokumentlank(_("Verksamhetsberättelsen"), url),
                    Dokumentlank(
                        _("Verksamhetsberättelsen som PDF"),
                        reverse("verksamhet:berattelse_pdf", args=[b.organ_id, b.ar]),
                        pdf=True,
                    ),
                ),
                url=url,
            )
        )
    return items


@raknare_fraga(per_organtyp)
def verksamhetsberattelser_antal() -> QuerySet:
    """The counter of ``verksamhetsberattelser``: one grouped query."""
    return (
        _ej_godkanda()
        .annotate(nyckel=F("organ__typ"))
        .values("nyckel")
        .annotate(n=Count("pk"), aldst=Min("andrad"))
        .order_by()
    )
