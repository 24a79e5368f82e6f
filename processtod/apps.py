from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcesstodConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "processtod"
    verbose_name = _("Processtöd")

    def ready(self) -> None:
        # Registers who may read and edit the posts and their invoices, and the start
        # page's section of invoices not yet paid.
        from processtod import permissions, start  # noqa: F401
