from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: a fictional Södra sjukvårdsregionen with projects in every state.

    It builds on both apps (``delprojekt`` and ``uppfoljning``) through their services,
    which is why it is a package of its own: the apps never import it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demodata"
