"""What-if edits: a scenario is a base network plus an ordered list of edits.

Each edit is a small pydantic model, told apart by its ``op`` field (a
discriminated union, :data:`Edit`), so that the API, the CLI and the web
pages read, store and show the same edits. :func:`apply_edits` applies them
in order to a network and a policy and returns new ones; the inputs are
never changed (the model is frozen).

Edits
-----
``close_school``
    The school leaves the programme: it is removed with everything that
    refers to it (competences, history, locks); a curator whose only
    municipalities were the school's loses them and, with no schools left
    in scope, leaves too.
``change_capacity``
    A school's ``host_capacity`` and/or ``max_trainee_directions``
    (``null`` = the policy's default again).
``change_limit``
    One policy field (``cap_per_direction``, ``max_km``, ``time_limit`` …).
``lock_pair`` / ``forbid_pair``
    A pair that must be kept / may not be formed (a forbid without a
    direction covers all directions). A lock replaces an earlier forbid of
    the same pair and the other way round.
``lock_role``
    A school's role in a direction fixed (e.g. a designated internship site).
``lock_plan``
    Every pair (and role) of a plan locked at once: taken from a published
    plan, these locks survive every re-run. Entries whose school or
    direction is no longer in the network are skipped (and reported).
``add_school``
    A new school with its competences.
``change_weights``
    Some objective weights.
``change_strategy``
    ``narrow`` / ``wide`` / ``null``.

Every problem names the edit (its index in the list, from 0) and the field:
``edits[2].school: unknown school 'X'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, ValidationInfo, field_validator, model_validator

from mentornet.errors import InputError, Location, Problem
from mentornet.model import (
    MAX_TEAMS,
    MAX_WEIGHT,
    Competence,
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

__all__ = [
    "AddSchool",
    "ChangeCapacity",
    "ChangeLimit",
    "ChangeStrategy",
    "ChangeWeights",
    "CloseSchool",
    "EDIT_OPS",
    "Edit",
    "ForbidPair",
    "LIMIT_FIELDS",
    "LockPair",
    "LockPlan",
    "LockRole",
    "SchoolCompetence",
    "apply_edits",
    "describe_edit",
    "dump_edit",
    "lock_plan_edit",
    "parse_edits",
]

_EDIT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

#: Policy fields ``change_limit`` may set (weights and strategy have their own edits).
LIMIT_FIELDS = tuple(f for f in Policy.model_fields if f not in ("weights", "strategy"))
LimitField = Literal[LIMIT_FIELDS]  # type: ignore[valid-type]


class CloseSchool(BaseModel):
    """A school leaves the programme (a site closes, a school is merged)."""

    model_config = _EDIT
    op: Literal["close_school"] = "close_school"
    school: str = Field(min_length=1, description="id of the school to remove")


class ChangeCapacity(BaseModel):
    """A school's yearly limits; ``null`` returns a limit to the policy's default."""

    model_config = _EDIT
    op: Literal["change_capacity"] = "change_capacity"
    school: str = Field(min_length=1)
    host_capacity: int | None = Field(default=None, ge=0, le=MAX_TEAMS, description="trainee teams the school hosts per year")
    max_trainee_directions: int | None = Field(default=None, ge=0, le=MAX_TEAMS, description="directions the school learns in per year")

    @model_validator(mode="after")
    def _something(self) -> ChangeCapacity:
        if not ({"host_capacity", "max_trainee_directions"} & self.model_fields_set):
            raise ValueError("give host_capacity and/or max_trainee_directions")
        return self


class ChangeLimit(BaseModel):
    """One policy limit, e.g. ``cap_per_direction`` or ``max_km``."""

    model_config = _EDIT
    op: Literal["change_limit"] = "change_limit"
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
            TypeAdapter(Annotated[spec.annotation, spec], config=ConfigDict(allow_inf_nan=False)).validate_python(value)
        except ValidationError as exc:
            raise ValueError(f"{field}: " + "; ".join(str(e["msg"]) for e in exc.errors())) from None
        return value


class LockPair(BaseModel):
    """A pair that every plan must keep."""

    model_config = _EDIT
    op: Literal["lock_pair"] = "lock_pair"
    mentor: str = Field(min_length=1)
    trainee: str = Field(min_length=1)
    direction: str = Field(min_length=1)


class ForbidPair(BaseModel):
    """A pair no plan may form; without a direction, in no direction."""

    model_config = _EDIT
    op: Literal["forbid_pair"] = "forbid_pair"
    mentor: str = Field(min_length=1)
    trainee: str = Field(min_length=1)
    direction: str | None = None


class LockRole(BaseModel):
    """A school's role in a direction, fixed whatever the data say."""

    model_config = _EDIT
    op: Literal["lock_role"] = "lock_role"
    school: str = Field(min_length=1)
    direction: str = Field(min_length=1)
    role: Level

    @field_validator("role", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                return parse_level(v)
            except ValueError as exc:
                raise ValueError(str(exc)) from None
        return v


class LockPlan(BaseModel):
    """Every pair and role of a plan locked at once (locks from a published plan)."""

    model_config = _EDIT
    op: Literal["lock_plan"] = "lock_plan"
    plan_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="the plan the locks were taken from")
    pairs: tuple[PairLock, ...] = ()
    roles: tuple[RoleLock, ...] = ()


