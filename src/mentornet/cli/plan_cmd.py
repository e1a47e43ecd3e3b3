"""``mentornet plan`` and ``mentornet compare``: plan a network, or compare every solver on it."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from mentornet.cli import app, console, err_console, infeasible_report, print_infeasible, report_error
from mentornet.cli._output import (
    OutputFormat,
    format_option,
    print_records,
    print_table,
)
from mentornet.errors import (
    Conflict,
    InfeasibleError,
    InputError,
    Location,
    MentornetError,
    Problem,
    SolverError,
    infeasible_summary,
)
from mentornet.messages import Np_
from mentornet.model import Network, Plan, Policy
from mentornet.nextyear import history_from_plan

__all__ = ["compare", "compare_solvers", "effective_policy", "from_input", "history_from_plan", "load_policy", "plan", "read_history"]


class SolverName(str, Enum):
    cpsat = "cpsat"
    flow = "flow"
    greedy = "greedy"


class Strategy(str, Enum):
    narrow = "narrow"
    wide = "wide"


class Fairness(str, Enum):
    none = "none"
    direction = "direction"
    municipality = "municipality"


class CsvSep(str, Enum):
    semicolon = "semicolon"
    comma = "comma"
    tab = "tab"


class Lang(str, Enum):
    ru = "ru"
    en = "en"


# ---------------------------------------------------------------- helpers


def load_policy(path: Path | None, **overrides: Any) -> Policy:
    """A policy from a JSON file (or the defaults), with the options given on the command line.

    The input's own policy table is not read here; see :func:`effective_policy`.

    Raises
    ------
    InputError
        The file is missing, not JSON, or has unknown or invalid fields.
    """
    return effective_policy(path, None, **overrides)[0]


def effective_policy(path: Path | None, input_policy: Policy | None, **options: Any) -> tuple[Policy, dict[str, str]]:
    """The policy every command plans with: options > ``--policy`` file > the input's policy table > defaults.

    Parameters
    ----------
    path : Path, optional
        The ``--policy`` JSON file.
    input_policy : Policy, optional
        The policy the input carries (its explicitly given settings only).
    **options
        Command-line options; ``None`` means not given.

    Returns
    -------
    tuple of (Policy, dict)
        The effective policy and the source of each setting
        (:func:`mentornet.model.merge_policy`).

    Raises
    ------
    InputError
        The file is missing, not JSON, or has unknown or invalid fields, or
        the merged settings contradict each other.
    """
    from pydantic import ValidationError

    from mentornet.model import merge_policy

    file_data = _policy_file(path) if path is not None else None
    try:
        return merge_policy(input=input_policy, file=file_data, options=options)
    except ValidationError as exc:
        raise InputError([
            Problem(Location(file=str(path) if path else None, field=".".join(str(p) for p in e["loc"]) or "policy"), e["msg"])
            for e in exc.errors()
        ]) from None


def from_input(policy: Policy, sources: dict[str, str]) -> dict[str, Any]:
    """The effective settings that came from the input's own policy table (flat keys)."""
    values = policy.model_dump(mode="json")
    return {k: (values["weights"][k[8:]] if k.startswith("weights.") else values[k]) for k, s in sources.items() if s == "input"}


def _policy_file(path: Path) -> dict[str, Any]:
    """A ``--policy`` file's settings, each checked (a bad one is located in the file)."""
    data: dict[str, Any] = {}
    if path is not None:
        if not Path(path).exists():
            raise InputError(Problem(Location(file=str(path)), "the policy file does not exist; expected a JSON object of policy fields"))
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise InputError(Problem(Location(file=str(path)), f"cannot read the policy: {exc.strerror or exc}")) from None
        except json.JSONDecodeError as exc:
            raise InputError(Problem(Location(file=str(path), row=exc.lineno), f"not valid JSON: {exc.msg}")) from None
        if not isinstance(data, dict):
            raise InputError(Problem(Location(file=str(path)), "a policy must be a JSON object of fields (see mentornet.model.Policy)"))
    from pydantic import ValidationError

    try:
        Policy.model_validate(data)
        return data
    except ValidationError as exc:
        raise InputError([
            Problem(Location(file=str(path) if path else None, field=".".join(str(p) for p in e["loc"]) or None), e["msg"])
            for e in exc.errors()
        ]) from None


