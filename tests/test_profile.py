"""mentornet.profile: the classification rules at their thresholds, the clustering's determinism by seed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mentornet.i18n import Message
from mentornet.model import Competence, Direction, Indicators, Level, Network, Policy, School
from mentornet.profile import CLASSES, classify, cluster, profile_network, quantile


def _quantile(values, q):
    # Linear interpolation between order statistics, written out (not numpy).
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _network(rows: list[Indicators], year: int | None = 2024) -> Network:
    schools = tuple(School(id=r.school) for r in rows)
    comps = tuple(Competence(school=r.school, direction="d", level=Level.promising) for r in rows)
    return Network(name="t", year=year, schools=schools, directions=(Direction(id="d"),), competences=comps, indicators=tuple(rows))


# Nine results: the 25th percentile is the 3rd smallest (30), the 75th the 7th (70),
# with a school just below, at and just above each.
RESULTS = {"r5": 5.0, "lo_below": 29.99, "lo_at": 30.0, "lo_above": 30.01, "mid": 50.0,
           "hi_below": 69.99, "hi_at": 70.0, "hi_above": 70.01, "r95": 95.0}


def test_quantile_is_linear_interpolation():
    rng = np.random.default_rng(3)
    for _ in range(50):
        values = rng.uniform(0, 100, int(rng.integers(2, 30))).tolist()
        q = float(rng.uniform(0, 1))
        assert quantile(values, q) == pytest.approx(_quantile(values, q))


def test_results_rules_just_below_at_and_above_each_threshold():
    rows = [Indicators(school=k, results=v) for k, v in RESULTS.items()]
    prof = classify(_network(rows), Policy())
    assert prof.thresholds["low"] == _quantile(list(RESULTS.values()), 0.25) == 30.0
    assert prof.thresholds["high"] == _quantile(list(RESULTS.values()), 0.75) == 70.0
    got = {p.school: set(p.classes) for p in prof.schools}
    assert "low_results" in got["lo_below"] and "low_results" not in got["lo_at"] and "low_results" not in got["lo_above"]
    assert "high_results" not in got["hi_below"] and "high_results" in got["hi_at"] and "high_results" in got["hi_above"]
    assert got["mid"] == set()
    # Reasons state the figures, and they are true.
    below = prof.by_school["lo_below"]
    assert Message(code="profile.low_results", params={"q": 25, "value": 29.99, "threshold": 30.0}) in below.reasons
    assert "результаты ниже 25-го процентиля (29,99 < 30,0)" in [m.render("ru") for m in below.reasons]
    assert "results at or above the 75th percentile (70.0 ≥ 70.0)" in [m.render("en") for m in prof.by_school["hi_at"].reasons]


def test_adverse_conditions_at_the_threshold_and_the_combined_classes():
    # adversity: the 75th percentile of nine values is the 7th smallest (0.7).
    adv = {"a1": 0.1, "a2": 0.2, "a3": 0.3, "a4": 0.4, "a5": 0.5, "below": 0.6999, "at": 0.7, "above": 0.7001, "a9": 0.9}
    res = {"a1": 20, "a2": 30, "a3": 40, "a4": 50, "a5": 60, "below": 10, "at": 10, "above": 95, "a9": 45}
    rows = [Indicators(school=k, results=float(res[k]), adversity=v) for k, v in adv.items()]
    prof = classify(_network(rows), Policy())
    assert prof.thresholds["adverse"] == pytest.approx(_quantile(list(adv.values()), 0.75)) == pytest.approx(0.7)
    low = _quantile([float(v) for v in res.values()], 0.25)
    high = _quantile([float(v) for v in res.values()], 0.75)
    assert res["below"] < low and res["above"] >= high and low <= res["a9"] < high
    got = {p.school: set(p.classes) for p in prof.schools}
    assert got["below"] == {"low_results"}  # just below the adverse threshold: low results only, no crisis
    assert got["at"] == {"low_results", "crisis"}  # low results in adverse conditions
    assert got["above"] == {"high_results", "resilient"}  # high results in adverse conditions
    assert got["a9"] == {"at_risk"}  # adverse, results neither low nor high
    assert prof.by_school["above"].may_host and not prof.by_school["above"].is_priority
    assert prof.by_school["a9"].is_priority and prof.by_school["at"].is_priority


def test_new_school_within_its_first_three_years():
    rows = [Indicators(school=f"s{y}", opened=y) for y in (2020, 2021, 2022, 2023, 2024, 2025)]
    prof = classify(_network(rows, year=2024), Policy())
    new = {p.school for p in prof.schools if "new_school" in p.classes}
    # 2022 is the third year of work (2022, 2023, 2024): still new; 2021 the fourth; 2025 not yet opened.
    assert new == {"s2022", "s2023", "s2024"}
    assert prof.by_school["s2022"].years_open == 3 and prof.by_school["s2021"].years_open == 4
    assert "opened in 2022: year 3 of work, within the first 3 (the sensitive period)" in [m.render("en") for m in prof.by_school["s2022"].reasons]
    # Without a year nothing is new, and the notes say why.
    prof = classify(_network(rows, year=None), Policy())
    assert not any("new_school" in p.classes for p in prof.schools)
    assert any(n.code == "profile.no_year" for n in prof.notes)


def test_unknown_values_classify_nothing():
    rows = [Indicators(school=k, results=v, adversity=0.9) for k, v in RESULTS.items()] + [Indicators(school="blank", adversity=0.95)]
    prof = classify(_network(rows), Policy())
    blank = prof.by_school["blank"]
    # adverse, but results unknown: not "at risk" (that needs known results), not low, not crisis
    assert blank.classes == ()
    assert Message(code="profile.no_results") in blank.reasons


def test_too_few_known_values_draw_no_threshold():
    rows = [Indicators(school=f"s{i}", results=float(i * 10)) for i in range(3)]
    prof = classify(_network(rows), Policy())
    assert not any(p.classes for p in prof.schools)
    assert "low" not in prof.thresholds
    assert any(n.code == "profile.too_few" and n.params["n"] == 3 for n in prof.notes)


def test_a_network_without_indicators_classifies_nothing_and_says_so(krymsky):
    prof = profile_network(krymsky, Policy())
    assert prof.schools == [] and not prof.has_indicators
    assert [n.code for n in prof.notes] == ["profile.no_indicators"]
    assert all(prof.count(c) == 0 for c in CLASSES)
    assert "нет таблицы показателей" in prof.notes[0].render("ru")


def _blobs(seed: int = 0, per: int = 6) -> Network:
    rng = np.random.default_rng(seed)
    centres = [(80, 0.1, 1200, 90), (40, 0.8, 150, 14), (60, 0.4, 600, 45)]
    rows = []
    for c, (r, a, p, s) in enumerate(centres):
        for i in range(per):
            rows.append(Indicators(school=f"c{c}s{i}", results=float(r + rng.normal(0, 1)), adversity=float(a + rng.normal(0, 0.01)),
                                   pupils=int(p + rng.normal(0, 10)), staff=int(s + rng.normal(0, 1))))
    return _network(rows, year=None)


def test_clusters_are_chosen_by_silhouette_and_recover_clear_groups():
    net = _blobs()
    prof = profile_network(net, Policy(seed=1))
    assert prof.clusters.k == 3 and prof.clusters.chosen_by == "silhouette"
    assert prof.clusters.factors == ("adversity", "pupils", "staff")
    # Each true group is one cluster, numbered in the order of its first school.
    for c in range(3):
        assert {prof.by_school[f"c{c}s{i}"].cluster for i in range(6)} == {c + 1}
    # The choice is the best silhouette among k = 2..8, recomputed here.
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    x = np.array([[i.adversity, i.pupils, i.staff] for i in net.indicators], dtype=float)
    z = StandardScaler().fit_transform(x)
    scores = {k: silhouette_score(z, KMeans(n_clusters=k, n_init=10, random_state=1).fit_predict(z)) for k in range(2, 9)}
    assert max(scores, key=lambda k: (scores[k], -k)) == 3
    assert prof.clusters.silhouettes == pytest.approx(scores)


def test_same_seed_same_clusters_and_a_given_k():
    net = _blobs(seed=5, per=5)
    a = profile_network(net, Policy(seed=7))
    b = profile_network(net, Policy(seed=7))
    assert a.cluster_of() == b.cluster_of() and a.clusters.silhouettes == b.clusters.silhouettes
    given = profile_network(net, Policy(seed=7, profile_clusters=2))
    assert given.clusters.k == 2 and given.clusters.chosen_by == "given"
    assert set(given.cluster_of().values()) == {1, 2}
    assert profile_network(net, Policy(seed=7), k=4).clusters.k == 4


def test_schools_missing_a_factor_get_no_cluster():
    net = _blobs()
    rows = list(net.indicators)
    rows[0] = rows[0].model_copy(update={"pupils": None})
    prof = profile_network(net.with_changes(indicators=tuple(rows)), Policy())
    assert prof.schools[0].cluster is None
    assert all(p.cluster is not None for p in prof.schools[1:])
    assert any(n.code == "profile.unclustered" and n.params["n"] == 1 for n in prof.notes)


def test_too_few_schools_to_cluster():
    rows = [Indicators(school=f"s{i}", results=float(i), adversity=0.1 * i) for i in range(2)]
    prof = cluster(classify(_network(rows), Policy()), Policy())
    assert prof.clusters.k is None and any(n.code == "profile.no_clusters" for n in prof.notes)


def test_indicators_follow_what_if_edits_and_regions():
    from mentornet.generate import generate_indicators, generate_network
    from mentornet.plan_many import join_regions, split_network, tag_region
    from mentornet.scenario import apply_edits

    net = generate_indicators(generate_network(30, 2, municipalities=2, seed=4), seed=4)
    gone = net.schools[0].id
    after, _ = apply_edits(net, None, [{"op": "close_school", "school": gone}])
    assert gone not in after.indicators_of and len(after.indicators) == len(net.indicators) - 1
    parts, _ = split_network(net, by="municipality")
    assert sum(len(p.indicators) for p in parts.values()) == len(net.indicators)
    tagged = {r: tag_region(p, r) for r, p in parts.items()}
    joined = join_regions(tagged)
    assert len(joined.indicators) == len(net.indicators)
    assert {i.school for i in joined.indicators} == {s.id for s in joined.schools}
