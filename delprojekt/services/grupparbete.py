"""The working group's own records: meeting notes and their vägval, contacts with the
line organisation, part reports, support requests, the communication plan and resources.

The record types are declared in ``delprojekt.services.grupparbete_typer``; comments on
the records are in ``delprojekt.services.kommentarer``.

None of these change the project's state; each write is recorded on the timeline.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Beredningskontakt,
    Delprojekt,
    Delrapport,
    Forankring,
    Handelse,
    Kommentar,
    Kommunikationsaktivitet,
    Minnesanteckning,
    Nomineringsstatus,
    Notistyp,
    Organ,
    Organmedlemskap,
    Person,
    Resursinsats,
    Samfinansiering,
    Stodbegaran,
    Vagval,
)
from delprojekt.services import notifications
from delprojekt.services.bilagefiler import bilaga_store, bilagor_delete_for
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.tal import tal
from delprojekt.types import Actor, Viewer


def _refuse(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def _check_edit(user: Actor, delprojekt: Delprojekt) -> None:
    if not user.has_perm("delprojekt.edit_grupparbete", delprojekt):
        raise NotAllowed(
            _("Du får inte ändra arbetsgruppens dokumentation i det här delprojektet.")
        )


def _event(delprojekt: Delprojekt, user: Actor, text: str) -> None:
    record_event(delprojekt=delprojekt, user=user, typ=Handelse.Typ.GRUPPARBETE, text=text)


def _value(model: type[models.Model], data: dict[str, Any], name: str) -> Any:
    """The given value, or the field's default (text fields are never None)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of the record, not a relation's far end
    value = data.get(name)
    if value is None:
        if isinstance(field, models.CharField | models.TextField):
            return ""
        if name not in data:
            return field.get_default()
    return value


def _write(
    *,
    model: type[models.Model],
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    fields: list[str],
    instance: Any | None,
) -> tuple[Any, bool]:
    """Create or update one record inside the caller's transaction. Returns (obj, created)."""
    # Any of the group's record models; ``_sfbv_changed`` tells the caller what happened.
    obj: Any
    data = {f: _value(model, data, f) for f in fields}
    if instance is not None:
        if instance.delprojekt_id != delprojekt.pk:
            raise Invalid(_("Posten hör inte till det här delprojektet."))
        obj = model._default_manager.select_for_update().filter(pk=instance.pk).first()
        if obj is None:
            raise StaleState(_("Posten finns inte längre. Någon annan kan ha tagit bort den."))
        changed = [f for f in fields if getattr(obj, f) != data.get(f)]
        for f in changed:
            setattr(obj, f, data.get(f))
        set_history_user(obj, user)
        obj._sfbv_changed = bool(changed)
        if changed:
            obj.save(update_fields=changed)
        return obj, False
    obj = model(delprojekt=delprojekt, **{f: data.get(f) for f in fields})
    if hasattr(obj, "registrerad_av_id"):
        obj.registrerad_av = user
        obj.registrerad = timezone.now()
    set_history_user(obj, user)
    obj._sfbv_changed = True
    obj.save()
    return obj, True


def _delete(*, obj: Any, user: Actor, text: str) -> None:
    delprojekt = obj.delprojekt
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        if locked is None:
            return
        bilagor_delete_for(locked)
        Kommentar.objects.filter(
            content_type=ContentType.objects.get_for_model(locked), object_id=locked.pk
        ).delete()
        set_history_user(locked, user)
        locked.delete()
        _event(delprojekt, user, text)


# --- Minnesanteckningar ----------------------------------------------------------------


def may_edit_minnesanteckning(
    user: Viewer, note: Minnesanteckning, delprojekt: Delprojekt | None = None
) -> bool:
    """The group's leaders and the kansli; a member their own note while members may write.

    ``delprojekt`` is the note's project when the caller holds it already.
    """
    dp = delprojekt or note.delprojekt
    if user.has_perm("delprojekt.edit_grupparbete", dp):
        return True
    return bool(
        user.has_perm("delprojekt.write_minnesanteckning", dp) and note.registrerad_av_id == user.pk
    )


NOTE_FIELDS = ["datum", "plats", "digitalt", "dagordning", "anteckningar", "mjuka_resultat"]


