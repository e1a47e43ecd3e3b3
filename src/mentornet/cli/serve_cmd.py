"""``mentornet serve``: the HTTP service (FastAPI under uvicorn)."""

from __future__ import annotations

import os

import typer

from mentornet.cli import app, console


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    database_url: str = typer.Option(None, "--database-url", envvar="MENTORNET_DATABASE_URL",
                                     help="SQLAlchemy URL: sqlite:///path.db (default ./mentornet.db) or postgresql://user@host/db."),
    token: str = typer.Option(None, "--token", envvar="MENTORNET_API_TOKEN",
                              help="API token that writes need (Authorization: Bearer TOKEN); none = open."),
    workers: int = typer.Option(None, "--workers", min=1, max=64, help="Solves running at the same time (default 2)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level: critical, error, warning, info, debug."),
) -> None:
    """Serve the API (and its docs at /docs) with the database migrated at start-up.

    Other settings come from MENTORNET_* variables: MENTORNET_READ_ONLY_OPEN,
    MENTORNET_MAX_UPLOAD_BYTES, MENTORNET_MAX_SCHOOLS, MENTORNET_SOLVE_TIME_LIMIT_MAX.
    """
    import uvicorn

    from mentornet.api import Settings, create_app

    overrides: dict = {}
    if database_url:
        overrides["database_url"] = database_url
    if token:
        overrides["api_token"] = token
    if workers:
        overrides["workers"] = workers
    settings = Settings(**overrides)
    application = create_app(settings)
    shown = settings.database_url if settings.database_url.startswith("sqlite") else settings.database_url.split("@")[-1]
    console.print(
        f"mentornet serving on [bold]http://{host}:{port}[/] (docs: http://{host}:{port}/docs); "
        f"database: {shown}; writes {'need the token' if settings.token else 'are open (no token set)'}",
        highlight=False,
    )
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(application, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)
