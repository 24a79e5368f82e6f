"""URLs of the decision queues (``/beslut/``): one queue per body and "Min beslutskö"."""

from django.urls import path

from delprojekt.views import beslutsko, export

app_name = "beslut"

urlpatterns: list = [
    path("", beslutsko.oversikt, name="oversikt"),
    path("mina/", beslutsko.mina, name="mina"),
    path("beslutsregister.xlsx", export.beslutsregister_xlsx, name="register_xlsx"),
    path("forslag/<str:referens>/", beslutsko.beslutsforslag, name="beslutsforslag"),
    path("<slug:typ>/", beslutsko.organ, name="organ"),
]
