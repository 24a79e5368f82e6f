from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OppetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oppet"
    verbose_name = _("Öppen redovisning")

    def ready(self) -> None:
        # Registers the rule of who may decide on publication, and has the project page
        # read the current publication in its own query (the "Publicering" section).
        from django.db.models.signals import post_delete, post_save

        from delprojekt.selectors import DETALJ_RELATIONER
        from oppet import permissions  # noqa: F401
        from oppet.innehall import glom_dataversion

        # Any saved or deleted row may be public: the next public request reads the
        # data's fingerprint anew (other processes within SFBV_OPPET_VERSION_SEKUNDER).
        post_save.connect(glom_dataversion, dispatch_uid="oppet_dataversion_save")
        post_delete.connect(glom_dataversion, dispatch_uid="oppet_dataversion_delete")

        if "publicering__beslut" not in DETALJ_RELATIONER:
            DETALJ_RELATIONER.append("publicering__beslut")
