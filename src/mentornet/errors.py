"""One exception hierarchy for the whole package.

Every error mentornet raises on purpose derives from :class:`MentornetError`:

* :class:`InputError` — the input cannot be read or is not valid; it carries
  every problem found (not only the first), each with the place it was found.
* :class:`InfeasibleError` — the hard constraints cannot all hold; it carries
  the conflicting constraints in words a planner understands, with a fix.
* :class:`SolverError` — a solver failed for another reason (time limit hit
  before any plan was found, unknown solver name, internal failure).
* :class:`RequestError` — an operation of the service layer
  (:mod:`mentornet.services`) refused what was asked of the stored data:
  :class:`NotFoundError` (no such item), :class:`ConflictError` (the stored
  state forbids it: a published plan, an item in use, a running job) and
  :class:`InvalidRequestError` (a value or a reference that does not fit).

HTTP status codes are chosen in ``mentornet.api`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Conflict",
    "ConflictError",
    "InfeasibleError",
    "InputError",
    "InvalidRequestError",
    "Location",
    "MentornetError",
    "NotFoundError",
    "Problem",
    "RequestError",
    "SolverError",
]


class MentornetError(Exception):
    """Base class of every error raised by mentornet."""


@dataclass(frozen=True)
class Location:
    """Where in the input a problem was found.

    Every part is optional; :meth:`__str__` joins the parts that are known,
    e.g. ``network.xlsx, sheet 'schools', row 7, column 'host_capacity'``.
    Rows are numbered as a planner sees them in Excel (header = row 1).
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.field and self.field != self.column:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) or "input"

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: where it is and what was expected.

    ``suggestions`` are the valid values closest to an unknown one (a
    mistyped level, school, direction, municipality or curator), best
    first; the message already words them ("did you mean …?"), the list is
    for other layers to render (the API's problem details, the web page).
    """

    location: Location
    message: str
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"location": self.location.as_dict(), "where": str(self.location), "message": self.message}
        if self.suggestions:
            out["suggestions"] = list(self.suggestions)
        return out


class InputError(MentornetError):
    """The input is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        head = f"{len(self.problems)} problem(s) in the input"
        body = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{head}:\n{body}" if self.problems else head)


@dataclass
class Conflict:
    """A set of hard constraints that cannot hold together.

    ``message`` says what conflicts in a planner's words, ``suggestion`` what
    to relax; ``schools`` and ``directions`` name who is involved.
    """

    message: str
    suggestion: str = ""
    schools: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    kind: str = "other"

    def __str__(self) -> str:
        return f"{self.message}" + (f" Suggestion: {self.suggestion}" if self.suggestion else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message,
            "suggestion": self.suggestion,
            "schools": list(self.schools),
            "directions": list(self.directions),
        }


class InfeasibleError(MentornetError):
    """The hard constraints cannot all hold; ``conflicts`` says which and why."""

    def __init__(self, conflicts: list[Conflict] | Conflict | str):
        if isinstance(conflicts, str):
            conflicts = [Conflict(conflicts)]
        elif isinstance(conflicts, Conflict):
            conflicts = [conflicts]
        self.conflicts: list[Conflict] = list(conflicts)
        body = "\n".join(f"  - {c}" for c in self.conflicts)
        super().__init__("no plan satisfies every hard constraint:\n" + body)


class SolverError(MentornetError):
    """A solver failed for a reason other than infeasibility."""


class RequestError(MentornetError):
    """An operation refused what was asked of the stored data.

    Parameters
    ----------
    title : str
        A short headline (``"No such plan"``, ``"Network in use"``).
    detail : str
        What exactly is wrong and, where there is one, what to do.
    kind : str, optional
        A stable code for the kind of refusal (``"in-use"``), used by
        clients to tell refusals apart; from the title when not given.
    errors : list of dict, optional
        Problems with their place (``location``, ``where``, ``message``).
    **extra
        Further values a client may use (``job_id`` of the running job …).
    """

    def __init__(self, title: str, detail: str = "", *, kind: str | None = None,
                 errors: list[dict[str, Any]] | None = None, **extra: Any):
        super().__init__(detail or title)
        self.title = title
        self.detail = detail
        self.kind = kind or "-".join(title.lower().replace("'", "").split())
        self.errors: list[dict[str, Any]] = list(errors or [])
        self.extra = extra


class NotFoundError(RequestError):
    """No stored item has the id (or name) asked for."""


class ConflictError(RequestError):
    """The stored state forbids the operation (an item in use, a published
    plan, a solve already running); not to be confused with :class:`Conflict`,
    a clash of hard constraints."""


class InvalidRequestError(RequestError):
    """A value or a reference in the request does not fit the stored data
    (a plan of another network, a time limit above the server's, a network
    above its size limit)."""
