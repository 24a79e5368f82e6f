from django.urls import path

from hjalp import views

app_name = "hjalp"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.kapitel, name="kapitel"),
]
