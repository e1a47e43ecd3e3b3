"""Scenarios: a base network plus ordered what-if edits; solve and rebalance them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response, status
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep, SettingsDep
from mentornet.api.problems import ApiError
from mentornet.api.routers.jobs import start_job
from mentornet.api.schemas import JobOut, RebalanceRequest, ScenarioCreate, ScenarioOut, ScenarioPatch, SolveRequest
from mentornet.api.services import get_or_404, plan_of, scenario_inputs
from mentornet.api.settings import Settings
from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.errors import InputError
from mentornet.model import Policy
from mentornet.scenario import Edit, describe_edit, dump_edit, lock_plan_edit, parse_edits

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


def scenario_out(session: Session, row: ScenarioRow, settings: Settings | None = None) -> ScenarioOut:
    notes: list[str] = []
    problems: list[dict[str, Any]] = []
    try:
        network, policy, notes = scenario_inputs(session, row, None)
        schools, effective = len(network.schools), policy.model_dump(mode="json")
    except InputError as exc:
        problems = [p.as_dict() for p in exc.problems]
        schools, effective = 0, row.policy
    edits = parse_edits(row.edits)
    return ScenarioOut(
        id=row.id, network_id=row.network_id, name=row.name, policy=row.policy, effective_policy=effective,
        edits=[dump_edit(e) for e in edits], edit_descriptions=[describe_edit(e) for e in edits],
        base_plan_id=row.base_plan_id, schools=schools, notes=notes, valid=not problems, problems=problems,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def _merged_policy(base: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    data = Policy.model_validate(base or {}).model_dump(mode="json")
    if "weights" in changes and isinstance(changes["weights"], dict):
        changes = {**changes, "weights": {**data["weights"], **changes["weights"]}}
    try:
        return Policy.model_validate({**data, **changes}).model_dump(mode="json")
    except ValidationError as exc:
        errors = [
            {"location": {"field": "policy." + ".".join(map(str, e["loc"]))}, "where": "policy." + ".".join(map(str, e["loc"])),
             "message": str(e["msg"]).removeprefix("Value error, ")}
            for e in exc.errors()
        ]
        raise ApiError(422, "Invalid policy", "; ".join(f"{e['where']}: {e['message']}" for e in errors), errors=errors, kind="invalid-policy") from None


def _check_plan_ref(session: Session, plan_id: int | None, network_id: int, field: str) -> None:
    if plan_id is None:
        return
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise ApiError(422, "No such plan", f"{field}: there is no plan with id {plan_id}", kind="invalid-reference")
    if plan.network_id != network_id:
        raise ApiError(422, "Plan of another network", f"{field}: plan {plan_id} was made for network {plan.network_id}, not {network_id}", kind="invalid-reference")


def _save_edits(session: Session, row: ScenarioRow, edits: list[Any], settings: Settings) -> None:
    """Store edits after checking that all of them apply (422 naming the edit otherwise)."""
    row.edits = [dump_edit(e) for e in parse_edits(edits)]
    scenario_inputs(session, row, settings)  # raises InputError naming edits[i].field
    session.commit()


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def create_scenario(body: ScenarioCreate, session: SessionDep, settings: SettingsDep) -> ScenarioOut:
    """A scenario of a network: a policy (the network's, with changes) and what-if edits."""
    network = session.get(NetworkRow, body.network_id)
    if network is None:
        raise ApiError(422, "No such network", f"network_id: there is no network with id {body.network_id}", kind="invalid-reference")
    _check_plan_ref(session, body.base_plan_id, body.network_id, "base_plan_id")
    row = ScenarioRow(
        network_id=network.id, name=body.name or f"{network.name} — scenario",
        policy=_merged_policy(network.policy, body.policy), edits=[], base_plan_id=body.base_plan_id,
    )
    session.add(row)
    row.edits = [dump_edit(e) for e in body.edits]
    try:
        scenario_inputs(session, row, settings)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return scenario_out(session, row)


@router.get("", dependencies=READ, response_model=list[ScenarioOut])
def list_scenarios(
    session: SessionDep,
    network_id: OptId = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[ScenarioOut]:
    """Scenarios, newest first."""
    q = select(ScenarioRow).order_by(ScenarioRow.id.desc()).limit(limit).offset(offset)
    if network_id is not None:
        q = q.where(ScenarioRow.network_id == network_id)
    return [scenario_out(session, r) for r in session.scalars(q)]


@router.get("/{scenario_id}", dependencies=READ, response_model=ScenarioOut)
def get_scenario(scenario_id: Id, session: SessionDep) -> ScenarioOut:
    """A scenario with its edits (and what each does), its policy before and after the edits."""
    return scenario_out(session, get_or_404(session, ScenarioRow, scenario_id))


@router.patch("/{scenario_id}", dependencies=WRITE, response_model=ScenarioOut)
def patch_scenario(scenario_id: Id, body: ScenarioPatch, session: SessionDep) -> ScenarioOut:
    """Rename a scenario, change its policy, or its default base plan."""
    row = get_or_404(session, ScenarioRow, scenario_id)
    if body.name is not None:
        row.name = body.name
    if body.policy is not None:
        row.policy = _merged_policy(row.policy, body.policy)
    if "base_plan_id" in body.model_fields_set:
        _check_plan_ref(session, body.base_plan_id, row.network_id, "base_plan_id")
        row.base_plan_id = body.base_plan_id
    session.commit()
    return scenario_out(session, row)


@router.delete("/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "the scenario has plans or jobs"}})
def delete_scenario(scenario_id: Id, session: SessionDep) -> Response:
    """Delete a scenario that has no plans and no jobs."""
    row = get_or_404(session, ScenarioRow, scenario_id)
    plans = session.scalar(select(func.count()).select_from(PlanRow).where(PlanRow.scenario_id == scenario_id))
    jobs = session.scalar(select(func.count()).select_from(JobRow).where(JobRow.scenario_id == scenario_id))
    if plans or jobs:
        raise ApiError(409, "Scenario in use", f"scenario {scenario_id} has {plans} plan(s) and {jobs} job(s); it is kept", kind="in-use")
    session.delete(row)
    session.commit()
    return Response(status_code=204)


@router.post("/{scenario_id}/edits", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def add_edit(scenario_id: Id, edit: Annotated[Edit, Body()], session: SessionDep, settings: SettingsDep) -> ScenarioOut:
    """Append a what-if edit (close a school, change a capacity or limit, lock or forbid a pair …).

    The edit is checked against the scenario as edited so far: an unknown
    school answers 422 naming the edit and the field.
    """
    row = get_or_404(session, ScenarioRow, scenario_id)
    _save_edits(session, row, [*row.edits, edit], settings)
    return scenario_out(session, row)


@router.put("/{scenario_id}/edits", dependencies=WRITE, response_model=ScenarioOut)
def replace_edits(scenario_id: Id, edits: Annotated[list[Edit], Body()], session: SessionDep, settings: SettingsDep) -> ScenarioOut:
    """Replace the whole list of edits (to reorder or clear them)."""
    row = get_or_404(session, ScenarioRow, scenario_id)
    _save_edits(session, row, list(edits), settings)
    return scenario_out(session, row)


@router.delete("/{scenario_id}/edits/{index}", dependencies=WRITE, response_model=ScenarioOut)
def remove_edit(scenario_id: Id, index: Annotated[int, Path(ge=0, le=100_000)], session: SessionDep, settings: SettingsDep) -> ScenarioOut:
    """Remove the edit at ``index`` (from 0); refused (422) when a later edit depends on it."""
    row = get_or_404(session, ScenarioRow, scenario_id)
    if not 0 <= index < len(row.edits):
        raise ApiError(404, "No such edit", f"scenario {scenario_id} has {len(row.edits)} edit(s); index {index} is out of range", kind="not-found")
    _save_edits(session, row, [e for i, e in enumerate(row.edits) if i != index], settings)
    return scenario_out(session, row)


@router.get("/{scenario_id}/network", dependencies=READ)
def effective_network(scenario_id: Id, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """The network and policy after the scenario's edits: what a solve plans."""
    row = get_or_404(session, ScenarioRow, scenario_id)
    network, policy, notes = scenario_inputs(session, row, settings)
    return {"network": network.model_dump(mode="json"), "policy": policy.model_dump(mode="json"), "notes": notes}


@router.post("/{scenario_id}/locks-from-plan/{plan_id}", status_code=status.HTTP_201_CREATED, dependencies=WRITE,
             response_model=ScenarioOut, responses={409: {"description": "the plan is not published"}})
def locks_from_plan(scenario_id: Id, plan_id: Id, session: SessionDep, settings: SettingsDep, roles: bool = True) -> ScenarioOut:
    """Lock every pair (and, with ``roles``, every role) of a published plan in this scenario.

    The locks are stored as one ``lock_plan`` edit, so they hold in every
    later solve and rebalance of the scenario; taking them again from the
    same plan replaces the earlier edit.
    """
    row = get_or_404(session, ScenarioRow, scenario_id)
    plan_row = get_or_404(session, PlanRow, plan_id)
    if plan_row.status != "published":
        raise ApiError(409, "Plan not published", f"plan {plan_id} is {plan_row.status}; locks are taken from a published plan — approve and publish it first", kind="not-published")
    if plan_row.network_id != row.network_id:
        raise ApiError(422, "Plan of another network", f"plan {plan_id} was made for network {plan_row.network_id}; scenario {scenario_id} plans network {row.network_id}", kind="invalid-reference")
    edit = dump_edit(lock_plan_edit(plan_of(plan_row), plan_id=plan_id, roles=roles))
    kept = [e for e in row.edits if not (e.get("op") == "lock_plan" and e.get("plan_id") == plan_id)]
    _save_edits(session, row, [*kept, edit], settings)
    return scenario_out(session, row)


@router.post("/{scenario_id}/solve", status_code=status.HTTP_202_ACCEPTED, dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "a solve of this scenario is already running"}})
def solve_scenario(scenario_id: Id, request: Request, response: Response, session: SessionDep, settings: SettingsDep,
                   body: SolveRequest | None = None) -> JobOut:
    """Solve the scenario in the background; poll ``GET /api/jobs/{id}`` for progress and the plan."""
    body = body or SolveRequest()
    row = get_or_404(session, ScenarioRow, scenario_id)
    if body.warm_start_plan_id is not None:
        get_or_404(session, PlanRow, body.warm_start_plan_id)
    params = {"time_limit": body.time_limit, "warm_start_plan_id": body.warm_start_plan_id}
    return start_job(request, response, session, settings, row, kind="solve", solver=body.solver,
                     params={k: v for k, v in params.items() if v is not None})


@router.post("/{scenario_id}/rebalance", status_code=status.HTTP_202_ACCEPTED, dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "a solve of this scenario is already running"}})
def rebalance_scenario(scenario_id: Id, request: Request, response: Response, session: SessionDep, settings: SettingsDep,
                       body: RebalanceRequest | None = None) -> JobOut:
    """Re-plan the edited scenario keeping as many pairs of a base plan as possible.

    The finished job's plan reports ``changes``: pairs added, removed and
    moved against the base plan.
    """
    body = body or RebalanceRequest()
    row = get_or_404(session, ScenarioRow, scenario_id)
    base = body.base_plan_id if body.base_plan_id is not None else row.base_plan_id
    if base is None:
        raise ApiError(422, "No base plan", "give base_plan_id: the plan to keep close to (or set the scenario's base_plan_id)",
                       errors=[{"location": {"field": "base_plan_id"}, "where": "body field 'base_plan_id'", "message": "this field is required"}],
                       kind="invalid-request")
    _check_plan_ref(session, base, row.network_id, "base_plan_id")
    params = {"time_limit": body.time_limit, "base_plan_id": base, "continuity": body.continuity}
    return start_job(request, response, session, settings, row, kind="rebalance", solver=body.solver,
                     params={k: v for k, v in params.items() if v is not None})
