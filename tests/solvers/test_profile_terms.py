"""The profile terms (``profile_priority``, ``same_cluster``) change the plan as expected, with true reasons, for every solver."""

from __future__ import annotations

import math

import pytest

from mentornet.model import Competence, Direction, Indicators, Kind, Level, Network, Policy, School, Weights
from mentornet.planning import solve
from mentornet.solvers import available_solvers


def _priority_network() -> Network:
    # M (leader in d1) hosts one trainee team in all (host capacity 1); A and B both
    # need d1. A also mentors B in d2, so both are involved whoever M takes.
    # Without indicators M takes A (same kind: context +4); B has low results by
    # its indicators (20 < the 25th percentile, 40), so the priority term sends M to B.
    schools = (
        School(id="M", kind=Kind.gymnasium, host_capacity=1),
        School(id="A", kind=Kind.gymnasium),
        School(id="B", kind=Kind.basic),
    )
    comps = (
        Competence(school="M", direction="d1", level=Level.leader),
        Competence(school="A", direction="d1", level=Level.promising),
        Competence(school="B", direction="d1", level=Level.promising),
        Competence(school="A", direction="d2", level=Level.leader),
        Competence(school="B", direction="d2", level=Level.hidden_reserve),
    )
    indicators = (
        Indicators(school="M", results=80.0, adversity=0.1),
        Indicators(school="A", results=60.0, adversity=0.2),
        Indicators(school="B", results=20.0, adversity=0.3),
    )
    return Network(name="priority", schools=schools, directions=(Direction(id="d1"), Direction(id="d2")), competences=comps, indicators=indicators)


def _cluster_network() -> Network:
    # Mentors M1, M2 (leaders, one trainee each), trainees T1, T2. Kinds favour
    # the crossed pairs M1→T2, M2→T1 (same kind +4 each); the indicators put M1
    # with T1 and M2 with T2 in two tight, far-apart clusters.
    schools = (
        School(id="M1", kind=Kind.lyceum), School(id="M2", kind=Kind.basic),
        School(id="T1", kind=Kind.basic), School(id="T2", kind=Kind.lyceum),
    )
    comps = tuple(Competence(school=s, direction="d1", level=Level.leader if s.startswith("M") else Level.promising) for s in ("M1", "M2", "T1", "T2"))
    indicators = (
        Indicators(school="M1", results=70.0, adversity=0.10, pupils=1000, staff=80),
        Indicators(school="T1", results=69.0, adversity=0.11, pupils=990, staff=79),
        Indicators(school="M2", results=30.0, adversity=0.90, pupils=120, staff=12),
        Indicators(school="T2", results=31.0, adversity=0.89, pupils=125, staff=13),
    )
    return Network(name="clusters", schools=schools, directions=(Direction(id="d1", mentor_cap=1),), competences=comps, indicators=indicators)


def _pairs(plan) -> set[tuple[str, str, str]]:
    return {(p.mentor, p.trainee, p.direction) for p in plan.pairs}


def _quantile(values: list[float], q: float) -> float:
    # Linear interpolation between order statistics, written out.
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@pytest.mark.parametrize("solver", available_solvers())
def test_priority_by_indicators_sends_the_mentor_to_the_low_results_school(solver):
    net = _priority_network()
    base = Policy(time_limit=10, profile_min_schools=2, weights=Weights(profile_priority=0))
    plan0 = solve(net, base, solver=solver)
    assert ("M", "A", "d1") in _pairs(plan0)
    policy = base.model_copy(update={"weights": Weights(profile_priority=30)})
    plan = solve(net, policy, solver=solver)
    assert ("M", "B", "d1") in _pairs(plan)
    # The figures: B's 20 is below the 25th percentile of (80, 60, 20), computed here.
    threshold = _quantile([80.0, 60.0, 20.0], 0.25)
    assert threshold == 40.0
    pair = next(p for p in plan.pairs if (p.mentor, p.trainee) == ("M", "B"))
    assert pair.parts["profile_priority"] == 30
    assert "priority trainee by indicators: low results" in pair.reason_in("en")
    assert "приоритетный стажёр по показателям: низкие результаты" in pair.reason_in("ru")
    # The term's value: 30 × covered needs of priority schools (B's two needs are covered).
    covered_b = sum(p.trainee == "B" for p in plan.pairs)
    assert plan.metrics["objective_parts"]["profile_priority"] == 30 * covered_b
    for p in plan.pairs:
        if p.trainee != "B":
            assert "indicators" not in p.reason_in("en")


