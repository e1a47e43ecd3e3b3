"""Graphs of a network and of a plan (networkx).

* :mod:`mentornet.graph.candidates` — the candidate mentoring graph the
  solvers plan on (ids mapped to indices here, and only here).
* :mod:`mentornet.graph.plan_graph` — a plan (or a hand-made role table) as
  a MultiDiGraph of schools and mentor pairs; GraphML and node-link export.
* :mod:`mentornet.graph.metrics` — the network figures a planner asks about.
"""

from mentornet.graph.candidates import CandidateGraph, build_candidates, haversine_km
from mentornet.graph.metrics import (
    HUB_THRESHOLD,
    exchange_profile,
    expected_load,
    leader_reach,
    municipality_connectivity,
    mutual_exchanges,
    network_metrics,
    overloaded_hubs,
    possible_mutual_exchanges,
    table_coverage,
)
from mentornet.graph.plan_graph import (
    graphml_safe,
    node_link_json,
    plan_graph,
    role_table_graph,
    strongest_role,
    write_graphml,
)

__all__ = [
    "HUB_THRESHOLD",
    "CandidateGraph",
    "build_candidates",
    "exchange_profile",
    "expected_load",
    "graphml_safe",
    "haversine_km",
    "leader_reach",
    "municipality_connectivity",
    "mutual_exchanges",
    "network_metrics",
    "node_link_json",
    "overloaded_hubs",
    "plan_graph",
    "possible_mutual_exchanges",
    "role_table_graph",
    "strongest_role",
    "table_coverage",
    "write_graphml",
]
