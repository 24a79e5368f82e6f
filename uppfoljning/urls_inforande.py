"""URLs of the follow-up: inforande."""

urlpatterns: list = []
