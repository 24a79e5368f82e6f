from django.urls import path

from api.views import nycklar

app_name = "api_nycklar"

urlpatterns = [
    path("", nycklar.nycklar, name="lista"),
    path("<int:pk>/aterkalla/", nycklar.aterkalla, name="aterkalla"),
]