@pytest.mark.parametrize("solver", available_solvers())
def test_same_cluster_pairs_schools_of_one_profile(solver):
    net = _cluster_network()
    base = Policy(time_limit=10, weights=Weights(same_cluster=0))
    assert _pairs(solve(net, base, solver=solver)) == {("M1", "T2", "d1"), ("M2", "T1", "d1")}
    plan = solve(net, base.model_copy(update={"weights": Weights(same_cluster=10)}), solver=solver)
    assert _pairs(plan) == {("M1", "T1", "d1"), ("M2", "T2", "d1")}
    # Independent check of the clusters: each trainee is nearest (standardised factors) to its mentor.
    rows = {i.school: (i.adversity, i.pupils, i.staff) for i in net.indicators}
    cols = list(zip(*rows.values(), strict=True))
    mean = [sum(c) / len(c) for c in cols]
    sd = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) for c, m in zip(cols, mean, strict=True)]
    z = {k: [(v - m) / s for v, m, s in zip(r, mean, sd, strict=True)] for k, r in rows.items()}
    for t, m in (("T1", "M1"), ("T2", "M2")):
        nearest = min((k for k in z if k != t), key=lambda k: math.dist(z[k], z[t]))
        assert nearest == m
    for p in plan.pairs:
        assert p.parts["same_cluster"] == 10
        assert "same profile cluster (" in p.reason_in("en")
        assert "один кластер профиля (" in p.reason_in("ru")
    assert plan.metrics["objective_parts"]["same_cluster"] == 20


@pytest.mark.parametrize("solver", available_solvers())
def test_an_unknown_cluster_never_scores(solver):
    # T2 has no pupils or staff: factors known for at least half of the schools are
    # clustered, so T2 has no cluster, and no pair with it scores or says "same cluster".
    net = _cluster_network()
    inds = tuple(i.model_copy(update={"pupils": None, "staff": None}) if i.school == "T2" else i for i in net.indicators)
    net = net.with_changes(indicators=inds)
    plan = solve(net, Policy(time_limit=10, weights=Weights(same_cluster=10)), solver=solver)
    for p in plan.pairs:
        if p.trainee == "T2":
            assert p.parts["same_cluster"] == 0
            assert "cluster" not in p.reason_in("en")


@pytest.mark.parametrize("solver", available_solvers())
def test_without_indicators_the_profile_terms_are_zero_and_absent_from_pairs(solver, krymsky):
    plan = solve(krymsky, Policy(time_limit=10), solver=solver)
    assert plan.metrics["objective_parts"]["profile_priority"] == 0
    assert plan.metrics["objective_parts"]["same_cluster"] == 0
    assert all("profile_priority" not in p.parts and "same_cluster" not in p.parts for p in plan.pairs)


def _hosts_network() -> Network:
    net = _priority_network()
    return net.with_changes(schools=tuple(s.model_copy(update={"host_capacity": 2}) if s.id == "M" else s for s in net.schools))


@pytest.mark.parametrize("solver", available_solvers())
def test_profile_hosts_lets_only_high_results_or_resilient_schools_mentor(solver):
    # A leads in d2 but its results (60) are below the 75th percentile (70): with
    # profile_hosts on, A mentors no one and B's need in d2 waits.
    net = _hosts_network()
    free = solve(net, Policy(time_limit=10, profile_min_schools=2), solver=solver)
    assert ("A", "B", "d2") in _pairs(free)
    plan = solve(net, Policy(time_limit=10, profile_min_schools=2, profile_hosts=True), solver=solver)
    assert {p.mentor for p in plan.pairs} == {"M"}
    assert {(d.school, d.direction) for d in plan.deferred} == {("B", "d2")}
    assert _quantile([80.0, 60.0, 20.0], 0.75) == 70.0
