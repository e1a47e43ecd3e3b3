"""Rebalancing (mentornet.rebalance): a re-plan that keeps as many pairs of a base plan as possible."""

from __future__ import annotations

import pytest

from mentornet.diff import diff_plans
from mentornet.model import Network, Policy
from mentornet.rebalance import dominant_continuity, rebalance, rebalance_inputs
from mentornet.scenario import apply_edits
from mentornet.planning import solve


def test_rebalance_inputs(krymsky: Network) -> None:
    base = solve(krymsky, Policy(), solver="greedy")
    closed = base.pairs[0].mentor
    edited, policy = apply_edits(krymsky, Policy(), [{"op": "close_school", "school": closed}])
    net, pol, warm = rebalance_inputs(edited, policy, base)
    assert pol.strategy == "narrow" and pol.weights.continuity == dominant_continuity(policy) > policy.weights.continuity
    year = net.history.last_year
    assert {(p.mentor, p.trainee, p.direction) for p in net.history.pairs if p.year == year} == {
        (p.mentor, p.trainee, p.direction) for p in base.pairs if closed not in (p.mentor, p.trainee)}
    assert all(closed not in (p.mentor, p.trainee) for p in warm.pairs)


@pytest.mark.parametrize("solver", ["greedy", "cpsat"])
def test_rebalance_changes_less_than_a_fresh_solve(krymsky: Network, solver: str) -> None:
    policy = Policy(time_limit=3)
    base = solve(krymsky, policy, solver=solver)
    # close the busiest mentor: its trainees must move
    busiest = max({p.mentor for p in base.pairs}, key=lambda m: sum(p.mentor == m for p in base.pairs))
    edited, pol = apply_edits(krymsky, policy, [{"op": "close_school", "school": busiest},
                                                {"op": "change_limit", "field": "seed", "value": 7}])
    fresh = solve(edited, pol, solver=solver)
    again = rebalance(edited, pol, base, solver=solver)
    fresh_changes = diff_plans(base, fresh).changes
    assert again.rebalance["changes"] == diff_plans(base, again).changes == again.metrics["changes"]
    assert again.rebalance["changes"] < fresh_changes, (again.rebalance, fresh_changes)
    # the reasons speak of the base plan, not of "last year"
    kept = {(p.mentor, p.trainee, p.direction) for p in base.pairs}
    for p in again.pairs:
        assert "last year" not in p.reasons["en"] and "прошлого года" not in p.reasons["ru"]
        if (p.mentor, p.trainee, p.direction) in kept:
            assert "kept from the base plan" in p.reason and "сохранена" in p.reasons["ru"]
    assert any("moved here from" in p.reason for p in again.pairs)
    # coverage does not suffer much for the stability
    assert again.metrics["needs_covered"] >= fresh.metrics["needs_covered"] - 2
