"""Plans: read, explain, check, compare, approve and publish, export, view."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import HTMLResponse, JSONResponse

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep
from mentornet.api.schemas import DiffOut, PlanOut, PlanSummary, ScenarioOut, StatusChange
from mentornet.api.views import file_response, plan_out, plan_summary, scenario_out
from mentornet.db import PlanRow
from mentornet.services import get
from mentornet.services import plans as service
from mentornet.services.files import MEDIA

router = APIRouter(prefix="/api/plans", tags=["plans"])

Lang = Literal["ru", "en"]


@router.get("", dependencies=READ, response_model=list[PlanSummary])
def list_plans(
    session: SessionDep,
    scenario_id: OptId = None,
    network_id: OptId = None,
    status: Literal["draft", "approved", "published", "superseded"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[PlanSummary]:
    """Plans, newest first."""
    rows = service.list_plans(session, scenario_id=scenario_id, network_id=network_id, status=status, limit=limit, offset=offset)
    return [plan_summary(r) for r in rows]


@router.get("/{plan_id}", dependencies=READ, response_model=PlanOut)
def get_plan(plan_id: Id, session: SessionDep) -> PlanOut:
    """A plan with its plan.json document, status and checker summary."""
    return plan_out(get(session, PlanRow, plan_id))


@router.get("/{plan_id}/metrics", dependencies=READ)
def plan_metrics(plan_id: Id, session: SessionDep) -> dict[str, Any]:
    """The plan's metrics (the checker's): involvement, coverage, loads, distances, mutual exchanges."""
    return get(session, PlanRow, plan_id).data.get("metrics", {})


@router.get("/{plan_id}/check", dependencies=READ)
def plan_check(plan_id: Id, session: SessionDep) -> dict[str, Any]:
    """The independent checker's report: ``ok``, every violated hard constraint, metrics."""
    return service.plan_check(session, plan_id)


@router.get("/{plan_id}/explanations", dependencies=READ)
def explanations(plan_id: Id, session: SessionDep, lang: Lang = "ru", school: str | None = None) -> dict[str, Any]:
    """Why each pair was chosen, why needs were deferred, and the next-best mentors.

    With ``school`` the answer is that school's card: its roles, the pairs
    where it mentors or learns, its deferred needs and alternates.
    """
    return service.explanations(session, plan_id, lang=lang, school=school)


@router.get("/{plan_id}/table", dependencies=READ)
def role_table(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> dict[str, Any]:
    """The seed's table: per direction its leaders, promising teams, hidden reserves and curators."""
    return service.role_table(session, plan_id, lang=lang)


@router.post("/{plan_id}/status", dependencies=WRITE, response_model=PlanSummary,
             responses={409: {"description": "the move is not allowed (a published plan is final; another plan is published: "
                                             "confirm with supersede=true)"}})
def change_status(plan_id: Id, body: StatusChange, session: SessionDep) -> PlanSummary:
    """Move a plan draft → approved → published (approved → draft withdraws the approval).

    A published plan is final: it is never changed in place. To build on
    it, take its locks into a scenario (``POST /api/scenarios/{id}/locks-from-plan/{plan_id}``).
    A network has at most one published plan: publishing another is refused
    (409, kind ``already-published``, ``official_plan_id``) unless
    ``supersede`` is true; the old plan then becomes ``superseded`` (kept,
    readable, never changed).
    """
    return plan_summary(service.change_status(session, plan_id, body.status, supersede=body.supersede))


@router.delete("/{plan_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "only draft plans can be deleted"}})
def delete_plan(plan_id: Id, session: SessionDep) -> Response:
    """Delete a draft plan (approved and published plans are kept)."""
    service.delete_plan(session, plan_id)
    return Response(status_code=204)


@router.get("/{plan_id}/diff/{other_id}", dependencies=READ, response_model=DiffOut)
def diff(plan_id: Id, other_id: Id, session: SessionDep) -> DiffOut:
    """What changed from plan ``plan_id`` (before) to plan ``other_id`` (after): pairs added, removed, moved; roles; metrics."""
    d = service.diff(session, plan_id, other_id)
    return DiffOut(before=plan_id, after=other_id, summary=d.summary(), diff=d)


@router.post("/{plan_id}/what-if", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def what_if(plan_id: Id, session: SessionDep, name: Annotated[str | None, Query(max_length=200)] = None) -> ScenarioOut:
    """Start a what-if from a plan: a copy of its scenario (edits and policy) with the plan as base plan."""
    return scenario_out(session, service.what_if(session, plan_id, name=name))


# ---------------------------------------------------------------- exports and views

XLSX = MEDIA["xlsx"]


@router.get("/{plan_id}/plan.json", dependencies=READ,
            responses={200: {"content": {"application/json": {}}, "description": "plan.json"}})
def export_json(plan_id: Id, session: SessionDep) -> Response:
    """``plan.json`` (the docs/design.md contract) as a download."""
    return file_response(service.export_plan(session, plan_id, "json"))


@router.get("/{plan_id}/plan.xlsx", dependencies=READ, responses={200: {"content": {XLSX: {}}, "description": "the plan workbook"}})
def export_xlsx(plan_id: Id, session: SessionDep, lang: Lang | None = None) -> Response:
    """The plan workbook: the seed's table, pairs with reasons, school cards, curator loads, deferred needs, metrics."""
    return file_response(service.export_plan(session, plan_id, "xlsx", lang=lang))


@router.get("/{plan_id}/plan-csv.zip", dependencies=READ,
            responses={200: {"content": {"application/zip": {}}, "description": "pairs.csv, roles.csv, deferred.csv"}})
def export_csv(plan_id: Id, session: SessionDep, lang: Lang | None = None,
               sep: Annotated[Literal["semicolon", "comma", "tab"] | None, Query(description="column separator; default: ; for Russian, , for English")] = None) -> Response:
    """``pairs.csv``, ``roles.csv`` and ``deferred.csv`` (UTF-8 with BOM, for Excel) in a .zip; ``;``-separated in Russian, ``,`` in English."""
    return file_response(service.export_plan(session, plan_id, "csv", lang=lang, sep=sep))


@router.get("/{plan_id}/view.html", dependencies=READ, response_class=HTMLResponse)
def view_html(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> HTMLResponse:
    """The interactive network view (pyvis): schools, roles, pairs by direction; self-contained, embeddable in an iframe."""
    return HTMLResponse(service.plan_view_html(session, plan_id, lang=lang))


@router.get("/{plan_id}/graph.json", dependencies=READ)
def graph_json(plan_id: Id, session: SessionDep) -> JSONResponse:
    """The plan as a node-link graph (networkx ``node_link_data``): schools as nodes, pairs as edges."""
    return JSONResponse(service.plan_graph_json(session, plan_id))
