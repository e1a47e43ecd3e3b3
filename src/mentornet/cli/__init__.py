"""The ``mentornet`` command line: a thin layer over the library functions.

Each command lives in its own module of this package and registers itself
on :data:`app`; :func:`main` imports them all, runs the app, and turns every
:class:`~mentornet.errors.MentornetError` into a readable message and an
exit code (2 input, 3 infeasible, 4 solver).
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from mentornet.errors import InfeasibleError, InputError, MentornetError, SolverError

app = typer.Typer(
    name="mentornet",
    help="Plan mutual internships between schools: roles, mentor pairs, explanations, exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: docstrings are re-wrapped to the terminal, not kept line by line.
    rich_markup_mode=None,
    context_settings={"max_content_width": 110},
)
console = Console()
err_console = Console(stderr=True)

# One module per command (or group of related commands); each registers on `app`.
_COMMAND_MODULES = (
    "mentornet.cli.audit_cmd",
    "mentornet.cli.plan_cmd",
    "mentornet.cli.generate_cmd",
    "mentornet.cli.template_cmd",
    "mentornet.cli.plan_many_cmd",
    "mentornet.cli.view_cmd",
    "mentornet.cli.serve_cmd",
)


@app.callback()
def _every_command() -> None:
    # Into a file or a pipe, lines are not broken at rich's assumed 80 columns.
    for c in (console, err_console):
        c.soft_wrap = not c.is_terminal


def _register() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(name)


def report_error(exc: MentornetError) -> int:
    """Print a MentornetError for a planner and return the exit code."""
    if isinstance(exc, InputError):
        err_console.print(f"[bold red]Input error[/]: {len(exc.problems)} problem(s)")
        for p in exc.problems:
            err_console.print(f"  • [cyan]{p.location}[/]: {p.message}", highlight=False)
        return 2
    if isinstance(exc, InfeasibleError):
        err_console.print("[bold red]No plan satisfies every hard constraint[/]")
        for c in exc.conflicts:
            err_console.print(f"  • {c.message}", highlight=False)
            if c.suggestion:
                err_console.print(f"    [green]fix[/]: {c.suggestion}", highlight=False)
        return 3
    if isinstance(exc, SolverError):
        err_console.print(f"[bold red]Solver error[/]: {exc}", highlight=False)
        return 4
    err_console.print(f"[bold red]Error[/]: {exc}", highlight=False)
    return 1


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mentornet`` console script."""
    _register()
    try:
        app(args=argv, prog_name="mentornet")
    except MentornetError as exc:
        sys.exit(report_error(exc))
