"""The follow-up report of a round: writing it, its PDF and page count, handing it in.

The report is written in sections (``Uppfoljningsrapport``'s text fields); two more
sections are generated when it is read or printed: how far the regions have come with
the board's recommendations (the implementation matrix) and the measured effects (the
follow-up parameters with their charts). The PDF extends the shared mall like every
other document; the method asks for about 3–6 pages, so the page count of the PDF is
stored after every save and shown on the report page.

Handing in freezes the PDF (file and SHA-256) under the round's row lock, moves the
round to *rapport inlämnad* and puts the report in the samarbetsgrupp's decision queue
(``uppfoljning.beslutsko``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Notistyp, Rapportversion, Samverkan, Uppfoljningsplan
from delprojekt.pdf import page_count, render_pdf
from delprojekt.services import notifications
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.filer import fil_store
from delprojekt.services.personnummer import find_personnummer
from delprojekt.types import Actor
from inforande.services.sjukvardsregion import sjukvardsregion_rader
from uppfoljning.diagram import parametrar_med_diagram
from uppfoljning.models import (
    Omgangsstatus,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
    Uppfoljningsrapport,
)
from uppfoljning.services.inforande import inforande_matris
from uppfoljning.services.omgang import lock_omgang, omgang_event

logger = logging.getLogger(__name__)

#: The written sections, in the order of the report.
TEXT_FIELDS: tuple[str, ...] = (
    "sammanfattning",
    "inforande_kommentar",
    "effekter_kommentar",
    "enkat",
    "kontakter",
    "slutsatser",
    "ytterligare_motivering",
)
FIELDS: tuple[str, ...] = (*TEXT_FIELDS, "ytterligare_uppfoljning")
#: Handing in needs these.
REQUIRED: tuple[str, ...] = ("sammanfattning", "slutsatser", "ytterligare_uppfoljning")
MAX_TEXT = 50_000


def sidor_intervall() -> tuple[int, int]:
    """The method asks for a report of about 3–6 pages (``Samverkan``)."""
    s = Samverkan.current()
    return s.rapport_sidor_min, s.rapport_sidor_max


PDF_VARIANT = "pdf/a-3a"


class RapportKonflikt(StaleState):
    """Someone saved the report since the form was opened; the user's text is not saved."""

    def __init__(self, message: str, *, current: Uppfoljningsrapport) -> None:
        super().__init__(message)
        self.current = current


# --- Reading -------------------------------------------------------------------------


def rapport_for(omgang: Uppfoljningsomgang) -> Uppfoljningsrapport:
    """The round's report, created (empty) the first time it is needed."""
    rapport = Uppfoljningsrapport.objects.select_related("andrad_av").filter(omgang=omgang).first()
    if rapport is not None:
        return rapport
    try:
        with transaction.atomic():
            rapport = Uppfoljningsrapport.objects.create(omgang=omgang)
    except IntegrityError:
        # Someone else created it at the same moment.
        rapport = Uppfoljningsrapport.objects.get(omgang=omgang)
    return rapport


def rapport_las(omgang: Uppfoljningsomgang) -> Uppfoljningsrapport:
    """The report for reading: the saved one, or an empty unsaved one (no write on a GET).
    Read from the round when it was fetched with ``select_related("rapport")``."""
    rapport: Uppfoljningsrapport | None
    if Uppfoljningsomgang.rapport.is_cached(omgang):
        try:
            rapport = omgang.rapport
        except Uppfoljningsrapport.DoesNotExist:  # cached as absent: no query
            rapport = None
    else:
        rapport = (
            Uppfoljningsrapport.objects.select_related("andrad_av").filter(omgang=omgang).first()
        )
    return rapport or Uppfoljningsrapport(omgang=omgang)


def skribenter(omgang: Uppfoljningsomgang) -> list[str]:
    """The names of those who accepted to write the report."""
    return list(
        omgang.ansvariga.filter(svar=Uppfoljningsansvarig.Svar.ACCEPTERAD)
        .order_by("besvarad", "pk")
        .values_list("person__namn", flat=True)
    )


@dataclass(frozen=True)
class Avsnitt:
    """One numbered section of the report."""

    nyckel: str
    rubrik: str
    #: The written text (Markdown), or the comment to a generated section.
    text: str = ""
    #: "inforande" or "effekter" for the generated sections.
    genererat: str = ""