_PLAN_KEYS = ("roles", "pairs", "deferred")


def read_history(path: Path, network: Network, *, allow_foreign: bool = False) -> Plan:
    """A previous plan.json given as history, checked to be a plan of this network.

    Raises
    ------
    InputError
        The file is missing, unreadable, binary, not JSON, not a plan (it
        lacks roles/pairs/deferred lists or their entries have the wrong
        shape), or a plan of another network (unless ``allow_foreign``); the
        problem names the file and the field.
    """
    from mentornet.export import read_plan_json

    where = str(path)
    if not Path(path).is_file():
        raise InputError(Problem(Location(file=where), "the previous plan does not exist; expected a plan.json written by `mentornet plan`"))
    try:
        doc = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(Problem(Location(file=where), f"not a text file (byte {exc.start} is not UTF-8); expected a plan.json written by `mentornet plan`")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(Location(file=where, row=exc.lineno), f"not valid JSON: {exc.msg}; expected a plan.json written by `mentornet plan`")) from None
    except OSError as exc:
        raise InputError(Problem(Location(file=where), f"cannot read the previous plan: {exc.strerror or exc}")) from None
    if not isinstance(doc, dict):
        raise InputError(Problem(Location(file=where), f"a plan.json is a JSON object with {', '.join(_PLAN_KEYS)}; this file holds a {type(doc).__name__}"))
    problems = [Problem(Location(file=where, field=k), f"a plan.json has a list '{k}' (written by `mentornet plan`); it is missing or not a list")
                for k in _PLAN_KEYS if not isinstance(doc.get(k), list)]
    if problems:
        raise InputError(problems)
    previous = read_plan_json(path)
    names = {s.id for s in network.schools}
    named = {r.school for r in previous.roles} | {p.mentor for p in previous.pairs} | {d.school for d in previous.deferred}
    foreign = (previous.network is not None and previous.network != network.name) or (named and not named & names)
    if foreign and not allow_foreign:
        raise InputError(Problem(
            Location(file=where, field="network"),
            f"the previous plan is of network '{previous.network or '?'}' ({len(named & names)} of its {len(named)} schools are in "
            f"'{network.name}'); give a plan of this network, or --allow-foreign-history to use what matches",
        ))
    return previous


def _fmt(value: Any, spec: str = "", lang: str = "en") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and spec == "" and value.is_integer():
        return str(int(value))
    try:
        text = format(value, spec)
    except (TypeError, ValueError):
        return str(value)
    if lang == "ru" and isinstance(value, (int, float)):
        # Russian groups thousands with a space and marks decimals with a comma («7 246», «0,04»).
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def _gap(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else _fmt(100 * value, ".2f", lang) + "%"


def _progress_info(p: Any, lang: str = "en") -> str:
    """The live progress line of a solve: the search so far in ``lang`` (``p``: a :class:`mentornet.solvers.Progress`, or None)."""
    from mentornet.i18n import Message

    if p is None:
        return Message(code="cli.plan.searching").render(lang)
    params = {"objective": _fmt(p.objective, ",.0f", lang), "bound": _fmt(p.bound, ",.0f", lang),
              "gap": _gap(p.gap, lang), "n": p.solutions}
    return Message(code="cli.plan.progress", params=params).render(lang)


def _run_with_progress(network: Network, policy: Policy, solver: str, quiet: bool, lang: str = "en") -> Plan:
    """Run :func:`mentornet.planning.solve` in a worker thread with a live progress bar (its words in ``lang``).

    Ctrl-C asks the solver to stop and keeps the best plan found so far.
    """
    from mentornet.i18n import Message
    from mentornet.planning import solve
    from mentornet.solvers import Progress as SolveProgress

    latest: dict[str, SolveProgress] = {}
    stop = threading.Event()

    def on_progress(p: SolveProgress) -> None:
        latest["p"] = p

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentornet-solve") as pool:
        future = pool.submit(solve, network, policy, solver=solver, progress=on_progress, stop=stop.is_set)
        columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                   TimeElapsedColumn(), TextColumn("{task.fields[info]}"))
        with Progress(*columns, console=console, transient=True, disable=quiet) as bar:
            task = bar.add_task(f"{solver}", total=policy.time_limit, info=_progress_info(None, lang))
            while True:
                try:
                    done, _ = wait_futures([future], timeout=0.1)
                except KeyboardInterrupt:
                    stop.set()
                    bar.update(task, info=Message(code="cli.plan.stopping").render(lang))
                    continue
                elapsed = time.perf_counter() - started
                bar.update(task, completed=min(elapsed, policy.time_limit), info=_progress_info(latest.get("p"), lang))
                if done:
                    break
        return future.result()


