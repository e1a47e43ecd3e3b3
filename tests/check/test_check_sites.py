"""The checker's site rules (hard constraint 7) and the online radius (constraint 4), each broken on purpose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentornet.check import check_plan
from mentornet.model import Direction, Network, Pair, Plan, Policy, Results, Site
from tests.tiny import make_plan, tiny_network


def _codes(report, constraint: int) -> list[str]:
    return [v.code for v in report.violations if v.constraint == constraint]


@pytest.fixture(scope="module")
def net() -> Network:
    return tiny_network()


def _with_sites(net: Network, *sites: Site) -> Network:
    return net.with_changes(sites=sites)


def test_the_tiny_plan_keeps_the_site_rules_without_limits(net):
    sited = _with_sites(net, Site(id="S1", schools=("L1",)), Site(id="S2", schools=("L2",)))
    assert check_plan(sited, make_plan()).ok


def test_a_site_over_its_limit_of_schools(net):
    # L1 hosts P1 and L2 in d1: two trainee schools.
    report = check_plan(_with_sites(net, Site(id="S1", name="Site one", schools=("L1",), max_schools=1)), make_plan())
    assert _codes(report, 7) == ["site_over_schools"]
    v = report.violations[0]
    assert (v.limit, v.actual, v.schools) == (1, 2, ("L1",))


def test_a_site_network_shares_its_limit_of_pairs(net):
    # L1 and L2 form one network: together they host four pairs (P1 → H1 is P1's).
    report = check_plan(_with_sites(net, Site(id="N", schools=("L1", "L2"), max_pairs=3)), make_plan())
    assert _codes(report, 7) == ["site_over_pairs"]
    assert (report.violations[0].limit, report.violations[0].actual) == (3, 4)
    assert check_plan(_with_sites(net, Site(id="N", schools=("L1", "L2"), max_pairs=4)), make_plan()).ok


def test_one_site_per_school_when_the_policy_says_so(net):
    # P1 learns from L1 in d1 and from L2 in d2: two site groups.
    assert check_plan(net, make_plan()).ok
    report = check_plan(net, make_plan(), Policy(one_site=True))
    assert _codes(report, 7) == ["trainee_at_several_sites"]
    assert report.violations[0].schools == ("P1",)
    # A site network of L1 and L2 is one site group: the same plan keeps the rule.
    assert check_plan(_with_sites(net, Site(id="N", schools=("L1", "L2"))), make_plan(), Policy(one_site=True)).ok


def test_an_online_pair_beyond_the_radius(net):
    online = net.with_changes(directions=(net.directions[0], Direction(id="d2", name="Talents", curators=("cur-d2",), online=True)))
    assert check_plan(online, make_plan(), Policy(online_max_km=5)).ok
    report = check_plan(online, make_plan(), Policy(online_max_km=1.5))
    # d2: L2 → L1 is 1.1 km, L2 → P1 1.1 km; the radius 1.5 km holds; 0.5 km does not.
    assert report.ok
    report = check_plan(online, make_plan(), Policy(online_max_km=0.5))
    assert _codes(report, 4) == ["online_pair_too_long", "online_pair_too_long"]
    assert all(v.directions == ("d2",) for v in report.violations)


def test_an_online_pair_across_municipalities(net):
    moved = tiny_network(P1={"municipality": "B"})
    online = moved.with_changes(directions=(moved.directions[0], Direction(id="d2", name="Talents", curators=("cur-d2",), online=True)))
    report = check_plan(online, make_plan(), Policy(online_same_municipality=True))
    assert _codes(report, 4) == ["online_pair_across_municipalities"]
    assert report.violations[0].schools == ("L2", "P1")


def test_site_based_involvement_is_every_low_results_school(net):
    # Without any pair of L2, P1 or L1 the mutual shape fails involvement; the site-based
    # shape asks only for the low-results school H1 (attached through P1 → H1).
    plan = make_plan(pairs=[p for p in make_plan().pairs if p.trainee == "H1"])
    report = check_plan(net, plan, Policy(shape="site_based"))
    assert "school_not_involved" not in {v.code for v in report.violations}
    assert "school_not_involved" in {v.code for v in check_plan(net, plan).violations}
    low = tiny_network(L2={"results": Results.low})
    report = check_plan(low, plan, Policy(shape="site_based"))
    assert [v.schools for v in report.violations if v.code == "school_not_involved"] == [("L2",)]


def test_site_metrics_name_each_school_site_group(net):
    sited = _with_sites(net.with_changes(year=2024), Site(id="S1", schools=("L1",), start_year=2022),
                        Site(id="S2", schools=("L2",), start_year=2023))
    m = check_plan(sited, make_plan()).metrics
    assert m["site_groups"] == {"H1": ["P1"], "L1": ["S2"], "L2": ["S1"], "P1": ["S1", "S2"]}
    assert m["sites_term_ending"] == ["S1"]  # 2022 + 3 - 1 = 2024
    assert m["schools_at_several_sites"] == 1
    assert m["site_load"] == {"S1": {"schools": 2, "pairs": 2}, "S2": {"schools": 2, "pairs": 2}}


# ---------------------------------------------------------------- property: the checker's counts

_SCHOOLS = ("L1", "L2", "P1", "H1")


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.sampled_from(_SCHOOLS), st.sampled_from(_SCHOOLS), st.sampled_from(("d1", "d2"))),
                   max_size=8, unique=True),
    max_schools=st.integers(0, 3),
    max_pairs=st.integers(0, 5),
    members=st.sampled_from((("L1",), ("L1", "L2"), ("P1", "H1"))),
)
def test_site_violations_match_an_independent_count(pairs, max_schools, max_pairs, members):
    net = tiny_network().with_changes(sites=(Site(id="S", schools=members, max_schools=max_schools, max_pairs=max_pairs),))
    plan = Plan(pairs=tuple(Pair(mentor=m, trainee=t, direction=d) for m, t, d in pairs if m != t))
    codes = {v.code for v in check_plan(net, plan, Policy(one_site=True)).violations if v.constraint == 7}
    hosted = [(m, t) for m, t, d in pairs if m != t and m in members]
    assert ("site_over_schools" in codes) == (len({t for _, t in hosted}) > max_schools)
    assert ("site_over_pairs" in codes) == (len(hosted) > max_pairs)
    groups = {}
    for m, t, _ in pairs:
        if m != t:
            groups.setdefault(t, set()).add("S" if m in members else m)
    assert ("trainee_at_several_sites" in codes) == any(len(g) > 1 for g in groups.values())
