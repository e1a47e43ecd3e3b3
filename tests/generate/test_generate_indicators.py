"""generate_indicators: seeded, and consistent with the network's roles."""

from __future__ import annotations

from mentornet.generate import generate_indicators, generate_network
from mentornet.model import Policy, Results
from mentornet.profile import profile_network


def test_same_seed_same_table_and_another_seed_another():
    net = generate_network(60, 4, seed=1)
    assert generate_indicators(net, 3).indicators == generate_indicators(net, 3).indicators
    assert generate_indicators(net, 3).indicators != generate_indicators(net, 4).indicators


def test_the_table_follows_the_roles_of_a_site_based_network():
    net = generate_indicators(generate_network(120, 5, seed=7, sites=10), seed=7)
    assert {i.school for i in net.indicators} == {s.id for s in net.schools}
    prof = profile_network(net, Policy())
    sites = {r.school for r in net.locks.roles}
    by = prof.by_school
    # Sites have high results; low-results schools are never "high results".
    assert all("high_results" in by[s].classes for s in sites)
    low = [s.id for s in net.schools if s.results is Results.low]
    assert low and not any("high_results" in by[s].classes for s in low)
    assert any("low_results" in by[s].classes for s in low)
    # Some resilient schools, a few new ones, and a few unknown social indices.
    assert prof.count("resilient") >= 1
    assert 1 <= prof.count("new_school") <= len(net.schools) // 5
    assert any(i.adversity is None for i in net.indicators)
    assert prof.clusters.k is not None
