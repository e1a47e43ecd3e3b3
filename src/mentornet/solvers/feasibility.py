"""Why no plan exists: cheap counting checks before solving, and explanations after.

Two stages, both speaking a planner's language (school names, direction
names, the rule that bites, and what to relax):

:func:`precheck`
    Counting arguments on the candidate graph that prove infeasibility
    without a solver: a school that can neither mentor nor learn anywhere
    (constraint 5; it says which rule keeps its mentors away: distance above
    ``max_km``, no school ranked above it, a forbidding lock, another
    municipality, the score gap, no curator in scope), a direction whose
    mentors cannot host the trainees that have no other way to take part, a
    locked pair that breaks a rule or a capacity, a curator who alone must
    supervise more teams than their limit. Every conflict it returns is
    certain; :func:`mentornet.solvers.cpsat.solve_cpsat` raises
    :class:`~mentornet.errors.InfeasibleError` with them before solving.

:func:`mentornet.solvers.cpsat.explain.explain_infeasible`
    When CP-SAT still proves the hard constraints contradictory, it names
    the constraint groups that conflict (beside the model it explains).

Deferral is free (docs/design.md constraint 1: a trainee need is covered by
exactly one mentor *or deferred*). A need therefore cannot be deferred only
when its school has no other way to take part in a pair (constraint 5); the
counting checks use exactly those needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mentornet.errors import Conflict, ConflictPart
from mentornet.graph.candidates import CandidateGraph, haversine_km
from mentornet.i18n import Message

__all__ = [
    "NoMentor",
    "curator_scopes",
    "kind_scopes",
    "unsupervisable",
    "precheck",
    "usable_edges",
    "why_no_mentor",
]

# Conflict kinds (stable slugs, used by the API and tests).
KIND_INVOLVEMENT = "involvement"
KIND_CAPACITY = "direction_capacity"
KIND_HOST = "host_capacity"
KIND_LOCK = "locked_pair"
KIND_LIMIT = "trainee_limit"
KIND_CURATOR = "curator_limit"
KIND_SCOPE = "curator_scope"


# ------------------------------------------------------------------ shared helpers


def kind_scopes(cg: CandidateGraph) -> dict[tuple[int, int], dict[str, tuple[str, ...]]] | None:
    """Curators in scope for every possible trainee need, by curator kind.

    Returns
    -------
    dict or None
        ``(school, direction) -> {kind: curator ids (sorted)}`` with every
        kind of the network (``""`` for curators without a kind; an empty
        tuple when no curator of that kind may supervise the team), for every
        team that may be a trainee; None when the network has no curators.
    """
    net = cg.network
    if not net.curators:
        return None
    kinds = net.curator_kinds
    cache: dict[tuple[int, str], dict[str, tuple[str, ...]]] = {}
    out: dict[tuple[int, int], dict[str, tuple[str, ...]]] = {}
    teams = cg.teams
    for s, d, lo in zip(teams["school"].tolist(), teams["direction"].tolist(), teams["rank_min"].tolist()):
        if lo > 1:
            continue
        key = (d, net.schools[s].municipality)
        if key not in cache:
            sid, did = cg.schools[s], cg.directions[d]
            ids = sorted(c.id for c in net.curators_in_scope(did, sid))
            cache[key] = {k: tuple(c for c in ids if net.curator_by_id[c].kind_key == k) for k in kinds}
        out[(s, d)] = cache[key]
    return out


def curator_scopes(cg: CandidateGraph) -> dict[tuple[int, int], tuple[str, ...]] | None:
    """Curators in scope for every possible trainee need (every kind together).

    Returns
    -------
    dict or None
        ``(school, direction) -> curator ids`` (sorted) for every team that
        may be a trainee; None when the network has no curators at all (then
        pairs need none). :func:`kind_scopes` splits them by kind.
    """
    ks = kind_scopes(cg)
    if ks is None:
        return None
    return {key: tuple(sorted(c for ids in by_kind.values() for c in ids)) for key, by_kind in ks.items()}


def unsupervisable(cg: CandidateGraph) -> set[tuple[int, int]]:
    """Trainee needs no plan may cover for want of a curator.

    A need is unsupervisable when some curator kind has no curator in scope
    for it and the policy forbids unsupervised pairs (``Policy.unsupervised``
    = ``forbid``, the default); with ``flag`` such pairs are planned and
    flagged, so no need is unsupervisable.
    """
    ks = kind_scopes(cg)
    if ks is None or cg.policy.unsupervised == "flag":
        return set()
    return {key for key, by_kind in ks.items() if not all(by_kind.values())}


def usable_edges(cg: CandidateGraph, scopes: dict[tuple[int, int], tuple[str, ...]] | None) -> np.ndarray:
    """Edges a plan may use: no rule broken (``problem``) and a curator of each kind in scope
    (unless the policy flags unsupervised pairs) when curators exist."""
    edges = cg.edges
    if edges.empty:
        return np.zeros(0, dtype=bool)
    ok = (edges["problem"].to_numpy() == "")
    if scopes is not None:
        blocked = unsupervisable(cg)
        if blocked:
            has = np.array(
                [(t, d) not in blocked for t, d in zip(edges["trainee"].tolist(), edges["direction"].tolist())],
                dtype=bool,
            )
            ok &= has
    return ok


def _dname(cg: CandidateGraph, d: int) -> str:
    return cg.network.directions[d].label


def _sname(cg: CandidateGraph, s: int) -> str:
    return cg.network.schools[s].label


def _listed(names: Sequence[str], limit: int = 8) -> str:
    """Names joined by commas; past ``limit``, the rest as a count (``… +3``, the same in every language)."""
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", … +{len(names) - limit}"


def _teams_listed(cg: CandidateGraph, needs: Sequence[tuple[int, int]]) -> str:
    """Teams by direction, each direction named once: ``A, B ('Direction 1'); C ('Direction 2')``."""
    by_dir: dict[int, list[str]] = defaultdict(list)
    for s, d in needs:
        by_dir[d].append(_sname(cg, s))
    return "; ".join(f"{_listed(names)} ({_dname(cg, d)!r})" for d, names in by_dir.items())


def _msg(code: str, **params: Any) -> Message:
    return Message(code=code, params=params)


@dataclass
class NoMentor:
    """Why a trainee need has no usable mentor (:func:`why_no_mentor`).

    ``rule`` names the rule that keeps the possible mentors away (the first
    that applies of ``distance``, ``forbidden``, ``municipality``, ``gap``,
    ``other``; or ``no_curator``, ``taken``, ``no_higher_rank``,
    ``not_taking_part``); ``texts`` say it naming the direction, ``short``
    under the direction's heading; ``fixes`` / ``short_fixes`` the same for
    what to relax.
    """

    rule: str
    texts: list[Message] = field(default_factory=list)
    short: list[Message] = field(default_factory=list)
    fixes: list[Message] = field(default_factory=list)
    short_fixes: list[Message] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The reason in English."""
        return "; ".join(m.render("en") for m in self.texts)

    @property
    def fix(self) -> str:
        """The suggested fix in English."""
        return "; or ".join(m.render("en") for m in self.fixes)


