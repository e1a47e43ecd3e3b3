"""The layers of the service: routers call the service layer, never each other's handlers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mentornet

PACKAGE = Path(mentornet.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    """Every module a file imports (``from a.b import c`` counts as ``a.b`` and ``a.b.c``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


ROUTERS = sorted((PACKAGE / "api" / "routers").glob("*.py"))


@pytest.mark.parametrize("path", [p for p in ROUTERS if p.name != "__init__.py"], ids=lambda p: p.stem)
def test_no_router_imports_another_router(path: Path) -> None:
    others = {f"mentornet.api.routers.{p.stem}" for p in ROUTERS if p.stem not in (path.stem, "__init__")}
    assert not (_imports(path) & others), f"{path.name} imports another router"


def test_the_service_layer_knows_nothing_of_http() -> None:
    files = sorted((PACKAGE / "services").glob("*.py"))
    assert files
    for path in files:
        bad = {m for m in _imports(path) if m.split(".")[0] in ("fastapi", "starlette") or m.startswith(("mentornet.api", "mentornet.cli"))}
        assert not bad, f"services/{path.name} imports {sorted(bad)}"


def test_library_errors_map_to_http_statuses() -> None:
    from mentornet.api.problems import error_payload, status_of
    from mentornet.db import PublishedPlanError
    from mentornet.errors import (
        ConflictError,
        InfeasibleError,
        InputError,
        InvalidRequestError,
        NotFoundError,
    )

    assert status_of(NotFoundError("No such plan")) == 404
    assert status_of(ConflictError("Plan kept")) == 409 and status_of(PublishedPlanError("final")) == 409
    assert status_of(InvalidRequestError("No base plan")) == 422 and status_of(InputError("bad")) == 422
    assert status_of(InfeasibleError("no plan")) == 422
    body = error_payload(ConflictError("A solve is already running", "job 3 is still running", kind="job-running", job_id=3))
    assert body == {"type": "urn:mentornet:problem:job-running", "title": "A solve is already running", "detail": "job 3 is still running",
                    "errors": [], "job_id": 3}
