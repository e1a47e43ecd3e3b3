"""Background solves: a thread pool, progress in the database, cancellation.

Each job runs in a worker thread with its own database sessions (no state
shared with other jobs but this runner's table of stop flags), so solves of
different scenarios do not interfere. The solver's progress callback writes
the incumbent, bound and gap to the job row (at most twice a second); its
stop callback answers a cancellation. The plan is written in the same
transaction that marks the job done: a job killed half-way has written
nothing, and :func:`mentornet.db.fail_interrupted_jobs` marks it failed at
the next start-up.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from mentornet.api.problems import ApiError, error_payload
from mentornet.db import JobRow, PlanRow, ScenarioRow, utcnow
from mentornet.errors import MentornetError

__all__ = ["JobRunner"]

log = logging.getLogger("mentornet.jobs")

PROGRESS_EVERY = 0.5  # seconds between progress writes
CANCEL_POLL_EVERY = 1.0  # seconds between looks at the job row for a cancel from elsewhere
MAX_SEARCH_WORKERS = max(1, min(8, os.cpu_count() or 1))  # CP-SAT threads per solve, whatever the policy says


class JobRunner:
    """Runs solve and rebalance jobs in a thread pool."""

    def __init__(self, sessions: sessionmaker[Session], workers: int, settings: Any = None):
        self.sessions = sessions
        self.settings = settings
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mentornet-solve")
        self._stops: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._closed = False

    # -- control -----------------------------------------------------------

    def submit(self, job_id: int) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the job runner is shut down")
            stop = self._stops.setdefault(job_id, threading.Event())
        self.pool.submit(self._run, job_id, stop)

    def cancel(self, job_id: int) -> None:
        with self._lock:
            ev = self._stops.get(job_id)
        if ev is not None:
            ev.set()

    def running(self) -> list[int]:
        with self._lock:
            return list(self._stops)

    def shutdown(self, wait: bool = True) -> None:
        """Stop every running solve and wait for the threads to finish."""
        with self._lock:
            self._closed = True
            for ev in self._stops.values():
                ev.set()
        self.pool.shutdown(wait=wait, cancel_futures=True)

    # -- the job -----------------------------------------------------------

    def _run(self, job_id: int, stop_event: threading.Event) -> None:
        try:
            self._run_job(job_id, stop_event)
        except Exception:  # pragma: no cover - last resort, never leave a job running
            log.exception("job %s crashed", job_id)
            try:
                self._finish(job_id, "failed", message="internal error while solving; see the server log",
                             error={"type": "urn:mentornet:problem:internal-error", "title": "Internal error",
                                    "detail": "the solve stopped on an unexpected error; the details are in the server log", "errors": []})
            except Exception:
                log.exception("could not mark job %s failed", job_id)
        finally:
            with self._lock:
                self._stops.pop(job_id, None)

    def _finish(self, job_id: int, state: str, **values: Any) -> None:
        with self.sessions() as s:
            s.execute(
                update(JobRow).where(JobRow.id == job_id, JobRow.state.in_(("queued", "running")))
                .values(state=state, finished_at=utcnow(), heartbeat_at=utcnow(), **values)
            )
            s.commit()

    def _run_job(self, job_id: int, stop_event: threading.Event) -> None:
        from mentornet.services import plan_of, scenario_inputs, store_plan

        now = utcnow()
        with self.sessions() as s:
            started = s.execute(
                update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued")
                .values(state="running", started_at=now, heartbeat_at=now)
            ).rowcount
            s.commit()
            if not started:  # cancelled while queued, or gone
                return
            job = s.get(JobRow, job_id)
            scenario_id = job.scenario_id
            scenario = s.get(ScenarioRow, scenario_id)
            params = dict(job.params or {})
            solver, kind = job.solver, job.kind
            try:
                network, policy, _notes = scenario_inputs(s, scenario, getattr(self.settings, "max_schools", None))
                base_plan = warm = None
                if params.get("base_plan_id") is not None:
                    base_row = s.get(PlanRow, params["base_plan_id"])
                    if base_row is None:
                        raise ApiError(422, "Base plan gone", f"plan {params['base_plan_id']} no longer exists")
                    base_plan = plan_of(base_row)
                if params.get("warm_start_plan_id") is not None:
                    warm_row = s.get(PlanRow, params["warm_start_plan_id"])
                    warm = plan_of(warm_row) if warm_row is not None else None
            except (MentornetError, ApiError) as exc:
                self._fail(job_id, exc)
                return
        if params.get("time_limit") is not None:
            policy = policy.model_copy(update={"time_limit": float(params["time_limit"])})
        if policy.workers > MAX_SEARCH_WORKERS:  # a policy cannot take the whole machine
            policy = policy.model_copy(update={"workers": MAX_SEARCH_WORKERS})

        last_write = [0.0]
        last_poll = [time.monotonic()]
        latest: dict[str, Any] = {}

        def progress(p: Any) -> None:
            latest.update(objective=float(p.objective), bound=float(p.bound), gap=float(p.gap),
                          seconds=float(p.seconds), solutions=int(p.solutions))
            t = time.monotonic()
            if t - last_write[0] >= PROGRESS_EVERY:
                last_write[0] = t
                self._write_progress(job_id, latest)

        def stop() -> bool:
            if stop_event.is_set():
                return True
            t = time.monotonic()
            if t - last_poll[0] >= CANCEL_POLL_EVERY:
                last_poll[0] = t
                try:
                    with self.sessions() as s2:
                        row = s2.get(JobRow, job_id)
                        if row is None or row.cancel_requested or row.state != "running":
                            stop_event.set()
                            return True
                        row.heartbeat_at = utcnow()
                        s2.commit()
                except Exception:  # the database being busy must not stop a solve
                    log.debug("cancel poll failed for job %s", job_id, exc_info=True)
            return False

        started_at = time.monotonic()
        try:
            if kind == "rebalance":
                from mentornet.rebalance import rebalance

                plan = rebalance(network, policy, base_plan, solver=solver, progress=progress, stop=stop,
                                 continuity=params.get("continuity"), base_plan_id=params.get("base_plan_id"),
                                 coverage_allowance=int(params.get("coverage_allowance") or 0))
            else:
                from mentornet.solvers import solve

                plan = solve(network, policy, solver=solver, progress=progress, warm_start=warm, stop=stop)
        except MentornetError as exc:
            if stop_event.is_set():
                self._finish(job_id, "cancelled", message=f"{self._why_stopped()} before a plan was found ({exc})",
                             seconds=time.monotonic() - started_at, **_progress_values(latest))
            else:
                self._fail(job_id, exc, seconds=time.monotonic() - started_at, **_progress_values(latest))
            return

        cancelled = stop_event.is_set()
        stats = plan.solver
        with self.sessions() as s:
            scenario = s.get(ScenarioRow, scenario_id)
            row = store_plan(s, scenario=scenario, plan=plan, network=network, policy=policy, kind=kind,
                             job_id=job_id, base_plan_id=params.get("base_plan_id"))
            s.flush()
            message = (
                f"{self._why_stopped()}; the best plan found so far is plan {row.id}" if cancelled
                else f"plan {row.id} is ready ({len(plan.pairs)} pairs, {len(plan.deferred)} needs deferred)"
            )
            if row.changes is not None:
                message += f"; {row.changes} change(s) against plan {row.base_plan_id}"
            values = {
                "state": "cancelled" if cancelled else "done",
                "plan_id": row.id,
                "message": message,
                "finished_at": utcnow(),
                "heartbeat_at": utcnow(),
                "objective": stats.objective if stats.objective is not None else latest.get("objective"),
                "bound": stats.bound if stats.bound is not None else latest.get("bound"),
                "gap": stats.gap if stats.gap is not None else latest.get("gap"),
                "seconds": stats.seconds or (time.monotonic() - started_at),
                "solutions": max(int(latest.get("solutions", 0)), 1),
            }
            done = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state == "running").values(**values)).rowcount
            if done:
                s.commit()  # the plan and the job's end in one transaction
            else:
                s.rollback()  # the job was marked otherwise meanwhile: store nothing

    def _why_stopped(self) -> str:
        return "stopped because the server was shutting down" if self._closed else "stopped on request"

    def _write_progress(self, job_id: int, latest: dict[str, Any]) -> None:
        try:
            with self.sessions() as s:
                s.execute(
                    update(JobRow).where(JobRow.id == job_id, JobRow.state == "running")
                    .values(heartbeat_at=utcnow(), **_progress_values(latest))
                )
                s.commit()
        except Exception:  # progress is best effort; the solve goes on
            log.debug("progress write failed for job %s", job_id, exc_info=True)

    def _fail(self, job_id: int, exc: Exception, **values: Any) -> None:
        if isinstance(exc, ApiError):
            error = {"type": f"urn:mentornet:problem:{exc.kind}", "title": exc.title, "detail": exc.detail, "errors": exc.errors}
        else:
            error = error_payload(exc)  # type: ignore[arg-type]
        message = error["title"] + (f": {error['detail']}" if error.get("detail") else "")
        self._finish(job_id, "failed", message=message, error=error, **values)


def _progress_values(latest: dict[str, Any]) -> dict[str, Any]:
    return {k: latest[k] for k in ("objective", "bound", "gap", "seconds", "solutions") if k in latest}