def why_no_mentor(
    cg: CandidateGraph,
    school: int,
    direction: int,
    scopes: dict[tuple[int, int], tuple[str, ...]] | None = None,
    blocked: set[tuple[int, int]] | None = None,
) -> NoMentor:
    """Why a trainee need has no usable mentor, and what to relax.

    Parameters
    ----------
    cg : CandidateGraph
    school, direction : int
        The trainee need, as indices of ``cg``.
    scopes : dict, optional
        :func:`curator_scopes` of ``cg`` (None: no curator rule is checked).
    blocked : set, optional
        :func:`unsupervisable` of ``cg``, when the caller has it already
        (it reads every team's scope; a caller explaining many needs passes it).

    Returns
    -------
    NoMentor
        The rule that keeps the possible mentors away, in messages (which
        rule, how many mentors it excludes, the nearest one's distance) and
        the suggested fixes.
    """
    net, pol = cg.network, cg.policy
    teams = cg.teams
    dname = _dname(cg, direction)
    row = cg.team_row.get((school, direction))
    if row is None:
        return NoMentor("not_taking_part", [_msg("conflict.trainee.not_taking_part", direction=dname)],
                        [_msg("conflict.trainee.not_taking_part.short")])
    lo_t = int(teams.at[row, "rank_min"])
    if scopes is not None and (school, direction) in (unsupervisable(cg) if blocked is None else blocked):
        muni = net.schools[school].municipality
        return NoMentor(
            "no_curator", [_msg("conflict.trainee.no_curator", direction=dname)], [_msg("conflict.trainee.no_curator.short")],
            [_msg("conflict.fix.curator", direction=dname, municipality=muni)], [_msg("conflict.fix.curator.short", municipality=muni)],
        )
    if not cg.edges.empty:
        into = cg.mentors_of(school, direction)
        if len(into) and (into["problem"] == "").any():
            return NoMentor("taken", [_msg("conflict.trainee.taken", direction=dname)], [_msg("conflict.trainee.taken.short")])
    dt = teams[teams["direction"] == direction]
    pot = dt[(dt["rank_max"] >= 1) & (dt["rank_max"] > lo_t) & (dt["school"] != school)]
    if pot.empty:
        code = "conflict.trainee.no_leader" if lo_t == 1 else "conflict.trainee.no_higher"
        return NoMentor(
            "no_higher_rank", [_msg(code, direction=dname)], [_msg(code + ".short")],
            [_msg("conflict.fix.leader", direction=dname)], [_msg("conflict.fix.leader.short")],
        )
    st = net.schools[school]
    forbidden_any = {(p.mentor, p.trainee) for p in net.locks.forbidden if p.direction is None}
    forbidden_dir = {(p.mentor, p.trainee, p.direction) for p in net.locks.forbidden if p.direction is not None}
    did = cg.directions[direction]
    online = net.directions[direction].online
    counts: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for m, score in zip(pot["school"].tolist(), pot["score"].tolist()):
        sm = net.schools[m]
        if (sm.id, st.id) in forbidden_any or (sm.id, st.id, did) in forbidden_dir:
            counts["forbidden"].append((sm.label, 0.0))
            continue
        comp_t = net.competence_of.get((st.id, did))
        if comp_t is not None and comp_t.score is not None and not np.isnan(score) and score - comp_t.score < pol.min_gap:
            counts["gap"].append((sm.label, 0.0))
            continue
        if not pol.cross_municipality and sm.municipality != st.municipality:
            counts["municipality"].append((sm.label, 0.0))
            continue
        if not online and pol.max_km is not None and sm.has_coordinates and st.has_coordinates:
            km = float(haversine_km(sm.lat, sm.lon, st.lat, st.lon))
            if km > pol.max_km:
                counts["distance"].append((sm.label, km))
                continue
        counts["other"].append((sm.label, 0.0))
    head = "conflict.trainee.excluded"
    out = NoMentor("other", [_msg(head, direction=dname, n=len(pot))], [_msg(head + ".short", n=len(pot))])
    if counts["distance"]:
        near = min(counts["distance"], key=lambda x: x[1])
        n, km, max_km = len(counts["distance"]), float(near[1]), float(pol.max_km or 0)
        out.texts.append(_msg("conflict.excluded.distance", n=n, max_km=max_km, mentor=near[0], km=km))
        out.short.append(_msg("conflict.excluded.distance.short", n=n, max_km=max_km, km=km))
        need = float(np.ceil(near[1]))
        out.fixes.append(_msg("conflict.fix.max_km", setting="max_km", km=need, direction=dname))
        out.short_fixes.append(_msg("conflict.fix.max_km.short", setting="max_km", km=need))
    if counts["forbidden"]:
        n = len(counts["forbidden"])
        out.texts.append(_msg("conflict.excluded.forbidden", n=n, mentors=_listed([x for x, _ in counts["forbidden"]], 3)))
        out.short.append(_msg("conflict.excluded.forbidden.short", n=n))
        out.fixes.append(_msg("conflict.fix.forbidden"))
        out.short_fixes.append(_msg("conflict.fix.forbidden"))
    if counts["municipality"]:
        m = _msg("conflict.excluded.municipality", n=len(counts["municipality"]))
        out.texts.append(m)
        out.short.append(m)
        out.fixes.append(_msg("conflict.fix.cross_municipality"))
        out.short_fixes.append(_msg("conflict.fix.cross_municipality"))
    if counts["gap"]:
        m = _msg("conflict.excluded.gap", n=len(counts["gap"]), min_gap=float(pol.min_gap))
        out.texts.append(m)
        out.short.append(m)
        out.fixes.append(_msg("conflict.fix.min_gap", setting="min_gap"))
        out.short_fixes.append(_msg("conflict.fix.min_gap", setting="min_gap"))
    if counts["other"]:
        m = _msg("conflict.excluded.other", n=len(counts["other"]))
        out.texts.append(m)
        out.short.append(m)
    out.rule = next(r for r in ("distance", "forbidden", "municipality", "gap", "other") if counts[r])
    return out


