from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KontonConfig(AppConfig):
    name = "konton"
    verbose_name = _("Konton")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from konton.sessions import minns_tvasteg

        # Every way of logging in (the login page, the admin's, a test client) ends in
        # django.contrib.auth.login, which sends this signal.
        user_logged_in.connect(minns_tvasteg, dispatch_uid="konton.minns_tvasteg")
