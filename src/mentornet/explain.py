"""Why a pair was chosen and why a need was deferred, as messages.

Every solver explains its plan through these functions, so a planner reads
the same words whichever solver planned. Reasons are built from facts (the
candidate edge's score parts, the schools' profiles), never from solver
internals, and are returned as :class:`~mentornet.i18n.Message` values (a
code plus parameters; codes in :mod:`mentornet.messages`), rendered in the
reader's language where they are shown.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mentornet.i18n import LANGUAGES, Message, Param, term
from mentornet.model import Level, Network, Plan, Policy
from mentornet.profile import PRIORITY_CLASSES, Profile

__all__ = [
    "ROLE_NAMES", "DeferralCauses", "alternate_reasons", "curator_balance_reason", "deferral_causes", "pair_reasons", "role_name",
]

#: Earth radius of the checker's and the candidate graph's haversine distance.
_EARTH_KM = 6371.0088
#: km by which a distance computed on arrays may miss :func:`_km`'s, far above their rounding
#: differences: within it of a limit (or of the nearest), :class:`DeferralCauses` asks :func:`_km`.
_KM_SLACK = 0.01


def role_name(role: Level | str, lang: str = "en") -> str:
    """A role's name for people, in ``lang`` (from the gettext catalogue)."""
    return term(lang, "level", Level(role).value)


#: Role names per language, ``{lang: {Level: name}}`` (rendered from the catalogues).
ROLE_NAMES: dict[str, dict[Level, str]] = {lang: {lvl: role_name(lvl, lang) for lvl in Level} for lang in LANGUAGES}


def pair_reasons(
    network: Network,
    mentor: str,
    trainee: str,
    direction: str,
    mentor_role: Level,
    trainee_role: Level,
    parts: dict[str, float],
    distance_km: float | None,
    strategy: str | None = None,
    share: float | None = None,
    *,
    profile: Profile | None = None,
) -> tuple[Message, ...]:
    """The reason for one pair, clause by clause.

    Names the competence gap, the context match (kind, settlement, a
    resilient mentor for a school in adverse conditions, the same profile
    cluster), the distance, continuity with last year, and the trainee's
    priority (its own marks, and its classes by indicators when ``profile``
    is given), as far as each applies; in a mixed-mode direction, the
    on-site ``share`` of the distance that counts as travel.
    """
    m = network.school_by_id[mentor]
    t = network.school_by_id[trainee]
    cm = network.competence_of.get((mentor, direction))
    ct = network.competence_of.get((trainee, direction))
    roles: dict[str, Param] = {"mentor_role": Level(mentor_role).value, "trainee_role": Level(trainee_role).value}
    out: list[Message] = []
    if cm is not None and ct is not None and cm.score is not None and ct.score is not None:
        out.append(Message(code="pair.gap_scores", params={**roles, "mentor_score": cm.score, "trainee_score": ct.score}))
    else:
        out.append(Message(code="pair.gap", params=roles))
    # Only facts the input gave: an unknown kind or settlement matches nothing.
    if m.kind is not None and m.kind == t.kind:
        out.append(Message(code="pair.same_kind", params={"kind": m.kind.value}))
    if m.settlement is not None and m.settlement == t.settlement:
        out.append(Message(code="pair.same_settlement", params={"settlement": m.settlement.value}))
    if t.is_adverse and m.is_resilient:
        out.append(Message(code="pair.resilient_mentor"))
    clusters = profile.cluster_of() if profile is not None else {}
    if mentor in clusters and clusters.get(trainee) == clusters[mentor]:
        out.append(Message(code="pair.same_cluster", params={"cluster": clusters[mentor]}))
    if distance_km is not None:
        out.append(Message(code="pair.distance", params={"km": float(distance_km)}))
        d = network.direction_by_id[direction]
        if d.is_mixed and share is not None:
            out.append(Message(code="pair.mixed", params={"percent": round(100 * share)}))
    # Locality goals in force (issue 14): facts of the input, the km from the coordinates.
    if parts.get("own_municipality", 0) > 0:
        out.append(Message(code="pair.own_site_in_district", params={"municipality": t.municipality}))
    if parts.get("nearest_site", 0) > 0:
        km = _km(network, mentor, trainee)
        if km is not None:
            out.append(Message(code="pair.nearest_site", params={"km": round(km, 1)}))
    cont = parts.get("continuity", 0)
    if cont and strategy == "wide":
        out.append(Message(code="pair.novelty"))
    elif cont:
        if (mentor, trainee, direction) in network.history_pair_keys:
            out.append(Message(code="pair.continues_pair"))
        elif (trainee, direction) in network.history_learnt_keys:
            out.append(Message(code="pair.continues_direction"))
        else:
            out.append(Message(code="pair.novelty"))
    if t.is_priority:
        why = [w for w, f in (("low_results", t.results is not None and t.results.value == "low"), ("adverse", t.is_adverse), ("new", t.is_new)) if f]
        out.append(Message(code="pair.priority", params={"why": ",".join(why)}))
    tp = profile.by_school.get(trainee) if profile is not None else None
    if tp is not None and tp.is_priority:
        out.append(Message(code="pair.profile_priority", params={"classes": ",".join(c for c in tp.classes if c in PRIORITY_CLASSES)}))
    return tuple(out)


