"""Local accounts: the password-reset mail through the outbox, and the second step of
logging in with an authenticator app (TOTP, django-otp)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from delprojekt.models import Person, Samverkan
from delprojekt.services.errors import GuardFailed, Invalid, StaleState
from delprojekt.services.utkorg import koa
from delprojekt.types import Actor

KOD_SIFFROR = 6
APP_NAMN = "Autentiseringsapp"
RESERV_NAMN = "Reservkoder"
#: How many backup codes a user gets; each logs in once, for a lost telephone.
RESERVKODER = 10


def losenord_lank_koa(*, user: Actor, adress: str, lank: str) -> int:
    """Queue the mail with the link to a new password, in the caller's transaction."""
    person = Person.objects.filter(user=user).first()
    context = {
        "user": user,
        "namn": person.namn if person else user.get_username(),
        "lank": lank,
        "timmar": max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1),
        "base_url": settings.SFBV_BASE_URL,
        "samverkan": Samverkan.current(),
    }
    subject = render_to_string("konton/email/losenord_subject.txt", context).strip()
    text = render_to_string("konton/email/losenord.txt", context)
    html = render_to_string("konton/email/losenord.html", context)
    message = EmailMultiAlternatives(subject, text, to=[adress])
    message.attach_alternative(html, "text/html")
    return koa([(person, message)])


def totp_utfardare(enhet: TOTPDevice) -> str:
    """The issuer the authenticator app shows beside the code: the samverkan's short name."""
    return Samverkan.current().kortnamn


def tvasteg_har_app(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def tvasteg_ny_nyckel() -> str:
    """A new secret (hex, 20 random bytes) for an app that is being added."""
    return default_key()


def tvasteg_enhet(*, user: Actor, nyckel: str) -> TOTPDevice:
    """The app being added, unsaved: what the QR code and the secret are drawn from."""
    return TOTPDevice(user=user, name=APP_NAMN, key=nyckel, confirmed=False)


def _kod(kod: str) -> int:
    kod = "".join(kod.split())
    if len(kod) != KOD_SIFFROR or not kod.isdigit():
        raise Invalid(
            _("Skriv de sex siffrorna som appen visar."),
            field_errors={"kod": [_("Skriv de sex siffrorna som appen visar.")]},
        )
    return int(kod)


def _ar_reservkod(kod: str) -> bool:
    """A backup code (eight letters and digits, as shown) rather than an app's six digits."""
    kod = "".join(kod.split()).lower()
    return len(kod) == 8 and kod.isalnum() and not kod.isdigit()


def _fel_kod() -> Invalid:
    message = _(
        "Koden stämmer inte. Skriv koden som appen visar just nu och kontrollera att "
        "telefonens klocka går rätt."
    )
    return Invalid(message, field_errors={"kod": [message]})


def tvasteg_lagg_till(*, user: Actor, nyckel: str, kod: str) -> TOTPDevice:
    """Confirm the app set up with ``nyckel`` by one of its codes and keep it."""
    siffror = _kod(kod)
    with transaction.atomic():
        # Two confirmations at once (a double click) must not leave two apps.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise StaleState(_("Tvåstegsverifiering är redan påslagen för ditt konto."))
        enhet = tvasteg_enhet(user=user, nyckel=nyckel)
        totp = TOTP(enhet.bin_key, enhet.step, enhet.t0, enhet.digits, enhet.drift)
        totp.time = time.time()
        if not totp.verify(siffror, enhet.tolerance):
            raise _fel_kod()
        # The code just used cannot log in a second time.
        enhet.last_t = totp.t()
        enhet.confirmed = True
        enhet.save()
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return enhet


def tvasteg_verifiera(*, user: Actor, kod: str) -> Device:
    """The user's app that accepts ``kod``, or the backup codes when ``kod`` is one of
    them (used up by this). Each wrong code makes the next try wait longer (django-otp's
    throttling); a code is accepted once."""
    reserv = _ar_reservkod(kod)
    siffror = None if reserv else _kod(kod)
    godkand: Device | None = None
    sparrad = False
    with transaction.atomic():
        enheter: list[Device] = list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
        )
        if not enheter:
            raise StaleState(_("Ditt konto har ingen autentiseringsapp."))
        if reserv:
            enheter = list(
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
            )
        for enhet in enheter:
            if not enhet.verify_is_allowed()[0]:
                sparrad = True
                continue
            if enhet.verify_token("".join(kod.split()).lower() if reserv else siffror):
                godkand = enhet
                break
    # Raised outside the transaction, so the count of wrong codes is kept.
    if godkand is not None:
        return godkand
    if sparrad:
        raise GuardFailed(_("För många felaktiga koder. Vänta en stund och försök sedan igen."))
    if reserv:
        message = _("Reservkoden stämmer inte eller är redan använd.")
        raise Invalid(message, field_errors={"kod": [message]})
    raise _fel_kod()


def reservkoder_skapa(*, user: Actor) -> list[str]:
    """New backup codes for a user with an app, replacing any earlier ones. Returned once
    to be shown: only the codes' unused rows are kept (django-otp's static tokens)."""
    with transaction.atomic():
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise StaleState(_("Slå på tvåstegsverifiering först."))
        StaticDevice.objects.filter(user=user).delete()
        enhet = StaticDevice.objects.create(user=user, name=RESERV_NAMN, confirmed=True)
        koder = set[str]()
        while len(koder) < RESERVKODER:
            koder.add(StaticToken.random_token())
        StaticToken.objects.bulk_create(StaticToken(device=enhet, token=k) for k in koder)
    return sorted(koder)


def reservkoder_kvar(user: Actor) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def tvasteg_ta_bort(*, user: Actor, kod: str) -> int:
    """Remove the user's apps after one of them gave a valid code. Returns how many."""
    tvasteg_verifiera(user=user, kod=kod)
    with transaction.atomic():
        deleted, _per_model = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    return deleted