def _write_views(network: Network, plan: Plan, out: Path, lang: str, policy: Policy) -> list[Path]:
    """network.html, plots and graph files; the plots also go into plan.xlsx.

    Called after the plan files are written, so a failure here loses no plan.
    """
    from mentornet.export_labels import label
    from mentornet.visualizations import embed_plots_in_xlsx, write_views

    paths = list(write_views(network, plan, out, lang=lang, policy=policy))
    pngs = [p for p in paths if p.suffix == ".png"]
    xlsx = out / "plan.xlsx"
    if pngs and xlsx.exists():
        embed_plots_in_xlsx(xlsx, pngs, sheet_name=label("sheet_charts", lang))
    return paths


def _summary_data(network: Network, plan: Plan, policy: Policy, paths: list[Path], seconds: float,
                  lang: str = "en") -> dict[str, Any]:
    """The plan's headline figures, as ``--format csv|json`` prints them (the sentences in ``lang``)."""
    from mentornet.check import handmade_figures, plan_figures
    from mentornet.graph.metrics import missing_facts

    f = {**plan_figures(network, plan, policy), **{k: v for k, v in plan.metrics.items() if not isinstance(v, (dict, list))}}
    hand = handmade_figures(network)
    st = plan.solver
    return {
        "network": network.name, "solver": st.name, "status": st.status,
        "objective": st.objective, "bound": st.bound, "gap": st.gap,
        "schools": f["schools"], "schools_involved": f["schools_involved"], "schools_mentoring": f["schools_mentoring"],
        "handmade_schools_mentoring": None if hand is None else hand["schools_mentoring"],
        "trainee_needs": f.get("trainee_needs", f["needs"]), "needs_covered": f["needs_covered"], "needs_deferred": f["needs_deferred"],
        "weighted_deficits_covered": f["weighted_deficits_covered"], "mutual_exchanges": f["mutual_exchanges"],
        "mean_km": f.get("mean_km") if f.get("pairs_with_km", 1) else None,
        "solver_seconds": round(st.seconds, 3), "total_seconds": round(seconds, 3),
        "missing_facts": missing_facts(network, policy),
        "lang": lang,
        **_carried_data(network, plan, lang),
        **_site_data(network, plan),
        **_curator_data(network, plan),
        "files": [str(p) for p in paths],
    }


def _site_data(network: Network, plan: Plan) -> dict[str, Any]:
    """Sites of the plan (issue 14): trainee schools at one site or several, sites whose term ends this year."""
    if not network.sites:
        return {}
    from mentornet.graph.metrics import site_figures

    fig = site_figures(network, plan.pairs)
    return {
        "trainee_schools": len(fig["site_groups"]),
        "schools_at_several_sites": fig["schools_at_several_sites"],
        "sites_term_ending": [network.site_by_id[s].label for s in fig["sites_term_ending"]],
    }


