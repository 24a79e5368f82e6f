"""URLs of the follow-up: the round's report, its PDFs and handing it in."""

from django.urls import path

from uppfoljning.views import rapport

urlpatterns = [
    path("<str:referens>/omgang/<int:nummer>/rapport/", rapport.rapport, name="rapport"),
    path(
        "<str:referens>/omgang/<int:nummer>/rapport.pdf",
        rapport.rapport_pdf,
        name="rapport_pdf",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/rapport/lamna-in/",
        rapport.rapport_lamna_in,
        name="rapport_lamna_in",
    ),
    path(
        "<str:referens>/omgang/<int:nummer>/rapport/inlamnad.pdf",
        rapport.rapport_inlamnad_pdf,
        name="rapport_inlamnad_pdf",
    ),
]
