"""The verksamhetsberättelse: the body's own text, the approval at one of its held
meetings (a numbered paragraph), the frozen PDF/A and its publication.

A working group's report follows the same path with the group's chair in the kansli's
place: the chair (or the kansli) writes the text, records the group's meeting (its
minnesanteckning of the year) at which the group agreed to it, and freezes it. A
working group's report is not published on the open pages.

Once approved, the text no longer changes; once frozen, the PDF and its checksum are
what was approved, and only the publication may change (a PostgreSQL trigger, migration
``0002_frozen_report_immutable``, refuses everything else, whoever asks).

A report with text waits in the body's decision queue (``verksamhet.beslutsko``) until
its approval is registered; put on a meeting's agenda from there, the paragraph it got
is the approval form's preselected choice (``godkannande_forslag``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import Dagordningspunkt, Delprojekt, Minnesanteckning, Organ
from delprojekt.pdf import page_count
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.filer import fil_store
from delprojekt.types import Actor as User
from verksamhet.models import Verksamhetsberattelse
from verksamhet.services.berattelse_pdf import arbetsgrupp_berattelse_pdf, berattelse_pdf

#: The longest own text accepted (characters).
MAX_TEXT = 50_000

GODKAND_LAST = _("Verksamhetsberättelsen är godkänd och kan inte längre ändras.")
FRUSEN = _("Verksamhetsberättelsen är låst som PDF och kan inte ändras.")


def _check_ar(ar: int) -> None:
    idag = timezone.localdate()
    if not 2000 <= ar <= idag.year:
        raise Invalid(_("Året måste vara mellan 2000 och i år."), field_errors={})


def _locked_row(organ: Organ, ar: int) -> Verksamhetsberattelse:
    """The row for the year, created if missing, locked for the rest of the transaction."""
    Verksamhetsberattelse.objects.get_or_create(organ=organ, ar=ar)
    return Verksamhetsberattelse.objects.select_for_update().get(organ=organ, ar=ar)


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise Invalid(
            _("Texten får vara högst %(max)s tecken.") % {"max": f"{MAX_TEXT:,}".replace(",", " ")},
            field_errors={"text": [_("Texten är för lång.")]},
        )
    return text


def _write_text(b: Verksamhetsberattelse, *, user: User, text: str) -> Verksamhetsberattelse:
    """Store the text on the locked row, unless approved; a no-op if unchanged."""
    if b.godkand is not None:
        raise Locked(GODKAND_LAST)
    if b.text == text:
        return b
    b.text = text
    b.andrad = timezone.now()
    b.andrad_av = user
    b.save(update_fields=["text", "andrad", "andrad_av"])
    return b


def berattelse_text_save(*, user: User, organ: Organ, ar: int, text: str) -> Verksamhetsberattelse:
    if not user.has_perm("verksamhet.edit_berattelse", organ):
        raise NotAllowed(_("Bara kansliet och organets ordförande skriver verksamhetsberättelsen."))
    _check_ar(ar)
    text = _clean_text(text)
    with transaction.atomic():
        return _write_text(_locked_row(organ, ar), user=user, text=text)


def godkannande_punkter(organ: Organ, ar: int):  # type: ignore[no-untyped-def]
    """The paragraphs at which the year's report may be approved: numbered items of the
    body's held meetings from the year on, newest first."""
    return (
        Dagordningspunkt.objects.filter(
            sammantrade__organ=organ,
            sammantrade__start__lte=timezone.now(),
            sammantrade__start__year__gte=ar,
            paragraf_nummer__isnull=False,
        )
        .select_related("sammantrade")
        .order_by("-sammantrade__start", "ordning", "pk")
    )


#: The prefix of the decision queue's items (``verksamhet.beslutsko``), kept on the
#: agenda items put up from them (``Dagordningspunkt.konyckel``).
NYCKEL = "verksamhetsberattelse"


def konyckel(b: Verksamhetsberattelse) -> str:
    """The key of ``b``'s queue item, as the agenda item put up from it keeps it."""
    return f"{NYCKEL}:{b.pk}"


