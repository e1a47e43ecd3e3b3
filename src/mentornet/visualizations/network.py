"""The interactive network view: one self-contained HTML page (pyvis / vis-network).

What a planner sees
-------------------
* schools as nodes: colour = the school's strongest role, size = how many
  trainee teams it hosts, shape = its kind (▲ basic, ● secondary,
  ■ gymnasium, ◆ lyceum), a dashed red outline = a low-results school;
* pairs as arrows mentor → trainee, coloured by direction, with a legend;
* a direction filter (the other directions' pairs are hidden and each
  school takes the colour of its role in that direction) and a municipality
  filter (other municipalities' schools are hidden, except the partners of
  its schools);
* tooltips: the school's card (where it leads, where it learns and from
  whom, deferred needs, load) and each pair's reason.

Region scale
------------
Up to :data:`PHYSICS_LIMIT` schools the browser lays the graph out
(vis-network physics, stopped once stable). Above it, the layout is computed
here: every municipality is laid out on its own (a spring layout of its
inside pairs, or a sunflower ordered by role when it has none), the
municipalities are placed as discs (geographically when schools have
coordinates) and pushed apart until none overlap; physics is off, so the
page is still as soon as it is drawn. At 1,500 schools and ~4,500 pairs the
page takes one to two seconds to build here and about as long to open and
draw in headless Chromium.

The page works offline: vis-network's script and styles are inlined, and
nothing is fetched. When it is drawn and still it sets
``window.mentornetReady = true`` (tests and screenshots wait for it).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network as PyvisNetwork

from mentornet.graph.metrics import exchange_profile, expected_load, has_pairs, mutual_exchanges
from mentornet.graph.plan_graph import plan_graph, role_table_graph
from mentornet.model import Level, Network, Plan, Policy
from mentornet.names import natural_key
from mentornet.visualizations._page import PAGE
from mentornet.visualizations.style import (
    KIND_SHAPES,
    KIND_SYMBOLS,
    LOW_RESULTS_BORDER,
    NO_ROLE_COLOR,
    ROLE_BORDERS,
    ROLE_COLORS,
    ROLE_SYMBOLS,
    count_label,
    direction_colors,
    kind_label,
    role_label,
    text,
)

__all__ = ["PHYSICS_LIMIT", "clustered_layout", "direction_label", "network_html", "short_label"]

#: Above this many schools the layout is computed in Python and physics is off.
PHYSICS_LIMIT = 100

# Distance between neighbouring schools in a precomputed layout (vis units ≈ px
# at zoom 1): room for a label when the network is small, compact when large
# (labels then appear on zooming in).
_SPACING_SMALL = 95.0
_SPACING_LARGE = 42.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))

# Legal forms that open most Russian school names; dropped from on-canvas
# labels only (tooltips keep the full name) so that labels stay short.
_LEGAL_FORM = re.compile(r"^\s*(?:[МГЧ][БАК]?[ОН]?ОУ|МОУ|ГОУ|ЧОУ|ФГБОУ|АНОО|НОУ)\s+", re.UNICODE)


def short_label(name: str) -> str:
    """A school's name without its leading legal form ("МБОУ СОШ № 1" → "СОШ № 1")."""
    short = _LEGAL_FORM.sub("", name, count=1)
    return short or name


def direction_label(network: Network, direction_id: str) -> str:
    """A direction as planners name it: "3. Name" when its id is a number."""
    d = network.direction_by_id.get(direction_id)
    if d is None:
        return direction_id
    if d.name and d.name != d.id:
        return f"{d.id}. {d.name}" if len(d.id) <= 4 else d.name
    return d.id


def _nbsp(card: str) -> str:
    # "№ 31" must not break across tooltip lines.
    return card.replace(" № ", "\u00a0№\u00a0").replace("№ ", "№\u00a0")


# ---------------------------------------------------------------- layout


