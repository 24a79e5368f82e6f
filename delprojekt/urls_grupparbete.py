"""URLs: The working group's own records: minnesanteckningar, vägval, förankring, delrapporter,
stöd, kommunikationsplan, resurser, bilagor and comments.

``overview_urlpatterns`` are pages across projects (placed before the project pages);
``urlpatterns`` are pages of one project, under ``<str:referens>/``. Each record type's
page and the route that edits one record come from its declaration in
``delprojekt.services.grupparbete_typer``; the routes below them are its extras.
"""

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, path

from delprojekt.services.grupparbete_typer import POSTTYPER
from delprojekt.views import grupparbete as views


def _posttyp_urlpatterns() -> list[URLPattern]:
    """Each record type's page (once, where types share a page) and its edit route."""
    pages: dict[str, URLPattern] = {}
    edits: list[URLPattern] = []
    for typ in POSTTYPER.values():
        if typ.vyer is None:
            page_view = edit_view = views.post_sida
            kwargs = {"posttyp": typ.slug}
        else:
            page_view, edit_view = (getattr(views, name) for name in typ.vyer)
            kwargs = {}
        page = path(f"<str:referens>/{typ.sida}", page_view, kwargs, name=typ.sida_namn)
        known = pages.setdefault(typ.sida_namn, page)
        if (str(known.pattern), known.callback, known.default_args) != (
            str(page.pattern),
            page.callback,
            page.default_args,
        ):
            raise ImproperlyConfigured(f"{typ.slug}: the page {typ.sida_namn} differs")
        edits.append(path(f"<str:referens>/{typ.andra}", edit_view, kwargs, name=typ.andra_namn))
    return [*pages.values(), *edits]


overview_urlpatterns: list = [
    path("forankring/", views.forankring_oversikt, name="forankring_oversikt"),
]

urlpatterns: list = [
    *_posttyp_urlpatterns(),
    path("<str:referens>/anteckningar/ny/", views.anteckning_form, name="anteckning_ny"),
    path(
        "<str:referens>/anteckningar/ratt/",
        views.anteckningsratt,
        name="anteckningsratt",
    ),
    path("<str:referens>/anteckningar/<int:pk>/", views.anteckning, name="anteckning"),
    path("<str:referens>/vagval/", views.vagval, name="vagval"),
    path("<str:referens>/delrapporter/<int:pk>/", views.delrapport, name="delrapport"),
    path(
        "<str:referens>/delrapporter/<int:pk>/skicka/",
        views.delrapport_skicka,
        name="delrapport_skicka",
    ),
    path("<str:referens>/stod/<int:pk>/svar/", views.stod_svar, name="stod_svar"),
    path(
        "<str:referens>/poster/<slug:typ>/<int:pk>/ta-bort/",
        views.post_ta_bort,
        name="post_ta_bort",
    ),
    path("<str:referens>/kommentarer/ny/", views.kommentar_ny, name="kommentar_ny"),
    path("<str:referens>/bilagor/ny/", views.bilaga_ny, name="bilaga_ny"),
    path("<str:referens>/bilagor/<int:pk>/", views.bilaga, name="bilaga"),
    path(
        "<str:referens>/bilagor/<int:pk>/ta-bort/",
        views.bilaga_ta_bort,
        name="bilaga_ta_bort",
    ),
]