def minnesanteckning_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    vagval: list[dict[str, Any]],
    instance: Minnesanteckning | None = None,
) -> Minnesanteckning:
    """Save a meeting's notes with its attendees and its vägval (in the given order).

    ``vagval`` holds dicts with ``val`` and ``motivering``; an existing note's vägval
    are replaced by these.
    """
    if instance is None:
        if not user.has_perm("delprojekt.write_minnesanteckning", delprojekt):
            raise NotAllowed(_("Du får inte skriva minnesanteckningar i det här delprojektet."))
    elif not may_edit_minnesanteckning(user, instance):
        raise NotAllowed(_("Du får inte ändra de här minnesanteckningarna."))
    if not data.get("datum"):
        raise _refuse("datum", _("Ange mötesdatum."))
    if data["datum"] > timezone.localdate():
        raise _refuse("datum", _("Mötesdatum kan inte ligga i framtiden."))
    data = {
        **data,
        "plats": (data.get("plats") or "").strip(),
        "digitalt": bool(data.get("digitalt")),
    }
    if not data["plats"] and not data["digitalt"]:
        raise _refuse("plats", _("Ange var mötet hölls eller markera att det var digitalt."))
    rows = []
    for row in vagval:
        val = (row.get("val") or "").strip()
        motivering = (row.get("motivering") or "").strip()
        if not val and not motivering:
            continue
        if not val or not motivering:
            raise Invalid(
                _("Varje vägval behöver både vad som valdes och en motivering."),
                field_errors={"vagval": [_("Fyll i både vägval och motivering.")]},
            )
        rows.append((val[:500], motivering))
    deltagare = list(data.get("deltagare") or [])
    current_ids = set(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=delprojekt)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .values_list("pk", flat=True)
    )
    previous_ids = set(instance.deltagare.values_list("pk", flat=True)) if instance else set()
    # Someone who has since left the group may stay on an old meeting's list.
    outside = [m for m in deltagare if m.pk not in current_ids and m.pk not in previous_ids]
    if outside:
        raise _refuse(
            "deltagare",
            _("Bara nuvarande medlemmar i arbetsgruppen kan anges som närvarande."),
        )
    with transaction.atomic():
        note, created = _write(
            model=Minnesanteckning,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=NOTE_FIELDS,
            instance=instance,
        )
        note_changed = note._sfbv_changed
        before = set(note.deltagare.values_list("pk", flat=True)) if not created else set()
        if before != {m.pk for m in deltagare}:
            note_changed = True
            set_history_user(note, user)
            note.deltagare.set(deltagare)
        existing = list(note.vagval.all())
        old = [(v.val, v.motivering) for v in existing]
        if old != rows:
            note_changed = True
            for v in existing:
                set_history_user(v, user)
                v.delete()
            for i, (val, motivering) in enumerate(rows, start=1):
                v = Vagval(minnesanteckning=note, ordning=i, val=val, motivering=motivering)
                set_history_user(v, user)
                v.save()
        if note_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Minnesanteckningar från mötet %(datum)s registrerades")
                    if created
                    else _("Minnesanteckningar från mötet %(datum)s ändrades")
                )
                % {"datum": f"{note.datum:%Y-%m-%d}"},
            )
    return note


def minnesanteckning_delete(*, note: Minnesanteckning, user: Actor) -> None:
    if not may_edit_minnesanteckning(user, note):
        raise NotAllowed(_("Du får inte ta bort de här minnesanteckningarna."))
    _delete(
        obj=note,
        user=user,
        text=_("Minnesanteckningar från mötet %(datum)s togs bort")
        % {"datum": f"{note.datum:%Y-%m-%d}"},
    )


def anteckningsratt_set(*, delprojekt: Delprojekt, user: Actor, value: bool) -> bool:
    """The chair's setting: may every member write meeting notes? Returns True if changed."""
    if not user.has_perm("delprojekt.set_anteckningsratt", delprojekt):
        raise NotAllowed(_("Bara ordföranden och kansliet bestämmer vem som skriver anteckningar."))
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.medlemmar_skriver_anteckningar == bool(value):
            return False
        dp.medlemmar_skriver_anteckningar = bool(value)
        set_history_user(dp, user)
        dp.save(update_fields=["medlemmar_skriver_anteckningar"])
        _event(
            dp,
            user,
            _("Alla i arbetsgruppen får nu skriva minnesanteckningar")
            if value
            else _("Bara ordförande och processledare skriver nu minnesanteckningar"),
        )
    delprojekt.medlemmar_skriver_anteckningar = bool(value)
    return True


