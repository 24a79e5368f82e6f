"""The processtöd posts and their invoices (``/processtod/``)."""

from django.urls import path

from processtod.views import sidor

app_name = "processtod"

urlpatterns = [
    path("", sidor.lista, name="lista"),
    path("ny/", sidor.ny, name="ny"),
    path("oversikt/", sidor.oversikt_sida, name="oversikt"),
    path("oversikt/processtod.xlsx", sidor.oversikt_xlsx_fil, name="oversikt_xlsx"),
    path("<int:pk>/", sidor.tjanst, name="tjanst"),
    path("<int:pk>/andra/", sidor.andra, name="andra"),
    path("<int:pk>/ta-bort/", sidor.ta_bort, name="ta_bort"),
    path("<int:pk>/fakturor/ny/", sidor.faktura_ny, name="faktura_ny"),
    path("<int:pk>/fakturor/<int:fpk>/", sidor.faktura_andra, name="faktura_andra"),
    path("<int:pk>/fakturor/<int:fpk>/ta-bort/", sidor.faktura_ta_bort, name="faktura_ta_bort"),
]
