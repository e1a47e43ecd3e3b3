"""Plans: read, explain, check, compare, approve and publish, export, view."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep
from mentornet.api.problems import ApiError
from mentornet.api.routers.networks import attachment
from mentornet.api.routers.scenarios import scenario_out
from mentornet.api.schemas import DiffOut, PlanOut, PlanSummary, ScenarioOut, StatusChange
from mentornet.api.services import get_or_404, plan_inputs, plan_of
from mentornet.db import PlanRow, ScenarioRow, utcnow
from mentornet.diff import diff_plans
from mentornet.explain import role_name
from mentornet.model import Level

router = APIRouter(prefix="/api/plans", tags=["plans"])

HEADLINE = ("schools", "schools_involved", "schools_mentoring", "schools_never_mentoring", "pairs", "trainee_needs",
            "needs_covered", "needs_deferred", "coverage_ratio", "weighted_coverage_ratio", "mutual_exchanges", "changes")
Lang = Literal["ru", "en"]

# Legal status moves; everything else is a 409 with the reason.
TRANSITIONS = {("draft", "approved"), ("approved", "draft"), ("approved", "published")}


def summary(row: PlanRow) -> PlanSummary:
    metrics = (row.data or {}).get("metrics", {})
    check = row.check or {}
    return PlanSummary(
        id=row.id, scenario_id=row.scenario_id, network_id=row.network_id, job_id=row.job_id, kind=row.kind,
        status=row.status, solver=row.solver, stats=row.stats or {}, ok=check.get("ok"),
        violations=len(check.get("violations", [])),
        headline={k: metrics[k] for k in HEADLINE if k in metrics}, base_plan_id=row.base_plan_id, changes=row.changes,
        created_at=row.created_at, approved_at=row.approved_at, published_at=row.published_at,
    )


@router.get("", dependencies=READ, response_model=list[PlanSummary])
def list_plans(
    session: SessionDep,
    scenario_id: OptId = None,
    network_id: OptId = None,
    status: Literal["draft", "approved", "published"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[PlanSummary]:
    """Plans, newest first."""
    q = select(PlanRow).order_by(PlanRow.id.desc()).limit(limit).offset(offset)
    if scenario_id is not None:
        q = q.where(PlanRow.scenario_id == scenario_id)
    if network_id is not None:
        q = q.where(PlanRow.network_id == network_id)
    if status is not None:
        q = q.where(PlanRow.status == status)
    return [summary(r) for r in session.scalars(q)]


@router.get("/{plan_id}", dependencies=READ, response_model=PlanOut)
def get_plan(plan_id: Id, session: SessionDep) -> PlanOut:
    """A plan with its plan.json document, status and checker summary."""
    row = get_or_404(session, PlanRow, plan_id)
    return PlanOut(**summary(row).model_dump(), plan=row.data, edits=row.edits or [])


@router.get("/{plan_id}/metrics", dependencies=READ)
def plan_metrics(plan_id: Id, session: SessionDep) -> dict[str, Any]:
    """The plan's metrics (the checker's): involvement, coverage, loads, distances, mutual exchanges."""
    return get_or_404(session, PlanRow, plan_id).data.get("metrics", {})


@router.get("/{plan_id}/check", dependencies=READ)
def plan_check(plan_id: Id, session: SessionDep) -> dict[str, Any]:
    """The independent checker's report: ``ok``, every violated hard constraint, metrics."""
    row = get_or_404(session, PlanRow, plan_id)
    if row.check is None:  # pragma: no cover - every stored plan is checked
        from mentornet.api.services import check_report

        network, policy, plan = plan_inputs(row)
        return check_report(network, plan, policy)
    return row.check


def _names(network) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return (
        {s.id: s.label for s in network.schools},
        {d.id: d.label for d in network.directions},
        {c.id: c.label for c in network.curators},
    )


def _text(item: Any, lang: str) -> str:
    return (item.reasons or {}).get(lang) or item.reason


