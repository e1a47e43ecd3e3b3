"""Pictures of a network and of a plan: the interactive view and the plots.

* :func:`network_html` — the interactive page (pyvis / vis-network), offline;
* :mod:`~mentornet.visualizations.plots` — roles by direction, mentor load,
  before/after comparison (matplotlib PNG), and embedding them in a workbook;
* :func:`write_views` — everything at once into a plan's output folder, as
  ``mentornet plan`` and ``mentornet audit`` write it;
* :mod:`~mentornet.visualizations.style` — the shared colours and words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mentornet.graph.metrics import network_metrics
from mentornet.graph.plan_graph import node_link_json, plan_graph, role_table_graph, write_graphml
from mentornet.model import Network, Plan, Policy
from mentornet.visualizations.network import PHYSICS_LIMIT, clustered_layout, network_html
from mentornet.visualizations.plots import (
    embed_plots_in_xlsx,
    plot_comparison,
    plot_mentor_load,
    plot_roles_by_direction,
    write_plots,
)

__all__ = [
    "PHYSICS_LIMIT",
    "VIEW_FILES",
    "clustered_layout",
    "embed_plots_in_xlsx",
    "network_html",
    "plot_comparison",
    "plot_mentor_load",
    "plot_roles_by_direction",
    "write_plots",
    "write_views",
]

#: Files :func:`write_views` always writes (plots come on top).
VIEW_FILES = ("network.html", "graph.graphml", "network.json")


def write_views(
    network: Network,
    plan: Plan | None,
    out_dir: str | Path,
    lang: str = "ru",
    policy: Policy | None = None,
    *,
    before: Plan | Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write every view of a plan (or of a hand-made role table) into a folder.

    Parameters
    ----------
    network : Network
    plan : Plan or None
        ``None`` for a role table without pairs (``mentornet audit``).
    out_dir : str or Path
        Created when missing.
    lang : {"ru", "en"}
        Language of the page and the plots.
    policy : Policy, optional
        Capacities and weights (the documented defaults when omitted).
    before : Plan or mapping, optional
        What the comparison plot sets the plan against; see
        :func:`~mentornet.visualizations.plots.write_plots`.

    Returns
    -------
    list of Path
        ``network.html`` (interactive view), ``graph.graphml`` (for Gephi,
        yEd, Cytoscape), ``network.json`` (node-link graph plus a
        ``metrics`` key with :func:`mentornet.graph.network_metrics`), then
        the PNG plots.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    policy = policy or Policy()
    html = out / "network.html"
    network_html(network, plan, path=html, lang=lang, policy=policy)
    g = plan_graph(network, plan, policy) if plan is not None else role_table_graph(network, policy)
    graphml = write_graphml(g, out / "graph.graphml")
    doc = node_link_json(g)
    doc["metrics"] = network_metrics(network, plan, policy)
    js = out / "network.json"
    js.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return [html, graphml, js, *write_plots(network, plan, out, lang=lang, before=before, policy=policy)]
