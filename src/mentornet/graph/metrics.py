"""Network metrics a planner asks about, on a plan graph or a role-table graph.

Every function takes a graph built by :func:`~mentornet.graph.plan_graph`
or :func:`~mentornet.graph.role_table_graph` (or any MultiDiGraph with the
same attributes, e.g. built by hand in a test) and answers one question:

* who only receives, only gives, does both, or neither
  (:func:`exchange_profile`);
* which pairs of schools mentor each other in different directions
  (:func:`mutual_exchanges`), and which could (:func:`possible_mutual_exchanges`);
* which hubs are full or over their host capacity (:func:`overloaded_hubs`);
* which municipalities have no pair with another municipality, or fall
  apart into separate groups inside (:func:`municipality_connectivity`);
* how many schools each leader reaches, directly and through cascade
  mentoring (:func:`leader_reach`).

On a role table (no pairs) "gives" means "leads somewhere", "receives"
means "is a trainee somewhere", a hub's load is the even share of its
directions' trainees it would host, and pair-based figures (mutual
exchanges, reach, connectivity components) are ``None``: the table does not
say who learns from whom. :func:`network_metrics` gathers all of them into
one JSON-ready dict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from mentornet.graph.plan_graph import plan_graph, role_table_graph
from mentornet.model import (
    GOALS_OF_ATTRIBUTE,
    Level,
    Network,
    Pair,
    Plan,
    Policy,
    School,
    facts_messages,
    missing_facts,
)
from mentornet.names import natural_key

__all__ = [
    "GOALS_OF_ATTRIBUTE",
    "HUB_THRESHOLD",
    "exchange_profile",
    "expected_load",
    "facts_messages",
    "has_pairs",
    "leader_reach",
    "missing_facts",
    "municipality_connectivity",
    "mutual_exchanges",
    "mutual_pairs",
    "need_weight",
    "network_metrics",
    "overloaded_hubs",
    "pair_figures",
    "possible_mutual_exchanges",
    "site_figures",
    "table_coverage",
]

#: A hub is overloaded when its load reaches this share of its host capacity.
#: At 1.0 a full hub counts: it has no slack for a late change of plan.
HUB_THRESHOLD = 1.0

_RANK = {lvl.value: lvl.rank for lvl in Level}


def need_weight(school: School, role: Level, policy: Policy) -> int:
    """The policy's weight of one trainee need (its deficit).

    The one definition of a need's value: the checker's weighted deficits,
    these network figures and the objective's ``coverage`` term
    (:mod:`mentornet.solvers.objective`) all use it.

    Parameters
    ----------
    school : School
        The trainee school.
    role : Level
        Its role in the direction (promising or hidden reserve).
    policy : Policy

    Returns
    -------
    int
        ``cover_hidden_reserve`` or ``cover_promising``, plus the priority
        extras for a low-results, adverse-condition or new school.
    """
    w = policy.weights
    value = w.cover_hidden_reserve if role is Level.hidden_reserve else w.cover_promising
    if school.results is not None and school.results.value == "low":
        value += w.priority_low_results
    if school.is_adverse:
        value += w.priority_adverse
    if school.is_new:
        value += w.priority_new
    return value


def mutual_pairs(arcs: Iterable[tuple[Any, Any, Any]]) -> list[tuple[Any, Any]]:
    """Unordered pairs of schools that mentor each other in different directions.

    The one definition of a mutual exchange (the checker's metric, the
    plan graph's figure and the objective's ``mutual`` term use it).

    Parameters
    ----------
    arcs : iterable of (mentor, trainee, direction)
        School and direction keys of any comparable type (ids or indices).

    Returns
    -------
    list of (a, b)
        Each exchange once with ``a < b``, sorted.
    """
    by_link: dict[tuple[Any, Any], set[Any]] = defaultdict(set)
    for m, t, d in arcs:
        if m != t:
            by_link[(m, t)].add(d)
    found = set()
    for (a, b), there in by_link.items():
        back = by_link.get((b, a))
        # The level order forbids both ways in one direction; a hand-edited
        # plan may still have it, and that is not an exchange of experience.
        if a < b and back and any(d1 != d2 for d1 in there for d2 in back):
            found.add((a, b))
    return sorted(found)


def pair_figures(
    network: Network,
    policy: Policy,
    pairs: Iterable[Pair],
    needs: Mapping[tuple[str, str], Level],
) -> dict[str, Any]:
    """The figures of a set of pairs: the one metrics computation.

    :func:`mentornet.check.check_plan` reports these (with its own
    checks' figures added), and :func:`network_metrics` takes its plan
    figures from here, so that the two cannot drift apart.

    Parameters
    ----------
    network : Network
    policy : Policy
    pairs : iterable of Pair
        Pairs naming schools of the network.
    needs : mapping
        ``(school, direction) -> role`` of every trainee need.

    Returns
    -------
    dict
        ``schools_involved``, ``schools_mentoring``, ``pairs``,
        ``trainee_needs``, ``needs_covered``, ``weighted_deficits_total``,
        ``weighted_deficits_covered``, ``mentor_load``,
        ``mentor_load_by_direction``, ``max_host_load``, ``trainee_load``,
        ``mutual_pairs`` (the list) and ``mutual_exchanges``, and
        ``covered_needs`` (the covered ``(school, direction)`` keys of
        ``needs``).
    """
    pairs = list(pairs)
    schools = network.school_by_id
    mentors = {p.mentor for p in pairs}
    involved = mentors | {p.trainee for p in pairs}
    mentor_load: Counter[str] = Counter(p.mentor for p in pairs)
    by_dir: dict[str, Counter[str]] = defaultdict(Counter)
    trainee_load: Counter[str] = Counter()
    covered = set()
    for p in pairs:
        by_dir[p.direction][p.mentor] += 1
        if (p.trainee, p.direction) not in covered:
            covered.add((p.trainee, p.direction))
            trainee_load[p.trainee] += 1
    covered_needs = [k for k in needs if k in covered]
    mutual = mutual_pairs((p.mentor, p.trainee, p.direction) for p in pairs)
    return {
        "schools_involved": len(involved & schools.keys()),
        "schools_mentoring": len(mentors & schools.keys()),
        "pairs": len(pairs),
        "trainee_needs": len(needs),
        "needs_covered": len(covered_needs),
        "covered_needs": covered_needs,
        "weighted_deficits_total": sum(need_weight(schools[s], role, policy) for (s, _d), role in needs.items()),
        "weighted_deficits_covered": sum(need_weight(schools[s], needs[(s, d)], policy) for (s, d) in covered_needs),
        "mentor_load": dict(sorted(mentor_load.items())),
        "mentor_load_by_direction": {d: dict(sorted(c.items())) for d, c in sorted(by_dir.items())},
        "max_host_load": max(mentor_load.values(), default=0),
        "trainee_load": dict(sorted(trainee_load.items())),
        "mutual_pairs": mutual,
        "mutual_exchanges": len(mutual),
    }


def has_pairs(g: nx.MultiDiGraph) -> bool:
    """Whether the graph is a plan (pairs known) rather than a role table.

    A plan with no pairs at all is still a plan; the graph's ``source``
    attribute decides, and a graph without one counts as a plan.
    """
    return g.graph.get("source", "plan") != "role_table"


def exchange_profile(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Schools that only receive, only give, do both, or neither.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A plan graph (give = mentors in some pair, receive = is the trainee
        of some pair) or a role-table graph (give = leads in some direction,
        receive = is promising or a hidden reserve somewhere).

    Returns
    -------
    dict
        ``{"only_receive", "only_give", "both", "neither"}``, each a sorted
        list of school ids.
    """
    out: dict[str, list[str]] = {"only_receive": [], "only_give": [], "both": [], "neither": []}
    pairs = has_pairs(g)
    for n, data in g.nodes(data=True):
        if pairs:
            gives, receives = g.out_degree(n) > 0, g.in_degree(n) > 0
        else:
            roles = data.get("roles", {}).values()
            gives = any(r == Level.leader.value for r in roles)
            receives = any(r != Level.leader.value for r in roles)
        key = "both" if gives and receives else "only_give" if gives else "only_receive" if receives else "neither"
        out[key].append(n)
    return {k: sorted(v, key=natural_key) for k, v in out.items()}


def mutual_exchanges(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Unordered pairs of schools that mentor each other in different directions.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A plan graph; edges keyed by direction.

    Returns
    -------
    list of (str, str)
        Each exchange once, as a sorted tuple; the list sorted.
    """
    return sorted(mutual_pairs(g.edges(keys=True)), key=lambda ab: (natural_key(ab[0]), natural_key(ab[1])))


def possible_mutual_exchanges(g: nx.MultiDiGraph) -> int:
    """How many unordered school pairs could mentor each other, by their roles.

    A could mentor B in direction d when both take part in d and A's role
    ranks above B's (leader > promising > hidden reserve). Counts the pairs
    where each could mentor the other in some direction; the two
    directions necessarily differ. Works on plans and role tables alike.

    Parameters
    ----------
    g : networkx.MultiDiGraph

    Returns
    -------
    int
    """
    nodes = list(g.nodes)
    directions = sorted({d for _, data in g.nodes(data=True) for d in data.get("roles", {})})
    if len(nodes) < 2 or not directions:
        return 0
    d_idx = {d: i for i, d in enumerate(directions)}
    rank = np.full((len(nodes), len(directions)), -1, dtype=np.int8)
    for i, n in enumerate(nodes):
        for d, r in g.nodes[n].get("roles", {}).items():
            rank[i, d_idx[d]] = _RANK[r]
    could = np.zeros((len(nodes), len(nodes)), dtype=bool)
    for j in range(len(directions)):
        col = rank[:, j]
        could |= (col[:, None] > col[None, :]) & (col[None, :] >= 0)
    both = could & could.T
    return int(np.triu(both, k=1).sum())


def expected_load(g: nx.MultiDiGraph) -> dict[str, float]:
    """Trainee teams each school hosts (plan) or would host (role table).

    On a plan: the number of pairs in which the school mentors. On a role
    table: for every direction it leads, the direction's trainee teams
    divided evenly among its leaders (the table's own promise: leaders host).
    """
    if has_pairs(g):
        return {n: float(g.out_degree(n)) for n in g.nodes}
    leaders: dict[str, list[str]] = defaultdict(list)
    trainees: dict[str, int] = defaultdict(int)
    for n, data in g.nodes(data=True):
        for d, r in data.get("roles", {}).items():
            if r == Level.leader.value:
                leaders[d].append(n)
            else:
                trainees[d] += 1
    load = {n: 0.0 for n in g.nodes}
    for d, who in leaders.items():
        for n in who:
            load[n] += trainees[d] / len(who)
    return load


def overloaded_hubs(g: nx.MultiDiGraph, threshold: float = HUB_THRESHOLD) -> list[dict[str, Any]]:
    """Schools whose load reaches ``threshold`` × their host capacity.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Nodes carry ``host_capacity``; see :func:`expected_load` for the load.
    threshold : float
        Share of capacity from which a hub counts (default
        :data:`HUB_THRESHOLD`: full or over).

    Returns
    -------
    list of dict
        ``{"school", "load", "capacity", "ratio"}``, heaviest ratio first; a
        school with no capacity but some load comes first, with ratio
        ``None`` (JSON has no infinity).
    """
    out = []
    for n, load in expected_load(g).items():
        if load <= 0:
            continue
        cap = g.nodes[n].get("host_capacity")
        if cap is None:
            continue
        ratio = load / cap if cap > 0 else None
        if ratio is None or ratio >= threshold:
            out.append({"school": n, "load": round(load, 2), "capacity": int(cap), "ratio": None if ratio is None else round(ratio, 3)})
    return sorted(out, key=lambda h: (h["ratio"] is not None, -(h["ratio"] or 0.0), natural_key(h["school"])))


def municipality_connectivity(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Per municipality: its links to other municipalities and inside itself.

    Parameters
    ----------
    g : networkx.MultiDiGraph

    Returns
    -------
    dict
        ``{municipality: {...}}`` with ``schools``, ``leaders`` (schools
        leading somewhere), ``directions_without_local_leader`` (directions
        where it has trainees but none of its schools leads), and on a plan
        ``pairs_inside``, ``pairs_out`` (its schools mentoring elsewhere),
        ``pairs_in``, ``isolated`` (no pair with another municipality, and
        there is another one) and ``components`` (weakly connected
        components of its own schools under its inside pairs; 1 is one
        connected group). On a role table the pair figures are ``None``.
    """
    pairs = has_pairs(g)
    members: dict[str, list[str]] = defaultdict(list)
    for n, data in g.nodes(data=True):
        members[data.get("municipality", "")].append(n)
    several = len(members) > 1
    muni_of = {n: m for m, ns in members.items() for n in ns}
    inside: dict[str, int] = defaultdict(int)
    out_: dict[str, int] = defaultdict(int)
    in_: dict[str, int] = defaultdict(int)
    if pairs:
        for u, v in g.edges():
            mu, mv = muni_of[u], muni_of[v]
            if mu == mv:
                inside[mu] += 1
            else:
                out_[mu] += 1
                in_[mv] += 1
    result: dict[str, dict[str, Any]] = {}
    for m in sorted(members, key=natural_key):
        ns = members[m]
        lead_dirs: set[str] = set()
        learn_dirs: set[str] = set()
        for n in ns:
            for d, r in g.nodes[n].get("roles", {}).items():
                (lead_dirs if r == Level.leader.value else learn_dirs).add(d)
        row: dict[str, Any] = {
            "schools": len(ns),
            "leaders": sum(1 for n in ns if any(r == Level.leader.value for r in g.nodes[n].get("roles", {}).values())),
            "directions_without_local_leader": sorted(learn_dirs - lead_dirs, key=natural_key),
        }
        if pairs:
            sub = g.subgraph(ns)
            row.update(
                pairs_inside=inside[m],
                pairs_out=out_[m],
                pairs_in=in_[m],
                isolated=several and out_[m] + in_[m] == 0,
                components=nx.number_weakly_connected_components(sub) if ns else 0,
            )
        else:
            row.update(pairs_inside=None, pairs_out=None, pairs_in=None, isolated=None, components=None)
        result[m] = row
    return result


def leader_reach(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """How many schools each leader reaches, directly and through cascade.

    Direct: the distinct trainees of the school's own pairs. Cascade: the
    trainees of those trainees in the same direction (leader → promising →
    hidden reserve), not already reached directly.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A plan graph (a role table has no pairs: the result is empty).

    Returns
    -------
    dict
        ``{school: {"direct", "cascade", "total"}}`` for every school that
        leads somewhere (reach 0 included: a leader hosting nobody is news)
        or mentors in some pair.
    """
    if not has_pairs(g):
        return {}
    out: dict[str, dict[str, int]] = {}
    for n, data in g.nodes(data=True):
        leads = any(r == Level.leader.value for r in data.get("roles", {}).values())
        if not leads and g.out_degree(n) == 0:
            continue
        direct = set()
        cascade = set()
        for _, t, d in g.out_edges(n, keys=True):
            direct.add(t)
            for _, t2, d2 in g.out_edges(t, keys=True):
                if d2 == d:
                    cascade.add(t2)
        cascade -= direct | {n}
        out[n] = {"direct": len(direct), "cascade": len(cascade), "total": len(direct) + len(cascade)}
    return dict(sorted(out.items(), key=lambda kv: natural_key(kv[0])))


def table_coverage(network: Network, policy: Policy | None = None) -> dict[str, Any]:
    """What a hand-made role table can cover at best, within its leaders' caps.

    A table lists trainee teams per direction but not who hosts whom. At
    best each direction's leaders take up to the per-direction cap each,
    highest-weighted needs first; the yearly trainee-direction limit and
    the host capacity across directions are not applied (they only lower
    the figure).

    Returns
    -------
    dict
        ``trainee_needs``, ``needs_covered``, ``needs_beyond_capacity``,
        ``weighted_deficits_total``, ``weighted_deficits_covered``, and
        ``by_direction`` (``{direction: {"leaders", "promising",
        "hidden_reserve", "capacity", "covered"}}``).
    """
    policy = policy or Policy()
    schools = network.school_by_id
    per_dir: dict[str, dict[str, Any]] = {
        d.id: {"leaders": 0, "promising": 0, "hidden_reserve": 0, "weights": []} for d in network.directions
    }
    for c in network.competences:
        if c.level is None:
            continue
        row = per_dir[c.direction]
        if c.level is Level.leader:
            row["leaders"] += 1
        else:
            row[c.level.value] += 1
            row["weights"].append(need_weight(schools[c.school], c.level, policy))
    total = covered = 0
    w_total = w_cov = 0
    by_direction = {}
    for d in network.directions:
        row = per_dir[d.id]
        weights = sorted(row.pop("weights"), reverse=True)
        capacity = row["leaders"] * policy.cap_of(d)
        n_cov = min(len(weights), capacity)
        total += len(weights)
        covered += n_cov
        w_total += sum(weights)
        w_cov += sum(weights[:n_cov])
        by_direction[d.id] = {**row, "capacity": capacity, "covered": n_cov}
    return {
        "trainee_needs": total,
        "needs_covered": covered,
        "needs_beyond_capacity": total - covered,
        "weighted_deficits_total": w_total,
        "weighted_deficits_covered": w_cov,
        "by_direction": by_direction,
    }


def network_metrics(
    network: Network,
    plan: Plan | None = None,
    policy: Policy | None = None,
    *,
    hub_threshold: float = HUB_THRESHOLD,
) -> dict[str, Any]:
    """Every network figure of a plan, or of the hand-made role table.

    Parameters
    ----------
    network : Network
    plan : Plan, optional
        Without a plan the figures are those of the network's own role
        table (its levels), as planners wrote it.
    policy : Policy, optional
        Default capacities and the weights of deficits.
    hub_threshold : float
        See :func:`overloaded_hubs`.

    Returns
    -------
    dict
        JSON-ready. Counts (``schools``, ``directions``, ``municipalities``,
        ``pairs``, ``schools_involved``, ``schools_mentoring``,
        ``schools_never_mentoring``, ``schools_only_receive``,
        ``schools_only_give``, ``schools_both``, ``schools_neither``,
        ``trainee_needs``, ``needs_covered``, ``needs_deferred``,
        ``weighted_deficits_total``, ``weighted_deficits_covered``,
        ``mutual_exchanges``, ``mutual_possible``, ``hubs_overloaded``,
        ``reach_max``, ``reach_mean``), the lists behind them
        (``only_receive``, ``only_give``, ``both``, ``neither``,
        ``mutual_pairs``, ``overloaded_hubs``, ``isolated_municipalities``,
        ``weakly_connected_municipalities``) and the tables
        ``municipality`` and ``leader_reach``. ``source`` says ``"plan"`` or
        ``"role_table"``; figures a table cannot have are ``None``.
        ``schools_involved`` counts schools in some pair on a plan and
        schools with some role on a table; ``needs_covered`` on a table is
        the best case of :func:`table_coverage`.
    """
    policy = policy or Policy()
    g = plan_graph(network, plan, policy) if plan is not None else role_table_graph(network, policy)
    pairs = has_pairs(g)
    profile = exchange_profile(g)
    giving = len(profile["only_give"]) + len(profile["both"])
    munis = municipality_connectivity(g)
    reach = leader_reach(g)
    hubs = overloaded_hubs(g, hub_threshold)
    out: dict[str, Any] = {
        "source": "plan" if pairs else "role_table",
        "schools": g.number_of_nodes(),
        "directions": len(network.directions),
        "municipalities": len(munis),
        "pairs": g.number_of_edges() if pairs else None,
        "schools_mentoring": giving,
        "schools_never_mentoring": g.number_of_nodes() - giving,
        **{f"schools_{k}": len(v) for k, v in profile.items()},
        **profile,
    }
    if pairs:
        in_pairs = {n for n in g.nodes if g.degree(n) > 0}
        needs = {(s, d): Level(r) for s, data in g.nodes(data=True) for d, r in data["roles"].items() if r != Level.leader.value}
        graph_pairs = [Pair(mentor=u, trainee=v, direction=k) for u, v, k in g.edges(keys=True)]
        fig = pair_figures(network, policy, graph_pairs, needs)  # the checker's own computation
        out.update(
            schools_involved=len(in_pairs),
            trainee_needs=fig["trainee_needs"],
            needs_covered=fig["needs_covered"],
            needs_deferred=len(plan.deferred),
            weighted_deficits_total=fig["weighted_deficits_total"],
            weighted_deficits_covered=fig["weighted_deficits_covered"],
            mutual_exchanges=fig["mutual_exchanges"],
            mutual_pairs=[list(p) for p in fig["mutual_pairs"]],
            reach_max=max((r["total"] for r in reach.values()), default=0),
            reach_mean=round(sum(r["total"] for r in reach.values()) / len(reach), 3) if reach else 0.0,
        )
    else:
        cov = table_coverage(network, policy)
        out.update(
            schools_involved=sum(1 for _, data in g.nodes(data=True) if data["roles"]),
            trainee_needs=cov["trainee_needs"],
            needs_covered=cov["needs_covered"],
            needs_deferred=None,
            needs_beyond_capacity=cov["needs_beyond_capacity"],
            weighted_deficits_total=cov["weighted_deficits_total"],
            weighted_deficits_covered=cov["weighted_deficits_covered"],
            mutual_exchanges=None,
            mutual_pairs=None,
            reach_max=None,
            reach_mean=None,
        )
    out.update(
        mutual_possible=possible_mutual_exchanges(g),
        hub_threshold=hub_threshold,
        hubs_overloaded=len(hubs),
        overloaded_hubs=hubs,
        isolated_municipalities=[m for m, row in munis.items() if row["isolated"]],
        weakly_connected_municipalities=[m for m, row in munis.items() if row["components"] is not None and row["components"] > 1],
        municipality=munis,
        leader_reach=reach,
    )
    return out


def site_figures(network: Network, pairs: Iterable[Any]) -> dict[str, Any]:
    """Each trainee school's site group and the sites' loads in a plan (issue 14).

    Parameters
    ----------
    network : Network
    pairs : iterable
        Objects with ``mentor`` and ``trainee`` ids (plan pairs).

    Returns
    -------
    dict
        ``site_groups``: ``{trainee school: [site group, …]}`` — the site (or
        site network) id of each mentor, or the mentor's own id when it is
        in no site; one entry per school at one site. ``site_load``:
        ``{site id: {"schools": n, "pairs": n}}`` for every site of the
        ``sites`` table. ``sites_term_ending``: the sites whose status ends
        in the network's year (empty when the year is unknown).
        ``schools_at_several_sites``: how many trainee schools learn at
        more than one site group.
    """
    member_of = network.site_of
    groups: dict[str, set[str]] = {}
    load = {s.id: {"schools": set(), "pairs": 0} for s in network.sites}
    for p in pairs:
        g = member_of.get(p.mentor, p.mentor)
        groups.setdefault(p.trainee, set()).add(g)
        if g in load:
            load[g]["pairs"] += 1
            load[g]["schools"].add(p.trainee)
    return {
        "site_groups": {t: sorted(gs, key=natural_key) for t, gs in sorted(groups.items(), key=lambda kv: natural_key(kv[0]))},
        "site_load": {s: {"schools": len(v["schools"]), "pairs": v["pairs"]} for s, v in load.items()},
        "sites_term_ending": [s.id for s in network.sites if s.term_ends_in(network.year)],
        "schools_at_several_sites": sum(1 for gs in groups.values() if len(gs) > 1),
    }
