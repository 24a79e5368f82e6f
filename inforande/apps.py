from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforandeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inforande"
    verbose_name = _("Införande")

    def ready(self) -> None:
        # Registers the rules, the decision-queue source of escalated implementation
        # problems and the start page's section of missing implementation plans.
        from inforande import beslutsko, permissions, start  # noqa: F401
