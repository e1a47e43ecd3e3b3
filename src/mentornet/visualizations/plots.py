"""Static plots a planner reads at a glance (matplotlib, PNG).

* :func:`plot_roles_by_direction` — per direction, leaders / promising /
  hidden reserves, and how many trainee needs are covered or deferred;
* :func:`plot_mentor_load` — trainee teams each mentor hosts against its
  capacity;
* :func:`plot_comparison` — two plans (or the hand-made table and a plan)
  side by side on the programme's goals;
* :func:`write_plots` writes them into a folder, :func:`embed_plots_in_xlsx`
  puts PNGs on a sheet of a workbook.

Every function returns the figure and saves it when given a path; figures
use the Agg backend (no display needed) and the colours of
:mod:`mentornet.visualizations.style`.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from mentornet.graph.metrics import expected_load, network_metrics, table_coverage  # noqa: E402
from mentornet.graph.plan_graph import plan_graph, role_table_graph  # noqa: E402
from mentornet.model import Level, Network, Plan, Policy, roles_from_levels  # noqa: E402
from mentornet.visualizations.network import direction_label, short_label  # noqa: E402
from mentornet.visualizations.style import ROLE_BORDERS, ROLE_COLORS, direction_colors, role_label, text  # noqa: E402

__all__ = [
    "GOALS",
    "embed_plots_in_xlsx",
    "plot_comparison",
    "plot_mentor_load",
    "plot_roles_by_direction",
    "write_plots",
    "write_png",
]

DPI = 150
_COVERED = "#2c7fb8"
_DEFERRED = "#fdae61"
_UNCOVERED = "#d7191c"

#: Goals compared by :func:`plot_comparison`: (metric key, label key, key of the total or None).
GOALS: tuple[tuple[str, str, str | None], ...] = (
    ("schools_mentoring", "goal_schools_mentoring", "schools"),
    ("schools_involved", "goal_schools_involved", "schools"),
    ("needs_covered", "goal_needs_covered", "trainee_needs"),
    ("weighted_deficits_covered", "goal_weighted", "weighted_deficits_total"),
    ("mutual_exchanges", "goal_mutual", None),
    ("hubs_overloaded", "goal_hubs", None),
)


def write_png(fig: Figure, path: Path, dpi: int = 120) -> Path:
    """Lay out a report's figure, write it as PNG and close it (the profile and programme reports)."""
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def _save(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=DPI, bbox_inches="tight", facecolor="white")
    return fig


