"""The language review of the slutrapport before hand-in, and the nuläge's recorded
reason for lacking the patients' and next of kin's perspective.

The method has the group's kommunikatör (or, without one, the kansli) review the
language before the report is handed in. The kansli or the chair assigns the review;
the assigned person (told at once, a duty that cannot be switched off), or the kansli,
marks it done with their comments. The hand-in
shows whether it was done (a warning, ``guards.sprakgranskning_gjord``), never blocks.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Handelse,
    Nomineringsstatus,
    Notistyp,
    Organ,
    Organmedlemskap,
    Person,
    Sprakgranskning,
)
from delprojekt.permissions import is_kansli, is_open, is_ordforande, roller_for
from delprojekt.services import notifications
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import actor_name, record_event
from delprojekt.types import Actor, Viewer

KOMMENTAR_MAX = 5000


def may_assign_review(user: Viewer, delprojekt: Delprojekt) -> bool:
    """The kansli and the chair assign the language review."""
    return bool(is_open(user, delprojekt) and (is_kansli(user) or is_ordforande(user, delprojekt)))


def may_mark_review(
    user: Viewer, delprojekt: Delprojekt, granskning: Sprakgranskning | None
) -> bool:
    """The assigned reviewer, or the kansli, marks the review done."""
    if granskning is None or not is_open(user, delprojekt):
        return False
    if is_kansli(user):
        return True
    person_id = roller_for(user).person_id
    return person_id is not None and granskning.granskare_id == person_id


def reviewers(delprojekt: Delprojekt) -> list[Person]:
    """Who may be assigned: the group's kommunikatör first, then the kansli's people."""
    kommunikatorer = [
        m.person
        for m in Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt, roll=ArbetsgruppRoll.KOMMUNIKATOR)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .select_related("person")
        .order_by("person__namn")
    ]
    seen = {p.pk for p in kommunikatorer}
    kansli = [
        om.person
        for om in Organmedlemskap.objects.current()
        .filter(organ__typ=Organ.Typ.KANSLI)
        .select_related("person")
        .order_by("person__namn")
        if om.person_id not in seen and not seen.add(om.person_id)  # type: ignore[func-returns-value]
    ]
    return kommunikatorer + kansli


def sprakgranskning_assign(
    *, delprojekt: Delprojekt, user: Actor, granskare: Person
) -> Sprakgranskning:
    """Assign (or re-assign) the language review; a new assignment starts it over."""
    if not may_assign_review(user, delprojekt):
        raise NotAllowed(_("Bara kansliet och ordföranden tilldelar språkgranskningen."))
    if granskare.pk not in {p.pk for p in reviewers(delprojekt)}:
        message = _("Välj arbetsgruppens kommunikatör eller någon på kansliet.")
        raise Invalid(message, field_errors={"granskare": [message]})
    with transaction.atomic():
        Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        g = Sprakgranskning.objects.filter(delprojekt=delprojekt).first()
        if g is not None and g.granskare_id == granskare.pk and g.klar is None:
            return g
        if g is None:
            g = Sprakgranskning(delprojekt=delprojekt)
        g.granskare = granskare
        g.tilldelad = timezone.now()
        g.tilldelad_av = user
        g.klar = None
        g.klar_av = None
        g.kommentarer = ""
        set_history_user(g, user)
        g.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Slutrapport: %(namn)s språkgranskar rapporten") % {"namn": granskare.namn},
        )
        # A duty the method gives: always told, by mail too (unless they assigned themself).
        if granskare.user_id is None or granskare.user_id != user.pk:
            notifications.notify(
                [granskare],
                typ=Notistyp.PLIKT,
                template="delprojekt/slutrapport/email/sprakgranskning",
                context={
                    "dp": delprojekt,
                    "granskare": granskare,
                    "tilldelad_av": actor_name(user),
                },
                lank=reverse("delprojekt:sprakgranskning", args=[delprojekt.referens]),
            )
    return g


def sprakgranskning_done(
    *, delprojekt: Delprojekt, user: Actor, kommentarer: str
) -> Sprakgranskning:
    """Mark the assigned review done, with the reviewer's comments."""
    g = Sprakgranskning.objects.filter(delprojekt=delprojekt).first()
    if g is None:
        raise Invalid(_("Ingen språkgranskning är tilldelad ännu."))
    if not may_mark_review(user, delprojekt, g):
        raise NotAllowed(_("Bara språkgranskaren eller kansliet markerar granskningen klar."))
    kommentarer = (kommentarer or "").strip()
    if len(kommentarer) > KOMMENTAR_MAX:
        message = _("Skriv kommentarerna kortare (högst 5 000 tecken).")
        raise Invalid(message, field_errors={"kommentarer": [message]})
    with transaction.atomic():
        g = Sprakgranskning.objects.select_for_update().get(pk=g.pk)
        if g.klar is not None:
            raise Invalid(_("Språkgranskningen är redan markerad som klar."))
        g.klar = timezone.now()
        g.klar_av = user
        g.kommentarer = kommentarer
        set_history_user(g, user)
        g.save(update_fields=["klar", "klar_av", "kommentarer"])
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Slutrapport: språkgranskningen är klar (%(namn)s)")
            % {"namn": g.granskare.namn},
        )
    return g


def utan_patientperspektiv_save(*, delprojekt: Delprojekt, user: Actor, text: str) -> bool:
    """Record why the nuläge lacks the patients' and next of kin's perspective."""
    if not user.has_perm("delprojekt.edit_slutrapport", delprojekt):
        raise NotAllowed(_("Du får inte ändra slutrapporten i det här delprojektet."))
    text = (text or "").strip()
    if len(text) > KOMMENTAR_MAX:
        message = _("Skriv skälet kortare (högst 5 000 tecken).")
        raise Invalid(message, field_errors={"utan_patientperspektiv": [message]})
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.utan_patientperspektiv == text:
            return False
        dp.utan_patientperspektiv = text
        set_history_user(dp, user)
        dp.save(update_fields=["utan_patientperspektiv"])
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=(
                _("Nuläget: skäl till att patientens och närståendes perspektiv saknas: %(t)s")
                % {"t": text}
                if text
                else _("Nuläget: skälet till att patientperspektivet saknas togs bort")
            ),
        )
    delprojekt.utan_patientperspektiv = text
    return True
