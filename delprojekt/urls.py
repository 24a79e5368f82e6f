from django.urls import path

from delprojekt import (
    urls_arbetsgrupp,
    urls_grupparbete,
    urls_regionbeslut,
    urls_slutrapport,
    urls_uppdrag,
)
from delprojekt.views import (
    arbetsgrupp,
    arkiv,
    dokument,
    export,
    huvudmannabeslut,
    pages,
    portfoljimport,
)

app_name = "delprojekt"

urlpatterns = [
    path("", pages.portfolio, name="portfolio"),
    path("portfolj.xlsx", export.portfolio_xlsx, name="portfolio_xlsx"),
    path("portfolj.csv", export.portfolio_csv, name="portfolio_csv"),
    # Pages across projects come before the project pages' "<referens>/".
    *urls_uppdrag.overview_urlpatterns,
    *urls_arbetsgrupp.overview_urlpatterns,
    *urls_grupparbete.overview_urlpatterns,
    *urls_slutrapport.overview_urlpatterns,
    *urls_regionbeslut.overview_urlpatterns,
    path("mina/", pages.portfolio, {"mine": True}, name="mine"),
    path("mina/portfolj.xlsx", export.portfolio_xlsx, {"mine": True}, name="mine_xlsx"),
    path("mina/portfolj.csv", export.portfolio_csv, {"mine": True}, name="mine_csv"),
    path("nytt/", pages.register, name="register"),
    path("import/", portfoljimport.portfolj_import, name="import"),
    path(
        "import/forhandsvisning/",
        portfoljimport.portfolj_forhandsvisning,
        name="import_forhandsvisning",
    ),
    path("import/genomfor/", portfoljimport.portfolj_genomfor, name="import_genomfor"),
    path("import/mall.xlsx", portfoljimport.portfolj_mall_xlsx, name="import_mall_xlsx"),
    path(
        "import/beskrivning/",
        portfoljimport.portfolj_import_beskrivning,
        name="import_beskrivning",
    ),
    path("import/mall.csv", portfoljimport.portfolj_mall_csv, name="import_mall_csv"),
    path("<str:referens>/", pages.detail, name="detail"),
    path("<str:referens>/andra/", pages.edit, name="edit"),
    path("<str:referens>/arkivpaket.zip", arkiv.arkivpaket, name="arkivpaket"),
    path("<str:referens>/overgang/<slug:name>/", pages.transition, name="transition"),
    path("<str:referens>/stallningstaganden/", pages.positions, name="positions"),
    path("<str:referens>/dokument/<slug:typ>/", dokument.dokument, name="dokument"),
    path(
        "<str:referens>/dokument/<slug:typ>/<slug:nyckel>/",
        dokument.kapitel_edit,
        name="kapitel",
    ),
    path("<str:referens>/arbetsgrupp/", arbetsgrupp.arbetsgrupp, name="arbetsgrupp"),
    path(
        "<str:referens>/arbetsgrupp/<int:pk>/",
        arbetsgrupp.arbetsgrupp_member,
        name="arbetsgrupp_member",
    ),
    path("<str:referens>/atgardsforslag/", dokument.atgardsforslag, name="atgardsforslag"),
    path(
        "<str:referens>/atgardsforslag/<int:pk>/",
        dokument.atgardsforslag,
        name="atgardsforslag_edit",
    ),
    path(
        "<str:referens>/atgardsforslag/<int:pk>/ta-bort/",
        dokument.atgardsforslag_remove,
        name="atgardsforslag_remove",
    ),
    path("<str:referens>/uppfoljningsplan/", dokument.uppfoljningsplan, name="uppfoljningsplan"),
    path(
        "<str:referens>/huvudmannabeslut/",
        huvudmannabeslut.huvudmannabeslut,
        name="huvudmannabeslut",
    ),
    path(
        "<str:referens>/huvudmannabeslut/<int:pk>/utdrag.pdf",
        huvudmannabeslut.huvudmannabeslut_utdrag,
        name="huvudmannabeslut_utdrag",
    ),
    *urls_uppdrag.urlpatterns,
    *urls_arbetsgrupp.urlpatterns,
    *urls_grupparbete.urlpatterns,
    *urls_slutrapport.urlpatterns,
    *urls_regionbeslut.urlpatterns,
]
