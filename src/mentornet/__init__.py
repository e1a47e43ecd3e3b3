"""mentornet: plan mutual internships between schools.

The data flow: :mod:`mentornet.model` (the domain) → :mod:`mentornet.io`
(files in) → :mod:`mentornet.graph` (candidate mentoring graph) →
:mod:`mentornet.solvers` (a plan) → :mod:`mentornet.check` (independent
validation and metrics) → :mod:`mentornet.export`,
:mod:`mentornet.visualizations`, :mod:`mentornet.api`, :mod:`mentornet.cli`.

>>> from mentornet import read_network, solve
>>> plan = solve(read_network(None), solver="greedy")  # doctest: +SKIP
"""

import logging
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from pathlib import Path

from mentornet.errors import InfeasibleError, InputError, MentornetError, SolverError
from mentornet.io import read_network
from mentornet.model import Network, Plan, Policy
from mentornet.planning import solve
from mentornet.solvers import available_solvers


def _read_version() -> str:
    """The version of the installed distribution; pyproject.toml in a source checkout."""
    try:
        return _dist_version("mentornet")
    except PackageNotFoundError:
        pass
    # Not installed (e.g. PYTHONPATH=src): the checkout's pyproject.toml is the one source.
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"


#: The package version, read from the distribution's metadata (one place: pyproject.toml).
__version__ = _read_version()

# A library does not configure logging: records go nowhere unless the
# application (the CLI, the web service, a notebook) adds a handler.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "InfeasibleError",
    "InputError",
    "MentornetError",
    "Network",
    "Plan",
    "Policy",
    "SolverError",
    "__version__",
    "available_solvers",
    "read_network",
    "solve",
]