@router.get("/{plan_id}/explanations", dependencies=READ)
def explanations(plan_id: Id, session: SessionDep, lang: Lang = "ru", school: str | None = None) -> dict[str, Any]:
    """Why each pair was chosen, why needs were deferred, and the next-best mentors.

    With ``school`` the answer is that school's card: its roles, the pairs
    where it mentors or learns, its deferred needs and alternates.
    """
    row = get_or_404(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    sn, dn, cn = _names(network)
    if school is not None and school not in sn:
        raise ApiError(404, "No such school", f"school '{school}' is not in the network of plan {plan_id}", kind="not-found")

    def wanted(*ids: str) -> bool:
        return school is None or school in ids

    pairs = [
        {"mentor": p.mentor, "mentor_name": sn.get(p.mentor, p.mentor), "trainee": p.trainee, "trainee_name": sn.get(p.trainee, p.trainee),
         "direction": p.direction, "direction_name": dn.get(p.direction, p.direction),
         "mentor_role": plan.role_of.get((p.mentor, p.direction)), "trainee_role": plan.role_of.get((p.trainee, p.direction)),
         "curator": p.curator, "curator_name": cn.get(p.curator, p.curator) if p.curator else None,
         "reason": _text(p, lang), "score": p.score, "parts": p.parts, "distance_km": p.distance_km}
        for p in plan.pairs if wanted(p.mentor, p.trainee)
    ]
    deferred = [
        {"school": d.school, "school_name": sn.get(d.school, d.school), "direction": d.direction,
         "direction_name": dn.get(d.direction, d.direction), "role": plan.role_of.get((d.school, d.direction)), "reason": _text(d, lang)}
        for d in plan.deferred if wanted(d.school)
    ]
    alternates = [
        {"school": a.school, "school_name": sn.get(a.school, a.school), "direction": a.direction, "direction_name": dn.get(a.direction, a.direction),
         "mentors": [{"mentor": m.mentor, "mentor_name": sn.get(m.mentor, m.mentor), "score": m.score, "reason": m.reason} for m in a.mentors]}
        for a in plan.alternates if wanted(a.school)
    ]
    out: dict[str, Any] = {"plan_id": plan_id, "lang": lang, "pairs": pairs, "deferred": deferred, "alternates": alternates}
    if school is not None:
        s = network.school_by_id[school]
        out["school"] = {
            **s.model_dump(mode="json"),
            "roles": [{"direction": r.direction, "direction_name": dn.get(r.direction, r.direction), "role": r.role.value,
                       "role_name": role_name(r.role, lang)} for r in plan.roles if r.school == school],
        }
    else:
        loads: dict[str, int] = defaultdict(int)
        for p in plan.pairs:
            if p.curator:
                loads[p.curator] += 1
        out["curators"] = [
            {"curator": c.id, "name": c.label, "teams": loads.get(c.id, 0), "max_teams": c.max_teams,
             "directions": [d.id for d in network.directions if c.id in d.curators] or list(c.directions)}
            for c in network.curators
        ]
    return out


@router.get("/{plan_id}/table", dependencies=READ)
def role_table(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> dict[str, Any]:
    """The seed's table: per direction its leaders, promising teams, hidden reserves and curators."""
    row = get_or_404(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    sn, _dn, cn = _names(network)
    by_dir: dict[str, dict[Level, list[str]]] = {d.id: {lvl: [] for lvl in Level} for d in network.directions}
    for r in plan.roles:
        if r.direction in by_dir:
            by_dir[r.direction][r.role].append(r.school)
    order = {s.id: i for i, s in enumerate(network.schools)}
    rows = []
    for d in network.directions:
        cell = by_dir[d.id]
        rows.append({
            "direction": d.id, "name": d.label,
            **{lvl.value: [{"id": s, "name": sn.get(s, s)} for s in sorted(cell[lvl], key=lambda x: order.get(x, 10**9))] for lvl in Level},
            "curators": [{"id": c, "name": cn.get(c, c)} for c in d.curators],
        })
    return {"plan_id": plan_id, "lang": lang, "headers": {lvl.value: role_name(lvl, lang) for lvl in Level}, "rows": rows}


@router.post("/{plan_id}/status", dependencies=WRITE, response_model=PlanSummary,
             responses={409: {"description": "the move is not allowed (a published plan is final)"}})
def change_status(plan_id: Id, body: StatusChange, session: SessionDep) -> PlanSummary:
    """Move a plan draft → approved → published (approved → draft withdraws the approval).

    A published plan is final: it is never changed in place. To build on
    it, take its locks into a scenario (``POST /api/scenarios/{id}/locks-from-plan/{plan_id}``).
    """
    row = get_or_404(session, PlanRow, plan_id)
    move = (row.status, body.status)
    if move not in TRANSITIONS:
        if row.status == "published":
            why = "a published plan is final and never changes; take its locks into a scenario to plan from it"
        elif move == ("draft", "published"):
            why = "approve the plan before publishing it"
        elif row.status == body.status:
            why = f"the plan is already {row.status}"
        else:
            why = f"a plan cannot go from {row.status} to {body.status}"
        raise ApiError(409, "Status change not allowed", f"plan {plan_id}: {why}", kind="illegal-transition",
                       current=row.status, requested=body.status)
    row.status = body.status
    now = utcnow()
    if body.status == "approved":
        row.approved_at = now
    elif body.status == "published":
        row.published_at = now
    else:
        row.approved_at = None
    session.commit()
    return summary(row)


@router.delete("/{plan_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "only draft plans can be deleted"}})
def delete_plan(plan_id: Id, session: SessionDep) -> Response:
    """Delete a draft plan (approved and published plans are kept)."""
    row = get_or_404(session, PlanRow, plan_id)
    if row.status != "draft":
        raise ApiError(409, "Plan kept", f"plan {plan_id} is {row.status}; only draft plans can be deleted", kind="not-draft")
    session.delete(row)
    session.commit()
    return Response(status_code=204)


@router.get("/{plan_id}/diff/{other_id}", dependencies=READ, response_model=DiffOut)
def diff(plan_id: Id, other_id: Id, session: SessionDep) -> DiffOut:
    """What changed from plan ``plan_id`` (before) to plan ``other_id`` (after): pairs added, removed, moved; roles; metrics."""
    a = get_or_404(session, PlanRow, plan_id)
    b = get_or_404(session, PlanRow, other_id)
    d = diff_plans(plan_of(a), plan_of(b))
    return DiffOut(before=plan_id, after=other_id, summary=d.summary(), diff=d)


@router.post("/{plan_id}/what-if", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ScenarioOut)
def what_if(plan_id: Id, session: SessionDep, name: Annotated[str | None, Query(max_length=200)] = None) -> ScenarioOut:
    """Start a what-if from a plan: a copy of its scenario (edits and policy) with the plan as base plan."""
    row = get_or_404(session, PlanRow, plan_id)
    src = get_or_404(session, ScenarioRow, row.scenario_id)
    copy = ScenarioRow(network_id=src.network_id, name=name or f"what-if from plan {plan_id}", edits=list(row.edits or []),
                       policy=dict(src.policy), base_plan_id=plan_id)
    session.add(copy)
    session.commit()
    return scenario_out(session, copy)


# ---------------------------------------------------------------- exports and views

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/{plan_id}/plan.json", dependencies=READ,
            responses={200: {"content": {"application/json": {}}, "description": "plan.json"}})
def export_json(plan_id: Id, session: SessionDep) -> Response:
    """``plan.json`` (the docs/design.md contract) as a download."""
    from mentornet.export import write_plan_json

    row = get_or_404(session, PlanRow, plan_id)
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        data = write_plan_json(plan_of(row), Path(tmp) / "plan.json").read_bytes()
    return Response(data, media_type="application/json", headers=attachment(f"plan-{plan_id}.json"))


@router.get("/{plan_id}/plan.xlsx", dependencies=READ, responses={200: {"content": {XLSX: {}}, "description": "the plan workbook"}})
def export_xlsx(plan_id: Id, session: SessionDep, lang: Lang | None = None) -> Response:
    """The plan workbook: the seed's table, pairs with reasons, school cards, curator loads, deferred needs, metrics."""
    from mentornet.export import write_plan_xlsx

    row = get_or_404(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        data = write_plan_xlsx(network, plan, Path(tmp) / "plan.xlsx", lang=lang).read_bytes()
    return Response(data, media_type=XLSX, headers=attachment(f"plan-{plan_id}.xlsx"))


@router.get("/{plan_id}/plan-csv.zip", dependencies=READ,
            responses={200: {"content": {"application/zip": {}}, "description": "pairs.csv, roles.csv, deferred.csv"}})
def export_csv(plan_id: Id, session: SessionDep, lang: Lang | None = None) -> Response:
    """``pairs.csv``, ``roles.csv`` and ``deferred.csv`` (UTF-8 with BOM, for Excel) in a .zip."""
    from mentornet.export import write_plan_csv

    row = get_or_404(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        paths = write_plan_csv(network, plan, Path(tmp), lang=lang)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths:
                zf.write(p, arcname=Path(p).name)
    return Response(buf.getvalue(), media_type="application/zip", headers=attachment(f"plan-{plan_id}-csv.zip"))


@router.get("/{plan_id}/view.html", dependencies=READ, response_class=HTMLResponse)
def view_html(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> HTMLResponse:
    """The interactive network view (pyvis): schools, roles, pairs by direction; self-contained, embeddable in an iframe."""
    from mentornet.visualizations import network_html

    row = get_or_404(session, PlanRow, plan_id)
    network, policy, plan = plan_inputs(row)
    return HTMLResponse(network_html(network, plan, lang=lang, policy=policy))


@router.get("/{plan_id}/graph.json", dependencies=READ)
def graph_json(plan_id: Id, session: SessionDep) -> JSONResponse:
    """The plan as a node-link graph (networkx ``node_link_data``): schools as nodes, pairs as edges."""
    from mentornet.graph import node_link_json, plan_graph

    row = get_or_404(session, PlanRow, plan_id)
    network, policy, plan = plan_inputs(row)
    return JSONResponse(node_link_json(plan_graph(network, plan, policy)))
