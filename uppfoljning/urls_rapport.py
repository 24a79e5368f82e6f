"""URLs of the follow-up: rapport."""

urlpatterns: list = []
