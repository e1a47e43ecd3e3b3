"""``mentornet view``: open a plan's interactive network view in the browser."""

from __future__ import annotations

import json
import webbrowser
from enum import Enum
from pathlib import Path

import typer

from mentornet.cli import app, console
from mentornet.errors import InputError, Location, Problem
from mentornet.model import Network

__all__ = ["find_network", "open_view"]


class ViewLang(str, Enum):
    ru = "ru"
    en = "en"


def find_network(plan_dir: Path, plan_doc: dict, input_path: Path | None) -> Network:
    """The network a plan was made for.

    In order: ``input_path`` when given; the ``input`` key of ``plan.json``
    (a path, relative to the plan's folder or absolute) when the writer kept
    it; the embedded Krymsky dataset when the plan names it.

    Raises
    ------
    InputError
        None of these leads to a network: the message says to pass ``--input``.
    """
    from mentornet.io import EMBEDDED_DATASET, embedded_network, read_network

    if input_path is not None:
        return read_network(input_path)
    recorded = plan_doc.get("input")
    if isinstance(recorded, str) and recorded:
        candidate = Path(recorded)
        if not candidate.is_absolute():
            candidate = plan_dir / candidate
        if candidate.exists():
            return read_network(candidate)
    embedded = embedded_network()
    if plan_doc.get("network") in (embedded.name, Path(EMBEDDED_DATASET).stem):
        return embedded
    raise InputError(
        Problem(
            Location(file=str(plan_dir / "plan.json")),
            "network.html is missing and the plan does not say which input it was made from; "
            "pass the input with --input (the file or folder given to `mentornet plan`)",
        )
    )


def open_view(plan_dir: Path, *, open_browser: bool = True, input_path: Path | None = None, lang: str | None = None) -> Path:
    """Find (or rebuild) ``network.html`` of a plan folder and open it.

    Parameters
    ----------
    plan_dir : Path
        A folder written by ``mentornet plan`` or ``mentornet audit``, or a
        ``network.html`` file itself.
    open_browser : bool
        Open the page with the system's browser; otherwise only return it.
    input_path : Path, optional
        The plan's input, needed only when the page must be rebuilt and the
        plan does not name it.
    lang : {"ru", "en"}, optional
        Language of a rebuilt page (default: Russian for Cyrillic data).

    Returns
    -------
    Path
        The page.

    Raises
    ------
    InputError
        The path does not exist, no page and no ``plan.json`` to rebuild it
        from, or no input found.
    """
    plan_dir = Path(plan_dir)
    if not plan_dir.exists():
        what = "file" if plan_dir.suffix.lower() == ".html" else "folder"
        raise InputError(Problem(Location(file=str(plan_dir)), f"the {what} does not exist; give a folder written by `mentornet plan --out` or `mentornet audit --out`"))
    if plan_dir.is_file() and plan_dir.suffix.lower() != ".html":
        raise InputError(Problem(Location(file=str(plan_dir)), "not a folder; give the folder written by `mentornet plan --out` (or its network.html)"))
    html = plan_dir if plan_dir.suffix.lower() == ".html" else plan_dir / "network.html"
    if not html.exists():
        plan_json = html.parent / "plan.json"
        if not plan_json.exists():
            raise InputError(
                Problem(Location(file=str(html.parent)), "no network.html and no plan.json here: run `mentornet plan --out` into this folder first")
            )
        from mentornet.export import default_lang, read_plan_json
        from mentornet.visualizations import network_html

        plan = read_plan_json(plan_json)
        doc = json.loads(plan_json.read_text(encoding="utf-8-sig"))
        network = find_network(html.parent, doc, input_path)
        network_html(network, plan, path=html, lang=lang or default_lang(network))
    if open_browser:
        webbrowser.open(html.resolve().as_uri())
    return html


@app.command("view")
def view(
    plan_dir: Path = typer.Argument(..., help="Folder written by `mentornet plan` or `mentornet audit` (or a network.html file)."),
    no_open: bool = typer.Option(False, "--no-open", help="Only print the page's path; do not start a browser."),
    input_path: Path | None = typer.Option(
        None, "--input", "-i", help="The plan's input; needed only to rebuild a missing network.html when plan.json does not name it."
    ),
    lang: ViewLang | None = typer.Option(None, "--lang", help="Language of a rebuilt page (default: ru for Cyrillic data, else en)."),
) -> None:
    """Open the interactive network view of a plan (network.html) in the browser.

    When the folder has plan.json but no network.html, the page is rebuilt
    from the plan and its input first.
    """
    html = open_view(plan_dir, open_browser=not no_open, input_path=input_path, lang=lang.value if lang else None)
    console.print(str(html), highlight=False, soft_wrap=True)
