"""Writing a plan for people and for tools: plan.json, plan.xlsx, CSV.

* :func:`write_plan_json` / :func:`read_plan_json` — the ``plan.json``
  contract of docs/design.md (roles, pairs with reasons, deferred, metrics,
  solver; plus alternates). Reasons are stored as message codes with
  parameters (``why``), rendered in the reader's language by the other writers.
* :func:`write_plan_xlsx` — the workbook planners open: the seed's table
  (direction | leaders | promising | hidden reserves | curator), every pair
  with its reason, a card per school, curator loads, deferred needs,
  alternate mentors, metrics. Russian or English headers and role names.
* :func:`write_plan_csv` — ``pairs.csv``, ``roles.csv``, ``deferred.csv``
  in UTF-8 with a BOM, so that Excel opens Cyrillic correctly.
* :func:`write_plan` — all of them into one folder.

The language defaults to Russian for Russian data (:func:`default_lang`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from mentornet.errors import InputError, Location, Problem
from mentornet.explain import role_name
from mentornet.export_labels import LANGS, label, metric_name
from mentornet.graph.metrics import site_figures
from mentornet.i18n import term
from mentornet.io.cells import protect_workbook, write_csv_file
from mentornet.model import Curator, Direction, Level, Network, Pair, Plan
from mentornet.names import natural_key

__all__ = [
    "default_lang",
    "draft_meta",
    "plan_about",
    "plan_info",
    "plan_title",
    "read_plan_json",
    "write_plan",
    "write_plan_csv",
    "write_plan_json",
    "write_plan_xlsx",
]

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def default_lang(network: Network) -> str:
    """``"ru"`` when the network's ids or names contain Cyrillic, else ``"en"``."""
    texts = [network.name]
    texts += [t for s in network.schools for t in (s.id, s.name)]
    texts += [t for d in network.directions for t in (d.id, d.name)]
    return "ru" if any(_CYRILLIC.search(t or "") for t in texts) else "en"


def _lang(network: Network, lang: str | None) -> str:
    if lang is None:
        return default_lang(network)
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGS)}")
    return lang


# ---------------------------------------------------------------- JSON


def write_plan_json(plan: Plan, path: str | Path) -> Path:
    """Write ``plan.json`` (docs/design.md contract; UTF-8, Cyrillic kept readable).

    Keys: ``roles``, ``pairs`` (mentor, trainee, direction, ``why`` — the
    reason as a list of ``{code, params}`` messages —, curator, score,
    parts, distance_km),
    ``deferred``, ``alternates``, ``metrics``, ``solver``, ``network``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = plan.to_json_dict()
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_plan_json(path: str | Path) -> Plan:
    """Read a ``plan.json`` back into a :class:`~mentornet.model.Plan`.

    Raises
    ------
    InputError
        The file is missing, not JSON, or not a plan; every problem listed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(Problem(Location(file=str(path)), f"cannot read the plan: {exc.strerror or exc}")) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem(Location(file=str(path)), f"not a text file (byte {exc.start} is not UTF-8); expected a plan.json")) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(Location(file=str(path), row=exc.lineno), f"not valid JSON: {exc.msg}")) from None
    if not isinstance(doc, dict):
        raise InputError(Problem(Location(file=str(path)), "a plan must be a JSON object with roles, pairs, deferred"))
    try:
        return Plan.model_validate(doc)
    except ValidationError as exc:
        problems = [
            Problem(Location(file=str(path), field=".".join(str(p) for p in err["loc"])), err["msg"])
            for err in exc.errors()
        ]
        raise InputError(problems) from None


# ---------------------------------------------------------------- helpers


