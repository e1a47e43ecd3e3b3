"""The ``mentornet`` command line: a thin layer over the library functions.

Each command lives in its own module of this package and registers itself
on :data:`app`; :func:`main` imports them all, runs the app, and turns every
:class:`~mentornet.errors.MentornetError` into a readable message and an
exit code (2 input, 3 infeasible, 4 solver).

The library logs what it repairs or decides on its own (an encoding guessed,
blank rows skipped, a solver fallback) on the ``mentornet`` logger; the
command line shows those records on stderr with ``-v`` (info) or ``-vv``
(debug), or at the level named by ``MENTORNET_LOG_LEVEL``.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from mentornet.errors import InfeasibleError, InputError, MentornetError, SolverError
from mentornet.i18n import LANGUAGES, Message

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
    "mentornet.cli.profile_cmd",
    "mentornet.cli.programme_cmd",
)


LOG_LEVEL_ENV = "MENTORNET_LOG_LEVEL"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_log_handler: logging.Handler | None = None


def configure_logging(verbose: int = 0) -> int:
    """Show the library's log records on stderr; return the level set.

    ``verbose`` counts ``-v`` flags (1: info, 2 or more: debug); without
    them the level is :data:`LOG_LEVEL_ENV` (a name such as ``INFO``), else
    warnings only. Called again, it replaces its own handler.
    """
    if verbose:
        level = logging.DEBUG if verbose > 1 else logging.INFO
    else:
        name = os.environ.get(LOG_LEVEL_ENV, "").strip().upper() or "WARNING"
        level = logging.getLevelNamesMapping().get(name, -1)
        if level < 0:
            raise typer.BadParameter(f"{LOG_LEVEL_ENV}={name!r}; expected DEBUG, INFO, WARNING or ERROR")
    global _log_handler
    reset_logging()
    _log_handler = _StderrHandler()
    _log_handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("mentornet")
    logger.addHandler(_log_handler)
    logger.setLevel(level)
    return level


def reset_logging() -> None:
    """Undo :func:`configure_logging` (``main`` does, so that a run leaves no trace in its caller)."""
    global _log_handler
    logger = logging.getLogger("mentornet")
    if _log_handler is not None:
        logger.removeHandler(_log_handler)
        _log_handler = None
    logger.setLevel(logging.NOTSET)


def _show_version(value: bool) -> None:
    if value:
        from mentornet import __version__

        console.print(f"mentornet {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, show_default=False, help=f"Log what the library repairs or decides on stderr: -v info, -vv debug (default: ${LOG_LEVEL_ENV}, else warnings)."),
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
) -> None:
    configure_logging(verbose)
    # Into a file or a pipe, lines are not broken at rich's assumed 80 columns.
    for c in (console, err_console):
        c.soft_wrap = not c.is_terminal


def _register() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(name)


#: Lines of an infeasibility explanation printed without ``--verbose`` (one screen).
SCREEN_LINES = 24


def infeasible_report(exc: InfeasibleError, lang: str = "en", *, verbose: bool = False,
                      max_lines: int = SCREEN_LINES) -> list[str]:
    """The lines the CLI prints for an infeasible plan, in ``lang``.

    The conflicts grouped by direction and rule, each direction named once
    (:func:`mentornet.errors.infeasible_summary`). Without ``verbose``, at
    most ``max_lines`` lines: the last one says how many more are hidden
    and that ``--verbose`` shows them.
    """
    from mentornet.errors import infeasible_summary

    return infeasible_summary(exc.conflicts, lang, max_lines=None if verbose else max_lines)


def print_infeasible(lines: list[str], prefix: str = "") -> None:
    """Print :func:`infeasible_report`'s lines on stderr, the head in red after ``prefix`` (a solver's or region's name)."""
    err_console.print(f"[bold red]{escape(prefix + lines[0])}[/]", highlight=False)
    for line in lines[1:]:
        err_console.print(escape(line), highlight=False)


def error_language(exc: MentornetError, argv: list[str]) -> str:
    """The language to report an error raised before a command chose one.

    ``--lang X`` on the command line wins; otherwise the one default of every
    command applies: Russian when the input speaks Russian (Cyrillic in the
    file names, sheets, columns or values the problems quote), else English.
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGUAGES:
            return arg.split("=", 1)[1]
    text = str(exc) + " ".join(argv)
    return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "en"


def report_error(exc: MentornetError, lang: str = "en", *, verbose: bool = False) -> int:
    """Print a MentornetError for a planner (in ``lang``) and return the exit code."""
    if isinstance(exc, InputError):
        head = Message(code="error.input_head", params={"n": len(exc.problems)}).render(lang)
        err_console.print(f"[bold red]{escape(head)}[/]", highlight=False)
        for p in exc.problems:
            err_console.print(f"  • [cyan]{escape(p.location.render(lang))}[/]: {escape(p.message_in(lang))}", highlight=False)
        return 2
    if isinstance(exc, InfeasibleError):
        print_infeasible(infeasible_report(exc, lang, verbose=verbose))
        return 3
    head = Message(code="error.solver_head" if isinstance(exc, SolverError) else "error.other_head").render(lang)
    detail = exc.render(lang) if isinstance(exc, SolverError) else str(exc)
    err_console.print(f"[bold red]{escape(head)}[/]: {escape(detail)}", highlight=False)
    return 4 if isinstance(exc, SolverError) else 1


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mentornet`` console script."""
    _register()
    try:
        app(args=argv, prog_name="mentornet")
    except MentornetError as exc:
        sys.exit(report_error(exc, error_language(exc, sys.argv[1:] if argv is None else argv)))
    finally:
        reset_logging()