def _curator_data(network: Network, plan: Plan) -> dict[str, Any]:
    """The curator-balance goal in words, and the pairs flagged as unsupervised (when there are curators)."""
    from mentornet.explain import curator_balance_reason

    if not network.curators:
        return {}
    balance = curator_balance_reason(network, plan)
    return {
        "curator_balance": None if balance is None else balance.model_dump(mode="json"),
        "unsupervised_pairs": sum(1 for p in plan.pairs if p.unsupervised),
    }


def _carried_data(network: Network, plan: Plan, lang: str = "en") -> dict[str, Any]:
    """Last year's deferred needs in this plan: how many are met, and why each other one is not (in ``lang``)."""
    from mentornet.i18n import Message, render_all

    report = plan.metrics.get("carried_needs")
    if not report:
        return {}
    names = {s.id: s.name or s.id for s in network.schools}
    labels = {d.id: d.label for d in network.directions}

    def say(code: str, e: dict[str, Any], **params: Any) -> str:
        need = {"school": names.get(e["school"], e["school"]), "direction": labels.get(e["direction"], e["direction"])}
        return Message(code=f"cli.plan.{code}", params={**need, **params}).render(lang)

    lines = []
    for e in report["needs"]:
        if e["status"] == "met":
            lines.append(say("carried_met", e, mentor=names.get(e["mentor"], e["mentor"])))
        elif e["status"] == "deferred":
            lines.append(say("carried_deferred", e, why=render_all([Message.model_validate(m) for m in e["why"]], lang)))
        elif e.get("role"):
            lines.append(say("carried_now", e, role=e["role"]))
        else:
            lines.append(say("carried_left", e))
    return {"carried_needs_total": report["total"], "carried_needs_met": report["met"], "carried_needs": lines}


# The summary's row labels (English msgids, gettext context "plan_cli");
# the figures beside them are messages of mentornet.messages ("cli.plan.*").
_WORDS = {
    "solver": Np_("plan_cli", "solver"),
    "objective": Np_("plan_cli", "objective"),
    "involved": Np_("plan_cli", "schools in a pair"),
    "mentoring": Np_("plan_cli", "schools mentoring"),
    "needs": Np_("plan_cli", "trainee needs"),
    "deficits": Np_("plan_cli", "weighted deficits covered"),
    "mutual": Np_("plan_cli", "mutual exchanges"),
    "distance": Np_("plan_cli", "mean distance"),
    "policy": Np_("plan_cli", "policy from the input"),
    "policy_none": Np_("plan_cli", "none (defaults and options)"),
    "facts": Np_("plan_cli", "unknown facts"),
    "sites": Np_("plan_cli", "sites"),
    "terms_ending": Np_("plan_cli", "site terms ending this year"),
    "curators": Np_("plan_cli", "curators"),
    "unsupervised": Np_("plan_cli", "unsupervised pairs"),
    "carried": Np_("plan_cli", "carried needs"),
    "time": Np_("plan_cli", "time"),
    "files": Np_("plan_cli", "files"),
}
_CONTEXT = "plan_cli"


