"""The verksamhetsberättelse (a body's or a working group's) as PDF/A-3a from the shared mall.

Tagged, embedded fonts, ``lang="sv"``; the creation date written into the file is the
approval's meeting date (or 31 December of the year for a draft), so the same input
gives the same text and metadata.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Organ, Samverkan
from delprojekt.pdf import render_pdf
from verksamhet.models import Aktivitet, Verksamhetsberattelse
from verksamhet.services.underlag import arbetsgrupp_underlag, berattelse_underlag

PDF_VARIANT = "pdf/a-3a"


def berattelse_context(*, organ: Organ, ar: int) -> dict[str, Any]:
    b = (
        Verksamhetsberattelse.objects.select_related("godkand_punkt__sammantrade")
        .filter(organ=organ, ar=ar)
        .first()
    )
    godkannande = ""
    datum = datetime.date(ar, 12, 31)
    if b is not None and b.godkand_punkt is not None:
        punkt = b.godkand_punkt
        datum = timezone.localtime(punkt.sammantrade.start).date()
        godkannande = _("Godkänd av %(organ)s vid sammanträdet %(datum)s, %(paragraf)s.") % {
            "organ": organ.namn,
            "datum": f"{datum:%Y-%m-%d}",
            "paragraf": punkt.paragraf,
        }
    return {
        **_mall(
            titel=_("%(organ)s – verksamhetsåret %(ar)s") % {"organ": organ.namn, "ar": ar},
            referens=f"{organ.namn} {ar}",
            datum=datum,
            godkannande=godkannande,
        ),
        "organ": organ,
        "ar": ar,
        "berattelse": b,
        "u": berattelse_underlag(organ=organ, ar=ar),
        "aktiviteter": list(
            Aktivitet.objects.filter(organ=organ, ar=ar).select_related("ansvarig")
        ),
    }


def arbetsgrupp_berattelse_context(*, delprojekt: Delprojekt, ar: int) -> dict[str, Any]:
    """The working-group variant: the same mall, the group's meetings and records."""
    b = (
        Verksamhetsberattelse.objects.select_related("godkand_mote")
        .filter(delprojekt=delprojekt, ar=ar)
        .first()
    )
    godkannande = ""
    datum = datetime.date(ar, 12, 31)
    if b is not None and b.godkand_mote is not None:
        datum = b.godkand_mote.datum
        godkannande = _("Godkänd av arbetsgruppen vid mötet %(datum)s.") % {
            "datum": f"{datum:%Y-%m-%d}"
        }
    return {
        **_mall(
            titel=_("Arbetsgruppen för %(referens)s – verksamhetsåret %(ar)s")
            % {"referens": delprojekt.referens, "ar": ar},
            referens=f"{delprojekt.referens} {ar}",
            datum=datum,
            godkannande=godkannande,
        ),
        "dp": delprojekt,
        "arbetsgrupp": True,
        "ar": ar,
        "berattelse": b,
        "u": arbetsgrupp_underlag(delprojekt=delprojekt, ar=ar),
        "aktiviteter": list(
            Aktivitet.objects.filter(delprojekt=delprojekt, ar=ar).select_related("ansvarig")
        ),
    }


def _mall(*, titel: str, referens: str, datum: datetime.date, godkannande: str) -> dict[str, Any]:
    """What the mall's head needs, the same for a body's and a working group's report."""
    return {
        "samverkan": Samverkan.current(),
        "dokumenttitel": _("Verksamhetsberättelse"),
        "dokumenttyp": "verksamhetsberattelse",
        "titel": titel,
        "referens": referens,
        "datum": datum,
        "statustext": _("Godkänd") if godkannande else _("Utkast"),
        "vattenmarke": "" if godkannande else _("UTKAST"),
        "godkannande": godkannande,
    }


def _render(context: dict[str, Any]) -> bytes:
    return render_pdf(
        "mall/verksamhetsberattelse.html",
        context,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        created=f"{context['datum']:%Y-%m-%d}T00:00:00Z",
    )


def berattelse_pdf(*, organ: Organ, ar: int) -> bytes:
    return _render(berattelse_context(organ=organ, ar=ar))


def arbetsgrupp_berattelse_pdf(*, delprojekt: Delprojekt, ar: int) -> bytes:
    return _render(arbetsgrupp_berattelse_context(delprojekt=delprojekt, ar=ar))