# --- Förankring med linjen ---------------------------------------------------------------


def _kontakt(
    data: dict[str, Any], *, vem_saknas: str, text_falt: str, text_saknas: str
) -> dict[str, Any]:
    """What a logged contact needs (the line's or the preparation's): a date not in the
    future, a body or a person, and what it was about. Returns ``data`` with the person
    trimmed."""
    data = {**data, "person": (data.get("person") or "").strip()}
    if not data.get("datum"):
        raise _refuse("datum", _("Ange datum för kontakten."))
    if data["datum"] > timezone.localdate():
        raise _refuse("datum", _("Datum kan inte ligga i framtiden. Registrera kontakten efteråt."))
    if not data.get("organ") and not data["person"]:
        raise _refuse("person", vem_saknas)
    if not (data.get(text_falt) or "").strip():
        raise _refuse(text_falt, text_saknas)
    return data


FORANKRING_FIELDS = ["datum", "organ", "person", "region", "diskuterat", "utfall"]


def forankring_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Forankring | None = None,
) -> Forankring:
    _check_edit(user, delprojekt)
    data = _kontakt(
        data,
        vem_saknas=_("Ange chefsamråd eller organ, eller vilken chef ni träffade."),
        text_falt="diskuterat",
        text_saknas=_("Beskriv vad som diskuterades."),
    )
    with transaction.atomic():
        obj, created = _write(
            model=Forankring,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=FORANKRING_FIELDS,
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Förankring med linjen registrerades: %(vem)s")
                    if created
                    else _("Förankring med linjen ändrades: %(vem)s")
                )
                % {"vem": obj.mottagare},
            )
    return obj


def forankring_delete(*, forankring: Forankring, user: Actor) -> None:
    _check_edit(user, forankring.delprojekt)
    _delete(
        obj=forankring,
        user=user,
        text=_("Förankring med linjen togs bort: %(vem)s") % {"vem": forankring.mottagare},
    )


# --- Kontakter under beredningen -------------------------------------------------------

BEREDNINGSKONTAKT_FIELDS = ["datum", "organ", "person", "fragan", "utfall"]


def _check_beredning(user: Actor, delprojekt: Delprojekt) -> None:
    if not user.has_perm("delprojekt.edit_beredningskontakt", delprojekt):
        raise NotAllowed(_("Bara kansliet registrerar kontakter under beredningen."))


def beredningskontakt_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Beredningskontakt | None = None,
) -> Beredningskontakt:
    """Log (or change) a contact the kansli had while preparing the proposal."""
    _check_beredning(user, delprojekt)
    data = _kontakt(
        data,
        vem_saknas=_("Ange organet, eller vilken person eller instans ni talade med."),
        text_falt="fragan",
        text_saknas=_("Beskriv vad kontakten gällde."),
    )
    with transaction.atomic():
        obj, created = _write(
            model=Beredningskontakt,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=BEREDNINGSKONTAKT_FIELDS,
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Kontakt under beredningen registrerades: %(vem)s")
                    if created
                    else _("Kontakt under beredningen ändrades: %(vem)s")
                )
                % {"vem": obj.mottagare},
            )
    return obj


def beredningskontakt_delete(*, kontakt: Beredningskontakt, user: Actor) -> None:
    _check_beredning(user, kontakt.delprojekt)
    _delete(
        obj=kontakt,
        user=user,
        text=_("Kontakt under beredningen togs bort: %(vem)s") % {"vem": kontakt.mottagare},
    )


# --- Delrapporter ------------------------------------------------------------------------


def delrapport_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    fil: UploadedFile | None = None,
    instance: Delrapport | None = None,
) -> Delrapport:
    """A part report with its text and/or an attached file."""
    _check_edit(user, delprojekt)
    if instance is not None and instance.skickad:
        raise Locked(_("Delrapporten är skickad och kan inte ändras längre."))
    data = {**data, "titel": (data.get("titel") or "").strip(), "text": data.get("text") or ""}
    if not data["titel"]:
        raise _refuse("titel", _("Ge delrapporten en rubrik."))
    has_file = fil is not None or (instance is not None and instance.bilagor.exists())
    if not data["text"].strip() and not has_file:
        raise _refuse("text", _("Skriv delrapportens text eller bifoga en fil."))
    with transaction.atomic():
        obj, created = _write(
            model=Delrapport,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=["titel", "text"],
            instance=instance,
        )
        if fil is not None:
            bilaga_store(delprojekt=delprojekt, user=user, fil=fil, post=obj)
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Delrapport skrevs: %(titel)s")
                    if created
                    else _("Delrapport ändrades: %(titel)s")
                )
                % {"titel": obj.titel},
            )
    return obj


