"""The candidate graph: eligibility rules, score parts, sparsity, locks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentornet.graph.candidates import DENSE_LIMIT, build_candidates, haversine_km
from mentornet.model import (
    Competence,
    Direction,
    History,
    HistoryPair,
    Locks,
    Network,
    PairLock,
    Policy,
    RoleLock,
    School,
)


def net(schools, comps, directions=("1",), **kw):
    return Network(
        schools=tuple(schools),
        directions=tuple(Direction(id=d, online=(d == "online")) for d in directions),
        competences=tuple(Competence(school=s, direction=d, **v) for s, d, v in comps),
        **kw,
    )


def pairs(cg):
    return {(cg.schools[m], cg.schools[t], cg.directions[d]) for m, t, d in zip(cg.edges.mentor, cg.edges.trainee, cg.edges.direction)}


def test_levels_give_leader_to_everyone_below_and_cascade_to_reserves():
    n = net(
        [School(id=x) for x in "LPR"],
        [("L", "1", {"level": "leader"}), ("P", "1", {"level": "promising"}), ("R", "1", {"level": "hidden_reserve"})],
    )
    assert pairs(build_candidates(n)) == {("L", "P", "1"), ("L", "R", "1"), ("P", "R", "1")}


def test_scores_need_the_minimum_gap():
    n = net(
        [School(id=x) for x in "abc"],
        [("a", "1", {"score": 90}), ("b", "1", {"score": 30}), ("c", "1", {"score": 85})],
    )
    got = pairs(build_candidates(n, Policy(min_gap=10)))
    assert ("a", "b", "1") in got and ("c", "b", "1") in got
    assert ("a", "c", "1") not in got  # 5 points apart and both leaders


def test_distance_limit_and_online_directions():
    far = [School(id="a", lat=45.0, lon=38.0), School(id="b", lat=45.0, lon=40.0)]  # ~157 km
    comps = [("a", d, {"level": "leader"}) for d in ("1", "online")] + [("b", d, {"level": "promising"}) for d in ("1", "online")]
    cg = build_candidates(net(far, comps, directions=("1", "online")), Policy(max_km=100))
    assert pairs(cg) == {("a", "b", "online")}
    assert haversine_km(45.0, 38.0, 45.0, 40.0) == pytest.approx(157.3, abs=0.5)


def test_forbidden_pairs_are_dropped_and_locked_pairs_marked_when_they_break_a_rule():
    schools = [School(id=x) for x in "LPQ"]
    comps = [("L", "1", {"level": "leader"}), ("P", "1", {"level": "promising"}), ("Q", "1", {"level": "promising"})]
    n = net(schools, comps, locks=Locks(forbidden=(PairLock(mentor="L", trainee="P"),), pairs=(PairLock(mentor="P", trainee="Q", direction="1"),)))
    cg = build_candidates(n)
    assert ("L", "P", "1") not in pairs(cg)
    locked = cg.edges[cg.edges.locked]
    assert len(locked) == 1 and "does not rank above" in locked.iloc[0]["problem"]


def test_role_lock_overrides_the_score_band():
    n = net([School(id="s"), School(id="t")], [("s", "1", {"score": 50}), ("t", "1", {"score": 20})],
            locks=Locks(roles=(RoleLock(school="s", direction="1", role="leader"),)))
    cg = build_candidates(n)
    assert cg.roles_of(0, 0) == (cg.roles_of(0, 0)[0],) and cg.roles_of(0, 0)[0].value == "leader"


def test_score_parts_add_up_and_context_and_continuity_count():
    schools = [School(id="a", kind="basic", settlement="rural"), School(id="b", kind="basic", settlement="rural"), School(id="c")]
    comps = [("a", "1", {"level": "leader"}), ("b", "1", {"level": "promising"}), ("c", "1", {"level": "leader"})]
    hist = History(pairs=(HistoryPair(year=2021, mentor="c", trainee="b", direction="1"),))
    policy = Policy(strategy="narrow")
    cg = build_candidates(net(schools, comps, history=hist), policy)
    e = cg.edges.set_index(["mentor", "trainee"])
    w = policy.weights
    assert e.loc[(0, 1), "context"] == w.same_kind + w.same_settlement
    assert e.loc[(2, 1), "context"] == 0
    assert e.loc[(2, 1), "continuity"] == w.continuity + w.continuity // 2
    parts = cg.edges[["gain", "context", "travel", "continuity"]].sum(axis=1)
    assert (parts == cg.edges.score).all()


def test_krymsky_keeps_every_eligible_edge_and_maps_ids_once(krymsky):
    cg = build_candidates(krymsky)
    assert len(cg.edges) < DENSE_LIMIT
    assert sum(cg.eligible_counts.values()) == len(cg.edges)
    g = cg.to_networkx()
    assert g.number_of_nodes() == 34 and g.number_of_edges() == len(cg.edges)
    assert all(cg.schools[i] == s for s, i in cg.school_index.items())


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_sparsified_graph_keeps_top_k_per_need(seed, k):
    rng = np.random.default_rng(seed)
    n_s = 260  # dense enough to be sparsified (> DENSE_LIMIT eligible pairs)
    schools = [School(id=f"s{i}") for i in range(n_s)]
    scores = rng.uniform(0, 100, n_s)
    comps = [(f"s{i}", "1", {"score": float(round(scores[i], 1))}) for i in range(n_s)]
    cg = build_candidates(net(schools, comps), Policy(candidates_per_need=k, max_km=None))
    full = build_candidates(net(schools, comps), Policy(candidates_per_need=10_000, max_km=None))
    for (t, d), count in cg.eligible_counts.items():
        kept = len(cg.edges_by_need.get((t, d), []))
        assert kept >= min(k, count)
    assert len(cg.edges) <= len(full.edges)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60))
def test_kept_pairs_survive_sparsification_and_nothing_else_changes(seed, n_keep):
    """A warm start's pairs stay in the pruned graph when eligible; unknown or ineligible ones add nothing."""
    rng = np.random.default_rng(seed)
    n_s = 260
    schools = [School(id=f"s{i}") for i in range(n_s)]
    comps = [(f"s{i}", "1", {"score": float(round(rng.uniform(0, 100), 1))}) for i in range(n_s)]
    network = net(schools, comps)
    policy = Policy(candidates_per_need=1, max_km=None)
    plain, full = build_candidates(network, policy), build_candidates(network, policy, prune=False)
    assert plain.pruned > 0
    dropped = sorted(pairs(full) - pairs(plain))
    wanted = [dropped[i] for i in rng.choice(len(dropped), size=min(n_keep, len(dropped)), replace=False)]
    extra = [("s0", "s0", "1"), ("nobody", "s1", "1"), ("s1", "s2", "no-such-direction")]
    kept = build_candidates(network, policy, keep=wanted + extra)
    assert pairs(kept) == pairs(plain) | set(wanted)
    assert kept.pruned == plain.pruned - len(wanted)
    scored = ["gain", "context", "travel", "continuity", "score"]
    key = ["mentor", "trainee", "direction"]
    merged = kept.edges.merge(full.edges, on=key, suffixes=("", "_full"))
    assert len(merged) == len(kept.edges)
    for c in scored:
        assert (merged[c] == merged[c + "_full"]).all()
