"""The follow-up's documents in a project's archive package (a source for
``delprojekt.services.arkiv``): every handed-in report, as the PDF/A frozen then."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt
from delprojekt.services.arkiv import PDFA, SYSTEMET, Arkivdokument, arkivkalla, lagrad_fil
from uppfoljning.models import Uppfoljningsrapport


@arkivkalla
def uppfoljningsrapporter(dp: Delprojekt) -> Iterable[Arkivdokument]:
    rapporter = (
        Uppfoljningsrapport.objects.filter(omgang__delprojekt=dp)
        .exclude(pdf="")
        .select_related("omgang")
        .order_by("omgang__nummer")
    )
    for r in rapporter:
        inlamnad = r.omgang.inlamnad or r.andrad
        yield Arkivdokument(
            filnamn=f"uppfoljningsrapport-{r.omgang.nummer}.pdf",
            slag="uppfoljningsrapport",
            titel=_("Uppföljningsrapport, omgång %(nr)s") % {"nr": r.omgang.nummer},
            datum=timezone.localdate(inlamnad),
            ursprung=SYSTEMET,
            pdfa=PDFA,
            innehall=lagrad_fil(r.pdf),
        )
