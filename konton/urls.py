from django.urls import path

from konton import views

app_name = "konton"

urlpatterns = [
    path("konto/", views.oversikt, name="oversikt"),
    path("konto/losenord/glomt/", views.LosenordAterstallning.as_view(), name="losenord_glomt"),
    path("konto/losenord/skickat/", views.LosenordSkickat.as_view(), name="losenord_skickat"),
    path(
        "konto/losenord/nytt/<uidb64>/<token>/",
        views.LosenordNytt.as_view(),
        name="losenord_ny",
    ),
    path("konto/losenord/klart/", views.LosenordKlart.as_view(), name="losenord_klart"),
    path("konto/losenord/byt/", views.BytLosenord.as_view(), name="byt_losenord"),
    path("konto/tvastegsverifiering/", views.tvasteg, name="tvasteg"),
    path("konto/tvastegsverifiering/ta-bort/", views.tvasteg_ta_bort_vy, name="tvasteg_ta_bort"),
    path("konto/tvastegsverifiering/reservkoder/", views.reservkoder, name="reservkoder"),
    path("logga-in/kod/", views.verifiera, name="verifiera"),
]