class _Ids:
    """Labels and orders of a network's schools and directions (ids not in it kept as is)."""

    def __init__(self, network: Network):
        self.network = network
        self.s_order = {s.id: i for i, s in enumerate(network.schools)}
        self.d_order = {d.id: i for i, d in enumerate(network.directions)}

    def school(self, sid: str) -> str:
        s = self.network.school_by_id.get(sid)
        return s.label if s else sid

    def direction(self, did: str) -> str:
        d = self.network.direction_by_id.get(did)
        return d.label if d else did

    def direction_title(self, did: str, lang: str) -> str:
        """As in the seed's table: 'Стажировка 1' and the direction's name."""
        d = self.network.direction_by_id.get(did)
        if d is None or not d.name or d.name == d.id:
            return did
        title = f"{label('direction_prefix', lang)} {d.id}\n{d.name}"
        how = direction_facts(d, lang)
        return f"{title}\n({how})" if how else title

    def curators(self, p: Pair) -> str:
        """Every curator of a pair (one per kind), by name."""
        return "\n".join(self.network.curator_by_id[c].label if c in self.network.curator_by_id else c for c in p.all_curators)

    def okey(self, sid: str) -> tuple[int, str]:
        """The input's own order (the seed's table keeps the planners' order)."""
        return (self.s_order.get(sid, len(self.s_order)), sid)

    def skey(self, sid: str) -> tuple:
        # Schools in the natural order of their names (№ 2 before № 10), as planners number them.
        return (natural_key(self.school(sid)), sid)

    def dkey(self, did: str) -> tuple[int, str]:
        return (self.d_order.get(did, len(self.d_order)), did)


def _role(role: Level | str | None, lang: str) -> str:
    return "" if role is None else role_name(Level(role), lang)


def _reason(item: Any, lang: str) -> str:
    return item.reason_in(lang)


def _figures(network: Network, plan: Plan) -> dict[str, Any]:
    from mentornet.check import handmade_figures, plan_figures

    figures = plan_figures(network, plan)
    # The checker's figures (computed with the policy the plan was made under) win where they exist.
    for key, value in plan.metrics.items():
        if key in figures and value is not None and not isinstance(value, (dict, list)):
            if key == "mean_km" and not plan.metrics.get("pairs_with_km"):
                continue
            figures[key] = value
    hand = handmade_figures(network)
    if hand is not None:
        figures["handmade_schools_mentoring"] = hand["schools_mentoring"]
    return figures


# ---------------------------------------------------------------- XLSX

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="B4B4B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def plan_title(network: Network, plan: Plan, lang: str, meta: dict[str, Any] | None = None, solver: str | None = None) -> str:
    """The line that says which plan a page is: network, year, plan number, status, date, solver status.

    ``meta`` gives what only the service knows (``plan_id``, ``status``,
    ``date``); parts that are not known are left out, not guessed.
    """
    rows = dict(plan_info(network, plan, lang, meta, solver))
    L = lambda key: label(key, lang)  # noqa: E731
    parts = [f"{L('title')}: {rows.pop(L('title'))}"]
    year = rows.pop(L("title_year"), None)
    if year is not None:
        parts.append(f"{L('title_year')} {year}")
    plan_id = rows.pop(L("title_plan"), None)
    if plan_id is not None:
        parts.append(f"{L('title_plan')} {plan_id}")
    parts += [f"{k}: {v}" for k, v in rows.items()]
    return " · ".join(parts)


def draft_meta(date: dt.date | None = None) -> dict[str, Any]:
    """What identifies a plan the command line writes: not stored (no number), a draft, made on ``date`` (today)."""
    return {"plan_id": None, "status": "draft", "date": (date or dt.date.today()).isoformat()}


def plan_about(network: Network, plan: Plan, meta: dict[str, Any]) -> dict[str, Any]:
    """``plan.json``'s ``about``: network, year, plan number (None: not stored), status, date, solver and its status."""
    return {"network": network.name, "year": network.year, "plan_id": meta.get("plan_id"), "status": meta.get("status"),
            "date": meta.get("date"), "solver": plan.solver.name, "solver_status": plan.solver.status}


