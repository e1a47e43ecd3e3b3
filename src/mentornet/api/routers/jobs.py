"""Solve jobs: progress (incumbent, bound, gap) and cancellation."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, RunnerDep, SessionDep
from mentornet.api.schemas import JobOut
from mentornet.api.views import job_out
from mentornet.db import JobRow
from mentornet.services import get
from mentornet.services import jobs as service

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get("", dependencies=READ, response_model=list[JobOut])
def list_jobs(
    session: SessionDep,
    scenario_id: OptId = None,
    state: Literal["queued", "running", "done", "failed", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
    lang: Literal["ru", "en"] | None = None,
) -> list[JobOut]:
    """Jobs, newest first; a failed job's errors in ``lang`` (English by default)."""
    jobs = service.list_jobs(session, scenario_id=scenario_id, state=state, limit=limit, offset=offset)
    return [job_out(r, lang) for r in jobs]


@router.get("/{job_id}", dependencies=READ, response_model=JobOut)
def get_job(job_id: Id, session: SessionDep, lang: Literal["ru", "en"] | None = None) -> JobOut:
    """A job's state and progress: poll it while the solve runs; ``plan_id`` is set when it is done.

    A failed job's ``error`` lists its problems or conflicts in ``lang``
    (English by default); an infeasible solve's also groups them by
    direction and rule (``groups``).
    """
    return job_out(get(session, JobRow, job_id), lang)


@router.post("/{job_id}/cancel", dependencies=WRITE, response_model=JobOut,
             responses={409: {"description": "the job has already finished"}})
def cancel_job(job_id: Id, session: SessionDep, runner: RunnerDep) -> JobOut:
    """Stop a job: a queued job never starts; a running solve stops and keeps the best plan found so far."""
    return job_out(service.cancel_job(session, runner, job_id))
