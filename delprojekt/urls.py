from django.urls import path

from delprojekt.views import pages

app_name = "delprojekt"

urlpatterns = [
    path("", pages.portfolio, name="portfolio"),
]
