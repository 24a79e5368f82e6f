"""A region registers its own decision on the board's recommendations."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.filskydd import FarligFil, pdf_kontroll
from delprojekt.historik import set_history_user
from delprojekt.models import (
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Region,
    Rekommendation,
    Rekommendationsutfall,
)
from delprojekt.permissions import roller_for
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.filer import fil_store
from delprojekt.services.regionbeslut import (
    KOMMENTAR_KRAVS,
    OPEN_IN,
    current_rekommendationer,
)
from delprojekt.types import Actor, Viewer

MAX_PDF_BYTES = 10 * 1024 * 1024
__all__ = ["OPEN_IN", "huvudmannabeslut_register", "may_register_for", "validate_pdf"]


def may_register_for(user: Viewer, delprojekt: Delprojekt, region: Region) -> bool:
    """The kansli for every region; a regional coordinator for their own region only."""
    if not user.has_perm("delprojekt.record_huvudmannabeslut", delprojekt):
        return False
    roller = roller_for(user)
    return roller.kansli or roller.admin or roller.samordnare_region_id == region.pk


def validate_pdf(
    upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES, field: str = "protokollsutdrag"
) -> None:
    """A real PDF within the size limit without active content (scripts, launch actions,
    embedded files) or data after its end, or ``Invalid`` with a Swedish message."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    def refuse(message: str) -> Invalid:
        return Invalid(message, field_errors={field: [message]})

    if (upload.size or 0) > max_bytes:
        raise refuse(_("Filen är större än %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise refuse(_("Filen är inte en PDF. Ladda upp protokollsutdraget som PDF."))
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if len(reader.pages) < 1:
            raise refuse(_("PDF-filen har inga sidor."))
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise refuse(_("PDF-filen går inte att läsa. Är den skadad?")) from exc
    finally:
        upload.seek(0)
    try:
        pdf_kontroll(upload)
    except FarligFil as exc:
        raise refuse(str(exc)) from exc


def _validate_utfall(
    utfall: dict[int, tuple[str, str]], rekommendationer: list[Rekommendation]
) -> None:
    by_pk = {r.pk: r for r in rekommendationer}
    field_errors: dict[str, list[str]] = {}
    for pk, (val, kommentar) in utfall.items():
        rek = by_pk.get(pk)
        if rek is None:
            raise Invalid(_("Rekommendationen hör inte till nämndens senaste beslut."))
        if val not in Rekommendationsutfall.Utfall.values:
            field_errors[f"utfall_{pk}"] = [
                _("Välj bifall, delvis bifall eller avslag (rekommendation %(nr)s).")
                % {"nr": rek.ordning}
            ]
        elif val in KOMMENTAR_KRAVS and not kommentar.strip():
            field_errors[f"utfall_kommentar_{pk}"] = [
                _("Förklara vad regionen inte ställer sig bakom (rekommendation %(nr)s).")
                % {"nr": rek.ordning}
            ]
    if field_errors:
        raise Invalid(
            *[m for msgs in field_errors.values() for m in msgs], field_errors=field_errors
        )


def _save_utfall(
    *,
    beslut: Huvudmannabeslut,
    user: Actor,
    utfall: dict[int, tuple[str, str]],
    rekommendationer: list[Rekommendation],
) -> None:
    """Make the stored outcomes for the current recommendations match ``utfall``."""
    befintliga = {
        u.rekommendation_id: u
        for u in Rekommendationsutfall.objects.filter(
            huvudmannabeslut=beslut, rekommendation__in=rekommendationer
        )
    }
    for rek in rekommendationer:
        current = befintliga.get(rek.pk)
        if rek.pk not in utfall:
            if current is not None:
                set_history_user(current, user)
                current.delete()
            continue
        val, kommentar = utfall[rek.pk]
        kommentar = kommentar.strip()
        if current is None:
            ny = Rekommendationsutfall(
                huvudmannabeslut=beslut, rekommendation=rek, utfall=val, kommentar=kommentar
            )
            set_history_user(ny, user)
            ny.save()
        elif (current.utfall, current.kommentar) != (val, kommentar):
            current.utfall = val
            current.kommentar = kommentar
            set_history_user(current, user)
            current.save(update_fields=["utfall", "kommentar"])


def _summary(utfall: dict[int, tuple[str, str]]) -> str:
    counts = [
        f"{label.lower()} {n}"
        for value, label in Rekommendationsutfall.Utfall.choices
        if (n := sum(1 for v, _k in utfall.values() if v == value))
    ]
    return ", ".join(counts)


def huvudmannabeslut_register(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    region: Region,
    data: dict[str, Any],
    protokollsutdrag: UploadedFile | None,
    utfall: dict[int, tuple[str, str]] | None = None,
) -> Huvudmannabeslut:
    """Register or change ``region``'s decision.

    ``utfall`` maps a recommendation of the board's latest recommending decision to the
    region's outcome and comment; when given it is the complete answer (a recommendation
    left out has no outcome afterwards). ``None`` leaves stored outcomes as they are.
    """
    if not may_register_for(user, delprojekt, region):
        raise NotAllowed(_("Du får inte registrera beslut för %(region)s.") % {"region": region})
    if delprojekt.status not in OPEN_IN:
        raise GuardFailed(_("Regionernas beslut registreras när nämnden har rekommenderat."))
    if not delprojekt.regioner.filter(pk=region.pk).exists():
        raise Invalid(_("%(region)s berörs inte av delprojektet.") % {"region": region})
    if data["datum"] > timezone.localdate():
        raise Invalid(
            _("Beslutsdatum kan inte ligga i framtiden."),
            field_errors={"datum": [_("Beslutsdatum kan inte ligga i framtiden.")]},
        )
    rekommendationer = current_rekommendationer(delprojekt)
    if utfall is not None:
        _validate_utfall(utfall, rekommendationer)
    if protokollsutdrag is not None:
        validate_pdf(protokollsutdrag)
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        beslut = Huvudmannabeslut.objects.filter(delprojekt=delprojekt, region=region).first()
        replaced = beslut is not None
        if beslut is None:
            beslut = Huvudmannabeslut(delprojekt=delprojekt, region=region)
        for f in ("niva", "organ_namn", "datum", "diarienummer", "kommentar"):
            setattr(beslut, f, data[f])
        beslut.registrerat_av = user
        if protokollsutdrag is not None:
            fil_store(
                fil=beslut.protokollsutdrag,
                name=f"{delprojekt.referens}-{region.kortnamn}.pdf",
                content=protokollsutdrag,
            )
        set_history_user(beslut, user)
        beslut.save()
        if utfall is not None:
            _save_utfall(beslut=beslut, user=user, utfall=utfall, rekommendationer=rekommendationer)
        text = (
            _("%(region)s: beslut ändrat (%(organ)s %(datum)s)")
            if replaced
            else _("%(region)s: beslut registrerat (%(organ)s %(datum)s)")
        ) % {"region": region.namn, "organ": beslut.organ_namn, "datum": beslut.datum}
        if utfall:
            text = f"{text}: {_summary(utfall)}"
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.BESLUT,
            text=text,
        )
    return beslut
