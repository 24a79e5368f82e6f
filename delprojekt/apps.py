from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelprojektConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "delprojekt"
    verbose_name = _("Delprojekt")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from delprojekt import organisation, sessionstid, workflow

        user_logged_in.connect(sessionstid.on_login, dispatch_uid="sfbv-sessionstid")

        from django.db.models.signals import post_delete, post_save

        from delprojekt.models import Samverkan

        for signal in (post_save, post_delete):
            signal.connect(
                Samverkan.forget, sender=Samverkan, dispatch_uid=f"sfbv-samverkan-{signal}"
            )

        workflow.install_fsm()
        organisation.connect_invalidation()
        # Importing these registers the permission rules (derived from the lifecycle's
        # declaration) and the effects each service owns on its transitions.
        from delprojekt import permissions  # noqa: F401
        from delprojekt.services import (  # noqa: F401
            slutrapport_innehall,
            slutrapport_pdf,
            uppdrag,
        )
        from delprojekt.services import workflow as workflow_service  # noqa: F401