def _sunflower(count: int, spacing: float) -> np.ndarray:
    """Evenly packed points on a disc (Vogel's spiral), the first at the centre."""
    i = np.arange(count, dtype=float)
    r = spacing * np.sqrt(i + 0.5) * 0.62
    theta = i * _GOLDEN_ANGLE
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)]) if count else np.zeros((0, 2))


def _cluster_positions(g: nx.MultiDiGraph, members: list[str], seed: int, spacing: float) -> dict[str, np.ndarray]:
    """Positions of one municipality's schools around (0, 0), about ``spacing`` apart."""
    n = len(members)
    radius = spacing * 0.62 * math.sqrt(n + 0.5)
    sub = nx.Graph()
    sub.add_nodes_from(members)
    sub.add_edges_from((u, v) for u, v in g.subgraph(members).edges() if u != v)
    order = sorted(members, key=lambda s: (-_rank_of(g, s), -g.nodes[s].get("hosted", 0), s))
    if sub.number_of_edges() == 0 or n < 3:
        # No inside pairs: leaders in the middle, then promising, then reserves.
        pts = _sunflower(n, spacing)
        return {s: pts[i] for i, s in enumerate(order)}
    init = {s: p for s, p in zip(order, _sunflower(n, 1.0))}
    pos = nx.spring_layout(sub, pos=init, seed=seed, iterations=60, k=1.6 / math.sqrt(n))
    arr = np.array([pos[s] for s in members])
    arr -= arr.mean(axis=0)
    # Spread by rank, not by extent, so one outlier does not crush the rest.
    dist = np.linalg.norm(arr, axis=1)
    ranks = np.argsort(np.argsort(dist))
    target = radius * np.sqrt((ranks + 0.5) / n)
    scale = np.where(dist > 1e-9, target / np.maximum(dist, 1e-9), 0.0)
    arr = _relax(arr * scale[:, None], spacing * 0.7)
    return {s: arr[i] for i, s in enumerate(members)}


def _relax(points: np.ndarray, min_dist: float, rounds: int = 40) -> np.ndarray:
    """Nudge points apart until no two are closer than ``min_dist`` (or rounds run out)."""
    p = points.astype(float).copy()
    if len(p) < 2:
        return p
    for _ in range(rounds):
        diff = p[:, None, :] - p[None, :, :]
        dist = np.linalg.norm(diff, axis=2)
        np.fill_diagonal(dist, np.inf)
        short = np.clip(min_dist - dist, 0.0, None)
        if not short.any():
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            unit = np.where(dist[..., None] > 1e-9, diff / dist[..., None], 0.0)
        p += (unit * (short / 2.0)[..., None]).sum(axis=1)
    return p


def _rank_of(g: nx.MultiDiGraph, school: str) -> int:
    role = g.nodes[school].get("strongest_role")
    return Level(role).rank if role else -1


