from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerksamhetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "verksamhet"
    verbose_name = _("Organens verksamhetsår")

    def ready(self) -> None:
        # Registers the rules and the decision-queue source of reports awaiting approval,
        # and has the public part's fingerprint follow the published
        # verksamhetsberättelser (a publication changes every public page's ETag).
        from oppet.innehall import registrera_datakalla
        from verksamhet import beslutsko, permissions  # noqa: F401
        from verksamhet.models import Verksamhetsberattelse

        # Every change of a report (publishing, withdrawing) adds a history row.
        registrera_datakalla(Verksamhetsberattelse.history.model._meta.db_table, "history_id")
