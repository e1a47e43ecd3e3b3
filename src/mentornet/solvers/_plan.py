"""Turning a solver's index-level decisions into a :class:`~mentornet.model.Plan`.

Every solver decides, on the candidate graph's indices, a rank per team and a
set of chosen edges; this module maps them back to ids (the inverse of
:mod:`mentornet.graph.candidates`), assigns curators where the solver did
not, explains each pair and each deferral, and lists alternates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

from mentornet.errors import Conflict, InfeasibleError
from mentornet.explain import alternate_reasons, deferral_causes, pair_reasons
from mentornet.graph.candidates import EDGE_PARTS, CandidateGraph
from mentornet.graph.metrics import need_weight
from mentornet.graph.sites import LOCALITY_VALUES
from mentornet.i18n import Message
from mentornet.model import (
    Alternate,
    AlternateMentor,
    Deferred,
    Level,
    Pair,
    Plan,
    RoleAssignment,
    SolverStats,
)
from mentornet.profile import planning_profile

__all__ = [
    "ALTERNATES_PER_NEED", "LEVEL_OF_RANK", "assemble_plan", "assign_curators", "carried_report", "carried_values",
    "coverage_value", "locality_edge_values", "profile_edge_values",
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


def assign_curators(cg: CandidateGraph, chosen: Iterable[int]) -> dict[int, str | None]:
    """Give each chosen edge a curator in scope, within curator limits.

    Greedy by least relative load; needs with fewer eligible curators go
    first so that narrow scopes are served before broad ones.

    Raises
    ------
    InfeasibleError
        When some pair has no curator in scope or all of them are full.
    """
    net = cg.network
    chosen = list(chosen)
    if not net.curators:
        return {e: None for e in chosen}
    edges = cg.edges
    load: dict[str, int] = defaultdict(int)
    eligible: dict[int, list[str]] = {}
    for e in chosen:
        t = cg.schools[int(edges.at[e, "trainee"])]
        d = cg.directions[int(edges.at[e, "direction"])]
        eligible[e] = [c.id for c in net.curators if net.curator_may_supervise(c.id, d, t)]
    out: dict[int, str | None] = {}
    missing: list[int] = []
    full: list[int] = []
    for e in sorted(chosen, key=lambda e: (len(eligible[e]), e)):
        options = [c for c in eligible[e] if _has_room(net.curator_by_id[c].max_teams, load[c])]
        if not eligible[e]:
            missing.append(e)
            continue
        if not options:
            full.append(e)
            continue
        best = min(options, key=lambda c: (load[c] / (net.curator_by_id[c].max_teams or 10**6), load[c], c))
        load[best] += 1
        out[e] = best
    conflicts = []
    for group, kind, text, fix in (
        (missing, "curator_scope", "no curator's scope covers", "add a curator for this direction or municipality"),
        (full, "curator_limit", "every curator in scope is at their limit for", "raise the curators' max_teams or add a curator"),
    ):
        if group:
            pairs = [(cg.schools[int(edges.at[e, "trainee"])], cg.directions[int(edges.at[e, "direction"])]) for e in group]
            listed = ", ".join(f"{t} in '{net.direction_by_id[d].label}'" for t, d in pairs[:10])
            conflicts.append(Conflict(f"{text} {len(group)} trainee team(s): {listed}", fix,
                                      sorted({t for t, _ in pairs}), sorted({d for _, d in pairs}), kind=kind))
    if conflicts:
        raise InfeasibleError(conflicts)
    return out


def assemble_plan(
    cg: CandidateGraph,
    ranks: Mapping[tuple[int, int], int],
    chosen: Iterable[int],
    stats: SolverStats,
    *,
    curators: Mapping[int, str | None] | None = None,
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
        ``edge row -> curator id``; assigned by :func:`assign_curators` when
        omitted.
    """
    net = cg.network
    edges = cg.edges
    chosen = sorted(int(e) for e in chosen)
    if curators is None:
        curators = assign_curators(cg, chosen)
    roles = []
    for s, d in zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist()):
        roles.append(RoleAssignment(school=cg.schools[s], direction=cg.directions[d], role=LEVEL_OF_RANK[int(ranks[(s, d)])]))

    # Plain arrays: per-row pandas access costs too much at region scale.
    cols = {c: edges[c].to_numpy() for c in ("mentor", "trainee", "direction", "score", "distance_km", *EDGE_PARTS)}
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
        m, t, d = int(cols["mentor"][e]), int(cols["trainee"][e]), int(cols["direction"][e])
        covered[(t, d)] = m
        dist = float(cols["distance_km"][e])
        km = None if np.isnan(dist) else round(dist, 1)
        parts = {p: float(cols[p][e]) for p in EDGE_PARTS}
        parts["coverage"] = float(coverage_value(cg, t, int(ranks[(t, d)])) + carried[e])
        for name, values in (*locality.items(), *profile_parts.items()):
            parts[name] = float(values[e])
        mid, tid, did = cg.schools[m], cg.schools[t], cg.directions[d]
        reasons = pair_reasons(net, mid, tid, did, LEVEL_OF_RANK[int(ranks[(m, d)])], LEVEL_OF_RANK[int(ranks[(t, d)])], parts, km, cg.policy.strategy,
                               profile=profile)
        if (tid, did) in carried_from:
            reasons = (*reasons, Message(code="pair.carried"))
        pairs.append(
            Pair(
                mentor=mid, trainee=tid, direction=did, why=reasons,
                curator=curators.get(e), score=float(sum(parts.values())), parts=parts, distance_km=km,
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
    site_pairs: dict[str, int] = defaultdict(int)
    site_trainees: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        g = net.site_group(p.mentor)
        site_pairs[g] += 1
        site_trainees[g].add(p.trainee)
        mentor_load[(p.mentor, p.direction)] += 1
        host_load[p.mentor] += 1
        if p.curator is not None:
            curator_load[p.curator] += 1
    deferred = []
    alternates = []
    by_need = cg.edges_by_need
    for s, d in zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist()):
        rank = int(ranks[(s, d)])
        if rank == 2:
            continue
        rows = by_need.get((s, d), ())
        # A mentor must rank above the trainee (a promising mentor takes hidden reserves only).
        options = [int(r) for r in rows if int(ranks[(int(cols["mentor"][r]), d)]) > rank]
        taken = covered.get((s, d))
        if taken is None:
            reasons = deferral_causes(
                net, cg.policy, cg.schools[s], cg.directions[d], LEVEL_OF_RANK[rank], role_of=role_of,
                learns=learning[s], mentor_load=mentor_load, host_load=host_load, curator_load=curator_load,
                site_pairs=site_pairs, site_trainees=site_trainees,
            )
            deferred.append(Deferred(school=cg.schools[s], direction=cg.directions[d], why=reasons))
        alts = [r for r in options if int(cols["mentor"][r]) != taken][:ALTERNATES_PER_NEED]
        if alts:
            alternates.append(
                Alternate(
                    school=cg.schools[s], direction=cg.directions[d],
                    mentors=tuple(
                        AlternateMentor(
                            mentor=cg.schools[int(cols["mentor"][r])], score=float(cols["score"][r]),
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
