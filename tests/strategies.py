"""Hypothesis strategies for mentornet problems, shared by every test package.

* :func:`networks` — small random networks (levels or scores, optional
  coordinates, curators, online directions, forbidden pairs and role locks);
* :func:`build_valid_plan` — a plain constructive procedure that turns a
  network into a plan meeting every hard constraint, or returns None when
  its simple greedy order cannot involve every school;
* :func:`valid_plans` — the strategy form of it (draws the greedy's random
  order; rejects the rare network the greedy cannot serve).

The constructive procedure is deliberately naive and written from the
docs/design.md rules only, so that it can serve as an oracle independent of both
the solvers and the checker. Import as ``from tests.strategies import ...``.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

from hypothesis import assume
from hypothesis import strategies as st

from mentornet.model import (
    Competence,
    Curator,
    Deferred,
    Direction,
    Kind,
    Level,
    Locks,
    Network,
    Pair,
    PairLock,
    Plan,
    Policy,
    Results,
    RoleAssignment,
    RoleLock,
    School,
    Settlement,
)

__all__ = ["LEVELS", "build_valid_plan", "km_between", "networks", "policies", "valid_plans"]

LEVELS = (Level.leader, Level.promising, Level.hidden_reserve)


def km_between(a: School, b: School) -> float | None:
    """Haversine km between two schools (None without coordinates); test-side copy."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@st.composite
def networks(
    draw,
    *,
    min_schools: int = 2,
    max_schools: int = 8,
    max_directions: int = 3,
    scores: bool | None = None,
    coordinates: bool | None = None,
    curators: str | None = None,
    locks: bool = True,
    planted: bool = True,
) -> Network:
    """Small random networks.

    Parameters
    ----------
    min_schools, max_schools : int
        Range of the number of schools (``min_schools`` >= 2).
    max_directions : int
        At most this many directions (at least one).
    scores : bool or None
        True: competences are scores 0..100; False: levels; None: either.
    coordinates : bool or None
        Whether schools have coordinates (municipalities ~100 km apart, so
        some pairs exceed the default ``max_km``); None: either.
    curators : {"none", "direction", "municipality", None}
        No curators, one per direction (listed on it), or one consultant per
        municipality; None: any of them.
    locks : bool
        Whether to draw forbidden pairs and role locks.
    planted : bool
        Plant chains leader → promising (→ hidden reserve) of nearby schools
        of one municipality, so that every school can be involved under any
        policy of :func:`policies`; without it many small networks cannot
        involve every school.
    """
    n = draw(st.integers(max(2, min_schools), max_schools))
    n_dirs = draw(st.integers(1, max_directions))
    use_scores = draw(st.booleans()) if scores is None else scores
    use_coords = draw(st.booleans()) if coordinates is None else coordinates
    cur_mode = draw(st.sampled_from(["none", "direction", "municipality"])) if curators is None else curators
    n_munis = draw(st.integers(1, 2))
    munis = [f"M{i}" for i in range(n_munis)]
    dir_ids = [f"d{j}" for j in range(n_dirs)]

    # Planted chains: consecutive ids form chains of 2 (and one of 3 when n is odd).
    plant: dict[tuple[int, str], Level] = {}
    muni_of = [draw(st.sampled_from(munis)) for _ in range(n)]
    partner_pairs: set[tuple[int, int]] = set()
    head = list(range(n))  # the first school of each school's chain
    if planted:
        starts = list(range(0, n - 1, 2))
        for k, a in enumerate(starts):
            size = 3 if (n % 2 and k == len(starts) - 1) else 2
            d = draw(st.sampled_from(dir_ids))
            for offset, lvl in zip(range(size), LEVELS):
                plant[(a + offset, d)] = lvl
                muni_of[a + offset] = muni_of[a]
                head[a + offset] = a
            partner_pairs.update({(a, a + 1), (a + 1, a + 2)} if size == 3 else {(a, a + 1)})

    centre = {m: (55.0 + 0.9 * i, 37.0) for i, m in enumerate(munis)}
    schools = []
    for i in range(n):
        lat = lon = None
        if use_coords:
            # Chain members sit about a kilometre from their chain's head.
            if head[i] == i:
                clat, clon = centre[muni_of[i]]
                lat = clat + draw(st.floats(0, 0.4, allow_nan=False))
                lon = clon + draw(st.floats(0, 0.6, allow_nan=False))
            else:
                lat, lon = schools[head[i]].lat + 0.01, schools[head[i]].lon + 0.01
        schools.append(
            School(
                id=f"s{i}",
                municipality=muni_of[i],
                kind=draw(st.sampled_from(list(Kind))),
                settlement=draw(st.sampled_from(list(Settlement))),
                lat=lat,
                lon=lon,
                results=draw(st.sampled_from(list(Results))),
                adverse=draw(st.sampled_from([0.0, 0.3, 0.7, 1.0])),
                is_new=draw(st.booleans()),
                host_capacity=draw(st.one_of(st.none(), st.integers(1, 6))),
                max_trainee_directions=draw(st.one_of(st.none(), st.integers(1, 3))),
            )
        )
    curator_list: list[Curator] = []
    dir_curators: dict[str, tuple[str, ...]] = dict.fromkeys(dir_ids, ())
    # Limits at or above the number of schools never bind an involving plan.
    limit = st.one_of(st.none(), st.integers(n, 2 * n))
    if cur_mode == "direction":
        for d in dir_ids:
            curator_list.append(Curator(id=f"c-{d}", max_teams=draw(limit)))
            dir_curators[d] = (f"c-{d}",)
    elif cur_mode == "municipality":
        for m in sorted(set(muni_of)):
            curator_list.append(Curator(id=f"c-{m}", max_teams=draw(limit), municipalities=(m,)))
    directions = [
        Direction(id=d, curators=dir_curators[d], online=draw(st.booleans()) if use_coords else False, mentor_cap=draw(st.one_of(st.none(), st.integers(1, 4))))
        for d in dir_ids
    ]
    planted_score = {Level.leader: 90, Level.promising: 55, Level.hidden_reserve: 20}
    competences = []
    for i in range(n):
        mask = draw(st.lists(st.booleans(), min_size=n_dirs, max_size=n_dirs))
        if not any(mask):
            mask[draw(st.integers(0, n_dirs - 1))] = True
        for j, d in enumerate(dir_ids):
            lvl = plant.get((i, d))
            if lvl is None and not mask[j]:
                continue
            if use_scores:
                score = planted_score[lvl] + draw(st.integers(-4, 4)) if lvl else draw(st.integers(0, 100))
                competences.append(Competence(school=f"s{i}", direction=d, score=score))
            else:
                competences.append(Competence(school=f"s{i}", direction=d, level=lvl or draw(st.sampled_from(LEVELS))))
    lock = Locks()
    if locks:
        forbidden = []
        for _ in range(draw(st.integers(0, 2))):
            a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            if a != b and (a, b) not in partner_pairs:
                forbidden.append(PairLock(mentor=f"s{a}", trainee=f"s{b}", direction=draw(st.one_of(st.none(), st.sampled_from(dir_ids)))))
        role_locks = []
        for c in draw(st.lists(st.sampled_from(competences), max_size=2, unique_by=lambda c: (c.school, c.direction))):
            lvl = plant.get((int(c.school[1:]), c.direction))
            role_locks.append(RoleLock(school=c.school, direction=c.direction, role=lvl or draw(st.sampled_from(LEVELS))))
        lock = Locks(forbidden=tuple(forbidden), roles=tuple(role_locks))
    return Network(
        name="random",
        schools=tuple(schools),
        directions=tuple(directions),
        curators=tuple(curator_list),
        competences=tuple(competences),
        locks=lock,
    )


