"""Curators handed out anew for balance: never a fuller curator, every rule kept (checked independently)."""

from __future__ import annotations

import itertools

import pytest

from mentornet.generate import generate_network
from mentornet.graph.candidates import build_candidates
from mentornet.model import Policy
from mentornet.planning import solve
from mentornet.solvers._plan import assign_curators, rebalance_curators


def _largest_share(net, assignment) -> int:
    """Independent of the objective code: the fullest limited curator's load, in percent of its limit, rounded up."""
    load: dict[str, int] = {}
    for ids in assignment.values():
        for c in ids:
            load[c] = load.get(c, 0) + 1
    limit = {c.id: c.max_teams for c in net.curators}
    return max((-(-100 * n // limit[c]) for c, n in load.items() if limit[c]), default=0)


def _case(seed: int, max_teams: int):
    net = generate_network(30, 3, 2, seed=seed)
    net = net.model_copy(update={"curators": tuple(c.model_copy(update={"max_teams": max_teams}) for c in net.curators)})
    policy = Policy()
    cg = build_candidates(net, policy)
    plan = solve(net, policy, solver="flow")
    row = {(cg.schools[m], cg.schools[t], cg.directions[d]): i
           for i, (m, t, d) in enumerate(zip(cg.edges["mentor"], cg.edges["trainee"], cg.edges["direction"]))}
    return net, cg, [row[(p.mentor, p.trainee, p.direction)] for p in plan.pairs]


@pytest.mark.parametrize("seed", [1, 4, 8, 9])
def test_rebalanced_curators_keep_every_rule_and_lower_the_largest_share(seed):
    net, cg, rows = _case(seed, 14)
    greedy = assign_curators(cg, rows)
    balanced = rebalance_curators(cg, greedy)
    assert set(balanced) == set(rows)
    kinds = list(net.curator_kinds)
    for e, ids in balanced.items():
        trainee, direction = cg.schools[int(cg.edges.at[e, "trainee"])], cg.directions[int(cg.edges.at[e, "direction"])]
        assert sorted(net.curator_by_id[c].kind_key for c in ids) == sorted(kinds)  # one per kind
        assert all(net.curator_may_supervise(c, direction, trainee) for c in ids)
    load: dict[str, int] = {}
    for ids in balanced.values():
        for c in ids:
            load[c] = load.get(c, 0) + 1
    assert all(net.curator_by_id[c].max_teams is None or n <= net.curator_by_id[c].max_teams for c, n in load.items())
    assert _largest_share(net, balanced) < _largest_share(net, greedy)


def test_rebalancing_reaches_the_least_largest_share_on_a_small_case():
    """Every assignment enumerated: the rebalanced one has the smallest largest share."""
    net, planned, rows = _case(4, 14)
    net = net.model_copy(update={"curators": tuple(c.model_copy(update={"max_teams": 5}) for c in net.curators)})
    cg = build_candidates(net, Policy())
    key = ["mentor", "trainee", "direction"]
    assert cg.edges[key].equals(planned.edges[key])  # curator limits leave the graph as it was
    rows = rows[:9]  # nine of the plan's pairs
    greedy = assign_curators(cg, rows)
    balanced = rebalance_curators(cg, greedy)
    options = []
    for e in rows:
        trainee, direction = cg.schools[int(cg.edges.at[e, "trainee"])], cg.directions[int(cg.edges.at[e, "direction"])]
        options.append([c.id for c in net.curators if net.curator_may_supervise(c.id, direction, trainee)])
    best = min(_largest_share(net, {e: (c,) for e, c in zip(rows, pick)}) for pick in itertools.product(*options))
    assert _largest_share(net, balanced) == best < _largest_share(net, greedy)  # (a case greedy leaves fuller)


def test_curators_limiting_schools_are_left_as_they_are():
    net, cg, rows = _case(1, 14)
    net = net.model_copy(update={"curators": tuple(c.model_copy(update={"max_schools": 50}) for c in net.curators)})
    cg = build_candidates(net, Policy())
    greedy = assign_curators(cg, rows)
    assert rebalance_curators(cg, greedy) == greedy
