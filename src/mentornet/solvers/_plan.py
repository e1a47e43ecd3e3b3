"""Turning a solver's index-level decisions into a :class:`~mentornet.model.Plan`.

Every solver decides, on the candidate graph's indices, a rank per team and a
set of chosen edges; this module maps them back to ids (the inverse of
:mod:`mentornet.graph.candidates`), assigns curators where the solver did
not, explains each pair and each deferral, and lists alternates.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import numpy as np

from mentornet.errors import Conflict, InfeasibleError
from mentornet.explain import DeferralCauses, alternate_reasons, pair_reasons
from mentornet.graph.candidates import EDGE_PARTS, CandidateGraph
from mentornet.graph.metrics import need_weight
from mentornet.graph.sites import LOCALITY_VALUES
from mentornet.i18n import Message
from mentornet.model import (
    Alternate,
    AlternateMentor,
    Deferred,
    Level,
    Network,
    Pair,
    Plan,
    RoleAssignment,
    SolverStats,
)
from mentornet.profile import planning_profile

__all__ = [
    "ALTERNATES_PER_NEED", "LEVEL_OF_RANK", "assemble_plan", "assign_curators", "carried_report", "carried_values",
    "coverage_value", "locality_edge_values", "profile_edge_values", "unsupervised_kinds",
]

ALTERNATES_PER_NEED = 3
LEVEL_OF_RANK = {2: Level.leader, 1: Level.promising, 0: Level.hidden_reserve}


def locality_edge_values(cg: CandidateGraph, name: str) -> np.ndarray:
    """A per-pair locality goal (``own_municipality`` or ``nearest_site``) on every candidate edge.

    The one definition (:data:`mentornet.graph.sites.LOCALITY_VALUES`) the
    objective terms and the plan's pair parts share.
    """
    e = cg.edges
    return LOCALITY_VALUES[name](cg.sites, e["mentor"].to_numpy(), e["trainee"].to_numpy(), cg.policy.weight(name))


def coverage_value(cg: CandidateGraph, school: int, rank: int) -> int:
    """Objective value of covering a trainee need: deficit weight plus priority extras.

    Hidden reserves (larger deficit) weigh more than promising teams;
    low-results, adverse-condition and new schools get their extras
    (:func:`mentornet.graph.metrics.need_weight`, on indices).
    """
    level = Level.hidden_reserve if rank == 0 else Level.promising
    return int(need_weight(cg.network.schools[school], level, cg.policy))


def profile_edge_values(cg: CandidateGraph) -> dict[str, np.ndarray]:
    """Per candidate edge: ``profile_priority`` (trainee a priority school) and ``same_cluster`` values.

    Zero everywhere when the network has no indicators or the weights are 0.
    """
    n = len(cg.edges)
    out = {"profile_priority": np.zeros(n, dtype=np.int64), "same_cluster": np.zeros(n, dtype=np.int64)}
    prof = planning_profile(cg.network, cg.policy)
    if prof is None or not n:
        return out
    w = cg.policy.weights
    mentor = cg.edges["mentor"].to_numpy(dtype=np.int64)
    trainee = cg.edges["trainee"].to_numpy(dtype=np.int64)
    if w.profile_priority:
        priority = prof.priority_schools()
        flag = np.array([s in priority for s in cg.schools], dtype=bool)
        out["profile_priority"] = np.where(flag[trainee], int(w.profile_priority), 0).astype(np.int64)
    if w.same_cluster:
        cluster_of = prof.cluster_of()
        # -1 and -2: two different "unknown" marks, so an unknown cluster never matches anything.
        cm = np.array([cluster_of.get(s, -1) for s in cg.schools], dtype=np.int64)
        ct = np.array([cluster_of.get(s, -2) for s in cg.schools], dtype=np.int64)
        out["same_cluster"] = np.where(cm[mentor] == ct[trainee], int(w.same_cluster), 0).astype(np.int64)
    return out


def carried_values(cg: CandidateGraph) -> np.ndarray:
    """Per candidate edge, the extra for covering a need carried over from last year's plan.

    ``policy.weights.carried_need`` on every edge into a need the history
    deferred in its latest year (:attr:`mentornet.model.History.carried_needs`),
    0 elsewhere. A need is covered at most once, so the sum over the chosen
    edges is the weight times the carried needs met.
    """
    edges = cg.edges
    out = np.zeros(len(edges), dtype=np.int64)
    carried = cg.network.history.carried_needs
    w = cg.policy.weights.carried_need
    if not carried or not w or not len(edges):
        return out
    s_idx, d_idx = cg.school_index, cg.direction_index
    keys = {s_idx[s] * len(cg.directions) + d_idx[d] for s, d in carried if s in s_idx and d in d_idx}
    code = edges["trainee"].to_numpy(dtype=np.int64) * len(cg.directions) + edges["direction"].to_numpy(dtype=np.int64)
    out[np.isin(code, np.fromiter(keys, dtype=np.int64, count=len(keys)))] = w
    return out


def _has_room(max_teams: int | None, load: int) -> bool:
    return max_teams is None or load < max_teams


def assign_curators(cg: CandidateGraph, chosen: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Give each chosen edge one curator of every kind in scope, within curator limits.

    Greedy by least relative load; needs with fewer eligible curators go
    first so that narrow scopes are served before broad ones. A kind with
    no curator in scope is left out when the policy flags unsupervised
    pairs (``Policy.unsupervised`` = ``flag``).

    Returns
    -------
    dict
        ``edge row -> curator ids`` (one per kind, in the network's kind order).

    Raises
    ------
    InfeasibleError
        When some pair has no curator of a kind in scope (and the policy
        forbids that) or all of them are full (pairs or schools).
    """
    net = cg.network
    chosen = list(chosen)
    if not net.curators:
        return dict.fromkeys(chosen, ())
    edges = cg.edges
    flag = cg.policy.unsupervised == "flag"
    load: dict[str, int] = defaultdict(int)
    schools: dict[str, set[str]] = defaultdict(set)
    slots: list[tuple[int, str, str, list[str]]] = []  # (edge, trainee, kind, curators in scope)
    for e in chosen:
        t = cg.schools[int(edges.at[e, "trainee"])]
        d = cg.directions[int(edges.at[e, "direction"])]
        in_scope = net.curators_in_scope(d, t)
        for kind in net.curator_kinds:
            slots.append((e, t, kind, [c.id for c in in_scope if c.kind_key == kind]))
    by_edge: dict[int, dict[str, str]] = defaultdict(dict)
    missing: list[int] = []
    full: list[int] = []

    def room(c: str, t: str) -> bool:
        cur = net.curator_by_id[c]
        if not _has_room(cur.max_teams, load[c]):
            return False
        return cur.max_schools is None or t in schools[c] or len(schools[c]) < cur.max_schools

    for e, t, _kind, eligible in sorted(slots, key=lambda x: (len(x[3]), x[0], x[2])):
        if not eligible:
            if not flag:
                missing.append(e)
            continue
        options = [c for c in eligible if room(c, t)]
        if not options:
            full.append(e)
            continue
        best = min(options, key=lambda c: (t not in schools[c], load[c] / (net.curator_by_id[c].max_teams or 10**6), load[c], c))
        load[best] += 1
        schools[best].add(t)
        by_edge[e][net.curator_by_id[best].kind_key] = best
    conflicts = []
    for group, kind, code, fix in (
        (missing, "curator_scope", "conflict.curator.no_scope", Message(code="conflict.fix.add_curator")),
        (full, "curator_limit", "conflict.curator.all_full", Message(code="conflict.fix.curators_full", params={"setting": "max_teams / max_schools"})),
    ):
        if group:
            pairs = [(cg.schools[int(edges.at[e, "trainee"])], cg.directions[int(edges.at[e, "direction"])]) for e in group]
            listed = ", ".join(f"{t} ('{net.direction_by_id[d].label}')" for t, d in pairs[:10])
            if len(pairs) > 10:
                listed += f", … +{len(pairs) - 10}"
            conflicts.append(Conflict.coded(Message(code=code, params={"n": len(group), "teams": listed}), [fix],
                                            sorted({t for t, _ in pairs}), sorted({d for _, d in pairs}), kind=kind))
    if conflicts:
        raise InfeasibleError(conflicts)
    order = {k: i for i, k in enumerate(net.curator_kinds)}
    return {e: tuple(c for k, c in sorted(by_edge.get(e, {}).items(), key=lambda kv: order[kv[0]])) for e in chosen}


