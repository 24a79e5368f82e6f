from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UppfoljningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "uppfoljning"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        # Registers the rules, the decision-queue source for follow-up reports, the archive
        # package's source of handed-in reports, the start
        # page's follow-up sections and what
        # the follow-up adds to the delprojekt's lifecycle.
        from uppfoljning import arkiv, beslutsko, livscykel, permissions, start  # noqa: F401
