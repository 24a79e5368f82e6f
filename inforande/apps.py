from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforandeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inforande"
    verbose_name = _("Införande")

    def ready(self) -> None:
        # Registers the rules, the decision-queue source of escalated implementation
        # problems, the start page's section of missing implementation plans and what a
        # protocol's recorded decision on a problem means to it (its answer).
        from inforande import beslutsko, permissions, start  # noqa: F401
        from inforande.services import eskalering  # noqa: F401
