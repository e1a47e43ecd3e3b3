"""Programmes over several years, a plan's outcomes, next year's network, the needs survey, the multi-year report."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, Response, UploadFile, status

from mentornet.api.deps import READ, WRITE, Id, LimitsDep, Offset, SessionDep, SettingsDep
from mentornet.api.schemas import (
    AttachNetwork,
    JournalCounts,
    NetworkOut,
    NextYearOut,
    NextYearRequest,
    OutcomeOut,
    OutcomesIn,
    OutcomesOut,
    ProgrammeDetail,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
)
from mentornet.api.uploads import read_limited, read_upload
from mentornet.api.views import file_response, network_detail, programme_detail, programme_out
from mentornet.db import NetworkRow, PlanRow, ProgrammeRow
from mentornet.services import get
from mentornet.services import outcomes as outcome_service
from mentornet.services import programmes as service
from mentornet.services.files import MEDIA

router = APIRouter(tags=["programmes"])

_XLSX: dict[int | str, dict[str, Any]] = {200: {"content": {MEDIA["xlsx"]: {}}, "description": "the workbook"}}
_ZIP: dict[int | str, dict[str, Any]] = {200: {"content": {MEDIA["zip"]: {}}, "description": "the workbook and the plots"}}
Lang = Literal["ru", "en"]


@router.post("/api/programmes", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=ProgrammeOut)
def create_programme(body: ProgrammeIn, session: SessionDep) -> ProgrammeOut:
    """Create a programme (name, municipality or region, years, strategy); its years are networks attached or made by next-year."""
    return programme_out(session, service.create_programme(session, **body.model_dump()))


@router.get("/api/programmes", dependencies=READ, response_model=list[ProgrammeOut])
def list_programmes(session: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Offset = 0) -> list[ProgrammeOut]:
    """Programmes, newest first."""
    return [programme_out(session, r) for r in service.list_programmes(session, limit=limit, offset=offset)]


@router.get("/api/programmes/{programme_id}", dependencies=READ, response_model=ProgrammeDetail)
def get_programme(programme_id: Id, session: SessionDep) -> ProgrammeDetail:
    """A programme with its years side by side: network, the plan that counts, outcomes, the journal's counts."""
    return programme_detail(session, get(session, ProgrammeRow, programme_id))


@router.patch("/api/programmes/{programme_id}", dependencies=WRITE, response_model=ProgrammeOut)
def update_programme(programme_id: Id, body: ProgrammePatch, session: SessionDep) -> ProgrammeOut:
    """Change the programme's name, area, years or strategy."""
    return programme_out(session, service.update_programme(session, programme_id, **body.model_dump(exclude_unset=True)))