def rebalance_curators(cg: CandidateGraph, curators: Mapping[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """Move pairs off the most loaded curators while that lowers the largest share of a pair limit.

    The greedy assignment (:func:`assign_curators`) can leave one curator
    fuller than needed; the objective's ``curator_balance`` counts the
    largest share (``curator_shares``). A pair moves to another curator of
    the same kind in its scope whose share after the move stays below the
    current largest, as long as one does. Every limit keeps holding (the
    largest share is at most 100 %), every pair keeps one curator per kind
    in scope, and the largest share never rises. Networks whose curators
    limit schools are returned as they are (a move would change more than
    one share).
    """
    net = cg.network
    out = {int(e): tuple(ids) for e, ids in curators.items()}
    if not any(c.max_teams for c in net.curators) or any(c.max_schools for c in net.curators):
        return out
    edges = cg.edges
    load: dict[str, int] = defaultdict(int)
    pairs_of: dict[str, set[int]] = defaultdict(set)
    for e, ids in out.items():
        for c in ids:
            load[c] += 1
            pairs_of[c].add(e)

    def share(c: str, extra: int = 0) -> int:
        limit = net.curator_by_id[c].max_teams
        return -(-100 * (load[c] + extra) // limit) if limit else 0

    while True:
        top = max((share(c) for c in load), default=0)
        if top == 0:
            return out
        moved = False
        for c in sorted(c for c in load if share(c) == top):
            kind = net.curator_by_id[c].kind_key
            for e in sorted(pairs_of[c]):
                t, d = cg.schools[int(edges.at[e, "trainee"])], cg.directions[int(edges.at[e, "direction"])]
                options = [a.id for a in net.curators_in_scope(d, t) if a.kind_key == kind and a.id != c and share(a.id, 1) < top]
                if not options:
                    continue
                to = min(options, key=lambda a: (share(a, 1), a))
                out[e] = tuple(to if x == c else x for x in out[e])
                load[c] -= 1
                load[to] += 1
                pairs_of[c].discard(e)
                pairs_of[to].add(e)
                moved = True
                break
            if moved:
                break
        if not moved:
            return out


def _curator_tuple(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """A solver's curator entry (one id, several, or none) as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def unsupervised_kinds(network: Network, direction: str, trainee: str) -> tuple[str, ...]:
    """Curator kinds of which no curator may supervise a trainee team (empty without curators)."""
    if not network.curators:
        return ()
    in_scope = {c.kind_key for c in network.curators_in_scope(direction, trainee)}
    return tuple(k for k in network.curator_kinds if k not in in_scope)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for a while (restored as it was).

    A region's plan is some 10^5 small objects (pairs, messages, alternates),
    all of them kept: the collector's full passes, which rescan every object
    alive, free nothing here and cost as much as building the plan did.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def assemble_plan(
    cg: CandidateGraph,
    ranks: Mapping[tuple[int, int], int],
    chosen: Iterable[int],
    stats: SolverStats,
    *,
    curators: Mapping[int, str | tuple[str, ...] | None] | None = None,
    extra_metrics: Mapping[str, object] | None = None,
) -> Plan:
    """Build the plan from index-level decisions.

    Parameters
    ----------
    cg : CandidateGraph
    ranks : mapping
        ``(school, direction) -> rank`` (2 leader, 1 promising, 0 hidden
        reserve) for every team of ``cg.teams``.
    chosen : iterable of int
        Rows of ``cg.edges`` taken as pairs.
    stats : SolverStats
    curators : mapping, optional
        ``edge row -> curator ids`` (one per kind; a single id is read as
        one); assigned by :func:`assign_curators` when omitted.
    """
    with _collector_paused():
        return _assemble(cg, ranks, chosen, stats, curators, extra_metrics)


def _assemble(
    cg: CandidateGraph,
    ranks: Mapping[tuple[int, int], int],
    chosen: Iterable[int],
    stats: SolverStats,
    curators: Mapping[int, str | tuple[str, ...] | None] | None,
    extra_metrics: Mapping[str, object] | None,
) -> Plan:
    net = cg.network
    edges = cg.edges
    chosen = sorted(int(e) for e in chosen)
    if curators is None:
        curators = assign_curators(cg, chosen)
    roles = []
    for s, d in zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist()):
        roles.append(RoleAssignment(school=cg.schools[s], direction=cg.directions[d], role=LEVEL_OF_RANK[int(ranks[(s, d)])]))

    # Plain lists: per-row pandas (or numpy scalar) access costs too much at region scale.
    cols = {c: edges[c].to_numpy().tolist() for c in ("mentor", "trainee", "direction", "score", "distance_km", *EDGE_PARTS)}
    mentor_col = edges["mentor"].to_numpy(dtype=np.int64).tolist()
    pairs = []
    carried = carried_values(cg)
    # The locality goals in force become parts of the pair (the score stays the sum of its parts).
    locality = {name: locality_edge_values(cg, name) for name in LOCALITY_VALUES if cg.policy.weight(name)}
    carried_from = net.history.carried_needs
    profile = planning_profile(net, cg.policy)
    # With indicators, the profile terms are pair parts too (a plan without them keeps its parts as they were).
    profile_parts = profile_edge_values(cg) if profile is not None else {}
    covered: dict[tuple[int, int], int] = {}
    for e in chosen:
        m, t, d = int(mentor_col[e]), int(cols["trainee"][e]), int(cols["direction"][e])
        covered[(t, d)] = m
        dist = float(cols["distance_km"][e])
        km = None if math.isnan(dist) else round(dist, 1)
        parts = {p: float(cols[p][e]) for p in EDGE_PARTS}
        parts["coverage"] = float(coverage_value(cg, t, int(ranks[(t, d)])) + carried[e])
        for name, values in (*locality.items(), *profile_parts.items()):
            parts[name] = float(values[e])
        mid, tid, did = cg.schools[m], cg.schools[t], cg.directions[d]
        reasons = pair_reasons(net, mid, tid, did, LEVEL_OF_RANK[int(ranks[(m, d)])], LEVEL_OF_RANK[int(ranks[(t, d)])], parts, km, cg.policy.strategy, cg.policy.mixed_onsite_share,
                               profile=profile)
        if (tid, did) in carried_from:
            reasons = (*reasons, Message(code="pair.carried"))
        ids = _curator_tuple(curators.get(e))
        loose = unsupervised_kinds(net, did, tid) if net.curators else ()
        if loose:
            reasons = (*reasons, Message(code="pair.unsupervised", params={
                "kinds": ", ".join(k or "curator" for k in loose), "municipality": net.school_by_id[tid].municipality}))
        pairs.append(
            Pair(
                mentor=mid, trainee=tid, direction=did, why=reasons,
                curator=ids[0] if ids else None, curators=ids, unsupervised=loose,
                score=float(sum(parts.values())), parts=parts, distance_km=km,
            )
        )

    learning: dict[int, int] = defaultdict(int)
    for t, _ in covered:
        learning[t] += 1
    # The final plan's loads: a deferral's causes are read from them, not guessed.
    role_of = {(cg.schools[s], cg.directions[d]): LEVEL_OF_RANK[int(r)] for (s, d), r in ranks.items()}
    mentor_load: dict[tuple[str, str], int] = defaultdict(int)
    host_load: dict[str, int] = defaultdict(int)
    curator_load: dict[str, int] = defaultdict(int)
    curator_schools: dict[str, set[str]] = defaultdict(set)
    site_pairs: dict[str, int] = defaultdict(int)
    site_trainees: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        g = net.site_group(p.mentor)
        site_pairs[g] += 1
        site_trainees[g].add(p.trainee)
        mentor_load[(p.mentor, p.direction)] += 1
        host_load[p.mentor] += 1
        for c in p.all_curators:
            curator_load[c] += 1
            curator_schools[c].add(p.trainee)
    deferred = []
    alternates = []
    why_deferred = DeferralCauses(
        net, cg.policy, role_of=role_of, mentor_load=mentor_load, host_load=host_load, curator_load=curator_load,
        curator_schools=curator_schools, site_pairs=site_pairs, site_trainees=site_trainees,
    )
    by_need = cg.edges_by_need
    for s, d in zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist()):
        rank = int(ranks[(s, d)])
        if rank == 2:
            continue
        rows = by_need[(s, d)].tolist() if (s, d) in by_need else []
        # A mentor must rank above the trainee (a promising mentor takes hidden reserves only).
        options = [r for r in rows if int(ranks[(mentor_col[r], d)]) > rank]
        taken = covered.get((s, d))
        if taken is None:
            reasons = why_deferred(cg.schools[s], cg.directions[d], LEVEL_OF_RANK[rank], learns=learning[s])
            deferred.append(Deferred(school=cg.schools[s], direction=cg.directions[d], why=reasons))
        alts = [r for r in options if mentor_col[r] != taken][:ALTERNATES_PER_NEED]
        if alts:
            alternates.append(
                Alternate(
                    school=cg.schools[s], direction=cg.directions[d],
                    mentors=tuple(
                        AlternateMentor(
                            mentor=cg.schools[mentor_col[r]], score=float(cols["score"][r]),
                            why=alternate_reasons({p: float(cols[p][r]) for p in EDGE_PARTS}),
                        )
                        for r in alts
                    ),
                )
            )
    metrics = dict(extra_metrics or {})
    if carried_from:
        metrics["carried_needs"] = carried_report(carried_from, pairs, deferred, roles)
    return Plan(
        roles=tuple(roles), pairs=tuple(pairs), deferred=tuple(deferred), alternates=tuple(alternates),
        metrics=metrics, solver=stats, network=net.name,
    )


def carried_report(
    carried: Mapping[tuple[str, str], int],
    pairs: Iterable[Pair],
    deferred: Iterable[Deferred],
    roles: Iterable[RoleAssignment],
) -> dict[str, object]:
    """How the plan treats the needs carried over from last year, need by need.

    Returns
    -------
    dict
        ``total``, ``met`` and ``needs``: one entry per carried need with
        ``school``, ``direction``, ``year`` (when it was deferred), ``status``
        (``met``, ``deferred`` or ``no_longer_a_need`` when the team is now a
        leader or no longer takes part), the ``mentor`` when met, and the
        deferral's causes (``why``, message code and parameters) when not.
    """
    mentor_of = {(p.trainee, p.direction): p.mentor for p in pairs}
    why_of = {(d.school, d.direction): d.why for d in deferred}
    role_of = {(r.school, r.direction): r.role for r in roles}
    needs = []
    for (s, d), year in sorted(carried.items()):
        entry: dict[str, object] = {"school": s, "direction": d, "year": year}
        if (s, d) in mentor_of:
            entry.update(status="met", mentor=mentor_of[(s, d)])
        elif (s, d) in why_of:
            entry.update(status="deferred", why=[m.model_dump(mode="json") for m in why_of[(s, d)]])
        else:
            role = role_of.get((s, d))
            entry.update(status="no_longer_a_need", role=None if role is None else role.value)
        needs.append(entry)
    return {"total": len(needs), "met": sum(e["status"] == "met" for e in needs), "needs": needs}