def policies() -> st.SearchStrategy[Policy]:
    """Policies with varied limits (the weights keep their defaults)."""
    return st.builds(
        Policy,
        cap_per_direction=st.integers(1, 4),
        host_capacity=st.integers(1, 6),
        max_trainee_directions=st.integers(1, 3),
        min_gap=st.sampled_from([0.0, 5.0, 10.0]),
        max_km=st.sampled_from([None, 50.0, 100.0]),
        cross_municipality=st.booleans(),
    )


def _allowed(network: Network, policy: Policy, school: str, direction: str) -> tuple[Level, ...]:
    for lk in network.locks.roles:
        if lk.school == school and lk.direction == direction:
            return (lk.role,)
    comp = network.competence_of[(school, direction)]
    return (comp.level,) if comp.level is not None else policy.roles_for_score(float(comp.score))


def build_valid_plan(network: Network, policy: Policy, rnd: random.Random | None = None) -> Plan | None:
    """A plan meeting every hard constraint, built greedily, or None.

    Roles are drawn among those allowed (the strongest more often). Then
    schools are involved one by one, the school with the fewest open pairs
    first, preferring a partner that is not involved yet; then the
    remaining needs are covered where a mentor, a curator and the trainee's
    yearly limit allow, and the rest are deferred. Kept pairs
    (``locks.pairs``) are not supported.

    Parameters
    ----------
    network : Network
    policy : Policy
    rnd : random.Random, optional
        Drives every choice; the same seed gives the same plan.

    Returns
    -------
    Plan or None
        None when the greedy could not involve every school.
    """
    rnd = rnd or random.Random(0)
    if network.locks.pairs:
        raise ValueError("build_valid_plan does not support kept pairs")
    schools = network.school_by_id
    role: dict[tuple[str, str], Level] = {}
    for c in network.competences:
        allowed = _allowed(network, policy, c.school, c.direction)
        role[(c.school, c.direction)] = allowed[0] if len(allowed) == 1 or rnd.random() < 0.7 else rnd.choice(allowed[1:])
    forbidden = {(f.mentor, f.trainee, f.direction) for f in network.locks.forbidden}
    members: dict[str, list[str]] = defaultdict(list)
    for (s, d) in role:
        members[d].append(s)

    def pair_ok(m: str, t: str, d: str) -> bool:
        rm, rt = role[(m, d)], role[(t, d)]
        if m == t or not rm.may_mentor or not rt.is_trainee or rm.rank <= rt.rank:
            return False
        cm, ct = network.competence_of[(m, d)], network.competence_of[(t, d)]
        if cm.score is not None and ct.score is not None and cm.score < ct.score + policy.min_gap:
            return False
        if (m, t, None) in forbidden or (m, t, d) in forbidden:
            return False
        if not policy.cross_municipality and schools[m].municipality != schools[t].municipality:
            return False
        km = None if network.direction_by_id[d].online else km_between(schools[m], schools[t])
        # Stay clear of the limit so that two haversine implementations cannot disagree.
        return km is None or policy.max_km is None or km <= policy.max_km - 0.01

    candidates = [(m, t, d) for d in members for t in members[d] for m in members[d] if pair_ok(m, t, d)]
    load_md: Counter[tuple[str, str]] = Counter()
    load_m: Counter[str] = Counter()
    learns: dict[str, set[str]] = defaultdict(set)
    cur_load: Counter[str] = Counter()
    covered: dict[tuple[str, str], tuple[str, str | None]] = {}

    def curators_for(t: str, d: str) -> list[str | None]:
        if not network.curators:
            return [None]
        return [
            c.id
            for c in network.curators
            if network.curator_may_supervise(c.id, d, t) and (c.max_teams is None or cur_load[c.id] < c.max_teams)
        ]

    def open_(m: str, t: str, d: str) -> bool:
        return (
            (t, d) not in covered
            and len(learns[t]) < policy.max_trainee_directions_of(schools[t])
            and load_md[(m, d)] < policy.cap_of(network.direction_by_id[d])
            and load_m[m] < policy.host_capacity_of(schools[m])
            and bool(curators_for(t, d))
        )

    def take(m: str, t: str, d: str) -> None:
        cur = rnd.choice(curators_for(t, d))
        covered[(t, d)] = (m, cur)
        load_md[(m, d)] += 1
        load_m[m] += 1
        learns[t].add(d)
        if cur is not None:
            cur_load[cur] += 1

    involved: set[str] = set()
    while len(involved) < len(network.schools):
        options = {s.id: [] for s in network.schools if s.id not in involved}
        for m, t, d in candidates:
            if (m in options or t in options) and open_(m, t, d):
                for s in {m, t} & options.keys():
                    options[s].append((m, t, d))
        school = min(options, key=lambda s: (len(options[s]), rnd.random()))
        if not options[school]:
            return None
        # A partner not involved yet involves two schools with one pair.
        fresh = [c for c in options[school] if c[0] in options and c[1] in options]
        m, t, d = rnd.choice(fresh or options[school])
        take(m, t, d)
        involved.update((m, t))
    rest = [c for c in candidates if (c[1], c[2]) not in covered]
    rnd.shuffle(rest)
    for m, t, d in rest:
        if open_(m, t, d):
            take(m, t, d)
    needs = sorted(k for k, r in role.items() if r.is_trainee)
    return Plan(
        roles=tuple(RoleAssignment(school=s, direction=d, role=r) for (s, d), r in sorted(role.items())),
        pairs=tuple(Pair(mentor=m, trainee=t, direction=d, curator=c) for (t, d), (m, c) in sorted(covered.items())),
        deferred=tuple(Deferred(school=t, direction=d, reason="no mentor left") for (t, d) in needs if (t, d) not in covered),
    )


@st.composite
def valid_plans(draw, network: Network, policy: Policy | None = None) -> Plan:
    """A valid plan for ``network`` (rejects the network when the greedy fails).

    Parameters
    ----------
    network : Network
    policy : Policy, optional
        Default policy when omitted.
    """
    policy = policy or Policy()
    seed = draw(st.integers(0, 2**32 - 1))
    plan = build_valid_plan(network, policy, random.Random(seed))
    assume(plan is not None)
    return plan
