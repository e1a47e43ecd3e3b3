"""The FastAPI application: :func:`create_app`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from mentornet.api.guard import RequestGuard
from mentornet.api.problems import PROBLEM_RESPONSES, install_handlers
from mentornet.api.settings import Settings
from mentornet.db import fail_interrupted_jobs, open_database

__all__ = ["create_app"]

log = logging.getLogger("mentornet.api")

DESCRIPTION = """
Plan mutual internships between schools over HTTP: upload the year's network,
create scenarios with what-if edits, solve them as background jobs, read the
plans with their explanations and checker reports, rebalance with minimal
disruption, compare plans, approve and publish them, download XLSX / CSV /
plan.json and the interactive network view.

Writes need the API token (`Authorization: Bearer <token>` or `X-API-Token`)
when the server has one; reads may be left open. Every error is a JSON
problem document (RFC 9457): `type`, `title`, `status`, `detail`, `errors[]`.
"""

TAGS = [
    {"name": "networks", "description": "datasets by year: upload (XLSX, CSV, .zip of CSV, JSON), audit, download"},
    {"name": "scenarios", "description": "a network plus ordered what-if edits; solve and rebalance them"},
    {"name": "jobs", "description": "background solves: progress (incumbent, bound, gap) and cancellation"},
    {"name": "plans", "description": "plans: explanations, checker report, diff, status, exports and views"},
    {"name": "journal", "description": "the internship journal: events per site and team transfers"},
    {"name": "programmes", "description": "programmes over years: outcomes of a plan, next year's network, the needs survey, indicators and the multi-year report"},
    {"name": "meta", "description": "health, server capabilities, the input template"},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service: open (and migrate) the database, fail jobs a dead server left behind, mount the routers.

    Parameters
    ----------
    settings : Settings, optional
        Default: read from ``MENTORNET_*`` environment variables.
    """
    settings = settings or Settings()
    db = open_database(settings.database_url, migrate=settings.migrate)
    from mentornet.api.jobs import owner_gone

    with db.sessions() as session:  # only jobs whose server has gone quiet: other live servers keep theirs
        n = fail_interrupted_jobs(session, lease_seconds=settings.job_lease_seconds, gone=owner_gone)
    if n:
        log.warning("%d job(s) left by a server that went quiet were marked failed", n)

    from mentornet.api.jobs import JobRunner

    runner = JobRunner(db.sessions, settings.workers, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runner.start()  # heartbeats, cancels from other servers, queued jobs of any server
        yield
        runner.shutdown(wait=True)
        db.dispose()

    app = FastAPI(
        title="mentornet",
        summary="Optimised, explainable mutual internships between schools",
        description=DESCRIPTION,
        version=_version(),
        openapi_tags=TAGS,
        lifespan=lifespan,
        responses=PROBLEM_RESPONSES,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.runner = runner
    install_handlers(app)
    app.add_middleware(RequestGuard, settings=settings)

    from mentornet.api.routers import jobs, journal, meta, networks, plans, programmes, scenarios

    for module in (networks, scenarios, jobs, plans, journal, programmes, meta):
        app.include_router(module.router)

    # The web workspace (issue 7) plugs in here: a module ``mentornet.api.pages``
    # with ``install(app)`` (templates, static files, its own routes).
    try:
        from mentornet.api import pages  # type: ignore[attr-defined]
    except ImportError:
        pages = None
    if pages is not None and hasattr(pages, "install"):
        pages.install(app)
    if not any(getattr(r, "path", None) == "/" for r in app.routes):

        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    return app


def _operation_id(route: Any) -> str:
    """``networks_upload_network`` rather than FastAPI's path-based ids."""
    tag = route.tags[0] if route.tags else "api"
    return f"{tag}_{route.name}"


def _version() -> str:
    from mentornet import __version__

    return __version__
