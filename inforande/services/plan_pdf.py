"""A frozen version of a region's implementation plan as PDF/A from the shared mall."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Samverkan
from delprojekt.pdf import render_pdf
from inforande.models import FRAGOR, Planversion

#: Frozen versions are archival documents, like the uppdrag's and the slutrapport's.
PDF_VARIANT = "pdf/a-3a"


def planversion_pdf(dp: Delprojekt, version: Planversion) -> bytes:
    """The version's own content (not today's working text), dated the day it was frozen."""
    innehall = version.innehall
    datum = timezone.localdate(version.skapad)
    plan = version.plan
    context = {
        "dp": dp,
        "samverkan": Samverkan.current(),
        "dokumenttitel": _("Genomförandeplan för %(region)s") % {"region": plan.region.namn},
        "dokumenttyp": "genomforandeplan",
        "datum": datum,
        "statustext": _("Version %(nr)s, fastställd %(datum)s")
        % {"nr": version.nummer, "datum": f"{datum:%Y-%m-%d}"},
        "vattenmarke": "",
        "version": version,
        "region": plan.region,
        "avsnitt": [(falt, str(fraga), innehall.get(falt, "")) for falt, fraga in FRAGOR],
        "milstolpar": innehall.get("milstolpar", []),
        "linjechef": innehall.get("linjechef", ""),
        "kompakt": True,
    }
    return render_pdf(
        "mall/genomforandeplan.html",
        context,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        created=f"{datum:%Y-%m-%d}T00:00:00Z",
    )
