"""The API against its own OpenAPI schema: schemathesis generates requests from the schema
for every operation and checks each answer (no server error, a documented status code,
the documented content type, a body that matches the schema).

The requests go through Django's WSGI application in the test's own database
transaction, with a real personal API token of the kansli, who sees every row.
"""

from __future__ import annotations

import datetime
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from schemathesis.checks import negative_data_rejection

from api.services import api_token_create
from sfbv.wsgi import application
from tests.api_helpers import fyll
from tests.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_key(org, kansli, project_a, project_b):
    fyll(project_a, org, kansli, nr=1)
    fyll(project_b, org, kansli, datum=datetime.date(2025, 11, 5), nr=2)
    fyll(register(kansli, titel="Höftledsplastik"), org, kansli, nr=3)
    return api_token_create(user=kansli, name="Schemathesis").key


@pytest.fixture(autouse=True)
def _connection_stays_open():
    # The WSGI handler would close the database connection after each request, as it
    # does between real requests; the test client leaves it open, and so must this
    # test, whose data lives in the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _served_schema() -> dict:
    """The schema as /api/v1/schema/ serves it (drf-spectacular's generator, no database)."""
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_served_schema())
schema.app = application


def test_the_schema_tested_is_the_one_served(api_key, client):
    served = client.get(
        "/api/v1/schema/?format=json", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert served.status_code == 200
    assert served.json() == json.loads(json.dumps(_served_schema()))


@schema.parametrize()
@hsettings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_its_schema_says(case, api_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"},
        # An empty filter (``?till=``) means no filter, as in the web pages' forms; every
        # other check runs, on valid and invalid requests alike.
        excluded_checks=[negative_data_rejection],
    )
