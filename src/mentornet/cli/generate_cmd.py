"""``mentornet generate``: a synthetic network for tests, benchmarks and demos."""

from __future__ import annotations

from pathlib import Path

import typer

from mentornet.cli import app, console, err_console


@app.command("generate")
def generate(
    out: Path = typer.Argument(
        ...,
        help="Where to write the network: a .xlsx workbook, a .json file, or a folder (one CSV per table).",
        metavar="OUT",
        show_default=False,
    ),
    schools: int | None = typer.Option(None, "--schools", "-n", min=2, help="Number of schools (default 30; with --shape site_based: the low-results schools, default 74)."),
    directions: int | None = typer.Option(None, "--directions", "-d", min=1, help="Number of internship directions (default 7, the first seven named as in Krymsky 2021; with --shape site_based: themes, default 4, two online)."),
    municipalities: int | None = typer.Option(None, "--municipalities", "-m", min=1, help="Number of municipalities (districts); default about one per 35 schools (site_based: 18)."),
    shape: str = typer.Option("mutual", "--shape", help="Programme shape: 'mutual' (every school mentors somewhere, Krymsky) or 'site_based' (a Leningrad-style region: sites table, low-results schools, a consultant per district; seeds 001/002). A site_based network is written with its policy (shape site_based, online radius 100 km)."),
    seed: int = typer.Option(0, "--seed", "-s", help="Random seed: the same options give the same network."),
    level_only: bool = typer.Option(False, "--level-only", help="Levels (leader / promising / hidden reserve) instead of scores 0..100, like a hand-made role table."),
    sites: int | None = typer.Option(None, "--sites", min=1, help="Site-based shape: this many high-results or resilient schools locked as leaders, the others mostly low-results trainees, a consultant per district."),
    regions: int | None = typer.Option(None, "--regions", "-r", min=1, help="Group the municipalities into this many regions, written 'REGION/MUNICIPALITY' so that `mentornet plan-many` plans each region."),
    name: str | None = typer.Option(None, "--name", help="Name of the network (default: synthetic-NxD-sSEED)."),
    indicators: bool = typer.Option(False, "--indicators", help="Add an indicators table (results, social index, pupils, staff, opening year) consistent with the schools' roles, for `mentornet profile`."),
) -> None:
    """Generate a realistic, reproducible synthetic network: municipalities
    with clustered coordinates, school kinds and settlements in plausible
    proportions, correlated scores, low-results, adverse-condition, resilient
    and new schools, capacities and curators."""
    from mentornet.generate import SITE_REGION_POLICY, generate_indicators, generate_network, generate_site_region
    from mentornet.io import write_network
    from mentornet.model import SHAPES, Policy

    if shape not in SHAPES:
        err_console.print(f"[bold red]Error[/]: --shape must be one of {', '.join(SHAPES)}, got '{shape}'", highlight=False)
        raise typer.Exit(2)
    policy = None
    try:
        if shape == "site_based":
            network = generate_site_region(
                trainees=schools or 74, sites=sites or 9, municipalities=municipalities or 18,
                directions=directions or 4, seed=seed, name=name,
            )
            policy = Policy.model_validate(SITE_REGION_POLICY)
        else:
            network = generate_network(schools or 30, directions or 7, municipalities, seed, name=name, level_only=level_only, sites=sites, regions=regions)
    except ValueError as exc:
        err_console.print(f"[bold red]Error[/]: {exc}", highlight=False)
        raise typer.Exit(2) from None
    if indicators:
        network = generate_indicators(network, seed)
    path = write_network(network, out, policy)
    console.print(
        f"Wrote [bold]{network.name}[/] to [bold]{path}[/]: {len(network.schools)} schools, "
        f"{len(network.directions)} directions, {len(network.municipalities())} municipalities, "
        f"{len(network.competences)} competences, {len(network.curators)} curators"
        + (f", {len(network.sites)} sites" if network.sites else (f", {sites} sites" if sites else ""))
        + (f", {regions} regions" if regions else "")
        + (f", indicators of {len(network.indicators)} schools" if indicators else "")
        + ".",
        highlight=False,
    )
    if regions:
        console.print(f"Plan every region with: mentornet plan-many {path} --out OUT", highlight=False)
