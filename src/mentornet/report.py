"""The programme's multi-year report: indicators in a workbook, trends and role transitions as plots.

:func:`write_report` writes into a folder:

* ``report.xlsx`` — sheet *indicators* (one row per programme indicator, one
  column per year, with its one-line definition), sheets *by direction*,
  *by municipality*, *by site* (the long table of
  :func:`mentornet.indicators.programme_indicators`), *role transitions*
  and *definitions*;
* ``trend_by_direction.png`` — the share of deficits that decreased, one
  line per direction, over the years;
* ``role_transitions.png`` — teams by role per year (stacked) and how they
  moved between leader, promising and hidden reserve.

:func:`load_year_dir` reads one year's folder (its network, ``plan.json``
and outcomes) for the ``mentornet report`` command.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from openpyxl import Workbook
from openpyxl.styles import Font

from mentornet.errors import InputError, Location, Problem
from mentornet.i18n import Message
from mentornet.indicators import (
    INDICATORS,
    ProgrammeYear,
    indicator_definitions,
    programme_indicators,
    role_transitions,
)
from mentornet.io.writers import format_sheet, put
from mentornet.model import Level, Policy
from mentornet.visualizations.plots import write_png
from mentornet.visualizations.style import ROLE_COLORS

__all__ = ["NETWORK_FILES", "OUTCOME_PATTERNS", "load_year_dir", "write_plots", "write_report"]

#: Names a year folder's network input may have, tried in order (not network.json: `mentornet plan` writes the plan graph under that name).
NETWORK_FILES = ("network.xlsx", "input.xlsx", "input.json")
#: Outcome files of a year folder (the first match is read).
OUTCOME_PATTERNS = ("outcomes*.xlsx", "*outcomes*.xlsx", "outcomes*.csv", "*outcomes*.csv")
_ROLE_WORD = {"ru": {"leader": "лидеры", "promising": "подающие надежды", "hidden_reserve": "скрытые резервы"},
              "en": {"leader": "leaders", "promising": "promising", "hidden_reserve": "hidden reserves"}}
_SHEETS = {
    "ru": {"indicators": "показатели", "direction": "по направлениям", "municipality": "по муниципалитетам",
           "site": "по площадкам", "transitions": "переходы ролей", "definitions": "определения"},
    "en": {"indicators": "indicators", "direction": "by direction", "municipality": "by municipality",
           "site": "by site", "transitions": "role transitions", "definitions": "definitions"},
}


def _t(code: str, lang: str, **params: Any) -> str:
    return Message(code=code, params=params).render(lang)


def load_year_dir(path: str | Path) -> tuple[ProgrammeYear, Path | None]:
    """One programme year from its folder.

    The folder holds ``plan.json`` (or ``plan/plan.json``), the network the
    year was planned from (:data:`NETWORK_FILES`; without one, the embedded
    Krymsky table when the plan is of that network) and, once the year is
    over, its outcomes (:data:`OUTCOME_PATTERNS`).

    Returns
    -------
    (ProgrammeYear, Path or None)
        The year, and the outcomes file read (``None`` without one).

    Raises
    ------
    InputError
        No plan.json, no network, or a bad file (located).
    """
    from mentornet.export import read_plan_json
    from mentornet.io import embedded_network, read_network
    from mentornet.io.outcomes import read_outcomes

    folder = Path(path)
    if not folder.is_dir():
        raise InputError(Problem.coded(Location(file=str(folder)), "input.no_such_path"))
    plan_path = next((p for p in (folder / "plan.json", folder / "plan" / "plan.json") if p.is_file()), None)
    if plan_path is None:
        raise InputError(Problem.coded(Location(file=str(folder / "plan.json")), "input.no_such_file"))
    plan = read_plan_json(plan_path)
    net_path = next((folder / n for n in NETWORK_FILES if (folder / n).exists()), None)
    if net_path is not None:
        network = read_network(net_path)
    else:
        network = embedded_network()
        if plan.network not in (None, network.name):
            raise InputError(Problem.coded(Location(file=str(folder / NETWORK_FILES[0])), "input.no_such_file"))
    outcome_path = next((p for pattern in OUTCOME_PATTERNS for p in sorted(folder.glob(pattern))), None)
    outcomes = read_outcomes(outcome_path, network=network) if outcome_path is not None else None
    year = outcomes.year if outcomes is not None else network.year
    return ProgrammeYear(network=network, plan=plan, outcomes=outcomes, year=year), outcome_path


def _fmt(value: Any) -> Any:
    if value is None:
        return None
    try:
        if value != value:  # NaN from pandas
            return None
    except TypeError:
        pass
    return value


def write_report(years: Sequence[ProgrammeYear], out_dir: str | Path, lang: str = "ru", *,
                 policy: Policy | None = None, synthetic: Sequence[str] = ()) -> list[Path]:
    """Write the multi-year report: ``report.xlsx`` and the PNG plots.

    Parameters
    ----------
    years : sequence of ProgrammeYear
    out_dir : str or Path
    lang : {"ru", "en"}
    policy : Policy, optional
        ``deficit_step`` for the deficit indicators.
    synthetic : sequence of str
        Names of input files that are synthetic; the report says so.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = programme_indicators(years, policy)
    trans = role_transitions(years)
    defs = indicator_definitions(lang)
    sheets = _SHEETS["ru" if lang == "ru" else "en"]
    year_list = sorted({int(y) for y in table["year"]})
    book = Workbook()
    ws = book.active
    ws.title = sheets["indicators"]
    head = [_t("report.col_name", lang), *[str(y) for y in year_list], _t("report.col_definition", lang)]
    for j, h in enumerate(head, start=1):
        put(ws, 1, j, h)
        ws.cell(1, j).font = Font(bold=True)
    prog = table[table["scope"] == "programme"]
    r = 1
    for name in INDICATORS:
        sub = prog[prog["indicator"] == name]
        if sub.empty:
            continue
        r += 1
        put(ws, r, 1, name)
        for j, y in enumerate(year_list, start=2):
            cell = sub[sub["year"] == y]
            value = _fmt(cell["value"].iloc[0]) if not cell.empty else None
            put(ws, r, j, round(value, 4) if isinstance(value, float) else value)
        put(ws, r, len(head), defs[name])
    if synthetic:
        r += 2
        put(ws, r, 1, _t("report.synthetic", lang, files=", ".join(synthetic)))
        ws.cell(r, 1).font = Font(bold=True, color="C00000")
    format_sheet(ws)
    cols = ("year", "scope", "group", "indicator", "value", "numerator", "denominator")
    for scope in ("direction", "municipality", "site"):
        wsd = book.create_sheet(sheets[scope])
        for j, c in enumerate(cols, start=1):
            put(wsd, 1, j, _t(f"report.col_{c}", lang))
        sub = table[table["scope"] == scope]
        for i, row in enumerate(sub.itertuples(index=False), start=2):
            for j, c in enumerate(cols, start=1):
                v = _fmt(getattr(row, c))
                put(wsd, i, j, round(v, 4) if isinstance(v, float) else v)
        format_sheet(wsd)
    wt = book.create_sheet(sheets["transitions"])
    for j, c in enumerate(trans.columns, start=1):
        put(wt, 1, j, c)
    for i, row in enumerate(trans.itertuples(index=False), start=2):
        for j, v in enumerate(row, start=1):
            put(wt, i, j, _ROLE_WORD["ru" if lang == "ru" else "en"].get(v, v) if isinstance(v, str) else int(v))
    format_sheet(wt)
    wdef = book.create_sheet(sheets["definitions"])
    put(wdef, 1, 1, _t("report.col_name", lang))
    put(wdef, 1, 2, _t("report.col_definition", lang))
    for i, (k, text) in enumerate(defs.items(), start=2):
        put(wdef, i, 1, k)
        put(wdef, i, 2, text)
    format_sheet(wdef)
    xlsx = out / "report.xlsx"
    book.save(xlsx)
    written = [xlsx, *write_plots(years, out, lang, policy=policy, table=table)]
    table.to_csv(out / "indicators.csv", index=False, encoding="utf-8-sig")
    written.append(out / "indicators.csv")
    return written


