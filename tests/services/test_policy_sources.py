"""The service keeps the one precedence of settings and records where each came from (issue 11, item 1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from mentornet import services
from mentornet.db import open_database
from mentornet.model import Policy
from mentornet.services import Limits
from mentornet.services.common import policy_of
from tests.tiny import make_plan, tiny_network

LIMITS = Limits(max_upload_bytes=1 << 20, max_schools=50, max_time_limit=60)


@pytest.fixture
def session(tmp_path) -> Iterator[Session]:
    db = open_database(f"sqlite:///{tmp_path / 'services.db'}")
    with db.sessions() as s:
        yield s
    db.dispose()


def test_upload_keeps_only_the_given_settings_and_plans_record_their_sources(session):
    table = Policy.model_validate({"cap_per_direction": 2, "weights": {"gain": 3}})
    net = services.networks.upload_network(session, tiny_network(), table, filename="tiny.xlsx", fmt="xlsx",
                                           limits=LIMITS, name="Tiny", year=2025)
    assert net.policy == {"cap_per_direction": 2, "weights": {"gain": 3}}
    sc = services.scenarios.create_scenario(session, net.id, limits=LIMITS, policy={"time_limit": 5, "weights": {"mutual": 1}})
    pol = policy_of(sc.policy)
    assert (pol.cap_per_direction, pol.weights.gain, pol.weights.mutual, pol.time_limit) == (2, 3, 1, 5)
    row = services.store_plan(session, scenario=sc, plan=make_plan(), network=tiny_network(), policy=pol, kind="solve")
    rec = row.data["policy"]
    assert rec["values"]["cap_per_direction"] == 2 and rec["values"]["time_limit"] == 5
    src = rec["sources"]
    assert src["cap_per_direction"] == "input" and src["weights.gain"] == "input"
    assert src["time_limit"] == "option" and src["weights.mutual"] == "option" and src["host_capacity"] == "default"


def test_an_api_change_beats_the_input_table(session):
    net = services.networks.upload_network(session, tiny_network(), Policy.model_validate({"cap_per_direction": 2}),
                                           filename="tiny.xlsx", fmt="xlsx", limits=LIMITS, name="Tiny", year=2025)
    sc = services.scenarios.create_scenario(session, net.id, limits=LIMITS, policy={"cap_per_direction": 3, "max_km": None})
    pol = policy_of(sc.policy)
    assert pol.cap_per_direction == 3 and pol.max_km is None
    rec = services.store_plan(session, scenario=sc, plan=make_plan(), network=tiny_network(), policy=pol, kind="solve").data["policy"]
    assert rec["sources"]["cap_per_direction"] == "option"
