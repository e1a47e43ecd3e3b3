"""Programmes over several years: their networks side by side, next year's network, the survey, indicators, report.

A programme (seed 003: Krymsky 2021–2024) is a name, the municipality or
region it covers, its years and its strategy. Its networks are its years (one
network per year; ``networks.programme_id``); each year's record is the
network's official (published) plan, the outcomes recorded for that plan and
the journal of the network. A network of no programme works as before.

The computations are the library's: :func:`mentornet.nextyear.next_year`,
:func:`mentornet.io.survey.merge_survey`,
:func:`mentornet.indicators.programme_indicators` and
:func:`mentornet.report.write_report`; this module finds their inputs in the
database and stores what they make.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentornet.db import NetworkRow, OutcomeRow, PlanRow, ProgrammeRow, ScenarioRow
from mentornet.errors import ConflictError, InvalidRequestError
from mentornet.model import Network, Plan, Policy
from mentornet.services.common import Limits, get, network_of, plan_inputs, policy_of
from mentornet.services.files import MEDIA, FileOut
from mentornet.services.networks import store_network
from mentornet.services.outcomes import journal_counts, outcome_rows_as_dicts, year_outcomes
from mentornet.services.plans import official_plan

__all__ = [
    "AREA_KINDS",
    "STRATEGIES",
    "YearRecord",
    "attach_network",
    "create_programme",
    "continuity",
    "delete_programme",
    "indicators",
    "list_programmes",
    "next_year",
    "programme_networks",
    "programme_of_network",
    "programme_years",
    "replace_network",
    "report",
    "report_files",
    "survey_merge",
    "survey_template",
    "update_programme",
    "year_plan",
]

AREA_KINDS = ("municipality", "region")
STRATEGIES = ("narrow", "wide")


def _check_fields(values: dict[str, Any]) -> None:
    errors: list[dict[str, Any]] = []
    name = values.get("name")
    if name is not None and not str(name).strip():
        errors.append({"location": {"field": "name"}, "where": "body field 'name'", "message": "a programme needs a name"})
    if values.get("area_kind") not in (None, *AREA_KINDS):
        errors.append({"location": {"field": "area_kind"}, "where": "body field 'area_kind'",
                       "message": f"expected one of {', '.join(AREA_KINDS)}"})
    if values.get("strategy") not in (None, *STRATEGIES):
        errors.append({"location": {"field": "strategy"}, "where": "body field 'strategy'",
                       "message": f"expected one of {', '.join(STRATEGIES)}"})
    first, last = values.get("first_year"), values.get("last_year")
    if first is not None and last is not None and last < first:
        errors.append({"location": {"field": "last_year"}, "where": "body field 'last_year'",
                       "message": f"the last year {last} is before the first year {first}"})
    if errors:
        raise InvalidRequestError("Invalid programme", "; ".join(str(e["message"]) for e in errors), kind="invalid-request", errors=errors)


def create_programme(session: Session, *, name: str, area: str | None = None, area_kind: str | None = None,
                     first_year: int | None = None, last_year: int | None = None, strategy: str | None = None) -> ProgrammeRow:
    """Store a new programme (no years yet: attach networks or make them with :func:`next_year`).

    Raises
    ------
    InvalidRequestError
        An empty name, an unknown area kind or strategy, a last year before the first.
    """
    values = {"name": name, "area": area, "area_kind": area_kind, "first_year": first_year, "last_year": last_year, "strategy": strategy}
    _check_fields(values)
    row = ProgrammeRow(**{**values, "name": name.strip()[:200], "area": (area or "").strip()[:200] or None})
    session.add(row)
    session.commit()
    return row


def update_programme(session: Session, programme_id: int, **changes: Any) -> ProgrammeRow:
    """Change a programme's name, area, years or strategy (only the given fields)."""
    row = get(session, ProgrammeRow, programme_id)
    merged = {k: getattr(row, k) for k in ("name", "area", "area_kind", "first_year", "last_year", "strategy")}
    merged.update(changes)
    if merged["name"] is None:
        merged["name"] = ""  # a programme keeps a name: an empty one is refused below
    _check_fields(merged)
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()[:200]
    for k, v in changes.items():
        setattr(row, k, v)
    session.commit()
    return row