@router.delete("/api/programmes/{programme_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "the programme has years"}})
def delete_programme(programme_id: Id, session: SessionDep) -> Response:
    """Delete a programme without years."""
    service.delete_programme(session, programme_id)
    return Response(status_code=204)


@router.post("/api/programmes/{programme_id}/networks", dependencies=WRITE, response_model=NetworkOut,
             responses={409: {"description": "the network is of another programme, or the year is taken"}})
def attach_network(programme_id: Id, body: AttachNetwork, session: SessionDep) -> NetworkOut:
    """Make a stored network (with a year) a year of the programme."""
    return network_detail(service.attach_network(session, programme_id, body.network_id))


@router.get("/api/programmes/{programme_id}/indicators", dependencies=READ)
def indicators(programme_id: Id, session: SessionDep, lang: Lang = "ru") -> dict[str, Any]:
    """The programme's indicators per year and per direction, municipality and site, each defined in one line,
    and how teams moved between roles from year to year."""
    return service.indicators(session, programme_id, lang=lang)


@router.get("/api/programmes/{programme_id}/report.xlsx", dependencies=READ, responses=_XLSX)
def report(programme_id: Id, session: SessionDep, lang: Lang = "ru") -> Response:
    """The multi-year report workbook: indicators per year with their definitions."""
    return file_response(service.report(session, programme_id, lang=lang))


@router.get("/api/programmes/{programme_id}/report.zip", dependencies=READ,
            responses=_ZIP)
def report_zip(programme_id: Id, session: SessionDep, lang: Lang = "ru") -> Response:
    """The report's workbook and plots (trend lines per direction, role transitions) in a .zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in service.report_files(session, programme_id, lang=lang).items():
            zf.writestr(name, data)
    from mentornet.services.files import FileOut

    return file_response(FileOut(buf.getvalue(), f"programme-{programme_id}-report.zip", MEDIA["zip"]))


_IMAGES: dict[str, str] = {".png": "image/png", ".svg": "image/svg+xml"}
_PLOT: dict[int | str, dict[str, Any]] = {200: {"content": {m: {} for m in _IMAGES.values()}, "description": "the plot"}}


@router.get("/api/programmes/{programme_id}/plots/{name}", dependencies=READ,
            responses=_PLOT)
def plot(programme_id: Id, name: Annotated[str, Path(max_length=200)], session: SessionDep, lang: Lang = "ru") -> Response:
    """One plot of the report by file name: ``trend_by_direction.png`` (trend lines per direction), ``role_transitions.png``."""
    from mentornet.errors import NotFoundError

    files = service.indicators(session, programme_id, lang=lang, plots=True)["plots"]
    suffix = name[name.rfind("."):] if "." in name else ""
    if name not in files or suffix not in _IMAGES:
        raise NotFoundError("No such plot", f"the report of programme {programme_id} has no plot '{name}'", kind="not-found")
    return Response(files[name], media_type=_IMAGES[suffix])


# ---------------------------------------------------------------- a year's record: outcomes of a plan


def _outcomes_out(session: SessionDep, plan_id: int) -> OutcomesOut:
    row = get(session, PlanRow, plan_id)
    net = session.get(NetworkRow, row.network_id)
    return OutcomesOut(plan_id=plan_id, network_id=row.network_id, year=net.year if net else None,
                       outcomes=[OutcomeOut.model_validate(o) for o in outcome_service.list_outcomes(session, plan_id)],
                       teams=len(outcome_service.teams_of(session, plan_id)),
                       journal=JournalCounts(**outcome_service.journal_counts(session, row.network_id, plan_id)))


@router.get("/api/plans/{plan_id}/outcomes", dependencies=READ, response_model=OutcomesOut)
def get_outcomes(plan_id: Id, session: SessionDep) -> OutcomesOut:
    """The year's record of a plan: outcomes per team and direction, and the journal's counts."""
    return _outcomes_out(session, plan_id)


@router.put("/api/plans/{plan_id}/outcomes", dependencies=WRITE, response_model=OutcomesOut)
def set_outcomes(plan_id: Id, body: OutcomesIn, session: SessionDep) -> OutcomesOut:
    """Record outcomes (a listed team's record is overwritten; an item with every value empty removes it).

    Nothing is stored unless every item names a team of the plan (422 with each problem's place).
    """
    outcome_service.set_outcomes(session, plan_id, [o.model_dump() for o in body.outcomes], replace=body.replace)
    return _outcomes_out(session, plan_id)


@router.post("/api/plans/{plan_id}/outcomes/upload", dependencies=WRITE, response_model=OutcomesOut,
             responses={413: {"description": "the file is larger than the server accepts"}})
def upload_outcomes(plan_id: Id, session: SessionDep, settings: SettingsDep,
                    file: Annotated[UploadFile, File(description="the filled outcomes workbook (.xlsx)")]) -> OutcomesOut:
    """Record the outcomes of a filled workbook (from the template); 422 with file, sheet, row and column of each problem."""
    filename, data = read_limited(file, settings.max_upload_bytes)
    outcome_service.upload_outcomes(session, plan_id, filename, data)
    return _outcomes_out(session, plan_id)


@router.get("/api/plans/{plan_id}/outcomes/template.xlsx", dependencies=READ, responses=_XLSX)
def outcomes_template(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> Response:
    """The outcomes workbook of the plan's teams, to fill in at year end."""
    return file_response(outcome_service.outcomes_template(session, plan_id, lang=lang))


@router.post("/api/plans/{plan_id}/next-year", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=NextYearOut,
             responses={409: {"description": "the plan is not published, or next year exists"}})
def next_year(plan_id: Id, session: SessionDep, limits: LimitsDep, body: NextYearRequest | None = None, lang: Lang = "ru") -> NextYearOut:
    """Next year's network of the programme from this published plan and its outcomes (editable before planning).

    ``notes`` say what the step did: competences kept without an outcome, levels changed, sites whose term ends, the strategy.
    """
    strategy = body.strategy if body is not None else None
    row, notes = service.next_year(session, plan_id, strategy=strategy, limits=limits)
    return NextYearOut(**network_detail(row).model_dump(),
                       notes=[{"code": n.code, "params": dict(n.params), "text": n.render(lang)} for n in notes])


@router.get("/api/plans/{plan_id}/continuity", dependencies=READ)
def continuity(plan_id: Id, session: SessionDep, lang: Lang = "ru") -> dict[str, Any]:
    """How this plan kept or changed the pairs of the plan its network was made from (the strategy, checked pair by pair):
    continuing pairs and whether their mentor was kept, and every repeated pair with its reason."""
    return service.continuity(session, plan_id, lang=lang)


# ---------------------------------------------------------------- editing a year's network before planning


@router.get("/api/networks/{network_id}/survey-template.xlsx", dependencies=READ, responses=_XLSX)
def survey_template(network_id: Id, session: SessionDep, lang: Lang = "ru") -> Response:
    """The needs-survey workbook for the network's schools."""
    return file_response(service.survey_template(session, network_id, lang=lang))


@router.post("/api/networks/{network_id}/survey", dependencies=WRITE,
             responses={409: {"description": "the network was already planned"}, 413: {"description": "a file is too large"}})
def survey_merge(network_id: Id, session: SessionDep, settings: SettingsDep,
                 files: Annotated[list[UploadFile], File(description="the returned survey workbooks (one per school, or one)")]) -> dict[str, Any]:
    """Merge the returned survey files into the network's competences.

    Missing, duplicate and contradictory answers answer 422 with file, sheet,
    row and column each; nothing is merged until all are fixed.
    """
    read = [read_limited(f, settings.max_upload_bytes) for f in files]
    row, summary = service.survey_merge(session, network_id, read)
    return {**network_detail(row).model_dump(mode="json"), "survey": summary}


@router.put("/api/networks/{network_id}/data", dependencies=WRITE, response_model=NetworkOut,
            responses={409: {"description": "the network was already planned"}, 413: {"description": "the file is too large"}})
def replace_network(network_id: Id, session: SessionDep, settings: SettingsDep,
                    file: Annotated[UploadFile, File(description="the edited network (.xlsx, .csv, .zip or .json)")]) -> NetworkOut:
    """Replace a network's data before it is planned (name and year stay)."""
    filename, data = read_limited(file, settings.max_upload_bytes)
    network, policy, _fmt = read_upload(filename, data, max_bytes=settings.max_upload_bytes, max_schools=settings.max_schools,
                                        time_budget=settings.read_time_limit)
    return network_detail(service.replace_network(session, network_id, network, policy))
