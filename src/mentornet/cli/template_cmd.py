"""``mentornet template OUT.xlsx``: the input workbook a planner fills in."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from mentornet.cli import app, console, err_console
from mentornet.io.template import write_template


class TemplateLang(str, Enum):
    ru = "ru"
    en = "en"


@app.command("template")
def template(
    out: Path = typer.Argument(..., help="Workbook to write (.xlsx).", dir_okay=False, metavar="OUT.xlsx"),
    lang: TemplateLang = typer.Option(TemplateLang.ru, "--lang", "-l", help="Language of sheet names, headers, examples and instructions: ru or en."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite OUT if it already exists."),
    shape: str = typer.Option("mutual", "--shape", help="Programme shape on the policy sheet: 'mutual' (every school mentors somewhere) or 'site_based' (regional internship sites host low-results schools)."),
) -> None:
    """Write an input template: one sheet per table with headers, example rows,
    drop-down lists and an instructions sheet. Filled in, it is read by every
    command that takes an INPUT."""
    if out.suffix.lower() != ".xlsx":
        err_console.print(f"[bold red]Error[/]: the template is an Excel workbook; give a path ending in .xlsx, not '{out.name}'", highlight=False)
        raise typer.Exit(2)
    if out.exists() and not force:
        # A filled-in workbook is hours of a planner's work: never overwrite it silently.
        err_console.print(f"[bold red]Error[/]: {out} already exists; pass --force to overwrite it", highlight=False)
        raise typer.Exit(2)
    from mentornet.model import SHAPES

    if shape not in SHAPES:
        err_console.print(f"[bold red]Error[/]: --shape must be one of {', '.join(SHAPES)}, got '{shape}'", highlight=False)
        raise typer.Exit(2)
    write_template(out, lang=lang.value, shape=shape)
    console.print(f"Template written to [bold]{out}[/] ({lang.value}); fill it in, then run [cyan]mentornet audit {out}[/].", highlight=False)
