"""URLs of the implementation plans and the escalated implementation problems."""

from django.urls import path

from inforande.views import eskalering, plan, sjukvardsregion

app_name = "inforande"

urlpatterns = [
    path("problem/<int:pk>/", eskalering.eskalering, name="eskalering"),
    path("<str:referens>/lyft-problem/", eskalering.eskalera, name="eskalera"),
    path(
        "<str:referens>/sjukvardsregionen/",
        sjukvardsregion.sjukvardsregion,
        name="sjukvardsregion",
    ),
    path("<str:referens>/plan/<int:region_pk>/", plan.plan, name="plan"),
    path("<str:referens>/plan/<int:region_pk>/andra/", plan.plan_andra, name="plan_andra"),
    path(
        "<str:referens>/plan/<int:region_pk>/faststall/",
        plan.plan_faststall,
        name="plan_faststall",
    ),
    path(
        "<str:referens>/plan/<int:region_pk>/version-<int:nummer>.pdf",
        plan.plan_pdf,
        name="plan_pdf",
    ),
]
