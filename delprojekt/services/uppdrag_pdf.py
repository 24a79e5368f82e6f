"""The uppdrag as PDF from the shared mall (a draft until it is handed over)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Kapitel, Samverkan, Uppdragsversion
from delprojekt.models.dokument import MALL, Dokumenttyp
from delprojekt.pdf import render_pdf

UPPDRAG = Dokumenttyp.UPPDRAG
#: Frozen versions are archival documents (PDF/A-3a, like the approved slutrapport).
PDF_VARIANT = "pdf/a-3a"


def uppdrag_pdf_bytes(dp: Delprojekt) -> bytes:
    """The uppdrag as PDF from the shared mall (a draft until it is handed over)."""
    kapitel = {
        k.nyckel: k for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=UPPDRAG)
    }
    senaste = dp.uppdragsversioner.select_related("beslut__organ").order_by("-nummer").first()
    utkast = dp.overlamnat_datum is None or dp.uppdrag_andringsbeslut_id is not None
    if dp.overlamnat_datum is None:
        statustext = _("Utkast – %(status)s") % {"status": dp.get_status_display()}
    elif dp.uppdrag_andringsbeslut_id is not None:
        statustext = _("Ändras efter beslut – överlämnat %(datum)s") % {
            "datum": f"{dp.overlamnat_datum:%Y-%m-%d}"
        }
    else:
        statustext = _("Överlämnat %(datum)s") % {"datum": f"{dp.overlamnat_datum:%Y-%m-%d}"}
    if utkast or senaste is None:
        datum = timezone.localdate()
    else:
        datum = timezone.localdate(senaste.skapad)
    context = {
        "dp": dp,
        "samverkan": Samverkan.current(),
        "dokumenttitel": _("Uppdrag"),
        "dokumenttyp": "uppdrag",
        "datum": datum,
        "statustext": statustext,
        "vattenmarke": _("Utkast") if utkast else "",
        "version": None if utkast else senaste,
        "chapters": [(nyckel, rubrik, kapitel.get(nyckel)) for nyckel, rubrik in MALL[UPPDRAG]],
        "kompetenskrav": list(dp.kompetenskrav.order_by("ordning", "pk")),
        "milstolpar": list(dp.milstolpar.order_by("datum", "pk")),
        "kontaktperson": dp.kontaktperson,
    }
    return render_pdf("mall/uppdrag.html", context)


def uppdragsversion_pdf(dp: Delprojekt, version: Uppdragsversion) -> bytes:
    """A frozen version of the uppdrag as PDF/A-3a, from what the version stored.

    The chapters, competences and milestones are the version's own (``innehall``), not
    today's; the date on the cover and in the file's metadata is the day it was locked.
    """
    innehall = version.innehall
    kapitel = {k["nyckel"]: k for k in innehall.get("kapitel", [])}
    datum = timezone.localdate(version.skapad)
    context = {
        "dp": dp,
        "samverkan": Samverkan.current(),
        "dokumenttitel": _("Uppdrag"),
        "dokumenttyp": "uppdrag",
        "datum": datum,
        "statustext": _("Version %(nr)s, låst %(datum)s")
        % {"nr": version.nummer, "datum": f"{datum:%Y-%m-%d}"},
        "vattenmarke": "",
        "version": version,
        "chapters": [
            (nyckel, kapitel.get(nyckel, {}).get("rubrik") or rubrik, kapitel.get(nyckel))
            for nyckel, rubrik in MALL[UPPDRAG]
        ],
        "kompetenskrav": [
            SimpleNamespace(
                benamning=k.get("benamning", ""),
                get_krav_display=k.get("krav_text", ""),
                kommentar=k.get("kommentar", ""),
            )
            for k in innehall.get("kompetenskrav", [])
        ],
        "milstolpar": [
            SimpleNamespace(
                datum=date.fromisoformat(m["datum"]),
                benamning=m.get("benamning", ""),
                klar=m.get("klar", False),
            )
            for m in innehall.get("milstolpar", [])
        ],
        "kontaktperson": dp.kontaktperson,
    }
    return render_pdf(
        "mall/uppdrag.html",
        context,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        created=f"{datum:%Y-%m-%d}T00:00:00Z",
    )
