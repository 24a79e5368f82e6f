from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OppetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oppet"
    verbose_name = _("Öppen redovisning")

    def ready(self) -> None:
        # Registers the rule of who may decide on publication.
        from oppet import permissions  # noqa: F401
