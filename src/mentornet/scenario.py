"""What-if edits: a scenario is a base network plus an ordered list of edits.

Each kind of edit is one small pydantic class, told apart by its ``op``
field, that validates its own fields, applies itself
(:meth:`BaseEdit.apply`) and describes itself (:meth:`BaseEdit.describe`
in plain words for the API and logs; :attr:`BaseEdit.code` and
:meth:`BaseEdit.params` for pages, which render the text in the reader's
language). Defining a subclass of :class:`BaseEdit` registers it: the union
:data:`Edit` (what the API, the CLI and the web pages read and store),
:data:`EDIT_TYPES` and :data:`EDIT_OPS` are derived from the registry, so
adding an edit kind is adding one class here (and its message in the
catalogue). The class docstrings say what each edit does.

:func:`apply_edits` applies edits in order to a network and a policy and
returns new ones; the inputs are never changed (the model is frozen).
Every problem names the field by its place in the request
(``edits[2].school``, a JSON index from 0) and says which edit it is by its
number as the planner sees it in the list, from 1:
``edits[2].school: edit 3 (close_school): unknown school 'X'``.

Edits that contradict an earlier edit or change nothing are refused, naming
both edits (:meth:`BaseEdit.conflict`): the same edit twice, a pair both
locked and forbidden, two mentors locked for one need, two roles fixed for
one team, a ``lock_plan`` with no pairs and no roles.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, NamedTuple, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from mentornet.errors import InputError, Location, Problem
from mentornet.model import (
    MAX_TEAMS,
    MAX_WEIGHT,
    Competence,
    Curator,
    Direction,
    History,
    Level,
    Locks,
    Network,
    PairLock,
    Policy,
    RoleLock,
    School,
    Weights,
    parse_level,
)
from mentornet.names import suggest

__all__ = [
    "AddSchool",
    "BaseEdit",
    "ChangeCapacity",
    "ChangeLimit",
    "ChangeStrategy",
    "ChangeWeights",
    "CloseSchool",
    "EDIT_OPS",
    "EDIT_TYPES",
    "Edit",
    "EditState",
    "ForbidPair",
    "LIMIT_FIELDS",
    "LockPair",
    "LockPlan",
    "LockRole",
    "SchoolCompetence",
    "Term",
    "apply_edits",
    "describe_edit",
    "dump_edit",
    "edit_from_text",
    "lock_plan_edit",
    "parse_edits",
]

_EDIT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

#: Policy fields ``change_limit`` may set (weights and strategy have their own edits).
LIMIT_FIELDS = tuple(f for f in Policy.model_fields if f not in ("weights", "strategy"))
LimitField = Literal[LIMIT_FIELDS]  # type: ignore[valid-type]


class Term(NamedTuple):
    """A value of a description that the reader's words are found for.

    ``kind`` says what ``value`` is: ``school`` / ``direction`` (an id, shown
    as the name), ``role`` (a :class:`~mentornet.model.Level`), ``limit`` (a
    policy field), ``school_field`` (a school's field), ``strategy`` (a
    strategy or ``none``) or ``word`` (a fixed word such as ``default``).
    """

    kind: str
    value: Any


class _EditProblem(Exception):
    """An edit that does not apply: the message ``code`` of the catalogue with ``params``.

    The catalogue's text starts with the edit's number ``{n}`` and kind
    ``{op}``, which :func:`apply_edits` fills in; ``suggestions`` (with their
    ``labels``) are the closest valid values of a mistyped one.
    """

    def __init__(self, field: str, code: str, suggestions: tuple[str, ...] = (), labels: dict[str, str] | None = None, **params: Any):
        self.field = field
        self.code = code
        self.params = params
        self.suggestions = suggestions
        self.labels = dict(labels or {})


class Conflict(NamedTuple):
    """Why an edit is refused against an earlier one: a message code of the catalogue and its parameters.

    The catalogue's text names both edits by their numbers (``{n}`` this
    one, ``{m}`` the earlier one, from 1) and their kinds (``{op}``,
    ``{other_op}``); :func:`apply_edits` fills those in.
    """

    code: str
    params: dict[str, Any]


@dataclass
class EditState:
    """The network and policy being edited, as lists an edit may replace."""

    schools: list[School]
    directions: list[Direction]
    curators: list[Curator]
    competences: list[Competence]
    history: History
    pair_locks: list[PairLock]
    forbidden: list[PairLock]
    role_locks: list[RoleLock]
    policy: Policy
    #: Schools closed by an earlier edit (for a clearer "unknown school").
    closed: set[str] = field(default_factory=set)
    #: Remarks that are not errors (locks of a plan skipped).
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, network: Network, policy: Policy, notes: list[str]) -> EditState:
        return cls(
            schools=list(network.schools), directions=list(network.directions), curators=list(network.curators),
            competences=list(network.competences), history=network.history, pair_locks=list(network.locks.pairs),
            forbidden=list(network.locks.forbidden), role_locks=list(network.locks.roles), policy=policy, notes=notes,
        )

    def need_school(self, field: str, school: str) -> None:
        if school not in {s.id for s in self.schools}:
            if school in self.closed:
                raise _EditProblem(field, "edit_error.closed_school", school=school)
            labels = {s.id: s.label for s in self.schools}
            found = tuple(suggest(school, {**{name: i for i, name in labels.items()}, **{i: i for i in labels}}))
            raise _EditProblem(field, "edit_error.unknown_school", found, labels, school=school)

    def need_direction(self, field: str, direction: str) -> None:
        if direction not in {d.id for d in self.directions}:
            labels = {d.id: d.label for d in self.directions}
            found = tuple(suggest(direction, {**{name: i for i, name in labels.items()}, **{i: i for i in labels}}))
            raise _EditProblem(field, "edit_error.unknown_direction", found, labels, direction=direction)

    def need_takes_part(self, field: str, school: str, direction: str) -> None:
        if not any(c.school == school and c.direction == direction for c in self.competences):
            raise _EditProblem(field, "edit_error.not_taking_part", school=school, direction=direction)

    def need_other(self, mentor: str, trainee: str) -> None:
        if mentor == trainee:
            raise _EditProblem("trainee", "edit_error.self_mentoring", school=mentor)


def _is_text(annotation: Any) -> bool:
    """A field whose form text is its value (not a number to parse)."""
    if annotation is str:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return set(get_args(annotation)) <= {str, type(None)} and str in get_args(annotation)
    return False


def _number(v: str) -> Any:
    try:
        return int(v)
    except ValueError:
        try:
            return float(v.replace(",", "."))
        except ValueError:
            return v


_REGISTRY: dict[str, type[BaseEdit]] = {}


class BaseEdit(BaseModel):
    """One what-if edit: validates its fields, applies and describes itself.

    A subclass sets ``op`` (a ``Literal`` with a default: the edit's name in
    JSON), :attr:`code`, and implements :meth:`apply`, :meth:`describe` and
    :meth:`params`; defining it registers it in :data:`EDIT_TYPES`.
    """

    model_config = _EDIT
    op: str
    #: The message of the edit's description in the catalogue (``web_i18n``); stable.
    code: ClassVar[str]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        op = cls.model_fields["op"].default
        if not isinstance(op, str) or op in _REGISTRY:
            raise TypeError(f"edit class {cls.__name__} needs a new 'op' default, got {op!r}")
        _REGISTRY[op] = cls

    def apply(self, state: EditState, index: int) -> None:
        """Change ``state``; raise ``_EditProblem(field, message)`` when the edit does not apply."""
        raise NotImplementedError

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        """Why this edit may not follow ``earlier`` in one scenario (``None``: it may).

        Repeating an edit is refused for every kind; kinds that can
        contradict each other add their own cases.
        """
        if dump_edit(self) == dump_edit(earlier):
            return Conflict("edit_error.repeats", {})
        return None

    def empty(self) -> Conflict | None:
        """Why this edit on its own changes nothing (``None``: it does something)."""
        return None

    def describe(self) -> str:
        """One line saying what the edit does, with ids (for the API's lists and logs)."""
        raise NotImplementedError

    def params(self) -> dict[str, Any]:
        """The values the description message :attr:`code` is rendered with (ids as :class:`Term`)."""
        raise NotImplementedError

    def message(self) -> tuple[str, dict[str, Any]]:
        """The description as a message code and its parameters."""
        return self.code, self.params()

    @classmethod
    def text_data(cls, fields: Mapping[str, str]) -> dict[str, Any]:
        """The edit's JSON from text fields (a web form): blank optional fields are
        left out, blank required ones sent empty, numbers parsed."""
        data: dict[str, Any] = {"op": cls.model_fields["op"].default}
        for name, info in cls.model_fields.items():
            if name == "op":
                continue
            text = (fields.get(name) or "").strip()
            if not text:
                if info.is_required():
                    data[name] = None if type(None) in get_args(info.annotation) else ""
                continue
            data[name] = text if _is_text(info.annotation) else _number(text)
        return data


# ---------------------------------------------------------------- the edits


class CloseSchool(BaseEdit):
    """A school leaves the programme (a site closes, a school is merged).

    It is removed with everything that refers to it (competences, history,
    locks); a curator whose only municipalities were the school's loses them
    and, with no schools left in scope, leaves too.
    """

    op: Literal["close_school"] = "close_school"
    code: ClassVar[str] = "edit.close_school"
    school: str = Field(min_length=1, description="id of the school to remove")

    def apply(self, state: EditState, index: int) -> None:
        state.need_school("school", self.school)
        if len(state.schools) == 1:
            raise _EditProblem("school", "edit_error.last_school")
        school = self.school
        state.closed.add(school)
        state.schools = [s for s in state.schools if s.id != school]
        state.competences = [c for c in state.competences if c.school != school]
        h = state.history
        state.history = History(
            roles=tuple(r for r in h.roles if r.school != school),
            pairs=tuple(p for p in h.pairs if school not in (p.mentor, p.trainee)),
        )
        state.pair_locks = [p for p in state.pair_locks if school not in (p.mentor, p.trainee)]
        state.forbidden = [p for p in state.forbidden if school not in (p.mentor, p.trainee)]
        state.role_locks = [r for r in state.role_locks if r.school != school]
        # Curators scoped to municipalities that no longer have a school.
        munis = {s.municipality for s in state.schools}
        curators, gone = [], set()
        for c in state.curators:
            if c.municipalities:
                kept = tuple(m for m in c.municipalities if m in munis)
                if not kept:
                    gone.add(c.id)
                    continue
                if kept != c.municipalities:
                    c = c.model_copy(update={"municipalities": kept})
            curators.append(c)
        state.curators = curators
        if gone:
            state.directions = [
                d.model_copy(update={"curators": tuple(x for x in d.curators if x not in gone)}) for d in state.directions
            ]

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        return None  # a second close of the school is refused by apply(), naming the edit that closed it

    def describe(self) -> str:
        return f"close school {self.school}"

    def params(self) -> dict[str, Any]:
        return {"school": Term("school", self.school)}


_CAPACITY_FIELDS = ("host_capacity", "max_trainee_directions")


class ChangeCapacity(BaseEdit):
    """A school's yearly limits; ``null`` returns a limit to the policy's default."""

    op: Literal["change_capacity"] = "change_capacity"
    code: ClassVar[str] = "edit.change_capacity"
    school: str = Field(min_length=1)
    host_capacity: int | None = Field(default=None, ge=0, le=MAX_TEAMS, description="trainee teams the school hosts per year")
    max_trainee_directions: int | None = Field(default=None, ge=0, le=MAX_TEAMS, description="directions the school learns in per year")

    @model_validator(mode="after")
    def _something(self) -> ChangeCapacity:
        if not (set(_CAPACITY_FIELDS) & self.model_fields_set):
            raise ValueError("give host_capacity and/or max_trainee_directions")
        return self

    def _changes(self) -> dict[str, int | None]:
        # Only the limits given: an unset one stays as it is, a null one goes back to the default.
        return {f: getattr(self, f) for f in _CAPACITY_FIELDS if f in self.model_fields_set}

    def apply(self, state: EditState, index: int) -> None:
        state.need_school("school", self.school)
        update = self._changes()
        state.schools = [s.model_copy(update=update) if s.id == self.school else s for s in state.schools]

    def describe(self) -> str:
        return f"capacity of {self.school}: " + ", ".join(f"{f} = {v}" for f, v in self._changes().items())

    def params(self) -> dict[str, Any]:
        parts = [(Term("school_field", f), Term("word", "default") if v is None else v) for f, v in self._changes().items()]
        return {"school": Term("school", self.school), "parts": parts}


def _form_value(v: str) -> Any:
    """A policy value typed in a form: yes/no words, numbers, or the text."""
    low = v.lower()
    if low in ("true", "yes", "да"):
        return True
    if low in ("false", "no", "нет"):
        return False
    return _number(v)


class ChangeLimit(BaseEdit):
    """One policy limit, e.g. ``cap_per_direction``, ``max_km`` or ``time_limit``."""

    op: Literal["change_limit"] = "change_limit"
    code: ClassVar[str] = "edit.change_limit"
    field: LimitField = Field(description="the policy field to set")
    value: bool | int | float | str | None = Field(description="its new value (null = no limit, where the field allows it); within the field's range in Policy")

    @field_validator("value")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        # Checked here, not only when the edits are applied, so that a value
        # out of the field's range is refused when the edit is sent.
        field = info.data.get("field")
        if field not in Policy.model_fields:
            return value  # the unknown field is reported on its own
        spec = Policy.model_fields[field]
        try:
            adapter: TypeAdapter[Any] = TypeAdapter(Annotated[spec.annotation, spec], config=ConfigDict(allow_inf_nan=False))  # type: ignore[arg-type]
            adapter.validate_python(value)
        except ValidationError as exc:
            raise ValueError(f"{field}: " + "; ".join(str(e["msg"]) for e in exc.errors())) from None
        return value

    @classmethod
    def text_data(cls, fields: Mapping[str, str]) -> dict[str, Any]:
        data = super().text_data(fields)
        text = (fields.get("value") or "").strip()
        data["value"] = _form_value(text) if text else None  # a blank value is "no limit"
        return data

    def apply(self, state: EditState, index: int) -> None:
        data = state.policy.model_dump()
        data[self.field] = self.value
        try:
            state.policy = Policy.model_validate(data)
        except ValidationError as exc:
            msg = "; ".join(e["msg"] for e in exc.errors())
            raise _EditProblem("value", "edit_error.policy_not_allowed", setting=self.field, value=repr(self.value), error=msg) from None

    def describe(self) -> str:
        return f"policy {self.field} = {self.value}"

    def params(self) -> dict[str, Any]:
        return {"field": Term("limit", self.field), "value": Term("word", "no_limit") if self.value is None else self.value}


class LockPair(BaseEdit):
    """A pair that every plan must keep; it replaces an earlier forbid of the same pair."""

    op: Literal["lock_pair"] = "lock_pair"
    code: ClassVar[str] = "edit.lock_pair"
    mentor: str = Field(min_length=1)
    trainee: str = Field(min_length=1)
    direction: str = Field(min_length=1)

    def apply(self, state: EditState, index: int) -> None:
        state.need_school("mentor", self.mentor)
        state.need_school("trainee", self.trainee)
        state.need_direction("direction", self.direction)
        state.need_other(self.mentor, self.trainee)
        state.need_takes_part("mentor", self.mentor, self.direction)
        state.need_takes_part("trainee", self.trainee, self.direction)
        lock = PairLock(mentor=self.mentor, trainee=self.trainee, direction=self.direction)
        # A trainee has one mentor per direction: the new lock replaces an older one.
        state.pair_locks = [
            p for p in state.pair_locks if not (p.trainee == self.trainee and p.direction == self.direction)
        ] + [lock]
        state.forbidden = [
            p for p in state.forbidden
            if not (p.mentor == self.mentor and p.trainee == self.trainee and p.direction in (None, self.direction))
        ]

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        found = super().conflict(earlier)
        if found is not None:
            return found
        if isinstance(earlier, ForbidPair) and earlier.forbids(self.mentor, self.trainee, self.direction):
            return Conflict("edit_error.lock_forbidden", self._pair())
        if isinstance(earlier, LockPair) and (earlier.trainee, earlier.direction) == (self.trainee, self.direction) and earlier.mentor != self.mentor:
            return Conflict("edit_error.two_mentors", {**self._pair(), "other": earlier.mentor})
        return None

    def _pair(self) -> dict[str, Any]:
        return {"mentor": self.mentor, "trainee": self.trainee, "direction": self.direction}

    def describe(self) -> str:
        return f"keep pair {self.mentor} → {self.trainee} in direction {self.direction}"

    def params(self) -> dict[str, Any]:
        return {"mentor": Term("school", self.mentor), "trainee": Term("school", self.trainee),
                "direction": Term("direction", self.direction)}


class ForbidPair(BaseEdit):
    """A pair no plan may form; without a direction, in no direction.
    It replaces an earlier lock of the same pair."""

    op: Literal["forbid_pair"] = "forbid_pair"
    code: ClassVar[str] = "edit.forbid_pair"
    #: The message when no direction is given.
    code_any: ClassVar[str] = "edit.forbid_pair_any"
    mentor: str = Field(min_length=1)
    trainee: str = Field(min_length=1)
    direction: str | None = None

    def apply(self, state: EditState, index: int) -> None:
        state.need_school("mentor", self.mentor)
        state.need_school("trainee", self.trainee)
        if self.direction is not None:
            state.need_direction("direction", self.direction)
        state.need_other(self.mentor, self.trainee)
        lock = PairLock(mentor=self.mentor, trainee=self.trainee, direction=self.direction)
        state.forbidden = [p for p in state.forbidden if p != lock] + [lock]
        state.pair_locks = [
            p for p in state.pair_locks
            if not (p.mentor == self.mentor and p.trainee == self.trainee and (self.direction is None or p.direction == self.direction))
        ]

    def forbids(self, mentor: str, trainee: str, direction: str | None) -> bool:
        """Whether this edit forbids ``mentor`` → ``trainee`` in ``direction``."""
        return (self.mentor, self.trainee) == (mentor, trainee) and self.direction in (None, direction)

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        found = super().conflict(earlier)
        if found is not None:
            return found
        locked = [earlier] if isinstance(earlier, LockPair) else list(earlier.pairs) if isinstance(earlier, LockPlan) else []
        for lock in locked:
            if self.forbids(lock.mentor, lock.trainee, lock.direction):
                return Conflict("edit_error.forbid_locked", {"mentor": lock.mentor, "trainee": lock.trainee, "direction": lock.direction})
        return None

    def describe(self) -> str:
        where = f" in direction {self.direction}" if self.direction else " in every direction"
        return f"forbid pair {self.mentor} → {self.trainee}{where}"

    def params(self) -> dict[str, Any]:
        out = {"mentor": Term("school", self.mentor), "trainee": Term("school", self.trainee)}
        return out | ({"direction": Term("direction", self.direction)} if self.direction else {})

    def message(self) -> tuple[str, dict[str, Any]]:
        return (self.code if self.direction else self.code_any), self.params()


def _level(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return parse_level(v)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    return v


class LockRole(BaseEdit):
    """A school's role in a direction, fixed whatever the data say (e.g. a designated internship site)."""

    op: Literal["lock_role"] = "lock_role"
    code: ClassVar[str] = "edit.lock_role"
    school: str = Field(min_length=1)
    direction: str = Field(min_length=1)
    role: Level

    @field_validator("role", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        return _level(v)

    def apply(self, state: EditState, index: int) -> None:
        state.need_school("school", self.school)
        state.need_direction("direction", self.direction)
        state.need_takes_part("school", self.school, self.direction)
        state.role_locks = [
            r for r in state.role_locks if not (r.school == self.school and r.direction == self.direction)
        ] + [RoleLock(school=self.school, direction=self.direction, role=self.role)]

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        found = super().conflict(earlier)
        if found is not None:
            return found
        if isinstance(earlier, LockRole) and (earlier.school, earlier.direction) == (self.school, self.direction) and earlier.role != self.role:
            return Conflict("edit_error.two_roles", {"school": self.school, "direction": self.direction,
                                                      "role": self.role.value, "other": earlier.role.value})
        return None

    def describe(self) -> str:
        return f"fix role of {self.school} in direction {self.direction}: {self.role.value}"

    def params(self) -> dict[str, Any]:
        return {"school": Term("school", self.school), "direction": Term("direction", self.direction), "role": Term("role", self.role)}


class LockPlan(BaseEdit):
    """Every pair and role of a plan locked at once.

    Taken from a published plan, these locks survive every re-run. Entries
    whose school or direction is no longer in the network are skipped (and
    reported in the notes).
    """

    op: Literal["lock_plan"] = "lock_plan"
    code: ClassVar[str] = "edit.lock_plan"
    plan_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="the plan the locks were taken from")
    pairs: tuple[PairLock, ...] = ()
    roles: tuple[RoleLock, ...] = ()

    def apply(self, state: EditState, index: int) -> None:
        schools = {s.id for s in state.schools}
        teams = {(c.school, c.direction) for c in state.competences}
        skipped = 0
        pairs = []
        for p in self.pairs:
            if (p.mentor, p.direction) in teams and (p.trainee, p.direction) in teams and p.mentor in schools and p.trainee in schools:
                pairs.append(p)
            else:
                skipped += 1
        roles = []
        for r in self.roles:
            if (r.school, r.direction) in teams:
                roles.append(r)
            else:
                skipped += 1
        locked_needs = {(p.trainee, p.direction) for p in pairs}
        state.pair_locks = [p for p in state.pair_locks if (p.trainee, p.direction) not in locked_needs] + pairs
        keys = {(r.school, r.direction) for r in roles}
        state.role_locks = [r for r in state.role_locks if (r.school, r.direction) not in keys] + roles
        forbidden = {(p.mentor, p.trainee) for p in pairs}
        state.forbidden = [p for p in state.forbidden if (p.mentor, p.trainee) not in forbidden]
        if skipped:
            state.notes.append(f"edit {index + 1}: {skipped} lock(s) of the plan skipped: their school or direction is no longer in the network")

    def empty(self) -> Conflict | None:
        if not self.pairs and not self.roles:
            return Conflict("edit_error.empty_lock_plan", {"plan": self.plan_id if self.plan_id is not None else "?"})
        return None

    def conflict(self, earlier: BaseEdit) -> Conflict | None:
        found = super().conflict(earlier)
        if found is not None:
            return found
        if isinstance(earlier, ForbidPair):
            for p in self.pairs:
                if earlier.forbids(p.mentor, p.trainee, p.direction):
                    return Conflict("edit_error.lock_forbidden", {"mentor": p.mentor, "trainee": p.trainee, "direction": p.direction})
        return None

    def describe(self) -> str:
        src = f" of plan {self.plan_id}" if self.plan_id is not None else ""
        return f"keep the {len(self.pairs)} pairs and {len(self.roles)} roles{src}"

    def params(self) -> dict[str, Any]:
        return {"pairs": len(self.pairs), "roles": len(self.roles), "plan": self.plan_id or "?"}


class SchoolCompetence(BaseModel):
    """A new school's competence in one direction: a score 0..100 and/or a level."""

    model_config = _EDIT
    direction: str = Field(min_length=1)
    score: float | None = Field(default=None, ge=0, le=100)
    level: Level | None = None

    @field_validator("level", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        if isinstance(v, str) and not v.strip():
            return None
        return _level(v)

    @model_validator(mode="after")
    def _one_of(self) -> SchoolCompetence:
        if self.score is None and self.level is None:
            raise ValueError("a competence needs a score (0..100) or a level")
        return self


class AddSchool(BaseEdit):
    """A new school joins, with its competences (at least one direction)."""

    op: Literal["add_school"] = "add_school"
    code: ClassVar[str] = "edit.add_school"
    school: School
    competences: tuple[SchoolCompetence, ...] = Field(min_length=1)

    def apply(self, state: EditState, index: int) -> None:
        if self.school.id in {s.id for s in state.schools}:
            raise _EditProblem("school.id", "edit_error.school_exists", school=self.school.id)
        seen = set()
        for j, c in enumerate(self.competences):
            state.need_direction(f"competences[{j}].direction", c.direction)
            if c.direction in seen:
                raise _EditProblem(f"competences[{j}].direction", "edit_error.direction_twice", direction=c.direction)
            seen.add(c.direction)
        state.closed.discard(self.school.id)
        state.schools = [*state.schools, self.school]
        state.competences = [
            *state.competences,
            *(Competence(school=self.school.id, direction=c.direction, score=c.score, level=c.level) for c in self.competences),
        ]

    def describe(self) -> str:
        return f"add school {self.school.id} ({len(self.competences)} directions)"

    def params(self) -> dict[str, Any]:
        return {"school": self.school.name or self.school.id}


class ChangeWeights(BaseEdit):
    """Some objective weights (the others keep their values)."""

    op: Literal["change_weights"] = "change_weights"
    code: ClassVar[str] = "edit.change_weights"
    weights: dict[str, Annotated[int, Field(ge=0, le=MAX_WEIGHT)]] = Field(min_length=1, description="weight name -> integer from 0 to MAX_WEIGHT (1,000,000)")

    def apply(self, state: EditState, index: int) -> None:
        data = state.policy.weights.model_dump()
        unknown = sorted(set(self.weights) - set(data))
        if unknown:
            raise _EditProblem(
                "weights", "edit_error.unknown_weights", unknown=", ".join(unknown), known=", ".join(Weights.model_fields)
            )
        data.update(self.weights)
        try:
            weights = Weights.model_validate(data)
        except ValidationError as exc:
            msg = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise _EditProblem("weights", "edit_error.weights_invalid", error=msg) from None
        state.policy = state.policy.model_copy(update={"weights": weights})

    def describe(self) -> str:
        return "weights: " + ", ".join(f"{k} = {v}" for k, v in self.weights.items())

    def params(self) -> dict[str, Any]:
        return {"weights": list(self.weights.items())}


class ChangeStrategy(BaseEdit):
    """Narrow specialisation (keep last year's mentors), wide range (new directions and mentors), or neither."""

    op: Literal["change_strategy"] = "change_strategy"
    code: ClassVar[str] = "edit.change_strategy"
    strategy: Literal["narrow", "wide"] | None

    def apply(self, state: EditState, index: int) -> None:
        state.policy = state.policy.model_copy(update={"strategy": self.strategy})

    def describe(self) -> str:
        return f"strategy: {self.strategy or 'none'}"

    def params(self) -> dict[str, Any]:
        return {"strategy": Term("strategy", self.strategy or "none")}


#: Every kind of edit by its ``op``, in the order the classes are defined.
EDIT_TYPES: dict[str, type[BaseEdit]] = dict(_REGISTRY)
EDIT_OPS: tuple[str, ...] = tuple(EDIT_TYPES)
#: Any edit, told apart by ``op`` (what the API accepts and the database stores).
if TYPE_CHECKING:  # the union is built from the registry; statically, any edit is a BaseEdit
    Edit = BaseEdit
else:
    Edit = Annotated[Union[tuple(EDIT_TYPES.values())], Field(discriminator="op")]
_EDITS = TypeAdapter(list[Edit])


def parse_edits(data: Iterable[Any]) -> list[Any]:
    """Edits from JSON-like dicts (or edit models), validated.

    Raises
    ------
    InputError
        One problem per invalid field, at ``edits[i].field``.
    """
    try:
        return list(_EDITS.validate_python(list(data)))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            index = loc[0] if loc else "?"
            # loc is (index, op-tag, field, ...) for a union member.
            rest = loc[2:] if len(loc) > 2 else loc[1:]
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "union_tag_invalid":
                msg = f"unknown edit '{err.get('input', {}).get('op') if isinstance(err.get('input'), dict) else '?'}'; expected one of: {', '.join(EDIT_OPS)}"
                rest = ["op"]
            elif err["type"] == "union_tag_not_found":
                msg = f"an edit needs an 'op': one of {', '.join(EDIT_OPS)}"
                rest = ["op"]
            elif err["type"] == "model_attributes_type" or err["type"] == "model_type":
                msg = "an edit must be a JSON object with an 'op' field"
            where = f"edits[{index}]" + ("." + ".".join(rest) if rest else "")
            problems.append(Problem(Location(field=where), msg))
        raise InputError(problems) from None


def edit_from_text(fields: Mapping[str, str]) -> BaseEdit:
    """The edit named by ``fields["op"]`` from text fields (a web form), validated
    like any other edit (:func:`parse_edits`)."""
    op = (fields.get("op") or "").strip()
    cls = EDIT_TYPES.get(op)
    return parse_edits([cls.text_data(fields) if cls is not None else {"op": op}])[0]


def dump_edit(edit: Any) -> dict[str, Any]:
    """An edit as stored JSON: its ``op`` and the fields it sets (an unset
    capacity stays "unchanged" instead of becoming "back to the default")."""
    return {"op": edit.op, **edit.model_dump(mode="json", exclude_unset=True)}


def lock_plan_edit(plan: Any, *, plan_id: int | None = None, roles: bool = True) -> LockPlan:
    """The ``lock_plan`` edit that keeps every pair (and role) of ``plan``."""
    return LockPlan(
        plan_id=plan_id,
        pairs=tuple(PairLock(mentor=p.mentor, trainee=p.trainee, direction=p.direction) for p in plan.pairs),
        roles=tuple(RoleLock(school=r.school, direction=r.direction, role=r.role) for r in plan.roles) if roles else (),
    )


def describe_edit(edit: Any) -> str:
    """One line saying what an edit (a model or its stored JSON) does, for lists and logs."""
    if not isinstance(edit, BaseEdit):
        edit = parse_edits([edit])[0]
    return edit.describe()


# ---------------------------------------------------------------- applying


def _refusal(edit: BaseEdit, index: int, done: Sequence[tuple[int, BaseEdit]]) -> Problem | None:
    """The problem of an edit that changes nothing or contradicts an earlier applied one (numbers from 1)."""
    empty = edit.empty()
    if empty is not None:
        return Problem.coded(Location(field=f"edits[{index}]"), empty.code, n=index + 1, op=edit.op, **empty.params)
    for j, earlier in done:
        found = edit.conflict(earlier)
        if found is not None:
            return Problem.coded(Location(field=f"edits[{index}]"), found.code, n=index + 1, op=edit.op, m=j + 1,
                                 other_op=earlier.op, **found.params)
    return None


def apply_edits(
    network: Network,
    policy: Policy | None,
    edits: Sequence[Any],
    *,
    notes: list[str] | None = None,
) -> tuple[Network, Policy]:
    """Apply what-if edits in order; return the new network and policy.

    Parameters
    ----------
    network : Network
        The base network (not changed).
    policy : Policy or None
        The base policy (defaults when None).
    edits : sequence
        Edit models or JSON-like dicts (validated by :func:`parse_edits`).
    notes : list, optional
        Receives remarks that are not errors (locks of a plan skipped
        because their school is gone).

    Returns
    -------
    (Network, Policy)

    Raises
    ------
    InputError
        Every invalid edit, each at ``edits[i].field`` with a message such
        as ``unknown school 'X'``; the edits are checked in order and an
        invalid one is skipped so that later ones are still checked.
    """
    policy = policy or Policy()
    parsed = parse_edits(edits)
    notes = notes if notes is not None else []
    state = EditState.of(network, policy, notes)
    problems: list[Problem] = []
    done: list[tuple[int, BaseEdit]] = []
    for i, edit in enumerate(parsed):
        refused = _refusal(edit, i, done)
        if refused is not None:
            problems.append(refused)
            continue
        try:
            edit.apply(state, i)
        except _EditProblem as exc:
            problems.append(
                Problem.coded(
                    Location(field=f"edits[{i}].{exc.field}"), exc.code, suggestions=exc.suggestions, suggestion_labels=exc.labels,
                    n=i + 1, op=edit.op, **exc.params,
                )
            )
        else:
            done.append((i, edit))
    if problems:
        raise InputError(problems)
    try:
        new = network.with_changes(
            schools=tuple(state.schools),
            directions=tuple(state.directions),
            curators=tuple(state.curators),
            competences=tuple(state.competences),
            history=state.history,
            locks=Locks(pairs=tuple(state.pair_locks), forbidden=tuple(state.forbidden), roles=tuple(state.role_locks)),
            # A closed school leaves its site; a site with no school left closes with it.
            sites=tuple(
                site.model_copy(update={"schools": kept})
                for site in network.sites
                if (kept := tuple(m for m in site.schools if m not in state.closed))
            ),
            # A closed school's indicators go with it; the others are kept as the input gave them.
            indicators=tuple(i for i in network.indicators if i.school in {s.id for s in state.schools}),
        )
    except InputError as exc:
        raise InputError([Problem(p.location, f"after the edits: {p.message}") for p in exc.problems]) from None
    except ValidationError as exc:
        raise InputError([Problem(Location(field=".".join(map(str, e["loc"]))), f"after the edits: {e['msg']}") for e in exc.errors()]) from None
    return new, state.policy
