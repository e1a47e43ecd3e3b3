"""``mentornet audit``: what a hand-made role table breaks, before any planning."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.panel import Panel
from rich.table import Table

from mentornet.cli import app, console
from mentornet.cli._output import (
    FILE_WIDTH,
    OutputFormat,
    format_option,
    print_records,
    print_table,
)
from mentornet.i18n import Message, pgettext, term
from mentornet.messages import Np_

if TYPE_CHECKING:
    from mentornet.audit import AuditReport


class AuditLang(str, Enum):
    ru = "ru"
    en = "en"


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

# The report's fixed words (English msgids, gettext context "audit_cli");
# sentences with numbers are messages of mentornet.messages ("cli.audit.*").
_WORDS = {
    "title": Np_("audit_cli", "Audit of the role table"),
    "by_direction": Np_("audit_cli", "Directions"),
    "col_dir": Np_("audit_cli", "№"),
    "col_name": Np_("audit_cli", "direction"),
    # TRANSLATORS: one-letter column heads: leaders, promising, hidden reserves, trainees
    "col_l": Np_("audit_cli", "L"),
    "col_p": Np_("audit_cli", "P"),
    "col_h": Np_("audit_cli", "H"),
    "col_t": Np_("audit_cli", "T"),
    "col_ratio": Np_("audit_cli", "T/L"),
    "col_cap": Np_("audit_cli", "L×cap"),
    "col_casc": Np_("audit_cli", "casc."),
    "col_short": Np_("audit_cli", "short"),
    "legend": Np_(
        "audit_cli",
        "L leaders, P promising, H hidden reserves, T trainees (P+H), T/L trainees per leader, "
        "L×cap what leaders can host, casc. coverable with promising teams mentoring hidden reserves, "
        "short trainees left without a mentor (* only if there is no cascade)",
    ),
    "never_title": Np_("audit_cli", "Schools that never lead, and why"),
    "col_school": Np_("audit_cli", "school"),
    "col_kind": Np_("audit_cli", "kind"),
    "col_lph": Np_("audit_cli", "L / P / H"),
    "col_why": Np_("audit_cli", "why"),
    "sites_title": Np_("audit_cli", "Internship sites"),
    "col_site": Np_("audit_cli", "site"),
    "col_members": Np_("audit_cli", "schools"),
    "col_term": Np_("audit_cli", "status"),
    "col_capacity": Np_("audit_cli", "schools / pairs at most"),
    "new_site_title": Np_("audit_cli", "Where a new site helps most"),
    "col_needs": Np_("audit_cli", "deferred or far needs it would cover"),
    "findings": Np_("audit_cli", "Findings: the programme's principles this table breaks"),
    "none": Np_("audit_cli", "no finding: the table keeps every principle checked"),
    "wrote": Np_("audit_cli", "Audit written to"),
}
_CONTEXT = "audit_cli"


def _words(lang: str) -> dict[str, str]:
    return {key: pgettext(lang, _CONTEXT, msgid) for key, msgid in _WORDS.items()}


@app.command("audit")
def audit(
    input: Path | None = typer.Argument(
        None,
        help="Role table or network to audit (.csv role table, .xlsx workbook, .json, or a folder of CSV files). "
        "Omitted: the embedded Krymsky 2021 table.",
        metavar="INPUT",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object (the whole audit) to stdout and nothing else (as --format json)."),
    fmt: OutputFormat = format_option("the report; csv: one row per direction; json: the whole audit"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder to write audit.json, network.html and the plots into (created if missing).", file_okay=False),
    lang: AuditLang | None = typer.Option(None, "--lang", "-l", help="Language of reasons, findings, the report and network.html: ru or en (default: ru for Cyrillic data, else en)."),
    cap_per_direction: int | None = typer.Option(None, "--cap-per-direction", min=0, help="Trainee teams one mentor takes in one direction (default: the input's policy, else 4)."),
    host_capacity: int | None = typer.Option(None, "--host-capacity", min=0, help="Trainee teams one school hosts per year, all directions (default: the input's policy, else 6)."),
    max_trainee_directions: int | None = typer.Option(None, "--max-trainee-directions", min=0, help="Directions a school can learn in per year (default: the input's policy, else 3)."),
    policy_file: Path | None = typer.Option(None, "--policy", help="Policy JSON file; the options above override it, it overrides the input's policy table."),
) -> None:
    """Audit a hand-made role table (no pairs needed): which schools never
    mentor and why, leaders against trainees per direction, yearly overload,
    capacity shortfalls, and which of the programme's principles it breaks."""
    from mentornet.audit import audit_network
    from mentornet.cli.plan_cmd import effective_policy
    from mentornet.export import default_lang
    from mentornet.io import read_network_and_policy

    network, input_policy = read_network_and_policy(input)
    language = lang.value if lang else default_lang(network)
    policy, _ = effective_policy(policy_file, input_policy, cap_per_direction=cap_per_direction,
                                 host_capacity=host_capacity, max_trainee_directions=max_trainee_directions)
    report = audit_network(network, policy, lang="ru" if language == "ru" else "en")
    doc = report.to_dict()
    written = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        written = out / "audit.json"
        written.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        from mentornet.visualizations import write_views

        # The same interactive view and plots as a plan's, for the hand-made table.
        write_views(network, None, out, lang=language, policy=policy)
    if as_json or fmt is OutputFormat.json:
        # Plain stdout, not rich: a pipe must get one parseable JSON object.
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.csv:
        from dataclasses import asdict

        print_records([asdict(r) for r in report.by_direction], fmt)
        return
    _render(report, language)
    if written is not None:
        console.print(f"{_words(language)['wrote']} [bold]{written}[/]", highlight=False)


