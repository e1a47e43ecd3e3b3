"""The independent checker: is a plan valid, and what does it achieve?

:func:`check_plan` lists every broken hard constraint of ``docs/design.md`` (each
with the schools, direction and limit involved, in a planner's words) and
computes the plan's metrics. It re-derives everything from the network, the
policy and the plan alone and shares no code with any solver or with the
candidate graph, so that a bug there cannot hide itself here.

Constraint numbers follow ``docs/design.md``:

1. every trainee need (a promising or hidden-reserve team in a direction) is
   covered by exactly one valid mentor pair or deferred, never both. The
   roles themselves and the validity of each pair (who may mentor whom,
   the level/score order) belong here too: a trainee only "has a mentor"
   through a valid pair;
2. a mentor's trainees per direction and in total stay within the caps;
3. a school is a trainee in at most ``max_trainee_directions`` directions;
4. distance, forbidden pairs, kept pairs, municipality boundaries;
5. every school takes part in at least one pair;
6. every pair has a curator in scope of each curator kind (or, when the
   policy flags unsupervised pairs, no curator of that kind may supervise
   it), and curator loads stay within their limits in pairs and in schools.
7. sites: a site (or site network) hosts at most ``max_schools`` trainee
   schools and ``max_pairs`` pairs; with ``policy.one_site`` a trainee school
   learns at one site group across all its directions.

A group-format direction's group (a mentor's trainee teams there) has at
least ``group_min`` teams when it runs (constraint 2, ``group_too_small``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mentornet.graph.metrics import need_weight, pair_figures, site_figures
from mentornet.model import Level, Network, Pair, Plan, Policy, Results, School
from mentornet.profile import classify

__all__ = [
    "CONSTRAINTS",
    "EARTH_RADIUS_KM",
    "KM_TOLERANCE",
    "METRIC_KEYS",
    "CheckReport",
    "Violation",
    "check_plan",
    "distance_km",
    "handmade_figures",
    "is_valid_plan",
    "need_weight",
    "plan_figures",
]

#: Mean Earth radius (IUGG), the same constant the planners' maps use.
EARTH_RADIUS_KM = 6371.0088
#: Slack when comparing a pair's length with ``max_km``: two correct
#: haversine implementations can differ in the last bits, and a pair one
#: metre over the limit is not a planning error.
KM_TOLERANCE = 1e-3

#: The hard constraints in a planner's words, by number.
CONSTRAINTS: dict[int, str] = {
    1: "every trainee team has exactly one mentor in each direction it learns in (or is deferred)",
    2: "mentors stay within their per-direction cap (group sizes) and their yearly host capacity",
    3: "a school learns in at most its yearly number of trainee directions",
    4: "pairs respect distance, locks and municipality boundaries (and, with profile_hosts, only the profile's hosts mentor)",
    5: "every school takes part in at least one pair (site_based shape: every low-results school)",
    6: "every pair has a curator in scope, and curators stay within their limits",
    7: "sites stay within their capacity in schools and pairs; with one_site, a trainee school learns at one site",
}

#: Keys of :attr:`CheckReport.metrics`; later code (exports, views, API) relies on them.
METRIC_KEYS: tuple[str, ...] = (
    "schools",
    "directions",
    "schools_involved",
    "schools_mentoring",
    "schools_never_mentoring",
    "pairs",
    "trainee_needs",
    "needs_covered",
    "needs_deferred",
    "weighted_deficits_total",
    "weighted_deficits_covered",
    "coverage_ratio",
    "weighted_coverage_ratio",
    "mentor_load",
    "mentor_load_by_direction",
    "max_host_load",
    "trainee_load",
    "curator_load",
    "curator_schools",
    "unsupervised_pairs",
    "mutual_exchanges",
    "total_km",
    "mean_km",
    "pairs_with_km",
    "pairs_against_order",
    "pairs_same_kind",
    "pairs_same_settlement",
    "violations",
)


@dataclass(frozen=True)
class Violation:
    """One broken hard constraint.

    Attributes
    ----------
    constraint : int
        The hard constraint's number (1..6, see :data:`CONSTRAINTS`).
    code : str
        A short stable slug, e.g. ``"mentor_over_cap"``.
    message : str
        What is wrong, naming the schools, the direction and the limit.
    schools, directions : tuple of str
        Ids of the schools and directions involved.
    limit, actual : number or None
        The limit that was broken and the value found, when there is one.
    """

    constraint: int
    code: str
    message: str
    schools: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    limit: float | int | None = None
    actual: float | int | None = None

    def __str__(self) -> str:
        return f"[constraint {self.constraint}: {self.code}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field."""
        return {
            "constraint": self.constraint,
            "code": self.code,
            "message": self.message,
            "schools": list(self.schools),
            "directions": list(self.directions),
            "limit": self.limit,
            "actual": self.actual,
        }


