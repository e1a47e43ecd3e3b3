"""Response bodies from stored rows, shared by the JSON routers and the pages.

The service layer (:mod:`mentornet.services`) hands back rows; these
functions turn them into the documented bodies of :mod:`mentornet.api.schemas`,
and :func:`file_response` turns a :class:`~mentornet.services.FileOut` into
a download.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Response
from sqlalchemy.orm import Session

from mentornet.api.schemas import (
    JobOut,
    JournalCounts,
    NetworkOut,
    NetworkSummary,
    PlanOut,
    PlanSummary,
    ProgrammeDetail,
    ProgrammeOut,
    ProgrammeYear,
    Progress,
    ScenarioOut,
)
from mentornet.db import JobRow, NetworkRow, PlanRow, ProgrammeRow, ScenarioRow
from mentornet.errors import InputError
from mentornet.scenario import describe_edit, dump_edit, parse_edits
from mentornet.services import FileOut, network_of, programmes, scenario_inputs

__all__ = [
    "HEADLINE",
    "attachment",
    "file_response",
    "job_out",
    "network_detail",
    "network_summary",
    "plan_out",
    "plan_summary",
    "programme_detail",
    "programme_out",
    "scenario_out",
]

#: Metrics a plan's summary carries.
HEADLINE = ("schools", "schools_involved", "schools_mentoring", "schools_never_mentoring", "pairs", "trainee_needs",
            "needs_covered", "needs_deferred", "coverage_ratio", "weighted_coverage_ratio", "mutual_exchanges", "changes")


def network_summary(row: NetworkRow) -> NetworkSummary:
    return NetworkSummary(
        id=row.id, name=row.name, year=row.year, source_filename=row.source_filename, source_format=row.source_format,
        schools=row.n_schools, directions=row.n_directions, created_at=row.created_at, has_policy=row.policy is not None,
    )


def network_detail(row: NetworkRow) -> NetworkOut:
    net = network_of(row)
    return NetworkOut(**network_summary(row).model_dump(), network=row.data, policy=row.policy, level_only=net.level_only)


def scenario_out(session: Session, row: ScenarioRow) -> ScenarioOut:
    """A scenario with its edits (and what each does), its policy before and after the edits;
    an edit that no longer applies is listed in ``problems`` rather than refused."""
    notes: list[str] = []
    problems: list[dict[str, Any]] = []
    try:
        network, policy, notes = scenario_inputs(session, row)
        schools, effective = len(network.schools), policy.model_dump(mode="json")
    except InputError as exc:
        problems = [p.as_dict() for p in exc.problems]
        schools, effective = 0, row.policy
    edits = parse_edits(row.edits)
    return ScenarioOut(
        id=row.id, network_id=row.network_id, name=row.name, policy=row.policy, effective_policy=effective,
        edits=[dump_edit(e) for e in edits], edit_descriptions=[describe_edit(e) for e in edits],
        base_plan_id=row.base_plan_id, schools=schools, notes=notes, valid=not problems, problems=problems,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def job_out(row: JobRow, lang: str | None = None) -> JobOut:
    """A job for a reader: a failed job's stored error codes worded in ``lang`` (English by default)."""
    from mentornet.api.problems import render_error

    return JobOut(
        id=row.id, scenario_id=row.scenario_id, kind=row.kind, solver=row.solver, params=row.params or {},
        state=row.state,
        progress=Progress(objective=row.objective, bound=row.bound, gap=row.gap, seconds=row.seconds, solutions=row.solutions or 0),
        message=row.message, error=render_error(row.error, lang), plan_id=row.plan_id, cancel_requested=bool(row.cancel_requested),
        created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at, heartbeat_at=row.heartbeat_at,
    )


def plan_summary(row: PlanRow) -> PlanSummary:
    metrics = (row.data or {}).get("metrics", {})
    check = row.check or {}
    return PlanSummary(
        id=row.id, scenario_id=row.scenario_id, network_id=row.network_id, job_id=row.job_id, kind=row.kind,
        status=row.status, solver=row.solver, stats=row.stats or {}, ok=check.get("ok"),
        violations=len(check.get("violations", [])),
        headline={k: metrics[k] for k in HEADLINE if k in metrics}, base_plan_id=row.base_plan_id, changes=row.changes,
        created_at=row.created_at, approved_at=row.approved_at, published_at=row.published_at,
        superseded_at=row.superseded_at, superseded_by=row.superseded_by,
    )


def plan_out(row: PlanRow) -> PlanOut:
    return PlanOut(**plan_summary(row).model_dump(), plan=row.data, edits=row.edits or [])


def attachment(filename: str) -> dict[str, str]:
    """A ``Content-Disposition`` header that saves the download under ``filename`` (any script)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"}


def file_response(file: FileOut) -> Response:
    return Response(file.data, media_type=file.media_type, headers=attachment(file.filename))


def programme_out(session: Session, row: ProgrammeRow) -> ProgrammeOut:
    years = [n.year for n in programmes.programme_networks(session, row.id) if n.year is not None]
    return ProgrammeOut(id=row.id, name=row.name, area=row.area, area_kind=row.area_kind, first_year=row.first_year,
                        last_year=row.last_year, strategy=row.strategy, created_at=row.created_at, years=years)


def programme_detail(session: Session, row: ProgrammeRow) -> ProgrammeDetail:
    """A programme with its years side by side (network, the plan that counts, outcomes, journal counts)."""
    years = [
        ProgrammeYear(year=r.year, network=network_summary(r.network_row), plan=plan_summary(r.plan_row) if r.plan_row is not None else None,
                      plans=r.plans, outcomes=len(r.outcomes), journal=JournalCounts(**r.journal), source_plan_id=r.network_row.source_plan_id)
        for r in programmes.programme_years(session, row.id)
    ]
    return ProgrammeDetail(**programme_out(session, row).model_dump(), programme_years=years)
