"""Scenarios: a base network plus ordered what-if edits; solve and rebalance them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response, status

from mentornet.api.deps import READ, WRITE, Id, LimitsDep, Offset, OptId, RunnerDep, SessionDep
from mentornet.api.schemas import JobOut, RebalanceRequest, ScenarioCreate, ScenarioOut, ScenarioPatch, SolveRequest
from mentornet.api.views import job_out, scenario_out
from mentornet.db import ScenarioRow
from mentornet.scenario import Edit
from mentornet.services import get
from mentornet.services import scenarios as service

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


def _accepted(response: Response, job: Any) -> JobOut:
    """202 with the job's address to poll."""
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return job_out(job)


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def create_scenario(body: ScenarioCreate, session: SessionDep, limits: LimitsDep) -> ScenarioOut:
    """A scenario of a network: a policy (the network's, with changes) and what-if edits."""
    row = service.create_scenario(session, body.network_id, limits=limits, name=body.name, policy=body.policy,
                                  edits=body.edits, base_plan_id=body.base_plan_id)
    return scenario_out(session, row)


@router.get("", dependencies=READ, response_model=list[ScenarioOut])
def list_scenarios(
    session: SessionDep,
    network_id: OptId = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[ScenarioOut]:
    """Scenarios, newest first."""
    return [scenario_out(session, r) for r in service.list_scenarios(session, network_id=network_id, limit=limit, offset=offset)]


@router.get("/{scenario_id}", dependencies=READ, response_model=ScenarioOut)
def get_scenario(scenario_id: Id, session: SessionDep) -> ScenarioOut:
    """A scenario with its edits (and what each does), its policy before and after the edits."""
    return scenario_out(session, get(session, ScenarioRow, scenario_id))


@router.patch("/{scenario_id}", dependencies=WRITE, response_model=ScenarioOut)
def patch_scenario(scenario_id: Id, body: ScenarioPatch, session: SessionDep) -> ScenarioOut:
    """Rename a scenario, change its policy, or its default base plan."""
    base = body.base_plan_id if "base_plan_id" in body.model_fields_set else service.UNSET
    row = service.update_scenario(session, scenario_id, name=body.name, policy=body.policy, base_plan_id=base)
    return scenario_out(session, row)


@router.delete("/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "the scenario has plans or jobs"}})
def delete_scenario(scenario_id: Id, session: SessionDep) -> Response:
    """Delete a scenario that has no plans and no jobs."""
    service.delete_scenario(session, scenario_id)
    return Response(status_code=204)


@router.post("/{scenario_id}/edits", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def add_edit(scenario_id: Id, edit: Annotated[Edit, Body()], session: SessionDep, limits: LimitsDep) -> ScenarioOut:
    """Append a what-if edit (close a school, change a capacity or limit, lock or forbid a pair …).

    The edit is checked against the scenario as edited so far: an unknown
    school answers 422 naming the edit and the field.
    """
    return scenario_out(session, service.add_edit(session, scenario_id, edit, limits=limits))


@router.put("/{scenario_id}/edits", dependencies=WRITE, response_model=ScenarioOut)
def replace_edits(scenario_id: Id, edits: Annotated[list[Edit], Body()], session: SessionDep, limits: LimitsDep) -> ScenarioOut:
    """Replace the whole list of edits (to reorder or clear them)."""
    return scenario_out(session, service.replace_edits(session, scenario_id, list(edits), limits=limits))


@router.delete("/{scenario_id}/edits/{index}", dependencies=WRITE, response_model=ScenarioOut)
def remove_edit(scenario_id: Id, index: Annotated[int, Path(ge=0, le=100_000)], session: SessionDep, limits: LimitsDep) -> ScenarioOut:
    """Remove the edit at ``index`` (from 0); refused (422) when a later edit depends on it."""
    return scenario_out(session, service.remove_edit(session, scenario_id, index, limits=limits))


@router.get("/{scenario_id}/network", dependencies=READ)
def effective_network(scenario_id: Id, session: SessionDep, limits: LimitsDep) -> dict[str, Any]:
    """The network and policy after the scenario's edits: what a solve plans."""
    return service.effective_inputs(session, scenario_id, limits=limits)


@router.post("/{scenario_id}/locks-from-plan/{plan_id}", status_code=status.HTTP_201_CREATED, dependencies=WRITE,
             response_model=ScenarioOut, responses={409: {"description": "the plan is not published"}})
def locks_from_plan(scenario_id: Id, plan_id: Id, session: SessionDep, limits: LimitsDep, roles: bool = True) -> ScenarioOut:
    """Lock every pair (and, with ``roles``, every role) of a published plan in this scenario.

    The locks are stored as one ``lock_plan`` edit, so they hold in every
    later solve and rebalance of the scenario; taking them again from the
    same plan replaces the earlier edit.
    """
    return scenario_out(session, service.locks_from_plan(session, scenario_id, plan_id, limits=limits, roles=roles))


@router.post("/{scenario_id}/solve", status_code=status.HTTP_202_ACCEPTED, dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "a solve of this scenario is already running"}})
def solve_scenario(scenario_id: Id, response: Response, session: SessionDep, limits: LimitsDep, runner: RunnerDep,
                   body: SolveRequest | None = None) -> JobOut:
    """Solve the scenario in the background; poll ``GET /api/jobs/{id}`` for progress and the plan."""
    body = body or SolveRequest()
    job = service.solve_scenario(session, runner, scenario_id, limits=limits, solver=body.solver, time_limit=body.time_limit,
                                 warm_start_plan_id=body.warm_start_plan_id)
    return _accepted(response, job)


@router.post("/{scenario_id}/rebalance", status_code=status.HTTP_202_ACCEPTED, dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "a solve of this scenario is already running"}})
def rebalance_scenario(scenario_id: Id, response: Response, session: SessionDep, limits: LimitsDep, runner: RunnerDep,
                       body: RebalanceRequest | None = None) -> JobOut:
    """Re-plan the edited scenario keeping as many pairs of a base plan as possible.

    The finished job's plan reports ``changes``: pairs added, removed and
    moved against the base plan. It covers at least as many needs as a fresh
    solve of the scenario, unless ``coverage_allowance`` lets it cover that
    many fewer to keep more pairs; the diff shows both coverages.
    """
    body = body or RebalanceRequest()
    job = service.rebalance_scenario(session, runner, scenario_id, limits=limits, solver=body.solver, time_limit=body.time_limit,
                                     base_plan_id=body.base_plan_id, continuity=body.continuity,
                                     coverage_allowance=body.coverage_allowance)
    return _accepted(response, job)
