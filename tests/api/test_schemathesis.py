"""Property-based test of the whole API from its OpenAPI spec: no request makes the server fail (5xx).

Every operation of the spec gets a few generated requests (valid and
invalid), on a database seeded with a network, a scenario, a plan and a
journal entry so that generated ids often exist. Bounded for CI
(``MENTORNET_SCHEMATHESIS_EXAMPLES``, default 5 per operation); a longer
hunt: ``MENTORNET_SCHEMATHESIS_EXAMPLES=100 pytest tests/api/test_schemathesis.py``.

(The operations are driven from one test with Hypothesis' ``@given``
because schemathesis' lazy pytest fixtures do not run under pytest 9.)
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.api.conftest import new_scenario, solve, upload_krymsky

MAX_EXAMPLES = int(os.environ.get("MENTORNET_SCHEMATHESIS_EXAMPLES", "5"))

pytestmark = pytest.mark.slow


def test_no_server_errors(make_client) -> None:
    client = make_client(solve_time_limit_max=1, workers=2, max_upload_bytes=2_000_000)
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"], policy={"time_limit": 1})
    plan_id = solve(client, sc["id"])["plan_id"]
    client.post(f"/api/plans/{plan_id}/status", json={"status": "approved"})
    client.post("/api/journal/events", json={"network_id": net["id"], "date": "2021-10-01", "school": "МБОУ СОШ № 1"})
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)

    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{op.method.upper()} {op.path}: {exc}")
    assert not failures, "\n\n".join(failures)
