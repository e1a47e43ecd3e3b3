"""The shipped site-based example planned by every solver, judged by independent code.

Issue 14's "done when": CP-SAT proves the example OPTIMAL in under 10 s on
two workers; with the default weights at least 90 % of the low-results
schools whose district has a site with room learn at that site; each
trainee school learns at one site across its directions; no online pair
exceeds the configured radius. The figures here are recomputed from the
network's coordinates and tables, not read from the plan's metrics.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from mentornet.check import check_plan
from mentornet.io import site_based_example
from mentornet.model import Network, Plan, Policy, Results
from mentornet.planning import solve
from mentornet.solvers import SOLVERS


def _km(a, b) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def example() -> tuple[Network, Policy]:
    net, pol = site_based_example()
    assert pol is not None
    return net, pol


@pytest.fixture(scope="module", params=sorted(SOLVERS))
def planned(request, example) -> tuple[str, Network, Policy, Plan]:
    net, pol = example
    return request.param, net, pol, solve(net, pol, solver=request.param)


def _site_of_school(net: Network) -> dict[str, str]:
    return {m: s.id for s in net.sites for m in s.schools}


def test_cpsat_proves_the_example_optimal_quickly(example):
    net, pol = example
    plan = solve(net, pol.model_copy(update={"workers": 2, "time_limit": 30}), solver="cpsat")
    assert plan.solver.status == "OPTIMAL"
    assert plan.solver.seconds < 10


def test_low_results_schools_learn_at_the_site_of_their_district(planned):
    name, net, _pol, plan = planned
    site_of = _site_of_school(net)
    district_site = {net.school_by_id[s.schools[0]].municipality: s for s in net.sites}
    # Room: the site takes at least as many schools as its own district's low-results schools.
    low_by_district = defaultdict(list)
    for s in net.schools:
        if s.results is Results.low:
            low_by_district[s.municipality].append(s.id)
    eligible = [t for m, ids in low_by_district.items() if m in district_site
                and (district_site[m].max_schools is None or district_site[m].max_schools >= len(ids)) for t in ids]
    at = defaultdict(set)
    for p in plan.pairs:
        at[p.trainee].add(site_of.get(p.mentor))
    attached = [t for t in eligible if district_site[net.school_by_id[t].municipality].id in at[t]]
    assert len(eligible) >= 20
    assert len(attached) >= 0.9 * len(eligible), (name, len(attached), len(eligible))


def test_each_trainee_school_learns_at_one_site(planned):
    name, net, _, plan = planned
    site_of = _site_of_school(net)
    groups = defaultdict(set)
    for p in plan.pairs:
        groups[p.trainee].add(site_of.get(p.mentor, p.mentor))
    assert groups
    assert all(len(g) == 1 for g in groups.values()), (name, {t: g for t, g in groups.items() if len(g) > 1})


def test_no_online_pair_exceeds_the_radius(planned):
    _name, net, pol, plan = planned
    assert pol.online_max_km == 100
    online = [p for p in plan.pairs if net.direction_by_id[p.direction].online]
    assert online
    worst = max(_km(net.school_by_id[p.mentor], net.school_by_id[p.trainee]) for p in online)
    assert worst <= pol.online_max_km
    # Without the radius the online themes are free to pair far across the region.
    assert max(_km(a, b) for a in net.schools for b in net.schools) > 2 * pol.online_max_km


def test_every_low_results_school_is_attached_and_only_sites_host(planned):
    _name, net, _, plan = planned
    trainees = {p.trainee for p in plan.pairs}
    assert {s.id for s in net.schools if s.results is Results.low} <= trainees
    assert {p.mentor for p in plan.pairs} <= set(_site_of_school(net))


def test_locality_reasons_state_true_figures(planned):
    _name, net, _, plan = planned
    pair = next(p for p in plan.pairs if p.parts.get("nearest_site"))
    km = _km(net.school_by_id[pair.mentor], net.school_by_id[pair.trainee])
    ru = pair.reason_in("ru")
    assert f"ближайшая площадка, {km:.0f} км" in ru
    local = next(p for p in plan.pairs if p.parts.get("own_municipality"))
    assert net.school_by_id[local.mentor].municipality == net.school_by_id[local.trainee].municipality
    assert "своя площадка в районе" in local.reason_in("ru")
    assert "own site in the district" in local.reason_in("en")


@pytest.mark.parametrize("solver", sorted(SOLVERS))
def test_hard_site_rules_hold_for_every_solver(example, solver):
    net, pol = example
    # Tighter sites: fewer schools and pairs each, one site per school as a hard rule.
    tight = net.with_changes(sites=tuple(
        s.model_copy(update={"max_schools": max(s.max_schools - 2, 3), "max_pairs": max(s.max_schools - 2, 3) * 2})
        for s in net.sites
    ))
    strict = pol.model_copy(update={"one_site": True, "time_limit": 20})
    plan = solve(tight, strict, solver=solver)  # solve() refuses a plan the checker rejects
    report = check_plan(tight, plan, strict)
    assert report.ok
    load = defaultdict(set)
    pairs = defaultdict(int)
    site_of = _site_of_school(tight)
    for p in plan.pairs:
        if p.mentor in site_of:
            load[site_of[p.mentor]].add(p.trainee)
            pairs[site_of[p.mentor]] += 1
    for s in tight.sites:
        assert len(load[s.id]) <= s.max_schools
        assert pairs[s.id] <= s.max_pairs


def test_the_mutual_weights_split_schools_the_locality_goals_join():
    """With the locality weights at 0 (the mutual shape's defaults) the same region splits schools across sites."""
    net, pol = site_based_example()
    zero = pol.model_copy(update={"weights": pol.weights.model_copy(update={"own_municipality": 0, "nearest_site": 0, "one_site": 0})})
    plan = solve(net, zero, solver="cpsat")
    site_of = _site_of_school(net)
    groups = defaultdict(set)
    for p in plan.pairs:
        groups[p.trainee].add(site_of.get(p.mentor, p.mentor))
    assert sum(len(g) > 1 for g in groups.values()) > 0


def test_the_solvers_objective_is_the_terms_sum(example):
    """One objective definition: CP-SAT's value equals the registered terms evaluated on the plan."""
    from mentornet.solvers.objective import evaluate_plan

    net, pol = example
    plan = solve(net, pol, solver="cpsat")
    total, parts = evaluate_plan(net, plan, pol)
    assert total == plan.metrics["objective"] == plan.solver.objective
    assert parts["own_municipality"] > 0 and parts["nearest_site"] > 0 and parts["one_site"] == 0


def test_closing_a_site_school_keeps_the_network_valid(example):
    from mentornet.scenario import CloseSchool, apply_edits

    net, pol = example
    single = next(s for s in net.sites if len(s.schools) == 1)
    network_site = next(s for s in net.sites if len(s.schools) > 1)
    new, _ = apply_edits(net, pol, [CloseSchool(school=single.schools[0]), CloseSchool(school=network_site.schools[0])])
    assert single.id not in new.site_by_id
    assert new.site_by_id[network_site.id].schools == network_site.schools[1:]


def test_site_deferral_causes_are_true(example):
    """A need deferred because sites are full names sites that are full in the plan (counted here)."""
    net, pol = example
    tight = net.with_changes(sites=tuple(
        s.model_copy(update={"max_schools": max(s.max_schools - 4, 2), "max_pairs": max(s.max_schools - 4, 2) * 2}) for s in net.sites
    ))
    plan = solve(tight, pol, solver="cpsat")
    site_of = _site_of_school(tight)
    schools, pairs = defaultdict(set), defaultdict(int)
    for p in plan.pairs:
        if p.mentor in site_of:
            schools[site_of[p.mentor]].add(p.trainee)
            pairs[site_of[p.mentor]] += 1
    by_label = {s.label: s for s in tight.sites}
    named = 0
    for d in plan.deferred:
        for m in d.why:
            if m.code == "deferred.site_full":
                for label in m.params["sites"].split(", "):
                    s = by_label[label]
                    assert pairs[s.id] >= s.max_pairs or (len(schools[s.id]) >= s.max_schools and d.school not in schools[s.id])
                    named += 1
    assert named
