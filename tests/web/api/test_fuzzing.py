"""Machine-checked robustness: schemathesis against fupan's own OpenAPI document.

Bounded examples per operation (enough to be meaningful, small enough for CI): zero server
errors, responses that conform to the document, and no 2xx without a valid token.
Hypothesis drives schemathesis's strategies directly (its pytest plugin lags pytest 9).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.web.conftest import PASSWORD
from web import create_app
from web.app import desk as desk_of

EXAMPLES = 12
# The rules refuse data the document allows (a future incident date, a closed review...):
# the checks are that nothing crashes and every answer is what the document says.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Any]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    clock = SettableClock(datetime(2026, 11, 20, 10, 0, tzinfo=CHINA))
    app = create_app(
        {"environ": {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder / "var")}, "CLOCK": clock}
    )
    desk = desk_of(app)
    desk.create_account(
        username="fuzz.officer",
        display_name="专员",
        role="case_officer",
        password=PASSWORD,
        city_wide=True,
        actor=s.OFFICER,
    )
    review_id = s.ready(desk)
    measure_id = desk.get_review(review_id)["measures"][0]["id"]
    token = (
        app.test_client()
        .post("/api/v1/tokens", json={"username": "fuzz.officer", "password": PASSWORD})
        .json["token"]
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    KNOWN.update(review_id=str(review_id), measure_id=measure_id)
    yield app, token, schema
    desk.close()


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


KNOWN: dict[str, str] = {}  # ids of a real review, so that bodies reach the rules


def _known_ids(case: Any) -> Any:
    for name, value in KNOWN.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    return case


def fuzz(operation: Any, examples: int, check: Any) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy().map(_known_ids))
    def run(case: Any) -> None:
        check(case)

    run()


def test_no_server_error_and_responses_match_the_document(fuzzed: tuple[Any, str, Any]) -> None:
    _, token, schema = fuzzed
    ops = operations(schema)
    assert len(ops) >= 17
    # Revoking the token would leave the rest unauthenticated (revocation has its own test).
    for operation in (op for op in ops if op.label != "DELETE /api/v1/tokens/current"):
        fuzz(
            operation,
            EXAMPLES,
            lambda case: case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
            ),
        )


def test_no_operation_succeeds_without_a_valid_token(fuzzed: tuple[Any, str, Any]) -> None:
    def refused(case: Any) -> None:
        response = case.call(headers={"Authorization": "Bearer not-a-token"})
        assert 400 <= response.status_code < 500, (case.method, case.path, response.status_code)

    for operation in operations(fuzzed[2]):
        fuzz(operation, 3, refused)