def _summary(data: dict[str, Any]) -> Table:
    from mentornet.i18n import Message, pgettext

    d = data
    lang = d.get("lang", "en")
    w = {key: pgettext(lang, _CONTEXT, msgid) for key, msgid in _WORDS.items()}

    def say(code: str, **params: Any) -> str:
        return Message(code=f"cli.plan.{code}", params=params).render(lang)

    table = Table(title=say("title", network=d["network"]), show_header=False, title_justify="left")
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("", overflow="fold")
    colour = "green" if d["status"] in ("OPTIMAL", "FEASIBLE") else "yellow"
    table.add_row(w["solver"], f"{d['solver']}: [{colour}]{d['status']}[/]")
    table.add_row(w["objective"], say("objective", objective=_fmt(d["objective"], ",.0f", lang), bound=_fmt(d["bound"], ",.0f", lang),
                                      gap=_gap(d["gap"], lang)))
    table.add_row(w["involved"], say("of", part=d["schools_involved"], total=d["schools"]))
    mentoring = say("of", part=d["schools_mentoring"], total=d["schools"])
    if d["handmade_schools_mentoring"] is not None:
        mentoring += "   " + say("handmade", n=d["handmade_schools_mentoring"])
    table.add_row(w["mentoring"], mentoring)
    table.add_row(w["needs"], say("needs", covered=d["needs_covered"], deferred=d["needs_deferred"], total=d["trainee_needs"]))
    table.add_row(w["deficits"], _fmt(d["weighted_deficits_covered"], "", lang))
    table.add_row(w["mutual"], _fmt(d["mutual_exchanges"], "", lang))
    if d["mean_km"] is not None:
        table.add_row(w["distance"], say("km", km=_fmt(d["mean_km"], ".1f", lang)))
    given = d.get("policy_from_input") or {}
    # Setting names stay as the reader types them in a policy file.
    table.add_row(w["policy"], ", ".join(f"{k} = {_fmt(v)}" for k, v in given.items()) if given else w["policy_none"])
    facts = d.get("missing_facts") or {}
    if facts.get("attributes") or facts.get("goals"):
        from mentornet.graph.metrics import facts_messages

        table.add_row(w["facts"], "\n".join(m.render(lang) for m in facts_messages(facts)))
    if "schools_at_several_sites" in d:
        several = d["schools_at_several_sites"]
        table.add_row(w["sites"], say("sites", one=d["trainee_schools"] - several, n=d["trainee_schools"], several=several))
        if d["sites_term_ending"]:
            table.add_row(w["terms_ending"], "\n".join(d["sites_term_ending"]))
    if d.get("curator_balance"):
        table.add_row(w["curators"], Message.model_validate(d["curator_balance"]).render(lang))
    if d.get("unsupervised_pairs"):
        table.add_row(w["unsupervised"], f"[yellow]{say('unsupervised', n=d['unsupervised_pairs'])}[/]")
    if d.get("carried_needs_total"):
        table.add_row(w["carried"], say("carried", met=d["carried_needs_met"], total=d["carried_needs_total"]) + "\n" + "\n".join(d["carried_needs"]))
    table.add_row(w["time"], say("time", solver=_fmt(d["solver_seconds"], ".2f", lang), total=_fmt(d["total_seconds"], ".2f", lang)))
    paths = [Path(x) for x in d["files"]]
    main = [x for x in paths if x.name in ("plan.json", "plan.xlsx", "network.html")]
    more = len(paths) - len(main)
    table.add_row(w["files"], "\n".join(str(x) for x in main) + ("\n" + say("more_files", n=more, folder=str(main[0].parent)) if more and main else ""))
    return table


# ---------------------------------------------------------------- plan


