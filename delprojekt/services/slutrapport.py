"""Writing the slutrapport together: chapter writers, the responsible writer and review comments."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    MALL,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Dokument,
    Dokumenttyp,
    Handelse,
    Kapitel,
    Nomineringsstatus,
    Notistyp,
    Person,
)
from delprojekt.models.dokument import Granskningskommentar, mall_rubrik
from delprojekt.permissions import (
    is_group_member,
    is_kansli,
    is_open,
    is_ordforande,
    roller_for,
)
from delprojekt.services import notifications
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.types import Actor, Viewer

TYP = Dokumenttyp.SLUTRAPPORT


def _is_current_member(delprojekt: Delprojekt, person: Person) -> bool:
    return (
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt, person=person)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .exists()
    )


def may_assign(user: Viewer, delprojekt: Delprojekt) -> bool:
    """The kansli and the chair assign the writers."""
    return bool(is_open(user, delprojekt) and (is_kansli(user) or is_ordforande(user, delprojekt)))


def may_edit_chapter(user: Viewer, delprojekt: Delprojekt, kapitel_nyckel: str) -> bool:
    """The kansli, the chair, the group's writers, and the person assigned to this chapter."""
    if user.has_perm("delprojekt.edit_slutrapport", delprojekt):
        return True
    if not is_open(user, delprojekt):
        return False
    person_id = roller_for(user).person_id
    if person_id is None:
        return False
    return Kapitel.objects.filter(
        dokument__delprojekt=delprojekt,
        dokument__typ=TYP,
        nyckel=kapitel_nyckel,
        skribent_id=person_id,
    ).exists()


def may_comment(user: Viewer, delprojekt: Delprojekt) -> bool:
    """The kansli, the working group's members (the kommunikatör too) and the samarbetsgrupp."""
    if not is_open(user, delprojekt):
        return False
    return bool(
        is_kansli(user) or is_group_member(user, delprojekt) or roller_for(user).samarbetsgrupp
    )


def may_resolve(user: Viewer, kommentar: Granskningskommentar) -> bool:
    """The chapter's writer, the chair, the kansli, or the one who wrote the comment."""
    kapitel = kommentar.kapitel
    delprojekt = kapitel.dokument.delprojekt
    if not is_open(user, delprojekt):
        return False
    if is_kansli(user) or is_ordforande(user, delprojekt):
        return True
    if kommentar.skriven_av_id is not None and kommentar.skriven_av_id == getattr(user, "pk", None):
        return True
    person_id = roller_for(user).person_id
    return person_id is not None and kapitel.skribent_id == person_id


def _dokument(delprojekt: Delprojekt) -> Dokument:
    dokument, _created = Dokument.objects.get_or_create(delprojekt=delprojekt, typ=TYP)
    return dokument


def _check_person(delprojekt: Delprojekt, person: Person | None) -> None:
    if person is not None and not _is_current_member(delprojekt, person):
        raise Invalid(
            _("Skribenten måste vara med i arbetsgruppen."),
            field_errors={"person": [_("Välj någon som är med i arbetsgruppen.")]},
        )


def kapitel_skribent_set(
    *, delprojekt: Delprojekt, user: Actor, nyckel: str, person: Person | None
) -> Kapitel:
    """Assign (or with ``None`` unassign) the writer of one chapter."""
    if not may_assign(user, delprojekt):
        raise NotAllowed(_("Bara kansliet och ordföranden fördelar kapitlen."))
    if nyckel not in dict(MALL[TYP]):
        raise Invalid(_("Kapitlet finns inte i mallen."))
    _check_person(delprojekt, person)
    with transaction.atomic():
        dokument = _dokument(delprojekt)
        Kapitel.objects.bulk_create(
            [Kapitel(dokument=dokument, nyckel=nyckel)], ignore_conflicts=True
        )
        kapitel = Kapitel.objects.select_for_update().get(dokument=dokument, nyckel=nyckel)
        new_id = person.pk if person else None
        if kapitel.skribent_id == new_id:
            return kapitel
        kapitel.skribent = person
        set_history_user(kapitel, user)
        kapitel.save(update_fields=["skribent"])
        rubrik = mall_rubrik(TYP, nyckel)
        text = (
            _("Slutrapport: %(person)s skriver %(kapitel)s")
            % {"person": person.namn, "kapitel": rubrik}
            if person
            else _("Slutrapport: %(kapitel)s har ingen skribent längre") % {"kapitel": rubrik}
        )
        record_event(delprojekt=delprojekt, user=user, typ=Handelse.Typ.DOKUMENT, text=text)
    return kapitel