# ------------------------------------------------------------------ pre-checks


def _structure(cg: CandidateGraph, usable: np.ndarray) -> tuple[np.ndarray, set[tuple[int, int]], dict[int, set[int]]]:
    """Per school: usable out-edges, usable needs (directions), limits."""
    e = cg.edges
    n = len(cg.schools)
    if e.empty:
        m = t = d = np.zeros(0, dtype=np.int64)
    else:
        m = e["mentor"].to_numpy()[usable]
        t = e["trainee"].to_numpy()[usable]
        d = e["direction"].to_numpy()[usable]
    can_mentor = np.zeros(n, dtype=bool)
    can_mentor[m] = True
    mentor_dirs: set[tuple[int, int]] = set(zip(m.tolist(), d.tolist()))
    learn_dirs: dict[int, set[int]] = defaultdict(set)
    for tt, dd in zip(t.tolist(), d.tolist()):
        learn_dirs[tt].add(dd)
    return can_mentor, mentor_dirs, learn_dirs


def _forced_needs(cg: CandidateGraph, can_mentor: np.ndarray, learn_dirs: dict[int, set[int]]) -> dict[int, int]:
    """Schools that can take part only by learning, in exactly one direction: ``school -> direction``.

    Such a need cannot be deferred: the school would take part in no pair.
    """
    pol = cg.policy
    out = {}
    for s, dirs in learn_dirs.items():
        if can_mentor[s] or len(dirs) != 1:
            continue
        if pol.max_trainee_directions_of(cg.network.schools[s]) < 1:
            continue
        out[s] = next(iter(dirs))
    return out