def list_programmes(session: Session, *, limit: int | None = 200, offset: int = 0) -> list[ProgrammeRow]:
    """Programmes, newest first."""
    return list(session.scalars(select(ProgrammeRow).order_by(ProgrammeRow.id.desc()).limit(limit).offset(offset)))


def delete_programme(session: Session, programme_id: int) -> None:
    """Delete a programme that has no years (ConflictError naming how many it has)."""
    row = get(session, ProgrammeRow, programme_id)
    n = session.scalar(select(func.count()).select_from(NetworkRow).where(NetworkRow.programme_id == programme_id)) or 0
    if n:
        raise ConflictError("Programme in use", f"programme {programme_id} has {n} network(s); it is kept", kind="in-use")
    session.delete(row)
    session.commit()


def programme_networks(session: Session, programme_id: int) -> list[NetworkRow]:
    """The programme's networks by year."""
    return list(session.scalars(select(NetworkRow).where(NetworkRow.programme_id == programme_id).order_by(NetworkRow.year, NetworkRow.id)))


def programme_of_network(session: Session, network_id: int) -> ProgrammeRow | None:
    row = get(session, NetworkRow, network_id)
    return session.get(ProgrammeRow, row.programme_id) if row.programme_id is not None else None


def attach_network(session: Session, programme_id: int, network_id: int) -> NetworkRow:
    """Make a stored network a year of the programme.

    Raises
    ------
    InvalidRequestError
        The network has no year.
    ConflictError
        It belongs to another programme, or the programme already has a network of that year.
    """
    get(session, ProgrammeRow, programme_id)
    net = get(session, NetworkRow, network_id)
    if net.programme_id == programme_id:
        return net
    if net.programme_id is not None:
        raise ConflictError("Network of another programme", f"network {network_id} is a year of programme {net.programme_id}",
                            kind="other-programme", programme_id=net.programme_id)
    if net.year is None:
        raise InvalidRequestError("Network without a year", f"network {network_id} has no year; upload it again with its year",
                                  kind="invalid-request",
                                  errors=[{"location": {"field": "network_id"}, "where": "body field 'network_id'",
                                           "message": "a year of a programme needs a year"}])
    _year_free(session, programme_id, net.year)
    net.programme_id = programme_id
    session.commit()
    return net


def _year_free(session: Session, programme_id: int, year: int) -> None:
    taken = session.scalars(select(NetworkRow.id).where(NetworkRow.programme_id == programme_id, NetworkRow.year == year)).first()
    if taken is not None:
        raise ConflictError("Year already in the programme", f"programme {programme_id} already has network {taken} for {year}",
                            kind="year-taken", network_id=taken, year=year)


def year_plan(session: Session, network_id: int) -> PlanRow | None:
    """The plan that counts for a year: the published one; else the newest approved; else the newest draft."""
    official = official_plan(session, network_id)
    if official is not None:
        return official
    for status in ("approved", "draft"):
        row = session.scalars(select(PlanRow).where(PlanRow.network_id == network_id, PlanRow.status == status)
                              .order_by(PlanRow.id.desc()).limit(1)).first()
        if row is not None:
            return row
    return None


@dataclass
class YearRecord:
    """One year of a programme as stored: its network, the plan that counts, its outcomes and journal counts."""

    year: int
    network_row: NetworkRow
    plan_row: PlanRow | None
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    journal: dict[str, Any] = field(default_factory=dict)
    plans: int = 0

    @property
    def network(self) -> Network:
        return network_of(self.network_row)

    @property
    def plan(self) -> Plan | None:
        return plan_inputs(self.plan_row)[2] if self.plan_row is not None else None

    @property
    def plan_network(self) -> Network:
        """The network the plan was made from (after its what-if edits), else the stored one."""
        return plan_inputs(self.plan_row)[0] if self.plan_row is not None else self.network