def delrapport_delete(*, delrapport: Delrapport, user: Actor) -> None:
    _check_edit(user, delrapport.delprojekt)
    if delrapport.skickad:
        raise Locked(_("En skickad delrapport kan inte tas bort."))
    _delete(
        obj=delrapport, user=user, text=_("Delrapport togs bort: %(t)s") % {"t": delrapport.titel}
    )


def delrapport_recipients(organ_typ: str, *, except_user_id: int | None = None) -> list[Person]:
    """Current members of the active body of this type."""
    ids = (
        Organmedlemskap.objects.current()
        .filter(organ__typ=organ_typ, organ__aktiv=True)
        .values_list("person_id", flat=True)
    )
    people = Person.objects.filter(pk__in=ids)
    if except_user_id is not None:
        people = people.exclude(user_id=except_user_id)
    return list(people.order_by("namn"))


def delrapport_notify(delrapport_id: int, user_id: int | None) -> int:
    """Mail a sent part report to the members of the body. Returns messages sent."""
    rapport = Delrapport.objects.select_related("delprojekt").filter(pk=delrapport_id).first()
    if rapport is None or not rapport.skickad_till:
        return 0
    people = delrapport_recipients(rapport.skickad_till, except_user_id=user_id)
    if not people:
        return 0
    context = {
        "r": rapport,
        "dp": rapport.delprojekt,
        "mottagare": rapport.get_skickad_till_display(),
    }
    return notifications.notify(
        people,
        typ=Notistyp.KO,
        template="delprojekt/grupparbete/email/delrapport",
        context=context,
        lank=reverse("delprojekt:delrapport", args=[rapport.delprojekt.referens, rapport.pk]),
    )


def delrapport_send(*, delrapport: Delrapport, user: Actor, till: str) -> Delrapport:
    """Send for information to the samarbetsgrupp or ledningsgrupp. The state is unchanged."""
    delprojekt = delrapport.delprojekt
    _check_edit(user, delprojekt)
    if till not in Delrapport.Mottagare.values:
        raise _refuse("till", _("Välj samarbetsgruppen eller ledningsgruppen."))
    if not Organ.objects.filter(typ=till, aktiv=True).exists():
        raise _refuse(
            "till",
            _("Det finns ingen aktiv %(organ)s att skicka till.")
            % {"organ": Delrapport.Mottagare(till).label.lower()},
        )
    with transaction.atomic():
        rapport = Delrapport.objects.select_for_update().get(pk=delrapport.pk)
        if rapport.skickad:
            raise StaleState(
                _("Delrapporten skickades redan till %(organ)s %(datum)s.")
                % {
                    "organ": rapport.get_skickad_till_display().lower(),
                    "datum": f"{timezone.localtime(rapport.skickad):%Y-%m-%d}",
                }
            )
        if not rapport.text.strip() and not rapport.bilagor.exists():
            raise GuardFailed(_("Delrapporten är tom. Skriv text eller bifoga en fil först."))
        rapport.skickad_till = till
        rapport.skickad = timezone.now()
        rapport.skickad_av = user
        set_history_user(rapport, user)
        rapport.save(update_fields=["skickad_till", "skickad", "skickad_av"])
        _event(
            delprojekt,
            user,
            _("Delrapport skickad för kännedom till %(organ)s: %(titel)s")
            % {"organ": rapport.get_skickad_till_display().lower(), "titel": rapport.titel},
        )
        delrapport_notify(rapport.pk, getattr(user, "pk", None))
    return rapport


# --- Stöd och kommunikation --------------------------------------------------------------