RUBRIKER = {
    "sammanfattning": gettext_lazy("Sammanfattning"),
    "inforande": gettext_lazy("Hur långt har införandet kommit"),
    "effekter": gettext_lazy("Uppmätta effekter"),
    "enkat": gettext_lazy("Enkät till berörda verksamheter"),
    "kontakter": gettext_lazy("Kontakter med ansvariga chefer"),
    "slutsatser": gettext_lazy("Slutsatser och fortsatt uppföljning"),
}


def avsnitt(rapport: Uppfoljningsrapport) -> list[Avsnitt]:
    """The report's sections in order. The survey and the contacts are optional and
    left out while empty."""
    items = [
        Avsnitt("sammanfattning", str(RUBRIKER["sammanfattning"]), rapport.sammanfattning),
        Avsnitt("inforande", str(RUBRIKER["inforande"]), rapport.inforande_kommentar, "inforande"),
        Avsnitt("effekter", str(RUBRIKER["effekter"]), rapport.effekter_kommentar, "effekter"),
    ]
    for key in ("enkat", "kontakter"):
        text = getattr(rapport, key)
        if text.strip():
            items.append(Avsnitt(key, str(RUBRIKER[key]), text))
    items.append(Avsnitt("slutsatser", str(RUBRIKER["slutsatser"]), rapport.slutsatser))
    return items


def slutrapport_hanvisning(dp: Delprojekt) -> dict[str, Any]:
    """What the report refers to: the board's approval and the frozen slutrapport."""
    version = Rapportversion.objects.filter(delprojekt=dp).order_by("-nummer").first()
    return {"beslutsdatum": dp.namnd_beslutsdatum, "version": version}


def rapport_context(
    omgang: Uppfoljningsomgang,
    rapport: Uppfoljningsrapport | None = None,
    *,
    inlamnad: Any = None,
) -> dict[str, Any]:
    """Everything the report shows, for the page and for the PDF."""
    dp = omgang.delprojekt
    rapport = rapport if rapport is not None else rapport_las(omgang)
    inlamnad = inlamnad or (omgang.inlamnad if omgang.rapport_inlamnad else None)
    if inlamnad is not None:
        datum = timezone.localdate(inlamnad)
        statustext = _("Inlämnad %(datum)s") % {"datum": f"{datum:%Y-%m-%d}"}
        vattenmarke = ""
    else:
        datum = timezone.localdate(rapport.andrad) if rapport.pk else timezone.localdate()
        statustext = _("Utkast – %(status)s") % {"status": omgang.get_status_display().lower()}
        vattenmarke = _("Utkast")
    inforande = inforande_matris(dp)
    # Recommendations aimed at the sjukvårdsregion itself: their own row, kept by the
    # kansli (a query only when the project has such a recommendation).
    sjukvardsregion = sjukvardsregion_rader([rad.rekommendation for rad in inforande.rader])
    # The follow-up plan may have chosen an appendix to the slutrapport instead of a
    # report of its own; it is written, frozen and presented the same way.
    # (Read with the round when its page annotated it, else here.)
    som_bilaga = bool(
        omgang.som_bilaga
        if hasattr(omgang, "som_bilaga")
        else Uppfoljningsplan.objects.filter(delprojekt=dp)
        .values_list("som_bilaga", flat=True)
        .first()
    )
    return {
        "dp": dp,
        "omgang": omgang,
        "rapport": rapport,
        "samverkan": Samverkan.current(),
        "dokumenttitel": (
            _("Bilaga till slutrapporten: uppföljning") if som_bilaga else _("Uppföljningsrapport")
        ),
        "som_bilaga": som_bilaga,
        "dokumenttyp": "uppfoljningsrapport",
        "datum": datum,
        "statustext": statustext,
        "vattenmarke": vattenmarke,
        "kompakt": True,
        "avsnitt": avsnitt(rapport),
        "inforande": inforande,
        "sjukvardsregion": sjukvardsregion,
        "effekter": parametrar_med_diagram(dp),
        "hanvisning": slutrapport_hanvisning(dp),
        "skribenter": skribenter(omgang),
    }


def rapport_pdf(
    omgang: Uppfoljningsomgang,
    rapport: Uppfoljningsrapport | None = None,
    *,
    inlamnad: Any = None,
) -> bytes:
    """The report as PDF/A bytes from the shared mall."""
    context = rapport_context(omgang, rapport, inlamnad=inlamnad)
    return render_pdf(
        "mall/uppfoljningsrapport.html",
        context,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        created=f"{context['datum']:%Y-%m-%d}T00:00:00Z",
    )


