from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HjalpConfig(AppConfig):
    name = "hjalp"
    verbose_name = _("Användarguide")