def _km(network: Network, a: str, b: str) -> float | None:
    sa, sb = network.school_by_id[a], network.school_by_id[b]
    if sa.lat is None or sa.lon is None or sb.lat is None or sb.lon is None:
        return None
    p1, p2 = math.radians(sa.lat), math.radians(sb.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(sb.lon - sa.lon) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def deferral_causes(
    network: Network,
    policy: Policy,
    school: str,
    direction: str,
    role: Level,
    *,
    role_of: Mapping[tuple[str, str], Level],
    learns: int,
    mentor_load: Mapping[tuple[str, str], int],
    host_load: Mapping[str, int],
    curator_load: Mapping[str, int],
    curator_schools: Mapping[str, set[str]] | None = None,
    site_pairs: Mapping[str, int] | None = None,
    site_trainees: Mapping[str, set[str]] | None = None,
) -> tuple[Message, ...]:
    """The binding cause(s) of one deferral, read from the final plan.

    Every school ranked above the team in the direction is a possible
    mentor; each is checked against the constraints in the order a planner
    would relax them: a forbidding lock, the score gap, the municipality
    rule, the distance limit (the constraints that keep it out of reach),
    then, for the mentors in reach, the plan's loads: the mentor's cap in the
    direction, its host capacity and the curators of the team. The causes
    stated are those that block every mentor; when some mentor in reach had
    room and the school was below its yearly limit, the solver's own choice
    is said to be the cause.

    A plan explaining many deferrals builds one :class:`DeferralCauses`
    and asks it need by need (the same causes, the plan's facts read once).

    Parameters
    ----------
    network, policy
        The network planned and the policy the plan was made with.
    school, direction, role
        The deferred trainee need.
    role_of : mapping
        ``(school, direction) -> role`` of the plan.
    learns : int
        Directions the school learns in this year in the plan.
    mentor_load, host_load, curator_load : mapping
        The plan's pairs per ``(mentor, direction)``, per mentor and per curator.
    curator_schools : mapping, optional
        The plan's trainee schools per curator (for ``max_schools``).

    Returns
    -------
    tuple of Message
        One message per binding cause, with figures (the mentors and their
        loads, the curators and theirs, the nearest mentor's distance).
    """
    causes = DeferralCauses(
        network, policy, role_of=role_of, mentor_load=mentor_load, host_load=host_load, curator_load=curator_load,
        curator_schools=curator_schools, site_pairs=site_pairs, site_trainees=site_trainees,
    )
    return causes(school, direction, role, learns=learns)


@dataclass
class _DirectionFacts:
    """One direction's possible mentors as arrays over the network's schools (see :class:`DeferralCauses`)."""

    rank: np.ndarray  # the plan's rank of each school that may mentor, -1 for the others
    score: np.ndarray  # competence score, NaN when unknown
    load: np.ndarray  # the plan's pairs of each school as a mentor
    forbidden: dict[str, list[int]]  # trainee -> positions of the mentors a lock forbids


class DeferralCauses:
    """The binding causes of a plan's deferrals (:func:`deferral_causes`), the plan read once.

    A region defers thousands of needs, each with hundreds of possible
    mentors; this gathers names, coordinates, scores, ranks, loads and
    curator scopes once (per direction on first use) and sorts a need's
    mentors out on arrays. Decisions on a distance are made on the exact
    distance (:func:`_km`): the arrays only spare computing it where it is
    far from the limit.

    Parameters
    ----------
    network, policy, role_of, mentor_load, host_load, curator_load, curator_schools, site_pairs, site_trainees
        As for :func:`deferral_causes`; the mappings are read, not copied,
        and must not change while this is used.
    """

    def __init__(
        self,
        network: Network,
        policy: Policy,
        *,
        role_of: Mapping[tuple[str, str], Level],
        mentor_load: Mapping[tuple[str, str], int],
        host_load: Mapping[str, int],
        curator_load: Mapping[str, int],
        curator_schools: Mapping[str, set[str]] | None = None,
        site_pairs: Mapping[str, int] | None = None,
        site_trainees: Mapping[str, set[str]] | None = None,
    ):
        self.net, self.pol = network, policy
        self.role_of, self.mentor_load, self.curator_load = role_of, mentor_load, curator_load
        self.curator_schools = curator_schools or {}
        self.site_pairs, self.site_trainees = site_pairs, site_trainees
        schools = network.schools
        self._ids = [s.id for s in schools]
        self._pos = {sid: i for i, sid in enumerate(self._ids)}
        self._name = {s.id: s.name or s.id for s in schools}
        self._lat = np.array([np.nan if s.lat is None else s.lat for s in schools], dtype=np.float64)
        self._lon = np.array([np.nan if s.lon is None else s.lon for s in schools], dtype=np.float64)
        self._coords = np.array([s.lat is not None and s.lon is not None for s in schools], dtype=bool)
        codes: dict[str, int] = {}
        self._muni = np.array([codes.setdefault(s.municipality, len(codes)) for s in schools], dtype=np.int64)
        self._site = np.array([s.id in network.site_of for s in schools], dtype=bool)
        self._host_load = np.array([host_load.get(s.id, 0) for s in schools], dtype=np.int64)
        self._host_cap = np.array([policy.host_capacity_of(s) for s in schools], dtype=np.int64)
        self._host_load_of = host_load
        self._directions: dict[str, _DirectionFacts] = {}
        self._sites_learnt = _mentor_trainees(site_trainees) if site_trainees is not None else []

    def _direction(self, direction: str) -> _DirectionFacts:
        facts = self._directions.get(direction)
        if facts is None:
            role_of, comp = self.role_of, self.net.competence_of
            ranks = []
            for sid in self._ids:
                r = role_of.get((sid, direction))
                ranks.append(r.rank if r is not None and r.may_mentor else -1)
            scores = []
            for sid in self._ids:
                c = comp.get((sid, direction))
                scores.append(np.nan if c is None or c.score is None else c.score)
            forbidden: dict[str, list[int]] = defaultdict(list)
            for f in self.net.locks.forbidden:
                if f.direction in (None, direction) and f.mentor in self._pos:
                    forbidden[f.trainee].append(self._pos[f.mentor])
            facts = _DirectionFacts(
                rank=np.array(ranks, dtype=np.int64), score=np.array(scores, dtype=np.float64),
                load=np.array([self.mentor_load.get((sid, direction), 0) for sid in self._ids], dtype=np.int64),
                forbidden=dict(forbidden),
            )
            self._directions[direction] = facts
        return facts

    def _km_approx(self, here: int, pos: np.ndarray) -> np.ndarray:
        """:func:`_km` from the mentors at ``pos`` to the school at ``here``, on arrays (to within rounding)."""
        p1, p2 = np.radians(self._lat[pos]), math.radians(self._lat[here])
        dl = np.radians(self._lon[here] - self._lon[pos])
        h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
        return 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))

    def _beyond(self, here: int, pos: np.ndarray, limit: float) -> np.ndarray:
        """Whether each mentor at ``pos`` is more than ``limit`` km away (False without coordinates).

        Exact: the distance within :data:`_KM_SLACK` of the limit is recomputed by :func:`_km`.
        """
        out = np.zeros(len(pos), dtype=bool)
        if not self._coords[here]:
            return out
        known = self._coords[pos]
        kpos = pos[known]
        approx = self._km_approx(here, kpos)
        beyond = approx > limit
        unsure = ~(np.abs(approx - limit) > _KM_SLACK)
        school = self._ids[here]
        for i in np.flatnonzero(unsure).tolist():
            km = _km(self.net, self._ids[int(kpos[i])], school)
            beyond[i] = km is not None and km > limit
        out[known] = beyond
        return out

    def _nearest(self, here: int, pos: np.ndarray) -> tuple[float, str]:
        """``(km, mentor)`` of the nearest mentor at ``pos`` (exact, ties to the smaller id), all with coordinates."""
        approx = self._km_approx(here, pos)
        near = pos[approx <= approx.min() + _KM_SLACK]
        school = self._ids[here]
        return min((km, self._ids[p]) for p in near.tolist() if (km := _km(self.net, self._ids[p], school)) is not None)

    def __call__(self, school: str, direction: str, role: Level, *, learns: int) -> tuple[Message, ...]:
        """The binding cause(s) of one deferred need (:func:`deferral_causes`)."""
        net, pol = self.net, self.pol
        d = net.direction_by_id[direction]
        name = self._name
        out: list[Message] = []
        limit = pol.max_trainee_directions_of(net.school_by_id[school])
        at_limit = learns >= limit
        if at_limit:
            out.append(Message(code="deferred.limit", params={"n": learns, "limit": limit, "role": Level(role).value}))
        facts = self._direction(direction)
        here = self._pos[school]
        above = facts.rank > Level(role).rank
        above[here] = False
        pos = np.flatnonzero(above)
        if not len(pos):
            return (*out, Message(code="deferred.no_mentor", params={"direction": d.label}))
        none = np.zeros(len(pos), dtype=bool)
        # Each mentor counts under the first rule that keeps it away, in this order.
        online = none
        if d.online:
            online = self._beyond(here, pos, pol.online_max_km) if pol.online_max_km is not None else none
            if pol.online_same_municipality:
                online = online | (self._muni[pos] != self._muni[here])
        ct = net.competence_of.get((school, direction))
        rules = {
            "not_site": ~self._site[pos] if pol.shape == "site_based" and net.sites else none,
            "online": online,
            "forbidden": np.isin(pos, facts.forbidden[school]) if school in facts.forbidden else none,
            "gap": facts.score[pos] < ct.score + pol.min_gap if ct is not None and ct.score is not None else none,
            "municipality": self._muni[pos] != self._muni[here] if not pol.cross_municipality else none,
            "far": self._beyond(here, pos, pol.max_km) if not d.online and pol.max_km is not None else none,
        }
        left = np.ones(len(pos), dtype=bool)
        hits: dict[str, np.ndarray] = {}
        for rule, hit in rules.items():
            hits[rule] = hit & left
            left &= ~hit
        if not left.any():
            blocked = {rule: [self._ids[p] for p in pos[hit].tolist()] for rule, hit in hits.items()}
            if blocked["far"]:
                km, m = self._nearest(here, pos[hits["far"]])
                out.append(Message(code="deferred.too_far", params={
                    "n": len(blocked["far"]), "direction": d.label, "mentor": name[m], "km": round(km, 1), "max_km": pol.max_km}))
            if blocked["forbidden"]:
                out.append(Message(code="deferred.forbidden", params={
                    "n": len(blocked["forbidden"]), "mentors": ", ".join(name[m] for m in blocked["forbidden"])}))
            if blocked["gap"]:
                out.append(Message(code="deferred.score_gap", params={"n": len(blocked["gap"]), "min_gap": pol.min_gap}))
            if blocked["municipality"]:
                out.append(Message(code="deferred.other_municipality", params={"n": len(blocked["municipality"])}))
            if blocked["not_site"]:
                out.append(Message(code="deferred.not_a_site", params={
                    "n": len(blocked["not_site"]), "mentors": ", ".join(name[m] for m in blocked["not_site"][:5])}))
            if blocked["online"]:
                out.append(Message(code="deferred.online_too_far", params={
                    "n": len(blocked["online"]), "max_km": pol.online_max_km if pol.online_max_km is not None else 0}))
            return tuple(out)
        reach = pos[left]
        # Sites (hard rule 7): a site at its limit of pairs, or of schools when this school is new there;
        # with one_site, every site but the one the school already learns at.
        site_pairs, site_trainees = self.site_pairs, self.site_trainees
        if site_pairs is not None and site_trainees is not None and net.sites:
            member = net.site_of
            own = {member.get(p_m, p_m) for p_m, trainees in self._sites_learnt if school in trainees}
            full_sites: dict[str, str] = {}
            other: list[str] = []
            for m in (self._ids[p] for p in reach.tolist()):
                g = member.get(m, m)
                site = net.site_by_id.get(g)
                if site is not None and ((site.max_pairs is not None and site_pairs.get(g, 0) >= site.max_pairs)
                                         or (site.max_schools is not None and school not in site_trainees.get(g, set())
                                             and len(site_trainees.get(g, set())) >= site.max_schools)):
                    full_sites[m] = site.label
                elif pol.one_site and own and g not in own:
                    other.append(m)
            if full_sites or other:
                dropped = {self._pos[m] for m in (*full_sites, *other)}
                reach = np.array([p for p in reach.tolist() if p not in dropped], dtype=np.int64)
                if full_sites:
                    labels = sorted(set(full_sites.values()))
                    out.append(Message(code="deferred.site_full", params={"n": len(labels), "sites": ", ".join(labels)}))
                if other:
                    g = sorted(own)[0]
                    out.append(Message(code="deferred.other_site", params={
                        "site": net.site_by_id[g].label if g in net.site_by_id else name.get(g, g)}))
                if not len(reach):
                    return tuple(out)
        cap = pol.cap_of(d)
        at_cap = facts.load[reach] >= cap
        at_host = self._host_load[reach] >= self._host_cap[reach]
        # Curators: every kind needs a curator in scope with room (pairs, and schools unless
        # the school is already theirs); a kind with none in scope blocks unless the policy flags it.
        cur_schools, curator_load = self.curator_schools, self.curator_load
        no_kind: list[str] = []
        full_pairs: list[str] = []
        full_schools: list[str] = []
        if net.curators:
            in_scope = net.curators_in_scope(direction, school)
            for kind in net.curator_kinds:
                scope = [c for c in in_scope if c.kind_key == kind]
                if not scope:
                    if pol.unsupervised != "flag":
                        no_kind.append(kind)
                    continue
                by_pairs = [c.id for c in scope if c.max_teams is not None and curator_load.get(c.id, 0) >= c.max_teams]
                by_schools = [c.id for c in scope if c.id not in by_pairs and c.max_schools is not None
                              and school not in cur_schools.get(c.id, set()) and len(cur_schools.get(c.id, set())) >= c.max_schools]
                if len(by_pairs) + len(by_schools) == len(scope):
                    full_pairs += by_pairs
                    full_schools += by_schools
        curator_blocks = bool(no_kind or full_pairs or full_schools)
        free = int(np.count_nonzero(~at_cap & ~at_host))
        if free and not curator_blocks:
            if not at_limit:
                out.append(Message(code="deferred.not_chosen", params={"n": free}))
            return tuple(out)
        if curator_blocks:
            cname = {c.id: c.name or c.id for c in net.curators}
            if no_kind:
                out.append(Message(code="deferred.no_curator", params={"direction": d.label}))
            if full_pairs:
                out.append(Message(code="deferred.curator_limit", params={
                    "n": len(full_pairs),
                    "curators": ", ".join(f"{cname[c]} ({curator_load.get(c, 0)}/{net.curator_by_id[c].max_teams})" for c in full_pairs)}))
            if full_schools:
                out.append(Message(code="deferred.curator_school_limit", params={
                    "n": len(full_schools),
                    "curators": ", ".join(f"{cname[c]} ({len(cur_schools.get(c, set()))}/{net.curator_by_id[c].max_schools})" for c in full_schools)}))
        if not free:
            full_cap = [self._ids[p] for p in reach[at_cap].tolist()]
            if full_cap:
                out.append(Message(code="deferred.mentor_cap", params={
                    "n": len(full_cap), "direction": d.label, "cap": cap,
                    "mentors": ", ".join(f"{name[m]} ({self.mentor_load.get((m, direction), 0)}/{cap})" for m in full_cap)}))
            host_only = [self._ids[p] for p in reach[at_host & ~at_cap].tolist()]
            if host_only:
                out.append(Message(code="deferred.host_capacity", params={
                    "n": len(host_only),
                    "mentors": ", ".join(f"{name[m]} ({self._host_load_of.get(m, 0)}/{pol.host_capacity_of(net.school_by_id[m])})"
                                         for m in host_only)}))
        return tuple(out)


