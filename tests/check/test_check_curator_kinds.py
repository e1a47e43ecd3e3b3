"""Issue 14, items 5 and 6 in the checker: curator kinds, school limits, flagged
unsupervised pairs and group sizes — each rule broken on purpose, and property
tests over random networks and valid plans."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.check import check_plan
from mentornet.model import Curator, Direction, Format, Network, Pair, Plan, Policy
from tests.strategies import networks, policies, valid_plans
from tests.tiny import PAIRS, ROLES, make_plan, tiny_network

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_school_curator(net: Network, municipalities: tuple[str, ...] = (), max_schools: int | None = None) -> Network:
    """The tiny network plus a second curator kind: one school curator (municipality scope)."""
    extra = Curator(id="sc", name="School curator", kind="куратор школы", municipalities=municipalities, max_schools=max_schools)
    kinds = tuple(c.model_copy(update={"kind": "консультант"}) for c in net.curators)
    return net.with_changes(curators=(*kinds, extra))


def _both(plan: Plan) -> Plan:
    """Every pair also supervised by the school curator."""
    return plan.with_changes(pairs=tuple(p.model_copy(update={"curators": (p.curator, "sc")}) for p in plan.pairs))


def codes(net: Network, plan: Plan, policy: Policy | None = None) -> Counter[str]:
    return Counter(v.code for v in check_plan(net, plan, policy).violations)


# ---------------------------------------------------------------- kinds


def test_a_pair_needs_one_curator_of_every_kind() -> None:
    net = _with_school_curator(tiny_network())
    plan = make_plan()
    assert codes(net, plan)["pair_without_curator"] == len(plan.pairs)
    assert check_plan(net, _both(plan)).ok
    m = check_plan(net, _both(plan)).metrics
    assert m["curator_load"]["sc"] == len(plan.pairs) and m["unsupervised_pairs"] == 0


def test_two_curators_of_one_kind_break_the_rule() -> None:
    net = _with_school_curator(tiny_network())
    plan = _both(make_plan())
    # cur-d2 is out of scope on a d1 pair as well; the kind rule is reported on its own.
    first = plan.pairs[0]
    twice = first.model_copy(update={"curators": (first.curator, "cur-d2", "sc")})
    bad = plan.with_changes(pairs=(twice, *plan.pairs[1:]))
    found = codes(net, bad)
    assert found["curators_of_one_kind"] == 1
    v = next(v for v in check_plan(net, bad).violations if v.code == "curators_of_one_kind")
    assert v.constraint == 6 and (v.limit, v.actual) == (1, 2)


def test_school_limit_counts_distinct_trainee_schools() -> None:
    plan = _both(make_plan())
    trainees = {p.trainee for p in plan.pairs}
    ok = _with_school_curator(tiny_network(), max_schools=len(trainees))
    assert check_plan(ok, plan).ok
    tight = _with_school_curator(tiny_network(), max_schools=len(trainees) - 1)
    v = [v for v in check_plan(tight, plan).violations if v.code == "curator_over_school_limit"]
    assert len(v) == 1 and (v[0].limit, v[0].actual) == (len(trainees) - 1, len(trainees))
    assert set(v[0].schools) == trainees


# ---------------------------------------------------------------- unsupervised


def test_a_district_without_a_curator_is_flagged_only_when_the_policy_says_so() -> None:
    # The school curator covers municipality "B" only; every tiny school is in "A".
    net = _with_school_curator(tiny_network(), municipalities=("A",))
    net = net.with_changes(schools=tuple(s.model_copy(update={"municipality": "B"}) if s.id == "L2" else s for s in net.schools))
    net = net.with_changes(curators=tuple(c.model_copy(update={"municipalities": ("B",)}) if c.id == "sc" else c for c in net.curators))
    plan = make_plan()  # consultants only: no school curator anywhere
    forbid = codes(net, plan, Policy())
    assert forbid["pair_without_curator"] == len(plan.pairs)
    flag = Policy(unsupervised="flag")
    found = codes(net, plan, flag)
    # Only the pair whose trainee is L2 (municipality B, where the school curator works) must have her.
    l2_pairs = [p for p in plan.pairs if p.trainee == "L2"]
    assert found["pair_without_curator"] == len(l2_pairs) == 1
    fixed = plan.with_changes(pairs=tuple(p.model_copy(update={"curators": (p.curator, "sc")}) if p.trainee == "L2" else p for p in plan.pairs))
    report = check_plan(net, fixed, flag)
    assert report.ok, str(report)
    assert report.metrics["unsupervised_pairs"] == len(plan.pairs) - 1


# ---------------------------------------------------------------- groups


def test_a_group_below_its_minimum_breaks_constraint_2() -> None:
    plan = make_plan()  # d1: L1 mentors P1 and L2, P1 mentors H1 (a group of one)
    net = tiny_network()
    grouped = net.with_changes(directions=tuple(
        d.model_copy(update={"format": Format.group, "group_min": 2}) if d.id == "d1" else d for d in net.directions))
    found = [v for v in check_plan(grouped, plan).violations if v.code == "group_too_small"]
    assert [(v.schools, v.limit, v.actual) for v in found] == [(("P1",), 2, 1)]
    assert found[0].constraint == 2
    # group_max replaces the cap per mentor.
    capped = net.with_changes(directions=tuple(
        d.model_copy(update={"format": Format.group, "group_max": 1}) if d.id == "d1" else d for d in net.directions))
    assert codes(capped, plan)["mentor_over_cap"] == 1


def test_group_sizes_and_modes_are_validated_in_the_model() -> None:
    with pytest.raises(ValueError, match="group format"):
        Direction(id="x", group_min=2)
    with pytest.raises(ValueError, match="above group_max"):
        Direction(id="x", format="group", group_min=3, group_max=2)
    with pytest.raises(ValueError, match="online contradicts"):
        Direction(id="x", online=True, mode="mixed")
    assert Direction(id="x", mode="online").online


# ---------------------------------------------------------------- properties


@st.composite
def problems(draw):
    network = draw(networks(max_schools=8, max_directions=3))
    policy = draw(st.one_of(st.just(Policy()), policies()))
    plan = draw(valid_plans(network, policy))
    return network, policy, plan


def _add_kind(network: Network, plan: Plan, municipalities: tuple[str, ...] = ()) -> tuple[Network, Plan]:
    """A second curator kind (one unlimited school curator in ``municipalities``), not yet on any pair."""
    extra = Curator(id="school-curator", kind="school", municipalities=municipalities)
    return network.with_changes(curators=(*network.curators, extra)), plan


def _checked_kind_rule(network: Network, plan: Plan, policy: Policy, munis: tuple[str, ...]) -> tuple[int, int]:
    """Independently: pairs that must have the new kind, and pairs that may go without it."""
    must = sum(1 for p in plan.pairs if not munis or network.school_by_id[p.trainee].municipality in munis)
    return must, len(plan.pairs) - must


@SETTINGS
@given(problems(), st.data())
def test_a_new_curator_kind_is_required_on_every_pair_in_its_scope(problem, data):
    network, policy, plan = problem
    if not network.curators:
        return
    munis = tuple(sorted({s.municipality for s in network.schools}))
    chosen = tuple(data.draw(st.lists(st.sampled_from(munis), min_size=1, unique=True)))
    net2, _ = _add_kind(network, plan, chosen)
    must, free = _checked_kind_rule(net2, plan, policy, chosen)
    forbid = codes(net2, plan, policy.model_copy(update={"unsupervised": "forbid"}))
    assert forbid["pair_without_curator"] == must + free
    flag = policy.model_copy(update={"unsupervised": "flag"})
    assert codes(net2, plan, flag)["pair_without_curator"] == must
    supervised = plan.with_changes(pairs=tuple(
        p.model_copy(update={"curators": (*p.all_curators, "school-curator")})
        if net2.school_by_id[p.trainee].municipality in chosen else p for p in plan.pairs))
    report = check_plan(net2, supervised, flag)
    assert report.ok, str(report)
    assert report.metrics["unsupervised_pairs"] == free
    assert sum(report.metrics["curator_load"].values()) == len(plan.pairs) + must


@SETTINGS
@given(problems(), st.integers(min_value=0, max_value=3))
def test_school_limits_are_caught_at_exactly_the_limit(problem, slack):
    network, policy, plan = problem
    if not network.curators or not plan.pairs:
        return
    schools: dict[str, set[str]] = defaultdict(set)
    for p in plan.pairs:
        for c in p.all_curators:
            schools[c].add(p.trainee)
    busiest = max(sorted(schools), key=lambda c: len(schools[c]))
    n = len(schools[busiest])
    for limit, broken in ((n + slack, False), (n - 1, True)):
        net = network.with_changes(curators=tuple(
            c.model_copy(update={"max_schools": limit}) if c.id == busiest else c for c in network.curators))
        found = [v for v in check_plan(net, plan, policy).violations if v.code == "curator_over_school_limit"]
        assert bool(found) == broken
        if broken:
            assert (found[0].limit, found[0].actual) == (n - 1, n)
        assert check_plan(net, plan, policy).metrics["curator_schools"][busiest] == n


@SETTINGS
@given(problems(), st.integers(min_value=2, max_value=4))
def test_groups_below_their_minimum_are_each_caught(problem, g):
    network, policy, plan = problem
    load = Counter((p.mentor, p.direction) for p in plan.pairs)
    for d in network.directions:
        grouped = network.with_changes(directions=tuple(
            x.model_copy(update={"format": Format.group, "group_min": g, "group_max": None, "mentor_cap": x.mentor_cap})
            if x.id == d.id else x for x in network.directions))
        found = {v.schools[0] for v in check_plan(grouped, plan, policy).violations if v.code == "group_too_small" and v.directions == (d.id,)}
        assert found == {m for (m, dd), k in load.items() if dd == d.id and 0 < k < g}


def test_the_tiny_plan_is_still_valid() -> None:
    assert check_plan(tiny_network(), make_plan()).ok
    assert len(PAIRS) == 5 and len(ROLES) == 7
    assert all(isinstance(p, Pair) for p in make_plan().pairs)