def sidantal_refresh(rapport: Uppfoljningsrapport) -> int | None:
    """Render the PDF of the report as it is and store its page count for this version.

    A failure to render must never lose the saved text, so it is logged and the page
    count stays unknown.
    """
    omgang = rapport.omgang
    try:
        sidor = page_count(rapport_pdf(omgang, rapport))
    except Exception:
        logger.exception("Sidantalet för %s kunde inte räknas", rapport)
        return None
    # Only for the version rendered (a later save counts its own pages), and only while
    # the report is being written: a handed-in report is frozen with its own count.
    Uppfoljningsrapport.objects.filter(
        pk=rapport.pk, version=rapport.version, omgang__status=Omgangsstatus.PAGAR
    ).update(sidantal=sidor, sidantal_version=rapport.version)
    rapport.sidantal, rapport.sidantal_version = sidor, rapport.version
    return sidor


def sidantal_varning(sidor: int | None) -> str:
    """The warning shown when the PDF is outside the method's 3–6 pages."""
    min_sidor, max_sidor = sidor_intervall()
    if sidor is None or min_sidor <= sidor <= max_sidor:
        return ""
    if sidor < min_sidor:
        return _(
            "Rapporten är kortare än de cirka %(min)s–%(max)s sidor som arbetsmetoden anger. "
            "Kontrollera att alla delar är med."
        ) % {"min": min_sidor, "max": max_sidor}
    return _(
        "Rapporten är längre än de cirka %(min)s–%(max)s sidor som arbetsmetoden anger. "
        "Försök korta texten."
    ) % {"min": min_sidor, "max": max_sidor}


# --- Writing -------------------------------------------------------------------------


def _require_write(user: Actor, omgang: Uppfoljningsomgang) -> None:
    if not user.has_perm("uppfoljning.write_rapport", omgang):
        raise NotAllowed(_("Du får inte skriva den här uppföljningsrapporten."))


