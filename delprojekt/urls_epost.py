from django.urls import path

from delprojekt.views import epost

app_name = "epost"

urlpatterns = [
    path("", epost.lista, name="lista"),
    path("skicka-igen/", epost.skicka_igen_alla, name="skicka_igen_alla"),
    path("<int:pk>/skicka-igen/", epost.skicka_igen, name="skicka_igen"),
]
