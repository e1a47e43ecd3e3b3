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

    ``suggestions`` are the valid values closest to an unknown one (a
    mistyped level, school, direction, municipality or curator), best
    first; the message already words them ("did you mean …?"), the list is
    for other layers to render (the API's problem details, the web page).

    ``message`` is English; ``text``, when given, is the same as a message
    code with parameters, and ``refs`` are further places the text names
    (rendered in the reader's language too). Build coded problems with
    :meth:`coded`.
    """

    location: Location
    message: str
    text: Message | None = None
    refs: dict[str, Location] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    #: readable names of suggested ids (``'S09' (МБОУ СОШ № 9)``)
    suggestion_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def coded(
        cls,
        location: Location,
        code: str,
        refs: dict[str, Location] | None = None,
        suggestions: tuple[str, ...] = (),
        suggestion_labels: dict[str, str] | None = None,
        **params: Any,
    ) -> Problem:
        """A problem whose message is the registered message ``code`` with ``params``.

        ``suggestions`` (closest valid values of an unknown one) are worded
        after the message in the reader's language ("did you mean …?").
        """
        text = Message(code=code, params=params)
        problem = cls(location, "", text, dict(refs or {}), tuple(suggestions), dict(suggestion_labels or {}))
        object.__setattr__(problem, "message", problem.message_in("en"))
        return problem

    def message_in(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (the English message when it has no code)."""
        if self.text is None:
            return self.message
        if not self.refs:
            text = self.text.render(lang)
        else:
            params = {**self.text.params, **{k: loc.render(lang) for k, loc in self.refs.items()}}
            text = Message(code=self.text.code, params=params).render(lang)
        if self.suggestions:
            shown = []
            for value in self.suggestions:
                name = self.suggestion_labels.get(value)
                shown.append(f"'{value}' ({name})" if name and name != value else f"'{value}'")
            text += "; " + Message(code="hint.did_you_mean", params={"choices": ", ".join(shown)}).render(lang)
        return text

    def render(self, lang: str = "en") -> str:
        """``place: message`` in ``lang``."""
        return f"{self.location.render(lang)}: {self.message_in(lang)}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """JSON form; ``where`` and ``message`` in ``lang`` when given (English otherwise)."""
        if lang is None:
            out: dict[str, object] = {"location": self.location.as_dict(), "where": str(self.location), "message": self.message}
        else:
            out = {"location": self.location.as_dict(), "where": self.location.render(lang), "message": self.message_in(lang)}
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