def plan_info(network: Network, plan: Plan, lang: str, meta: dict[str, Any] | None = None,
              solver: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of what identifies a plan, in ``lang``: network, year, plan number, status, date, solver status.

    A stored plan's number, status and date come from ``meta`` (``plan_id``,
    ``status`` — a code of :data:`mentornet.db.PLAN_STATUSES` — and ``date``);
    what is not known is left out. ``solver`` words the solver and its
    status for a page (default: its name and status code, as the exports
    write them).
    """
    L = lambda key: label(key, lang)  # noqa: E731
    meta = meta or {}
    rows = [(L("title"), network.name)]
    if network.year is not None:
        rows.append((L("title_year"), str(network.year)))
    elif meta:  # a full identification: say that the input gives no year rather than leave it out
        rows.append((L("title_year"), L("year_not_given")))
    if meta.get("plan_id") is not None:
        rows.append((L("title_plan"), str(meta["plan_id"])))
    elif meta.get("status") == "draft":  # written by the command line: not stored, no number
        rows.append((L("title_plan"), L("plan_not_stored")))
    if meta.get("status"):
        rows.append((L("title_status"), label(f"status_{meta['status']}", lang)))
    if meta.get("date"):
        rows.append((L("title_date"), str(meta["date"])))
    rows.append((L("title_solver"), solver or f"{plan.solver.name}, {plan.solver.status}"))
    return rows


#: How the programme table marks a trainee team whose need is deferred (the cell's text stays the school's name).
_DEFERRED_FONT = InlineFont(i=True, strike=True, color="9C2B2B")


def _marked(names: list[str], waiting: set[str]) -> str | CellRichText:
    """One per line; the names in ``waiting`` struck through in italics (deferred to next year)."""
    if not waiting.intersection(names):
        return "\n".join(names)
    parts: list[str | TextBlock] = []
    for i, name in enumerate(names):
        if i:
            parts.append("\n")
        parts.append(TextBlock(_DEFERRED_FONT, name) if name in waiting else name)
    return CellRichText(parts)


def _print_setup(ws: Any, title: str) -> None:
    """A4 landscape, one page wide, the header row repeated on every page, the plan's title line above."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    # '&' starts a header code in Excel: a literal one is doubled
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    """A table sheet: bold wrapped headers, frozen header row, autofilter, set widths."""
    ws = wb.create_sheet(title)
    ws.append(headers)
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = _BORDER
    for r, row in enumerate(ws.iter_rows(min_row=2), start=2):
        lines = 1
        for cell in row:
            cell.alignment = _WRAP
            cell.border = _BORDER
            if isinstance(cell.value, (str, CellRichText)):
                width = widths[cell.column - 1]
                lines = max(lines, sum(max(1, -(-len(part) // max(width - 2, 1))) for part in str(cell.value).split("\n")))
        ws.row_dimensions[r].height = min(15 * lines, 409)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"


def write_plan_xlsx(network: Network, plan: Plan, path: str | Path, lang: str | None = None,
                    meta: dict[str, Any] | None = None) -> Path:
    """Write ``plan.xlsx`` for planners.

    Sheets (names in ``lang``): the seed's table (one row per direction:
    direction | leaders | promising | hidden reserves | curator; schools one
    per line), pairs with reasons, curators and distances, a card per school
    (where it leads, where it learns and from whom, whom it mentors, what is
    deferred and why), curator loads (curator | directions | teams | limit),
    deferred needs, alternate mentors, metrics.

    In the programme table a trainee team whose need is deferred is marked
    "deferred to next year". Every sheet prints on A4 landscape, one page
    wide, with its header row repeated and :func:`plan_title` (network,
    year, plan number, status, date, solver status) at the top of each page;
    the same line is the workbook's title property.

    Parameters
    ----------
    lang : {"ru", "en"}, optional
        Default: :func:`default_lang` of the network.
    meta : dict, optional
        ``plan_id``, ``status`` and ``date`` of a stored plan (the service's).
    """
    lang = _lang(network, lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = _Ids(network)
    L = lambda key: label(key, lang)  # noqa: E731
    wb = Workbook()
    wb.remove(wb.active)

    pairs = sorted(plan.pairs, key=lambda p: (ids.dkey(p.direction), ids.skey(p.mentor), ids.skey(p.trainee)))
    role_of = plan.role_of

    # 1. The seed's table.
    by_dir: dict[str, dict[Level, list[str]]] = defaultdict(lambda: defaultdict(list))
    deferred = {(x.school, x.direction) for x in plan.deferred}
    waiting: dict[str, set[str]] = defaultdict(set)  # direction -> names of its deferred trainee teams
    for r in sorted(plan.roles, key=lambda r: ids.okey(r.school)):
        name = ids.school(r.school)
        if (r.school, r.direction) in deferred:  # listed in its role, but not placed this year
            waiting[r.direction].add(name)
        by_dir[r.direction][Level(r.role)].append(name)
    plan_curators: dict[str, list[str]] = defaultdict(list)
    for p in pairs:
        if p.curator and p.curator not in plan_curators[p.direction]:
            plan_curators[p.direction].append(p.curator)
    directions = [d.id for d in network.directions]
    directions += sorted({r.direction for r in plan.roles} - set(directions), key=ids.dkey)
    rows = []
    for did in directions:
        d = network.direction_by_id.get(did)
        listed = list(d.curators) if d else []
        curators = listed + [c for c in plan_curators[did] if c not in listed]
        names = [network.curator_by_id[c].label if c in network.curator_by_id else c for c in curators]
        groups = by_dir[did]
        rows.append([
            ids.direction_title(did, lang),
            "\n".join(groups[Level.leader]),
            _marked(groups[Level.promising], waiting[did]),
            _marked(groups[Level.hidden_reserve], waiting[did]),
            "\n".join(names),
        ])
    _sheet(wb, L("sheet_table"), [L("direction"), L("leaders"), L("promising"), L("hidden_reserves"), L("curator")],
           rows, [40, 28, 28, 28, 22])

    # 2. Pairs.
    rows = [[
        p.direction, ids.direction(p.direction), ids.school(p.mentor), _role(role_of.get((p.mentor, p.direction)), lang),
        ids.school(p.trainee), _role(role_of.get((p.trainee, p.direction)), lang),
        ids.curators(p), _unsupervised(p), p.distance_km, p.score, _reason(p, lang),
    ] for p in pairs]
    _sheet(wb, L("sheet_pairs"), [L("direction_id"), L("direction"), L("mentor"), L("mentor_role"), L("trainee"),
                                  L("trainee_role"), L("curator"), L("unsupervised"), L("distance_km"), L("score"), L("reason")],
           rows, [10, 36, 24, 18, 24, 18, 18, 16, 12, 10, 60])

    # 3. A card per school.
    learns: dict[str, list[str]] = defaultdict(list)
    mentors: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in pairs:
        learns[p.trainee].append(f"{ids.direction(p.direction)} — {ids.school(p.mentor)}")
        mentors[p.mentor][p.direction].append(ids.school(p.trainee))
    deferred_of: dict[str, list[str]] = defaultdict(list)
    for x in sorted(plan.deferred, key=lambda x: ids.dkey(x.direction)):
        deferred_of[x.school].append(f"{ids.direction(x.direction)} — {_reason(x, lang)}")
    leads: dict[str, list[str]] = defaultdict(list)
    for r in sorted(plan.roles, key=lambda r: ids.dkey(r.direction)):
        if Level(r.role) is Level.leader:
            leads[r.school].append(ids.direction(r.direction))
    none = L("none")
    rows = []
    for s in sorted(network.schools, key=lambda s: ids.skey(s.id)):
        taught = mentors[s.id]
        rows.append([
            s.label, s.municipality, term(lang, "kind", s.kind.value) if s.kind else "",
            "\n".join(leads[s.id]) or none,
            "\n".join(learns[s.id]) or none,
            "\n".join(f"{ids.direction(d)} — {', '.join(ts)}" for d, ts in sorted(taught.items(), key=lambda kv: ids.dkey(kv[0]))) or none,
            "\n".join(deferred_of[s.id]) or none,
            sum(len(ts) for ts in taught.values()), len(learns[s.id]),
        ])
    _sheet(wb, L("sheet_cards"), [L("school"), L("municipality"), L("kind"), L("leads_in"), L("learns_in"), L("mentors"),
                                  L("deferred_why"), L("pairs_as_mentor"), L("directions_as_trainee")],
           rows, [24, 18, 10, 34, 48, 48, 60, 10, 12])

    # 4. Curator loads.
    load: dict[str, int] = defaultdict(int)
    cur_schools: dict[str, set[str]] = defaultdict(set)
    cur_dirs: dict[str, list[str]] = defaultdict(list)
    for p in pairs:
        for cid in p.all_curators:
            load[cid] += 1
            cur_schools[cid].add(p.trainee)
            if p.direction not in cur_dirs[cid]:
                cur_dirs[cid].append(p.direction)
    curator_ids = [c.id for c in network.curators] + sorted(set(load) - {c.id for c in network.curators})
    rows = []
    for cid in curator_ids:
        c = network.curator_by_id.get(cid)
        limit = c.max_teams if c is not None and c.max_teams is not None else L("no_limit")
        school_limit = c.max_schools if c is not None and c.max_schools is not None else L("no_limit")
        rows.append([c.label if c else cid, "\n".join(ids.direction(d) for d in cur_dirs[cid]) or none, load[cid], limit,
                     (c.kind or "") if c else "", len(cur_schools[cid]), school_limit, _share(c, load[cid], len(cur_schools[cid]))])
    _sheet(wb, L("sheet_curators"), [L("curator"), L("directions"), L("teams"), L("limit"), L("curator_kind"), L("schools"),
                                     L("school_limit"), L("limit_share")], rows, [24, 60, 10, 14, 22, 10, 14, 12])

    # 5. Deferred needs.
    rows = [[ids.school(x.school), x.direction, ids.direction(x.direction), _role(role_of.get((x.school, x.direction)), lang),
             _reason(x, lang)] for x in sorted(plan.deferred, key=lambda x: (ids.skey(x.school), ids.dkey(x.direction)))]
    _sheet(wb, L("sheet_deferred"), [L("school"), L("direction_id"), L("direction"), L("role"), L("reason")],
           rows, [24, 10, 36, 18, 80])

    # 6. Alternate mentors.
    mentor_of = {(p.trainee, p.direction): p.mentor for p in plan.pairs}
    rows = []
    for a in sorted(plan.alternates, key=lambda a: (ids.skey(a.school), ids.dkey(a.direction))):
        now = mentor_of.get((a.school, a.direction))
        alts = "\n".join(f"{ids.school(m.mentor)}" + (f" ({m.score:g})" if m.score is not None else "") for m in a.mentors)
        rows.append([ids.school(a.school), ids.direction(a.direction), _role(role_of.get((a.school, a.direction)), lang),
                     ids.school(now) if now else none, alts])
    _sheet(wb, L("sheet_alternates"), [L("trainee"), L("direction"), L("role"), L("mentor"), L("alternates")],
           rows, [24, 36, 18, 24, 40])

    # 6a. Sites and each school's site group (issue 14), when the network has sites.
    for title, headers, site_rows, widths in _site_tables(network, plan, lang):
        _sheet(wb, title, headers, site_rows, widths)

    # 7. Metrics.
    rows = []
    st = plan.solver
    for key in ("solver", "status", "objective", "bound", "gap", "seconds"):
        value = st.name if key == "solver" else getattr(st, key, None)
        rows.append([label(key, lang), none if value is None else value])
    figures = _figures(network, plan)
    for key, value in figures.items():
        rows.append([label(key, lang), none if value is None else value])
    for part, value in (plan.metrics.get("objective_parts") or {}).items():
        rows.append([f"{label('objective', lang)}: {term(lang, 'part', part)}", value])
    for key, value in sorted(plan.metrics.items()):
        # Per-school and per-curator details are on the cards and curators sheets.
        if key in figures or key in ("objective_parts", "objective") or isinstance(value, (dict, list, tuple)):
            continue
        rows.append([metric_name(key, lang), none if value is None else value])
    _sheet(wb, L("sheet_metrics"), [L("metric"), L("value")], rows, [40, 24])

    title = plan_title(network, plan, lang, meta)
    for ws in wb.worksheets:
        _print_setup(ws, title)
    if deferred:  # the legend of the marks, printed under the programme table
        wb.worksheets[0].oddFooter.left.text = f"{L('deferred_legend')}: {L('deferred_mark')}"
    wb.properties.title = title
    wb.properties.subject = network.name
    protect_workbook(wb)  # names like '=HYPERLINK(…)' stay text
    wb.save(path)
    return path


# ---------------------------------------------------------------- CSV


def _unsupervised(p: Pair) -> str:
    """The curator kinds a flagged pair goes without (``Policy.unsupervised`` = flag)."""
    return "; ".join(k or "—" for k in p.unsupervised)


def _share(c: Curator | None, pairs: int, schools: int) -> int | str:
    """The share of a curator's limit used, in whole percent rounded up (as the curator_balance term counts it)."""
    if c is None:
        return ""
    shares = [-(-100 * n // mx) for n, mx in ((pairs, c.max_teams), (schools, c.max_schools)) if mx]
    return max(shares) if shares else ""


def direction_facts(d: Direction, lang: str) -> str:
    """A direction's audience, format (with group sizes) and mode in ``lang``; empty when the input gives none."""
    parts = []
    if d.audience is not None:
        parts.append(term(lang, "audience", str(d.audience)))
    if d.format is not None:
        fmt = term(lang, "format", str(d.format))
        if d.format == "group" and (d.group_min is not None or d.group_max is not None):
            fmt += f" {d.group_min or 1}–{d.group_max if d.group_max is not None else '…'}"  # trainee teams per group
        parts.append(fmt)
    if d.mode is not None:
        parts.append(term(lang, "mode", str(d.mode)))
    return "; ".join(parts)


def write_plan_csv(network: Network, plan: Plan, out_dir: str | Path, lang: str | None = None, sep: str | None = None,
                   meta: dict[str, Any] | None = None) -> list[Path]:
    """Write ``pairs.csv``, ``roles.csv`` and ``deferred.csv`` (UTF-8 with BOM).

    Headers and role names are in ``lang``; school and direction ids are
    those of the input. Columns are separated by ``sep``, by default the
    one a spreadsheet of ``lang`` expects (``;`` Russian, ``,`` English;
    :func:`mentornet.io.cells.csv_separator`). With ``meta`` (see
    :func:`plan_info`), ``about.csv`` comes first: which plan the tables
    are (network, year, plan number, status, date, solver status). Returns
    the paths written.
    """
    lang = _lang(network, lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = _Ids(network)
    L = lambda key: label(key, lang)  # noqa: E731
    role_of = plan.role_of
    tables = {
        "pairs.csv": (
            [L("direction_id"), L("direction"), L("mentor"), L("mentor_role"), L("trainee"), L("trainee_role"),
             L("curator"), L("unsupervised"), L("distance_km"), L("score"), L("reason")],
            [[p.direction, ids.direction(p.direction), p.mentor, _role(role_of.get((p.mentor, p.direction)), lang),
              p.trainee, _role(role_of.get((p.trainee, p.direction)), lang), "; ".join(p.all_curators), _unsupervised(p),
              "" if p.distance_km is None else p.distance_km, "" if p.score is None else p.score, _reason(p, lang)]
             for p in sorted(plan.pairs, key=lambda p: (ids.dkey(p.direction), ids.skey(p.mentor), ids.skey(p.trainee)))],
        ),
        "roles.csv": (
            [L("school"), L("direction_id"), L("direction"), L("role")],
            [[r.school, r.direction, ids.direction(r.direction), _role(r.role, lang)]
             for r in sorted(plan.roles, key=lambda r: (ids.dkey(r.direction), ids.skey(r.school)))],
        ),
        "deferred.csv": (
            [L("school"), L("direction_id"), L("direction"), L("role"), L("reason")],
            [[x.school, x.direction, ids.direction(x.direction), _role(role_of.get((x.school, x.direction)), lang),
              _reason(x, lang)]
             for x in sorted(plan.deferred, key=lambda x: (ids.skey(x.school), ids.dkey(x.direction)))],
        ),
    }
    site_tables = _site_tables(network, plan, lang)
    if site_tables:
        tables["sites.csv"] = (site_tables[0][1], site_tables[0][2])
        tables["site_groups.csv"] = (site_tables[1][1], site_tables[1][2])
    # names like '=HYPERLINK(…)' stay text (write_csv_file escapes them)
    paths = [write_csv_file(out / name, header, rows, lang=lang, sep=sep) for name, (header, rows) in tables.items()]
    if meta is not None:
        info = plan_info(network, plan, lang, meta)
        paths.insert(0, write_csv_file(out / "about.csv", list(info[0]), [list(r) for r in info[1:]], lang=lang, sep=sep))
    return paths


def _site_tables(network: Network, plan: Plan, lang: str) -> list[tuple[str, list[str], list[list[Any]], list[int]]]:
    """The sites (term, load and limits) and each trainee school's site group; none without a ``sites`` table.

    ``(title, headers, rows, widths)`` for the sheet "Sites" and the sheet
    "Site of each school" (``sites.csv``, ``site_groups.csv``).
    """
    if not network.sites:
        return []
    L = lambda key: label(key, lang)  # noqa: E731
    ids = _Ids(network)
    fig = site_figures(network, plan.pairs)
    yes, no = term(lang, "bool", "true"), term(lang, "bool", "false")

    def limit(n: int, cap: int | None) -> str:
        return f"{n}" if cap is None else f"{n} ({cap})"

    sites = [
        [s.id, s.label, "; ".join(ids.school(m) for m in s.schools),
         "" if s.start_year is None else f"{s.start_year}–{s.last_year}", yes if s.id in fig["sites_term_ending"] else no,
         limit(fig["site_load"][s.id]["schools"], s.max_schools), limit(fig["site_load"][s.id]["pairs"], s.max_pairs)]
        for s in network.sites
    ]
    learns: dict[str, list[str]] = {}
    for p in plan.pairs:
        learns.setdefault(p.trainee, []).append(p.direction)
    groups = []
    for t, gs in fig["site_groups"].items():
        school = network.school_by_id.get(t)
        names = "; ".join(network.site_by_id[g].label if g in network.site_by_id else ids.school(g) for g in gs)
        groups.append([ids.school(t), school.municipality if school else "", "; ".join(gs), names,
                       ", ".join(sorted(set(learns.get(t, [])), key=natural_key))])
    return [
        (L("sheet_sites"), [L("site"), L("site_name"), L("site_schools"), L("term"), L("term_ends"), L("trainee_schools"), L("site_pairs")],
         sites, [10, 40, 40, 14, 12, 16, 14]),
        (L("sheet_site_groups"), [L("school"), L("municipality"), L("site_group"), L("site"), L("directions")],
         groups, [30, 24, 12, 44, 16]),
    ]


def write_plan(network: Network, plan: Plan, out_dir: str | Path, lang: str | None = None, sep: str | None = None,
               meta: dict[str, Any] | None = None) -> dict[str, Path]:
    """Write ``plan.json``, ``plan.xlsx`` and the CSV files (separated by ``sep``, see :func:`write_plan_csv`) into ``out_dir``.

    Each says which plan it is — network, year, plan number, status, date
    and the solver's status: ``about`` in plan.json, the title line of
    plan.xlsx, ``about.csv`` beside the CSV files. ``meta`` gives a stored
    plan's number, status and date; without it the plan is a draft that is
    not stored (:func:`draft_meta`, dated today).

    Returns ``{"json": ..., "xlsx": ..., "about.csv": ..., "pairs.csv": ..., ...}``.
    """
    out = Path(out_dir)
    lang = _lang(network, lang)
    meta = meta if meta is not None else draft_meta()
    paths = {"json": write_plan_json(plan.with_changes(about=plan_about(network, plan, meta)), out / "plan.json"),
             "xlsx": write_plan_xlsx(network, plan, out / "plan.xlsx", lang, meta=meta)}
    for p in write_plan_csv(network, plan, out, lang, sep, meta=meta):
        paths[p.name] = p
    return paths
