"""The programme over the years: ``survey``, ``outcomes``, ``next-year`` and ``report``.

A district planner runs the cycle of seed 003 from the command line:

* ``mentornet survey template`` / ``survey merge`` — the autumn needs survey;
* ``mentornet outcomes template`` — the year-end outcomes workbook
  (``outcomes generate`` draws SYNTHETIC outcomes for examples);
* ``mentornet next-year`` — next year's input from a plan and its outcomes;
* ``mentornet report YEAR_DIR…`` — the programme's indicators over the years.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from openpyxl import load_workbook

from mentornet.cli import app, console, err_console
from mentornet.i18n import Message

survey_app = typer.Typer(help="The needs survey: a template for the schools, and merging their answers.", no_args_is_help=True)
outcomes_app = typer.Typer(help="A year's outcomes: the workbook filled in at year end.", no_args_is_help=True)
app.add_typer(survey_app, name="survey")
app.add_typer(outcomes_app, name="outcomes")


class Lang(str, Enum):
    ru = "ru"
    en = "en"


class Strategy(str, Enum):
    narrow = "narrow"
    wide = "wide"


def _lang_of(network: object, lang: Lang | None) -> str:
    if lang is not None:
        return lang.value
    from mentornet.export import default_lang

    return default_lang(network)  # type: ignore[arg-type]


def _plan_path(path: Path) -> Path:
    if path.is_dir():
        for p in (path / "plan.json", path / "plan" / "plan.json"):
            if p.is_file():
                return p
    return path


def _no_overwrite(out: Path, force: bool) -> None:
    if out.exists() and not force:
        # A filled-in workbook is hours of a planner's work: never overwrite it silently.
        err_console.print(f"[bold red]Error[/]: {out} already exists; pass --force to overwrite it", highlight=False)
        raise typer.Exit(2)


def _add_sheet(path: Path, title: str, header: list[str], rows: list[list[object]]) -> None:
    """An extra sheet (a report) in a workbook the readers read: sheets they do not know are skipped."""
    from mentornet.io.writers import format_sheet, put

    book = load_workbook(path)
    ws = book.create_sheet(title)
    for j, h in enumerate(header, start=1):
        put(ws, 1, j, h)
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            put(ws, i, j, v)
    format_sheet(ws)
    book.save(path)


# ---------------------------------------------------------------- survey


@survey_app.command("template")
def survey_template(
    out: Path = typer.Argument(..., help="Workbook to write (.xlsx).", dir_okay=False, metavar="OUT.xlsx"),
    input: Path | None = typer.Option(None, "--input", "-i", help="This year's network (default: the embedded Krymsky 2021 table)."),
    school: list[str] = typer.Option([], "--school", help="Only this school's rows (repeat for several; one file per school)."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of headers and words (default: ru for Cyrillic data)."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
) -> None:
    """Write the needs-survey workbook for the schools: per direction the team's
    self-assessment (score 0..100 or level) and its wish (learn, host, not taking part)."""
    from mentornet.io import read_network
    from mentornet.io.survey import write_survey_template

    _no_overwrite(out, force)
    network = read_network(input)
    write_survey_template(network, out, _lang_of(network, lang), schools=school or None)  # type: ignore[arg-type]
    console.print(f"Survey template written to [bold]{out}[/]; send it to the schools, then run [cyan]mentornet survey merge[/].", highlight=False)


@survey_app.command("merge")
def survey_merge(
    files: list[Path] = typer.Argument(..., help="Returned survey files (XLSX or CSV), one per school or one for all.", exists=False),
    out: Path = typer.Option(..., "--out", "-o", help="Next year's network workbook to write (.xlsx)."),
    input: Path | None = typer.Option(None, "--input", "-i", help="This year's network (default: the embedded Krymsky 2021 table)."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of the report (default: ru for Cyrillic data)."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
) -> None:
    """Merge the returned survey files into next year's competences. Missing,
    duplicate and contradictory answers are listed with file, sheet, row and
    column, and nothing is written until all are fixed (exit 2). Schools that
    did not answer keep last year's values; the workbook's sheet
    'survey_report' marks them."""
    from mentornet.io import read_network_and_policy, write_network
    from mentornet.io.survey import merge_survey

    _no_overwrite(out, force)
    network, policy = read_network_and_policy(input)
    merged = merge_survey(files, network, policy)
    code = _lang_of(network, lang)
    write_network(merged.network, out, policy)
    rows: list[list[object]] = [[s, d, Message(code="survey.not_answered", params={"school": s}).render(code)] for s, d in merged.kept]
    rows += [[s, d, "skip"] for s, d in merged.dropped]
    rows += [[s, d, w] for (s, d), w in merged.wishes.items()]
    _add_sheet(out, "survey_report", ["school", "direction", "note"], rows)
    console.print(f"{len(merged.answered)} schools answered, {len(merged.not_answered)} did not "
                  f"({len(merged.kept)} competences kept from last year); written to [bold]{out}[/].", highlight=False)
    for s in merged.not_answered:
        console.print("  • " + Message(code="survey.not_answered", params={"school": s}).render(code), highlight=False)


# ---------------------------------------------------------------- outcomes


@outcomes_app.command("template")
def outcomes_template(
    plan: Path = typer.Argument(..., help="The year's plan.json, or the folder written by `mentornet plan`."),
    out: Path = typer.Argument(..., help="Workbook to write (.xlsx).", dir_okay=False, metavar="OUT.xlsx"),
    input: Path | None = typer.Option(None, "--input", "-i", help="The network the plan was made from (default: the embedded Krymsky 2021 table)."),
    year: int | None = typer.Option(None, "--year", help="The year the outcomes close (default: the network's year)."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of headers and words (default: ru for Cyrillic data)."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
) -> None:
    """Write the year-end outcomes workbook: per team its new self-assessment
    (score and/or level) and an optional expert rating, and the journal counts
    (events per site, staff trained, transfers)."""
    from mentornet.export import read_plan_json
    from mentornet.io import read_network
    from mentornet.io.outcomes import write_outcomes_template

    _no_overwrite(out, force)
    network = read_network(input)
    the_plan = read_plan_json(_plan_path(plan))
    write_outcomes_template(network, the_plan, out, _lang_of(network, lang), year=year)  # type: ignore[arg-type]
    console.print(f"Outcomes template written to [bold]{out}[/]; fill it in at year end, then run [cyan]mentornet next-year[/].", highlight=False)


@outcomes_app.command("generate")
def outcomes_generate(
    plan: Path = typer.Argument(..., help="The year's plan.json, or the folder written by `mentornet plan`."),
    out: Path = typer.Argument(..., help="Workbook to write (.xlsx); its name should say SYNTHETIC.", dir_okay=False, metavar="OUT.xlsx"),
    year: int = typer.Option(..., "--year", help="The year the outcomes close."),
    seed: int = typer.Option(..., "--seed", help="Seed of every random draw: same plan and seed, same outcomes."),
    input: Path | None = typer.Option(None, "--input", "-i", help="The network the plan was made from (default: the embedded Krymsky 2021 table)."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of headers and words."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
) -> None:
    """Write SYNTHETIC outcomes of a year, drawn from the plan by a documented,
    seeded model (mentornet.outcomes_gen) — for examples and tests, never data."""
    from mentornet.export import read_plan_json
    from mentornet.io import read_network_and_policy
    from mentornet.io.outcomes import write_outcomes
    from mentornet.outcomes_gen import generate_outcomes

    _no_overwrite(out, force)
    network, policy = read_network_and_policy(input)
    the_plan = read_plan_json(_plan_path(plan))
    record = generate_outcomes(network, the_plan, year, seed, policy)
    write_outcomes(record, network, the_plan, out, _lang_of(network, lang))  # type: ignore[arg-type]
    if "synthetic" not in out.name.lower():
        err_console.print(f"[yellow]Note[/]: {out.name} holds SYNTHETIC outcomes; a name saying so avoids mistaking them for data.", highlight=False)
    console.print(f"SYNTHETIC outcomes of {year} (seed {seed}) written to [bold]{out}[/].", highlight=False)


@outcomes_app.command("example")
def outcomes_example(
    year: int = typer.Argument(..., help="2021 or 2022: the year of the shipped Krymsky example."),
    out: Path = typer.Argument(..., help="Workbook to write (.xlsx).", dir_okay=False, metavar="OUT.xlsx"),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
) -> None:
    """Copy the shipped SYNTHETIC outcomes of the Krymsky example programme
    (generated by `outcomes generate` with seed = year from the plans of the
    worked example; see the README)."""
    from mentornet.io import example_outcomes_path

    _no_overwrite(out, force)
    data = example_outcomes_path(year).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"SYNTHETIC example outcomes of {year} written to [bold]{out}[/].", highlight=False)


# ---------------------------------------------------------------- next year


@app.command("next-year")
def next_year_cmd(
    input: Path | None = typer.Argument(None, help="The network the year was planned from (default: the embedded Krymsky 2021 table)."),
    plan: Path = typer.Option(..., "--plan", help="The year's plan.json (or the folder written by `mentornet plan`)."),
    outcomes: Path | None = typer.Option(None, "--outcomes", help="The year's outcomes workbook (XLSX or CSV); without it every competence is kept."),
    strategy: Strategy | None = typer.Option(None, "--strategy", help="narrow: teams keep their sites; wide: new mentors and directions."),
    out: Path = typer.Option(..., "--out", "-o", help="Next year's network: a .xlsx workbook, or a folder (network.xlsx is written into it)."),
    year: int | None = typer.Option(None, "--year", help="The year just planned (default: the outcomes' year)."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of the notes (default: ru for Cyrillic data)."),
    allow_foreign_history: bool = typer.Option(False, "--allow-foreign-history", help="Accept a plan of another network (only what matches is used)."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite the workbook if it already exists."),
) -> None:
    """Write next year's input from a plan and its outcomes: competences updated
    from the outcomes, the plan's roles, pairs and deferred needs as history
    (the deferred needs are carried over), sites whose status term ends noted,
    and the strategy in the policy sheet. Edit it, then run `mentornet plan`."""
    from mentornet.cli.plan_cmd import read_history
    from mentornet.io import read_network_and_policy, write_network
    from mentornet.io.outcomes import read_outcomes
    from mentornet.nextyear import next_year, strategy_policy

    target = out / "network.xlsx" if (out.is_dir() or not out.suffix) else out
    _no_overwrite(target, force)
    network, policy = read_network_and_policy(input)
    the_plan = read_history(_plan_path(plan), network, allow_foreign=allow_foreign_history)
    record = read_outcomes(outcomes, network=network, year=year) if outcomes is not None else None
    nxt, notes = next_year(network, the_plan, record, strategy.value if strategy else None, year=year)
    new_policy = strategy_policy(strategy.value if strategy else None, policy) if (strategy or policy) else None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_network(nxt, target, new_policy)
    code = _lang_of(network, lang)
    _add_sheet(target, "notes", ["note"], [[n.render(code)] for n in notes])
    console.print(notes[0].render(code), highlight=False)
    for n in notes[1:]:
        if n.code in ("nextyear.site_term_ends", "nextyear.strategy", "nextyear.no_sites_table"):
            console.print("  • " + n.render(code), highlight=False)
    console.print(f"Next year's network written to [bold]{target}[/]; edit it if needed, then run [cyan]mentornet plan {target}[/].", highlight=False)


# ---------------------------------------------------------------- report


@app.command("report")
def report_cmd(
    year_dirs: list[Path] = typer.Argument(..., help="One folder per year: plan.json, the network (network.xlsx; the embedded table for Krymsky 2021) and the outcomes workbook."),
    out: Path = typer.Option(Path("report"), "--out", "-o", help="Folder for report.xlsx, indicators.csv and the plots."),
    lang: Lang | None = typer.Option(None, "--lang", "-l", help="Language of the report (default: ru for Cyrillic data)."),
) -> None:
    """Write the programme's multi-year report: every indicator per year (with
    its one-line definition), per direction, municipality and site, the role
    transitions, and plots of the trends."""
    from mentornet.indicators import programme_indicators
    from mentornet.report import load_year_dir, write_report

    years = []
    synthetic = []
    for d in year_dirs:
        year, outcome_file = load_year_dir(d)
        years.append(year)
        if outcome_file is not None and "synthetic" in outcome_file.name.lower():
            synthetic.append(outcome_file.name)
    code = _lang_of(years[0].network, lang)
    written = write_report(years, out, code, synthetic=synthetic)
    table = programme_indicators(years)
    share = table[(table["scope"] == "programme") & (table["indicator"] == "deficits_decreased_share")]
    for row in share.itertuples(index=False):
        if row.value is None or row.value != row.value:
            line = Message(code="report.share_none", params={"year": int(row.year)})
        else:
            line = Message(code="report.share_line", params={"year": int(row.year), "share": 100 * float(row.value),
                                                             "num": int(row.numerator), "den": int(row.denominator)})
        console.print(line.render(code), highlight=False)
    if synthetic:
        console.print("[yellow]" + Message(code="report.synthetic", params={"files": ", ".join(synthetic)}).render(code) + "[/]", highlight=False)
    console.print("Written: " + ", ".join(str(p) for p in written), highlight=False)
