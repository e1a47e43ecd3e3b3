"""The plan as a graph: schools as nodes, mentor pairs as edges keyed by direction.

:func:`plan_graph` turns a :class:`~mentornet.model.Plan` into a
``networkx.MultiDiGraph``; :func:`role_table_graph` does the same for a
hand-made role table that has roles but no pairs (the Krymsky 2021 shape).
Both graphs carry the same node attributes, so the metrics of
:mod:`mentornet.graph.metrics` and the views of
:mod:`mentornet.visualizations` read either.

Node attributes
---------------
``label``, ``name``, ``municipality``, ``kind``, ``settlement``, ``results``,
``adverse``, ``is_new``, ``lat``, ``lon`` (the school's profile, plain
strings and numbers), ``host_capacity`` and ``max_trainee_directions``
(effective: the school's own or the policy's default), ``roles``
(``{direction: role}``), ``strongest_role`` (``""`` when the school takes
part nowhere), ``leads`` and ``learns`` (direction ids), ``hosted`` (pairs
in which the school mentors), ``learning`` (pairs in which it is the
trainee) and ``deferred`` (directions whose need was deferred).

Edge attributes (plan graphs only)
----------------------------------
Key = direction id. ``direction``, ``mentor_role``, ``trainee_role``,
``reason`` (and ``reasons``, per language), ``curator``, ``score``,
``parts`` and ``distance_km``.

Graph attributes
----------------
``name``, ``source`` (``"plan"`` or ``"role_table"``), ``solver`` and
``directions`` (``{id: name}``).

Export
------
:func:`write_graphml` and :func:`node_link_json` write copies flattened by
:func:`graphml_safe`: no ``None``, dict or list values (GraphML has none),
so ``roles = {"1": "leader"}`` becomes ``roles_1 = "leader"`` and lists
become ``"; "``-joined strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx

from mentornet.model import Level, Network, Plan, Policy, roles_from_levels

__all__ = ["graphml_safe", "node_link_json", "plan_graph", "role_table_graph", "strongest_role", "write_graphml"]


def strongest_role(roles: Mapping[str, str | Level]) -> str:
    """The strongest role among a school's roles (``""`` when it has none).

    Parameters
    ----------
    roles : mapping
        ``{direction: role}``; roles as :class:`Level` or their values.

    Returns
    -------
    str
        ``"leader"``, ``"promising"``, ``"hidden_reserve"`` or ``""``.
    """
    if not roles:
        return ""
    return max((Level(r) for r in roles.values()), key=lambda lvl: lvl.rank).value


def _base_graph(network: Network, roles: dict[tuple[str, str], Level], policy: Policy, source: str, solver: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(
        name=network.name,
        source=source,
        solver=solver,
        directions={d.id: d.label for d in network.directions},
    )
    by_school: dict[str, dict[str, str]] = {s.id: {} for s in network.schools}
    for (school, direction), role in roles.items():
        if school in by_school:
            by_school[school][direction] = Level(role).value
    direction_order = {d.id: i for i, d in enumerate(network.directions)}
    for s in network.schools:
        mine = dict(sorted(by_school[s.id].items(), key=lambda kv: direction_order.get(kv[0], len(direction_order))))
        g.add_node(
            s.id,
            label=s.label,
            name=s.name,
            municipality=s.municipality,
            kind=s.kind.value if s.kind else None,
            settlement=s.settlement.value if s.settlement else None,
            results=s.results.value if s.results else None,
            adverse=None if s.adverse is None else float(s.adverse),
            is_new=None if s.is_new is None else bool(s.is_new),
            lat=s.lat,
            lon=s.lon,
            host_capacity=policy.host_capacity_of(s),
            max_trainee_directions=policy.max_trainee_directions_of(s),
            roles=mine,
            strongest_role=strongest_role(mine),
            leads=[d for d, r in mine.items() if r == Level.leader.value],
            learns=[d for d, r in mine.items() if r != Level.leader.value],
            hosted=0,
            learning=0,
            deferred=[],
        )
    return g


def plan_graph(network: Network, plan: Plan, policy: Policy | None = None) -> nx.MultiDiGraph:
    """The plan as a MultiDiGraph: one node per school, one edge per pair.

    Parameters
    ----------
    network : Network
        The planning input (profiles, directions).
    plan : Plan
        Its roles, pairs and deferred needs. A plan without roles takes the
        network's levels as roles (a hand-made table with pairs added).
    policy : Policy, optional
        Supplies the default host capacity and trainee-direction limit of
        schools that have none of their own.

    Returns
    -------
    networkx.MultiDiGraph
        Edges mentor → trainee keyed by direction; the attributes are listed
        in the module docstring.

    Raises
    ------
    KeyError
        A pair names a school that is not in the network.
    """
    policy = policy or Policy()
    roles = dict(plan.role_of) if plan.roles else {(r.school, r.direction): r.role for r in roles_from_levels(network.competences)}
    g = _base_graph(network, roles, policy, source="plan", solver=plan.solver.name)
    for p in plan.pairs:
        for school in (p.mentor, p.trainee):
            if school not in g:
                raise KeyError(f"pair {p.mentor} → {p.trainee} names '{school}', which is not a school of the network")
        mentor_role = roles.get((p.mentor, p.direction))
        trainee_role = roles.get((p.trainee, p.direction))
        g.add_edge(
            p.mentor,
            p.trainee,
            key=p.direction,
            direction=p.direction,
            mentor_role=Level(mentor_role).value if mentor_role else "",
            trainee_role=Level(trainee_role).value if trainee_role else "",
            reason=p.reason,
            reasons=dict(p.reasons),
            curator=p.curator,
            curators=list(p.all_curators),
            unsupervised=list(p.unsupervised),
            score=None if p.score is None else float(p.score),
            parts={k: float(v) for k, v in p.parts.items()},
            distance_km=None if p.distance_km is None else float(p.distance_km),
        )
        g.nodes[p.mentor]["hosted"] += 1
        g.nodes[p.trainee]["learning"] += 1
    for d in plan.deferred:
        if d.school in g:
            g.nodes[d.school]["deferred"].append(d.direction)
    return g


def role_table_graph(network: Network, policy: Policy | None = None) -> nx.MultiDiGraph:
    """A hand-made role table as a graph: schools with their roles, no edges.

    A role table says who leads and who learns in each direction but not
    who learns from whom, so the graph has no edges: "could mentor" links
    are not pairs and would read as if they were.

    Parameters
    ----------
    network : Network
        A network whose competences carry levels (teams without a level are
        left without a role).
    policy : Policy, optional
        Supplies default capacities, as in :func:`plan_graph`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes as in :func:`plan_graph`; ``source = "role_table"``.
    """
    policy = policy or Policy()
    roles = {(r.school, r.direction): r.role for r in roles_from_levels(network.competences)}
    return _base_graph(network, roles, policy, source="role_table", solver="manual")


# ---------------------------------------------------------------- export


def _flatten(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        _put(out, str(key), value)
    return out


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Mapping):
        for k, v in value.items():
            _put(out, f"{key}_{k}", v)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        out[key] = "; ".join(str(v.value if isinstance(v, Enum) else v) for v in items)
        return
    if isinstance(value, bool):
        out[key] = bool(value)
    elif isinstance(value, int):
        out[key] = int(value)
    elif isinstance(value, float):
        # GraphML readers choke on NaN and infinities; a missing value says the same.
        if math.isfinite(value):
            out[key] = float(value)
    elif hasattr(value, "item"):  # numpy scalars
        _put(out, key, value.item())
    else:
        out[key] = str(value)


def graphml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy of a graph whose attributes GraphML can hold.

    ``None`` values (and NaN) are dropped, mappings are flattened into
    ``key_subkey`` attributes, lists become ``"; "``-joined strings, enums
    their values; numbers, booleans and strings are kept.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph (multi or not, directed or not); it is not modified.

    Returns
    -------
    networkx.Graph
        A graph of the same class with the same nodes, edges and keys.
    """
    out = graph.__class__()
    out.graph.update(_flatten(graph.graph))
    for n, data in graph.nodes(data=True):
        out.add_node(n, **_flatten(data))
    if graph.is_multigraph():
        for u, v, k, data in graph.edges(keys=True, data=True):
            out.add_edge(u, v, key=k, **_flatten(data))
    else:
        for u, v, data in graph.edges(data=True):
            out.add_edge(u, v, **_flatten(data))
    return out


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as GraphML (attributes flattened by :func:`graphml_safe`).

    Parameters
    ----------
    graph : networkx.Graph
    path : str or Path
        The file to write; its folder must exist.

    Returns
    -------
    Path
        The written file. ``networkx.read_graphml(path, force_multigraph=True)``
        reads it back with the edge keys (directions) as edge ids.
    """
    path = Path(path)
    nx.write_graphml(graphml_safe(graph), path)
    return path


def node_link_json(graph: nx.Graph) -> dict[str, Any]:
    """The graph as a node-link document (``networkx.node_link_data``).

    Attributes are flattened as for GraphML, so the document is plain JSON
    (``json.dumps`` needs no default) and ``networkx.node_link_graph`` reads
    it back.

    Parameters
    ----------
    graph : networkx.Graph

    Returns
    -------
    dict
        ``{"directed", "multigraph", "graph", "nodes", "edges"}``.
    """
    return nx.node_link_data(graphml_safe(graph), edges="edges")