def curator_balance_reason(network: Network, plan: Plan) -> Message | None:
    """The curator-balance goal in words: the most loaded curator with a limit and her share of it.

    The share is the one the ``curator_balance`` objective term counts: the
    larger of pairs / ``max_teams`` and trainee schools / ``max_schools``,
    in whole percent rounded up; ties go to the input's curator order.
    None when no curator with a limit supervises a pair.
    """
    pairs: dict[str, int] = {}
    schools: dict[str, set[str]] = {}
    for p in plan.pairs:
        for c in p.all_curators:
            pairs[c] = pairs.get(c, 0) + 1
            schools.setdefault(c, set()).add(p.trainee)
    best: tuple[int, str, int, int, str] | None = None
    for cur in network.curators:
        if cur.id not in pairs:
            continue
        for what, load, limit in (("pairs", pairs[cur.id], cur.max_teams), ("schools", len(schools[cur.id]), cur.max_schools)):
            if limit:
                share = -(-100 * load // limit)
                if best is None or share > best[0]:
                    best = (share, cur.label, load, limit, what)
    if best is None:
        return None
    share, name, load, limit, what = best
    code = "plan.curator_balance" if what == "pairs" else "plan.curator_balance_schools"
    return Message(code=code, params={"curator": name, "share": share, "load": load, "limit": limit})


def _mentor_trainees(site_trainees: Mapping[str, set[str]]) -> list[tuple[str, set[str]]]:
    """``(site group, its trainee schools)`` pairs, in a stable order."""
    return sorted(site_trainees.items())


def alternate_reasons(parts: dict[str, float]) -> tuple[Message, ...]:
    """An alternate mentor's score parts that differ from zero, e.g. «рост компетенций +3»."""
    return tuple(_alternate_part(part, int(value)) for part, value in parts.items() if int(value))


@lru_cache(maxsize=4096)
def _alternate_part(part: str, value: int) -> Message:
    """One part of an alternate's score; a region lists tens of thousands, and a frozen message may be shared."""
    return Message(code="alternate.part", params={"part": part, "value": value})
