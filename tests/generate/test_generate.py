"""The synthetic network generator: reproducible, realistic, feasible, fast enough."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from mentornet.check import check_plan
from mentornet.generate import generate_network
from mentornet.model import Kind, Level, Policy, Results, Settlement
from tests.strategies import build_valid_plan, km_between


@pytest.fixture(scope="module")
def region():
    return generate_network(1500, 10, seed=7)


def test_same_arguments_give_an_identical_network():
    a = generate_network(120, 6, 4, seed=3)
    b = generate_network(120, 6, 4, seed=3)
    assert a.model_dump() == b.model_dump()
    assert generate_network(60, 4, seed=3, sites=3).model_dump() == generate_network(60, 4, seed=3, sites=3).model_dump()


def test_a_different_seed_gives_a_different_network():
    a = generate_network(120, 6, seed=3)
    b = generate_network(120, 6, seed=4)
    assert a.model_dump()["competences"] != b.model_dump()["competences"]
    assert [s.lat for s in a.schools] != [s.lat for s in b.schools]


def test_shape_of_a_region(region):
    assert len(region.schools) == 1500 and len(region.directions) == 10
    assert len(region.municipalities()) == round(1500 / 35)
    assert len({s.id for s in region.schools}) == 1500
    assert [d.id for d in region.directions] == [str(i) for i in range(1, 11)]
    assert region.directions[0].name == "Система качества подготовки обучающихся"
    assert all(c.score is not None and c.level is None for c in region.competences)
    assert all(0 <= c.score <= 100 for c in region.competences)


def test_proportions(region):
    n = len(region.schools)
    rural = [s for s in region.schools if s.settlement is Settlement.rural]
    urban = [s for s in region.schools if s.settlement is Settlement.urban]
    assert 0.25 < len(rural) / n < 0.7
    basic_rural = sum(s.kind is Kind.basic for s in rural) / len(rural)
    basic_urban = sum(s.kind is Kind.basic for s in urban) / len(urban)
    assert 0.2 < basic_rural < 0.5 and basic_urban < 0.15
    results = Counter(s.results for s in region.schools)
    assert 0.05 < results[Results.low] / n < 0.2
    assert 0.05 < results[Results.high] / n < 0.25
    adverse = [s for s in region.schools if s.is_adverse]
    assert 0.1 < len(adverse) / n < 0.35
    # Adverse conditions raise the chance of low results; a few schools are resilient anyway.
    low_if_adverse = sum(s.results is Results.low for s in adverse) / len(adverse)
    low_otherwise = sum(s.results is Results.low for s in region.schools if not s.is_adverse) / (n - len(adverse))
    assert low_if_adverse > 1.5 * low_otherwise
    assert sum(s.is_resilient for s in region.schools) >= 5
    assert 0.01 < sum(s.is_new for s in region.schools) / n < 0.08


def test_capacities_follow_school_size(region):
    cap = {k: np.mean([s.host_capacity for s in region.schools if s.kind is k]) for k in Kind}
    assert cap[Kind.basic] < cap[Kind.secondary]
    assert all(2 <= s.host_capacity <= 8 for s in region.schools)


def test_participation_and_scores(region):
    per_school = Counter(c.school for c in region.competences)
    assert set(per_school) == {s.id for s in region.schools}  # every school takes part somewhere
    share = np.mean(list(per_school.values())) / len(region.directions)
    assert 0.4 <= share <= 0.8
    # Scores are correlated within a school: a school effect plus direction noise.
    grid = np.full((len(region.schools), len(region.directions)), np.nan)
    s_idx = {s.id: i for i, s in enumerate(region.schools)}
    for c in region.competences:
        grid[s_idx[c.school], int(c.direction) - 1] = c.score
    both = ~np.isnan(grid[:, 0]) & ~np.isnan(grid[:, 1])
    assert np.corrcoef(grid[both, 0], grid[both, 1])[0, 1] > 0.3
    low = np.array([s.results is Results.low for s in region.schools])
    assert np.nanmean(grid[low]) + 10 < np.nanmean(grid[~low])


def test_coordinates_cluster_by_municipality(region):
    by_muni: dict[str, list] = {}
    for s in region.schools:
        by_muni.setdefault(s.municipality, []).append(s)
    farthest = []
    for schools in by_muni.values():
        lat = np.mean([s.lat for s in schools])
        lon = np.mean([s.lon for s in schools])
        farthest.append(max(_km(lat, lon, s.lat, s.lon) for s in schools))
    assert max(farthest) < 80  # schools lie within ~40 km of their centre (the centroid may drift)
    lats = [s.lat for s in region.schools]
    lons = [s.lon for s in region.schools]
    width = _km(min(lats), min(lons), max(lats), min(lons))
    assert 150 < width < 800  # a region a few hundred km wide


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_every_district_has_a_clear_leader_in_each_direction(region):
    best: dict[tuple[str, str], float] = {}
    for c in region.competences:
        key = (region.school_by_id[c.school].municipality, c.direction)
        best[key] = max(best.get(key, 0.0), c.score)
    assert min(best.values()) >= 78.0


def test_curators_per_direction_and_per_district(region):
    by_dir = [c for c in region.curators if c.directions]
    by_muni = [c for c in region.curators if c.municipalities]
    assert len(by_dir) == 10 and len(by_muni) == len(region.municipalities())
    assert all(len(d.curators) == 1 and d.curators[0] in {c.id for c in by_dir} for d in region.directions)
    schools_in = Counter(s.municipality for s in region.schools)
    assert all(c.max_teams >= 3 * schools_in[c.municipalities[0]] for c in by_muni)


def test_level_only():
    net = generate_network(40, 5, seed=1, level_only=True)
    assert net.level_only
    assert all(c.score is None for c in net.competences)
    assert {c.level for c in net.competences} == set(Level)


def test_site_based_shape():
    k = 6
    net = generate_network(120, 5, seed=2, sites=k)
    locked = {r.school for r in net.locks.roles}
    assert len(locked) == k
    assert all(r.role is Level.leader for r in net.locks.roles)
    assert all(net.school_by_id[s].results is Results.high for s in locked)
    assert {r.direction for r in net.locks.roles} == {d.id for d in net.directions}
    others = [s for s in net.schools if s.id not in locked]
    assert sum(s.results is Results.low for s in others) / len(others) > 0.5
    # One consultant per district and no direction curators.
    assert all(c.municipalities and not c.directions for c in net.curators)
    assert len(net.curators) == len(net.municipalities())
    assert all(not d.curators for d in net.directions)
    # Every trainee school has, for each of its directions, a site within reach that hosts it.
    hosts = {(r.school, r.direction) for r in net.locks.roles}
    for c in net.competences:
        if c.school in locked:
            continue
        reach = [km_between(net.school_by_id[c.school], net.school_by_id[s]) for s, d in hosts if d == c.direction]
        assert min(reach) < 100
    # Sites are locked in exactly the directions they take part in.
    assert hosts == {(c.school, c.direction) for c in net.competences if c.school in locked}


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(schools=30),
        dict(schools=45, level_only=True),
        dict(schools=60, municipalities=3),
        dict(schools=60, directions=3, sites=4),
        dict(schools=50, sites=3, level_only=True),
    ],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_networks_are_feasible_for_the_default_policy(kwargs, seed):
    net = generate_network(seed=seed, **kwargs)
    plan = build_valid_plan(net, Policy(), random.Random(seed))
    assert plan is not None, "a simple greedy could not involve every school"
    report = check_plan(net, plan)
    assert report.ok, str(report)


def test_large_networks_are_generated_quickly():
    import time

    start = time.perf_counter()
    net = generate_network(1500, 10, seed=11)
    # Generous: well under a second on a quiet machine; CI machines are shared.
    assert time.perf_counter() - start < 5
    assert len(net.schools) == 1500


@pytest.mark.parametrize(
    "kwargs",
    [dict(schools=1), dict(schools=10, directions=0), dict(schools=10, municipalities=0), dict(schools=10, sites=10), dict(schools=10, sites=0)],
)
def test_bad_sizes_are_refused(kwargs):
    with pytest.raises(ValueError):
        generate_network(**kwargs)


def test_more_municipalities_than_schools_is_capped():
    net = generate_network(5, 2, municipalities=9, seed=0)
    assert len(net.municipalities()) == 5
