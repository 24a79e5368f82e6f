"""The slutrapport as an archival PDF, and the frozen copy of the version the board approved.

The PDF is PDF/A-3a (``pdf/a-3a``): tagged structure for assistive technology, embedded
fonts, document language ``sv`` and title/author metadata from the mall's ``<head>``. The
creation date written into the file is the report's date (the decision date once approved,
otherwise the day of the latest chapter change), never the time of rendering, so the same
input gives the same text and the same metadata.

When the board recommends (the transition ``rekommendera``), ``rapportversion_freeze`` runs
after commit: it renders the PDF once with the decision on the cover and stores the bytes as
a ``Rapportversion`` with their SHA-256. The stored file is never rewritten; later chapter
edits only change the live PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Kapitel,
    Rapportversion,
    Samverkan,
    Uppfoljningsplan,
)
from delprojekt.models.dokument import MALL, Dokumenttyp
from delprojekt.pdf import page_count, render_pdf
from delprojekt.services.filer import fil_store
from delprojekt.services.slutrapport_innehall import gruppsammansattning
from delprojekt.tal import tal
from delprojekt.workflow import Effektdata, effekt

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3a"
SLUTRAPPORT = Dokumenttyp.SLUTRAPPORT
BILAGOR = ("faktabilaga",)


def _grupp_rader(dp: Delprojekt) -> list[dict[str, Any]]:
    """The group table: the rows the slutrapport page shows (current members, then past)."""
    return [
        {
            "namn": r.namn,
            "roll": r.roll,
            "region": r.region,
            "profession": r.profession,
            "nuvarande": getattr(r, "nuvarande", True),
        }
        for r in gruppsammansattning(dp)
    ]


def slutrapport_context(dp: Delprojekt, *, godkannande_beslut: Beslut | None = None) -> dict:
    samverkan = Samverkan.current()
    kapitel = {
        k.nyckel: k
        for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=SLUTRAPPORT)
    }
    chapters: list[tuple[str, str, Kapitel | None]] = []
    bilagor: list[tuple[str, str, Kapitel | None]] = []
    for nyckel, rubrik in MALL[SLUTRAPPORT]:
        entry = (nyckel, str(rubrik), kapitel.get(nyckel))
        (bilagor if nyckel in BILAGOR else chapters).append(entry)
    if godkannande_beslut is not None:
        datum: date = godkannande_beslut.datum
        namnd = samverkan.namnd_namn or str(godkannande_beslut.organ)
        godkannande = _("Godkänd av %(namnd)s %(datum)s") % {
            "namnd": namnd,
            "datum": f"{datum:%Y-%m-%d}",
        }
        statustext = _("Godkänd")
        vattenmarke = ""
    else:
        andrade = [k.andrad for k in kapitel.values() if getattr(k, "andrad", None)]
        datum = timezone.localdate(max(andrade)) if andrade else timezone.localdate()
        godkannande = ""
        statustext = _("Utkast – %(status)s") % {"status": dp.get_status_display()}
        vattenmarke = _("Utkast")
    plan = Uppfoljningsplan.objects.filter(delprojekt=dp).first()
    parametrar = [
        {
            "namn": p.namn,
            "enhet": p.enhet,
            "kalla": p.get_kalla_display()
            + (f" ({p.kalla_beskrivning})" if p.kalla_beskrivning else ""),
            "utgangsvarde": tal(p.utgangsvarde) if p.utgangsvarde is not None else "",
            "utgangsdatum": p.utgangsdatum,
            "malvarde": tal(p.malvarde) if p.malvarde is not None else "",
            "mal_beskrivning": p.mal_beskrivning,
        }
        for p in dp.uppfoljningsparametrar.order_by("ordning", "pk")
    ]
    return {
        "dp": dp,
        "samverkan": samverkan,
        "dokumenttitel": _("Slutrapport"),
        "dokumenttyp": "slutrapport",
        "datum": datum,
        "statustext": statustext,
        "vattenmarke": vattenmarke,
        "godkannande": godkannande,
        "chapters": chapters,
        "bilagor": bilagor,
        "grupp": _grupp_rader(dp),
        "atgardsforslag": list(
            dp.atgardsforslag.prefetch_related("regioner").order_by("ordning", "pk")
        ),
        "plan": plan,
        "parametrar": parametrar,
    }


def slutrapport_pdf(dp: Delprojekt, *, godkannande_beslut: Beslut | None = None) -> bytes:
    """The slutrapport of ``dp`` as PDF/A bytes; deterministic for the same input."""
    context = slutrapport_context(dp, godkannande_beslut=godkannande_beslut)
    created = f"{context['datum']:%Y-%m-%d}T00:00:00Z"
    return render_pdf(
        "mall/slutrapport.html",
        context,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        created=created,
    )


def rapportversion_freeze(delprojekt_id: int, beslut_id: int) -> Rapportversion:
    """Store the PDF approved by ``beslut_id``; idempotent per decision."""
    existing = Rapportversion.objects.filter(
        delprojekt_id=delprojekt_id, beslut_id=beslut_id
    ).first()
    if existing is not None:
        return existing
    dp = Delprojekt.objects.get(pk=delprojekt_id)
    beslut = Beslut.objects.select_related("organ").get(pk=beslut_id)
    pdf = slutrapport_pdf(dp, godkannande_beslut=beslut)
    sha = hashlib.sha256(pdf).hexdigest()
    sidor = page_count(pdf)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Delprojekt.objects.select_for_update().get(pk=delprojekt_id)
                existing = Rapportversion.objects.filter(
                    delprojekt_id=delprojekt_id, beslut_id=beslut_id
                ).first()
                if existing is not None:
                    return existing
                nummer = (
                    Rapportversion.objects.filter(delprojekt_id=delprojekt_id).aggregate(
                        m=Max("nummer")
                    )["m"]
                    or 0
                ) + 1
                version = Rapportversion(
                    delprojekt=dp, nummer=nummer, sha256=sha, sidor=sidor, beslut=beslut
                )
                fil_store(
                    fil=version.fil,
                    name=f"{dp.referens}-slutrapport-v{nummer}.pdf",
                    content=ContentFile(pdf),
                )
                version.save()
                return version
        except IntegrityError:
            continue
    raise RuntimeError("Rapportversionen kunde inte sparas.")


_deferred = threading.local()


@contextlib.contextmanager
def freezes_deferred() -> Iterator[list[tuple[int, int]]]:
    """Collect the approved reports to freeze instead of rendering them at commit.

    Inside the block, ``rapportversion_freeze_on_commit`` appends ``(delprojekt_id,
    beslut_id)`` to the list it yields; the caller freezes them later with
    ``rapportversion_freeze`` (for the demo: in the background once the server is up). The
    frozen file does not depend on when it is rendered: its dates are the decision's.
    """
    pending: list[tuple[int, int]] = []
    previous = getattr(_deferred, "pending", None)
    _deferred.pending = pending
    try:
        yield pending
    finally:
        _deferred.pending = previous


def rapportversion_freeze_on_commit(*, delprojekt_id: int, beslut_id: int) -> None:
    """Freeze the approved PDF after the surrounding transaction commits.

    Rendering or storing must not undo the board's decision, so a failure is logged and
    can be repeated by calling ``rapportversion_freeze`` again (it is idempotent).
    Inside ``freezes_deferred`` the freeze is only noted, for the caller to run.
    """
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending.append((delprojekt_id, beslut_id))
        return

    def freeze() -> None:
        try:
            rapportversion_freeze(delprojekt_id, beslut_id)
        except Exception:
            logger.exception(
                "Slutrapporten kunde inte låsas (delprojekt %s, beslut %s)",
                delprojekt_id,
                beslut_id,
            )

    transaction.on_commit(freeze)


@effekt("rekommendera")
def _freeze_approved_report(e: Effektdata) -> None:
    """The approved slutrapport is frozen as a PDF once the board's decision is committed."""
    assert e.beslut is not None
    rapportversion_freeze_on_commit(delprojekt_id=e.delprojekt.pk, beslut_id=e.beslut.pk)
