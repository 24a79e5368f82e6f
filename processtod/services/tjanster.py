"""Writes of processtöd posts and their invoices: checked, validated, all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Organ, Organmedlemskap, Person, Region
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.types import Actor
from processtod.models import Fakturastatus, Processtodsfaktura, Processtodstjanst


def _check_kansli(user: Actor) -> None:
    if not user.has_perm("processtod.change_tjanst"):
        raise NotAllowed(_("Bara kansliet ändrar processtödstjänster och deras fakturor."))


def ar_kanslimedlem(person: Person | None, *, on: datetime.date | None = None) -> bool:
    """Whether the person is (on the day) a member of the kansli."""
    if person is None:
        return False
    return (
        Organmedlemskap.objects.current(on=on)
        .filter(person=person, organ__typ=Organ.Typ.KANSLI, organ__aktiv=True)
        .exists()
    )


def _procent(errors: dict[str, list[str]], falt: str, varde: Decimal | None, *, noll: bool) -> None:
    if varde is None:
        errors[falt] = [_("Ange en andel i procent.")]
    elif varde > 100:
        errors[falt] = [_("Andelen kan inte vara över 100 %.")]
    elif varde < 0 or (varde == 0 and not noll):
        errors[falt] = [
            _("Andelen måste vara större än 0 %.")
            if not noll
            else _("Andelen kan inte vara negativ.")
        ]


def tjanst_save(
    *,
    user: Actor,
    tjanst: Processtodstjanst | None = None,
    benamning: str,
    region: Region | None,
    person: Person | None,
    fran: datetime.date | None,
    till: datetime.date | None,
    tjanstgoringsgrad: Decimal | None,
    medfinansiering: Decimal | None,
    tid_sjukvardsregion: Decimal | None,
    manadslon: Decimal | None = None,
    solidarisk: bool = False,
    undantag_skal: str = "",
    delprojekt: Iterable[Delprojekt] = (),
    vardforlopp: str = "",
) -> Processtodstjanst:
    """Create a post (``tjanst`` None) or change one. Every error is collected and raised
    as one ``Invalid`` with the fields' Swedish messages; nothing is saved then."""
    _check_kansli(user)
    benamning = (benamning or "").strip()
    undantag_skal = (undantag_skal or "").strip()
    vardforlopp = "\n".join(r.strip() for r in (vardforlopp or "").splitlines() if r.strip())
    errors: dict[str, list[str]] = {}
    if not benamning:
        errors["benamning"] = [_("Ange tjänstens benämning, t.ex. Processtöd 1.")]
    if region is None:
        errors["region"] = [_("Välj regionen som har tjänsten.")]
    if fran is None:
        errors["fran"] = [_("Ange när tjänsten börjar.")]
    if till is None:
        errors["till"] = [_("Ange när tjänsten slutar.")]
    if fran and till and till < fran:
        errors["till"] = [_("Slutdatum kan inte vara före startdatum.")]
    _procent(errors, "tjanstgoringsgrad", tjanstgoringsgrad, noll=False)
    _procent(errors, "medfinansiering", medfinansiering, noll=True)
    _procent(errors, "tid_sjukvardsregion", tid_sjukvardsregion, noll=True)
    if manadslon is not None and manadslon < 0:
        errors["manadslon"] = [_("Lönekostnaden kan inte vara negativ.")]
    kansli = ar_kanslimedlem(person, on=fran)
    if (solidarisk or kansli) and not undantag_skal:
        orsak = (
            _("Tjänsten finansieras solidariskt")
            if solidarisk
            else _("%(namn)s är med i kansliet") % {"namn": person}
        )
        errors["undantag_skal"] = [
            _("%(orsak)s, vilket arbetsmetoden ser som ett undantag: ange skälet till undantaget.")
            % {"orsak": orsak}
        ]
    if tjanst is not None and fran and till and not errors:
        utanfor = [
            f.period
            for f in tjanst.fakturor.all()
            if Processtodstjanst(fran=fran, till=till).manader_i_halvar(f.ar, f.halvar) == 0
        ]
        if utanfor:
            errors["fran"] = [
                _("Det finns fakturor utanför den nya perioden: %(halvar)s.")
                % {"halvar": ", ".join(utanfor)}
            ]
    if errors:
        raise Invalid(*[m for ms in errors.values() for m in ms], field_errors=errors)
    with transaction.atomic():
        obj = (
            Processtodstjanst()
            if tjanst is None
            else Processtodstjanst.objects.select_for_update().get(pk=tjanst.pk)
        )
        obj.benamning = benamning
        obj.region = region  # type: ignore[assignment]  # checked above
        obj.person = person
        obj.fran = fran  # type: ignore[assignment]
        obj.till = till  # type: ignore[assignment]
        obj.tjanstgoringsgrad = tjanstgoringsgrad  # type: ignore[assignment]
        obj.medfinansiering = medfinansiering  # type: ignore[assignment]
        obj.tid_sjukvardsregion = tid_sjukvardsregion  # type: ignore[assignment]
        obj.manadslon = manadslon
        obj.solidarisk = solidarisk
        obj.undantag_skal = undantag_skal
        obj.vardforlopp = vardforlopp
        set_history_user(obj, user)
        obj.save()
        obj.delprojekt.set(list(delprojekt))
    return obj


