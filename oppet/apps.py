from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OppetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oppet"
    verbose_name = _("Öppen redovisning")

    def ready(self) -> None:
        # Registers the rule of who may decide on publication, and has the project page
        # read the current publication in its own query (the "Publicering" section).
        from delprojekt.selectors import DETALJ_RELATIONER
        from oppet import permissions  # noqa: F401

        if "publicering__beslut" not in DETALJ_RELATIONER:
            DETALJ_RELATIONER.append("publicering__beslut")
