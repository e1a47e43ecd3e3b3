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

if TYPE_CHECKING:
    from mentornet.audit import AuditReport


class AuditLang(str, Enum):
    ru = "ru"
    en = "en"


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

_WORDS = {
    "en": {
        "title": "Audit of the role table",
        "schools": "schools",
        "directions": "directions",
        "mentoring": "lead in at least one direction",
        "never": "never lead (never give experience)",
        "needs": "trainee needs (promising and hidden-reserve teams)",
        "coverable": "coverable at once: by leaders {a}, with cascade {b}, this year (≤ {c} trainee directions per school) {d}",
        "policy": "policy: {cap} trainees per mentor per direction, host capacity {host}, {mtd} trainee directions a year",
        "by_direction": "Directions",
        "col_dir": "№",
        "col_name": "direction",
        "col_l": "L",
        "col_p": "P",
        "col_h": "H",
        "col_t": "T",
        "col_ratio": "T/L",
        "col_cap": "L×cap",
        "col_casc": "casc.",
        "col_short": "short",
        "legend": "L leaders, P promising, H hidden reserves, T trainees (P+H), T/L trainees per leader, "
        "L×cap what leaders can host, casc. coverable with promising teams mentoring hidden reserves, "
        "short trainees left without a mentor (* only if there is no cascade)",
        "never_title": "Schools that never lead, and why",
        "col_school": "school",
        "col_kind": "kind",
        "col_lph": "L / P / H",
        "col_why": "why",
        "findings": "Findings: the programme's principles this table breaks",
        "none": "no finding: the table keeps every principle checked",
        "wrote": "Audit written to",
    },
    "ru": {
        "title": "Аудит таблицы ролей",
        "schools": "школ",
        "directions": "направлений",
        "mentoring": "лидеры хотя бы в одном направлении",
        "never": "нигде не лидеры (не делятся опытом)",
        "needs": "потребностей стажёров (подающие надежды и скрытые резервы)",
        "coverable": "можно покрыть одновременно: лидерами {a}, с каскадом {b}, в этом году (не более {c} направлений на школу) {d}",
        "policy": "политика: {cap} стажёра на наставника в направлении, ёмкость школы {host}, {mtd} направления стажировки в год",
        "by_direction": "Направления",
        "col_dir": "№",
        "col_name": "направление",
        "col_l": "Л",
        "col_p": "П",
        "col_h": "Р",
        "col_t": "С",
        "col_ratio": "С/Л",
        "col_cap": "Л×лимит",
        "col_casc": "каскад",
        "col_short": "нехв.",
        "legend": "Л лидеры, П подающие надежды, Р скрытые резервы, С стажёры (П+Р), С/Л стажёров на лидера, "
        "Л×лимит сколько принимают лидеры, каскад — сколько покрывается, если подающие надежды наставляют резервы, "
        "нехв. — стажёры без наставника (* только без каскада)",
        "never_title": "Школы, которые нигде не лидеры, и почему",
        "col_school": "школа",
        "col_kind": "тип",
        "col_lph": "Л / П / Р",
        "col_why": "почему",
        "findings": "Выводы: какие принципы программы нарушает таблица",
        "none": "замечаний нет: таблица соблюдает все проверенные принципы",
        "wrote": "Аудит записан в",
    },
}