def write_plots(years: Sequence[ProgrammeYear], out_dir: str | Path, lang: str = "ru", *,
                policy: Policy | None = None, table: Any = None) -> list[Path]:
    """Write the report's plots (PNG) into ``out_dir``: ``trend_by_direction.png`` and ``role_transitions.png``.

    Parameters
    ----------
    years : sequence of ProgrammeYear
    out_dir : str or Path
    lang : {"ru", "en"}
    policy : Policy, optional
        ``deficit_step``.
    table : pandas.DataFrame, optional
        :func:`~mentornet.indicators.programme_indicators` of ``years`` when already computed.

    Returns
    -------
    list of Path
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if table is None:
        table = programme_indicators(years, policy)
    year_list = sorted({int(y) for y in table["year"]})
    return [_plot_trend(table, out / "trend_by_direction.png", lang, year_list),
            _plot_roles(table, role_transitions(years), out / "role_transitions.png", lang, year_list)]


def _plot_trend(table: Any, path: Path, lang: str, years: list[int]) -> Path:
    fig, ax = plt.subplots(figsize=(8, 4.5))
    sub = table[(table["scope"] == "direction") & (table["indicator"] == "deficits_decreased_share")]
    for group in sorted(set(sub["group"]), key=lambda g: (len(str(g)), str(g))):
        line = sub[sub["group"] == group].sort_values("year")
        xs = [int(y) for y, v in zip(line["year"], line["value"], strict=True) if _fmt(v) is not None]
        ys = [100 * float(v) for v in line["value"] if _fmt(v) is not None]
        if xs:
            ax.plot(xs, ys, marker="o", label=str(group))
    ax.set_xticks(years)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title(_t("report.trend_title", lang))
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(title=_t("report.col_group", lang), fontsize=8, ncol=2)
    return write_png(fig, path)


def _plot_roles(table: Any, trans: Any, path: Path, lang: str, years: list[int]) -> Path:
    words = _ROLE_WORD["ru" if lang == "ru" else "en"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    prog = table[table["scope"] == "programme"]
    bottom = [0.0] * len(years)
    for lvl in (Level.hidden_reserve, Level.promising, Level.leader):
        vals = []
        for y in years:
            cell = prog[(prog["year"] == y) & (prog["indicator"] == f"teams_{lvl.value}")]
            vals.append(float(cell["value"].iloc[0]) if not cell.empty else 0.0)
        left.bar([str(y) for y in years], vals, bottom=bottom, color=ROLE_COLORS.get(lvl, None), label=words[lvl.value])
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    left.set_title(_t("report.roles_title", lang))
    left.legend(fontsize=8)
    order = [Level.hidden_reserve.value, Level.promising.value, Level.leader.value]
    labels, ups, downs = [], [], []
    for (a, b), grp in trans.groupby(["year_from", "year_to"]):
        labels.append(f"{a}→{b}")
        up = down = 0
        for row in grp.itertuples(index=False):
            step = order.index(row.role_to) - order.index(row.role_from)
            up += row.teams if step > 0 else 0
            down += row.teams if step < 0 else 0
        ups.append(up)
        downs.append(-down)
    if labels:
        right.bar(labels, ups, color="#1a9641", label="↑")
        right.bar(labels, downs, color="#d7191c", label="↓")
        right.axhline(0, color="black", linewidth=0.8)
        right.legend(fontsize=8)
    right.set_title(_t("report.transition_title", lang))
    return write_png(fig, path)