@app.command("plan")
def plan(
    input: Path | None = typer.Argument(
        None, help="Network to plan: XLSX workbook, folder of CSV files, JSON, or a CSV role table. "
        "Default: the embedded Krymsky 2021 table.", show_default=False,
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder for plan.json, plan.xlsx, pairs.csv, roles.csv, deferred.csv and the views."),
    solver: SolverName = typer.Option(SolverName.cpsat, "--solver", "-s", help="cpsat: the optimising planner; flow and greedy: the baselines."),
    time_limit: float | None = typer.Option(None, "--time-limit", "-t", min=0.01, help="Solver time limit in seconds (default: the policy's, 30)."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=1, help="CP-SAT search workers (default: the policy's, 2)."),
    seed: int | None = typer.Option(None, "--seed", help="Random seed: the same input and seed give the same plan (default: the policy's, 0)."),
    strategy: Strategy | None = typer.Option(None, "--strategy", help="narrow: keep last year's mentors and directions; wide: new mentors and directions (needs --history or history in the input)."),
    history: Path | None = typer.Option(None, "--history", help="A previous plan.json: its roles and pairs become the history of the year before; its deferred needs are carried over as priority needs."),
    allow_foreign_history: bool = typer.Option(False, "--allow-foreign-history", help="Accept a --history plan of another network (only the schools and directions of this one are used)."),
    fairness: Fairness | None = typer.Option(None, "--fairness", help="First maximise the worst-covered direction or municipality, then the total (default: none)."),
    lang: Lang | None = typer.Option(None, "--lang", help="Language of plan.xlsx, the CSV files and the views (default: ru for Cyrillic data, else en)."),
    policy_file: Path | None = typer.Option(None, "--policy", help="Policy JSON file (limits, weights, strategy; fields of mentornet.model.Policy); the options above override it, it overrides the input's policy table."),
    csv_sep: CsvSep | None = typer.Option(None, "--csv-sep", help="Column separator of the CSV files (default: semicolon for Russian, comma for English, as Excel of that locale expects)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary; only errors."),
    verbose: bool = typer.Option(False, "--verbose", help="When no plan exists, print the whole explanation (by default one screen, with the number of lines left out)."),
    fmt: OutputFormat = format_option("the plan's summary"),
) -> None:
    """Plan roles and mentor pairs for a network and write the plan for planners and tools.

    Writes OUT/plan.json (the contract of docs/design.md), OUT/plan.xlsx (the
    seed's table, pairs with reasons, school cards, curator loads, deferred
    needs, metrics), pairs.csv, roles.csv, deferred.csv, and the views, then
    prints a short summary. Exit codes: 2 input error, 3 infeasible (with
    the conflicting constraints and what to relax), 4 solver error.
    """
    from mentornet.export import default_lang, write_plan
    from mentornet.graph.metrics import facts_messages
    from mentornet.io import read_network_and_policy
    from mentornet.model import policy_record

    t0 = time.perf_counter()
    network, input_policy = read_network_and_policy(input)
    pol, sources = effective_policy(
        policy_file, input_policy, time_limit=time_limit, workers=workers, seed=seed,
        strategy=strategy.value if strategy else None, fairness=fairness.value if fairness else None,
    )
    language = lang.value if lang else default_lang(network)
    if history is not None:
        network, skipped = history_from_plan(network, read_history(history, network, allow_foreign=allow_foreign_history))
        if skipped and not quiet:
            from mentornet.i18n import Message

            note = Message(code="cli.plan.history_skipped", params={"n": skipped, "file": str(history)}).render(language)
            err_console.print(f"[yellow]{escape(note)}[/]", highlight=False)
    if strategy is not None and network.history.is_empty:
        # Reported here, in the command's language: the input is read and its language known.
        problem = Problem.coded(Location(field="--strategy"), "cli.plan.strategy_without_history", option="--strategy",
                                strategy=strategy.value, history="--history", file="plan.json")
        raise typer.Exit(report_error(InputError(problem), language))
    try:
        result = _run_with_progress(network, pol, solver.value, quiet or fmt is not OutputFormat.table, language)
    except InfeasibleError as exc:  # explained in the reader's language, one screen unless --verbose
        raise typer.Exit(report_error(exc, language, verbose=verbose)) from None
    if input is not None:
        result = result.with_changes(input=str(Path(input).resolve()))
    result = result.with_changes(policy=policy_record(pol, sources))
    paths = list(write_plan(network, result, out, language, sep=csv_sep.value if csv_sep else None).values())
    paths += _write_views(network, result, out, language, pol)
    if quiet:
        return
    data = {**_summary_data(network, result, pol, paths, time.perf_counter() - t0, language),
            "policy_from_input": from_input(pol, sources)}
    if fmt is OutputFormat.table:
        print_table(_summary(data))
    else:
        flat = {**data, "files": "; ".join(data["files"]),
                "policy_from_input": "; ".join(f"{k}={v}" for k, v in data["policy_from_input"].items()),
                "missing_facts": "; ".join(m.render(language) for m in facts_messages(data["missing_facts"])),
                **({"carried_needs": "; ".join(data["carried_needs"])} if "carried_needs" in data else {})}
        print_records([flat if fmt is OutputFormat.csv else data], fmt)


# ---------------------------------------------------------------- compare

# Row labels (English msgids, gettext context "compare_cli"), the figure's key, its format.
_COMPARE_ROWS = (
    (Np_("compare_cli", "status"), "status", ""),
    (Np_("compare_cli", "objective"), "objective", ",.0f"),
    (Np_("compare_cli", "bound"), "bound", ",.0f"),
    (Np_("compare_cli", "gap"), "gap", ""),
    (Np_("compare_cli", "seconds"), "seconds", ".2f"),
    (Np_("compare_cli", "violations"), "violations", ""),
    (Np_("compare_cli", "schools in a pair"), "schools_involved", ""),
    (Np_("compare_cli", "schools mentoring"), "schools_mentoring", ""),
    (Np_("compare_cli", "needs covered"), "needs_covered", ""),
    (Np_("compare_cli", "needs deferred"), "needs_deferred", ""),
    (Np_("compare_cli", "weighted deficits covered"), "weighted_deficits_covered", ""),
    (Np_("compare_cli", "mutual exchanges"), "mutual_exchanges", ""),
    (Np_("compare_cli", "mean km"), "mean_km", ".1f"),
)
_HANDMADE = Np_("compare_cli", "hand-made table")
_COMPARING = Np_("compare_cli", "comparing solvers…")
_COMPARE_CONTEXT = "compare_cli"  # named, not literal, so that pybabel does not take it for a msgid


def compare_solvers(network: Network, policy: Policy, solvers: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Run each solver and the independent checker on the same input.

    A solver that fails (infeasible, not available, error) gets a row with
    its status and error instead of figures. Plans are not refused here:
    the checker's violations are counted and shown.

    Returns
    -------
    dict
        ``{solver: {status, objective, bound, gap, seconds, violations,
        schools_involved, schools_mentoring, needs_covered, needs_deferred,
        weighted_deficits_covered, mutual_exchanges, mean_km, error}}`` and,
        for a role table, ``"handmade"`` with the table's own figures. An
        infeasible solver's ``error`` is the grouped explanation in English
        (:func:`mentornet.errors.infeasible_summary`), its ``conflicts`` the
        same as message codes (:meth:`mentornet.errors.Conflict.as_record`);
        an unavailable or failing solver's ``message`` is its error as a
        message code (:class:`mentornet.i18n.Message`).
    """
    from mentornet.check import check_plan, handmade_figures, plan_figures
    from mentornet.i18n import Message
    from mentornet.solvers import available_solvers, get_solver

    out: dict[str, dict[str, Any]] = {}
    for name in solvers or available_solvers():
        row: dict[str, Any] = {"error": None}
        t0 = time.perf_counter()
        try:
            result = get_solver(name)(network, policy)
        except InfeasibleError as exc:
            # Coded, so that the command line words them in its reader's language.
            row.update(status="INFEASIBLE", error="\n".join(infeasible_summary(exc.conflicts)),
                       conflicts=[c.as_record() for c in exc.conflicts])
        except ImportError as exc:
            # Coded too: the module missing is a name, the sentence around it the reader's.
            message = Message(code="cli.compare.unavailable", params={"module": exc.name or str(exc)})
            row.update(status="UNAVAILABLE", error=message.render("en"), message=message.model_dump(mode="json"))
        except MentornetError as exc:
            message = Message(code="cli.compare.failed", params={"detail": str(exc)})
            row.update(status="ERROR", error=message.render("en"), message=message.model_dump(mode="json"))
            if isinstance(exc, SolverError) and exc.text is not None:  # the detail in the reader's language too
                row["detail"] = exc.text.model_dump(mode="json")
        else:
            report = check_plan(network, result, policy)
            st = result.solver
            row.update(status=st.status, objective=st.objective, bound=st.bound, gap=st.gap, seconds=st.seconds,
                       violations=len(report.violations))
            row.update(plan_figures(network, result, policy))
        row["wall_seconds"] = round(time.perf_counter() - t0, 3)
        out[name] = row
    hand = handmade_figures(network)
    if hand is not None:
        out["handmade"] = {"status": "HAND-MADE", "schools_mentoring": hand["schools_mentoring"],
                           "needs": hand["needs"], "error": None}
    return out


@app.command("compare")
def compare(
    input: Path | None = typer.Argument(
        None, help="Network to plan (as for `mentornet plan`). Default: the embedded Krymsky 2021 table.", show_default=False,
    ),
    time_limit: float | None = typer.Option(None, "--time-limit", "-t", min=0.01, help="Time limit per solver in seconds (default: the policy's, 30)."),
    json_out: bool = typer.Option(False, "--json", help="Print the comparison as JSON instead of a table (the same as --format json)."),
    fmt: OutputFormat = format_option("one column per solver; csv: one row per solver"),
    policy_file: Path | None = typer.Option(None, "--policy", help="Policy JSON file used by every solver."),
    seed: int | None = typer.Option(None, "--seed", help="Random seed for the solvers that use one (default: the policy's, 0)."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=1, help="CP-SAT search workers (default: the policy's, 2)."),
    lang: Lang | None = typer.Option(None, "--lang", help="Language of the table and of the explanation when a solver finds no plan (default: ru for Cyrillic data, else en)."),
    verbose: bool = typer.Option(False, "--verbose", help="When a solver finds no plan, print the whole explanation (by default one screen per solver)."),
) -> None:
    """Run every solver and the independent checker on the same input; one table side by side.

    Rows: status, objective, bound, gap, seconds, violations, schools in a
    pair, schools mentoring, needs covered and deferred, weighted deficits
    covered, mutual exchanges, mean km. For a hand-made role table, its own
    figures (leaders = schools mentoring) are shown alongside.
    """
    from mentornet.export import default_lang
    from mentornet.i18n import Message, pgettext
    from mentornet.io import read_network_and_policy

    network, input_policy = read_network_and_policy(input)
    pol, _ = effective_policy(policy_file, input_policy, time_limit=time_limit, seed=seed, workers=workers)
    language = lang.value if lang else default_lang(network)
    quiet = json_out or fmt is not OutputFormat.table or not console.is_terminal
    with console.status(pgettext(language, _COMPARE_CONTEXT, _COMPARING), spinner="dots") if not quiet else nullcontext():
        rows = compare_solvers(network, pol)
    # An infeasible solver explained as `plan` explains it, in the reader's language.
    explained = {name: InfeasibleError([Conflict.from_record(r) for r in row.pop("conflicts")])
                 for name, row in rows.items() if row.get("conflicts")}
    for name, exc in explained.items():
        rows[name]["error"] = "\n".join(infeasible_summary(exc.conflicts, language))
    for row in rows.values():  # an unavailable or failing solver, in the reader's language
        if row.get("message"):
            message = Message.model_validate(row.pop("message"))
            if row.get("detail"):
                detail = Message.model_validate(row.pop("detail")).render(language)
                message = Message(code=message.code, params={**message.params, "detail": detail})
            row["error"] = message.render(language)
    if json_out or fmt is OutputFormat.json:
        typer.echo(json.dumps({"network": network.name, "solvers": rows}, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.csv:
        columns = ["solver", *dict.fromkeys(k for r in rows.values() for k in r)]
        print_records([{"solver": name, **row} for name, row in rows.items()], fmt, columns)
        return
    title = Message(code="cli.compare.title", params={"network": network.name, "schools": len(network.schools),
                                                      "directions": len(network.directions)}).render(language)
    table = Table(title=title, title_justify="left")
    table.add_column("")
    names = list(rows)
    for name in names:
        table.add_column(pgettext(language, _COMPARE_CONTEXT, _HANDMADE) if name == "handmade" else name, justify="right")
    for label, key, spec in _COMPARE_ROWS:
        cells = []
        for name in names:
            value = rows[name].get(key)
            cells.append(_gap(value, language) if key == "gap" and value is not None else _fmt(value, spec, language))
        table.add_row(pgettext(language, _COMPARE_CONTEXT, label), *cells)
    print_table(table)
    for name in names:
        if name in explained:
            print_infeasible(infeasible_report(explained[name], language, verbose=verbose), prefix=f"{name}: ")
        elif rows[name].get("error"):
            err_console.print(f"[red]{name}[/]: {escape(rows[name]['error'])}", highlight=False)
