"""The service layer: every operation of the API and the web pages, once.

Each operation is a plain function on a SQLAlchemy session (and, where it
needs them, the server's :class:`~mentornet.services.common.Limits` and the
job runner). It returns stored rows or library objects and raises
:mod:`mentornet.errors` exceptions (:class:`~mentornet.errors.NotFoundError`,
:class:`~mentornet.errors.ConflictError`,
:class:`~mentornet.errors.InvalidRequestError`,
:class:`~mentornet.errors.InputError` …); HTTP status codes, problem
documents, forms and pages are chosen by the callers in :mod:`mentornet.api`.

=============  ==================================================================
module         operations
=============  ==================================================================
``networks``   upload, load the example, list, delete, audit, download, view
``scenarios``  create, list, update, delete; add / replace / remove edits;
               locks from a plan; the edited inputs; queue a solve or rebalance
``jobs``       queue, list, cancel (the runner in ``mentornet.api.jobs`` solves)
``plans``      list, explanations, role table, status (approve, publish),
               delete, diff, what-if from a plan, export, view, graph
``journal``    events and transfers: add, list, delete
``outcomes``   a plan's year-end outcomes per team: set, list, upload, template;
               the journal's counts of a year
``programmes`` programmes over years: create, list, attach a network, the years
               side by side, next year's network, survey merge, indicators, report
``common``     rows by id, stored data as library objects, storing a plan
=============  ==================================================================
"""

from __future__ import annotations

from mentornet.services import jobs, journal, networks, outcomes, plans, programmes, scenarios
from mentornet.services.common import (
    Limits,
    Runner,
    active_job,
    check_report,
    get,
    network_of,
    plan_inputs,
    plan_of,
    policy_of,
    scenario_inputs,
    store_plan,
)
from mentornet.services.files import FileOut

__all__ = [
    "FileOut",
    "Limits",
    "Runner",
    "active_job",
    "check_report",
    "get",
    "jobs",
    "journal",
    "network_of",
    "networks",
    "outcomes",
    "plan_inputs",
    "plan_of",
    "plans",
    "policy_of",
    "programmes",
    "scenario_inputs",
    "scenarios",
    "store_plan",
]
