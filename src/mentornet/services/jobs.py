"""Solve jobs: queue, list, read, cancel (the runner does the solving)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentornet.db import JobRow, ScenarioRow, utcnow
from mentornet.errors import ConflictError, InvalidRequestError
from mentornet.services.common import Limits, Runner, active_job, get, scenario_inputs

__all__ = ["cancel_job", "list_jobs", "queue_job"]


def queue_job(session: Session, runner: Runner, scenario: ScenarioRow, *, kind: str, solver: str, params: dict[str, Any],
              limits: Limits) -> JobRow:
    """Check the scenario, store a queued job and hand it to the runner.

    Raises
    ------
    ConflictError
        A job of the scenario is still queued or running (``job_id`` names it).
    InvalidRequestError
        ``time_limit`` above ``limits.max_time_limit``; the edited network too large.
    InputError
        An edit of the scenario no longer applies (now rather than a failed job later).
    """
    busy = active_job(session, scenario.id)
    if busy is not None:
        raise ConflictError("A solve is already running",
                            f"job {busy.id} is still {busy.state} for scenario {scenario.id}; wait for it or cancel it (POST /api/jobs/{busy.id}/cancel)",
                            kind="job-running", job_id=busy.id)
    top = limits.max_time_limit
    limit = params.get("time_limit")
    if top is not None and limit is not None and limit > top:
        raise InvalidRequestError("Time limit too long",
                                  f"time_limit {limit:g} s is above this server's limit of {top:g} s (MENTORNET_SOLVE_TIME_LIMIT_MAX)",
                                  errors=[{"location": {"field": "time_limit"}, "where": "body field 'time_limit'", "message": f"at most {top:g}"}],
                                  kind="time-limit-too-long")
    _network, policy, _notes = scenario_inputs(session, scenario, limits.max_schools)
    if top is not None and limit is None and policy.time_limit > top:
        params = {**params, "time_limit": top}
    job = JobRow(scenario_id=scenario.id, kind=kind, solver=solver, params=params, state="queued", solutions=0, cancel_requested=False,
                 owner=getattr(runner, "owner", None))
    session.add(job)
    session.commit()
    runner.submit(job.id)
    return job


def list_jobs(session: Session, *, scenario_id: int | None = None, state: str | None = None, limit: int = 100, offset: int = 0) -> list[JobRow]:
    """Jobs, newest first."""
    q = select(JobRow).order_by(JobRow.id.desc()).limit(limit).offset(offset)
    if scenario_id is not None:
        q = q.where(JobRow.scenario_id == scenario_id)
    if state is not None:
        q = q.where(JobRow.state == state)
    return list(session.scalars(q))


def cancel_job(session: Session, runner: Runner, job_id: int) -> JobRow:
    """Stop a job: a queued job never starts; a running solve stops and keeps the best plan found so far.

    Raises
    ------
    ConflictError
        The job has already finished.
    """
    row = get(session, JobRow, job_id)
    if row.state not in ("queued", "running"):
        raise ConflictError("Job already finished", f"job {job_id} is {row.state}; there is nothing to cancel", kind="job-finished")
    now = utcnow()
    session.execute(
        update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued")
        .values(state="cancelled", cancel_requested=True, finished_at=now, message="cancelled before it started")
    )
    session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state == "running").values(cancel_requested=True))
    session.commit()
    runner.cancel(job_id)
    session.refresh(row)
    return row