def stodbegaran_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Stodbegaran | None = None,
) -> Stodbegaran:
    _check_edit(user, delprojekt)
    if data.get("typ") not in Stodbegaran.Typ.values:
        raise _refuse("typ", _("Välj vilken sorts stöd som behövs."))
    if not (data.get("beskrivning") or "").strip():
        raise _refuse("beskrivning", _("Beskriv vad ni behöver hjälp med."))
    with transaction.atomic():
        obj, created = _write(
            model=Stodbegaran,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=["typ", "beskrivning"],
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Begäran om stöd: %(typ)s")
                    if created
                    else _("Begäran om stöd ändrades: %(typ)s")
                )
                % {"typ": obj.get_typ_display().lower()},
            )
    return obj


def stodbegaran_answer(*, stodbegaran: Stodbegaran, user: Actor, data: dict[str, Any]) -> bool:
    """The kansli answers or updates the status of a request. Returns True if changed."""
    delprojekt = stodbegaran.delprojekt
    if not user.has_perm("delprojekt.answer_stod", delprojekt):
        raise NotAllowed(_("Bara kansliet besvarar begäran om stöd."))
    status = data.get("status")
    if status not in Stodbegaran.Status.values:
        raise _refuse("status", _("Välj en giltig status."))
    svar = (data.get("svar") or "").strip()
    if status == Stodbegaran.Status.BESVARAD and not svar:
        raise _refuse("svar", _("Skriv svaret innan begäran markeras som besvarad."))
    with transaction.atomic():
        obj = Stodbegaran.objects.select_for_update().get(pk=stodbegaran.pk)
        besvarad = obj.besvarad
        if status == Stodbegaran.Status.BESVARAD and not besvarad:
            besvarad = timezone.localdate()
        elif status != Stodbegaran.Status.BESVARAD:
            besvarad = None
        new = {"status": status, "svar": svar, "besvarad": besvarad}
        changed = [f for f, v in new.items() if getattr(obj, f) != v]
        if not changed:
            return False
        for f in changed:
            setattr(obj, f, new[f])
        set_history_user(obj, user)
        obj.save(update_fields=changed)
        _event(
            delprojekt,
            user,
            _("Begäran om stöd (%(typ)s): %(status)s")
            % {"typ": obj.get_typ_display().lower(), "status": obj.get_status_display().lower()},
        )
    return True


def stodbegaran_delete(*, stodbegaran: Stodbegaran, user: Actor) -> None:
    _check_edit(user, stodbegaran.delprojekt)
    _delete(
        obj=stodbegaran,
        user=user,
        text=_("Begäran om stöd togs bort: %(typ)s")
        % {"typ": stodbegaran.get_typ_display().lower()},
    )


def kommunikationsaktivitet_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Kommunikationsaktivitet | None = None,
) -> Kommunikationsaktivitet:
    _check_edit(user, delprojekt)
    data = {**data, "vad": (data.get("vad") or "").strip()}
    if not data["vad"]:
        raise _refuse("vad", _("Beskriv aktiviteten."))
    if data.get("status") not in Kommunikationsaktivitet.Status.values:
        raise _refuse("status", _("Välj en giltig status."))
    data.setdefault("kanal", "")
    data.setdefault("vem", "")
    with transaction.atomic():
        obj, created = _write(
            model=Kommunikationsaktivitet,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=["vad", "kanal", "nar", "vem", "status"],
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                (
                    _("Kommunikationsplanen: %(vad)s lades till")
                    if created
                    else _("Kommunikationsplanen: %(vad)s ändrades (%(status)s)")
                )
                % {"vad": obj.vad, "status": obj.get_status_display().lower()},
            )
    return obj


def kommunikationsaktivitet_delete(*, aktivitet: Kommunikationsaktivitet, user: Actor) -> None:
    _check_edit(user, aktivitet.delprojekt)
    _delete(
        obj=aktivitet,
        user=user,
        text=_("Kommunikationsplanen: %(vad)s togs bort") % {"vad": aktivitet.vad},
    )


# --- Resurser ----------------------------------------------------------------------------


def _check_share(andel: Any, field: str = "andel") -> None:
    if andel is None or not (Decimal(0) < Decimal(andel) <= Decimal(100)):
        raise _refuse(field, _("Andelen ska vara mer än 0 och högst 100 procent."))