@app.command("audit")
def audit(
    input: Path | None = typer.Argument(
        None,
        help="Role table or network to audit (.csv role table, .xlsx workbook, .json, or a folder of CSV files). "
        "Omitted: the embedded Krymsky 2021 table.",
        metavar="INPUT",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object (the whole audit) to stdout and nothing else."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder to write audit.json, network.html and the plots into (created if missing).", file_okay=False),
    lang: AuditLang = typer.Option(AuditLang.en, "--lang", "-l", help="Language of reasons, findings and the report: ru or en."),
    cap_per_direction: int | None = typer.Option(None, "--cap-per-direction", min=0, help="Trainee teams one mentor takes in one direction (default: the input's policy, else 4)."),
    host_capacity: int | None = typer.Option(None, "--host-capacity", min=0, help="Trainee teams one school hosts per year, all directions (default: the input's policy, else 6)."),
    max_trainee_directions: int | None = typer.Option(None, "--max-trainee-directions", min=0, help="Directions a school can learn in per year (default: the input's policy, else 3)."),
) -> None:
    """Audit a hand-made role table (no pairs needed): which schools never
    mentor and why, leaders against trainees per direction, yearly overload,
    capacity shortfalls, and which of the programme's principles it breaks."""
    from mentornet.audit import audit_network
    from mentornet.io import read_network_and_policy
    from mentornet.model import Policy

    network, policy = read_network_and_policy(input)
    overrides = {
        k: v
        for k, v in (
            ("cap_per_direction", cap_per_direction),
            ("host_capacity", host_capacity),
            ("max_trainee_directions", max_trainee_directions),
        )
        if v is not None
    }
    policy = (policy or Policy()).model_copy(update=overrides)
    report = audit_network(network, policy, lang=lang.value)
    doc = report.to_dict()
    written = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        written = out / "audit.json"
        written.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        from mentornet.visualizations import write_views

        # The same interactive view and plots as a plan's, for the hand-made table.
        write_views(network, None, out, lang=lang.value, policy=policy)
    if as_json:
        # Plain stdout, not rich: a pipe must get one parseable JSON object.
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _render(report, lang.value)
    if written is not None:
        console.print(f"{_WORDS[lang.value]['wrote']} [bold]{written}[/]", highlight=False)


def _render(report: AuditReport, lang: str) -> None:
    w = _WORDS[lang]
    cap = report.capacity
    summary = "\n".join(
        [
            f"[bold]{report.schools}[/] {w['schools']}, [bold]{report.directions}[/] {w['directions']}",
            f"[green bold]{report.schools_mentoring}[/] {w['mentoring']}",
            f"[red bold]{len(report.schools_never_mentoring)}[/] {w['never']}",
            f"[bold]{report.trainee_needs}[/] {w['needs']}",
            w["coverable"].format(a=cap["coverable_by_leaders"], b=cap["coverable_with_cascade"], c=report.policy["max_trainee_directions"], d=cap["coverable_this_year"]),
            w["policy"].format(cap=report.policy["cap_per_direction"], host=report.policy["host_capacity"], mtd=report.policy["max_trainee_directions"]),
        ]
    )
    console.print(Panel(summary, title=f"{w['title']}: {report.network}", expand=False), highlight=False)

    table = Table(title=w["by_direction"], caption=w["legend"], caption_justify="left")
    table.add_column(w["col_dir"], justify="right", no_wrap=True)
    # Numbers never wrap; the direction's name takes what the terminal has left.
    numeric = ("col_l", "col_p", "col_h", "col_t", "col_ratio", "col_cap", "col_casc", "col_short")
    widths = {k: max(len(w[k]), 4 if k == "col_ratio" else 3) for k in numeric}
    # Each column costs its width plus two of padding and one of border.
    room = console.width - 1 - (1 + 3) - 3 - sum(v + 3 for v in widths.values())
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
    console.print(table)

    if report.never_mentoring:
        never = Table(title=w["never_title"])
        never.add_column(w["col_school"], no_wrap=True)
        never.add_column(w["col_kind"], no_wrap=True)
        never.add_column(w["col_lph"], no_wrap=True, justify="center")
        never.add_column(w["col_why"], overflow="fold", ratio=1)
        for s in report.never_mentoring:
            never.add_row(s.name, s.kind, f"{s.leader} / {s.promising} / {s.hidden_reserve}", s.reason)
        console.print(never)

    console.print(f"\n[bold]{w['findings']}[/]")
    if not report.findings:
        console.print(f"  {w['none']}")
    for f in report.findings:
        style = _SEVERITY_STYLE.get(f.severity, "")
        console.print(f"  [{style}]{f.severity}[/] [dim]{f.code}[/] — [italic]{f.principle_text}[/]", highlight=False)
        console.print(f"      {f.message}", highlight=False)
