"""Scenarios: a base network plus ordered what-if edits; solve and rebalance them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.errors import ConflictError, InvalidRequestError, NotFoundError
from mentornet.model import merge_policy
from mentornet.scenario import dump_edit, lock_plan_edit, parse_edits
from mentornet.services.common import Limits, Runner, get, plan_of, scenario_inputs
from mentornet.services.jobs import queue_job

__all__ = [
    "UNSET",
    "add_edit",
    "check_plan_ref",
    "create_scenario",
    "delete_scenario",
    "effective_inputs",
    "list_scenarios",
    "locks_from_plan",
    "merged_policy",
    "rebalance_scenario",
    "remove_edit",
    "replace_edits",
    "solve_scenario",
    "update_scenario",
]

#: "Leave as it is" for :func:`update_scenario` (None means "clear").
UNSET: Any = object()


def merged_policy(base: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` (or the defaults) with ``changes``; weights are merged one by one.

    Raises
    ------
    InvalidRequestError
        Naming each invalid field as ``policy.<field>``.
    """
    try:
        return merge_policy(input=base or {}, options=changes, none_is_unset=False)[0].model_dump(mode="json")
    except ValidationError as exc:
        errors = [
            {"location": {"field": "policy." + ".".join(map(str, e["loc"]))}, "where": "policy." + ".".join(map(str, e["loc"])),
             "message": str(e["msg"]).removeprefix("Value error, ")}
            for e in exc.errors()
        ]
        raise InvalidRequestError("Invalid policy", "; ".join(f"{e['where']}: {e['message']}" for e in errors), errors=errors,
                                  kind="invalid-policy") from None


def check_plan_ref(session: Session, plan_id: int | None, network_id: int, field: str) -> None:
    """A plan referred to by ``field`` exists and belongs to the network."""
    if plan_id is None:
        return
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise InvalidRequestError("No such plan", f"{field}: there is no plan with id {plan_id}", kind="invalid-reference")
    if plan.network_id != network_id:
        raise InvalidRequestError("Plan of another network", f"{field}: plan {plan_id} was made for network {plan.network_id}, not {network_id}",
                                  kind="invalid-reference")


def _save_edits(session: Session, row: ScenarioRow, edits: list[Any], limits: Limits) -> ScenarioRow:
    """Store edits after checking that all of them apply (InputError naming the edit otherwise)."""
    row.edits = [dump_edit(e) for e in parse_edits(edits)]
    scenario_inputs(session, row, limits.max_schools)  # raises InputError naming edits[i].field
    session.commit()
    return row


def create_scenario(session: Session, network_id: int, *, limits: Limits, name: str = "", policy: dict[str, Any] | None = None,
                    edits: Sequence[Any] = (), base_plan_id: int | None = None) -> ScenarioRow:
    """A scenario of a network: its policy (the network's, with ``policy`` changes) and what-if edits.

    Raises
    ------
    InvalidRequestError
        No such network or base plan; an invalid policy; too many schools.
    InputError
        An edit that does not apply.
    """
    network = session.get(NetworkRow, network_id)
    if network is None:
        raise InvalidRequestError("No such network", f"network_id: there is no network with id {network_id}", kind="invalid-reference")
    check_plan_ref(session, base_plan_id, network_id, "base_plan_id")
    row = ScenarioRow(
        network_id=network.id, name=name or f"{network.name} — scenario",
        policy=merged_policy(network.policy, policy or {}), edits=[], base_plan_id=base_plan_id,
    )
    session.add(row)
    row.edits = [dump_edit(e) for e in parse_edits(edits)]
    try:
        scenario_inputs(session, row, limits.max_schools)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return row


def list_scenarios(session: Session, *, network_id: int | None = None, base_plan_id: int | None = None,
                   limit: int | None = 100, offset: int = 0) -> list[ScenarioRow]:
    """Scenarios (of a network, or what-ifs from a plan), newest first; ``limit=None`` lists all."""
    q = select(ScenarioRow).order_by(ScenarioRow.id.desc()).limit(limit).offset(offset)
    if network_id is not None:
        q = q.where(ScenarioRow.network_id == network_id)
    if base_plan_id is not None:
        q = q.where(ScenarioRow.base_plan_id == base_plan_id)
    return list(session.scalars(q))


def update_scenario(session: Session, scenario_id: int, *, name: str | None = None, policy: dict[str, Any] | None = None,
                    base_plan_id: Any = UNSET) -> ScenarioRow:
    """Rename a scenario, change its policy, or its default base plan (None clears it)."""
    row = get(session, ScenarioRow, scenario_id)
    if name is not None:
        row.name = name
    if policy is not None:
        row.policy = merged_policy(row.policy, policy)
    if base_plan_id is not UNSET:
        check_plan_ref(session, base_plan_id, row.network_id, "base_plan_id")
        row.base_plan_id = base_plan_id
    session.commit()
    return row


def delete_scenario(session: Session, scenario_id: int) -> None:
    """Delete a scenario that has no plans and no jobs (ConflictError otherwise)."""
    row = get(session, ScenarioRow, scenario_id)
    plans = session.scalar(select(func.count()).select_from(PlanRow).where(PlanRow.scenario_id == scenario_id))
    jobs = session.scalar(select(func.count()).select_from(JobRow).where(JobRow.scenario_id == scenario_id))
    if plans or jobs:
        raise ConflictError("Scenario in use", f"scenario {scenario_id} has {plans} plan(s) and {jobs} job(s); it is kept", kind="in-use")
    session.delete(row)
    session.commit()


