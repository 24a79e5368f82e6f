"""URLs of the follow-up: parametrar."""

urlpatterns: list = []