def faktura_save(
    *,
    user: Actor,
    tjanst: Processtodstjanst,
    faktura: Processtodsfaktura | None = None,
    ar: int | None,
    halvar: int | None,
    manadslon: Decimal | None = None,
    belopp: Decimal | None = None,
    status: str = Fakturastatus.FORVANTAD,
    referens: str = "",
    anteckning: str = "",
) -> Processtodsfaktura:
    """Record (or change) the invoice of one half-year. Without an amount, the suggested
    one is used: the monthly salary (the invoice's or the post's) × the months of the
    half-year in the post's period × share of full time × the sjukvårdsregion's share."""
    _check_kansli(user)
    referens = (referens or "").strip()
    anteckning = (anteckning or "").strip()
    errors: dict[str, list[str]] = {}
    if ar is None or not 2000 <= ar <= 2100:
        errors["ar"] = [_("Ange ett år mellan 2000 och 2100.")]
    if halvar not in (1, 2):
        errors["halvar"] = [_("Välj första eller andra halvåret.")]
    if manadslon is not None and manadslon < 0:
        errors["manadslon"] = [_("Lönekostnaden kan inte vara negativ.")]
    if belopp is not None and belopp < 0:
        errors["belopp"] = [_("Beloppet kan inte vara negativt.")]
    if status not in Fakturastatus.values:
        errors["status"] = [_("Välj förväntad, mottagen eller betald.")]
    elif status != Fakturastatus.FORVANTAD and not referens:
        errors["referens"] = [_("Ange fakturans referens när fakturan har kommit.")]
    if not errors:
        assert ar is not None and halvar is not None
        if tjanst.manader_i_halvar(ar, halvar) == 0:
            errors["halvar"] = [
                _("Halvåret ligger utanför tjänstens period (%(fran)s–%(till)s).")
                % {"fran": tjanst.fran.isoformat(), "till": tjanst.till.isoformat()}
            ]
        elif belopp is None:
            belopp = tjanst.foreslaget_belopp(ar, halvar, manadslon)
            if belopp is None:
                errors["belopp"] = [
                    _("Ange beloppet, eller lönekostnaden per månad så räknas beloppet fram.")
                ]
        dubblett = Processtodsfaktura.objects.filter(tjanst=tjanst, ar=ar, halvar=halvar)
        if faktura is not None:
            dubblett = dubblett.exclude(pk=faktura.pk)
        if dubblett.exists():
            errors["halvar"] = [_("Det finns redan en faktura för halvåret.")]
    if errors:
        raise Invalid(*[m for ms in errors.values() for m in ms], field_errors=errors)
    with transaction.atomic():
        if faktura is None:
            obj = Processtodsfaktura(tjanst=tjanst)
        else:
            obj = Processtodsfaktura.objects.select_for_update().get(pk=faktura.pk, tjanst=tjanst)
        obj.ar = ar  # type: ignore[assignment]
        obj.halvar = halvar  # type: ignore[assignment]
        obj.manadslon = manadslon
        obj.belopp = belopp  # type: ignore[assignment]
        obj.status = status
        obj.referens = referens
        obj.anteckning = anteckning
        set_history_user(obj, user)
        obj.save()
    return obj


def faktura_delete(*, user: Actor, faktura: Processtodsfaktura) -> None:
    """Remove an invoice registered by mistake. A paid invoice is the record of a payment:
    it is corrected, not removed (its status changed first if it truly was never paid)."""
    _check_kansli(user)
    with transaction.atomic():
        row = Processtodsfaktura.objects.select_for_update().filter(pk=faktura.pk).first()
        if row is None:
            return
        if row.status == Fakturastatus.BETALD:
            raise GuardFailed(
                _(
                    "En betald faktura tas inte bort. Ändra fakturans status först om den "
                    "registrerades som betald av misstag."
                )
            )
        set_history_user(row, user)
        row.delete()


def tjanst_delete(*, user: Actor, tjanst: Processtodstjanst) -> None:
    """Remove a post registered by mistake; one with invoices is kept (end its period
    instead), so that no invoice loses the post it was paid for."""
    _check_kansli(user)
    with transaction.atomic():
        row = Processtodstjanst.objects.select_for_update().filter(pk=tjanst.pk).first()
        if row is None:
            return
        if row.fakturor.exists():
            raise GuardFailed(
                _(
                    "Tjänsten har fakturor och tas inte bort. Ta bort fakturorna först om "
                    "de registrerades av misstag, eller ändra tjänstens period när den upphör."
                )
            )
        set_history_user(row, user)
        row.delete()
