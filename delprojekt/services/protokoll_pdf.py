"""The meeting documents as PDFs from the shared mall: kallelse, protokoll and
protokollsutdrag (the extract of one paragraph that the regions receive).

These functions only render; the views and the meeting services check who may
see or send them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from delprojekt.models import Samverkan
from delprojekt.models.sammantrade import Dagordningspunkt, Protokollkorrigering, Sammantrade
from delprojekt.pdf import render_pdf


def _person_namn(person: Any) -> str:
    return person.namn if person else ""


def _base_context(sammantrade: Sammantrade, *, dokumenttitel: str, dokumenttyp: str) -> dict:
    start = timezone.localtime(sammantrade.start)
    return {
        "samverkan": Samverkan.current(),
        "sammantrade": sammantrade,
        "organ": sammantrade.organ,
        "titel": f"{sammantrade.organ.namn} {start:%Y-%m-%d}",
        "dokumenttitel": dokumenttitel,
        "dokumenttyp": dokumenttyp,
        "start": start,
        "slut": timezone.localtime(sammantrade.slut) if sammantrade.slut else None,
        "kompakt": True,
    }


def _punkter(sammantrade: Sammantrade) -> list[Dagordningspunkt]:
    return list(
        sammantrade.punkter.select_related("delprojekt", "beslut", "uppfoljningsomgang").order_by(
            "ordning", "pk"
        )
    )


def _justering(sammantrade: Sammantrade) -> dict[str, Any]:
    return {
        "ordforande_namn": _person_namn(sammantrade.ordforande),
        "justerare_namn": _person_namn(sammantrade.justerare),
        "sekreterare_namn": _person_namn(sammantrade.sekreterare),
        "ordforande_justerat": (
            timezone.localtime(sammantrade.ordforande_justerat)
            if sammantrade.ordforande_justerat
            else None
        ),
        "justerare_justerat": (
            timezone.localtime(sammantrade.justerare_justerat)
            if sammantrade.justerare_justerat
            else None
        ),
    }


def kallelse_pdf(sammantrade: Sammantrade) -> bytes:
    """The notice of a meeting with its agenda."""
    with translation.override("sv"):
        context = _base_context(sammantrade, dokumenttitel="Kallelse", dokumenttyp="kallelse")
        context.update(
            {
                "datum": timezone.localtime(sammantrade.kallelse_skickad or timezone.now()),
                "punkter": _punkter(sammantrade),
                **_justering(sammantrade),
            }
        )
        return render_pdf("mall/kallelse.html", context)


def protokoll_pdf(sammantrade: Sammantrade) -> bytes:
    """The protocol: header, numbered paragraphs, corrections and the signatures."""
    with translation.override("sv"):
        context = _base_context(sammantrade, dokumenttitel="Protokoll", dokumenttyp="protokoll")
        punkter = [p for p in _punkter(sammantrade) if p.protokollford or p.paragraf_nummer]
        slutlig = sammantrade.protokoll_klart is not None and all(
            p.paragraf_nummer is not None for p in punkter
        )
        if sammantrade.justerat:
            statustext = "Justerat"
        elif slutlig:
            statustext = "Färdigställt, väntar på justering"
        else:
            statustext = "Utkast"
        context.update(
            {
                "datum": timezone.localtime(sammantrade.start),
                "punkter": punkter,
                "utkast": not slutlig,
                "vattenmarke": "" if slutlig else "Utkast",
                "statustext": statustext,
                "narvarande": list(sammantrade.narvarande.order_by("namn")),
                "korrigeringar": list(
                    Protokollkorrigering.objects.filter(sammantrade=sammantrade).select_related(
                        "punkt"
                    )
                ),
                **_justering(sammantrade),
            }
        )
        return render_pdf("mall/protokoll.html", context)


def protokollsutdrag_pdf(
    punkt: Dagordningspunkt,
    *,
    korrigeringar: list[Protokollkorrigering] | None = None,
    pdf_variant: str | None = None,
) -> bytes:
    """The extract of one numbered paragraph, as the regions receive it.

    ``korrigeringar``: the paragraph's and the whole protocol's corrections when the caller
    has read them already (the archive package, for many paragraphs at once).
    ``pdf_variant``: e.g. ``"pdf/a-3a"`` for the archive; its date is then the meeting's.
    """
    sammantrade = punkt.sammantrade
    if korrigeringar is None:
        # The paragraph's own corrections and those of the protocol as a whole.
        korrigeringar = list(
            Protokollkorrigering.objects.filter(sammantrade=sammantrade).filter(
                Q(punkt=punkt) | Q(punkt__isnull=True)
            )
        )
    with translation.override("sv"):
        context = _base_context(
            sammantrade, dokumenttitel="Protokollsutdrag", dokumenttyp="protokollsutdrag"
        )
        context.update(
            {
                "titel": f"{sammantrade.organ.namn} {punkt.paragraf}".strip(),
                "datum": timezone.localtime(sammantrade.start),
                "punkt": punkt,
                "omedelbart_justerad": (
                    timezone.localtime(punkt.omedelbart_justerad)
                    if punkt.omedelbart_justerad
                    else None
                ),
                "korrigeringar": korrigeringar,
                **_justering(sammantrade),
            }
        )
        if pdf_variant is None:
            return render_pdf("mall/protokollsutdrag.html", context)
        return render_pdf(
            "mall/protokollsutdrag.html",
            context,
            pdf_variant=pdf_variant,
            pdf_tags=True,
            created=f"{timezone.localtime(sammantrade.start):%Y-%m-%d}T00:00:00Z",
        )
