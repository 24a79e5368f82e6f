from django.urls import path

from uppfoljning.views import statistik

app_name = "statistik"

urlpatterns = [
    path("", statistik.sida, name="sida"),
    path("statistik.xlsx", statistik.xlsx, name="xlsx"),
    path("manadsrapport.pdf", statistik.manadsrapport, name="manadsrapport"),
]
