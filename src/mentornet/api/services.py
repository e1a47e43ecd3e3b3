"""Glue between stored rows and the library: load, apply edits, store plans.

No HTTP here except :class:`~mentornet.api.problems.ApiError` for "not
found" and "conflict"; planning logic stays in the library modules
(:mod:`mentornet.scenario`, :mod:`mentornet.rebalance`, :mod:`mentornet.check`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.api.problems import ApiError
from mentornet.api.settings import Settings
from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.db.models import Base
from mentornet.model import Network, Plan, Policy
from mentornet.scenario import apply_edits

__all__ = [
    "check_report",
    "get_or_404",
    "network_of",
    "plan_inputs",
    "plan_of",
    "policy_of",
    "scenario_inputs",
    "store_plan",
]

T = TypeVar("T", bound=Base)

_WHAT = {NetworkRow: "network", ScenarioRow: "scenario", PlanRow: "plan", JobRow: "job"}


def get_or_404(session: Session, model: type[T], ident: int) -> T:
    """The row with this id, or a 404 problem naming what is missing."""
    row = session.get(model, ident)
    if row is None:
        what = _WHAT.get(model, model.__tablename__.rstrip("s"))
        raise ApiError(404, f"No such {what}", f"there is no {what} with id {ident}", kind="not-found")
    return row


def network_of(row: NetworkRow) -> Network:
    return Network.model_validate(row.data)


def policy_of(data: dict[str, Any] | None) -> Policy:
    return Policy.model_validate(data or {})


def plan_of(row: PlanRow) -> Plan:
    return Plan.model_validate(row.data)


def plan_inputs(row: PlanRow) -> tuple[Network, Policy, Plan]:
    """The exact network and policy a stored plan was made from, and the plan."""
    return Network.model_validate(row.network_data), Policy.model_validate(row.policy_data), plan_of(row)


def scenario_inputs(session: Session, scenario: ScenarioRow, settings: Settings | None = None) -> tuple[Network, Policy, list[str]]:
    """The scenario's network and policy after its edits (and notes about skipped locks).

    Raises
    ------
    InputError
        An edit no longer applies (each listed at ``edits[i].field``).
    ApiError
        422 when the edited network is above the server's size limit.
    """
    base = session.get(NetworkRow, scenario.network_id)
    if base is None:  # pragma: no cover - FK protects it
        raise ApiError(404, "No such network", f"the scenario's network {scenario.network_id} is gone", kind="not-found")
    notes: list[str] = []
    network, policy = apply_edits(network_of(base), policy_of(scenario.policy), scenario.edits, notes=notes)
    if settings is not None and len(network.schools) > settings.max_schools:
        raise ApiError(
            422, "Network too large",
            f"after the edits the network has {len(network.schools)} schools; this server plans at most {settings.max_schools} (MENTORNET_MAX_SCHOOLS)",
            kind="network-too-large",
        )
    return network, policy, notes


def check_report(network: Network, plan: Plan, policy: Policy) -> dict[str, Any]:
    from mentornet.check import check_plan

    return check_plan(network, plan, policy).to_dict()


def store_plan(
    session: Session,
    *,
    scenario: ScenarioRow,
    plan: Plan,
    network: Network,
    policy: Policy,
    kind: str,
    job_id: int | None = None,
    base_plan_id: int | None = None,
) -> PlanRow:
    """Add a draft plan row with its inputs and checker report (not committed)."""
    info = (plan.model_extra or {}).get("rebalance") or {}
    row = PlanRow(
        scenario_id=scenario.id,
        network_id=scenario.network_id,
        job_id=job_id,
        kind=kind,
        status="draft",
        solver=plan.solver.name,
        stats=plan.solver.model_dump(mode="json"),
        data=plan.to_json_dict(),
        check=check_report(network, plan, policy),
        network_data=network.model_dump(mode="json"),
        policy_data=policy.model_dump(mode="json"),
        edits=list(scenario.edits),
        base_plan_id=base_plan_id,
        changes=info.get("changes"),
    )
    session.add(row)
    return row


def active_job(session: Session, scenario_id: int) -> JobRow | None:
    return session.scalars(
        select(JobRow).where(JobRow.scenario_id == scenario_id, JobRow.state.in_(("queued", "running"))).limit(1)
    ).first()
