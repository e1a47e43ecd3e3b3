"""Every stated cause of a deferral is true of the plan (issue 11, case 3).

The causes are built by :func:`mentornet.explain.deferral_causes` from the
solved plan; this test confirms each one against the plan with its own code
(loads counted from the pairs, distances from :func:`mentornet.check.distance_km`,
scopes from the network), over 200 small random networks and every solver.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
import pytest

from mentornet.check import check_plan, distance_km
from mentornet.errors import InfeasibleError
from mentornet.explain import deferral_causes
from mentornet.generate import generate_network
from mentornet.model import Curator, Level, Locks, Network, PairLock, Plan, Policy
from mentornet.solvers import available_solvers, get_solver
from tests.tiny import tiny_network

SEEDS = range(200)
_LOADED = re.compile(r"(.+?) \((\d+)/(\d+)\)(?:, |$)")


def _instance(seed: int) -> tuple[Network, Policy]:
    """A small network with tight, varied limits, so that every cause occurs somewhere."""
    rng = np.random.default_rng(seed)
    net = generate_network(int(rng.integers(6, 12)), int(rng.integers(2, 4)), int(rng.integers(1, 4)), seed=seed)
    # Tighter curators (limits in pairs and in schools), sometimes a second curator kind, and a few forbidden pairs.
    curators = tuple(
        Curator(**{**c.model_dump(), "max_teams": int(rng.integers(0, 4)) if rng.random() < 0.4 else c.max_teams,
                   "max_schools": int(rng.integers(2, 5)) if rng.random() < 0.25 else None})
        for c in net.curators
    )
    if rng.random() < 0.2:
        # School curators of a second kind, in some districts only (the rest flagged or forbidden).
        munis = sorted({s.municipality for s in net.schools})
        curators += tuple(Curator(id=f"SC{i}", name=f"Куратор школы {i}", kind="куратор школы", municipalities=(m,),
                                  max_schools=int(rng.integers(2, 5)) if rng.random() < 0.5 else None)
                          for i, m in enumerate(munis) if rng.random() < 0.8)
    ids = [s.id for s in net.schools]
    forbids = []
    for _ in range(int(rng.integers(0, 4))):
        a, b = rng.choice(len(ids), 2, replace=False)
        d = None if rng.random() < 0.5 else net.directions[int(rng.integers(len(net.directions)))].id
        forbids.append(PairLock(mentor=ids[a], trainee=ids[b], direction=d))
    net = net.with_changes(curators=curators, locks=Locks(forbidden=tuple(forbids), roles=net.locks.roles))
    policy = Policy(
        cap_per_direction=int(rng.integers(1, 4)),
        host_capacity=int(rng.integers(1, 5)),
        max_trainee_directions=int(rng.integers(1, 4)),
        max_km=[None, 30.0, 60.0, 100.0][int(rng.integers(4))],
        cross_municipality=bool(rng.random() < 0.85),
        unsupervised="flag" if rng.random() < 0.6 else "forbid",
        time_limit=2.0, workers=1, seed=seed,
    )
    return net, policy


class _Facts:
    """The plan's loads and the network's geometry, counted here, independently of mentornet.explain."""

    def __init__(self, net: Network, plan: Plan, policy: Policy):
        self.net, self.plan, self.policy = net, plan, policy
        self.role = {(r.school, r.direction): r.role for r in plan.roles}
        self.by_name = {s.name or s.id: s.id for s in net.schools}
        self.cur_by_name = {c.name or c.id: c.id for c in net.curators}
        self.load_md = Counter((p.mentor, p.direction) for p in plan.pairs)
        self.load_m = Counter(p.mentor for p in plan.pairs)
        self.load_c = Counter(c for p in plan.pairs for c in p.all_curators)
        self.schools_c: dict[str, set[str]] = defaultdict(set)
        for p in plan.pairs:
            for c in p.all_curators:
                self.schools_c[c].add(p.trainee)
        self.learns: dict[str, set[str]] = defaultdict(set)
        for p in plan.pairs:
            self.learns[p.trainee].add(p.direction)

    def above(self, t: str, d: str) -> list[str]:
        r = self.role[(t, d)]
        return [s.id for s in self.net.schools if s.id != t and (s.id, d) in self.role
                and self.role[(s.id, d)] is not Level.hidden_reserve and self.role[(s.id, d)].rank > r.rank]

    def forbidden(self, m: str, t: str, d: str) -> bool:
        return any(f.mentor == m and f.trainee == t and f.direction in (None, d) for f in self.net.locks.forbidden)

    def gap_fails(self, m: str, t: str, d: str) -> bool:
        cm, ct = self.net.competence_of.get((m, d)), self.net.competence_of.get((t, d))
        return (cm is not None and ct is not None and cm.score is not None and ct.score is not None
                and cm.score < ct.score + self.policy.min_gap)

    def other_muni(self, m: str, t: str) -> bool:
        sm, st = self.net.school_by_id[m], self.net.school_by_id[t]
        return not self.policy.cross_municipality and sm.municipality != st.municipality

    def km(self, m: str, t: str, d: str) -> float | None:
        if self.net.direction_by_id[d].online:
            return None
        return distance_km(self.net.school_by_id[m], self.net.school_by_id[t])

    def too_far(self, m: str, t: str, d: str) -> bool:
        km = self.km(m, t, d)
        return km is not None and self.policy.max_km is not None and km > self.policy.max_km

    def in_reach(self, t: str, d: str) -> list[str]:
        return [m for m in self.above(t, d) if not (self.forbidden(m, t, d) or self.gap_fails(m, t, d)
                                                    or self.other_muni(m, t) or self.too_far(m, t, d))]

    def mentor_full(self, m: str, d: str) -> bool:
        cap = self.policy.cap_of(self.net.direction_by_id[d])
        return self.load_md[(m, d)] >= cap or self.load_m[m] >= self.policy.host_capacity_of(self.net.school_by_id[m])

    def curators_in_scope(self, t: str, d: str) -> list[str]:
        return [c.id for c in self.net.curators if self.net.curator_may_supervise(c.id, d, t)]

    def full_by_pairs(self, c: str) -> bool:
        mx = self.net.curator_by_id[c].max_teams
        return mx is not None and self.load_c[c] >= mx

    def full_by_schools(self, c: str, t: str) -> bool:
        mx = self.net.curator_by_id[c].max_schools
        return mx is not None and t not in self.schools_c[c] and len(self.schools_c[c]) >= mx

    def kinds_in_scope(self, t: str, d: str) -> dict[str, list[str]]:
        kinds = list(dict.fromkeys(c.kind or "" for c in self.net.curators))
        scope = self.curators_in_scope(t, d)
        return {k: [c for c in scope if (self.net.curator_by_id[c].kind or "") == k] for k in kinds}

    def blocked_kinds(self, t: str, d: str) -> dict[str, list[str]]:
        """Kinds whose every curator in scope is full for this trainee (pairs, or schools)."""
        return {k: cs for k, cs in self.kinds_in_scope(t, d).items()
                if cs and all(self.full_by_pairs(c) or self.full_by_schools(c, t) for c in cs)}

    def kind_missing(self, t: str, d: str) -> bool:
        return self.policy.unsupervised == "forbid" and any(not cs for cs in self.kinds_in_scope(t, d).values())

    def curators_block(self, t: str, d: str) -> bool:
        if not self.net.curators:
            return False
        return bool(self.blocked_kinds(t, d)) or self.kind_missing(t, d)

    def loaded(self, text: str) -> list[tuple[str, int, int]]:
        found = _LOADED.findall(text)
        assert ", ".join(f"{a} ({b}/{c})" for a, b, c in found) == text, text
        return [(a, int(b), int(c)) for a, b, c in found]


def _confirm(f: _Facts, t: str, d: str) -> Counter[str]:
    """Assert every cause stated for the deferral of (t, d); return the codes seen."""
    deferred = next(x for x in f.plan.deferred if (x.school, x.direction) == (t, d))
    codes = [m.code for m in deferred.why]
    assert codes, f"{t}/{d}: a deferral without a cause"
    limit = f.policy.max_trainee_directions_of(f.net.school_by_id[t])
    reach = f.in_reach(t, d)
    free = [m for m in reach if not f.mentor_full(m, d)]
    for msg in deferred.why:
        p, code = msg.params, msg.code
        where = f"{f.plan.solver.name} {t}/{d} {code} {p}"
        if code == "deferred.limit":
            assert p["n"] == len(f.learns[t]) >= limit == p["limit"], where
        elif code == "deferred.no_mentor":
            assert f.above(t, d) == [], where
        elif code == "deferred.too_far":
            assert reach == [], where
            far = [(f.km(m, t, d), m) for m in f.above(t, d) if f.too_far(m, t, d)
                   and not (f.forbidden(m, t, d) or f.gap_fails(m, t, d) or f.other_muni(m, t))]
            km, _ = min(far)
            assert p["n"] == len(far) and p["max_km"] == f.policy.max_km and km > f.policy.max_km, where
            assert abs(p["km"] - km) <= 0.1 and f.km(f.by_name[p["mentor"]], t, d) == pytest.approx(km), where
        elif code == "deferred.forbidden":
            assert reach == [], where
            names = p["mentors"].split(", ")
            assert len(names) == p["n"] and all(f.forbidden(f.by_name[n], t, d) for n in names), where
        elif code == "deferred.score_gap":
            assert reach == [] and 0 < p["n"] <= sum(f.gap_fails(m, t, d) for m in f.above(t, d)), where
        elif code == "deferred.other_municipality":
            assert reach == [] and 0 < p["n"] <= sum(f.other_muni(m, t) for m in f.above(t, d)), where
        elif code == "deferred.mentor_cap":
            assert reach and (free == [] or f.curators_block(t, d)), where
            cap = f.policy.cap_of(f.net.direction_by_id[d])
            listed = f.loaded(p["mentors"])
            assert len(listed) == p["n"] and p["cap"] == cap, where
            for name, load, c in listed:
                m = f.by_name[name]
                assert m in reach and load == f.load_md[(m, d)] >= cap == c, where
        elif code == "deferred.host_capacity":
            assert reach and (free == [] or f.curators_block(t, d)), where
            listed = f.loaded(p["mentors"])
            assert len(listed) == p["n"], where
            for name, load, c in listed:
                m = f.by_name[name]
                assert m in reach and load == f.load_m[m] >= c == f.policy.host_capacity_of(f.net.school_by_id[m]), where
        elif code == "deferred.curator_limit":
            assert reach and f.curators_block(t, d), where
            listed = f.loaded(p["curators"])
            blocked = f.blocked_kinds(t, d)
            assert len(listed) == p["n"] > 0, where
            assert sorted(f.cur_by_name[n] for n, _, _ in listed) == sorted(
                c for cs in blocked.values() for c in cs if f.full_by_pairs(c)), where
            for name, load, c in listed:
                cid = f.cur_by_name[name]
                assert load == f.load_c[cid] >= c == f.net.curator_by_id[cid].max_teams, where
        elif code == "deferred.curator_school_limit":
            assert reach and f.curators_block(t, d), where
            listed = f.loaded(p["curators"])
            blocked = f.blocked_kinds(t, d)
            assert len(listed) == p["n"] > 0, where
            assert sorted(f.cur_by_name[n] for n, _, _ in listed) == sorted(
                c for cs in blocked.values() for c in cs if not f.full_by_pairs(c)), where
            for name, k, c in listed:
                cid = f.cur_by_name[name]
                assert f.full_by_schools(cid, t) and k == len(f.schools_c[cid]) >= c == f.net.curator_by_id[cid].max_schools, where
        elif code == "deferred.no_curator":
            assert reach and f.net.curators and f.kind_missing(t, d), where
        elif code == "deferred.not_chosen":
            assert len(f.learns[t]) < limit and not f.curators_block(t, d) and p["n"] == len(free) > 0, where
        else:
            pytest.fail(f"unknown cause {where}")
    # The causes together block the need: either the limit binds or no mentor in reach is free.
    if "deferred.not_chosen" not in codes:
        assert len(f.learns[t]) >= limit or not free or f.curators_block(t, d), f"{t}/{d}: {codes} leave a free mentor"
    return Counter(codes)


@pytest.mark.parametrize("solver", available_solvers())
def test_every_stated_cause_is_true_of_the_plan(solver: str) -> None:
    seen: Counter[str] = Counter()
    planned = 0
    for seed in SEEDS:
        net, policy = _instance(seed)
        try:
            plan = get_solver(solver)(net, policy)
        except InfeasibleError:
            continue
        planned += 1
        report = check_plan(net, plan, policy)
        assert report.ok, f"seed {seed}: {report}"
        facts = _Facts(net, plan, policy)
        for x in plan.deferred:
            seen += _confirm(facts, x.school, x.direction)
    # School limits and a second curator kind (issue 14) leave about 119 of 200 plannable with greedy (130 without them).
    assert planned >= 110, f"only {planned} of {len(SEEDS)} random networks could be planned"
    # The random limits make the main causes occur, so the test is not vacuous.
    for code in ("deferred.limit", "deferred.mentor_cap", "deferred.host_capacity", "deferred.too_far", "deferred.curator_limit",
                 "deferred.curator_school_limit", "deferred.forbidden"):
        assert seen[code] > 0, (code, dict(seen))


def test_curator_limit_is_named_not_full_mentors() -> None:
    """Case 3: a need deferred because its curator is at the limit says so, with the curator and her load."""
    net = tiny_network()
    # One pair fits under each curator; d1 has three needs (P1, H1, L2).
    net = net.with_changes(curators=tuple(Curator(**{**c.model_dump(), "max_teams": 1}) for c in net.curators))
    policy = Policy(time_limit=5, workers=1)
    for solver in available_solvers():
        plan = get_solver(solver)(net, policy)
        assert check_plan(net, plan, policy).ok
        d1 = [x for x in plan.deferred if x.direction == "d1"]
        assert d1, solver
        for x in d1:
            codes = [m.code for m in x.why]
            assert "deferred.curator_limit" in codes and "deferred.no_place" not in codes, (solver, codes)
            msg = next(m for m in x.why if m.code == "deferred.curator_limit")
            assert msg.params["curators"].endswith("(1/1)"), msg.params


def test_the_distance_limit_is_decided_on_the_exact_distance() -> None:
    """A mentor exactly ``max_km`` away is in reach and one a hair beyond it is not (the causes compute
    distances on arrays for a region's thousands of deferrals, but decide near a limit on the exact one)."""
    net = tiny_network()
    role_of = {(c.school, c.direction): Level(c.level) for c in net.competences}
    facts = dict(role_of=role_of, learns=0, mentor_load={}, host_load={}, curator_load={})
    # H1's possible mentors in d1: P1 (~1.1 km away) and L1 (~3.3 km).
    near = distance_km(net.school_by_id["P1"], net.school_by_id["H1"])
    assert near is not None
    at_limit = deferral_causes(net, Policy(max_km=near), "H1", "d1", Level.hidden_reserve, **facts)
    assert [m.code for m in at_limit] == ["deferred.not_chosen"] and at_limit[0].params["n"] == 1
    beyond = deferral_causes(net, Policy(max_km=float(np.nextafter(near, 0))), "H1", "d1", Level.hidden_reserve, **facts)
    assert [m.code for m in beyond] == ["deferred.too_far"]
    assert beyond[0].params == {"n": 2, "direction": "Quality", "mentor": "School P1", "km": round(near, 1),
                                "max_km": float(np.nextafter(near, 0))}