def godkannande_forslag(b: Verksamhetsberattelse | None) -> int | None:
    """The numbered paragraph of the body's latest meeting that had the report on its
    agenda (put up from the queue): the approval form's preselected choice (one query)."""
    if b is None or b.pk is None or b.organ_id is None:
        return None  # a working group's report is approved at the group's own meeting
    return (
        Dagordningspunkt.objects.filter(
            konyckel=konyckel(b),
            sammantrade__organ_id=b.organ_id,
            sammantrade__start__lte=timezone.now(),
            paragraf_nummer__isnull=False,
        )
        .order_by("-sammantrade__start", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def berattelse_godkann(
    *, user: User, organ: Organ, ar: int, punkt_id: int | None
) -> Verksamhetsberattelse:
    """Record that the body approved its report for ``ar`` under paragraph ``punkt_id``
    of one of its own meetings that has been held."""
    if not user.has_perm("verksamhet.godkann_berattelse", organ):
        raise NotAllowed(_("Bara kansliet registrerar att verksamhetsberättelsen är godkänd."))
    _check_ar(ar)
    punkt = (
        Dagordningspunkt.objects.select_related("sammantrade").filter(pk=punkt_id).first()
        if punkt_id
        else None
    )
    fel = None
    if punkt is None:
        fel = _("Välj paragrafen i sammanträdets protokoll.")
    elif punkt.sammantrade.organ_id != organ.pk:
        fel = _("Paragrafen hör till ett annat organs sammanträde.")
    elif punkt.sammantrade.start > timezone.now():
        fel = _("Sammanträdet har inte hållits än.")
    elif punkt.paragraf_nummer is None:
        fel = _("Punkten har ingen paragraf: protokollet är inte färdigställt.")
    elif punkt.sammantrade.start.year < ar:
        fel = _("Ett sammanträde före året kan inte godkänna årets verksamhetsberättelse.")
    if fel:
        raise Invalid(fel, field_errors={"punkt": [fel]})
    with transaction.atomic():
        b = _locked_row(organ, ar)
        if b.godkand is not None:
            raise StaleState(_("Verksamhetsberättelsen är redan godkänd."))
        if not b.text.strip():
            raise GuardFailed(_("Skriv organets egen text innan berättelsen godkänns."))
        b.godkand_punkt = punkt
        b.godkand = timezone.now()
        b.godkand_av = user
        b.save(update_fields=["godkand_punkt", "godkand", "godkand_av"])
    return b


def berattelse_las(*, user: User, organ: Organ, ar: int) -> Verksamhetsberattelse:
    """Freeze the approved report as PDF/A: stored once with its checksum, never changed."""
    if not user.has_perm("verksamhet.godkann_berattelse", organ):
        raise NotAllowed(_("Bara kansliet låser verksamhetsberättelsen."))
    b = Verksamhetsberattelse.objects.filter(organ=organ, ar=ar).first()
    return _las(
        b,
        lambda: berattelse_pdf(organ=organ, ar=ar),
        namn=f"verksamhetsberattelse-{organ.pk}-{ar}.pdf",
        user=user,
    )


def _las(
    b: Verksamhetsberattelse | None, pdf_for: Callable[[], bytes], *, namn: str, user: User
) -> Verksamhetsberattelse:
    """Freeze an approved report (a body's or a working group's): the PDF rendered once,
    stored with its checksum and page count under ``namn``, never changed again."""
    if b is None or b.godkand is None:
        raise GuardFailed(_("Verksamhetsberättelsen måste vara godkänd innan den låses."))
    if b.last is not None:
        raise Locked(FRUSEN)
    # Rendered outside the lock: it takes a second or two, and the row is checked again.
    pdf = pdf_for()
    sha = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        b = Verksamhetsberattelse.objects.select_for_update().get(pk=b.pk)
        if b.last is not None:
            raise Locked(FRUSEN)
        fil_store(fil=b.pdf, name=namn, content=ContentFile(pdf))
        b.sha256 = sha
        b.sidor = page_count(pdf)
        b.last = timezone.now()
        b.last_av = user
        b.save(update_fields=["pdf", "sha256", "sidor", "last", "last_av"])
    return b


def berattelse_publicera(
    *, user: User, organ: Organ, ar: int, publicera: bool
) -> Verksamhetsberattelse:
    if not user.has_perm("verksamhet.publicera_berattelse", organ):
        raise NotAllowed(_("Bara kansliet publicerar verksamhetsberättelser."))
    with transaction.atomic():
        b = Verksamhetsberattelse.objects.select_for_update().filter(organ=organ, ar=ar).first()
        if b is None or b.last is None:
            raise GuardFailed(_("Bara en godkänd och låst verksamhetsberättelse kan publiceras."))
        if (b.publicerad is not None) == publicera:
            return b
        b.publicerad = timezone.now() if publicera else None
        b.publicerad_av = user if publicera else None
        b.save(update_fields=["publicerad", "publicerad_av"])
    return b


# --- A working group's report ---------------------------------------------------------------


def _locked_group_row(delprojekt: Delprojekt, ar: int) -> Verksamhetsberattelse:
    Verksamhetsberattelse.objects.get_or_create(delprojekt=delprojekt, ar=ar)
    return Verksamhetsberattelse.objects.select_for_update().get(delprojekt=delprojekt, ar=ar)


def _check_group_perm(user: User, delprojekt: Delprojekt, message: str) -> None:
    if not user.has_perm("verksamhet.edit_arbetsgrupp_berattelse", delprojekt):
        raise NotAllowed(message)


def arbetsgrupp_berattelse_text_save(
    *, user: User, delprojekt: Delprojekt, ar: int, text: str
) -> Verksamhetsberattelse:
    _check_group_perm(
        user,
        delprojekt,
        _("Bara kansliet och arbetsgruppens ordförande skriver verksamhetsberättelsen."),
    )
    _check_ar(ar)
    text = _clean_text(text)
    with transaction.atomic():
        return _write_text(_locked_group_row(delprojekt, ar), user=user, text=text)


def arbetsgrupp_godkannande_moten(delprojekt: Delprojekt, ar: int) -> QuerySet[Minnesanteckning]:
    """The group's meetings at which the year's report may be approved: those of the
    year that have been held, newest first."""
    return Minnesanteckning.objects.filter(
        delprojekt=delprojekt, datum__year=ar, datum__lte=timezone.localdate()
    ).order_by("-datum", "-pk")


def arbetsgrupp_berattelse_godkann(
    *, user: User, delprojekt: Delprojekt, ar: int, mote_id: int | None
) -> Verksamhetsberattelse:
    """Record that the working group agreed to its report for ``ar`` at one of its held
    meetings of that year (its minnesanteckning ``mote_id``)."""
    _check_group_perm(
        user,
        delprojekt,
        _("Bara kansliet och arbetsgruppens ordförande registrerar att berättelsen är godkänd."),
    )
    _check_ar(ar)
    mote = Minnesanteckning.objects.filter(pk=mote_id).first() if mote_id else None
    fel = None
    if mote is None:
        fel = _("Välj arbetsgruppens möte där berättelsen godkändes.")
    elif mote.delprojekt_id != delprojekt.pk:
        fel = _("Mötet hör till en annan arbetsgrupp.")
    elif mote.datum > timezone.localdate():
        fel = _("Mötet har inte hållits än.")
    elif mote.datum.year != ar:
        fel = _("Mötet måste ha hållits under verksamhetsåret %(ar)s.") % {"ar": ar}
    if fel:
        raise Invalid(fel, field_errors={"mote": [fel]})
    with transaction.atomic():
        b = _locked_group_row(delprojekt, ar)
        if b.godkand is not None:
            raise StaleState(_("Verksamhetsberättelsen är redan godkänd."))
        if not b.text.strip():
            raise GuardFailed(_("Skriv arbetsgruppens egen text innan berättelsen godkänns."))
        b.godkand_mote = mote
        b.godkand = timezone.now()
        b.godkand_av = user
        b.save(update_fields=["godkand_mote", "godkand", "godkand_av"])
    return b


def arbetsgrupp_berattelse_las(
    *, user: User, delprojekt: Delprojekt, ar: int
) -> Verksamhetsberattelse:
    """Freeze the group's approved report as PDF/A, like a body's."""
    _check_group_perm(
        user, delprojekt, _("Bara kansliet och arbetsgruppens ordförande låser berättelsen.")
    )
    b = Verksamhetsberattelse.objects.filter(delprojekt=delprojekt, ar=ar).first()
    return _las(
        b,
        lambda: arbetsgrupp_berattelse_pdf(delprojekt=delprojekt, ar=ar),
        namn=f"verksamhetsberattelse-arbetsgrupp-{delprojekt.pk}-{ar}.pdf",
        user=user,
    )
