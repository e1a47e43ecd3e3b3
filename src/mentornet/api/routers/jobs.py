"""Solve jobs: progress (incumbent, bound, gap) and cancellation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep, SettingsDep
from mentornet.api.problems import ApiError
from mentornet.api.schemas import JobOut, Progress
from mentornet.api.services import active_job, get_or_404, scenario_inputs
from mentornet.api.settings import Settings
from mentornet.db import JobRow, ScenarioRow, utcnow

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


def job_out(row: JobRow) -> JobOut:
    return JobOut(
        id=row.id, scenario_id=row.scenario_id, kind=row.kind, solver=row.solver, params=row.params or {},
        state=row.state,
        progress=Progress(objective=row.objective, bound=row.bound, gap=row.gap, seconds=row.seconds, solutions=row.solutions or 0),
        message=row.message, error=row.error, plan_id=row.plan_id, cancel_requested=bool(row.cancel_requested),
        created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at, heartbeat_at=row.heartbeat_at,
    )


def start_job(
    request: Request,
    response: Response,
    session: Session,
    settings: Settings,
    scenario: ScenarioRow,
    *,
    kind: str,
    solver: str,
    params: dict[str, Any],
) -> JobOut:
    """Validate the scenario, queue a job, hand it to the runner (202 + Location)."""
    busy = active_job(session, scenario.id)
    if busy is not None:
        raise ApiError(409, "A solve is already running",
                       f"job {busy.id} is still {busy.state} for scenario {scenario.id}; wait for it or cancel it (POST /api/jobs/{busy.id}/cancel)",
                       kind="job-running", job_id=busy.id)
    limit = params.get("time_limit")
    if limit is not None and limit > settings.solve_time_limit_max:
        raise ApiError(422, "Time limit too long",
                       f"time_limit {limit:g} s is above this server's limit of {settings.solve_time_limit_max:g} s (MENTORNET_SOLVE_TIME_LIMIT_MAX)",
                       errors=[{"location": {"field": "time_limit"}, "where": "body field 'time_limit'", "message": f"at most {settings.solve_time_limit_max:g}"}],
                       kind="time-limit-too-long")
    _network, policy, _notes = scenario_inputs(session, scenario, settings)  # 422 now rather than a failed job later
    if limit is None and policy.time_limit > settings.solve_time_limit_max:
        params = {**params, "time_limit": settings.solve_time_limit_max}
    job = JobRow(scenario_id=scenario.id, kind=kind, solver=solver, params=params, state="queued", solutions=0, cancel_requested=False,
                 owner=request.app.state.runner.owner)
    session.add(job)
    session.commit()
    request.app.state.runner.submit(job.id)
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return job_out(job)


@router.get("", dependencies=READ, response_model=list[JobOut])
def list_jobs(
    session: SessionDep,
    scenario_id: OptId = None,
    state: Literal["queued", "running", "done", "failed", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[JobOut]:
    """Jobs, newest first."""
    q = select(JobRow).order_by(JobRow.id.desc()).limit(limit).offset(offset)
    if scenario_id is not None:
        q = q.where(JobRow.scenario_id == scenario_id)
    if state is not None:
        q = q.where(JobRow.state == state)
    return [job_out(r) for r in session.scalars(q)]


@router.get("/{job_id}", dependencies=READ, response_model=JobOut)
def get_job(job_id: Id, session: SessionDep) -> JobOut:
    """A job's state and progress: poll it while the solve runs; ``plan_id`` is set when it is done."""
    return job_out(get_or_404(session, JobRow, job_id))


@router.post("/{job_id}/cancel", dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "the job has already finished"}})
def cancel_job(job_id: Id, request: Request, session: SessionDep, settings: SettingsDep) -> JobOut:
    """Stop a job: a queued job never starts; a running solve stops and keeps the best plan found so far."""
    row = get_or_404(session, JobRow, job_id)
    if row.state not in ("queued", "running"):
        raise ApiError(409, "Job already finished", f"job {job_id} is {row.state}; there is nothing to cancel", kind="job-finished")
    now = utcnow()
    session.execute(
        update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued")
        .values(state="cancelled", cancel_requested=True, finished_at=now, message="cancelled before it started")
    )
    session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state == "running").values(cancel_requested=True))
    session.commit()
    request.app.state.runner.cancel(job_id)
    session.refresh(row)
    return job_out(row)