@dataclass
class CheckReport:
    """What :func:`check_plan` found: violations and metrics.

    ``metrics`` is a flat JSON-able dict with the keys of :data:`METRIC_KEYS`.
    """

    violations: list[Violation] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no hard constraint is broken."""
        return not self.violations

    def by_constraint(self) -> dict[int, list[Violation]]:
        """Violations grouped by constraint number (only numbers that occur)."""
        out: dict[int, list[Violation]] = defaultdict(list)
        for v in self.violations:
            out[v.constraint].append(v)
        return dict(sorted(out.items()))

    def codes(self) -> set[str]:
        """The distinct violation codes found."""
        return {v.code for v in self.violations}

    def to_dict(self) -> dict[str, Any]:
        """``{"ok": ..., "violations": [...], "metrics": {...}}``, JSON-able."""
        return {"ok": self.ok, "violations": [v.as_dict() for v in self.violations], "metrics": dict(self.metrics)}

    def __str__(self) -> str:
        if self.ok:
            return "the plan satisfies every hard constraint"
        lines = [f"{len(self.violations)} hard-constraint violation(s):"]
        lines += [f"  - {v}" for v in self.violations]
        return "\n".join(lines)


# ---------------------------------------------------------------- helpers


def distance_km(a: School, b: School) -> float | None:
    """Great-circle (haversine) distance between two schools, or None.

    Parameters
    ----------
    a, b : School

    Returns
    -------
    float or None
        Kilometres, or None when either school has no coordinates.
    """
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _allowed_roles(network: Network, policy: Policy, locks: dict[tuple[str, str], Level], school: str, direction: str) -> tuple[Level, ...] | None:
    """Roles a team may take: a lock fixes it, a level fixes it, a score allows the bands."""
    if (school, direction) in locks:
        return (locks[(school, direction)],)
    comp = network.competence_of.get((school, direction))
    if comp is None:
        return None
    if comp.level is not None:
        return (comp.level,)
    assert comp.score is not None  # a competence has a level or a score (model validator)
    return policy.roles_for_score(float(comp.score))


def _curator_in_scope(network: Network, curator_id: str, direction: str, trainee: School, listed: set[str]) -> bool:
    # The model's rule, re-derived here: the direction part is met when the
    # direction lists the curator, the curator lists the direction, or the
    # curator has no direction scope and no direction names them (a district
    # consultant); the municipality part, when given, must contain the trainee's.
    c = network.curator_by_id[curator_id]
    d = network.direction_by_id[direction]
    if curator_id in d.curators or direction in c.directions:
        dir_ok = True
    else:
        dir_ok = not c.directions and curator_id not in listed
    muni_ok = not c.municipalities or trainee.municipality in c.municipalities
    return dir_ok and muni_ok


class _Names:
    """Planner-facing names of schools and directions for messages."""

    def __init__(self, network: Network):
        self.network = network

    def s(self, school_id: str) -> str:
        s = self.network.school_by_id.get(school_id)
        return f"'{s.label}'" if s is not None else f"'{school_id}' (unknown school)"

    def d(self, direction_id: str | None) -> str:
        if direction_id is None:
            return "any direction"
        d = self.network.direction_by_id.get(direction_id)
        if d is None:
            return f"direction '{direction_id}' (unknown)"
        if d.name and d.name != d.id:
            return f"direction {d.id} «{d.name}»"
        return f"direction '{d.id}'"

    def c(self, curator_id: str) -> str:
        c = self.network.curator_by_id.get(curator_id)
        return f"'{c.label}'" if c is not None else f"'{curator_id}' (unknown curator)"


# ---------------------------------------------------------------- the checker


def check_plan(network: Network, plan: Plan, policy: Policy | None = None) -> CheckReport:
    """Check a plan against every hard constraint and compute its metrics.

    Parameters
    ----------
    network : Network
        The planning input the plan was made for.
    plan : Plan
        Roles, pairs (with curators) and deferred needs.
    policy : Policy, optional
        Limits and weights; the documented defaults when omitted.

    Returns
    -------
    CheckReport
        ``violations`` (empty for a valid plan), ``metrics`` with the keys of
        :data:`METRIC_KEYS`, and ``ok``.

    Notes
    -----
    Violations are reported in constraint order. The metrics are computed
    even for an invalid plan (over the pairs as given), so a planner can
    compare a hand-made plan with an optimised one.
    """
    run = _Check(network, plan, policy or Policy())
    run.roles()
    run.pairs()
    run.coverage()
    run.mentor_caps()
    run.trainee_directions()
    run.geography_and_locks()
    run.involvement()
    run.curators()
    run.sites()
    out = sorted(run.out, key=lambda v: v.constraint)  # stable: discovery order within a constraint
    metrics = _metrics(network, run.policy, run.known_pairs, run.needs, run.deferred, run.km_of, run.against_order, run.curator_load)
    metrics["curator_schools"] = {c: len(s) for c, s in sorted(run.curator_schools.items())}
    metrics["unsupervised_pairs"] = run.unsupervised
    metrics["violations"] = len(out)
    metrics = {k: metrics[k] for k in METRIC_KEYS}
    if network.sites or run.policy.shape == "site_based":
        metrics.update(site_figures(network, run.known_pairs))
    return CheckReport(violations=out, metrics=metrics)


class _Check:
    """One run of the checker: the indices it builds and the violations it finds."""

    def __init__(self, network: Network, plan: Plan, policy: Policy):
        self.network, self.plan, self.policy = network, plan, policy
        self.names = _Names(network)
        self.schools = network.school_by_id
        self.directions = network.direction_by_id
        self.out: list[Violation] = []
        self.role_of: dict[tuple[str, str], Level] = {}
        self.known_pairs: list[Pair] = []  # pairs naming known ids; metrics are computed over these
        self.covered_by: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.against_order = 0
        self.needs: dict[tuple[str, str], Level] = {}
        self.deferred: set[tuple[str, str]] = set()
        self.km_of: dict[int, float] = {}
        self.curator_load: Counter[str] = Counter()
        self.curator_schools: dict[str, set[str]] = defaultdict(set)
        self.unsupervised = 0

    def add(
        self,
        constraint: int,
        code: str,
        message: str,
        schools: Iterable[str] = (),
        directions: Iterable[str | None] = (),
        limit: Any = None,
        actual: Any = None,
    ) -> None:
        dirs = tuple(d for d in directions if d is not None)
        self.out.append(Violation(constraint, code, message, tuple(schools), dirs, limit, actual))

    def where(self, p: Pair) -> str:
        return f"{self.names.s(p.mentor)} → {self.names.s(p.trainee)} in {self.names.d(p.direction)}"

    # -- constraint 1: roles, pairs, coverage -----------------------------------

    def roles(self) -> None:
        n, names = self.network, self.names
        locks = {(lk.school, lk.direction): lk.role for lk in n.locks.roles}
        for r in self.plan.roles:
            key = (r.school, r.direction)
            team = f"{names.s(r.school)} in {names.d(r.direction)}"
            if key in self.role_of:
                self.add(1, "role_duplicate", f"{team} has more than one role ('{self.role_of[key].value}' and '{r.role.value}'); a team has exactly one role per direction", [r.school], [r.direction])
                continue
            self.role_of[key] = r.role
            if r.school not in self.schools or r.direction not in self.directions:
                self.add(1, "unknown_id", f"the plan gives a role to {team}, which the network does not have", [r.school], [r.direction])
                continue
            allowed = _allowed_roles(n, self.policy, locks, r.school, r.direction)
            if allowed is None:
                self.add(1, "role_without_competence", f"{team} is given the role '{r.role.value}', but the school does not take part in that direction", [r.school], [r.direction])
            elif r.role not in allowed:
                comp = n.competence_of[key]
                if key in locks:
                    code, why = "role_lock_broken", f"a lock fixes it as '{allowed[0].value}'"
                elif comp.level is not None:
                    code, why = "role_not_allowed", f"its level there is '{comp.level.value}' and the planners' assessment is not overridden"
                else:
                    code, why = "role_not_allowed", f"its score {comp.score:g} allows only {' / '.join(a.value for a in allowed)}"
                self.add(1, code, f"{team} is '{r.role.value}', but {why}", [r.school], [r.direction])
        for comp in n.competences:
            if (comp.school, comp.direction) not in self.role_of:
                self.add(1, "role_missing", f"{names.s(comp.school)} takes part in {names.d(comp.direction)} but the plan gives it no role", [comp.school], [comp.direction])

    def pairs(self) -> None:
        n, names, gap = self.network, self.names, self.policy.min_gap
        for p in self.plan.pairs:
            both = [p.mentor, p.trainee]
            if p.mentor not in self.schools or p.trainee not in self.schools or p.direction not in self.directions:
                self.add(1, "unknown_id", f"the pair {self.where(p)} names a school or direction the network does not have", both, [p.direction])
                continue
            self.known_pairs.append(p)
            self.covered_by[(p.trainee, p.direction)].append(p.mentor)
            if p.mentor == p.trainee:
                self.add(1, "self_pair", f"{names.s(p.mentor)} is paired with itself in {names.d(p.direction)}", [p.mentor], [p.direction])
                continue
            rm, rt = self.role_of.get((p.mentor, p.direction)), self.role_of.get((p.trainee, p.direction))
            if rm is None or rt is None:
                missing = ", ".join(names.s(s) for s, r in ((p.mentor, rm), (p.trainee, rt)) if r is None)
                self.add(1, "pair_without_role", f"pair {self.where(p)}: {missing} has no role in that direction (does it take part in it?)", both, [p.direction])
                continue
            if not rm.may_mentor:
                self.add(1, "mentor_cannot_mentor", f"pair {self.where(p)}: a hidden-reserve team mentors no one", both, [p.direction])
            if not rt.is_trainee:
                self.add(1, "trainee_is_leader", f"pair {self.where(p)}: {names.s(p.trainee)} is a leader there and is not mentored", both, [p.direction])
            bad_order = rm.rank <= rt.rank
            if bad_order and rm.may_mentor and rt.is_trainee:
                self.add(1, "pair_against_order", f"pair {self.where(p)}: the mentor ('{rm.value}') is not above the trainee ('{rt.value}')", both, [p.direction], limit=rt.rank + 1, actual=rm.rank)
            cm, ct = n.competence_of.get((p.mentor, p.direction)), n.competence_of.get((p.trainee, p.direction))
            if cm is not None and ct is not None and cm.score is not None and ct.score is not None and cm.score < ct.score + gap:
                bad_order = True
                self.add(1, "pair_against_order", f"pair {self.where(p)}: the mentor's score {cm.score:g} is not at least {gap:g} points above the trainee's {ct.score:g}", both, [p.direction], limit=ct.score + gap, actual=cm.score)
            self.against_order += bad_order

    def coverage(self) -> None:
        names, role_of = self.names, self.role_of
        self.needs = {k: r for k, r in role_of.items() if r.is_trainee and k[0] in self.schools and k[1] in self.directions}
        self.deferred = {(d.school, d.direction) for d in self.plan.deferred}
        for (t, d), mentors in sorted(self.covered_by.items()):
            if (t, d) in role_of and not role_of[(t, d)].is_trainee:
                continue  # reported as trainee_is_leader
            if len(mentors) > 1:
                listed = ", ".join(names.s(m) for m in mentors)
                self.add(1, "trainee_with_several_mentors", f"{names.s(t)} has {len(mentors)} mentors in {names.d(d)} ({listed}); a trainee team has exactly one", [t, *mentors], [d], limit=1, actual=len(mentors))
        for (t, d), role in sorted(self.needs.items()):
            covered = bool(self.covered_by.get((t, d)))
            if not covered and (t, d) not in self.deferred:
                self.add(1, "trainee_without_mentor", f"{names.s(t)} ('{role.value}') in {names.d(d)} has no mentor and is not deferred", [t], [d], limit=1, actual=0)
            elif covered and (t, d) in self.deferred:
                self.add(1, "deferred_and_covered", f"{names.s(t)} in {names.d(d)} is both mentored and deferred", [t], [d])
        for t, d in sorted(self.deferred):
            if (t, d) not in self.needs:
                what = "does not take part in it" if (t, d) not in role_of else f"is '{role_of[(t, d)].value}' there, not a trainee"
                self.add(1, "deferred_not_a_need", f"{names.s(t)} is deferred in {names.d(d)} but {what}", [t], [d])

    # -- constraints 2 and 3: loads ------------------------------------------------

    def mentor_caps(self) -> None:
        by_mentor_dir = Counter((p.mentor, p.direction) for p in self.known_pairs)
        by_mentor = Counter(p.mentor for p in self.known_pairs)
        for (m, d), k in sorted(by_mentor_dir.items()):
            cap = self.policy.cap_of(self.directions[d])
            if k > cap:
                self.add(2, "mentor_over_cap", f"{self.names.s(m)} mentors {k} trainee teams in {self.names.d(d)}, above the cap of {cap} per mentor", [m], [d], limit=cap, actual=k)
        for (m, d), k in sorted(by_mentor_dir.items()):
            # A group direction's group runs with at least group_min trainee teams (or not at all).
            direction = self.directions[d]
            if direction.format == "group" and direction.group_min is not None and k < direction.group_min:
                self.add(2, "group_too_small", f"{self.names.s(m)} mentors a group of {k} trainee teams in {self.names.d(d)}, below the group's minimum of {direction.group_min}", [m], [d], limit=direction.group_min, actual=k)
        for m, k in sorted(by_mentor.items()):
            cap = self.policy.host_capacity_of(self.schools[m])
            if k > cap:
                dirs = sorted({d for (mm, d) in by_mentor_dir if mm == m})
                self.add(2, "host_over_capacity", f"{self.names.s(m)} hosts {k} trainee teams this year, above its host capacity of {cap}", [m], dirs, limit=cap, actual=k)

    def trainee_directions(self) -> None:
        learns: dict[str, set[str]] = defaultdict(set)
        for p in self.known_pairs:
            learns[p.trainee].add(p.direction)
        for t, dirs in sorted(learns.items()):
            limit = self.policy.max_trainee_directions_of(self.schools[t])
            if len(dirs) > limit:
                self.add(3, "too_many_trainee_directions", f"{self.names.s(t)} learns in {len(dirs)} directions this year ({', '.join(sorted(dirs))}), above its limit of {limit}; defer the rest", [t], sorted(dirs), limit=limit, actual=len(dirs))

    # -- constraint 4: distance, locks, municipalities ---------------------------

    def geography_and_locks(self) -> None:
        policy, names = self.policy, self.names
        for i, p in enumerate(self.known_pairs):
            m, t = self.schools[p.mentor], self.schools[p.trainee]
            online = self.directions[p.direction].online
            km = None if online else distance_km(m, t)
            if online:
                online_km = distance_km(m, t)
                if policy.online_max_km is not None and online_km is not None and online_km > policy.online_max_km + KM_TOLERANCE:
                    self.add(4, "online_pair_too_long", f"the online pair {self.where(p)} is {online_km:.1f} km apart, above the online radius of {policy.online_max_km:g} km", [p.mentor, p.trainee], [p.direction], limit=policy.online_max_km, actual=round(online_km, 3))
                if policy.online_same_municipality and m.municipality != t.municipality:
                    self.add(4, "online_pair_across_municipalities", f"the online pair {self.where(p)} crosses municipalities ({m.municipality or '—'} → {t.municipality or '—'}), which the policy does not allow", [p.mentor, p.trainee], [p.direction])
            if km is not None:
                self.km_of[i] = km
                if policy.max_km is not None and km > policy.max_km + KM_TOLERANCE:
                    self.add(4, "pair_too_long", f"{self.where(p)} is {km:.1f} km apart, above the limit of {policy.max_km:g} km", [p.mentor, p.trainee], [p.direction], limit=policy.max_km, actual=round(km, 3))
            if not policy.cross_municipality and m.municipality != t.municipality:
                self.add(4, "pair_across_municipalities", f"{self.where(p)} crosses municipalities ({m.municipality or '—'} → {t.municipality or '—'}), which the policy does not allow", [p.mentor, p.trainee], [p.direction])
        between: dict[tuple[str, str], list[Pair]] = defaultdict(list)
        for p in self.known_pairs:
            between[(p.mentor, p.trainee)].append(p)
        for lock in self.network.locks.forbidden:
            for p in between.get((lock.mentor, lock.trainee), ()):
                if lock.direction is None or p.direction == lock.direction:
                    self.add(4, "forbidden_pair", f"{self.where(p)} is forbidden by a lock (for {names.d(lock.direction)})", [p.mentor, p.trainee], [p.direction])
        if policy.profile_hosts and self.network.indicators:
            # The profile's rules (mentornet.profile), read from the input: who may host a site.
            hosts = classify(self.network, policy).host_schools()
            for p in self.known_pairs:
                if p.mentor not in hosts:
                    self.add(4, "mentor_not_profile_host", f"{self.where(p)}: {names.s(p.mentor)} mentors, but its indicators do not class it as high results or resilient (profile_hosts)", [p.mentor, p.trainee], [p.direction])
        present = {(p.mentor, p.trainee, p.direction) for p in self.known_pairs}
        for lock in self.network.locks.pairs:
            if (lock.mentor, lock.trainee, lock.direction) not in present:
                self.add(4, "locked_pair_missing", f"the kept pair {names.s(lock.mentor)} → {names.s(lock.trainee)} in {names.d(lock.direction)} is not in the plan", [lock.mentor, lock.trainee], [lock.direction])

    # -- constraint 5: involvement ---------------------------------------------

    def involvement(self) -> None:
        involved = {p.mentor for p in self.known_pairs} | {p.trainee for p in self.known_pairs}
        site_based = self.policy.shape == "site_based"
        dirs_of: dict[str, list[str]] = defaultdict(list)
        for comp in self.network.competences:
            dirs_of[comp.school].append(comp.direction)
        for s in self.network.schools:
            # The site-based shape: involvement means every low-results school is attached.
            if site_based and s.results is not Results.low:
                continue
            if s.id not in involved:
                self.add(5, "school_not_involved", f"{self.names.s(s.id)} takes part in no pair (neither mentor nor trainee); every school must be involved", [s.id], sorted(dirs_of.get(s.id, ())))

    # -- constraint 6: curators ----------------------------------------------

    def curators(self) -> None:
        n = self.network
        listed = {c for d in n.directions for c in d.curators}
        kinds = list(dict.fromkeys(c.kind or "" for c in n.curators))
        flag = self.policy.unsupervised == "flag"
        for p in self.known_pairs:
            both = [p.mentor, p.trainee]
            # A pair names its curators in ``curator`` and ``curators`` (one per kind).
            named = list(dict.fromkeys(c for c in (p.curator, *p.curators) if c is not None))
            if not named and not n.curators:
                continue  # without any curator in the network, pairs go unsupervised
            of_kind: dict[str, list[str]] = defaultdict(list)
            for c_id in named:
                if c_id not in n.curator_by_id:
                    self.add(6, "unknown_curator", f"the pair {self.where(p)} names curator '{c_id}', who is not in the network", both, [p.direction])
                    continue
                self.curator_load[c_id] += 1
                self.curator_schools[c_id].add(p.trainee)
                of_kind[n.curator_by_id[c_id].kind or ""].append(c_id)
                if not _curator_in_scope(n, c_id, p.direction, self.schools[p.trainee], listed):
                    self.add(6, "curator_out_of_scope", f"curator {self.names.c(c_id)} supervises {self.where(p)}, outside their scope (directions / municipality of the trainee)", both, [p.direction])
            for kind, ids in of_kind.items():
                if len(ids) > 1:
                    listed_ids = ", ".join(self.names.c(c) for c in ids)
                    self.add(6, "curators_of_one_kind", f"the pair {self.where(p)} has {len(ids)} curators of the kind '{kind or 'curator'}' ({listed_ids}); a pair has one of each kind", both, [p.direction], limit=1, actual=len(ids))
            missing = False
            for kind in kinds:
                if of_kind.get(kind):
                    continue
                # A kind may be missing only when the policy flags such pairs and no
                # curator of that kind could supervise this one (a district without a consultant).
                if flag and not any((c.kind or "") == kind and _curator_in_scope(n, c.id, p.direction, self.schools[p.trainee], listed) for c in n.curators):
                    missing = True
                    continue
                what = f" of the kind '{kind}'" if kind else ""
                self.add(6, "pair_without_curator", f"the pair {self.where(p)} has no curator{what}", both, [p.direction])
            self.unsupervised += missing
        for c_id, k in sorted(self.curator_load.items()):
            limit = n.curator_by_id[c_id].max_teams
            if limit is not None and k > limit:
                dirs = sorted({p.direction for p in self.known_pairs if c_id in (p.curator, *p.curators)})
                self.add(6, "curator_over_limit", f"curator {self.names.c(c_id)} supervises {k} pairs, above their limit of {limit}", [], dirs, limit=limit, actual=k)
        for c_id, schools in sorted(self.curator_schools.items()):
            limit = n.curator_by_id[c_id].max_schools
            if limit is not None and len(schools) > limit:
                dirs = sorted({p.direction for p in self.known_pairs if c_id in (p.curator, *p.curators)})
                self.add(6, "curator_over_school_limit", f"curator {self.names.c(c_id)} supervises pairs of {len(schools)} trainee schools, above their limit of {limit} schools", sorted(schools), dirs, limit=limit, actual=len(schools))


    # -- constraint 7: sites ----------------------------------------------------

    def sites(self) -> None:
        n = self.network
        member_of = {sid: site.id for site in n.sites for sid in site.schools}
        # The site group a pair's trainee learns at: the mentor's site, or the mentor itself.
        groups: dict[str, set[str]] = defaultdict(set)
        site_pairs: Counter[str] = Counter()
        site_trainees: dict[str, set[str]] = defaultdict(set)
        for p in self.known_pairs:
            g = member_of.get(p.mentor, p.mentor)
            groups[p.trainee].add(g)
            if p.mentor in member_of:
                site_pairs[g] += 1
                site_trainees[g].add(p.trainee)
        for site in n.sites:
            k = len(site_trainees.get(site.id, ()))
            if site.max_schools is not None and k > site.max_schools:
                self.add(7, "site_over_schools", f"site {site.label} hosts {k} trainee schools, above its limit of {site.max_schools}", site.schools, [], limit=site.max_schools, actual=k)
            k = site_pairs.get(site.id, 0)
            if site.max_pairs is not None and k > site.max_pairs:
                self.add(7, "site_over_pairs", f"site {site.label} hosts {k} pairs, above its limit of {site.max_pairs}", site.schools, [], limit=site.max_pairs, actual=k)
        if self.policy.one_site:
            for t, gs in sorted(groups.items()):
                if len(gs) > 1:
                    label = ", ".join(sorted(n.site_by_id[g].label if g in n.site_by_id else self.names.s(g) for g in gs))
                    dirs = sorted({p.direction for p in self.known_pairs if p.trainee == t})
                    self.add(7, "trainee_at_several_sites", f"{self.names.s(t)} learns at {len(gs)} sites ({label}); the policy allows one site per school", [t], dirs, limit=1, actual=len(gs))


def _metrics(
    network: Network,
    policy: Policy,
    pairs: list[Pair],
    needs: dict[tuple[str, str], Level],
    deferred: set[tuple[str, str]],
    km_of: dict[int, float],
    against_order: int,
    curator_load: Counter[str],
) -> dict[str, Any]:
    schools = network.school_by_id
    # The figures of the pairs come from the one metrics computation (shared with
    # the network figures); the checker adds what only its own checks know.
    fig = pair_figures(network, policy, pairs, needs)
    covered = set(fig["covered_needs"])
    w_total, w_cov = fig["weighted_deficits_total"], fig["weighted_deficits_covered"]
    kms = list(km_of.values())
    n_needs = len(needs)
    return {
        "schools": len(network.schools),
        "directions": len(network.directions),
        "schools_involved": fig["schools_involved"],
        "schools_mentoring": fig["schools_mentoring"],
        "schools_never_mentoring": len(network.schools) - fig["schools_mentoring"],
        "pairs": fig["pairs"],
        "trainee_needs": n_needs,
        "needs_covered": fig["needs_covered"],
        "needs_deferred": sum(1 for k in deferred if k in needs and k not in covered),
        "weighted_deficits_total": w_total,
        "weighted_deficits_covered": w_cov,
        "coverage_ratio": round(fig["needs_covered"] / n_needs, 6) if n_needs else 1.0,
        "weighted_coverage_ratio": round(w_cov / w_total, 6) if w_total else 1.0,
        "mentor_load": fig["mentor_load"],
        "mentor_load_by_direction": fig["mentor_load_by_direction"],
        "max_host_load": fig["max_host_load"],
        "trainee_load": fig["trainee_load"],
        "curator_load": dict(sorted(curator_load.items())),
        "mutual_exchanges": fig["mutual_exchanges"],
        "total_km": round(sum(kms), 3),
        "mean_km": round(sum(kms) / len(kms), 3) if kms else 0.0,
        "pairs_with_km": len(kms),
        "pairs_against_order": against_order,
        # Unknown kinds or settlements never count as the same.
        "pairs_same_kind": sum(1 for p in pairs if schools[p.mentor].kind is not None and schools[p.mentor].kind == schools[p.trainee].kind),
        "pairs_same_settlement": sum(1 for p in pairs if schools[p.mentor].settlement is not None
                                     and schools[p.mentor].settlement == schools[p.trainee].settlement),
    }


def is_valid_plan(network: Network, plan: Plan, policy: Policy | None = None) -> bool:
    """Whether a plan satisfies every hard constraint.

    Parameters
    ----------
    network : Network
    plan : Plan
    policy : Policy, optional

    Returns
    -------
    bool
        ``check_plan(network, plan, policy).ok``.
    """
    return check_plan(network, plan, policy).ok


def plan_figures(network: Network, plan: Plan, policy: Policy | None = None) -> dict[str, Any]:
    """Figures of a plan for summaries and side-by-side comparison.

    A view of the checker's metrics (:func:`check_plan`), the only metrics
    computation, under the short names the CLI summary and the exports use.

    Returns
    -------
    dict
        ``schools``, ``schools_involved`` (in at least one pair),
        ``schools_mentoring``, ``needs`` (trainee roles), ``needs_covered``,
        ``needs_deferred``, ``weighted_deficits_covered`` (Σ need weight of
        covered needs), ``mutual_exchanges``, ``pairs``, ``mean_km`` (one
        decimal; None without a measured distance), ``max_host_load``.
    """
    m = check_plan(network, plan, policy).metrics
    return {
        "schools": m["schools"],
        "schools_involved": m["schools_involved"],
        "schools_mentoring": m["schools_mentoring"],
        "needs": m["trainee_needs"],
        "needs_covered": m["needs_covered"],
        "needs_deferred": m["needs_deferred"],
        "weighted_deficits_covered": m["weighted_deficits_covered"],
        "mutual_exchanges": m["mutual_exchanges"],
        "pairs": m["pairs"],
        "mean_km": round(float(m["mean_km"]), 1) if m["pairs_with_km"] else None,
        "max_host_load": m["max_host_load"],
    }


def handmade_figures(network: Network) -> dict[str, Any] | None:
    """Figures of the hand-made plan behind a role table (levels only), else None.

    A role table has roles but no pairs: its "schools mentoring" are the
    schools that lead in at least one direction (18 of 34 in Krymsky 2021).
    """
    if not network.level_only or not network.competences:
        return None
    leaders = {c.school for c in network.competences if c.level is Level.leader}
    needs = sum(1 for c in network.competences if c.level is not Level.leader)
    return {
        "schools": len(network.schools),
        "schools_with_role": len({c.school for c in network.competences}),
        "schools_mentoring": len(leaders),
        "needs": needs,
    }