def programme_years(session: Session, programme_id: int) -> list[YearRecord]:
    """The programme's years side by side, oldest first."""
    get(session, ProgrammeRow, programme_id)
    out = []
    for net in programme_networks(session, programme_id):
        plan = year_plan(session, net.id)
        outcomes: list[dict[str, Any]] = []
        if plan is not None:
            rows = list(session.scalars(select(OutcomeRow).where(OutcomeRow.plan_id == plan.id).order_by(OutcomeRow.school, OutcomeRow.direction)))
            outcomes = outcome_rows_as_dicts(rows)
        n_plans = session.scalar(select(func.count()).select_from(PlanRow).where(PlanRow.network_id == net.id)) or 0
        out.append(YearRecord(year=int(net.year or 0), network_row=net, plan_row=plan, outcomes=outcomes,
                              journal=journal_counts(session, net.id, plan.id if plan is not None else None), plans=n_plans))
    return out


# ---------------------------------------------------------------- the library's computations


def _library_years(session: Session, records: list[YearRecord]) -> list[Any]:
    """The planned years as the library's :class:`mentornet.indicators.ProgrammeYear` (a year without a plan has no indicators yet)."""
    from mentornet.indicators import ProgrammeYear

    out = []
    for r in records:
        if r.plan_row is None:
            continue
        network, _policy, plan = plan_inputs(r.plan_row)
        out.append(ProgrammeYear(network=network, plan=plan, outcomes=year_outcomes(session, r.plan_row.id), year=r.year))
    return out


def _policy(records: list[YearRecord]) -> Policy | None:
    """The policy of the newest planned year (its ``deficit_step`` defines "deficit decreased")."""
    planned = [r for r in records if r.plan_row is not None]
    return plan_inputs(planned[-1].plan_row)[1] if planned and planned[-1].plan_row is not None else None


