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
message code (:meth:`Problem.coded`, ``Conflict(text=...)``,
:meth:`SolverError.coded`) is rendered in
the reader's language with ``render(lang)`` (gettext catalogues of
:mod:`mentornet.i18n`). One without a code renders its English message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentornet.i18n import Message
from mentornet.messages import MESSAGES

__all__ = [
    "Conflict",
    "ConflictError",
    "ConflictGroup",
    "ConflictPart",
    "InfeasibleError",
    "InputError",
    "InvalidRequestError",
    "Location",
    "MentornetError",
    "NotFoundError",
    "Problem",
    "RequestError",
    "SolverError",
    "group_conflicts",
    "infeasible_lines",
    "infeasible_summary",
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


    def as_record(self) -> dict[str, Any]:
        """JSON form with the message code instead of the sentence (for storage); :meth:`from_record` reads it."""
        out: dict[str, Any] = {"location": self.location.as_dict()}
        if self.text is None:
            out["message"] = self.message
        else:
            out["text"] = self.text.model_dump(mode="json")
            if self.refs:
                out["refs"] = {k: loc.as_dict() for k, loc in self.refs.items()}
        if self.suggestions:
            out["suggestions"] = list(self.suggestions)
        if self.suggestion_labels:
            out["suggestion_labels"] = dict(self.suggestion_labels)
        return out

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Problem:
        """A problem from :meth:`as_record` or :meth:`as_dict` (an old record's English sentence read verbatim)."""
        location = Location(**{k: v for k, v in (data.get("location") or {}).items() if k in _LOCATION_FIELDS})
        suggestions = tuple(str(s) for s in data.get("suggestions") or ())
        labels = {str(k): str(v) for k, v in (data.get("suggestion_labels") or {}).items()}
        if data.get("text"):
            refs = {k: Location(**{f: x for f, x in v.items() if f in _LOCATION_FIELDS}) for k, v in (data.get("refs") or {}).items()}
            problem = cls(location, "", Message.model_validate(data["text"]), refs, suggestions, labels)
            object.__setattr__(problem, "message", problem.message_in("en"))
            return problem
        return cls(location, str(data.get("message") or ""), None, {}, suggestions, labels)


_LOCATION_FIELDS = ("file", "sheet", "row", "column", "field")


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
class ConflictPart:
    """One clause of a conflict, for the grouped summary: one school (or none) in one direction under one rule.

    ``texts`` say what holds without naming the part's own school and
    direction (the grouped summary states each of them once, as a heading
    or at the start of the line); ``fixes`` say what to relax, also without
    them. ``rule`` is a stable slug (``distance``, ``no_higher_rank``,
    ``direction_capacity`` …) whose title is the message ``conflict.rule.<rule>``.
    """

    rule: str
    texts: list[Message] = field(default_factory=list)
    fixes: list[Message] = field(default_factory=list)
    direction: str | None = None
    direction_label: str | None = None
    school: str | None = None
    school_label: str | None = None

    def text_in(self, lang: str = "en") -> str:
        """The clauses in ``lang``, joined."""
        return "; ".join(m.render(lang) for m in self.texts)

    def as_record(self) -> dict[str, Any]:
        """JSON form with codes (for storage); :meth:`from_record` reads it back."""
        return {
            "rule": self.rule,
            "texts": [m.model_dump(mode="json") for m in self.texts],
            "fixes": [m.model_dump(mode="json") for m in self.fixes],
            "direction": self.direction, "direction_label": self.direction_label,
            "school": self.school, "school_label": self.school_label,
        }

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> ConflictPart:
        return cls(
            rule=str(data.get("rule") or "other"),
            texts=[Message.model_validate(m) for m in data.get("texts") or []],
            fixes=[Message.model_validate(m) for m in data.get("fixes") or []],
            direction=data.get("direction"), direction_label=data.get("direction_label"),
            school=data.get("school"), school_label=data.get("school_label"),
        )


def _join_fixes(fixes: Sequence[Message], lang: str) -> str:
    """Alternative fixes in ``lang``: «a; or b» / «a; или b»."""
    texts = list(dict.fromkeys(m.render(lang) for m in fixes))
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return f"; {Message(code='conflict.or').render(lang)} ".join(texts)


@dataclass
class Conflict:
    """A set of hard constraints that cannot hold together.

    ``message`` says what conflicts in a planner's words, ``suggestion`` what
    to relax (both English); ``schools`` and ``directions`` name who is
    involved. A coded conflict (:meth:`coded`) holds the same as messages
    with parameters — ``text`` (what conflicts), ``details`` (clauses after
    it), ``fixes`` (alternative suggestions) — rendered in the reader's
    language with :meth:`message_in` / :meth:`suggestion_in`; ``parts`` are
    its clauses by direction and rule for the grouped summary
    (:func:`group_conflicts`).
    """

    message: str = ""
    suggestion: str = ""
    schools: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    kind: str = "other"
    text: Message | None = None
    suggestion_text: Message | None = None
    details: list[Message] = field(default_factory=list)
    fixes: list[Message] = field(default_factory=list)
    parts: list[ConflictPart] = field(default_factory=list)
    fix_intro: Message | None = None

    @classmethod
    def coded(
        cls,
        text: Message,
        fixes: Sequence[Message] = (),
        schools: Sequence[str] = (),
        directions: Sequence[str] = (),
        *,
        kind: str = "other",
        details: Sequence[Message] = (),
        parts: Sequence[ConflictPart] = (),
        fix_intro: Message | None = None,
    ) -> Conflict:
        """A conflict said with message codes; ``message`` and ``suggestion`` are its English rendering."""
        c = cls("", "", list(schools), list(directions), kind, text, None, list(details), list(fixes), list(parts), fix_intro)
        c.message = c.message_in("en")
        c.suggestion = c.suggestion_in("en")
        return c

    def message_in(self, lang: str = "en") -> str:
        """What conflicts, in ``lang`` (the English message when it has no code)."""
        if self.text is None:
            return self.message
        head = self.text.render(lang)
        if not self.details:
            return head
        return head + ": " + "; ".join(m.render(lang) for m in self.details) + "."

    def suggestion_in(self, lang: str = "en") -> str:
        """What to relax, in ``lang``."""
        if self.suggestion_text is not None:
            return self.suggestion_text.render(lang)
        if self.fixes:
            joined = _join_fixes(self.fixes, lang)
            return f"{self.fix_intro.render(lang)}: {joined}" if self.fix_intro is not None else joined
        return self.suggestion

    def render(self, lang: str = "en") -> str:
        suggestion = self.suggestion_in(lang)
        if not suggestion:
            return self.message_in(lang)
        return f"{self.message_in(lang)} " + Message(code="error.suggestion", params={"text": suggestion}).render(lang)

    def __str__(self) -> str:
        return f"{self.message}" + (f" Suggestion: {self.suggestion}" if self.suggestion else "")

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """JSON form: ``message`` and ``suggestion`` in ``lang`` (English when not given)."""
        return {
            "kind": self.kind,
            "message": self.message if lang is None else self.message_in(lang),
            "suggestion": self.suggestion if lang is None else self.suggestion_in(lang),
            "schools": list(self.schools),
            "directions": list(self.directions),
        }

    def as_record(self) -> dict[str, Any]:
        """JSON form with message codes instead of sentences (for the database); :meth:`from_record` reads it."""
        out: dict[str, Any] = {"kind": self.kind, "schools": list(self.schools), "directions": list(self.directions)}
        if self.text is None:  # an uncoded conflict keeps its words
            out.update(message=self.message, suggestion=self.suggestion)
        else:
            out["text"] = self.text.model_dump(mode="json")
            out["details"] = [m.model_dump(mode="json") for m in self.details]
            out["fixes"] = [m.model_dump(mode="json") for m in self.fixes]
            if self.suggestion_text is not None:
                out["suggestion_text"] = self.suggestion_text.model_dump(mode="json")
            if self.fix_intro is not None:
                out["fix_intro"] = self.fix_intro.model_dump(mode="json")
        if self.parts:
            out["parts"] = [p.as_record() for p in self.parts]
        return out

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Conflict:
        """A conflict from :meth:`as_record` or :meth:`as_dict` (an old record's English sentences read verbatim)."""
        parts = [ConflictPart.from_record(p) for p in data.get("parts") or []]
        schools = [str(s) for s in data.get("schools") or []]
        directions = [str(d) for d in data.get("directions") or []]
        kind = str(data.get("kind") or "other")
        if data.get("text"):
            c = cls.coded(
                Message.model_validate(data["text"]), [Message.model_validate(m) for m in data.get("fixes") or []],
                schools, directions, kind=kind, details=[Message.model_validate(m) for m in data.get("details") or []],
                parts=parts, fix_intro=Message.model_validate(data["fix_intro"]) if data.get("fix_intro") else None,
            )
            if data.get("suggestion_text"):
                c.suggestion_text = Message.model_validate(data["suggestion_text"])
                c.suggestion = c.suggestion_in("en")
            return c
        return cls(str(data.get("message") or ""), str(data.get("suggestion") or data.get("fix") or ""),
                   schools, directions, kind, parts=parts)


@dataclass
class ConflictGroup:
    """Conflict parts under one rule in one or more directions (the grouped summary of :func:`group_conflicts`).

    ``directions`` are ``(id, label)`` pairs (empty for parts tied to no
    direction); ``parts`` hold one entry per school (or per clause without
    a school), each stated once.
    """

    rule: str
    directions: list[tuple[str, str]] = field(default_factory=list)
    parts: list[ConflictPart] = field(default_factory=list)

    def fixes(self) -> list[Message]:
        """The parts' fixes, each once; of fixes that differ only in a figure (``km``, ``n``), the largest."""
        best: dict[tuple[str, tuple[tuple[str, Any], ...]], Message] = {}
        for p in self.parts:
            for m in p.fixes:
                key = (m.code, tuple(sorted((k, v) for k, v in m.params.items() if k not in _FIGURES)))
                old = best.get(key)
                if old is None or _figures(m) > _figures(old):
                    best[key] = m
        return list(best.values())

    def title(self, lang: str = "en") -> str:
        """The rule in words."""
        code = f"conflict.rule.{self.rule}"
        return Message(code=code).render(lang) if code in MESSAGES else self.rule

    def heading(self, lang: str = "en") -> str:
        """The directions, each named once, in ``lang``."""
        if not self.directions:
            return Message(code="conflict.summary.no_direction").render(lang)
        names = ", ".join(Message(code="conflict.summary.quoted", params={"name": label}).render(lang) for _, label in self.directions)
        return Message(code="conflict.summary.direction", params={"directions": names, "n": len(self.directions)}).render(lang)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON form in ``lang``: the directions, the rule's title, one item per school, the fixes."""
        return {
            "directions": [{"id": d, "label": label} for d, label in self.directions],
            "heading": self.heading(lang),
            "rule": self.rule,
            "title": self.title(lang),
            "items": [{"school": p.school, "school_label": p.school_label, "text": p.text_in(lang)} for p in self.parts],
            "fix": _join_fixes(self.fixes(), lang),
        }


_FIGURES = ("km", "n", "value")


def _figures(m: Message) -> tuple[float, ...]:
    return tuple(float(v) if isinstance(v, (int, float)) else 0.0 for k, v in sorted(m.params.items()) if k in _FIGURES)


def _merged(parts: Sequence[ConflictPart]) -> ConflictPart:
    """One school's parts of several directions as one (each clause and fix once)."""
    first = parts[0]
    texts = list({(m.code, tuple(sorted(m.params.items()))): m for p in parts for m in p.texts}.values())
    fixes = [m for p in parts for m in p.fixes]
    return ConflictPart(first.rule, texts, fixes, None, None, first.school, first.school_label)


def group_conflicts(conflicts: Sequence[Conflict]) -> tuple[list[ConflictGroup], list[Conflict]]:
    """The conflicts' parts grouped by direction and rule, and the conflicts that have no parts.

    Parts of one direction under one rule form a group; groups of the same
    rule over the same schools in several directions are then merged, so
    that each direction and each school is named once (nine far schools in
    three directions: one group, three directions, nine schools). Groups
    come in the order their direction is first met, those tied to no
    direction last.
    """
    by_key: dict[tuple[str | None, str], list[ConflictPart]] = {}
    labels: dict[str, str] = {}
    rest: list[Conflict] = []
    for c in conflicts:
        if not c.parts:
            rest.append(c)
            continue
        for p in c.parts:
            by_key.setdefault((p.direction, p.rule), []).append(p)
            if p.direction is not None:
                labels.setdefault(p.direction, p.direction_label or p.direction)
    merged: dict[tuple[str, tuple[str, ...]] | tuple[str | None, str, int], tuple[list[str], list[list[ConflictPart]]]] = {}
    for i, ((direction, rule), parts) in enumerate(by_key.items()):
        schools = tuple(p.school or "" for p in parts)
        key: tuple[str, tuple[str, ...]] | tuple[str | None, str, int]
        if direction is not None and all(schools) and len(set(schools)) == len(schools):
            key = (rule, schools)
        else:
            key = (direction, rule, i)
        dirs, lists = merged.setdefault(key, ([], []))
        if direction is not None:
            dirs.append(direction)
        lists.append(parts)
    groups: list[ConflictGroup] = []
    for dirs, lists in merged.values():
        rule = lists[0][0].rule
        if len(lists) == 1:
            parts = list(lists[0])
        else:
            parts = [_merged([ps[i] for ps in lists]) for i in range(len(lists[0]))]
        groups.append(ConflictGroup(rule, [(d, labels[d]) for d in dirs], parts))
    groups.sort(key=lambda g: not g.directions)  # stable: tied to no direction last
    return groups, rest


def infeasible_lines(conflicts: Sequence[Conflict], lang: str = "en", *, compact: bool = False) -> list[str]:
    """The grouped summary as lines of text in ``lang``: each direction once, then its rules and schools.

    With ``compact`` each group's schools share one line (names only, no
    figures). The CLI prints the first screen of these lines (all with
    ``--verbose``); pages show the same structure from :func:`group_conflicts`.
    """
    groups, rest = group_conflicts(conflicts)
    lines: list[str] = []
    previous: list[tuple[str, str]] | None = None
    for g in groups:
        if g.directions != previous or not g.directions:
            lines.append(g.heading(lang))
            previous = g.directions
        d = g.as_dict(lang)
        count = Message(code="conflict.summary.count", params={"n": len(g.parts)}).render(lang)
        lines.append(f"  {d['title']} ({count}):")
        named = [it["school_label"] or it["school"] for it in d["items"] if it["school_label"] or it["school"]]
        if compact and len(named) == len(d["items"]):
            lines.append("    • " + ", ".join(named))
        else:
            for item in d["items"]:
                who = item["school_label"] or item["school"]
                lines.append(f"    • {who}: {item['text']}" if who else f"    • {item['text']}")
        if d["fix"]:
            lines.append("    " + Message(code="error.suggestion", params={"text": d["fix"]}).render(lang))
    if rest:
        if groups:
            lines.append(Message(code="conflict.summary.other").render(lang))
        for c in rest:
            lines.append(f"  • {c.message_in(lang)}")
            fix = c.suggestion_in(lang)
            if fix:
                lines.append("    " + Message(code="error.suggestion", params={"text": fix}).render(lang))
    return lines


def infeasible_summary(conflicts: Sequence[Conflict], lang: str = "en", *, max_lines: int | None = None) -> list[str]:
    """What a reader is told when no plan exists, as lines in ``lang``: a head line, then :func:`infeasible_lines`.

    Every place that explains an infeasible plan in words (``mentornet
    plan``, ``compare``, ``plan-many`` and its summary files) prints these
    lines, so a reader meets one explanation in one language. With
    ``max_lines``, at most that many lines: when the full text is longer,
    each group's schools share a line, and the last line says how many lines
    are hidden and that ``--verbose`` shows them.
    """
    head = Message(code="error.infeasible_head").render(lang) + ":"
    body = infeasible_lines(conflicts, lang)
    if max_lines is None or len(body) + 1 <= max_lines:
        return [head, *body]
    # Too long for a screen: the schools of a group on one line, then cut.
    short = infeasible_lines(conflicts, lang, compact=True)
    shown = short if len(short) + 2 <= max_lines else short[: max(1, max_lines - 2)]
    hidden = len(body) - len(shown)
    note = Message(code="conflict.summary.hidden", params={"n": hidden, "option": "--verbose"}).render(lang)
    return [head, *shown, note]


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
    """A solver failed for a reason other than infeasibility.

    Parameters
    ----------
    message : str, optional
        The English sentence of ``str()`` (for library users and logs); the
        English rendering of ``text`` when not given.
    text : Message, optional
        The same as a message code with parameters, rendered in the reader's
        language by :meth:`render`. An error without one renders ``message``.
    """

    def __init__(self, message: str | None = None, *, text: Message | None = None):
        self.text = text
        if message is None:
            message = text.render("en") if text is not None else ""
        super().__init__(message)

    @classmethod
    def coded(cls, code: str, message: str | None = None, **params: Any) -> SolverError:
        """An error whose text is the registered message ``code`` with ``params``."""
        return cls(message, text=Message(code=code, params=params))

    def render(self, lang: str = "en") -> str:
        """What went wrong, in ``lang`` (the English message when the error has no code)."""
        return self.text.render(lang) if self.text is not None else str(self)

    def as_record(self) -> dict[str, Any]:
        """JSON form with the message code (for storage and for a Dask result); :meth:`from_record` reads it."""
        out: dict[str, Any] = {"message": str(self)}
        if self.text is not None:
            out["text"] = self.text.model_dump(mode="json")
        return out

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> SolverError:
        """An error from :meth:`as_record` (a record without a code keeps its English sentence)."""
        text = Message.model_validate(data["text"]) if data.get("text") else None
        return cls(str(data.get("message") or ""), text=text)


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
