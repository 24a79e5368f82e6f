"""The uppdrag as PDF from the shared mall (a draft until it is handed over)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Kapitel, Samverkan
from delprojekt.models.dokument import MALL, Dokumenttyp
from delprojekt.pdf import render_pdf

UPPDRAG = Dokumenttyp.UPPDRAG


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
