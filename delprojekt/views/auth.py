from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _


class SvenskInloggning(AuthenticationForm):
    kom_ihag = forms.BooleanField(
        label=_("Kom ihåg mig"),
        required=False,
        help_text=_(
            "Du förblir inloggad när webbläsaren stängs. Efter en tids inaktivitet "
            "loggas du ändå ut."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Tänk på att lösenordet skiljer på stora och "
            "små bokstäver."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }


class LoginView(auth_views.LoginView):
    form_class = SvenskInloggning
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Logging in with the region's account (sso/), when the provider is configured.
        return {**super().get_context_data(**kwargs), "sso_pa": settings.SFBV_OIDC}

    def form_valid(self, form: SvenskInloggning) -> HttpResponse:
        response = super().form_valid(form)
        if not form.cleaned_data["kom_ihag"]:
            # A browser-session cookie; the stored session still expires after
            # SESSION_COOKIE_AGE without a request.
            self.request.session.set_expiry(0)
        return response
