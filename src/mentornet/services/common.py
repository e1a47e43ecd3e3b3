"""What every operation needs: rows by id, stored data as library objects, limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.db.models import Base
from mentornet.errors import InvalidRequestError, NotFoundError
from mentornet.model import (
    Network,
    Plan,
    Policy,
    merge_policy,
    policy_given,
    policy_record,
)
from mentornet.scenario import apply_edits

__all__ = [
    "Limits",
    "Runner",
    "active_job",
    "check_report",
    "get",
    "network_of",
    "plan_inputs",
    "plan_of",
    "policy_of",
    "scenario_inputs",
    "store_plan",
]

T = TypeVar("T", bound=Base)

_WHAT = {NetworkRow: "network", ScenarioRow: "scenario", PlanRow: "plan", JobRow: "job"}


@dataclass(frozen=True)
class Limits:
    """The server's limits an operation checks (None = no limit).

    ``max_upload_bytes``: largest uploaded file; ``max_schools``: largest
    network; ``max_time_limit``: longest solver time limit a solve may ask for;
    ``read_time_limit``: time budget for reading one uploaded file.
    """

    max_upload_bytes: int | None = None
    max_schools: int | None = None
    max_time_limit: float | None = None
    #: seconds a file may take to read (``MENTORNET_READ_TIME_LIMIT``)
    read_time_limit: float | None = None


class Runner(Protocol):
    """What runs the solve jobs (``mentornet.api.jobs.JobRunner``).

    ``owner`` is the running server's instance id: a queued job is recorded
    as its own at once, so that no other server's start takes it for
    abandoned (see the job lease in ``mentornet.api.jobs``).
    """

    owner: str | None

    def submit(self, job_id: int) -> None: ...

    def cancel(self, job_id: int) -> None: ...


def get(session: Session, model: type[T], ident: int) -> T:
    """The row with this id.

    Raises
    ------
    NotFoundError
        Naming what is missing (``No such plan``).
    """
    row = session.get(model, ident)
    if row is None:
        what = _WHAT.get(model, model.__tablename__.rstrip("s"))
        raise NotFoundError(f"No such {what}", f"there is no {what} with id {ident}", kind="not-found")
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


def scenario_inputs(session: Session, scenario: ScenarioRow, max_schools: int | None = None) -> tuple[Network, Policy, list[str]]:
    """The scenario's network and policy after its edits (and notes about skipped locks).

    Raises
    ------
    InputError
        An edit no longer applies (each listed at ``edits[i].field``).
    InvalidRequestError
        The edited network is above ``max_schools``.
    """
    base = session.get(NetworkRow, scenario.network_id)
    if base is None:  # pragma: no cover - FK protects it
        raise NotFoundError("No such network", f"the scenario's network {scenario.network_id} is gone", kind="not-found")
    notes: list[str] = []
    network, policy = apply_edits(network_of(base), policy_of(scenario.policy), scenario.edits, notes=notes)
    if max_schools is not None and len(network.schools) > max_schools:
        raise InvalidRequestError(
            "Network too large",
            f"after the edits the network has {len(network.schools)} schools; this server plans at most {max_schools} (MENTORNET_MAX_SCHOOLS)",
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
        data=plan.with_changes(policy=effective_policy_record(session, scenario, policy)).to_json_dict(),
        check=check_report(network, plan, policy),
        network_data=network.model_dump(mode="json"),
        policy_data=policy.model_dump(mode="json"),
        edits=list(scenario.edits),
        base_plan_id=base_plan_id,
        changes=info.get("changes"),
    )
    session.add(row)
    return row


def effective_policy_record(session: Session, scenario: ScenarioRow, policy: Policy) -> dict[str, Any]:
    """The effective policy of a plan with the source of each value (as ``plan.json`` records it).

    The network's stored policy is what its input file gave; a setting whose
    value differs from what that input and the defaults give was set by the
    scenario (an API parameter, source ``option``).
    """
    network = session.get(NetworkRow, scenario.network_id)
    given = (network.policy if network is not None else None) or {}
    base = merge_policy(input=given)[0]
    before, now = policy_given(base.model_dump(mode="json")), policy_given(policy.model_dump(mode="json"))
    changed = {k: v for k, v in now.items() if before.get(k) != v}
    merged, sources = merge_policy(input=given, options=changed, none_is_unset=False)
    return policy_record(merged, sources)


def active_job(session: Session, scenario_id: int) -> JobRow | None:
    """The scenario's queued or running job, if any."""
    return session.scalars(
        select(JobRow).where(JobRow.scenario_id == scenario_id, JobRow.state.in_(("queued", "running"))).limit(1)
    ).first()
