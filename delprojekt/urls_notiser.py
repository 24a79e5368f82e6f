"""A person's notifications and their choices of mail; mounted at the site's root."""

from django.urls import path

from delprojekt.views import notiser

app_name = "notiser"

urlpatterns = [
    path("notiser/", notiser.lista, name="lista"),
    path("notiser/las-alla/", notiser.markera_alla_lasta, name="markera_alla_lasta"),
    path("notiser/<int:pk>/las/", notiser.markera_last, name="markera_last"),
    path("konto/notiser/", notiser.installningar, name="installningar"),
]
