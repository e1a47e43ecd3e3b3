"""The checker's metrics on small hand-built plans with known answers."""

from __future__ import annotations

import json
import math

import pytest

from mentornet.check import METRIC_KEYS, check_plan, distance_km, need_weight
from mentornet.model import Deferred, Level, Pair, Plan, Policy, RoleAssignment, School
from tests.tiny import PAIRS, ROLES, make_plan, tiny_network, without

KM_PER_CENTIDEGREE = 6371.0088 * math.pi / 180 / 100  # 0.01° of latitude


@pytest.fixture(scope="module")
def metrics():
    return check_plan(tiny_network(), make_plan()).metrics


def test_every_metric_key_is_present_and_json_able(metrics):
    assert set(METRIC_KEYS) <= set(metrics)
    assert json.loads(json.dumps(metrics)) == metrics


def test_counts(metrics):
    assert metrics["schools"] == 4 and metrics["directions"] == 2
    assert metrics["pairs"] == 5
    assert metrics["schools_involved"] == 4
    assert metrics["schools_mentoring"] == 3  # L1, L2 and P1 (by cascade)
    assert metrics["schools_never_mentoring"] == 1  # H1
    assert metrics["trainee_needs"] == 5 and metrics["needs_covered"] == 5 and metrics["needs_deferred"] == 0
    assert metrics["coverage_ratio"] == 1.0 and metrics["weighted_coverage_ratio"] == 1.0
    assert metrics["pairs_against_order"] == 0
    assert metrics["violations"] == 0


def test_weighted_deficits(metrics):
    # d1: P1 promising 60, H1 hidden 100 + low results 30, L2 hidden 100 + new 20;
    # d2: L1 promising 60, P1 hidden 100.
    assert metrics["weighted_deficits_total"] == 60 + 130 + 120 + 60 + 100
    assert metrics["weighted_deficits_covered"] == metrics["weighted_deficits_total"]


def test_deferral_changes_coverage_not_total():
    plan = make_plan(without(PAIRS, "L2", "P1", "d2"), deferred=[Deferred(school="P1", direction="d2")])
    m = check_plan(tiny_network(), plan).metrics
    assert m["needs_covered"] == 4 and m["needs_deferred"] == 1
    assert m["coverage_ratio"] == 0.8
    assert m["weighted_deficits_total"] == 470 and m["weighted_deficits_covered"] == 370
    assert m["weighted_coverage_ratio"] == round(370 / 470, 6)


def test_loads(metrics):
    assert metrics["mentor_load"] == {"L1": 2, "L2": 2, "P1": 1}
    assert metrics["mentor_load_by_direction"] == {"d1": {"L1": 2, "P1": 1}, "d2": {"L2": 2}}
    assert metrics["max_host_load"] == 2
    assert metrics["trainee_load"] == {"H1": 1, "L1": 1, "L2": 1, "P1": 2}
    assert metrics["curator_load"] == {"cur-d1": 3, "cur-d2": 2}


def test_mutual_exchange(metrics):
    # L1 mentors L2 in d1 and L2 mentors L1 in d2.
    assert metrics["mutual_exchanges"] == 1
    one_way = check_plan(tiny_network(), make_plan(without(PAIRS, "L2", "L1", "d2"), deferred=[Deferred(school="L1", direction="d2")])).metrics
    assert one_way["mutual_exchanges"] == 0


def test_travel(metrics):
    # Schools sit 0.01° apart on a meridian; L1 → P1 spans two steps, the other pairs one.
    assert metrics["pairs_with_km"] == 5
    assert metrics["total_km"] == pytest.approx(6 * KM_PER_CENTIDEGREE, abs=1e-3)
    assert metrics["mean_km"] == pytest.approx(6 * KM_PER_CENTIDEGREE / 5, abs=1e-3)


def test_context_fit(metrics):
    # Kinds: L1, L2 secondary; P1, H1 basic. H1 is the only rural school.
    assert metrics["pairs_same_kind"] == 3  # L1→L2, L2→L1, P1→H1
    assert metrics["pairs_same_settlement"] == 4  # all but P1→H1


def test_pairs_against_order_counted_on_a_hand_made_plan():
    # A hidden reserve "mentoring" and a promising team mentoring its leader.
    bad = PAIRS + (Pair(mentor="H1", trainee="L2", direction="d1", curator="cur-d1"), Pair(mentor="P1", trainee="L1", direction="d1", curator="cur-d1"))
    m = check_plan(tiny_network(), make_plan(bad)).metrics
    assert m["pairs_against_order"] == 2


def test_empty_plan_metrics():
    m = check_plan(tiny_network(), Plan(roles=ROLES)).metrics
    assert m["pairs"] == 0 and m["schools_involved"] == 0 and m["schools_mentoring"] == 0
    assert m["coverage_ratio"] == 0.0 and m["mean_km"] == 0.0 and m["max_host_load"] == 0
    assert m["mentor_load"] == {} and m["mutual_exchanges"] == 0


def test_distance_and_need_weight_helpers():
    a = School(id="a", lat=55.0, lon=37.0)
    b = School(id="b", lat=56.0, lon=37.0)
    assert distance_km(a, b) == pytest.approx(100 * KM_PER_CENTIDEGREE, rel=1e-9)
    assert distance_km(a, School(id="c")) is None
    p = Policy()
    assert need_weight(School(id="x"), Level.hidden_reserve, p) == 100
    assert need_weight(School(id="x", results="low", adverse=1.0, is_new=True), Level.promising, p) == 60 + 30 + 20 + 20


def test_roles_only_needs_count_the_plan_roles():
    # Needs come from the plan's roles: a promising team read as a leader is not a need.
    roles = tuple(RoleAssignment(school=r.school, direction=r.direction, role=r.role) for r in ROLES)
    m = check_plan(tiny_network(), Plan(roles=roles)).metrics
    assert m["trainee_needs"] == sum(r.role is not Level.leader for r in ROLES)
