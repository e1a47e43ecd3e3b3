"""Request and response bodies of the API (documented in the OpenAPI spec)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mentornet.diff import PlanDiff
from mentornet.model import MAX_TEAMS, MAX_TIME_LIMIT
from mentornet.scenario import Edit
from mentornet.solvers import available_solvers

__all__ = [
    "DiffOut",
    "EventIn",
    "EventOut",
    "JobOut",
    "NetworkOut",
    "NetworkSummary",
    "PlanOut",
    "PlanSummary",
    "Progress",
    "RebalanceRequest",
    "ScenarioCreate",
    "ScenarioOut",
    "ScenarioPatch",
    "SolveRequest",
    "StatusChange",
    "TransferIn",
    "TransferOut",
]

_OUT = ConfigDict(from_attributes=True)
_IN = ConfigDict(extra="forbid", allow_inf_nan=False)

MAX_ID = 2**31 - 1
#: An id in a request body.
RefId = Annotated[int, Field(ge=1, le=MAX_ID)]
SolverName = Literal[tuple(available_solvers())]  # type: ignore[valid-type]
Lang = Literal["ru", "en"]


# ---------------------------------------------------------------- networks


class NetworkSummary(BaseModel):
    model_config = _OUT
    id: int
    name: str
    year: int | None
    source_filename: str | None
    source_format: str | None
    schools: int = Field(description="number of schools")
    directions: int = Field(description="number of directions")
    created_at: dt.datetime
    has_policy: bool = Field(description="the uploaded file carried a policy (used by new scenarios)")


class NetworkOut(NetworkSummary):
    network: dict[str, Any] = Field(description="the validated network (schools, directions, curators, competences, history, locks)")
    policy: dict[str, Any] | None = Field(description="the policy the file carried, if any")
    level_only: bool = Field(description="every competence is a level (a hand-made role table)")


# ---------------------------------------------------------------- scenarios


class ScenarioCreate(BaseModel):
    model_config = _IN
    network_id: RefId
    name: str = Field("", max_length=200)
    policy: dict[str, Any] = Field(default_factory=dict, description="policy fields to change from the network's policy (or the defaults), e.g. {\"time_limit\": 10, \"strategy\": \"narrow\"}")
    edits: list[Edit] = Field(default_factory=list, description="what-if edits, applied in order")
    base_plan_id: RefId | None = Field(None, description="the plan to rebalance against by default")


class ScenarioPatch(BaseModel):
    model_config = _IN
    name: str | None = Field(None, max_length=200)
    policy: dict[str, Any] | None = Field(None, description="policy fields to change")
    base_plan_id: RefId | None = None


class ScenarioOut(BaseModel):
    id: int
    network_id: int
    name: str
    policy: dict[str, Any] = Field(description="the scenario's policy before its edits")
    effective_policy: dict[str, Any] = Field(description="the policy after the edits (what a solve uses)")
    edits: list[dict[str, Any]]
    edit_descriptions: list[str]
    base_plan_id: int | None
    schools: int = Field(description="schools after the edits")
    notes: list[str] = Field(default_factory=list, description="remarks about the edits, e.g. locks of a plan skipped")
    valid: bool = Field(True, description="every edit still applies")
    problems: list[dict[str, Any]] = Field(default_factory=list, description="why an edit no longer applies")
    created_at: dt.datetime
    updated_at: dt.datetime


# ---------------------------------------------------------------- jobs


class SolveRequest(BaseModel):
    model_config = _IN
    solver: SolverName = Field("cpsat", description="cpsat (optimal, explained), flow or greedy (fast baselines)")
    time_limit: float | None = Field(None, gt=0, le=MAX_TIME_LIMIT, description="seconds (at most a day; the server's MENTORNET_SOLVE_TIME_LIMIT_MAX may allow less); default: the scenario's policy")
    warm_start_plan_id: RefId | None = Field(None, description="a stored plan to start from")


class RebalanceRequest(BaseModel):
    model_config = _IN
    base_plan_id: RefId | None = Field(None, description="the plan to keep close to (default: the scenario's base plan)")
    solver: SolverName = "cpsat"
    time_limit: float | None = Field(None, gt=0, le=MAX_TIME_LIMIT)
    continuity: int | None = Field(None, ge=0, le=1_000_000, description="weight of keeping a pair (default: one that outweighs pair quality)")
    coverage_allowance: int = Field(0, ge=0, le=MAX_TEAMS, description="how many fewer needs than a fresh solve of the scenario the rebalance may cover "
                                    "to keep more pairs (default 0: at least as many)")


class Progress(BaseModel):
    objective: float | None = Field(None, description="the incumbent (best plan so far), maximised")
    bound: float | None = Field(None, description="the best proven upper bound")
    gap: float | None = Field(None, description="relative gap between incumbent and bound")
    seconds: float | None = None
    solutions: int = 0


class JobOut(BaseModel):
    id: int
    scenario_id: int
    kind: Literal["solve", "rebalance"]
    solver: str
    params: dict[str, Any]
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: Progress
    message: str | None
    error: dict[str, Any] | None = Field(description="a problem document when the job failed")
    plan_id: int | None
    cancel_requested: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None


# ---------------------------------------------------------------- plans


class PlanSummary(BaseModel):
    id: int
    scenario_id: int
    network_id: int
    job_id: int | None
    kind: str
    status: Literal["draft", "approved", "published", "superseded"]
    solver: str
    stats: dict[str, Any]
    ok: bool | None = Field(description="the independent checker found no violation")
    violations: int
    headline: dict[str, Any] = Field(description="main metrics: schools, involved, mentoring, pairs, coverage")
    base_plan_id: int | None
    changes: int | None = Field(description="pairs added + removed + moved against the base plan (rebalanced plans)")
    created_at: dt.datetime
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None = None
    superseded_by: int | None = Field(None, description="the plan published in this one's place (status superseded)")


class PlanOut(PlanSummary):
    plan: dict[str, Any] = Field(description="the plan.json document: roles, pairs, deferred, alternates, metrics, solver")
    edits: list[dict[str, Any]] = Field(description="the scenario's edits when the plan was made")


class StatusChange(BaseModel):
    model_config = _IN
    status: Literal["draft", "approved", "published"]
    supersede: bool = Field(False, description="publishing: replace the network's published plan, which becomes superseded "
                                               "(without it, publishing while another plan is published is refused with 409)")


class DiffOut(BaseModel):
    before: int
    after: int
    summary: str
    diff: PlanDiff


# ---------------------------------------------------------------- journal


class EventIn(BaseModel):
    model_config = _IN
    network_id: RefId
    plan_id: RefId | None = None
    date: dt.date
    school: str = Field(min_length=1, max_length=300, description="the internship site (a school id)")
    direction: str | None = Field(None, max_length=300)
    kind: str = Field("event", min_length=1, max_length=60, description="seminar, visit, consultation, result …")
    text: str = Field("", max_length=10000)
    staff_trained: int | None = Field(None, ge=0, le=MAX_TEAMS * 100, description="staff who completed an internship at this event (empty: not recorded)")


class EventOut(BaseModel):
    model_config = _OUT
    id: int
    network_id: int
    plan_id: int | None
    date: dt.date
    school: str
    direction: str | None
    kind: str
    text: str
    staff_trained: int | None = None
    created_at: dt.datetime


class TransferIn(BaseModel):
    model_config = _IN
    network_id: RefId
    plan_id: RefId | None = None
    team: str = Field(min_length=1, max_length=300, description="the school whose team moves")
    direction: str = Field(min_length=1, max_length=300)
    from_mentor: str | None = Field(None, max_length=300)
    to_mentor: str | None = Field(None, max_length=300)
    date: dt.date
    reason: str = Field("", max_length=10000)


class TransferOut(BaseModel):
    model_config = _OUT
    id: int
    network_id: int
    plan_id: int | None
    team: str
    direction: str
    from_mentor: str | None
    to_mentor: str | None
    date: dt.date
    reason: str
    created_at: dt.datetime


# ---------------------------------------------------------------- programmes and outcomes

Year = Annotated[int, Field(ge=1900, le=2200)]
LevelName = Literal["leader", "promising", "hidden_reserve"]


class ProgrammeIn(BaseModel):
    model_config = _IN
    name: str = Field(min_length=1, max_length=200, description="the programme's name")
    area: str | None = Field(None, max_length=200, description="the municipality or region it covers")
    area_kind: Literal["municipality", "region"] | None = None
    first_year: Year | None = None
    last_year: Year | None = None
    strategy: Literal["narrow", "wide"] | None = Field(None, description="narrow: keep mentors across years; wide: rotate")


class ProgrammePatch(BaseModel):
    model_config = _IN
    name: str | None = Field(None, min_length=1, max_length=200)
    area: str | None = Field(None, max_length=200)
    area_kind: Literal["municipality", "region"] | None = None
    first_year: Year | None = None
    last_year: Year | None = None
    strategy: Literal["narrow", "wide"] | None = None


class ProgrammeOut(BaseModel):
    model_config = _OUT
    id: int
    name: str
    area: str | None
    area_kind: str | None
    first_year: int | None
    last_year: int | None
    strategy: str | None
    created_at: dt.datetime
    years: list[int] = Field(default_factory=list, description="the years the programme has a network for")


class JournalCounts(BaseModel):
    events: int | None = Field(description="events held at the sites; empty while the year has no journal")
    events_per_site: dict[str, int]
    sites_with_events: int
    staff_trained: int | None = Field(description="sum over the entries that record it; empty when none does")
    transfers: int | None = Field(description="teams moved between sites; empty while the year has no journal")
    source: Literal["sheet", "entries"] | None = Field(
        default=None, description="where the counts come from: the journal sheet of the plan's outcomes workbook (the year's whole "
                                  "journal, superseding the entries recorded one by one), the entries recorded one by one "
                                  "(/api/journal/events, /api/journal/transfers), or empty while the year has no journal")
    set_aside_events: int = Field(default=0, description="events recorded one by one that the journal sheet superseded (not counted)")
    set_aside_transfers: int = Field(default=0, description="transfers recorded one by one that the journal sheet superseded (not counted)")


class ProgrammeYear(BaseModel):
    year: int
    network: NetworkSummary
    plan: PlanSummary | None = Field(description="the plan that counts: the published one, else the newest approved, else the newest draft")
    plans: int
    outcomes: int = Field(description="outcomes recorded for that plan")
    journal: JournalCounts
    source_plan_id: int | None = Field(description="the published plan this network was made from by next-year")


class ProgrammeDetail(ProgrammeOut):
    programme_years: list[ProgrammeYear]


class AttachNetwork(BaseModel):
    model_config = _IN
    network_id: RefId


class NextYearRequest(BaseModel):
    model_config = _IN
    strategy: Literal["narrow", "wide"] | None = Field(None, description="default: the programme's strategy")


class NextYearOut(NetworkOut):
    notes: list[dict[str, Any]] = Field(description="what next-year did, as message codes with parameters and their text")


class OutcomeIn(BaseModel):
    model_config = _IN
    school: str = Field(min_length=1, max_length=300)
    direction: str = Field(min_length=1, max_length=300)
    score: float | None = Field(None, ge=0, le=100, description="the team's new self-assessment, 0..100")
    level: LevelName | None = None
    expert_rating: float | None = Field(None, ge=0, le=100, description="an expert's rating, 0..100 (optional)")


class OutcomesIn(BaseModel):
    model_config = _IN
    outcomes: list[OutcomeIn] = Field(max_length=MAX_TEAMS * 10)
    replace: bool = Field(False, description="drop the recorded outcomes of teams not listed")


class OutcomeOut(BaseModel):
    model_config = _OUT
    school: str
    direction: str
    score: float | None
    level: str | None
    expert_rating: float | None


class OutcomesOut(BaseModel):
    plan_id: int
    network_id: int
    year: int | None
    outcomes: list[OutcomeOut]
    teams: int = Field(description="teams of the plan")
    journal: JournalCounts