def resursinsats_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Resursinsats | None = None,
) -> Resursinsats:
    _check_edit(user, delprojekt)
    if data.get("person") is None:
        raise _refuse("person", _("Välj person."))
    if not (data.get("roll") or "").strip():
        raise _refuse("roll", _("Ange personens roll i delprojektet."))
    _check_share(data.get("andel"))
    if not data.get("fran"):
        raise _refuse("fran", _("Ange från vilket datum."))
    if data.get("till") and data["till"] < data["fran"]:
        raise _refuse("till", _("Slutdatum kan inte ligga före startdatum."))
    with transaction.atomic():
        obj, _created = _write(
            model=Resursinsats,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=["person", "roll", "andel", "fran", "till"],
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                _("Resursinsats: %(namn)s %(andel)s %% (%(roll)s)")
                % {"namn": obj.person.namn, "andel": tal(obj.andel), "roll": obj.roll},
            )
    return obj


def resursinsats_delete(*, insats: Resursinsats, user: Actor) -> None:
    _check_edit(user, insats.delprojekt)
    _delete(
        obj=insats,
        user=user,
        text=_("Resursinsats togs bort: %(namn)s") % {"namn": insats.person.namn},
    )


def samfinansiering_warning(delprojekt: Delprojekt, avser: str) -> str | None:
    """A warning when the shares for one purpose do not add up to 100 %."""
    key = avser.strip().lower()
    total = sum(
        (
            s.andel
            for s in Samfinansiering.objects.filter(delprojekt=delprojekt)
            if s.avser.strip().lower() == key
        ),
        Decimal(0),
    )
    if total == Decimal(100):
        return None
    return _("Andelarna för %(avser)s blir tillsammans %(summa)s %%, inte 100 %%.") % {
        "avser": avser.strip(),
        "summa": tal(total),
    }


def samfinansiering_save(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    data: dict[str, Any],
    instance: Samfinansiering | None = None,
) -> tuple[Samfinansiering, str | None]:
    """Save one share; returns it with a warning if the shares for its purpose are not 100 %."""
    _check_edit(user, delprojekt)
    data = {
        **data,
        "avser": (data.get("avser") or "").strip(),
        "finansiar": (data.get("finansiar") or "").strip(),
        "kommentar": (data.get("kommentar") or "").strip(),
    }
    if not data["avser"]:
        raise _refuse("avser", _("Ange vad finansieringen avser, t.ex. processtöd."))
    if not data["finansiar"]:
        raise _refuse("finansiar", _("Ange vem som betalar."))
    _check_share(data.get("andel"))
    with transaction.atomic():
        obj, _created = _write(
            model=Samfinansiering,
            delprojekt=delprojekt,
            user=user,
            data=data,
            fields=["avser", "finansiar", "andel", "kommentar"],
            instance=instance,
        )
        if obj._sfbv_changed:
            _event(
                delprojekt,
                user,
                _("Samfinansiering av %(avser)s: %(vem)s %(andel)s %%")
                % {"avser": obj.avser, "vem": obj.finansiar, "andel": tal(obj.andel)},
            )
    return obj, samfinansiering_warning(delprojekt, obj.avser)


def samfinansiering_delete(*, samfinansiering: Samfinansiering, user: Actor) -> str | None:
    _check_edit(user, samfinansiering.delprojekt)
    _delete(
        obj=samfinansiering,
        user=user,
        text=_("Samfinansiering togs bort: %(s)s") % {"s": str(samfinansiering)},
    )
    if Samfinansiering.objects.filter(
        delprojekt=samfinansiering.delprojekt, avser=samfinansiering.avser
    ).exists():
        return samfinansiering_warning(samfinansiering.delprojekt, samfinansiering.avser)
    return None


def kostnadsuppskattning_save(*, delprojekt: Delprojekt, user: Actor, text: str) -> bool:
    """Save the rough cost estimate. Returns True if it changed."""
    _check_edit(user, delprojekt)
    text = text or ""
    if len(text) > 20000:
        raise _refuse("kostnadsuppskattning", _("Texten är för lång (högst 20 000 tecken)."))
    with transaction.atomic():
        dp = Delprojekt.objects.select_for_update().get(pk=delprojekt.pk)
        if dp.kostnadsuppskattning == text:
            return False
        dp.kostnadsuppskattning = text
        set_history_user(dp, user)
        dp.save(update_fields=["kostnadsuppskattning"])
        _event(dp, user, _("Den grova kostnadsuppskattningen ändrades"))
    delprojekt.kostnadsuppskattning = text
    return True
