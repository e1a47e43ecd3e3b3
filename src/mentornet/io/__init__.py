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
from mentornet.model import Network

__all__ = ["EMBEDDED_DATASET", "embedded_network", "read_network", "read_role_table"]

EMBEDDED_DATASET = "krymsky_2021_internships.csv"


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
    if path is None:
        return embedded_network()
    from mentornet.io.readers import read_any

    return read_any(Path(path))
