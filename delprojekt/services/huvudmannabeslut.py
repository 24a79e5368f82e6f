"""A region registers its own decision on the board's recommendations."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Handelse, Huvudmannabeslut, Region, Status
from delprojekt.permissions import roller_for
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.workflow import record_event

MAX_PDF_BYTES = 10 * 1024 * 1024
OPEN_IN = (Status.HUVUDMANNABESLUT, Status.INFORANDE)


def may_register_for(user: Any, delprojekt: Delprojekt, region: Region) -> bool:
    """The kansli for every region; a regional coordinator for their own region only."""
    if not user.has_perm("delprojekt.record_huvudmannabeslut", delprojekt):
        return False
    roller = roller_for(user)
    return roller.kansli or roller.admin or roller.samordnare_region_id == region.pk


def validate_pdf(
    upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES, field: str = "protokollsutdrag"
) -> None:
    """A real PDF within the size limit, or a DomainError with a Swedish message."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    def refuse(message: str) -> DomainError:
        return DomainError(message, field_errors={field: [message]})

    if upload.size > max_bytes:
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


def huvudmannabeslut_register(
    *,
    delprojekt: Delprojekt,
    user: Any,
    region: Region,
    data: dict[str, Any],
    protokollsutdrag: UploadedFile | None,
) -> Huvudmannabeslut:
    if not may_register_for(user, delprojekt, region):
        raise NotAllowed(_("Du får inte registrera beslut för %(region)s.") % {"region": region})
    if delprojekt.status not in OPEN_IN:
        raise DomainError(_("Regionernas beslut registreras när nämnden har rekommenderat."))
    if not delprojekt.regioner.filter(pk=region.pk).exists():
        raise DomainError(_("%(region)s berörs inte av delprojektet.") % {"region": region})
    if data["datum"] > timezone.localdate():
        raise DomainError(
            _("Beslutsdatum kan inte ligga i framtiden."),
            field_errors={"datum": [_("Beslutsdatum kan inte ligga i framtiden.")]},
        )
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
            beslut.protokollsutdrag.save(
                f"{delprojekt.referens}-{region.kortnamn}.pdf", protokollsutdrag, save=False
            )
        beslut._history_user = user
        beslut.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.BESLUT,
            text=(
                _("%(region)s: beslut ändrat (%(organ)s %(datum)s)")
                if replaced
                else _("%(region)s: beslut registrerat (%(organ)s %(datum)s)")
            )
            % {"region": region.namn, "organ": beslut.organ_namn, "datum": beslut.datum},
        )
    return beslut
