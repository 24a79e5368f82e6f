from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    _unicode_ci_compare,
)
from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from konton.services import losenord_lank_koa


class _UtanKolon:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


class LosenordAterstallningForm(_UtanKolon, PasswordResetForm):
    """Django's reset form, with the mail queued in the outbox instead of sent."""

    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Den adress som är registrerad för ditt konto."),
    )

    def get_users(self, email: str) -> Iterator[User]:
        """Active accounts with a password whose own address, or whose person's, is
        ``email``; accounts that log in elsewhere (no usable password) get no mail.

        The mail goes to the stored address, never to the one typed: the database's
        case-insensitive match may pair addresses that are not the same mailbox
        ("ı" and "i"), so each match is compared once more as Django's form does."""
        self.adresser: dict[int, str] = {}
        users = (
            get_user_model()
            ._default_manager.filter(
                Q(email__iexact=email) | Q(person__epost__iexact=email), is_active=True
            )
            .select_related("person")
            .distinct()
            .order_by("pk")
        )
        for user in users:
            if not user.has_usable_password():
                continue
            person = getattr(user, "person", None)
            for stored in (user.email, person.epost if person else ""):
                if stored and _unicode_ci_compare(email, stored):
                    self.adresser[user.pk] = stored
                    yield user
                    break

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        path = reverse(
            "konton:losenord_ny", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        # The link is built from the configured address, never from the request's Host.
        losenord_lank_koa(
            user=user, adress=self.adresser[user.pk], lank=f"{settings.SFBV_BASE_URL}{path}"
        )


class NyttLosenordForm(_UtanKolon, SetPasswordForm):
    pass


class BytLosenordForm(_UtanKolon, PasswordChangeForm):
    pass


class KodForm(forms.Form):
    kod = forms.CharField(
        label=_("Kod från appen"),
        max_length=12,
        help_text=_("Sex siffror, till exempel 123456 – eller en av dina reservkoder."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
