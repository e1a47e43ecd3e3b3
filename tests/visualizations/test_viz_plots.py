"""Plots, their embedding in a workbook, and write_views."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import networkx as nx
import pytest
from mn_viz_support import round_robin_plan
from openpyxl import Workbook, load_workbook

from mentornet.visualizations import (
    VIEW_FILES,
    embed_plots_in_xlsx,
    plot_comparison,
    plot_mentor_load,
    plot_roles_by_direction,
    write_plots,
    write_views,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def krymsky_plan(krymsky):
    return round_robin_plan(krymsky)


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_roles_by_direction_counts(krymsky, krymsky_plan, tmp_path):
    fig = plot_roles_by_direction(krymsky, krymsky_plan, lang="en", path=tmp_path / "r.png")
    assert (tmp_path / "r.png").read_bytes().startswith(PNG)
    roles_ax, needs_ax = fig.axes
    # Direction 3 of the table: 2 leaders, 6 promising, 9 hidden reserves; the top bar is direction 1.
    widths = sorted(round(p.get_width()) for p in roles_ax.patches if abs(p.get_y() + p.get_height() / 2 - 4) < 0.01)
    assert widths == [2, 6, 9]
    assert sum(p.get_width() for p in needs_ax.patches) == len(krymsky_plan.pairs)
    plt.close(fig)


def test_roles_by_direction_of_a_table_splits_needs_by_places(krymsky):
    fig = plot_roles_by_direction(krymsky, None, lang="ru")
    _, needs_ax = fig.axes
    assert [t.get_text() for t in needs_ax.get_legend().get_texts()] == ["хватает мест у лидеров", "сверх мест у лидеров"]
    assert sum(p.get_width() for p in needs_ax.patches) == 73
    plt.close(fig)


def test_mentor_load_marks_schools_over_capacity(krymsky, krymsky_plan):
    fig = plot_mentor_load(krymsky, krymsky_plan, lang="en")
    labels = texts(fig)
    hosted = {}
    for p in krymsky_plan.pairs:
        hosted[p.mentor] = hosted.get(p.mentor, 0) + 1
    worst = max(hosted.values())
    assert f"{worst} / 6" in labels
    plt.close(fig)
    fig = plot_mentor_load(krymsky, krymsky_plan, lang="en", top=5)
    assert len(fig.axes[0].get_yticklabels()) == 5
    assert "top 5 of" in fig.axes[0].get_title(loc="left")
    plt.close(fig)


def test_comparison_marks_a_goal_missing_on_one_side():
    before = {"schools": 34, "schools_mentoring": 18, "schools_involved": 34, "trainee_needs": 73, "needs_covered": 58, "mutual_exchanges": None}
    after = {"schools": 34, "schools_mentoring": 30, "schools_involved": 34, "trainee_needs": 73, "needs_covered": 66, "mutual_exchanges": 4}
    fig = plot_comparison(before, after, ("table", "plan"), lang="en")
    titles = [ax.get_title().replace("\n", " ") for ax in fig.axes]
    assert titles == ["Schools mentoring", "Schools taking part", "Needs covered", "Mutual exchanges"]
    labels = texts(fig)
    assert "18\n53%" in labels and "30\n88%" in labels and "n/a" in labels and "4" in labels
    plt.close(fig)
    fig = plot_comparison(before, after, lang="ru", note="оценка в лучшем случае")
    assert [ax.get_xticklabels()[0].get_text() for ax in fig.axes][:1] == ["до"]
    assert "оценка в лучшем случае" in [t.get_text() for t in fig.texts]
    plt.close(fig)
    with pytest.raises(ValueError):
        plot_comparison({}, {"other": 1})


@pytest.fixture(scope="module")
def plan_pngs(krymsky, krymsky_plan, tmp_path_factory):
    return write_plots(krymsky, krymsky_plan, tmp_path_factory.mktemp("plots"), lang="ru")


def test_write_plots_of_a_plan_and_of_a_table(krymsky, plan_pngs, tmp_path):
    paths = plan_pngs
    assert [p.name for p in paths] == ["roles_by_direction.png", "mentor_load.png", "comparison.png"]
    assert all(p.read_bytes().startswith(PNG) and p.stat().st_size > 10_000 for p in paths)
    table = write_plots(krymsky, None, tmp_path / "table", lang="en")
    assert [p.name for p in table] == ["roles_by_direction.png", "mentor_load.png"]


def test_embed_plots_in_xlsx(plan_pngs, tmp_path):
    pngs = plan_pngs
    book = tmp_path / "plan.xlsx"
    wb = Workbook()
    wb.active.title = "Пары"
    wb.save(book)
    embed_plots_in_xlsx(book, pngs, "Графики")
    embed_plots_in_xlsx(book, pngs[:2], "Графики")  # replaces, does not add a second sheet
    wb = load_workbook(book)
    assert wb.sheetnames == ["Пары", "Графики"]
    images = wb["Графики"]._images
    assert len(images) == 2
    rows = [img.anchor._from.row for img in images]
    assert rows[0] == 0 and rows[1] > 15  # the second starts below the first


def test_write_views(krymsky, krymsky_plan, tmp_path):
    paths = write_views(krymsky, krymsky_plan, tmp_path / "out", lang="ru")
    names = [p.name for p in paths]
    assert names[:3] == list(VIEW_FILES) and "comparison.png" in names
    assert all(p.exists() for p in paths)
    doc = json.loads((tmp_path / "out" / "network.json").read_text(encoding="utf-8"))
    assert len(doc["nodes"]) == 34 and len(doc["edges"]) == len(krymsky_plan.pairs)
    assert doc["metrics"]["pairs"] == len(krymsky_plan.pairs)
    g = nx.read_graphml(tmp_path / "out" / "graph.graphml", force_multigraph=True)
    assert g.number_of_nodes() == 34 and g.number_of_edges() == len(krymsky_plan.pairs)
    audit = write_views(krymsky, None, tmp_path / "audit", lang="en")
    assert [p.name for p in audit] == [*VIEW_FILES, "roles_by_direction.png", "mentor_load.png"]
    assert json.loads((tmp_path / "audit" / "network.json").read_text(encoding="utf-8"))["metrics"]["schools_mentoring"] == 18