def indicators(session: Session, programme_id: int, lang: str = "ru", *, plots: bool = False) -> dict[str, Any]:
    """The programme's indicators per year, direction, municipality and site, with their definitions and the role transitions.

    Parameters
    ----------
    plots : bool
        Also draw the report's plots (:func:`mentornet.report.write_plots`) from the same figures.

    Returns
    -------
    dict
        ``years`` (the planned years), ``rows`` (:func:`mentornet.indicators.programme_indicators`
        as records: year, scope, group, indicator, value, numerator, denominator), ``definitions``
        (one line per indicator, in ``lang``), ``transitions`` (:func:`mentornet.indicators.role_transitions`)
        and, with ``plots``, ``plots``: ``{file name: PNG bytes}`` (none without a planned year).
    """
    from mentornet.indicators import indicator_definitions, programme_indicators, role_transitions

    records = programme_years(session, programme_id)
    years = _library_years(session, records)
    policy = _policy(records)
    table = programme_indicators(years, policy)
    trans = role_transitions(years) if years else None
    out: dict[str, Any] = {
        "years": [y.label for y in years],
        "rows": [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")],
        "definitions": indicator_definitions(lang),
        "transitions": [{k: _plain(v) for k, v in row.items()} for row in trans.to_dict(orient="records")] if trans is not None else [],
    }
    if plots:
        from mentornet.report import write_plots

        out["plots"] = {}
        if years:
            with tempfile.TemporaryDirectory(prefix="mentornet-plots-") as tmp:
                paths = write_plots(years, Path(tmp), lang="en" if lang == "en" else "ru", policy=policy, table=table)
                out["plots"] = {Path(p).name: Path(p).read_bytes() for p in paths}
    return out


def _plain(v: Any) -> Any:
    """A pandas / numpy cell as a JSON value (NaN as None)."""
    if v is None:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def report(session: Session, programme_id: int, lang: str = "ru") -> FileOut:
    """The multi-year report workbook (:func:`mentornet.report.write_report`)."""
    files = report_files(session, programme_id, lang)
    return FileOut(files["report.xlsx"], f"programme-{programme_id}-report.xlsx", MEDIA["xlsx"])


def report_files(session: Session, programme_id: int, lang: str = "ru") -> dict[str, bytes]:
    """Every file of the report (``report.xlsx``, the plots, ``indicators.csv``), by name.

    Raises
    ------
    ConflictError
        No year of the programme has a plan yet.
    """
    from mentornet.report import write_report

    records = programme_years(session, programme_id)
    years = _library_years(session, records)
    if not years:
        raise ConflictError("Nothing to report", f"no year of programme {programme_id} has a plan yet", kind="no-plans")
    with tempfile.TemporaryDirectory(prefix="mentornet-report-") as tmp:
        paths = write_report(years, Path(tmp), lang="en" if lang == "en" else "ru", policy=_policy(records))
        return {Path(p).name: Path(p).read_bytes() for p in paths}


def next_year(session: Session, plan_id: int, *, strategy: str | None = None, limits: Limits | None = None) -> tuple[NetworkRow, list[Any]]:
    """Next year's network of the programme, from a published plan and its outcomes (:func:`mentornet.nextyear.next_year`).

    Competences come from the outcomes, history from the plan (roles, pairs,
    deferred needs), the strategy from ``strategy`` or the programme's (its
    policy, :func:`mentornet.nextyear.strategy_policy`, is stored with the
    network). The network is stored as the programme's next year; the
    planner may replace it (:func:`replace_network`) or merge a survey into
    it before planning.

    Returns
    -------
    the stored network and the library's notes (messages: competences kept, levels changed, sites whose term ends …).

    Raises
    ------
    ConflictError
        The plan is not published; the programme already has next year.
    InvalidRequestError
        The plan's network is of no programme or has no year; an unknown strategy; next year is too large.
    """
    from mentornet.nextyear import next_year as make_next_year
    from mentornet.nextyear import strategy_policy

    row = get(session, PlanRow, plan_id)
    if row.status != "published":
        raise ConflictError("Plan not published", f"plan {plan_id} is {row.status}; next year is made from the published plan",
                            kind="not-published", current=row.status)
    net = get(session, NetworkRow, row.network_id)
    if net.programme_id is None or net.year is None:
        raise InvalidRequestError("Network of no programme", f"network {net.id} is not a year of a programme; add it to one first",
                                  kind="no-programme")
    programme = get(session, ProgrammeRow, net.programme_id)
    strategy = strategy or programme.strategy
    if strategy not in (None, *STRATEGIES):
        raise InvalidRequestError("Invalid strategy", f"strategy {strategy!r}: expected one of {', '.join(STRATEGIES)}", kind="invalid-request")
    _year_free(session, programme.id, net.year + 1)
    network, _policy_used, plan = plan_inputs(row)
    new_network, notes = make_next_year(network, plan, year_outcomes(session, plan_id), strategy, year=net.year)  # type: ignore[arg-type]
    if limits is not None and limits.max_schools is not None and len(new_network.schools) > limits.max_schools:
        raise InvalidRequestError("Network too large", f"next year has {len(new_network.schools)} schools; this server plans at most "
                                  f"{limits.max_schools} (MENTORNET_MAX_SCHOOLS)", kind="network-too-large")
    policy = policy_of(net.policy) if net.policy else None
    if strategy is not None:
        # the stored policy keeps only what the planner's input and the strategy set (others stay "default")
        given = dict(net.policy or {})
        given.update(strategy_policy(strategy, Policy()).model_dump(mode="json", exclude_defaults=True))  # type: ignore[arg-type]
        given["strategy"] = strategy
        policy = Policy.model_validate(given)
    out = store_network(session, new_network, policy, filename=None, fmt="next-year")
    out.programme_id = programme.id
    out.source_plan_id = plan_id
    session.commit()
    return out, list(notes)


def continuity(session: Session, plan_id: int, lang: str = "ru") -> dict[str, Any]:
    """How a plan kept or changed the pairs of the plan its network was made from (:func:`mentornet.nextyear.continuity_report`).

    Each repeated pair's reason is rendered in ``lang`` (``text``) beside its code.

    Raises
    ------
    InvalidRequestError
        The plan's network was not made by next-year (no previous plan to compare with).
    """
    from mentornet.i18n import Message
    from mentornet.nextyear import continuity_report

    row = get(session, PlanRow, plan_id)
    net = get(session, NetworkRow, row.network_id)
    if net.source_plan_id is None:
        raise InvalidRequestError("No previous plan", f"network {net.id} was not made from a plan by next-year; there is nothing to continue",
                                  kind="no-previous-plan")
    network, policy, plan = plan_inputs(row)
    previous = plan_inputs(get(session, PlanRow, net.source_plan_id))[2]
    out = continuity_report(network, previous, plan, policy)
    for r in out["repeats"]:
        r["text"] = Message.model_validate(r["why"]).render(lang)
    return {"plan_id": plan_id, "previous_plan_id": net.source_plan_id, "strategy": policy.strategy, **out}


def _unplanned(session: Session, network_id: int) -> NetworkRow:
    """The network, if nothing was planned from it yet (its data may still change)."""
    net = get(session, NetworkRow, network_id)
    n = session.scalar(select(func.count()).select_from(ScenarioRow).where(ScenarioRow.network_id == network_id)) or 0
    if n:
        raise ConflictError("Network already planned", f"network {network_id} has {n} scenario(s); its data are kept as they were planned",
                            kind="in-use")
    return net


def replace_network(session: Session, network_id: int, network: Network, policy: Any | None = None) -> NetworkRow:
    """Replace a network's data before planning (the planner's edit of next year's network).

    The name and year stay those of the stored network; the policy is replaced
    when the new file carries one.

    Raises
    ------
    ConflictError
        A scenario (hence maybe a plan) already uses the network.
    """
    net = _unplanned(session, network_id)
    network = network.with_changes(name=net.name, year=net.year)
    net.data = network.model_dump(mode="json")
    net.n_schools, net.n_directions = len(network.schools), len(network.directions)
    if policy is not None:
        net.policy = policy.model_dump(mode="json", exclude_unset=True)
    session.commit()
    return net


def survey_template(session: Session, network_id: int, lang: str = "ru") -> FileOut:
    """The needs-survey workbook for the schools of a network (:func:`mentornet.io.survey.write_survey_template`)."""
    from mentornet.io.survey import write_survey_template

    net = get(session, NetworkRow, network_id)
    with tempfile.TemporaryDirectory(prefix="mentornet-survey-") as tmp:
        path = write_survey_template(network_of(net), Path(tmp) / "survey.xlsx", lang="en" if lang == "en" else "ru")
        return FileOut(Path(path).read_bytes(), f"survey-network-{network_id}.xlsx", MEDIA["xlsx"])


def survey_merge(session: Session, network_id: int, files: list[tuple[str, bytes]]) -> tuple[NetworkRow, dict[str, Any]]:
    """Merge the schools' returned survey files into the network's competences (:func:`mentornet.io.survey.merge_survey`).

    Nothing is merged unless every file is free of problems. Each file keeps
    its own name in the problems' places.

    Returns
    -------
    the updated network row and what the merge did: ``answered``, ``not_answered`` (their
    competences kept from the network), ``kept`` and ``dropped`` teams, ``wishes``.

    Raises
    ------
    InputError
        Missing, duplicate and contradictory answers, each with file, sheet, row and column.
    ConflictError
        The network was already planned.
    """
    from mentornet.io.survey import merge_survey

    net = _unplanned(session, network_id)
    with tempfile.TemporaryDirectory(prefix="mentornet-survey-") as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = folder / (Path(name).name or f"survey-{i}.xlsx")
            path.write_bytes(data)
            paths.append(path)
        merged = merge_survey(paths, network_of(net), policy_of(net.policy))
    summary = {
        "answered": list(merged.answered), "not_answered": list(merged.not_answered),
        "kept": [{"school": s, "direction": d} for s, d in merged.kept],
        "dropped": [{"school": s, "direction": d} for s, d in merged.dropped],
        "wishes": [{"school": s, "direction": d, "wish": w} for (s, d), w in sorted(merged.wishes.items())],
    }
    return replace_network(session, network_id, merged.network), summary
