from django.urls import path

from delprojekt.views import arbete, pages

app_name = "delprojekt"

urlpatterns = [
    path("", pages.portfolio, name="portfolio"),
    path("mina/", pages.portfolio, {"mine": True}, name="mine"),
    path("nytt/", pages.register, name="register"),
    path("<str:referens>/", pages.detail, name="detail"),
    path("<str:referens>/andra/", pages.edit, name="edit"),
    path("<str:referens>/overgang/<slug:name>/", pages.transition, name="transition"),
    path("<str:referens>/stallningstaganden/", pages.positions, name="positions"),
    path("<str:referens>/dokument/<slug:typ>/", arbete.dokument, name="dokument"),
    path(
        "<str:referens>/dokument/<slug:typ>/<slug:nyckel>/",
        arbete.kapitel_edit,
        name="kapitel",
    ),
    path("<str:referens>/arbetsgrupp/", arbete.arbetsgrupp, name="arbetsgrupp"),
    path(
        "<str:referens>/arbetsgrupp/<int:pk>/",
        arbete.arbetsgrupp_member,
        name="arbetsgrupp_member",
    ),
    path("<str:referens>/atgardsforslag/", arbete.atgardsforslag, name="atgardsforslag"),
    path(
        "<str:referens>/atgardsforslag/<int:pk>/",
        arbete.atgardsforslag,
        name="atgardsforslag_edit",
    ),
    path(
        "<str:referens>/atgardsforslag/<int:pk>/ta-bort/",
        arbete.atgardsforslag_remove,
        name="atgardsforslag_remove",
    ),
    path("<str:referens>/uppfoljningsplan/", arbete.uppfoljningsplan, name="uppfoljningsplan"),
    path("<str:referens>/huvudmannabeslut/", arbete.huvudmannabeslut, name="huvudmannabeslut"),
    path(
        "<str:referens>/huvudmannabeslut/<int:pk>/utdrag.pdf",
        arbete.huvudmannabeslut_utdrag,
        name="huvudmannabeslut_utdrag",
    ),
]
