"""What is cached, and that a change reaches the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delprojekt.models import IngenSamverkan, Samverkan

pytestmark = pytest.mark.django_db


def test_the_samverkan_is_read_once_and_forgotten_when_it_changes(samverkan):
    first = Samverkan.current()
    with CaptureQueriesContext(connection) as queries:
        assert Samverkan.current().pk == first.pk
    assert len(queries) == 0

    first.namnd_namn = "Mellansvenska nämnden"
    first.save()
    assert Samverkan.current().namnd_namn == "Mellansvenska nämnden"

    Samverkan.objects.all().delete()
    # Deleted: never the deleted row from the cache, and never one made silently.
    with pytest.raises(IngenSamverkan, match="load_organisation"):
        Samverkan.current()
    assert not Samverkan.objects.exists()
