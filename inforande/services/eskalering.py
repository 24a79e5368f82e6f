"""Implementation problems raised to the samarbetsgrupp or the ledningsgrupp.

A region's coordinator (for their own region) or the kansli (for any region, or for the
sjukvårdsregion's own row) raises a problem; it waits in the body's queue
(``inforande.beslutsko``) until the body's answer is recorded. The body's members are
told at once (notification kind "kö"), the one who raised it when it is answered.

Put on a meeting's agenda from the queue, the agenda item keeps the queue item's key
(``Dagordningspunkt.konyckel``, ``"eskalering:<pk>"``). When the protocol records the
decision on that item, its text becomes the problem's answer, dated the meeting's day
(``eskalering_fran_protokoll``); a problem handled outside a meeting is answered by the
kansli on its page (``eskalering_besvara``). A recorded answer is never overwritten.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    Dagordningspunkt,
    Delprojekt,
    Handelse,
    Organ,
    Organmedlemskap,
    Person,
    Region,
    Sammantrade,
)
from delprojekt.models.notiser import Notistyp
from delprojekt.models.organisation import Samverkan
from delprojekt.permissions import is_kansli
from delprojekt.services import notifications
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.sammantrade import vid_protokollforing
from delprojekt.types import Actor, Viewer
from inforande.models import Eskalering
from inforande.services.plan import is_open_for_plans, may_write

#: The kinds of body a problem can be raised to, in the order of the chain.
ESKALERINGSTYPER: tuple[str, ...] = (Organ.Typ.SAMARBETSGRUPP, Organ.Typ.LEDNINGSGRUPP)
RUBRIK_MAX = 200
TEXT_MAX = 5000


def eskaleringsorgan() -> list[Organ]:
    """The samverkan's active samarbetsgrupp and ledningsgrupp, those its chain has."""
    kedja = Samverkan.current().organkedja
    typer = [t for t in ESKALERINGSTYPER if t in kedja]
    organ = {o.typ: o for o in Organ.objects.filter(typ__in=typer, aktiv=True).order_by("-pk")}
    return [organ[t] for t in typer if t in organ]


def may_raise(user: Viewer, dp: Delprojekt, region: Region | None) -> bool:
    """The kansli for any row; a coordinator for their own region."""
    if not user.has_perm("inforande.eskalera", dp):
        return False
    if region is None:
        return bool(is_kansli(user))
    return may_write(user, dp, region)


def radnamn(region: Region | None) -> str:
    """The row's name: the region, or the sjukvårdsregion itself."""
    return region.namn if region is not None else Samverkan.current().sjukvardsregion


def eskalering_create(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    region: Region | None,
    organ: Organ | None,
    syfte: str,
    rubrik: str,
    beskrivning: str,
) -> Eskalering:
    dp = delprojekt
    if not user.has_perm("inforande.eskalera", dp):
        raise NotAllowed(_("Du får inte lyfta införandeproblem i det här delprojektet."))
    if not may_raise(user, dp, region):
        raise NotAllowed(_("Som regional samordnare lyfter du bara problem i din egen region."))
    if not is_open_for_plans(dp):
        raise GuardFailed(_("Införandeproblem lyfts medan delprojektet är i införande."))
    fel: dict[str, list[str]] = {}
    if region is not None and not dp.regioner.filter(pk=region.pk).exists():
        fel["region"] = [_("Regionen berörs inte av delprojektet.")]
    if organ is None or organ.pk not in {o.pk for o in eskaleringsorgan()}:
        fel["organ"] = [_("Välj samarbetsgruppen eller ledningsgruppen.")]
    if syfte not in Eskalering.Syfte.values:
        fel["syfte"] = [_("Välj om ärendet är för kännedom eller för beslut.")]
    rubrik = (rubrik or "").strip()
    beskrivning = (beskrivning or "").replace("\r\n", "\n").strip()
    if not rubrik:
        fel["rubrik"] = [_("Skriv en rubrik.")]
    elif len(rubrik) > RUBRIK_MAX:
        fel["rubrik"] = [_("Högst %(max)s tecken.") % {"max": RUBRIK_MAX}]
    if not beskrivning:
        fel["beskrivning"] = [_("Beskriv problemet.")]
    elif len(beskrivning) > TEXT_MAX:
        fel["beskrivning"] = [_("Högst %(max)s tecken.") % {"max": TEXT_MAX}]
    if fel:
        raise Invalid(_("Problemet lyftes inte. Rätta felen och försök igen."), field_errors=fel)
    assert organ is not None
    with transaction.atomic():
        e = Eskalering(
            delprojekt=dp,
            region=region,
            organ=organ,
            syfte=syfte,
            rubrik=rubrik,
            beskrivning=beskrivning,
            skapad_av=user,
        )
        set_history_user(e, user)
        e.save()
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.UPPFOLJNING,
            text=_("Införandeproblem i %(rad)s lyftes till %(organ)s: %(rubrik)s")
            % {"rad": radnamn(region), "organ": organ.namn, "rubrik": rubrik},
        )
        _notify_organ(e)
    return e


