"""The service layer on a plain SQLAlchemy session: no HTTP, library errors only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from mentornet import services
from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow, open_database
from mentornet.errors import (
    ConflictError,
    InputError,
    InvalidRequestError,
    MentornetError,
    NotFoundError,
    RequestError,
)
from mentornet.model import Policy
from mentornet.services import Limits
from tests.tiny import make_plan, tiny_network

LIMITS = Limits(max_upload_bytes=1 << 20, max_schools=50, max_time_limit=60)


class FakeRunner:
    """Records what the service hands to the job runner."""

    def __init__(self) -> None:
        self.submitted: list[int] = []
        self.cancelled: list[int] = []

    def submit(self, job_id: int) -> None:
        self.submitted.append(job_id)

    def cancel(self, job_id: int) -> None:
        self.cancelled.append(job_id)


@pytest.fixture
def session(tmp_path) -> Iterator[Session]:
    db = open_database(f"sqlite:///{tmp_path / 'services.db'}")
    with db.sessions() as s:
        yield s
    db.dispose()


@pytest.fixture
def network(session: Session) -> NetworkRow:
    return services.networks.upload_network(session, tiny_network(), None, filename="tiny.json", fmt="json", limits=LIMITS,
                                            name="Tiny", year=2025)


@pytest.fixture
def scenario(session: Session, network: NetworkRow) -> ScenarioRow:
    return services.scenarios.create_scenario(session, network.id, limits=LIMITS, policy={"time_limit": 5})


@pytest.fixture
def plan(session: Session, scenario: ScenarioRow) -> PlanRow:
    row = services.store_plan(session, scenario=scenario, plan=make_plan(), network=tiny_network(), policy=Policy(), kind="solve")
    session.commit()
    return row


def test_refusals_are_one_hierarchy() -> None:
    for cls in (NotFoundError, ConflictError, InvalidRequestError):
        assert issubclass(cls, RequestError) and issubclass(cls, MentornetError)
    exc = ConflictError("Network in use", "network 3 is used by 1 scenarios", job_id=4)
    assert (exc.kind, exc.extra, str(exc)) == ("network-in-use", {"job_id": 4}, "network 3 is used by 1 scenarios")


def test_upload_stores_the_network_with_its_name_and_year(session: Session, network: NetworkRow) -> None:
    assert (network.name, network.year, network.n_schools, network.source_format) == ("Tiny", 2025, 4, "json")
    assert [r.id for r in services.networks.list_networks(session)] == [network.id]
    with pytest.raises(InvalidRequestError) as exc:
        services.networks.upload_network(session, tiny_network(), None, filename="big.json", fmt="json",
                                         limits=Limits(max_schools=3))
    assert exc.value.kind == "network-too-large" and "'big.json' has 4 schools" in exc.value.detail


def test_a_missing_row_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError) as exc:
        services.get(session, PlanRow, 99)
    assert (exc.value.title, exc.value.detail) == ("No such plan", "there is no plan with id 99")


def test_a_network_in_use_is_kept(session: Session, network: NetworkRow, scenario: ScenarioRow) -> None:
    with pytest.raises(ConflictError, match="used by 1 scenarios"):
        services.networks.delete_network(session, network.id)
    services.scenarios.delete_scenario(session, scenario.id)
    services.networks.delete_network(session, network.id)
    assert session.get(NetworkRow, network.id) is None


def test_edits_are_checked_in_order_and_named(session: Session, scenario: ScenarioRow) -> None:
    services.scenarios.add_edit(session, scenario.id, {"op": "close_school", "school": "H1"}, limits=LIMITS)
    with pytest.raises(InputError) as exc:
        services.scenarios.add_edit(session, scenario.id, {"op": "lock_role", "school": "H1", "direction": "d1", "role": "leader"},
                                    limits=LIMITS)
    assert exc.value.problems[0].location.field == "edits[1].school"
    session.rollback()
    assert len(session.get(ScenarioRow, scenario.id).edits) == 1
    with pytest.raises(NotFoundError, match="index 5 is out of range"):
        services.scenarios.remove_edit(session, scenario.id, 5, limits=LIMITS)
    inputs = services.scenarios.effective_inputs(session, scenario.id, limits=LIMITS)
    assert len(inputs["network"]["schools"]) == 3 and inputs["policy"]["time_limit"] == 5


def test_an_invalid_policy_names_the_field(session: Session, network: NetworkRow) -> None:
    with pytest.raises(InvalidRequestError) as exc:
        services.scenarios.create_scenario(session, network.id, limits=LIMITS, policy={"cap_per_direction": -1})
    assert exc.value.errors[0]["where"] == "policy.cap_per_direction"


def test_solve_queues_one_job_at_a_time(session: Session, scenario: ScenarioRow) -> None:
    runner = FakeRunner()
    job = services.scenarios.solve_scenario(session, runner, scenario.id, limits=LIMITS, solver="greedy")
    assert runner.submitted == [job.id] and job.state == "queued" and job.params == {}
    with pytest.raises(ConflictError) as exc:
        services.scenarios.solve_scenario(session, runner, scenario.id, limits=LIMITS)
    assert exc.value.extra == {"job_id": job.id}
    services.jobs.cancel_job(session, runner, job.id)
    assert runner.cancelled == [job.id] and session.get(JobRow, job.id).state == "cancelled"
    with pytest.raises(ConflictError, match="nothing to cancel"):
        services.jobs.cancel_job(session, runner, job.id)
    with pytest.raises(InvalidRequestError) as exc:
        services.scenarios.solve_scenario(session, runner, scenario.id, limits=LIMITS, time_limit=61)
    assert exc.value.kind == "time-limit-too-long"
    with pytest.raises(InvalidRequestError, match="give base_plan_id"):
        services.scenarios.rebalance_scenario(session, runner, scenario.id, limits=LIMITS)
    assert runner.submitted == [job.id]


def test_a_plan_is_approved_then_published_and_then_final(session: Session, scenario: ScenarioRow, plan: PlanRow) -> None:
    with pytest.raises(ConflictError, match="approve the plan before publishing it") as exc:
        services.plans.change_status(session, plan.id, "published")
    assert exc.value.extra == {"current": "draft", "requested": "published"}
    with pytest.raises(ConflictError, match="locks are taken from a published plan"):
        services.scenarios.locks_from_plan(session, scenario.id, plan.id, limits=LIMITS)
    services.plans.change_status(session, plan.id, "approved")
    assert services.plans.change_status(session, plan.id, "published").published_at is not None
    with pytest.raises(ConflictError, match="only draft plans can be deleted"):
        services.plans.delete_plan(session, plan.id)
    row = services.scenarios.locks_from_plan(session, scenario.id, plan.id, limits=LIMITS)
    assert [e["op"] for e in row.edits] == ["lock_plan"] and len(row.edits[0]["pairs"]) == len(make_plan().pairs)


def test_what_if_copies_the_scenario_with_the_plan_as_base(session: Session, scenario: ScenarioRow, plan: PlanRow) -> None:
    copy = services.plans.what_if(session, plan.id)
    assert (copy.network_id, copy.base_plan_id, copy.name, copy.policy) == (scenario.network_id, plan.id, f"what-if from plan {plan.id}", scenario.policy)
    assert services.plans.diff(session, plan.id, plan.id).summary()
    card = services.plans.explanations(session, plan.id, lang="en", school="L1")
    assert card["school"]["id"] == "L1" and all("L1" in (p["mentor"], p["trainee"]) for p in card["pairs"])
    with pytest.raises(NotFoundError, match="school 'X'"):
        services.plans.explanations(session, plan.id, school="X")


def test_exports_are_files(session: Session, plan: PlanRow) -> None:
    out = services.plans.export_plan(session, plan.id, "json")
    assert out.filename == f"plan-{plan.id}.json" and out.media_type == "application/json" and out.data.startswith(b"{")
    zipped = services.plans.export_plan(session, plan.id, "csv", lang="en")
    assert zipped.filename.endswith("-csv.zip") and zipped.data[:2] == b"PK"


def test_journal_entries_refer_to_the_network(session: Session, network: NetworkRow) -> None:
    import datetime as dt

    with pytest.raises(InvalidRequestError) as exc:
        services.journal.add_event(session, {"network_id": network.id, "date": dt.date(2025, 9, 1), "school": "X", "kind": "visit"})
    assert exc.value.errors[0]["location"] == {"field": "school"}
    with pytest.raises(InvalidRequestError, match="a team cannot be its own mentor"):
        services.journal.add_transfer(session, {"network_id": network.id, "date": dt.date(2025, 9, 1), "team": "L1",
                                                "direction": "d1", "to_mentor": "L1"})
    row = services.journal.add_event(session, {"network_id": network.id, "date": dt.date(2025, 9, 1), "school": "L1", "kind": "visit"})
    services.journal.delete_entry(session, type(row), row.id, "journal event")
    with pytest.raises(NotFoundError, match="no journal event with id"):
        services.journal.delete_entry(session, type(row), row.id, "journal event")


def _record_journal_both_ways(session: Session, network: NetworkRow, plan: PlanRow, tmp_path, *, sheet: bool = True) -> None:
    """The same year's internships recorded one by one (2 events at L1, 1 transfer) and as the workbook's journal sheet."""
    import datetime as dt

    from mentornet.io.outcomes import write_outcomes
    from mentornet.model import JournalEntry, YearOutcomes

    for staff in (2, None):
        services.journal.add_event(session, {"network_id": network.id, "plan_id": plan.id, "date": dt.date(2025, 10, 1),
                                             "school": "L1", "kind": "seminar", "staff_trained": staff})
    services.journal.add_transfer(session, {"network_id": network.id, "date": dt.date(2025, 11, 1), "team": "H1",
                                            "direction": "d1", "to_mentor": "L1"})
    journal = (JournalEntry(school="L1", direction="d1", events=2, staff_trained=2, transfers=1),) if sheet else ()
    record = YearOutcomes(network="tiny", year=2025, outcomes=(), journal=journal)
    path = write_outcomes(record, tiny_network(), make_plan(), tmp_path / "outcomes.xlsx", lang="en")
    services.outcomes.upload_outcomes(session, plan.id, path.name, path.read_bytes())


def test_a_year_recorded_both_ways_counts_its_journal_once(session: Session, network: NetworkRow, plan: PlanRow, tmp_path) -> None:
    _record_journal_both_ways(session, network, plan, tmp_path)
    # the sheet is the year's whole journal: the entries recorded one by one are set aside, not added
    counts = services.outcomes.journal_counts(session, network.id, plan.id)
    assert counts == {"events": 2, "events_per_site": {"L1": 2}, "sites_with_events": 1, "staff_trained": 2, "transfers": 1,
                      "source": "sheet", "set_aside_events": 2, "set_aside_transfers": 1}
    record = services.outcomes.year_outcomes(session, plan.id)
    assert (record.events_per_site, record.staff_trained, record.transfers) == ({"L1": 2}, 2, 1)
    assert services.outcomes.year_journal(session, network.id, plan.id)["source"] == "sheet"


def test_without_a_journal_sheet_the_entries_are_the_journal(session: Session, network: NetworkRow, plan: PlanRow, tmp_path) -> None:
    _record_journal_both_ways(session, network, plan, tmp_path, sheet=False)
    counts = services.outcomes.journal_counts(session, network.id, plan.id)
    assert counts == {"events": 2, "events_per_site": {"L1": 2}, "sites_with_events": 1, "staff_trained": 2, "transfers": 1,
                      "source": "entries", "set_aside_events": 0, "set_aside_transfers": 0}
    record = services.outcomes.year_outcomes(session, plan.id)  # the transfer is a line of its team, with no event
    assert (record.events_per_site, record.staff_trained, record.transfers) == ({"H1": 0, "L1": 2}, 2, 1)
    empty = services.outcomes.journal_counts(session, network.id + 1000, None)
    assert (empty["events"], empty["transfers"], empty["source"]) == (None, None, None)
