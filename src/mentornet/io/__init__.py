"""Reading networks from files into the domain model, and writing them back.

The front door is :func:`read_network`; it picks the reader by the input's
shape. Every reader validates everything and raises one
:class:`~mentornet.errors.InputError` listing all problems, each with its
file, sheet, row and column. Nothing is half-loaded.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mentornet.io.roletable import read_role_table
from mentornet.io.template import write_template
from mentornet.io.writers import write_network
from mentornet.model import Network, Policy

__all__ = [
    "EMBEDDED_DATASET",
    "EXAMPLE_OUTCOMES",
    "embedded_network",
    "example_outcomes_path",
    "read_network",
    "read_network_and_policy",
    "read_role_table",
    "write_network",
    "write_template",
]

EMBEDDED_DATASET = "krymsky_2021_internships.csv"
#: The worked example's SYNTHETIC outcomes (mentornet.outcomes_gen, seed = year), by year.
EXAMPLE_OUTCOMES = {2021: "krymsky_2021_outcomes_SYNTHETIC.xlsx", 2022: "krymsky_2022_outcomes_SYNTHETIC.xlsx"}


def example_outcomes_path(year: int) -> Path:
    """The shipped SYNTHETIC outcomes of the Krymsky worked example for ``year`` (2021 or 2022).

    Raises
    ------
    InputError
        No example for that year.
    """
    from mentornet.errors import InputError, Location, Problem

    if year not in EXAMPLE_OUTCOMES:
        raise InputError(Problem.coded(Location(field="year"), "input.not_allowed", value=str(year),
                                       expected=" / ".join(str(y) for y in EXAMPLE_OUTCOMES)))
    return Path(str(resources.files("mentornet") / "data" / EXAMPLE_OUTCOMES[year]))


def embedded_network() -> Network:
    """The Krymsky district 2021 mutual-internship table shipped with mentornet.

    7 directions, 34 schools, their roles and curators (seed 003). School ids
    are the school names as written; direction ids the direction numbers.
    """
    ref = resources.files("mentornet") / "data" / EMBEDDED_DATASET
    with resources.as_file(ref) as path:
        return read_role_table(path, name="krymsky_2021", municipality="Крымский район")


def read_network(path: str | Path | None = None) -> Network:
    """Read a network from a file or folder; ``None`` gives the embedded dataset.

    Parameters
    ----------
    path : str, Path or None
        An XLSX workbook (one sheet per table, or a role table on its first
        sheet), a folder of CSV files, a JSON file, or a single CSV role table.

    Raises
    ------
    InputError
        The input is missing, unreadable or invalid; every problem is listed.
    """
    return read_network_and_policy(path)[0]


def read_network_and_policy(path: str | Path | None = None) -> tuple[Network, Policy | None]:
    """Read a network and the policy the input carries, if any.

    Parameters
    ----------
    path : str, Path or None
        Any input :func:`read_network` reads; a workbook's ``policy`` sheet,
        a folder's ``policy.csv`` / ``policy.json`` or a JSON file's
        ``"policy"`` object (key/value settings) give the policy. ``None``
        gives the embedded dataset, which has no policy.

    Returns
    -------
    tuple of (Network, Policy or None)
        ``None`` for the policy when the input has none: the caller's
        defaults (or command-line options) apply.

    Raises
    ------
    InputError
        The input is missing, unreadable or invalid; every problem is listed.
    """
    if path is None:
        return embedded_network(), None
    from mentornet.io.readers import read_any_with_policy

    return read_any_with_policy(Path(path))