def _notify_organ(e: Eskalering) -> int:
    ids = Organmedlemskap.objects.current().filter(organ=e.organ).values("person_id")
    people = list(Person.objects.filter(pk__in=ids))
    kontakt = e.delprojekt.kontaktperson
    if kontakt is not None:
        people.append(kontakt)
    return notifications.notify(
        people,
        typ=Notistyp.KO,
        template="inforande/email/eskalering",
        context={"e": e, "dp": e.delprojekt, "rad": radnamn(e.region)},
        lank=reverse("inforande:eskalering", args=[e.pk]),
    )


def eskalering_besvara(
    *, eskalering: Eskalering, user: Actor, svar: str, datum: datetime.date | None
) -> Eskalering:
    """Record the body's answer (the kansli). A second submit is refused."""
    if not user.has_perm("inforande.besvara", eskalering.delprojekt):
        raise NotAllowed(_("Bara kansliet registrerar organets svar."))
    svar = (svar or "").replace("\r\n", "\n").strip()
    fel: dict[str, list[str]] = {}
    if not svar:
        fel["svar"] = [_("Skriv organets svar.")]
    elif len(svar) > TEXT_MAX:
        fel["svar"] = [_("Högst %(max)s tecken.") % {"max": TEXT_MAX}]
    if datum is None:
        fel["datum"] = [_("Ange när organet svarade.")]
    elif datum > timezone.localdate():
        fel["datum"] = [_("Datumet får inte ligga i framtiden.")]
    elif datum < timezone.localdate(eskalering.skapad):
        fel["datum"] = [_("Organet kan inte ha svarat innan problemet lyftes.")]
    if fel:
        raise Invalid(_("Svaret sparades inte. Rätta felen och försök igen."), field_errors=fel)
    assert datum is not None  # checked above
    with transaction.atomic():
        e = (
            Eskalering.objects.select_for_update()
            .select_related("organ", "delprojekt")
            .get(pk=eskalering.pk)
        )
        if e.besvarad:
            raise StaleState(
                _(
                    "Organets svar är redan registrerat. Ingen ändring gjordes – formuläret "
                    "skickades troligen två gånger."
                )
            )
        _spara_svar(e, svar=svar, datum=datum, user=user)
    return e


def _spara_svar(e: Eskalering, *, svar: str, datum: datetime.date, user: Actor) -> None:
    """Store the answer on the locked row, log it and tell the one who raised it."""
    e.svar = svar
    e.svar_datum = datum
    e.svar_registrerat_av = user
    set_history_user(e, user)
    e.save(update_fields=["svar", "svar_datum", "svar_registrerat_av"])
    record_event(
        delprojekt=e.delprojekt,
        user=user,
        typ=Handelse.Typ.UPPFOLJNING,
        text=_("%(organ)s svarade på införandeproblemet »%(rubrik)s«.")
        % {"organ": e.organ.namn, "rubrik": e.rubrik},
    )
    raiser = Person.objects.filter(user_id=e.skapad_av_id).first() if e.skapad_av_id else None
    if raiser is not None:
        notifications.notify(
            [raiser],
            typ=Notistyp.KO,
            template="inforande/email/eskalering_svar",
            context={"e": e, "dp": e.delprojekt, "rad": radnamn(e.region)},
            lank=reverse("inforande:eskalering", args=[e.pk]),
        )


#: The prefix of the queue items' keys, kept on the agenda items put up from them.
NYCKEL = "eskalering"


def konyckel(e: Eskalering) -> str:
    """The key of ``e``'s queue item, as the agenda item put up from it keeps it."""
    return f"{NYCKEL}:{e.pk}"


def eskalering_id(punkt: Dagordningspunkt) -> int | None:
    """The problem an agenda item was put up from, or None."""
    prefix, _sep, pk = punkt.konyckel.partition(":")
    return int(pk) if prefix == NYCKEL and pk.isdigit() else None


@vid_protokollforing
def eskalering_fran_protokoll(
    punkt: Dagordningspunkt, sammantrade: Sammantrade, user: Actor
) -> None:
    """The protocol recorded the body's decision on a problem: unless it has an answer
    already, the decision text is its answer, dated the meeting's day and recorded by
    whoever recorded the protocol (the meeting service checked their permission)."""
    pk = eskalering_id(punkt)
    if pk is None:
        return
    e = (
        Eskalering.objects.select_for_update(of=("self",))
        .select_related("organ", "delprojekt", "region")
        .filter(pk=pk)
        .first()
    )
    svar = punkt.beslutstext.strip()[:TEXT_MAX]
    if e is None or e.besvarad or not svar:
        return  # answered already, or a § without a decision text: answered by hand
    _spara_svar(e, svar=svar, datum=timezone.localtime(sammantrade.start).date(), user=user)


def behandlad_i(e: Eskalering) -> Dagordningspunkt | None:
    """The recorded agenda item (the protocol's §) at which a body treated ``e``, the
    latest if several (one query)."""
    return (
        Dagordningspunkt.objects.filter(konyckel=konyckel(e), protokollford__isnull=False)
        .select_related("sammantrade__organ")
        .order_by("-sammantrade__start", "-pk")
        .first()
    )


def eskaleringar_for(dp: Delprojekt) -> list[Eskalering]:
    """The project's raised problems, newest first (one query)."""
    return list(
        Eskalering.objects.filter(delprojekt=dp)
        .select_related("region", "organ")
        .order_by("-skapad", "-pk")
    )
