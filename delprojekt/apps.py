from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelprojektConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "delprojekt"
    verbose_name = _("Delprojekt")

    def ready(self) -> None:
        from delprojekt import permissions  # noqa: F401  (registers the rules)
