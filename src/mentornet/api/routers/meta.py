"""Service information: health, what the server accepts, the input template."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request, Response

from mentornet.api.deps import READ, SettingsDep
from mentornet.api.views import attachment
from mentornet.explain import ROLE_NAMES
from mentornet.model import Level, Policy, Weights
from mentornet.scenario import EDIT_OPS, LIMIT_FIELDS
from mentornet.solvers import available_solvers

router = APIRouter(prefix="/api", tags=["meta"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Liveness: the service answers and knows its database backend."""
    from mentornet import __version__

    return {"status": "ok", "version": __version__, "database": request.app.state.db.backend}


@router.get("/meta", dependencies=READ)
def meta(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """What the server offers: solvers, edits, policy fields with defaults and meanings, roles, limits."""
    policy_fields = {
        name: {"default": f.default if name != "weights" else None, "description": f.description}
        for name, f in Policy.model_fields.items() if name != "weights"
    }
    return {
        "solvers": available_solvers(),
        "default_solver": "cpsat",
        "edits": list(EDIT_OPS),
        "limit_fields": list(LIMIT_FIELDS),
        "policy": policy_fields,
        "weights": {name: {"default": f.default, "description": f.description} for name, f in Weights.model_fields.items()},
        "policy_schema": Policy.model_json_schema(),
        "roles": {lvl.value: {lang: names[lvl] for lang, names in ROLE_NAMES.items()} for lvl in Level},
        "plan_statuses": ["draft", "approved", "published", "superseded"],
        "upload_formats": ["xlsx", "csv", "zip", "json"],
        "limits": {
            "max_upload_bytes": settings.max_upload_bytes,
            "max_schools": settings.max_schools,
            "solve_time_limit_max": settings.solve_time_limit_max,
            "workers": settings.workers,
        },
        "auth": {"token_required_for_writes": settings.token is not None,
                 "token_required_for_reads": settings.token is not None and not settings.read_only_open},
    }


@router.get("/template", dependencies=READ,
            responses={200: {"content": {XLSX: {}, "text/csv": {}}, "description": "the template file"}})
def template(format: Literal["xlsx", "csv"] = "xlsx", lang: Literal["ru", "en"] = "ru",
             shape: Literal["mutual", "site_based"] = "mutual") -> Response:
    """The input template: an .xlsx workbook to fill in (one sheet per table, with
    instructions; ``shape`` is the programme shape on its policy sheet), or a .csv
    hand-made role table (the Krymsky 2021 table as an example)."""
    if format == "csv":
        data = (resources.files("mentornet") / "data" / "krymsky_2021_internships.csv").read_bytes()
        return Response(data, media_type="text/csv; charset=utf-8", headers=attachment("role-table-example.csv"))
    from mentornet.io.template import write_template

    with tempfile.TemporaryDirectory(prefix="mentornet-template-") as tmp:
        data = write_template(Path(tmp) / "template.xlsx", lang=lang, shape=shape).read_bytes()
    name = "шаблон-mentornet.xlsx" if lang == "ru" else "mentornet-template.xlsx"
    return Response(data, media_type=XLSX, headers=attachment(name))
