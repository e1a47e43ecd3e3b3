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
    "EXAMPLE_PROFILE_POLICY",
    "SITE_BASED_EXAMPLE",
    "SITE_BASED_INDICATORS",
    "embedded_network",
    "example_outcomes_path",
    "site_based_example",
    "site_based_example_with_indicators",
    "read_network",
    "read_network_and_policy",
    "read_role_table",
    "write_network",
    "write_template",
]

EMBEDDED_DATASET = "krymsky_2021_internships.csv"
#: The shipped site-based example (issue 14): a SYNTHETIC region modelled on
#: seeds 001/002, exactly ``mentornet generate --shape site_based --seed 0``.
SITE_BASED_EXAMPLE = "site_based_region_synthetic.json"


def site_based_example() -> tuple[Network, Policy | None]:
    """The shipped synthetic site-based region and its policy (shape ``site_based``, online radius 100 km).

    18 districts, 9 internship sites (one a network of two schools), 74
    low-results schools, 7 scientific consultants, 4 themes of which two are
    online. Synthetic: no school, person or figure in it is real.
    """
    from mentornet.io.readers import read_any_with_policy

    ref = resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE
    with resources.as_file(ref) as path:
        return read_any_with_policy(Path(path))


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


#: The indicators table shipped with the site-based example (issue 14, item 7):
#: ``generate_indicators(<the example>, seed=0)``, SYNTHETIC like the example.
SITE_BASED_INDICATORS = "site_based_region_indicators.csv"
#: The profile settings the example is classified with (see :func:`site_based_example_with_indicators`).
EXAMPLE_PROFILE_POLICY: dict[str, float] = {"profile_high_quantile": 0.85}


def site_based_example_with_indicators() -> tuple[Network, Policy | None]:
    """The shipped site-based example (:func:`site_based_example`) with its shipped indicators table.

    The indicators are synthetic (``mentornet generate --shape site_based
    --seed 0 --indicators``): sites with high results, some of them
    resilient, low-results trainees, a few new schools. ``mentornet profile
    --example site_based`` classifies and clusters them.
    """
    from mentornet.io.readers import read_indicators

    network, policy = site_based_example()
    ref = resources.files("mentornet") / "data" / SITE_BASED_INDICATORS
    with resources.as_file(ref) as path:
        network = read_indicators(Path(path), network)
    # The table holds only the programme's schools, 16 strong of 90 (sites and
    # candidates): the high-results band is the top 15 % (profile_high_quantile
    # 0.85), as the top quarter would take in low-results schools.
    given = policy.model_dump(exclude_unset=True) if policy is not None else {}
    return network, Policy.model_validate({**given, **EXAMPLE_PROFILE_POLICY})
