from django.urls import path

from delprojekt.views import personuppgifter

app_name = "personuppgifter"

urlpatterns = [
    path("", personuppgifter.lista, name="lista"),
    path("<int:pk>/", personuppgifter.detalj, name="detalj"),
    path("<int:pk>/registerutdrag.json", personuppgifter.utdrag_json, name="utdrag_json"),
    path("<int:pk>/registerutdrag.pdf", personuppgifter.utdrag_pdf, name="utdrag_pdf"),
    path("<int:pk>/anonymisera/", personuppgifter.anonymisera, name="anonymisera"),
]
