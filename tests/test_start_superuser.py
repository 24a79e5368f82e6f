"""An administrator's account without a person in the register still has a start page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_a_superuser_without_a_person_gets_the_start_page(
    client, org, django_assert_max_num_queries
):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    client.force_login(admin)
    with django_assert_max_num_queries(15):
        response = client.get("/")
    assert response.status_code == 200
