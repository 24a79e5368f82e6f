from django.urls import path

from sso import views

app_name = "sso"

urlpatterns = [
    path("", views.inloggning, name="inloggning"),
    path("callback/", views.callback, name="callback"),
]