def huvudansvarig_set(*, delprojekt: Delprojekt, user: Actor, person: Person | None) -> Dokument:
    """Set the writer with overall responsibility for the slutrapport."""
    if not may_assign(user, delprojekt):
        raise NotAllowed(_("Bara kansliet och ordföranden utser huvudansvarig skribent."))
    _check_person(delprojekt, person)
    with transaction.atomic():
        _dokument(delprojekt)
        dokument = Dokument.objects.select_for_update().get(delprojekt=delprojekt, typ=TYP)
        new_id = person.pk if person else None
        if dokument.huvudansvarig_id == new_id:
            return dokument
        dokument.huvudansvarig = person
        set_history_user(dokument, user)
        dokument.save(update_fields=["huvudansvarig"])
        text = (
            _("Slutrapport: %(person)s är huvudansvarig skribent") % {"person": person.namn}
            if person
            else _("Slutrapport: ingen huvudansvarig skribent längre")
        )
        record_event(delprojekt=delprojekt, user=user, typ=Handelse.Typ.DOKUMENT, text=text)
    return dokument


def kommentar_mottagare(kapitel: Kapitel, except_user_id: int | None) -> list[Person]:
    """The chapter's writer, or the responsible writer when the chapter has none."""
    person_id = kapitel.skribent_id or kapitel.dokument.huvudansvarig_id
    if person_id is None:
        return []
    people = Person.objects.filter(pk=person_id)
    if except_user_id is not None:
        people = people.exclude(user_id=except_user_id)
    return list(people)


def granskningskommentar_notify(kommentar_id: int, user_id: int | None) -> int:
    kommentar = (
        Granskningskommentar.objects.select_related("kapitel__dokument__delprojekt", "skriven_av")
        .filter(pk=kommentar_id)
        .first()
    )
    if kommentar is None:
        return 0
    people = kommentar_mottagare(kommentar.kapitel, user_id)
    if not people:
        return 0
    author = kommentar.skriven_av
    context = {
        "k": kommentar,
        "kapitel": kommentar.kapitel,
        "rubrik": kommentar.kapitel.rubrik,
        "dp": kommentar.kapitel.dokument.delprojekt,
        "forfattare": (author.get_full_name() or author.username) if author else "",
    }
    dp = kommentar.kapitel.dokument.delprojekt
    return notifications.notify(
        people,
        typ=Notistyp.KOMMENTAR,
        template="delprojekt/slutrapport/email/kommentar",
        context=context,
        lank=reverse(
            "delprojekt:kapitel_kommentarer", args=[dp.referens, kommentar.kapitel.nyckel]
        ),
    )


def granskningskommentar_add(*, kapitel: Kapitel, user: Actor, text: str) -> Granskningskommentar:
    delprojekt = kapitel.dokument.delprojekt
    if not may_comment(user, delprojekt):
        raise NotAllowed(_("Du får inte kommentera slutrapporten."))
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(_("Skriv en kommentar."), field_errors={"text": [_("Skriv en kommentar.")]})
    with transaction.atomic():
        kommentar = Granskningskommentar(kapitel=kapitel, text=text, skriven_av=user)
        set_history_user(kommentar, user)
        kommentar.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=_("Slutrapport: granskningskommentar på %(kapitel)s")
            % {"kapitel": kapitel.rubrik},
        )
        granskningskommentar_notify(kommentar.pk, getattr(user, "pk", None))
    return kommentar


def _set_lost(kommentar: Granskningskommentar, user: Actor, lost: bool) -> Granskningskommentar:
    if not may_resolve(user, kommentar):
        raise NotAllowed(_("Du får inte ändra den här kommentaren."))
    kapitel = kommentar.kapitel
    with transaction.atomic():
        k = Granskningskommentar.objects.select_for_update().get(pk=kommentar.pk)
        if (k.lost is not None) == lost:
            return k
        k.lost = timezone.now() if lost else None
        k.lost_av = user if lost else None
        set_history_user(k, user)
        k.save(update_fields=["lost", "lost_av"])
        text = (
            _("Slutrapport: granskningskommentar på %(kapitel)s markerad som löst")
            if lost
            else _("Slutrapport: granskningskommentar på %(kapitel)s öppnad igen")
        )
        record_event(
            delprojekt=kapitel.dokument.delprojekt,
            user=user,
            typ=Handelse.Typ.DOKUMENT,
            text=text % {"kapitel": kapitel.rubrik},
        )
    return k


def granskningskommentar_resolve(
    *, kommentar: Granskningskommentar, user: Actor
) -> Granskningskommentar:
    return _set_lost(kommentar, user, True)


def granskningskommentar_reopen(
    *, kommentar: Granskningskommentar, user: Actor
) -> Granskningskommentar:
    return _set_lost(kommentar, user, False)