def _wrap(label: str, width: int = 40) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _number(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def plot_roles_by_direction(
    network: Network,
    plan: Plan | None = None,
    lang: str = "ru",
    path: str | Path | None = None,
    policy: Policy | None = None,
) -> Figure:
    """Per direction: the teams at each role, and the fate of trainee needs.

    Parameters
    ----------
    network : Network
    plan : Plan, optional
        Roles and pairs of a plan; without one, the network's role table
        (its levels), whose needs are split into those its leaders have
        places for and those beyond (see
        :func:`mentornet.graph.metrics.table_coverage`).
    lang : {"ru", "en"}
    path : str or Path, optional
        Where to save the PNG.
    policy : Policy, optional
        Caps for the role-table estimate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = lambda key: text(key, lang)  # noqa: E731
    policy = policy or Policy()
    roles = plan.role_of if plan is not None and plan.roles else {(r.school, r.direction): r.role for r in roles_from_levels(network.competences)}
    counts: dict[str, Counter[str]] = {d.id: Counter() for d in network.directions}
    for (_s, d), role in roles.items():
        if d in counts:
            counts[d][Level(role).value] += 1
    dirs = [d.id for d in network.directions]
    labels = [_wrap(direction_label(network, d)) for d in dirs]
    y = list(range(len(dirs)))[::-1]

    fig, (ax_roles, ax_needs) = plt.subplots(
        1, 2, figsize=(13, 1.4 + 0.78 * len(dirs)), sharey=True, gridspec_kw={"width_ratios": [1.0, 1.0], "wspace": 0.06}
    )
    left = [0] * len(dirs)
    for lvl in (Level.leader, Level.promising, Level.hidden_reserve):
        vals = [counts[d][lvl.value] for d in dirs]
        bars = ax_roles.barh(y, vals, left=left, color=ROLE_COLORS[lvl.value], edgecolor=ROLE_BORDERS[lvl.value], linewidth=0.8, label=role_label(lvl, lang, plural=True))
        for bar, v in zip(bars, vals):
            if v:
                dark = lvl is Level.leader
                ax_roles.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v), ha="center", va="center", fontsize=9.5, color="white" if dark else "#111")
        left = [a + b for a, b in zip(left, vals)]
    ax_roles.set_yticks(y, labels, fontsize=9.5)
    ax_roles.set_title(t("plot_roles"), fontsize=12, loc="left")
    ax_roles.set_xlabel(t("teams"))
    ax_roles.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, frameon=False, fontsize=9.5)

    if plan is not None:
        covered: Counter[str] = Counter(p.direction for p in plan.pairs)
        deferred: Counter[str] = Counter(x.direction for x in plan.deferred)
        needs: Counter[str] = Counter(d for (_s, d), r in roles.items() if Level(r) is not Level.leader)
        series = [
            (t("covered"), _COVERED, [covered[d] for d in dirs]),
            (t("deferred_needs"), _DEFERRED, [deferred[d] for d in dirs]),
            (t("uncovered"), _UNCOVERED, [max(0, needs[d] - covered[d] - deferred[d]) for d in dirs]),
        ]
    else:
        cov = table_coverage(network, policy)["by_direction"]
        series = [
            (t("table_covered"), _COVERED, [cov[d]["covered"] for d in dirs]),
            (t("table_beyond"), _UNCOVERED, [cov[d]["promising"] + cov[d]["hidden_reserve"] - cov[d]["covered"] for d in dirs]),
        ]
    left = [0] * len(dirs)
    for i, (name, color, vals) in enumerate(series):
        if i > 0 and not any(vals):
            continue
        bars = ax_needs.barh(y, vals, left=left, color=color, edgecolor="white", linewidth=0.8, label=name)
        for bar, v in zip(bars, vals):
            if v:
                ax_needs.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v), ha="center", va="center", fontsize=9.5, color="white" if color != _DEFERRED else "#111")
        left = [a + b for a, b in zip(left, vals)]
    ax_needs.set_title(t("plot_needs"), fontsize=12, loc="left")
    ax_needs.set_xlabel(t("teams"))
    ax_needs.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, frameon=False, fontsize=9.5)
    # One scale for both panels: a direction's needs never exceed its teams.
    ax_needs.set_xlim(ax_roles.get_xlim())
    for ax in (ax_roles, ax_needs):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(network.name, fontsize=10, color="#555", x=0.99, ha="right", y=0.995)
    return _save(fig, path)


def plot_mentor_load(
    network: Network,
    plan: Plan | None = None,
    lang: str = "ru",
    path: str | Path | None = None,
    policy: Policy | None = None,
    *,
    top: int = 40,
) -> Figure:
    """Trainee teams each mentoring school hosts, by direction, against its capacity.

    Parameters
    ----------
    network : Network
    plan : Plan, optional
        Without a plan, the load a role table implies (each direction's
        trainees shared evenly by its leaders).
    lang : {"ru", "en"}
    path : str or Path, optional
    policy : Policy, optional
        Default host capacity.
    top : int
        At most this many schools, most loaded relative to capacity first
        (a region has too many to read).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = lambda key: text(key, lang)  # noqa: E731
    policy = policy or Policy()
    g = plan_graph(network, plan, policy) if plan is not None else role_table_graph(network, policy)
    colors = direction_colors([d.id for d in network.directions])
    by_dir: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    if plan is not None:
        for u, _v, d in g.edges(keys=True):
            by_dir[u][d] += 1
    else:
        leaders: dict[str, list[str]] = defaultdict(list)
        trainees: Counter[str] = Counter()
        for s, data in g.nodes(data=True):
            for d, r in data["roles"].items():
                if r == Level.leader.value:
                    leaders[d].append(s)
                else:
                    trainees[d] += 1
        for d, who in leaders.items():
            for s in who:
                by_dir[s][d] += trainees[d] / len(who)
    load = expected_load(g)
    shown = [s for s in g.nodes if load[s] > 0 or g.nodes[s]["leads"]]
    cap = {s: g.nodes[s]["host_capacity"] for s in shown}
    shown.sort(key=lambda s: (-(load[s] / cap[s]) if cap[s] else -math.inf, -load[s], s))
    total = len(shown)
    shown = shown[:top]
    shown.reverse()  # most loaded at the top

    fig, ax = plt.subplots(figsize=(11, 1.3 + 0.28 * max(len(shown), 4)))
    y = range(len(shown))
    left = [0.0] * len(shown)
    for d in network.directions:
        vals = [by_dir[s].get(d.id, 0.0) for s in shown]
        if any(vals):
            ax.barh(y, vals, left=left, color=colors[d.id], height=0.68, label=_wrap(direction_label(network, d.id), 46))
            left = [a + b for a, b in zip(left, vals)]
    ax.barh(y, [cap[s] for s in shown], height=0.86, fill=False, edgecolor="#222", linewidth=1.1, label=t("capacity"))
    for i, s in enumerate(shown):
        over = cap[s] and load[s] > cap[s]
        ax.text(max(load[s], cap[s]) + 0.15, i, f"{_number(load[s])} / {cap[s]}", va="center", fontsize=8.5, color=_UNCOVERED if over else "#333", fontweight="bold" if over else "normal")
    ax.set_yticks(list(y), [short_label(g.nodes[s]["label"]) for s in shown], fontsize=8.5)
    ax.set_xlim(0, max([load[s] for s in shown] + [cap[s] for s in shown] + [1]) * 1.14)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    title = t("plot_load")
    if total > len(shown):
        title += f" ({t('top')} {len(shown)} {t('of')} {total}, {t('by_ratio')})"
    ax.set_title(title, fontsize=12, loc="left")
    ax.set_xlabel(t("load"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8.5, labelspacing=0.8)
    return _save(fig, path)


def _value(metrics: Mapping[str, Any], key: str) -> float | None:
    v = metrics.get(key)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def plot_comparison(
    before_metrics: Mapping[str, Any],
    after_metrics: Mapping[str, Any],
    labels: Sequence[str] | None = None,
    lang: str = "ru",
    path: str | Path | None = None,
    *,
    note: str | None = None,
) -> Figure:
    """Two plans (or a table and a plan) side by side on the programme's goals.

    Parameters
    ----------
    before_metrics, after_metrics : mapping
        Metrics as :func:`mentornet.graph.network_metrics` (or the
        checker) gives them; the goals of :data:`GOALS` found in either
        are drawn, a goal missing on one side is marked "n/a".
    labels : pair of str, optional
        Names of the two sides (default "before" / "after").
    lang : {"ru", "en"}
    path : str or Path, optional
    note : str, optional
        A footnote (e.g. how a table's figures were estimated).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = lambda key: text(key, lang)  # noqa: E731
    labels = tuple(labels) if labels else (t("before"), t("after"))
    goals = [g for g in GOALS if _value(before_metrics, g[0]) is not None or _value(after_metrics, g[0]) is not None]
    if not goals:
        raise ValueError("neither side has any of the compared goals: " + ", ".join(g[0] for g in GOALS))
    fig, axes = plt.subplots(1, len(goals), figsize=(2.35 * len(goals) + 0.6, 3.6), squeeze=False)
    colors = ("#9e9e9e", _COVERED)
    for ax, (key, label_key, total_key) in zip(axes[0], goals):
        vals = [_value(before_metrics, key), _value(after_metrics, key)]
        totals = [_value(m, total_key) if total_key else None for m in (before_metrics, after_metrics)]
        heights = [v or 0.0 for v in vals]
        ax.bar([0, 1], heights, color=colors, width=0.62)
        top = max(heights + [t_ for t_ in totals if t_] + [1.0])
        for i, v in enumerate(vals):
            if v is None:
                shown = t("n_a")
            elif totals[i]:
                shown = f"{_number(v)}\n{100 * v / totals[i]:.0f}%"
            else:
                shown = _number(v)
            # Inside a tall bar (clear of the 100% line), above a short one.
            if v is not None and v > top * 0.3:
                ax.text(i, v - top * 0.03, shown, ha="center", va="top", fontsize=9.5, color="white", fontweight="bold")
            else:
                ax.text(i, (v or 0.0) + top * 0.02, shown, ha="center", va="bottom", fontsize=9.5)
        if total_key and any(totals):
            ax.axhline(max(x for x in totals if x), color="#444", linestyle=":", linewidth=1)
        ax.set_ylim(0, top * 1.08)
        ax.set_xticks([0, 1], [_wrap(x, 14) for x in labels], fontsize=9)
        ax.set_title(_wrap(t(label_key), 18), fontsize=10)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.set_yticks([])
    fig.suptitle(t("plot_compare"), fontsize=12, x=0.01, ha="left")
    fig.legend(handles=[Line2D([], [], color="#444", linestyle=":", label=t("total"))], loc="upper right", frameon=False, fontsize=8.5)
    fig.tight_layout()
    if note:
        fig.text(0.01, -0.01, _wrap(note, 190), ha="left", va="top", fontsize=8.5, color="#555")
    return _save(fig, path)


def write_plots(
    network: Network,
    plan: Plan | None,
    out_dir: str | Path,
    lang: str = "ru",
    before: Plan | Mapping[str, Any] | None = None,
    policy: Policy | None = None,
) -> list[Path]:
    """Write the plots of a plan (or of a role table) into a folder.

    Parameters
    ----------
    network : Network
    plan : Plan or None
        ``None`` draws the network's role table (for ``mentornet audit``).
    out_dir : str or Path
        Created when missing.
    lang : {"ru", "en"}
    before : Plan or mapping, optional
        What the plan is compared with: another plan, or its metrics. When
        omitted and every team of the network has a level (a hand-made role
        table, as the Krymsky one), the plan is compared with that table.
    policy : Policy, optional

    Returns
    -------
    list of Path
        ``roles_by_direction.png``, ``mentor_load.png`` and, when there is
        something to compare, ``comparison.png``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    policy = policy or Policy()
    written = []
    for name, fn in (("roles_by_direction.png", plot_roles_by_direction), ("mentor_load.png", plot_mentor_load)):
        fig = fn(network, plan, lang=lang, path=out / name, policy=policy)
        plt.close(fig)
        written.append(out / name)
    if plan is not None:
        before_metrics: Mapping[str, Any] | None
        side = text("before", lang)
        note = None
        if isinstance(before, Plan):
            before_metrics = network_metrics(network, before, policy)
        elif isinstance(before, Mapping):
            before_metrics = before
        elif network.level_only:
            before_metrics = network_metrics(network, None, policy)
            side = text("table", lang)
            note = text("table_note", lang)
        else:
            before_metrics = None
        if before_metrics is not None:
            after = network_metrics(network, plan, policy)
            fig = plot_comparison(before_metrics, after, (side, text("plan", lang)), lang=lang, path=out / "comparison.png", note=note)
            plt.close(fig)
            written.append(out / "comparison.png")
    return written


def embed_plots_in_xlsx(xlsx_path: str | Path, pngs: Sequence[str | Path], sheet_name: str = "Графики", *, width_px: int = 960) -> Path:
    """Put PNG plots on one sheet of an existing workbook, one under another.

    Parameters
    ----------
    xlsx_path : str or Path
        The workbook (e.g. ``plan.xlsx``); saved in place.
    pngs : sequence of paths
        Images to embed, in order.
    sheet_name : str
        The sheet to (re)create; an existing sheet of that name is replaced.
    width_px : int
        Width of each image on the sheet (the height keeps the ratio).

    Returns
    -------
    Path
        The workbook.
    """
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image

    xlsx_path = Path(xlsx_path)
    # rich_text: the programme table's marks of deferred trainees (struck-through runs) survive the round trip
    wb = load_workbook(xlsx_path, rich_text=True)
    if sheet_name in wb.sheetnames:
        del wb[sheet_name]
    ws = wb.create_sheet(sheet_name)
    # Printed like the workbook's other sheets: A4 landscape, the plan's title line on every page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    if wb.properties.title:
        ws.oddHeader.center.text = wb.properties.title.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"
    row = 1
    for png in pngs:
        img = Image(str(png))
        scale = width_px / img.width if img.width > width_px else 1.0
        img.width, img.height = int(img.width * scale), int(img.height * scale)
        ws.add_image(img, f"A{row}")
        # Default rows are 20 px high; leave two empty rows between images.
        row += math.ceil(img.height / 20) + 2
    wb.save(xlsx_path)
    return xlsx_path
