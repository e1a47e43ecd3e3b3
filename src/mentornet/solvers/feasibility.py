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

import numpy as np

from mentornet.errors import Conflict
from mentornet.graph.candidates import CandidateGraph, haversine_km

__all__ = [
    "curator_scopes",
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


def curator_scopes(cg: CandidateGraph) -> dict[tuple[int, int], tuple[str, ...]] | None:
    """Curators in scope for every possible trainee need.

    Returns
    -------
    dict or None
        ``(school, direction) -> curator ids`` (sorted) for every team that
        may be a trainee; None when the network has no curators at all (then
        pairs need none).
    """
    net = cg.network
    if not net.curators:
        return None
    cache: dict[tuple[int, str], tuple[str, ...]] = {}
    out: dict[tuple[int, int], tuple[str, ...]] = {}
    teams = cg.teams
    for s, d, lo in zip(teams["school"].tolist(), teams["direction"].tolist(), teams["rank_min"].tolist()):
        if lo > 1:
            continue
        muni = net.schools[s].municipality
        key = (d, muni)
        if key not in cache:
            sid, did = cg.schools[s], cg.directions[d]
            cache[key] = tuple(sorted(c.id for c in net.curators if net.curator_may_supervise(c.id, did, sid)))
        out[(s, d)] = cache[key]
    return out


def usable_edges(cg: CandidateGraph, scopes: dict[tuple[int, int], tuple[str, ...]] | None) -> np.ndarray:
    """Edges a plan may use: no rule broken (``problem``) and a curator in scope when curators exist."""
    edges = cg.edges
    if edges.empty:
        return np.zeros(0, dtype=bool)
    ok = (edges["problem"].to_numpy() == "")
    if scopes is not None:
        # one look-up per team, not per edge (a million edges in an unpruned region graph)
        n_d = max(len(cg.directions), 1)
        with_curator = np.zeros(len(cg.schools) * n_d, dtype=bool)
        for (t, d), scope in scopes.items():
            with_curator[t * n_d + d] = bool(scope)
        ok &= with_curator[edges["trainee"].to_numpy(dtype=np.int64) * n_d + edges["direction"].to_numpy(dtype=np.int64)]
    return ok


def _dname(cg: CandidateGraph, d: int) -> str:
    return cg.network.directions[d].label


def _sname(cg: CandidateGraph, s: int) -> str:
    return cg.network.schools[s].label


def _listed(names: Sequence[str], limit: int = 8) -> str:
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def why_no_mentor(
    cg: CandidateGraph, school: int, direction: int, scopes: dict[tuple[int, int], tuple[str, ...]] | None = None
) -> tuple[str, str]:
    """Why a trainee need has no usable mentor, and what to relax.

    Returns
    -------
    (str, str)
        The reason in words (which rule keeps the possible mentors away)
        and a suggested fix.
    """
    net, pol = cg.network, cg.policy
    teams = cg.teams
    dname = _dname(cg, direction)
    row = cg.team_row.get((school, direction))
    if row is None:
        return (f"it does not take part in '{dname}'", "")
    lo_t = int(teams.at[row, "rank_min"])
    if scopes is not None and not scopes.get((school, direction)):
        return (
            f"no curator's scope covers {_sname(cg, school)} in '{dname}'",
            f"add a curator for '{dname}' or for the municipality '{net.schools[school].municipality}'",
        )
    if not cg.edges.empty:
        into = cg.mentors_of(school, direction)
        if len(into) and (into["problem"] == "").any():
            return ("its mentors are taken by other rules", "")
    dt = teams[teams["direction"] == direction]
    pot = dt[(dt["rank_max"] >= 1) & (dt["rank_max"] > lo_t) & (dt["school"] != school)]
    if pot.empty:
        role = "promising" if lo_t == 1 else "a hidden reserve"
        who = "leads" if lo_t == 1 else "ranks above it"
        return (
            f"it is {role} in '{dname}' and no school {who} there",
            f"name a leader in '{dname}' (or reassess the levels there)",
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
    parts, fixes = [], []
    if counts["distance"]:
        near = min(counts["distance"], key=lambda x: x[1])
        parts.append(
            f"{len(counts['distance'])} beyond the {pol.max_km:g} km limit (nearest: {near[0]} at {near[1]:.0f} km)"
        )
        fixes.append(f"raise max_km to at least {int(np.ceil(near[1]))} km or mark '{dname}' as online")
    if counts["forbidden"]:
        parts.append(f"{len(counts['forbidden'])} forbidden by a lock ({_listed([n for n, _ in counts['forbidden']], 3)})")
        fixes.append("remove a forbidding lock")
    if counts["municipality"]:
        parts.append(f"{len(counts['municipality'])} in another municipality while cross-municipality pairs are off")
        fixes.append("allow cross-municipality pairs")
    if counts["gap"]:
        parts.append(f"{len(counts['gap'])} less than {pol.min_gap:g} score points above it")
        fixes.append("lower min_gap")
    if counts["other"]:
        parts.append(f"{len(counts['other'])} excluded for another reason")
    total = len(pot)
    reason = f"of its {total} possible mentor(s) in '{dname}' (schools ranked above it), " + "; ".join(parts)
    return reason, "; or ".join(fixes)


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
        if row.problem:
            conflicts.append(Conflict(
                f"The locked pair {_sname(cg, row.mentor)} → {_sname(cg, row.trainee)} in '{_dname(cg, row.direction)}' "
                f"cannot be kept: {row.problem}.",
                "remove the lock or change the rule it breaks",
                [cg.schools[row.mentor], cg.schools[row.trainee]], [cg.directions[row.direction]], kind=KIND_LOCK,
            ))
        elif scopes is not None and not scopes.get((row.trainee, row.direction)):
            conflicts.append(Conflict(
                f"The locked pair {_sname(cg, row.mentor)} → {_sname(cg, row.trainee)} in '{_dname(cg, row.direction)}' "
                "cannot be kept: no curator's scope covers the trainee there.",
                f"add a curator for '{_dname(cg, row.direction)}' or remove the lock",
                [cg.schools[row.mentor], cg.schools[row.trainee]], [cg.directions[row.direction]], kind=KIND_SCOPE,
            ))
    if len(locked):
        ok = locked[locked["problem"] == ""]
        for (m, d), grp in ok.groupby(["mentor", "direction"]):
            cap = pol.cap_of(net.directions[int(d)])
            if len(grp) > cap:
                trainees = [_sname(cg, t) for t in grp["trainee"]]
                conflicts.append(Conflict(
                    f"{_sname(cg, m)} has {len(grp)} locked trainee teams in '{_dname(cg, d)}' ({_listed(trainees)}), "
                    f"above the cap of {cap} trainee teams per mentor there.",
                    f"unlock {len(grp) - cap} of these pairs or raise the cap of '{_dname(cg, d)}' to {len(grp)}",
                    [cg.schools[m], *(cg.schools[t] for t in grp["trainee"])], [cg.directions[int(d)]], kind=KIND_LOCK,
                ))
        for m, grp in ok.groupby("mentor"):
            cap = pol.host_capacity_of(net.schools[int(m)])
            if len(grp) > cap:
                conflicts.append(Conflict(
                    f"{_sname(cg, m)} has {len(grp)} locked trainee teams in total, above its host capacity of {cap} per year.",
                    f"unlock {len(grp) - cap} of its pairs or raise its host_capacity to {len(grp)}",
                    [cg.schools[int(m)]], sorted({cg.directions[int(d)] for d in grp["direction"]}), kind=KIND_LOCK,
                ))
        for (t, d), grp in ok.groupby(["trainee", "direction"]):
            if len(grp) > 1:
                mentors = [_sname(cg, x) for x in grp["mentor"]]
                conflicts.append(Conflict(
                    f"{_sname(cg, t)} has {len(grp)} locked mentors in '{_dname(cg, d)}' ({_listed(mentors)}), "
                    "but a trainee team has exactly one mentor in a direction.",
                    "keep only one of these locks",
                    [cg.schools[int(t)], *(cg.schools[x] for x in grp["mentor"])], [cg.directions[int(d)]], kind=KIND_LOCK,
                ))
        for t, grp in ok.groupby("trainee"):
            dirs = sorted({int(d) for d in grp["direction"]})
            limit = pol.max_trainee_directions_of(net.schools[int(t)])
            if len(dirs) > limit:
                conflicts.append(Conflict(
                    f"{_sname(cg, t)} is locked as a trainee in {len(dirs)} directions "
                    f"({_listed([_dname(cg, d) for d in dirs])}), above its yearly limit of {limit}.",
                    f"unlock {len(dirs) - limit} of these pairs or raise its max_trainee_directions to {len(dirs)}",
                    [cg.schools[int(t)]], [cg.directions[d] for d in dirs], kind=KIND_LIMIT,
                ))

    # -- constraint 5: every school can take part somewhere ------------------
    for s, school in enumerate(net.schools):
        rows = by_school.get(s, [])
        if not rows:
            conflicts.append(Conflict(
                f"{school.label} takes part in no direction (it has no competence), so it cannot be in any pair, "
                "but every school must take part in at least one.",
                f"give {school.label} a level or score in at least one direction, or remove it from this year's network",
                [school.id], [], kind=KIND_INVOLVEMENT,
            ))
            continue
        limit = pol.max_trainee_directions_of(school)
        if can_mentor[s] or (learn_dirs.get(s) and limit >= 1):
            continue
        why: list[str] = []
        fixes: list[str] = []
        part_dirs: list[str] = []
        for row in rows:
            d = int(teams.at[row, "direction"])
            lo, hi = int(teams.at[row, "rank_min"]), int(teams.at[row, "rank_max"])
            part_dirs.append(cg.directions[d])
            if lo <= 1 and limit >= 1:
                reason, fix = why_no_mentor(cg, s, d, scopes)
                why.append(f"as a trainee in '{_dname(cg, d)}', {reason}")
                if fix:
                    fixes.append(fix)
            if hi >= 1:
                why.append(f"as a mentor in '{_dname(cg, d)}', it has no trainee within reach")
        if limit < 1 and any(int(teams.at[r, "rank_min"]) <= 1 for r in rows):
            why.append(f"it may learn in {limit} directions per year")
            fixes.append(f"raise the max_trainee_directions of {school.label}")
        conflicts.append(Conflict(
            f"{school.label} can neither mentor nor learn anywhere, so it cannot take part in any pair "
            f"(every school must): {'; '.join(why)}.",
            "; or ".join(dict.fromkeys(fixes)) or f"give {school.label} a role in a direction where it can mentor or learn",
            [school.id], part_dirs, kind=KIND_INVOLVEMENT,
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
        why_forced = "each takes part in nothing else this year, so without a mentor here it would be in no pair"
        if len(promising_schools) > lead_cap:
            conflicts.append(Conflict(
                f"In '{direction.label}', {len(promising_schools)} promising teams need a leader as mentor "
                f"({_listed([_sname(cg, s) for s in promising_schools])}; {why_forced}), but its {len(lead_schools)} leader(s) "
                f"({_listed([_sname(cg, s) for s in lead_schools]) or 'none'}) can host at most {lead_cap} "
                f"(cap {cap} per mentor, and each leader's host capacity).",
                f"raise the cap of '{direction.label}' (mentor_cap, now {cap}), name more leaders in '{direction.label}', "
                "or let these schools take part in another direction",
                [cg.schools[s] for s in promising_schools + lead_schools], [direction.id], kind=KIND_CAPACITY,
            ))
        elif len(forced_trainees) > all_cap:
            conflicts.append(Conflict(
                f"In '{direction.label}', {len(forced_trainees)} trainee teams need a mentor "
                f"({_listed([_sname(cg, s) for s in forced_trainees])}; {why_forced}), but its {len(possible)} possible "
                f"mentor(s) ({_listed([_sname(cg, s) for s in possible]) or 'none'}) can host at most {all_cap} "
                f"(cap {cap} per mentor, and each mentor's host capacity).",
                f"raise the cap of '{direction.label}' (mentor_cap, now {cap}), name more leaders in '{direction.label}', "
                "or let these schools take part in another direction",
                [cg.schools[s] for s in forced_trainees + possible], [direction.id], kind=KIND_CAPACITY,
            ))

    # -- per curator: teams only they may supervise, that cannot be deferred --
    if scopes is not None:
        only: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, d in forced.items():
            scope = scopes.get((s, d), ())
            if len(scope) == 1:
                only[scope[0]].append((s, d))
        for c_id, needs in sorted(only.items()):
            cur = net.curator_by_id[c_id]
            if cur.max_teams is not None and len(needs) > cur.max_teams:
                conflicts.append(Conflict(
                    f"Curator {cur.label} is the only curator in scope for {len(needs)} trainee teams that must be "
                    f"placed ({_listed([f'{_sname(cg, s)} in {_dname(cg, d)!r}' for s, d in needs])}), "
                    f"above their limit of {cur.max_teams} teams.",
                    f"raise {cur.label}'s max_teams to {len(needs)} or add a curator with the same scope",
                    [cg.schools[s] for s, _ in needs], sorted({cg.directions[d] for _, d in needs}), kind=KIND_CURATOR,
                ))
    return conflicts
