from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UppfoljningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "uppfoljning"
    verbose_name = _("Uppföljning")