def precheck(cg: CandidateGraph) -> list[Conflict]:
    """Certain conflicts found by counting, before any solving.

    Parameters
    ----------
    cg : CandidateGraph

    Returns
    -------
    list of Conflict
        Empty when no counting argument proves the problem infeasible (the
        solver may still find a subtler conflict). Every conflict returned
        is certain: no plan can satisfy the hard constraints.
    """
    net, pol = cg.network, cg.policy
    scopes = curator_scopes(cg)
    blocked = unsupervisable(cg)
    usable = usable_edges(cg, scopes)
    can_mentor, mentor_dirs, learn_dirs = _structure(cg, usable)
    conflicts: list[Conflict] = []
    teams = cg.teams
    by_school: dict[int, list[int]] = defaultdict(list)
    for row, s in enumerate(teams["school"].tolist()):
        by_school[s].append(row)

    # -- locked pairs --------------------------------------------------------
    edges = cg.edges
    locked = edges[edges["locked"]] if not edges.empty else edges
    for row in locked.itertuples():
        names = {"mentor": _sname(cg, row.mentor), "trainee": _sname(cg, row.trainee), "direction": _dname(cg, row.direction)}
        who = [cg.schools[row.mentor], cg.schools[row.trainee]]
        if row.problem:
            problem = cg.lock_problems.get((int(row.mentor), int(row.trainee), int(row.direction))) or Message.text(str(row.problem))
            conflicts.append(Conflict.coded(
                _msg("conflict.lock.breaks", **names), [_msg("conflict.fix.lock")], who, [cg.directions[row.direction]],
                kind=KIND_LOCK, details=[problem],
            ))
        elif scopes is not None and (row.trainee, row.direction) in blocked:
            conflicts.append(Conflict.coded(
                _msg("conflict.lock.no_scope", **names), [_msg("conflict.fix.lock_scope", direction=names["direction"])],
                who, [cg.directions[row.direction]], kind=KIND_SCOPE,
            ))
    if len(locked):
        ok = locked[locked["problem"] == ""]
        for (m, d), grp in ok.groupby(["mentor", "direction"]):
            cap = pol.cap_of(net.directions[int(d)])
            if len(grp) > cap:
                trainees = [_sname(cg, t) for t in grp["trainee"]]
                conflicts.append(Conflict.coded(
                    _msg("conflict.lock.over_cap", mentor=_sname(cg, m), n=len(grp), direction=_dname(cg, d),
                         trainees=_listed(trainees), cap=cap),
                    [_msg("conflict.fix.unlock_cap", k=len(grp) - cap, direction=_dname(cg, d), n=len(grp))],
                    [cg.schools[m], *(cg.schools[t] for t in grp["trainee"])], [cg.directions[int(d)]], kind=KIND_LOCK,
                ))
        for m, grp in ok.groupby("mentor"):
            cap = pol.host_capacity_of(net.schools[int(m)])
            if len(grp) > cap:
                conflicts.append(Conflict.coded(
                    _msg("conflict.lock.over_host", mentor=_sname(cg, m), n=len(grp), cap=cap),
                    [_msg("conflict.fix.unlock_host", k=len(grp) - cap, setting="host_capacity", n=len(grp))],
                    [cg.schools[int(m)]], sorted({cg.directions[int(d)] for d in grp["direction"]}), kind=KIND_LOCK,
                ))
        for (t, d), grp in ok.groupby(["trainee", "direction"]):
            if len(grp) > 1:
                mentors = [_sname(cg, x) for x in grp["mentor"]]
                conflicts.append(Conflict.coded(
                    _msg("conflict.lock.two_mentors", trainee=_sname(cg, t), n=len(grp), direction=_dname(cg, d),
                         mentors=_listed(mentors)),
                    [_msg("conflict.fix.one_lock")],
                    [cg.schools[int(t)], *(cg.schools[x] for x in grp["mentor"])], [cg.directions[int(d)]], kind=KIND_LOCK,
                ))
        for t, grp in ok.groupby("trainee"):
            dirs = sorted({int(d) for d in grp["direction"]})
            limit = pol.max_trainee_directions_of(net.schools[int(t)])
            if len(dirs) > limit:
                conflicts.append(Conflict.coded(
                    _msg("conflict.lock.over_limit", trainee=_sname(cg, t), n=len(dirs),
                         directions=_listed([_dname(cg, d) for d in dirs]), limit=limit),
                    [_msg("conflict.fix.unlock_limit", k=len(dirs) - limit, setting="max_trainee_directions", n=len(dirs))],
                    [cg.schools[int(t)]], [cg.directions[d] for d in dirs], kind=KIND_LIMIT,
                ))

    # -- constraint 5: every school can take part somewhere ------------------
    required = cg.sites.required
    for s, school in enumerate(net.schools):
        if not required[s]:
            continue  # the site-based shape: only low-results schools must be attached
        rows = by_school.get(s, [])
        if not rows:
            conflicts.append(Conflict.coded(
                _msg("conflict.no_direction", school=school.label),
                [_msg("conflict.fix.no_direction", school=school.label)],
                [school.id], [], kind=KIND_INVOLVEMENT,
                parts=[ConflictPart("no_direction", [_msg("conflict.no_direction.short")],
                                    [_msg("conflict.fix.no_direction.short")], school=school.id, school_label=school.label)],
            ))
            continue
        limit = pol.max_trainee_directions_of(school)
        if can_mentor[s] or (learn_dirs.get(s) and limit >= 1):
            continue
        details: list[Message] = []
        fixes: list[Message] = []
        parts: list[ConflictPart] = []
        part_dirs: list[str] = []
        for row in rows:
            d = int(teams.at[row, "direction"])
            lo, hi = int(teams.at[row, "rank_min"]), int(teams.at[row, "rank_max"])
            part_dirs.append(cg.directions[d])
            part = ConflictPart("no_trainee", direction=cg.directions[d], direction_label=_dname(cg, d),
                                school=school.id, school_label=school.label)
            if lo <= 1 and limit >= 1:
                why = why_no_mentor(cg, s, d, scopes, blocked)
                details += why.texts
                fixes += why.fixes
                part.rule, part.texts, part.fixes = why.rule, list(why.short), list(why.short_fixes)
            if hi >= 1:
                details.append(_msg("conflict.mentor.no_trainee", direction=_dname(cg, d)))
                part.texts.append(_msg("conflict.mentor.no_trainee.short"))
            if part.texts:
                parts.append(part)
        if limit < 1 and any(int(teams.at[r, "rank_min"]) <= 1 for r in rows):
            details.append(_msg("conflict.no_yearly_limit", limit=limit))
            fixes.append(_msg("conflict.fix.school_limit", setting="max_trainee_directions", school=school.label))
            parts.append(ConflictPart("no_yearly_limit", [_msg("conflict.no_yearly_limit", limit=limit)],
                                      [_msg("conflict.fix.school_limit.short", setting="max_trainee_directions")],
                                      school=school.id, school_label=school.label))
        if not fixes:
            fixes.append(_msg("conflict.fix.give_role", school=school.label))
            for p in parts:
                p.fixes = p.fixes or [_msg("conflict.fix.give_role.short")]
        conflicts.append(Conflict.coded(
            _msg("conflict.involvement", school=school.label), fixes, [school.id], part_dirs,
            kind=KIND_INVOLVEMENT, details=details, parts=parts,
        ))

    # -- per direction: mentors against trainees that cannot be deferred -----
    forced = _forced_needs(cg, can_mentor, learn_dirs)
    by_dir: dict[int, list[int]] = defaultdict(list)
    for s, d in forced.items():
        by_dir[d].append(s)
    for d, forced_trainees in sorted(by_dir.items()):
        direction = net.directions[d]
        cap = pol.cap_of(direction)
        dt = teams[teams["direction"] == d]
        lead_schools = [int(s) for s, hi in zip(dt["school"], dt["rank_max"]) if hi == 2 and (int(s), d) in mentor_dirs]
        possible = [int(s) for s, hi in zip(dt["school"], dt["rank_max"]) if hi >= 1 and (int(s), d) in mentor_dirs]
        lead_cap = sum(min(cap, pol.host_capacity_of(net.schools[m])) for m in lead_schools)
        all_cap = sum(min(cap, pol.host_capacity_of(net.schools[m])) for m in possible)
        rank_of = {int(s): (int(lo), int(hi)) for s, lo, hi in zip(dt["school"], dt["rank_min"], dt["rank_max"])}
        promising_schools = [s for s in forced_trainees if rank_of[s] == (1, 1)]
        fix = _msg("conflict.fix.capacity", direction=direction.label, setting="mentor_cap", cap=cap)
        short_fix = _msg("conflict.fix.capacity.short", setting="mentor_cap", cap=cap)
        if len(promising_schools) > lead_cap:
            needy, code, hosts = promising_schools, "conflict.capacity.leaders", lead_schools
            total, key = lead_cap, "leaders"
        elif len(forced_trainees) > all_cap:
            needy, code, hosts = forced_trainees, "conflict.capacity.mentors", possible
            total, key = all_cap, "mentors"
        else:
            continue
        params: dict[str, Any] = {"n": len(needy), "trainees": _listed([_sname(cg, s) for s in needy]),
                                  key: _listed([_sname(cg, s) for s in hosts]) or "—", "total": total, "cap": cap}
        conflicts.append(Conflict.coded(
            _msg(code, direction=direction.label, **params), [fix],
            [cg.schools[s] for s in needy + hosts], [direction.id], kind=KIND_CAPACITY,
            parts=[ConflictPart(KIND_CAPACITY, [_msg(code + ".short", **params)], [short_fix],
                                direction=direction.id, direction_label=direction.label)],
        ))

    # -- per curator: teams only they may supervise (in their kind), that cannot be deferred --
    by_kind = kind_scopes(cg)
    if by_kind is not None:
        only: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, d in forced.items():
            for scope in by_kind.get((s, d), {}).values():
                if len(scope) == 1:
                    only[scope[0]].append((s, d))
        for c_id, needs in sorted(only.items()):
            cur = net.curator_by_id[c_id]
            n_schools = len({s for s, _ in needs})
            if cur.max_teams is not None and len(needs) > cur.max_teams:
                conflicts.append(Conflict.coded(
                    _msg("conflict.curator.only", curator=cur.label, n=len(needs),
                         teams=_teams_listed(cg, needs), limit=cur.max_teams),
                    [_msg("conflict.fix.curator_limit", curator=cur.label, setting="max_teams", n=len(needs))],
                    [cg.schools[s] for s, _ in needs], sorted({cg.directions[d] for _, d in needs}), kind=KIND_CURATOR,
                ))
            elif cur.max_schools is not None and n_schools > cur.max_schools:
                conflicts.append(Conflict.coded(
                    _msg("conflict.curator.only_schools", curator=cur.label, n=n_schools,
                         schools=_listed([_sname(cg, s) for s in sorted({s for s, _ in needs})]), limit=cur.max_schools),
                    [_msg("conflict.fix.curator_limit", curator=cur.label, setting="max_schools", n=n_schools)],
                    [cg.schools[s] for s, _ in needs], sorted({cg.directions[d] for _, d in needs}), kind=KIND_CURATOR,
                ))
    return conflicts
