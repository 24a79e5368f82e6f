"""URLs of the follow-up: parameters, measured values, their import and charts."""

from django.urls import path

from uppfoljning.views import parametrar

urlpatterns = [
    path("<str:referens>/parametrar/", parametrar.parametrar, name="parametrar"),
    path("<str:referens>/parametrar/ny/", parametrar.parameter_ny, name="parameter_ny"),
    path("<str:referens>/parametrar/import/", parametrar.matvarde_import, name="matvarde_import"),
    path("<str:referens>/parametrar/mall.csv", parametrar.matvarde_mall, name="matvarde_mall"),
    path("<str:referens>/parametrar/<int:pk>/", parametrar.parameter, name="parameter"),
    path(
        "<str:referens>/parametrar/<int:pk>/varden/<int:vpk>/ta-bort/",
        parametrar.matvarde_remove,
        name="matvarde_remove",
    ),
]
