from django.urls import path

from delprojekt.views import pages

app_name = "delprojekt"

urlpatterns = [
    path("", pages.portfolio, name="portfolio"),
    path("mina/", pages.portfolio, {"mine": True}, name="mine"),
    path("nytt/", pages.register, name="register"),
    path("<str:referens>/", pages.detail, name="detail"),
    path("<str:referens>/andra/", pages.edit, name="edit"),
    path("<str:referens>/overgang/<slug:name>/", pages.transition, name="transition"),
    path("<str:referens>/stallningstaganden/", pages.positions, name="positions"),
]
