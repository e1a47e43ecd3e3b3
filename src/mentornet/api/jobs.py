"""Background solves owned by a live server: claims, heartbeats, a lease, cancellation.

Several servers (replicas, or the old and new server of a rolling restart)
may share one database. Each :class:`JobRunner` is a server instance with
an id (:attr:`JobRunner.owner`: host, PID namespace, PID, random token).

* A job accepted by a server is ``queued`` with that server as its owner.
  Any live server with a free worker **claims** queued jobs, oldest first
  (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; a conditional
  ``UPDATE … WHERE state = 'queued'`` in its own transaction on SQLite,
  whose writes are serialised), and becomes their owner.
* A heartbeat thread touches ``heartbeat_at`` of every job its server owns
  (every lease / 4 at most), looks for cancellations recorded in the
  database by any server (so ``POST /api/jobs/{id}/cancel`` works whichever
  replica answers it), and fails the jobs of servers that have gone quiet.
* A running job is left behind when its owner has not beaten for the
  lease (``MENTORNET_JOB_LEASE_SECONDS``, 30 s by default), when its owner
  was a process on this machine that no longer exists (a killed server
  restarted at once), or when it has no owner (written by a server from
  before owners). Only such jobs are marked failed — at start-up and by the
  heartbeat thread — never those of a live server. A queued job of a dead
  server has lost nothing and is claimed by the next live server.
* The plan is written in the same transaction that marks the job done,
  whenever the job was not cancelled by a user — even if another server
  wrongly took it for dead meanwhile. A job killed half-way has written
  nothing.

A solve runs in a worker thread of this server, or, with
``MENTORNET_DASK_SCHEDULER``, on a worker of that Dask cluster
(:func:`mentornet.plan_many.solve_on_dask`): the thread then only relays
progress and the stop flag and stores the result.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mentornet.api.problems import ApiError, stored_error
from mentornet.db import (
    DEFAULT_JOB_LEASE_SECONDS,
    JobRow,
    PlanRow,
    ScenarioRow,
    fail_interrupted_jobs,
    utcnow,
)
from mentornet.errors import MentornetError

__all__ = ["JobRunner", "new_owner_id", "owner_gone"]

log = logging.getLogger("mentornet.jobs")

PROGRESS_EVERY = 0.5  # seconds between progress writes
CANCEL_POLL_EVERY = 1.0  # seconds between looks at the database for cancels and queued jobs
MAX_SEARCH_WORKERS = max(1, min(8, os.cpu_count() or 1))  # CP-SAT threads per solve, whatever the policy says
ACTIVE = ("queued", "running")

#: Runner ids of this process that have not shut down (several apps may share a process in tests).
_LIVE_HERE: set[str] = set()


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid").removeprefix("pid:").strip("[]")
    except OSError:
        return "-"


def new_owner_id() -> str:
    """A new server instance id: ``host:pid-namespace:pid:token``."""
    return f"{socket.gethostname()}:{_pid_namespace()}:{os.getpid()}:{secrets.token_hex(4)}"


def owner_gone(owner: str) -> bool:
    """True when ``owner`` is provably not running: a process of this machine that is gone.

    A process is only judged on the same host and PID namespace; anything
    else (another machine or container, a reused PID) is left to the lease.
    """
    try:
        host, pidns, pid_text, _token = owner.rsplit(":", 3)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname() or pidns == "-" or pidns != _pid_namespace():
        return False
    if pid == os.getpid():
        return owner not in _LIVE_HERE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by another user
        return False
    return False


class JobRunner:
    """Runs solve and rebalance jobs for one server instance.

    Parameters
    ----------
    sessions : sessionmaker
        Sessions of the service's database.
    workers : int
        Solves this server runs at the same time.
    settings : Settings, optional
        ``job_lease_seconds`` and ``dask_scheduler`` are read from it.
    """

    def __init__(self, sessions: sessionmaker[Session], workers: int, settings: Any = None):
        self.sessions = sessions
        self.settings = settings
        self.workers = workers
        self.owner = new_owner_id()
        self.lease = float(getattr(settings, "job_lease_seconds", None) or DEFAULT_JOB_LEASE_SECONDS)
        self.scheduler: str | None = getattr(settings, "dask_scheduler", None) or None
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mentornet-solve")
        self._stops: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._halt = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._dask: Any = None
        self._dask_lock = threading.Lock()
        _LIVE_HERE.add(self.owner)

    # -- control -----------------------------------------------------------

    def start(self) -> None:
        """Start the heartbeat thread (claims queued jobs, beats, relays cancels); idempotent."""
        with self._lock:
            if self._closed or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._heartbeat_loop, name="mentornet-jobs-heartbeat", daemon=True)
            self._thread.start()

    def submit(self, job_id: int) -> None:
        """Tell the runner a job was queued: a free worker of some live server will claim it."""
        if self._closed:
            raise RuntimeError("the job runner is shut down")
        with self.sessions() as s:  # a caller that queued it without an owner: it is this server's
            s.execute(
                update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued", JobRow.owner.is_(None))
                .values(owner=self.owner, heartbeat_at=utcnow())
            )
            s.commit()
        self.start()
        self._wake.set()

    def cancel(self, job_id: int) -> None:
        """Stop a job this server runs (a cancel recorded in the database reaches other servers' runners)."""
        with self._lock:
            ev = self._stops.get(job_id)
        if ev is not None:
            ev.set()

    def running(self) -> list[int]:
        with self._lock:
            return list(self._stops)

    def shutdown(self, wait: bool = True) -> None:
        """Stop every running solve and wait for the threads to finish.

        A stopped solve keeps its best plan (the job ends ``cancelled`` with
        it); one that had found none goes back to the queue for another
        server. Queued jobs stay queued for any live server.
        """
        with self._lock:
            self._closed = True
            for ev in self._stops.values():
                ev.set()
        self._halt.set()
        self._wake.set()
        self.pool.shutdown(wait=wait, cancel_futures=True)
        if self._thread is not None and wait:
            self._thread.join(timeout=10)
        if self._dask is not None:
            from mentornet.plan_many import close_dask_client

            try:
                close_dask_client(self._dask)
            except Exception:  # the cluster may be gone already
                log.debug("closing the Dask client failed", exc_info=True)
            self._dask = None
        if wait:
            self._beat()  # queued and requeued jobs stay fresh for the next server
        _LIVE_HERE.discard(self.owner)

    # -- the heartbeat thread ---------------------------------------------

    def _heartbeat_loop(self) -> None:
        tick = min(CANCEL_POLL_EVERY, self.lease / 4)
        beat_every = min(10.0, self.lease / 4)
        next_beat = next_reap = 0.0
        while not self._halt.is_set():
            now = time.monotonic()
            try:
                if now >= next_beat:
                    self._beat()
                    next_beat = now + beat_every
                self._relay_cancels()
                if now >= next_reap:
                    self._reap()
                    next_reap = now + self.lease / 2
                self._claim()
            except Exception:  # the database being busy or away must not stop the thread
                log.warning("job heartbeat failed; retrying", exc_info=True)
            self._wake.wait(tick)
            self._wake.clear()

    def _beat(self) -> None:
        with self.sessions() as s:
            s.execute(update(JobRow).where(JobRow.owner == self.owner, JobRow.state.in_(ACTIVE)).values(heartbeat_at=utcnow()))
            s.commit()

    def _relay_cancels(self) -> None:
        """Stop the solves whose cancel was recorded in the database (by this or another server)."""
        mine = self.running()
        if not mine:
            return
        with self.sessions() as s:
            rows = dict(s.execute(select(JobRow.id, JobRow.cancel_requested).where(JobRow.id.in_(mine))).tuples().all())
        for job_id in mine:
            if job_id not in rows or rows[job_id]:  # cancelled, or the job was deleted
                self.cancel(job_id)

    def _reap(self) -> None:
        with self.sessions() as s:
            n = fail_interrupted_jobs(s, lease_seconds=self.lease, gone=owner_gone, exclude_owner=self.owner)
        if n:
            log.warning("%d job(s) of a server that went quiet were marked failed", n)

    def _claim(self) -> None:
        """Claim queued jobs (any server's) for the free workers; start them."""
        with self._lock:
            free = 0 if self._closed else self.workers - len(self._stops)
        if free <= 0:
            return
        claimed: list[int] = []
        with self.sessions() as s:
            # a job without owner was queued by a server from before owners, which runs it itself
            q = select(JobRow.id).where(JobRow.state == "queued", JobRow.owner.is_not(None)).order_by(JobRow.id).limit(free)
            postgres = s.get_bind().dialect.name == "postgresql"
            if postgres:
                q = q.with_for_update(skip_locked=True)  # other servers skip the rows this one is claiming
            ids = list(s.scalars(q))
            if not postgres:
                s.rollback()  # each claim below is its own write transaction
            for job_id in ids:
                now = utcnow()
                won = s.execute(
                    update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued")
                    .values(state="running", owner=self.owner, started_at=now, heartbeat_at=now)
                ).rowcount
                if not postgres:
                    s.commit()
                if won:
                    claimed.append(job_id)
            s.commit()
        for job_id in claimed:
            with self._lock:
                stop = self._stops.setdefault(job_id, threading.Event())
                if self._closed:
                    stop.set()
            try:
                self.pool.submit(self._run, job_id, stop)
            except RuntimeError:  # shut down meanwhile: run it here so that it is stopped and stored or requeued
                self._run(job_id, stop)

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
            self._wake.set()  # a worker is free: look for queued jobs

    def _finish(self, job_id: int, state: str, **values: Any) -> None:
        with self.sessions() as s:
            s.execute(
                update(JobRow).where(*_storable(job_id))
                .values(state=state, finished_at=utcnow(), heartbeat_at=utcnow(), owner=self.owner, **values)
            )
            s.commit()

    def _requeue(self, job_id: int) -> bool:
        """Put a job stopped by this server's shutdown before any plan back in the queue."""
        with self.sessions() as s:
            done = s.execute(
                update(JobRow).where(*_storable(job_id), JobRow.cancel_requested.is_(False))
                .values(state="queued", started_at=None, heartbeat_at=utcnow(), owner=self.owner,
                        objective=None, bound=None, gap=None, seconds=None, solutions=0,
                        message="the server that was solving it shut down; waiting for another server")
            ).rowcount
            s.commit()
        return bool(done)

    def _run_job(self, job_id: int, stop_event: threading.Event) -> None:
        from mentornet.services import plan_of, scenario_inputs, store_plan

        with self.sessions() as s:
            job = s.get(JobRow, job_id)
            # gone, or not ours; a job wrongly failed by another server meanwhile still runs (and is stored)
            if job is None or job.state not in ("running", "failed") or job.owner != self.owner or job.plan_id is not None:
                return
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
        latest: dict[str, Any] = {}
        flush_lock = threading.Lock()
        flush_timer: list[threading.Timer | None] = [None]

        def flush() -> None:
            with flush_lock:
                flush_timer[0] = None
                last_write[0] = time.monotonic()
                values = dict(latest)
            self._write_progress(job_id, values)

        def progress(p: Any) -> None:
            # Writes are throttled, but the latest report is never held back: a report that comes too soon
            # after the last write is written by a timer at the end of the interval (no stale bound shown).
            with flush_lock:
                latest.update(objective=float(p.objective), bound=float(p.bound), gap=float(p.gap),
                              seconds=float(p.seconds), solutions=int(p.solutions))
                wait = PROGRESS_EVERY - (time.monotonic() - last_write[0])
                if flush_timer[0] is not None:
                    return
                if wait > 0:
                    timer = threading.Timer(wait, flush)
                    timer.daemon = True
                    flush_timer[0] = timer
                    timer.start()
                    return
            flush()

        def stop() -> bool:  # set by a local cancel, by shutdown, or by the heartbeat thread seeing a cancel in the database
            return stop_event.is_set()

        started_at = time.monotonic()
        where = ""
        try:
            if self.scheduler:
                from mentornet.plan_many import solve_on_dask

                plan, worker = solve_on_dask(
                    self._dask_client(), kind, network, policy, solver, key=f"mentornet-job-{job_id}-{self.owner.rsplit(':', 1)[-1]}-{time.monotonic_ns()}",
                    progress=progress, stop=stop, base_plan=base_plan, warm_start=warm,
                    continuity=params.get("continuity"), base_plan_id=params.get("base_plan_id"),
                )
                where = f"; solved on Dask worker {worker}"
            elif kind == "rebalance":
                from mentornet.rebalance import rebalance

                plan = rebalance(network, policy, base_plan, solver=solver, progress=progress, stop=stop,
                                 continuity=params.get("continuity"), base_plan_id=params.get("base_plan_id"),
                                 coverage_allowance=int(params.get("coverage_allowance") or 0))
            else:
                from mentornet.planning import solve

                plan = solve(network, policy, solver=solver, progress=progress, warm_start=warm, stop=stop)
        except MentornetError as exc:
            # the job's seconds are its wall time, not the last progress report's
            values = {**_progress_values(latest), "seconds": time.monotonic() - started_at}
            if stop_event.is_set():
                if self._closed and self._requeue(job_id):
                    return
                self._finish(job_id, "cancelled", message=f"{self._why_stopped()} before a plan was found ({exc})", **values)
            else:
                self._fail(job_id, exc, **values)
            return

        with flush_lock:
            if flush_timer[0] is not None:
                flush_timer[0].cancel()
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
            message += where
            values = {
                "state": "cancelled" if cancelled else "done",
                "plan_id": row.id,
                "message": message,
                "error": None,
                "owner": self.owner,
                "finished_at": utcnow(),
                "heartbeat_at": utcnow(),
                "objective": stats.objective if stats.objective is not None else latest.get("objective"),
                "bound": stats.bound if stats.bound is not None else latest.get("bound"),
                "gap": stats.gap if stats.gap is not None else latest.get("gap"),
                "seconds": stats.seconds or (time.monotonic() - started_at),
                "solutions": max(int(latest.get("solutions", 0)), 1),
            }
            done = s.execute(update(JobRow).where(*_storable(job_id)).values(**values)).rowcount
            if done:
                s.commit()  # the plan and the job's end in one transaction
            else:
                s.rollback()  # cancelled while queued, deleted, or stored already: store nothing

    def _dask_client(self) -> Any:
        with self._dask_lock:  # not self._lock: connecting may take seconds, the heartbeat must go on
            if self._dask is None:
                from mentornet.plan_many import dask_client

                self._dask = dask_client(self.scheduler)
            return self._dask

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
            error = stored_error(exc)  # type: ignore[arg-type]  # codes, worded when read (views.job_out)
        message = error["title"] + (f": {error['detail']}" if error.get("detail") else "")
        self._finish(job_id, "failed", message=message, error=error, **values)


def _storable(job_id: int) -> tuple[Any, ...]:
    """Where a job's end may be written: it has no plan yet and no user cancelled it before it ran.

    A job another server wrongly failed as left behind is still stored: a
    result is only discarded when the user cancelled the job while queued
    (state ``cancelled``) or it ended already (``done``, or a plan stored).
    """
    return (JobRow.id == job_id, JobRow.state.in_(("running", "failed")), JobRow.plan_id.is_(None))


def _progress_values(latest: dict[str, Any]) -> dict[str, Any]:
    return {k: latest[k] for k in ("objective", "bound", "gap", "seconds", "solutions") if k in latest}
