"""``mentornet profile``: classify schools by their indicators and cluster them (seeds 004, 000)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from mentornet.cli import app, console, err_console
from mentornet.i18n import pgettext, render_all, term
from mentornet.messages import Np_


class ProfileLang(str, Enum):
    ru = "ru"
    en = "en"


_WORDS = {
    "title": Np_("profile_cli", "School profiles by indicators"),
    "wrote": Np_("profile_cli", "Written:"),
}


@app.command("profile")
def profile(
    input: Path | None = typer.Argument(
        None,
        help="Network with an indicators table (sheet 'indicators' / indicators.csv / JSON key 'indicators'). "
        "Omitted: the embedded Krymsky 2021 table (which has none).",
        metavar="INPUT",
        show_default=False,
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write profile.json, profile.xlsx and the plots into (created if missing).", file_okay=False),
    clusters: int | None = typer.Option(None, "--clusters", "-k", min=2, max=50, help="Number of clusters (default: the input's policy, else chosen by silhouette)."),
    seed: int | None = typer.Option(None, "--seed", help="Random seed of the clustering (default: the policy's seed, 0)."),
    year: int | None = typer.Option(None, "--year", help="Year new schools are counted from (default: the network's year)."),
    lang: ProfileLang | None = typer.Option(None, "--lang", "-l", help="Language of the reasons and the report: ru or en (default: ru for Cyrillic data, else en)."),
    policy_file: Path | None = typer.Option(None, "--policy", help="Policy JSON file (profile_* thresholds); the options above override it, it overrides the input's policy table."),
    indicators: Path | None = typer.Option(None, "--indicators", help="An indicators table in its own file (CSV, a workbook's 'indicators' sheet, or JSON), for an INPUT without one.", exists=False),
    example: str | None = typer.Option(None, "--example", help="Profile a shipped example instead of INPUT: 'site_based' (the synthetic site-based region with its shipped indicators)."),
) -> None:
    """Classify schools by their indicators — low results, at risk, crisis,
    high results, resilient, new school — by the documented quantile rules,
    cluster them by their profile factors (standardised, k-means), and write
    the classification with its reasons (JSON, XLSX, plots). Without an
    indicators table nothing is classified, and the command says so."""
    from mentornet.cli.plan_cmd import effective_policy
    from mentornet.export import default_lang
    from mentornet.io import read_network_and_policy
    from mentornet.profile import CLASSES, profile_network
    from mentornet.profile_report import write_profile

    if example is not None:
        if example != "site_based":
            err_console.print(f"[bold red]Error[/]: --example must be 'site_based', got '{example}'", highlight=False)
            raise typer.Exit(2)
        from mentornet.io import site_based_example_with_indicators

        network, input_policy = site_based_example_with_indicators()
    else:
        network, input_policy = read_network_and_policy(input)
    if indicators is not None:
        from mentornet.io.readers import read_indicators

        network = read_indicators(indicators, network)
    language = lang.value if lang else default_lang(network)
    policy, _ = effective_policy(policy_file, input_policy, seed=seed, profile_clusters=clusters)
    prof = profile_network(network, policy, year=year)
    written = write_profile(network, prof, policy, out, language)
    console.print(f"[bold]{pgettext(language, 'profile_cli', _WORDS['title'])}: {network.name}[/]", highlight=False)
    for note in prof.notes:
        console.print(f"  {note.render(language)}", highlight=False, soft_wrap=True)
    for cls in CLASSES:
        members = [p for p in prof.schools if cls in p.classes]
        if members:
            names = ", ".join(network.school_by_id[p.school].label for p in members)
            console.print(f"[bold]{term(language, 'profile_class', cls)}[/] ({len(members)}): {names}", highlight=False, soft_wrap=True)
    for p in prof.schools:
        if p.classes:
            console.print(f"  {network.school_by_id[p.school].label}: {render_all(p.reasons, language)}", highlight=False, soft_wrap=True)
    console.print(f"{pgettext(language, 'profile_cli', _WORDS['wrote'])} " + ", ".join(str(p) for p in written), highlight=False, soft_wrap=True)