def _separate(centres: np.ndarray, radii: np.ndarray, gap: float, rounds: int = 300) -> np.ndarray:
    """Push discs apart until none overlap (keeps their rough arrangement)."""
    c = centres.astype(float).copy()
    m = len(c)
    if m < 2:
        return c
    for _ in range(rounds):
        diff = c[:, None, :] - c[None, :, :]
        dist = np.linalg.norm(diff, axis=2)
        need = radii[:, None] + radii[None, :] + gap
        np.fill_diagonal(dist, np.inf)
        overlap = need - dist
        if (overlap <= 0).all():
            break
        push = np.where(overlap > 0, overlap / 2.0, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            unit = np.where(dist[..., None] > 1e-9, diff / dist[..., None], 0.0)
        # Coincident centres get a deterministic nudge instead of a division by zero.
        same = (dist < 1e-9) & np.isfinite(dist)
        if same.any():
            a, b = np.nonzero(np.triu(same))
            c[a] += np.column_stack([np.cos(a + b), np.sin(a + b)]) * gap
        c += (unit * push[..., None]).sum(axis=1)
    return c


def clustered_layout(
    g: nx.MultiDiGraph, seed: int = 7, spacing: float | None = None
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """Positions for a large network, grouped by municipality.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A plan or role-table graph (nodes carry ``municipality`` and,
        optionally, ``lat``/``lon``).
    seed : int
        Seed of the spring layouts: same graph, same picture.
    spacing : float, optional
        Typical distance between neighbouring schools; by default wide
        enough for labels up to :data:`PHYSICS_LIMIT` schools, compact above.

    Returns
    -------
    positions : dict
        ``{school: (x, y)}`` in vis-network units (y grows downwards).
    clusters : list of dict
        ``{"id", "x", "y", "r"}`` per municipality: the disc it occupies.
    """
    if spacing is None:
        spacing = _SPACING_LARGE if g.number_of_nodes() > PHYSICS_LIMIT else _SPACING_SMALL
    members: dict[str, list[str]] = defaultdict(list)
    for n, data in g.nodes(data=True):
        members[data.get("municipality") or ""].append(n)
    munis = sorted(members, key=lambda m: (-len(members[m]), m))
    local = {m: _cluster_positions(g, sorted(members[m]), seed, spacing) for m in munis}
    radii = np.array([spacing * 0.62 * math.sqrt(len(members[m]) + 0.5) + spacing for m in munis])

    # Geography first (municipalities where they are), else a sunflower by size.
    geo = []
    for m in munis:
        pts = [(g.nodes[s]["lat"], g.nodes[s]["lon"]) for s in members[m] if g.nodes[s].get("lat") is not None and g.nodes[s].get("lon") is not None]
        geo.append(np.mean(pts, axis=0) if pts else None)
    if all(p is not None for p in geo) and len(munis) > 1:
        lat0 = float(np.mean([p[0] for p in geo]))
        xy = np.array([[p[1] * math.cos(math.radians(lat0)), -p[0]] for p in geo])
        span = float(np.ptp(xy, axis=0).max()) or 1.0
        # Compact first (about the discs' total area), then pushed apart below.
        centres = (xy - xy.mean(axis=0)) / span * 2.0 * float(np.sqrt((radii**2).sum()))
    else:
        centres = _sunflower(len(munis), float(radii.mean()) * 2.2)
    # The gap leaves room for each municipality's name above its disc.
    centres = _separate(centres, radii, gap=spacing + 0.5 * float(np.median(radii)))

    positions: dict[str, tuple[float, float]] = {}
    clusters = []
    for i, m in enumerate(munis):
        cx, cy = centres[i]
        for s, p in local[m].items():
            positions[s] = (round(float(cx + p[0]), 1), round(float(cy + p[1]), 1))
        clusters.append({"id": m, "x": round(float(cx), 1), "y": round(float(cy), 1), "r": round(float(radii[i]), 1)})
    return positions, clusters


def _cluster_font(cluster: dict[str, Any]) -> float:
    """A municipality name's font size: large, but no wider than about its disc."""
    label = cluster["id"] or "—"
    # ~0.58 em per character of a sans-serif Cyrillic label.
    fits = 2.2 * cluster["r"] / (0.58 * max(len(label), 1))
    return round(max(10.0, min(0.35 * cluster["r"], fits)), 1)


# ---------------------------------------------------------------- cards


def _school_card(
    network: Network,
    g: nx.MultiDiGraph,
    school: str,
    lang: str,
    mentors_of: dict[tuple[str, str], str],
    deferred_why: dict[tuple[str, str], str],
) -> str:
    """The school's card: profile, where it leads, mentors, learns (from whom), what waits."""
    t = lambda key: text(key, lang)  # noqa: E731
    data = g.nodes[school]
    pairs = has_pairs(g)
    # Only what the input gave: an unknown kind or results level is left out.
    facts = [kind_label(data["kind"], lang)] if data.get("kind") else []
    if data.get("municipality"):
        facts.append(data["municipality"])
    if data.get("results"):
        facts.append(f"{t('results')}: {t('results_' + data['results'])}")
    if (data.get("adverse") or 0) >= 0.5:
        facts.append(t("adverse"))
    if data.get("is_new"):
        facts.append(t("new_school"))
    lines = [data["label"], " · ".join(facts)]
    leads = data.get("leads", [])
    lines.append(f"{t('leads')}: " + ("; ".join(direction_label(network, d) for d in leads) if leads else t("nowhere")))
    if pairs:
        mentees: dict[str, list[str]] = defaultdict(list)
        for _, v, d in g.out_edges(school, keys=True):
            mentees[d].append(short_label(g.nodes[v]["label"]))
        if mentees:
            lines.append(f"{t('mentors')}:")
            order = {d: i for i, d in enumerate(data.get("roles", {}))}
            for d in sorted(mentees, key=lambda d: order.get(d, len(order))):
                lines.append(f"• {direction_label(network, d)} — {', '.join(sorted(mentees[d], key=natural_key))}")
    learns = data.get("learns", [])
    deferred = list(data.get("deferred", []))
    if learns:
        lines.append(f"{t('learns')}:")
        for d in learns:
            line = f"• {direction_label(network, d)} ({role_label(data['roles'][d], lang)})"
            if pairs:
                mentor = mentors_of.get((school, d))
                if mentor:
                    line += f" — {t('from')} {g.nodes[mentor]['label']}"
                elif d in deferred:
                    why = deferred_why.get((school, d))
                    line += f" — {t('deferred').lower()}" + (f": {why}" if why else "")
                    deferred.remove(d)
                else:
                    line += f" — {t('no_mentor')}"
            lines.append(line)
    else:
        lines.append(f"{t('learns')}: {t('nowhere')}")
    if deferred:  # deferred needs outside its trainee roles (a hand-edited plan)
        lines.append(f"{t('deferred')}: " + "; ".join(direction_label(network, d) for d in deferred))
    if pairs:
        lines.append(f"{t('hosts')}: {data.get('hosted', 0)} {t('of')} {data.get('host_capacity', '?')}")
    return _nbsp("\n".join(lines))


def _pair_card(network: Network, g: nx.MultiDiGraph, u: str, v: str, d: str, attrs: dict[str, Any], lang: str) -> str:
    t = lambda key: text(key, lang)  # noqa: E731
    lines = [
        f"{g.nodes[u]['label']} → {g.nodes[v]['label']}",
        f"{t('direction')}: {direction_label(network, d)}",
    ]
    if attrs.get("mentor_role") and attrs.get("trainee_role"):
        lines.append(f"{role_label(attrs['mentor_role'], lang)} → {role_label(attrs['trainee_role'], lang)}")
    ids = attrs.get("curators") or ([attrs["curator"]] if attrs.get("curator") else [])
    if ids:
        names = [network.curator_by_id[c].label if c in network.curator_by_id else c for c in ids]
        lines.append(f"{t('curator')}: {', '.join(names)}")
    reason = (attrs.get("reasons") or {}).get(lang) or attrs.get("reason")
    if reason:
        lines.append(f"{t('reason')}: {reason}")
    if attrs.get("distance_km") is not None:
        lines.append(f"{t('distance')}: {attrs['distance_km']:.0f} {t('km')}")
    return _nbsp("\n".join(lines))


# ---------------------------------------------------------------- page


def _role_label(label: str, role: str) -> str:
    """A node's label with its role's sign in front, so the role reads without its colour."""
    symbol = ROLE_SYMBOLS.get(role)
    return f"{symbol} {label}" if symbol else label


def _node_color(role: str, low: bool) -> dict[str, Any]:
    fill = ROLE_COLORS.get(role, NO_ROLE_COLOR)
    border = LOW_RESULTS_BORDER if low else ROLE_BORDERS.get(role, "#7a7a7a")
    return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000000"}, "hover": {"background": fill, "border": "#000000"}}


def network_html(
    network: Network,
    plan: Plan | None = None,
    path: str | Path | None = None,
    lang: str = "ru",
    policy: Policy | None = None,
    *,
    layout: str = "auto",
) -> str:
    """The interactive network view of a plan (or of a hand-made role table).

    Parameters
    ----------
    network : Network
    plan : Plan, optional
        Without a plan the view shows the network's role table: schools and
        their roles, no pairs.
    path : str or Path, optional
        Where to write the page (folders are created).
    lang : {"ru", "en"}
        Language of labels, legend and tooltips.
    policy : Policy, optional
        Default host capacities shown in the school cards.
    layout : {"auto", "physics", "fixed"}
        ``auto`` lets the browser lay out up to :data:`PHYSICS_LIMIT`
        schools and computes a clustered layout above; ``physics`` and
        ``fixed`` force one or the other.

    Returns
    -------
    str
        The page; self-contained (works offline).
    """
    if layout not in ("auto", "physics", "fixed"):
        raise ValueError(f"unknown layout '{layout}'; choose auto, physics or fixed")
    text("title", lang)  # fail early on an unknown language
    policy = policy or Policy()
    g = plan_graph(network, plan, policy) if plan is not None else role_table_graph(network, policy)
    pairs = has_pairs(g)
    n = g.number_of_nodes()
    large = n > PHYSICS_LIMIT
    fixed = layout == "fixed" or (layout == "auto" and (large or not pairs))
    d_colors = direction_colors([d.id for d in network.directions])
    muni_of = {s: g.nodes[s].get("municipality", "") for s in g.nodes}

    positions: dict[str, tuple[float, float]] = {}
    clusters: list[dict[str, Any]] = []
    if fixed:
        positions, clusters = clustered_layout(g)

    mentors_of = {(v, k): u for u, v, k in g.edges(keys=True)}
    deferred_why = {(x.school, x.direction): x.reason_in(lang) for x in plan.deferred} if plan is not None else {}
    load = expected_load(g)
    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    base, per_team = (9.0, 2.5) if large else (13.0, 4.0)
    for s in g.nodes:
        data = g.nodes[s]
        role = data.get("strongest_role", "")
        low = data.get("results") == "low"
        node: dict[str, Any] = {
            "title": _school_card(network, g, s, lang, mentors_of, deferred_why),
            "color": _node_color(role, low),
            "size": base + per_team * math.sqrt(load[s]) * 2.0,
            "borderWidth": 3 if low else 1.5,
            "borderWidthSelected": 4,
            # Fields read by the filters and tests, ignored by vis-network.
            "baseColor": _node_color(role, low),
            "roles": data.get("roles", {}),
            "municipality": data.get("municipality", ""),
            "kind": data.get("kind") or "",
            "role": role,
            "hosted": data.get("hosted", 0),
            "lowResults": low,
            "baseLabel": short_label(data.get("label") or s),
        }
        if low:
            node["shapeProperties"] = {"borderDashes": [5, 4]}
        if s in positions:
            node["x"], node["y"] = positions[s]
        net.add_node(s, label=_role_label(node["baseLabel"], role), shape=KIND_SHAPES.get(data.get("kind"), "dot"), **node)

    seen: dict[frozenset[str], int] = defaultdict(int)
    for i, (u, v, d, attrs) in enumerate(g.edges(keys=True, data=True)):
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "title": _pair_card(network, g, u, v, d, attrs, lang),
            "color": {"color": d_colors.get(d, "#555555"), "highlight": d_colors.get(d, "#555555"), "hover": d_colors.get(d, "#555555"), "opacity": 0.9},
            "width": 1.2 if large else 2.2,
            "direction": d,
            "mentor": u,
            "trainee": v,
            "mentorMunicipality": muni_of[u],
            "traineeMunicipality": muni_of[v],
        }
        if not large:
            # Parallel and opposite pairs between two schools curve apart instead of overlapping.
            k = seen[frozenset((u, v))]
            seen[frozenset((u, v))] += 1
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.14 * k}
        net.add_edge(u, v, **edge)

    physics = not fixed
    options: dict[str, Any] = {
        "nodes": {
            "font": {"size": 16 if not large else 11, "face": "system-ui, Arial, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff", "color": "#1a1a1a"},
            "scaling": {"label": {"enabled": False, "drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.2},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "multiselect": False,
        },
        "layout": {"randomSeed": 7, "improvedLayout": not large and not fixed},
        "physics": (
            {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -80, "centralGravity": 0.012, "springLength": 120, "springConstant": 0.05, "avoidOverlap": 0.6},
                "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
            }
            if physics
            else {"enabled": False}
        ),
    }

    t = {key: text(key, lang) for key in (
        "direction", "municipality", "all_directions", "all_municipalities", "roles", "kinds",
        "low_results", "size", "arrow", "hint",
    )}
    # A role table has no links to colour: its direction list is a filter that recolours schools.
    t["directions"] = text("directions" if pairs else "direction_list", lang)
    t["size"] = text("size" if pairs else "size_table", lang)
    title = text("title" if pairs else "title_table", lang)
    subtitle = f"{network.name} · {count_label(n, 'schools', lang)}"
    if pairs:
        profile = exchange_profile(g)
        subtitle += (
            f" · {count_label(g.number_of_edges(), 'pairs', lang)}"
            f" · {text('mentoring', lang)} {len(profile['only_give']) + len(profile['both'])}"
            f" · {text('mutual', lang)} {len(mutual_exchanges(g))}"
        )
    page_dirs = [{"id": d.id, "label": direction_label(network, d.id), "color": d_colors[d.id]} for d in network.directions]
    # Schools without a municipality cannot be told apart from "all" by the filter.
    page_munis = [{"id": m, "label": m} for m in sorted(set(muni_of.values()), key=natural_key) if m]
    roles_legend = [
        {"label": role_label(r, lang, plural=True), "color": ROLE_COLORS[r.value], "border": ROLE_BORDERS[r.value],
         "symbol": ROLE_SYMBOLS[r.value]}
        for r in (Level.leader, Level.promising, Level.hidden_reserve)
    ]
    if any(not g.nodes[s].get("strongest_role") for s in g.nodes):
        roles_legend.append({"label": role_label(None, lang, plural=True), "color": NO_ROLE_COLOR, "border": "#7a7a7a",
                             "symbol": ""})
    kinds_present = {g.nodes[s].get("kind") for s in g.nodes}
    kinds_legend = [{"symbol": KIND_SYMBOLS[k], "label": kind_label(k, lang)} for k in KIND_SHAPES if k in kinds_present]
    meta = {
        "physics": physics,
        "pairs": pairs,
        "clusters": [{**c, "label": c["id"] or "—", "font": _cluster_font(c)} for c in clusters],
        "roleColors": {r: _node_color(r, False) for r in ROLE_COLORS},
        "roleSymbols": ROLE_SYMBOLS,
        "fadedColor": _node_color("", False),
        "lowBorder": LOW_RESULTS_BORDER,
        "visibleLabel": text("visible_pairs", lang),
    }
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    html = _render(
        lang=lang, title=title, subtitle=subtitle, t=t, directions=page_dirs, pairs=pairs,
        any_low=any(g.nodes[s].get("results") == "low" for s in g.nodes),
        municipalities=page_munis, roles=roles_legend, kinds=kinds_legend, low_border=LOW_RESULTS_BORDER,
        nodes=nodes, edges=edges, options=options, meta=meta,
    )
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return html


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


_ENV = Environment(autoescape=True, keep_trailing_newline=True)
_TEMPLATE = _ENV.from_string(PAGE)


def _render(**context: Any) -> str:
    js, css = _vis_assets()
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - guards a future pyvis upgrade
        raise RuntimeError("the bundled vis-network assets cannot be inlined safely")
    return _TEMPLATE.render(vis_js=Markup(js), vis_css=Markup(css), **context)
