from django.urls import path

from uppfoljning import urls_inforande, urls_parametrar, urls_rapport
from uppfoljning.views import omgang

app_name = "uppfoljning"

urlpatterns = [
    path("", omgang.oversikt, name="oversikt"),
    # Pages across projects come before the project pages' "<referens>/".
    *getattr(urls_inforande, "overview_urlpatterns", []),
    path("<str:referens>/", omgang.uppfoljning, name="omgangar"),
    path("<str:referens>/omgang/<int:nummer>/", omgang.omgang_detail, name="omgang"),
    path(
        "<str:referens>/omgang/<int:nummer>/ansvariga/",
        omgang.ansvarig_add,
        name="ansvarig_add",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/ansvariga/<int:pk>/svar/",
        omgang.ansvarig_answer,
        name="ansvarig_answer",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/ansvariga/<int:pk>/ta-bort/",
        omgang.ansvarig_remove,
        name="ansvarig_remove",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/status/<slug:handling>/",
        omgang.omgang_action,
        name="omgang_action",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/redovisning/",
        omgang.redovisning_add,
        name="redovisning_add",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/redovisning/<int:pk>/ta-bort/",
        omgang.redovisning_remove,
        name="redovisning_remove",
    ),
    *urls_inforande.urlpatterns,
    *urls_parametrar.urlpatterns,
    *urls_rapport.urlpatterns,
]