def _render(report: AuditReport, lang: str) -> None:
    w = _words(lang)
    cap = report.capacity
    pol = report.policy

    def say(code: str, **params: object) -> str:
        return Message(code=f"cli.audit.{code}", params=params).render(lang)

    site = report.sites
    if site is not None:
        # The site-based shape: sites host, low-results schools learn; no "never leads" lines.
        n_sites = len(report.schools_mentoring_ids)
        lines = [
            "[bold]" + say("size", schools=report.schools, directions=report.directions) + "[/]",
            say("shape_site_based", sites=len(site.sites_table) or n_sites, learners=site.learners),
            say("needs", needs=site.trainee_needs),
            say("site_coverable", n=site.coverable, total=site.trainee_needs),
            say("policy", cap=pol["cap_per_direction"], host=pol["host_capacity"], mtd=pol["max_trainee_directions"]),
        ]
    else:
        lines = [
            "[bold]" + say("size", schools=report.schools, directions=report.directions) + "[/]",
            "[green]" + say("mentoring", n=report.schools_mentoring) + "[/]",
            "[red]" + say("never", n=len(report.schools_never_mentoring)) + "[/]",
            say("needs", needs=report.trainee_needs),
            say("coverable", a=cap["coverable_by_leaders"], b=cap["coverable_with_cascade"],
                c=pol["max_trainee_directions"], d=cap["coverable_this_year"]),
            say("policy", cap=pol["cap_per_direction"], host=pol["host_capacity"], mtd=pol["max_trainee_directions"]),
        ]
    summary = "\n".join(lines)
    if console.is_terminal:
        console.print(Panel(summary, title=f"{w['title']}: {report.network}", expand=False), highlight=False)
    else:
        console.print(f"{w['title']}: {report.network}\n{summary}\n", highlight=False, soft_wrap=True)

    table = Table(title=w["by_direction"], caption=w["legend"], caption_justify="left")
    table.add_column(w["col_dir"], justify="right", no_wrap=True)
    # Numbers never wrap; the direction's name takes what the terminal has left.
    numeric = ("col_l", "col_p", "col_h", "col_t", "col_ratio", "col_cap", "col_casc", "col_short")
    widths = {k: max(len(w[k]), 4 if k == "col_ratio" else 3) for k in numeric}
    # Each column costs its width plus two of padding and one of border.
    width = console.width if console.is_terminal else FILE_WIDTH
    room = width - 1 - (1 + 3) - 3 - sum(v + 3 for v in widths.values())
    table.add_column(w["col_name"], overflow="ellipsis", no_wrap=True, max_width=max(8, min(60, room)))
    for key in numeric:
        table.add_column(w[key], justify="right", no_wrap=True, min_width=widths[key])
    for r in report.by_direction:
        short = f"[red]{r.shortfall}[/]" if r.shortfall else (f"[yellow]{r.shortfall_leaders_only}*[/]" if r.shortfall_leaders_only else "0")
        table.add_row(
            r.direction, r.name, str(r.leaders), str(r.promising), str(r.hidden_reserves), str(r.trainees),
            "–" if r.trainees_per_leader is None else f"{r.trainees_per_leader:g}",
            str(r.leader_capacity), str(r.coverable_with_cascade), short,
        )
    print_table(table)

    if site is not None:
        _render_sites(report, lang, w)
    if report.never_mentoring and site is None:
        never = Table(title=w["never_title"])
        never.add_column(w["col_school"], no_wrap=True)
        never.add_column(w["col_kind"], no_wrap=True)
        never.add_column(w["col_lph"], no_wrap=True, justify="center")
        never.add_column(w["col_why"], overflow="fold", ratio=1)
        for s in report.never_mentoring:
            never.add_row(s.name, term(lang, "kind", s.kind) if s.kind else "", f"{s.leader} / {s.promising} / {s.hidden_reserve}", s.reason_in(lang))
        print_table(never)

    console.print(f"\n[bold]{w['findings']}[/]")
    if not report.findings:
        console.print(f"  {w['none']}")
    for f in report.findings:
        style = _SEVERITY_STYLE.get(f.severity, "")
        console.print(f"  [{style}]{term(lang, 'severity', f.severity)}[/] [dim]{f.code}[/] — [italic]{term(lang, 'principle', f.principle)}[/]", highlight=False)
        console.print(f"      {f.message_in(lang)}", highlight=False)


def _learners(report: AuditReport) -> int:
    """Low-results schools of a site-based audit (those with a trainee team and no site)."""
    return report.schools - len(report.schools_mentoring_ids)


def _render_sites(report: AuditReport, lang: str, w: dict[str, str]) -> None:
    """The sites table and the new-site ranking of a site-based audit."""
    site = report.sites
    if site is None:
        return
    if site.sites_table:
        table = Table(title=w["sites_title"])
        for key in ("col_site", "col_members", "col_term", "col_capacity"):
            table.add_column(w[key], overflow="fold")
        for row in site.sites_table:
            cap = f"{'—' if row['max_schools'] is None else row['max_schools']} / {'—' if row['max_pairs'] is None else row['max_pairs']}"
            term_text = "—" if row["start_year"] is None else f"{row['start_year']}–{row['last_year']}"
            if row["ends"]:
                term_text = f"[yellow]{term_text}[/]"
            table.add_row(row["name"], ", ".join(row["schools"]), term_text, cap)
        print_table(table)
    if site.new_site_ranking:
        table = Table(title=w["new_site_title"])
        table.add_column(w["col_school"], overflow="fold")
        table.add_column(w["col_needs"], justify="right")
        for row in site.new_site_ranking:
            table.add_row(row["name"], str(row["needs"]))
        print_table(table)