class SchoolCompetence(BaseModel):
    """A new school's competence in one direction: a score 0..100 and/or a level."""

    model_config = _EDIT
    direction: str = Field(min_length=1)
    score: float | None = Field(default=None, ge=0, le=100)
    level: Level | None = None

    @field_validator("level", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        if isinstance(v, str):
            if not v.strip():
                return None
            try:
                return parse_level(v)
            except ValueError as exc:
                raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _one_of(self) -> SchoolCompetence:
        if self.score is None and self.level is None:
            raise ValueError("a competence needs a score (0..100) or a level")
        return self


class AddSchool(BaseModel):
    """A new school joins, with its competences (at least one direction)."""

    model_config = _EDIT
    op: Literal["add_school"] = "add_school"
    school: School
    competences: tuple[SchoolCompetence, ...] = Field(min_length=1)


class ChangeWeights(BaseModel):
    """Some objective weights (the others keep their values)."""

    model_config = _EDIT
    op: Literal["change_weights"] = "change_weights"
    weights: dict[str, Annotated[int, Field(ge=0, le=MAX_WEIGHT)]] = Field(min_length=1, description="weight name -> integer from 0 to MAX_WEIGHT (1,000,000)")


class ChangeStrategy(BaseModel):
    """Narrow specialisation, wide range, or neither."""

    model_config = _EDIT
    op: Literal["change_strategy"] = "change_strategy"
    strategy: Literal["narrow", "wide"] | None


Edit = Annotated[
    Union[CloseSchool, ChangeCapacity, ChangeLimit, LockPair, ForbidPair, LockRole, LockPlan, AddSchool, ChangeWeights, ChangeStrategy],
    Field(discriminator="op"),
]
EDIT_OPS: tuple[str, ...] = (
    "close_school", "change_capacity", "change_limit", "lock_pair", "forbid_pair",
    "lock_role", "lock_plan", "add_school", "change_weights", "change_strategy",
)
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
    """One line saying what an edit does, for lists and logs."""
    match edit:
        case CloseSchool():
            return f"close school {edit.school}"
        case ChangeCapacity():
            parts = [f"{f} = {getattr(edit, f)}" for f in ("host_capacity", "max_trainee_directions") if f in edit.model_fields_set]
            return f"capacity of {edit.school}: " + ", ".join(parts)
        case ChangeLimit():
            return f"policy {edit.field} = {edit.value}"
        case LockPair():
            return f"keep pair {edit.mentor} → {edit.trainee} in direction {edit.direction}"
        case ForbidPair():
            return f"forbid pair {edit.mentor} → {edit.trainee}" + (f" in direction {edit.direction}" if edit.direction else " in every direction")
        case LockRole():
            return f"fix role of {edit.school} in direction {edit.direction}: {edit.role.value}"
        case LockPlan():
            src = f" of plan {edit.plan_id}" if edit.plan_id is not None else ""
            return f"keep the {len(edit.pairs)} pairs and {len(edit.roles)} roles{src}"
        case AddSchool():
            return f"add school {edit.school.id} ({len(edit.competences)} directions)"
        case ChangeWeights():
            return "weights: " + ", ".join(f"{k} = {v}" for k, v in edit.weights.items())
        case ChangeStrategy():
            return f"strategy: {edit.strategy or 'none'}"
    return str(edit)


# ---------------------------------------------------------------- applying


class _EditProblem(Exception):
    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message


def _need_school(state: dict, field: str, school: str) -> None:
    if school not in {s.id for s in state["schools"]}:
        raise _EditProblem(field, f"unknown school '{school}'" + _closed_hint(state, school))


def _closed_hint(state: dict, school: str) -> str:
    return " (it was closed by an earlier edit)" if school in state["closed"] else ""


def _need_direction(state: dict, field: str, direction: str) -> None:
    if direction not in {d.id for d in state["directions"]}:
        raise _EditProblem(field, f"unknown direction '{direction}'")


def _need_takes_part(state: dict, field: str, school: str, direction: str) -> None:
    if not any(c.school == school and c.direction == direction for c in state["competences"]):
        raise _EditProblem(field, f"school '{school}' does not take part in direction '{direction}'")


def _close(state: dict, school: str) -> None:
    state["closed"].add(school)
    state["schools"] = [s for s in state["schools"] if s.id != school]
    state["competences"] = [c for c in state["competences"] if c.school != school]
    h: History = state["history"]
    state["history"] = History(
        roles=tuple(r for r in h.roles if r.school != school),
        pairs=tuple(p for p in h.pairs if school not in (p.mentor, p.trainee)),
    )
    state["pair_locks"] = [p for p in state["pair_locks"] if school not in (p.mentor, p.trainee)]
    state["forbidden"] = [p for p in state["forbidden"] if school not in (p.mentor, p.trainee)]
    state["role_locks"] = [r for r in state["role_locks"] if r.school != school]
    # Curators scoped to municipalities that no longer have a school.
    munis = {s.municipality for s in state["schools"]}
    curators, gone = [], set()
    for c in state["curators"]:
        if c.municipalities:
            kept = tuple(m for m in c.municipalities if m in munis)
            if not kept:
                gone.add(c.id)
                continue
            if kept != c.municipalities:
                c = c.model_copy(update={"municipalities": kept})
        curators.append(c)
    if gone:
        state["curators"] = curators
        state["directions"] = [
            d.model_copy(update={"curators": tuple(x for x in d.curators if x not in gone)}) for d in state["directions"]
        ]
    else:
        state["curators"] = curators


def _apply_one(state: dict, edit: Any, notes: list[str], index: int) -> None:
    match edit:
        case CloseSchool():
            _need_school(state, "school", edit.school)
            if len(state["schools"]) == 1:
                raise _EditProblem("school", "cannot close the last school of the network")
            _close(state, edit.school)
        case ChangeCapacity():
            _need_school(state, "school", edit.school)
            update = {f: getattr(edit, f) for f in ("host_capacity", "max_trainee_directions") if f in edit.model_fields_set}
            state["schools"] = [s.model_copy(update=update) if s.id == edit.school else s for s in state["schools"]]
        case ChangeLimit():
            data = state["policy"].model_dump()
            data[edit.field] = edit.value
            try:
                state["policy"] = Policy.model_validate(data)
            except ValidationError as exc:
                msg = "; ".join(e["msg"] for e in exc.errors())
                raise _EditProblem("value", f"{edit.field} = {edit.value!r} is not allowed: {msg}") from None
        case LockPair():
            _need_school(state, "mentor", edit.mentor)
            _need_school(state, "trainee", edit.trainee)
            _need_direction(state, "direction", edit.direction)
            if edit.mentor == edit.trainee:
                raise _EditProblem("trainee", f"school '{edit.mentor}' cannot mentor itself")
            _need_takes_part(state, "mentor", edit.mentor, edit.direction)
            _need_takes_part(state, "trainee", edit.trainee, edit.direction)
            lock = PairLock(mentor=edit.mentor, trainee=edit.trainee, direction=edit.direction)
            # A trainee has one mentor per direction: the new lock replaces an older one.
            state["pair_locks"] = [
                p for p in state["pair_locks"] if not (p.trainee == edit.trainee and p.direction == edit.direction)
            ] + [lock]
            state["forbidden"] = [
                p for p in state["forbidden"]
                if not (p.mentor == edit.mentor and p.trainee == edit.trainee and p.direction in (None, edit.direction))
            ]
        case ForbidPair():
            _need_school(state, "mentor", edit.mentor)
            _need_school(state, "trainee", edit.trainee)
            if edit.direction is not None:
                _need_direction(state, "direction", edit.direction)
            if edit.mentor == edit.trainee:
                raise _EditProblem("trainee", f"school '{edit.mentor}' cannot mentor itself")
            lock = PairLock(mentor=edit.mentor, trainee=edit.trainee, direction=edit.direction)
            state["forbidden"] = [p for p in state["forbidden"] if p != lock] + [lock]
            state["pair_locks"] = [
                p for p in state["pair_locks"]
                if not (p.mentor == edit.mentor and p.trainee == edit.trainee and (edit.direction is None or p.direction == edit.direction))
            ]
        case LockRole():
            _need_school(state, "school", edit.school)
            _need_direction(state, "direction", edit.direction)
            _need_takes_part(state, "school", edit.school, edit.direction)
            state["role_locks"] = [
                r for r in state["role_locks"] if not (r.school == edit.school and r.direction == edit.direction)
            ] + [RoleLock(school=edit.school, direction=edit.direction, role=edit.role)]
        case LockPlan():
            schools = {s.id for s in state["schools"]}
            teams = {(c.school, c.direction) for c in state["competences"]}
            skipped = 0
            pairs = []
            for p in edit.pairs:
                if (p.mentor, p.direction) in teams and (p.trainee, p.direction) in teams and p.mentor in schools and p.trainee in schools:
                    pairs.append(p)
                else:
                    skipped += 1
            roles = []
            for r in edit.roles:
                if (r.school, r.direction) in teams:
                    roles.append(r)
                else:
                    skipped += 1
            locked_needs = {(p.trainee, p.direction) for p in pairs}
            state["pair_locks"] = [p for p in state["pair_locks"] if (p.trainee, p.direction) not in locked_needs] + pairs
            keys = {(r.school, r.direction) for r in roles}
            state["role_locks"] = [r for r in state["role_locks"] if (r.school, r.direction) not in keys] + roles
            forbidden = {(p.mentor, p.trainee) for p in pairs}
            state["forbidden"] = [p for p in state["forbidden"] if (p.mentor, p.trainee) not in forbidden]
            if skipped:
                notes.append(f"edits[{index}]: {skipped} lock(s) of the plan skipped: their school or direction is no longer in the network")
        case AddSchool():
            if edit.school.id in {s.id for s in state["schools"]}:
                raise _EditProblem("school.id", f"a school with id '{edit.school.id}' already exists")
            seen = set()
            for j, c in enumerate(edit.competences):
                _need_direction(state, f"competences[{j}].direction", c.direction)
                if c.direction in seen:
                    raise _EditProblem(f"competences[{j}].direction", f"direction '{c.direction}' is listed twice")
                seen.add(c.direction)
            state["closed"].discard(edit.school.id)
            state["schools"] = [*state["schools"], edit.school]
            state["competences"] = [
                *state["competences"],
                *(Competence(school=edit.school.id, direction=c.direction, score=c.score, level=c.level) for c in edit.competences),
            ]
        case ChangeWeights():
            data = state["policy"].weights.model_dump()
            unknown = sorted(set(edit.weights) - set(data))
            if unknown:
                raise _EditProblem("weights", f"unknown weight(s) {', '.join(unknown)}; known: {', '.join(Weights.model_fields)}")
            data.update(edit.weights)
            try:
                weights = Weights.model_validate(data)
            except ValidationError as exc:
                msg = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                raise _EditProblem("weights", msg) from None
            state["policy"] = state["policy"].model_copy(update={"weights": weights})
        case ChangeStrategy():
            state["policy"] = state["policy"].model_copy(update={"strategy": edit.strategy})
        case _:
            raise _EditProblem("op", f"unknown edit {edit!r}")


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
    state: dict[str, Any] = {
        "schools": list(network.schools),
        "directions": list(network.directions),
        "curators": list(network.curators),
        "competences": list(network.competences),
        "history": network.history,
        "pair_locks": list(network.locks.pairs),
        "forbidden": list(network.locks.forbidden),
        "role_locks": list(network.locks.roles),
        "policy": policy,
        "closed": set(),
    }
    problems: list[Problem] = []
    for i, edit in enumerate(parsed):
        try:
            _apply_one(state, edit, notes, i)
        except _EditProblem as exc:
            problems.append(Problem(Location(field=f"edits[{i}].{exc.field}"), f"edit {i} ({edit.op}): {exc.message}"))
    if problems:
        raise InputError(problems)
    try:
        new = network.with_changes(
            schools=tuple(state["schools"]),
            directions=tuple(state["directions"]),
            curators=tuple(state["curators"]),
            competences=tuple(state["competences"]),
            history=state["history"],
            locks=Locks(pairs=tuple(state["pair_locks"]), forbidden=tuple(state["forbidden"]), roles=tuple(state["role_locks"])),
        )
    except InputError as exc:
        raise InputError([Problem(p.location, f"after the edits: {p.message}") for p in exc.problems]) from None
    except ValidationError as exc:
        raise InputError([Problem(Location(field=".".join(map(str, e["loc"]))), f"after the edits: {e['msg']}") for e in exc.errors()]) from None
    return new, state["policy"]
