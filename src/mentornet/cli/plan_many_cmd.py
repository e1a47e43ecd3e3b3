"""``mentornet plan-many``: plan every region of a country in parallel."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from mentornet.cli import SCREEN_LINES, app, console, err_console, error_language, print_infeasible, report_error
from mentornet.cli._output import (
    OutputFormat,
    format_option,
    print_records,
    print_table,
)
from mentornet.errors import MentornetError, infeasible_summary
from mentornet.i18n import Message, pgettext
from mentornet.messages import Np_


class By(str, Enum):
    region = "region"
    municipality = "municipality"


class Lang(str, Enum):
    ru = "ru"
    en = "en"


# The summary table's column heads and legend (English msgids, gettext context "many_cli");
# sentences with figures are messages of mentornet.messages ("cli.many.*").
_WORDS = {
    "region": Np_("many_cli", "region"),
    # TRANSLATORS: short column heads, explained by the legend below the table
    "sch": Np_("many_cli", "sch"),
    "status": Np_("many_cli", "status"),
    "objective": Np_("many_cli", "objective"),
    "gap": Np_("many_cli", "gap"),
    "s": Np_("many_cli", "s"),
    "viol": Np_("many_cli", "viol"),
    "ment": Np_("many_cli", "ment"),
    "cov/def": Np_("many_cli", "cov/def"),
    "error": Np_("many_cli", "error"),
    "legend": Np_("many_cli", "sch: schools · s: seconds · viol: hard-constraint violations · ment: schools mentoring · "
                  "cov/def: trainee needs covered/deferred"),
}

_CONTEXT = "many_cli"  # named, not literal, so that pybabel does not take it for a msgid


class ExecutorName(str, Enum):
    local = "local"
    dask = "dask"
    serial = "serial"


def _fmt(value, spec: str = "") -> str:
    if value is None:
        return "–"
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return str(value)


@app.command("plan-many")
def plan_many(
    input: Path = typer.Argument(
        ..., help="A folder with one network file per region (the region is the file name), "
        "or one network to split by region (municipalities written 'REGION/MUNICIPALITY', or --regions).",
        show_default=False,
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: per region <region>/plan.json, plan.xlsx, pairs.csv, roles.csv, deferred.csv; "
                             "summary.xlsx, summary.csv, summary.json for all regions."),
    by: By = typer.Option(By.region, "--by", help="Plan each region, or each municipality, on its own."),
    executor: ExecutorName = typer.Option(ExecutorName.local, "--executor", help="local: a process pool; dask: Dask distributed; serial: one after another here."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786); default: a LocalCluster."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Worker processes (local pool or LocalCluster)."),
    solver: str = typer.Option("cpsat", "--solver", help="cpsat, flow or greedy."),
    time_limit: float | None = typer.Option(None, "--time-limit", min=0.01, help="Solver time limit per region, seconds (default: the policy's)."),
    search_workers: int = typer.Option(1, "--search-workers", min=1, help="CP-SAT search threads per region (the parallelism is across regions)."),
    regions: Path | None = typer.Option(None, "--regions", help="Municipality → region mapping: CSV with columns municipality,region, or a JSON object."),
    threads: bool = typer.Option(False, "--threads", help="LocalCluster workers as threads instead of processes."),
    lang: Lang | None = typer.Option(None, "--lang", help="Language of the XLSX and CSV files, the summary and the console (default: ru for Cyrillic data, else en)."),
    policy_file: Path | None = typer.Option(None, "--policy", help="Policy JSON file for every region; the options above override it, it overrides each input's policy table."),
    verbose: bool = typer.Option(False, "--verbose", help="For a region without a plan, print the whole explanation (by default one screen per region)."),
    fmt: OutputFormat = format_option("one row per region"),
) -> None:
    """Plan many regions independently and in parallel; one plan per region and a summary table.

    A region that is infeasible or fails is reported with its explanation and
    does not stop the others. Exit code 0 when every region got a valid plan,
    2 when some region file could not be read, 3 when some region is
    infeasible, 4 for any other failure.
    """
    from mentornet.cli.plan_cmd import effective_policy
    from mentornet.plan_many import (
        RegionResult,
        plan_regions,
        read_region_mapping,
        read_regions,
        region_language,
        safe_name,
        totals,
        write_results,
    )
    from mentornet.solvers import available_solvers

    try:
        mapping = read_region_mapping(regions) if regions is not None else None
        input_policies: dict = {}
        networks, notes, failed = read_regions(input, by.value, mapping, policies=input_policies)
        # One precedence for every region: options > --policy file > the region's policy table > defaults.
        policy = {region: effective_policy(policy_file, input_policies.get(region), workers=search_workers, time_limit=time_limit)[0]
                  for region in networks}
    except MentornetError as exc:
        raise typer.Exit(report_error(exc, lang.value if lang else error_language(exc, [str(input)]))) from None

    # Each region is explained in its files' language: --lang, else Russian for Cyrillic data;
    # the frame around them in Russian when any region's data is.
    language = {region: region_language(region, networks, lang.value if lang else None) for region in [*networks, *failed]}
    frame = lang.value if lang else ("ru" if "ru" in language.values() else "en")
    w = {key: pgettext(frame, _CONTEXT, msgid) for key, msgid in _WORDS.items()}

    def say(code: str, **params: object) -> str:
        return Message(code=f"cli.many.{code}", params=params).render(frame)

    if solver not in available_solvers():  # said once the regions are read: in their language
        err_console.print(f"[bold red]{escape(say('unknown_solver', solver=solver, choices=', '.join(available_solvers())))}[/]",
                          highlight=False)
        raise typer.Exit(4)

    show = fmt is OutputFormat.table
    if show:
        where = say("scheduler", scheduler=scheduler) if scheduler else say("workers", n=workers)
        console.print(say("planning", regions=len(networks), schools=sum(len(n.schools) for n in networks.values()),
                          solver=solver, executor=executor.value) + f" {where}", highlight=False)

    def arrived(res: RegionResult) -> None:
        if not show:
            return
        colour = "green" if res.ok else "red"
        console.print(f"  [{colour}]{res.status:>11}[/] " + say("arrived", region=res.region, schools=res.schools, seconds=_number(res.seconds, ".1f", frame)),
                      highlight=False)

    t0 = time.perf_counter()
    results = plan_regions(
        networks, policy, executor=executor.value, scheduler=scheduler, workers=workers,
        solver=solver, processes=not threads, on_result=arrived,
    )
    wall = time.perf_counter() - t0
    for res in results:
        res.notes = notes.get(res.region, []) + res.notes
    for region, err in failed.items():
        results.append(RegionResult(region=region, status="INPUT_ERROR", error="; ".join(str(p) for p in err.problems),
                                    problem_records=[p.as_record() for p in err.problems]))
    paths = write_results(results, out, networks, lang.value if lang else None)
    if not show:
        print_records([r.summary_row(language[r.region]) for r in results], fmt, totals=totals(results))
        _exit(results)
        return

    # A terminal too narrow for the errors gets them below the table; a file gets them in the records.
    wide = console.width >= 140 or not console.is_terminal
    table = Table(title=say("title", command="plan-many", regions=len(results), seconds=_number(wall, ".1f", frame)),
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(w["region"], overflow="fold", min_width=14, ratio=1)
    for col in ("sch", "status", "objective", "gap", "s", "viol", "ment", "cov/def"):
        table.add_column(w[col], justify="left" if col == "status" else "right", no_wrap=True)
    if wide:
        table.add_column(w["error"], overflow="fold", ratio=2)
    for r in results:
        row = [
            r.region, str(r.schools), f"[{'green' if r.ok else 'red'}]{r.status}[/]", _fmt(r.objective, ".0f"),
            "–" if r.gap is None else _number(100 * r.gap, ".2f", frame) + "%",
            _number(r.seconds, ".1f", frame), str(r.violations), _fmt(r.schools_mentoring), f"{_fmt(r.needs_covered)}/{_fmt(r.needs_deferred)}",
        ]
        if wide:  # the first line: an explanation's head; the whole of it is printed below the table
            error = r.error_in(language[r.region]).split("\n")[0]
            row.append((error[:160] + "…") if len(error) > 160 else error)
        table.add_row(*row)
    print_table(table)
    console.print(w["legend"], style="dim", highlight=False)
    t = totals(results)
    console.print(
        say("done", planned=t["planned"], total=t["regions"],
            summary=f"{paths['summary_xlsx']}, {paths['summary_csv']}, {paths['summary_json']}",
            folder=str(out), files="plan.xlsx, plan.json, pairs.csv, roles.csv, deferred.csv"),
        highlight=False,
    )
    for r in results:
        if r.ok:
            continue
        details = out / safe_name(r.region) / "problem.json"
        if r.conflict_records:  # explained as `mentornet plan` explains it
            lines = infeasible_summary(r.coded_conflicts(), language[r.region], max_lines=None if verbose else SCREEN_LINES)
            print_infeasible([*lines, f"→ {details}"], prefix=f"{r.region}: ")
        else:
            console.print(f"[red]{r.region}[/]: {r.error_in(language[r.region])}  ({say('details', path=str(details))})", highlight=False)
    _exit(results)


def _number(value: float, spec: str, lang: str) -> str:
    """A figure in the language's decimal mark («2,5»)."""
    text = format(value, spec)
    return text.replace(".", ",") if lang == "ru" else text


def _exit(results: list) -> None:
    """Exit 0 when every region has a valid plan, else 2 / 3 / 4 by the worst kind of failure."""
    statuses = {r.status for r in results}
    if all(r.ok for r in results):
        return
    if "INPUT_ERROR" in statuses:
        raise typer.Exit(2)
    if "INFEASIBLE" in statuses:
        raise typer.Exit(3)
    raise typer.Exit(4)


__all__ = ["plan_many"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
