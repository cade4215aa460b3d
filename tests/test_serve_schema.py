"""Property tests of the HTTP API from its own OpenAPI schema (schemathesis): whatever a
client sends, no endpoint answers 500, and every answer matches what /openapi.json says."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from dateline.serve import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = int(os.environ.get("DATELINE_SCHEMA_EXAMPLES", "25"))


OPERATIONS = [
    ("GET", "/api/v1/events"),
    ("GET", "/api/v1/events/{event_id}"),
    ("GET", "/api/v1/timeline"),
    ("GET", "/api/v1/network"),
    ("GET", "/api/v1/places"),
    ("GET", "/api/v1/actors"),
    ("GET", "/api/v1/quotes"),
    ("GET", "/api/v1/search"),
    ("POST", "/api/v1/articles"),
]


@pytest.fixture(scope="module")
def api_schema(examples_db):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(examples_db))


def test_the_schema_lists_every_operation(api_schema):
    listed = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert listed == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_server_errors_and_no_schema_violations(api_schema, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def answers_as_documented(case):
        case.call_and_validate(checks=CHECKS)

    answers_as_documented()
