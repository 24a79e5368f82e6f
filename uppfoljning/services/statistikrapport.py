"""The statistics as files: the monthly report for the ledningsgrupp (PDF/A from the shared
mall) and the same figures as a workbook (one sheet per table)."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from delprojekt.export import Blad, Kolumn, Value
from delprojekt.models import Samverkan
from delprojekt.pdf import render_pdf
from uppfoljning.models import Inforandestatus
from uppfoljning.statistik import MANADSNAMN, Statistik, Urval, diagrammen, statistik

PDF_VARIANT = "pdf/a-3a"


def manadsrapport_context(urval: Urval, manad: datetime.date) -> dict:
    """The report of ``manad`` (its first day): the month, the twelve months up to it and
    the year so far, for the page's region and focus filters."""
    arsurval = Urval(ar=manad.year, region=urval.region, fokus=urval.fokus)
    st = statistik(arsurval, manad=manad)
    manadsnamn = f"{MANADSNAMN[manad.month - 1]} {manad.year}"
    return {
        "samverkan": Samverkan.current(),
        "dokumenttitel": _("Månadsrapport"),
        "dokumenttyp": "manadsrapport",
        "titel": _("Statistik för %(manad)s") % {"manad": manadsnamn},
        "referens": _("Månadsrapport %(manad)s") % {"manad": manadsnamn},
        "datum": timezone.localdate(),
        "kompakt": True,
        "manadsnamn": manadsnamn,
        "manaden": st.manader[-1],
        "st": st,
        "diagram": diagrammen(st, prefix="manadsrapport"),
        "inforandestatus": Inforandestatus.Status.choices,
        "urval_text": urval.beskrivning().split(", ", 1)[1],
    }


def manadsrapport_pdf(urval: Urval, manad: datetime.date) -> bytes:
    with translation.override("sv"):
        context = manadsrapport_context(urval, manad)
        return render_pdf(
            "mall/manadsrapport.html",
            context,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            created=f"{context['datum']:%Y-%m-%d}T00:00:00Z",
        )


def statistik_ark(st: Statistik) -> list[Blad]:
    """The page's tables as sheets of a workbook, numbers as numbers."""
    ar_kolumner = [
        Kolumn(_("År"), 10),
        Kolumn(_("Startade"), 12),
        Kolumn(_("Slutrapporterade"), 18),
        Kolumn(_("Avbrutna"), 12),
        Kolumn(_("Avslagna"), 12),
        Kolumn(_("Vilandeförklarade"), 18),
    ]
    ar_rader: list[list[Value]] = [
        [r.ar, r.startade, r.slutrapporterade, r.avbrutna, r.avslagna, r.vilande] for r in st.ar
    ]
    t = st.totalt
    ar_rader.append(
        [_("Totalt"), t.startade, t.slutrapporterade, t.avbrutna, t.avslagna, t.vilande]
    )
    manad_kolumner = [
        Kolumn(_("Månad"), 12),
        Kolumn(_("Inflöde (registrerade)"), 22),
        Kolumn(_("Startade"), 12),
        Kolumn(_("Genomströmning (slutrapporterade)"), 32),
        Kolumn(_("Lämnade processen"), 20),
    ]
    manad_rader: list[list[Value]] = [
        [m.manad, m.registrerade, m.startade, m.slutrapporterade, m.avslutade] for m in st.manader
    ]
    fas_kolumner = [
        Kolumn(_("Fas"), 46),
        Kolumn(_("Från"), 24),
        Kolumn(_("Till"), 24),
        Kolumn(_("Antal"), 10),
        Kolumn(_("Median (dagar)"), 16),
        Kolumn(_("Första kvartil"), 16),
        Kolumn(_("Tredje kvartil"), 16),
        Kolumn(_("Minst"), 10),
        Kolumn(_("Störst"), 10),
    ]
    fas_rader: list[list[Value]] = [
        [f.namn, f.fran, f.till, f.antal, f.median, f.q1, f.q3, f.minsta, f.storsta]
        for f in st.faser
    ]
    region_kolumner = [
        Kolumn(_("Region"), 24),
        Kolumn(_("Rekommenderade delprojekt"), 26),
        Kolumn(_("Med regionens beslut"), 22),
        Kolumn(_("Beslut saknas"), 14),
        Kolumn(_("Median dagar till beslut"), 24),
        Kolumn(_("Bifall"), 10),
        Kolumn(_("Delvis bifall"), 14),
        Kolumn(_("Avslag"), 10),
        *(Kolumn(str(label), 16) for _v, label in Inforandestatus.Status.choices),
    ]
    region_rader: list[list[Value]] = [
        [
            r.region.namn,
            r.rekommenderade,
            r.beslutade,
            r.saknas,
            r.median_dagar,
            r.bifall,
            r.delvis,
            r.avslag,
            *r.inforande_lista(),
        ]
        for r in st.regioner
    ]
    urval: list[list[Value]] = [
        [_("Urval"), st.urval.beskrivning()],
        [_("Delprojekt i urvalet"), st.antal_projekt],
        [_("Vilande nu"), st.vilande_nu],
        [_("Pågående nu"), st.pagaende_nu],
        [_("Beräknat"), st.beraknad.strftime("%Y-%m-%d %H:%M")],
    ]
    return [
        Blad(_("Per år"), ar_kolumner, ar_rader),
        Blad(_("Per månad"), manad_kolumner, manad_rader),
        Blad(_("Dagar per fas"), fas_kolumner, fas_rader),
        Blad(_("Regionerna"), region_kolumner, region_rader),
        Blad(_("Urval"), [Kolumn(_("Uppgift"), 24), Kolumn(_("Värde"), 50)], urval),
    ]
