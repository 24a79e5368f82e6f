from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UppfoljningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "uppfoljning"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        # Registers the rules and the decision-queue source for follow-up reports.
        from uppfoljning import beslutsko, permissions  # noqa: F401
