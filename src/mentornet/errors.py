"""One exception hierarchy for the whole package.

Every error mentornet raises on purpose derives from :class:`MentornetError`:

* :class:`InputError` — the input cannot be read or is not valid; it carries
  every problem found (not only the first), each with the place it was found.
* :class:`InfeasibleError` — the hard constraints cannot all hold; it carries
  the conflicting constraints in words a planner understands, with a fix.
* :class:`SolverError` — a solver failed for another reason (time limit hit
  before any plan was found, unknown solver name, internal failure).

HTTP status codes are chosen in ``mentornet.api`` only.

Messages are English in the code; a problem or conflict built with a
message code (:meth:`Problem.coded`, ``Conflict(text=...)``) is rendered in
the reader's language with ``render(lang)`` (gettext catalogues of
:mod:`mentornet.i18n`). One without a code renders its English message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentornet.i18n import Message

__all__ = [
    "Conflict",
    "InfeasibleError",
    "InputError",
    "Location",
    "MentornetError",
    "Problem",
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

    def render(self, lang: str = "en") -> str:
        """The place in ``lang``, e.g. «network.xlsx, лист «schools», строка 7»."""
        parts = [str(self.file)] if self.file else []
        if self.sheet:
            parts.append(Message(code="location.sheet", params={"sheet": self.sheet}).render(lang))
        if self.row is not None:
            parts.append(Message(code="location.row", params={"row": self.row}).render(lang))
        if self.column:
            parts.append(Message(code="location.column", params={"column": self.column}).render(lang))
        if self.field and self.field != self.column:
            parts.append(Message(code="location.field", params={"field": self.field}).render(lang))
        return ", ".join(parts) or Message(code="location.input").render(lang)

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: where it is and what was expected.

    ``message`` is English; ``text``, when given, is the same as a message
    code with parameters, and ``refs`` are further places the text names
    (rendered in the reader's language too). Build coded problems with
    :meth:`coded`.
    """

    location: Location
    message: str
    text: Message | None = None
    refs: dict[str, Location] = field(default_factory=dict)

    @classmethod
    def coded(cls, location: Location, code: str, refs: dict[str, Location] | None = None, **params: Any) -> Problem:
        """A problem whose message is the registered message ``code`` with ``params``."""
        text = Message(code=code, params=params)
        problem = cls(location, "", text, dict(refs or {}))
        object.__setattr__(problem, "message", problem.message_in("en"))
        return problem

    def message_in(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (the English message when it has no code)."""
        if self.text is None:
            return self.message
        if not self.refs:
            return self.text.render(lang)
        params = {**self.text.params, **{k: loc.render(lang) for k, loc in self.refs.items()}}
        return Message(code=self.text.code, params=params).render(lang)

    def render(self, lang: str = "en") -> str:
        """``place: message`` in ``lang``."""
        return f"{self.location.render(lang)}: {self.message_in(lang)}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """JSON form; ``where`` and ``message`` in ``lang`` when given (English otherwise)."""
        if lang is None:
            return {"location": self.location.as_dict(), "where": str(self.location), "message": self.message}
        return {"location": self.location.as_dict(), "where": self.location.render(lang), "message": self.message_in(lang)}


class InputError(MentornetError):
    """The input is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        # str(): the developer's English text; render(lang) is for readers.
        head = f"{len(self.problems)} problem(s) in the input"
        body = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{head}:\n{body}" if self.problems else head)

    def render(self, lang: str = "en") -> str:
        """The whole error in ``lang``: a head line and one line per problem."""
        head = Message(code="error.input_head", params={"n": len(self.problems)}).render(lang)
        body = "\n".join(f"  - {p.render(lang)}" for p in self.problems)
        return f"{head}:\n{body}" if self.problems else head


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
    text: Message | None = None
    suggestion_text: Message | None = None

    def message_in(self, lang: str = "en") -> str:
        """What conflicts, in ``lang`` (the English message when it has no code)."""
        return self.text.render(lang) if self.text is not None else self.message

    def suggestion_in(self, lang: str = "en") -> str:
        """What to relax, in ``lang``."""
        return self.suggestion_text.render(lang) if self.suggestion_text is not None else self.suggestion

    def render(self, lang: str = "en") -> str:
        suggestion = self.suggestion_in(lang)
        if not suggestion:
            return self.message_in(lang)
        return f"{self.message_in(lang)} " + Message(code="error.suggestion", params={"text": suggestion}).render(lang)

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

    def render(self, lang: str = "en") -> str:
        """The whole error in ``lang``."""
        body = "\n".join(f"  - {c.render(lang)}" for c in self.conflicts)
        return Message(code="error.infeasible_head").render(lang) + ":\n" + body


class SolverError(MentornetError):
    """A solver failed for a reason other than infeasibility."""
