"""mentornet: plan mutual internships between schools.

The data flow: :mod:`mentornet.model` (the domain) → :mod:`mentornet.io`
(files in) → :mod:`mentornet.graph` (candidate mentoring graph) →
:mod:`mentornet.solvers` (a plan) → :mod:`mentornet.check` (independent
validation and metrics) → :mod:`mentornet.export`,
:mod:`mentornet.visualizations`, :mod:`mentornet.api`, :mod:`mentornet.cli`.

>>> from mentornet import read_network, solve
>>> plan = solve(read_network(None), solver="greedy")  # doctest: +SKIP
"""

from mentornet.errors import InfeasibleError, InputError, MentornetError, SolverError
from mentornet.io import read_network
from mentornet.model import Network, Plan, Policy
from mentornet.solvers import available_solvers
from mentornet.planning import solve

__version__ = "0.1.0"

__all__ = [
    "InfeasibleError",
    "InputError",
    "MentornetError",
    "Network",
    "Plan",
    "Policy",
    "SolverError",
    "available_solvers",
    "read_network",
    "solve",
]