def _require_pagar(omgang: Uppfoljningsomgang) -> None:
    if omgang.status == Omgangsstatus.PLANERAD:
        raise GuardFailed(
            _(
                "Omgången har inte börjat. Åta dig uppdraget att skriva rapporten på "
                "omgångens sida först, så kan du skriva."
            )
        )
    if omgang.status != Omgangsstatus.PAGAR:
        raise Locked(_("Rapporten är inlämnad och kan inte längre ändras."))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """The sections given in ``data``; a section left out keeps its saved text."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in TEXT_FIELDS:
        if key not in data:
            continue
        text = str(data[key] or "").replace("\r\n", "\n")
        if len(text) > MAX_TEXT:
            errors[key] = [
                _("Texten får vara högst %(n)s tecken.")
                % {"n": f"{MAX_TEXT:,}".replace(",", "\u00a0")}
            ]
        values[key] = text
    if "ytterligare_uppfoljning" in data:
        ytterligare = data["ytterligare_uppfoljning"]
        if ytterligare not in (None, True, False):
            errors["ytterligare_uppfoljning"] = [_("Välj ja eller nej.")]
        values["ytterligare_uppfoljning"] = ytterligare
    if errors:
        raise Invalid(_("Rapporten är inte sparad. Rätta uppgifterna."), field_errors=errors)
    return values


def rapport_save(
    *, omgang: Uppfoljningsomgang, user: Actor, data: dict[str, Any], version: int
) -> tuple[Uppfoljningsrapport, bool]:
    """Save the written sections. Returns the report and whether anything changed.

    Refuses with ``RapportKonflikt`` when someone saved since ``version`` (the form
    shows the user's own text again, with the saved one beside it). After a change the
    PDF is rendered once to store its page count.
    """
    _require_write(user, omgang)
    values = _clean(data)
    with transaction.atomic():
        o = lock_omgang(omgang)
        _require_pagar(o)
        rapport_for(o)
        rapport = Uppfoljningsrapport.objects.select_for_update().get(omgang=o)
        if rapport.version != version:
            raise RapportKonflikt(
                _(
                    "Någon annan har sparat rapporten sedan du öppnade den. Din text är inte "
                    "sparad: den står kvar i formuläret. Jämför med den sparade texten, för in "
                    "det som ska vara kvar och spara igen."
                ),
                current=rapport,
            )
        changed = [k for k in FIELDS if k in values and getattr(rapport, k) != values[k]]
        if not changed:
            rapport.omgang = o
            fresh = rapport.sidantal_version != rapport.version
        else:
            for key in changed:
                setattr(rapport, key, values[key])
            rapport.version += 1
            rapport.andrad = timezone.now()
            rapport.andrad_av = user
            set_history_user(rapport, user)
            rapport.save(update_fields=[*changed, "version", "andrad", "andrad_av"])
            rapport.omgang = o
            omgang_event(o, user, _("uppföljningsrapporten ändrades"))
            fresh = True
    if fresh:
        sidantal_refresh(rapport)
    return rapport, bool(changed)


# --- Handing in ----------------------------------------------------------------------


def saknade_uppgifter(rapport: Uppfoljningsrapport) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not rapport.sammanfattning.strip():
        errors["sammanfattning"] = [_("Skriv en sammanfattning.")]
    if not rapport.slutsatser.strip():
        errors["slutsatser"] = [_("Skriv slutsatserna.")]
    if rapport.ytterligare_uppfoljning is None:
        errors["ytterligare_uppfoljning"] = [
            _("Svara ja eller nej: föreslås ytterligare uppföljning?")
        ]
    return errors


def _personnummer(rapport: Uppfoljningsrapport) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key in TEXT_FIELDS:
        hits = find_personnummer(getattr(rapport, key))
        if hits:
            errors[key] = [
                _(
                    "Texten innehåller något som liknar ett personnummer (%(nr)s). Ta bort "
                    "uppgiften."
                )
                % {"nr": ", ".join(hits)}
            ]
    return errors


def _check_lamna_in(rapport: Uppfoljningsrapport) -> None:
    errors = saknade_uppgifter(rapport)
    if errors:
        raise GuardFailed(
            _("Rapporten är inte inlämnad. Fyll i det som saknas och spara först."),
            field_errors=errors,
        )
    errors = _personnummer(rapport)
    if errors:
        raise GuardFailed(
            _(
                "Rapporten är inte inlämnad: den innehåller något som liknar ett personnummer. "
                "Patientuppgifter får aldrig skrivas här."
            ),
            field_errors=errors,
        )


def _notify_inlamnad(omgang_id: int) -> int:
    o = Uppfoljningsomgang.objects.select_related(
        "delprojekt", "delprojekt__kontaktperson", "inlamnad_av"
    ).get(pk=omgang_id)
    kontakt = o.delprojekt.kontaktperson
    if kontakt is None:
        return 0
    return notifications.notify(
        [kontakt],
        typ=Notistyp.KO,
        template="uppfoljning/email/rapport_inlamnad",
        context={"omgang": o, "dp": o.delprojekt, "rapport": o.rapport},
        lank=reverse("uppfoljning:omgang", args=[o.delprojekt.referens, o.nummer]),
    )


def rapport_lamna_in(*, omgang: Uppfoljningsomgang, user: Actor) -> Uppfoljningsrapport:
    """Hand the report in: freeze its PDF with the SHA-256, the round becomes *inlämnad*
    and the report waits for the samarbetsgrupp. A second submit is refused."""
    _require_write(user, omgang)
    with transaction.atomic():
        o = lock_omgang(omgang)
        if o.rapport_inlamnad:
            raise StaleState(
                _(
                    "Rapporten är redan inlämnad. Ingen ändring gjordes – formuläret "
                    "skickades troligen två gånger."
                )
            )
        _require_pagar(o)
        rapport_for(o)
        rapport = Uppfoljningsrapport.objects.select_for_update().get(omgang=o)
        _check_lamna_in(rapport)
        now = timezone.now()
        rapport.omgang = o
        pdf = rapport_pdf(o, rapport, inlamnad=now)
        rapport.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        rapport.sidantal = page_count(pdf)
        rapport.sidantal_version = rapport.version
        fil_store(
            fil=rapport.pdf,
            name=f"{o.delprojekt.referens}-uppfoljningsrapport-{o.nummer}.pdf",
            content=ContentFile(pdf),
        )
        set_history_user(rapport, user)
        rapport.save(update_fields=["pdf", "pdf_sha256", "sidantal", "sidantal_version"])
        o.lamna_in()
        o.inlamnad = now
        o.inlamnad_av = user
        set_history_user(o, user)
        o.save(update_fields=["status", "inlamnad", "inlamnad_av"])
        omgang_event(
            o, user, _("uppföljningsrapporten lämnades in (%(n)s sidor)") % {"n": rapport.sidantal}
        )
        _notify_inlamnad(o.pk)
    return rapport