def add_edit(session: Session, scenario_id: int, edit: Any, *, limits: Limits) -> ScenarioRow:
    """Append a what-if edit, checked against the scenario as edited so far.

    Raises
    ------
    InputError
        The edit (or an earlier one) does not apply, naming the edit and field.
    """
    row = get(session, ScenarioRow, scenario_id)
    return _save_edits(session, row, [*row.edits, edit], limits)


def replace_edits(session: Session, scenario_id: int, edits: list[Any], *, limits: Limits) -> ScenarioRow:
    """Replace the whole list of edits (to reorder or clear them)."""
    row = get(session, ScenarioRow, scenario_id)
    return _save_edits(session, row, list(edits), limits)


def remove_edit(session: Session, scenario_id: int, index: int, *, limits: Limits) -> ScenarioRow:
    """Remove the edit at ``index`` (from 0); refused (InputError) when a later edit depends on it."""
    row = get(session, ScenarioRow, scenario_id)
    if not 0 <= index < len(row.edits):
        raise NotFoundError("No such edit", f"scenario {scenario_id} has {len(row.edits)} edit(s); index {index} is out of range", kind="not-found")
    return _save_edits(session, row, [e for i, e in enumerate(row.edits) if i != index], limits)


def effective_inputs(session: Session, scenario_id: int, *, limits: Limits) -> dict[str, Any]:
    """The network and policy after the scenario's edits (what a solve plans), as JSON, with notes."""
    row = get(session, ScenarioRow, scenario_id)
    network, policy, notes = scenario_inputs(session, row, limits.max_schools)
    return {"network": network.model_dump(mode="json"), "policy": policy.model_dump(mode="json"), "notes": notes}


def locks_from_plan(session: Session, scenario_id: int, plan_id: int, *, limits: Limits, roles: bool = True) -> ScenarioRow:
    """Lock every pair (and, with ``roles``, every role) of a published plan in the scenario.

    The locks are one ``lock_plan`` edit; taking them again from the same
    plan replaces the earlier edit.

    Raises
    ------
    ConflictError
        The plan is not published.
    InvalidRequestError
        The plan was made for another network.
    """
    row = get(session, ScenarioRow, scenario_id)
    plan_row = get(session, PlanRow, plan_id)
    if plan_row.status != "published":
        raise ConflictError("Plan not published",
                            f"plan {plan_id} is {plan_row.status}; locks are taken from a published plan — approve and publish it first",
                            kind="not-published")
    if plan_row.network_id != row.network_id:
        raise InvalidRequestError("Plan of another network",
                                  f"plan {plan_id} was made for network {plan_row.network_id}; scenario {scenario_id} plans network {row.network_id}",
                                  kind="invalid-reference")
    edit = dump_edit(lock_plan_edit(plan_of(plan_row), plan_id=plan_id, roles=roles))
    kept = [e for e in row.edits if not (e.get("op") == "lock_plan" and e.get("plan_id") == plan_id)]
    return _save_edits(session, row, [*kept, edit], limits)


def solve_scenario(session: Session, runner: Runner, scenario_id: int, *, limits: Limits, solver: str = "cpsat",
                   time_limit: float | None = None, warm_start_plan_id: int | None = None) -> JobRow:
    """Queue a solve of the scenario; the runner plans it in the background."""
    row = get(session, ScenarioRow, scenario_id)
    if warm_start_plan_id is not None:
        get(session, PlanRow, warm_start_plan_id)
    params = {"time_limit": time_limit, "warm_start_plan_id": warm_start_plan_id}
    return queue_job(session, runner, row, kind="solve", solver=solver, limits=limits,
                     params={k: v for k, v in params.items() if v is not None})


def rebalance_scenario(session: Session, runner: Runner, scenario_id: int, *, limits: Limits, solver: str = "cpsat",
                       time_limit: float | None = None, base_plan_id: int | None = None, continuity: Any = None,
                       coverage_allowance: int = 0) -> JobRow:
    """Queue a re-plan of the edited scenario that keeps as many pairs of a base plan as possible.

    The base plan is ``base_plan_id`` or the scenario's own; the finished
    job's plan reports its ``changes`` against it, and its coverage beside a
    fresh solve's; ``coverage_allowance`` is how many fewer needs it may
    cover than that fresh solve (:func:`mentornet.rebalance.rebalance`).
    """
    row = get(session, ScenarioRow, scenario_id)
    base = base_plan_id if base_plan_id is not None else row.base_plan_id
    if base is None:
        raise InvalidRequestError("No base plan", "give base_plan_id: the plan to keep close to (or set the scenario's base_plan_id)",
                                  errors=[{"location": {"field": "base_plan_id"}, "where": "body field 'base_plan_id'", "message": "this field is required"}],
                                  kind="invalid-request")
    check_plan_ref(session, base, row.network_id, "base_plan_id")
    params = {"time_limit": time_limit, "base_plan_id": base, "continuity": continuity, "coverage_allowance": coverage_allowance or None}
    return queue_job(session, runner, row, kind="rebalance", solver=solver, limits=limits,
                     params={k: v for k, v in params.items() if v is not None})
