"""Issue 14, items 5 and 6: every solver plans curator kinds, school limits,
flagged unsupervised pairs, group sizes and mixed-mode travel into
checker-valid plans; the objective's curator-balance term and the reasons
shown are confirmed with independent code."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest

from mentornet.check import check_plan, distance_km
from mentornet.errors import InfeasibleError
from mentornet.explain import curator_balance_reason
from mentornet.generate import generate_network
from mentornet.model import Curator, Direction, Format, Mode, Network, Plan, Policy
from mentornet.planning import solve
from mentornet.solvers import available_solvers
from mentornet.solvers.objective import evaluate_plan

CONSULTANT, DIRECTION_CURATOR = "научный консультант", "куратор направления"


def region(seed: int, *, drop_consultant: bool = True, max_schools: int | None = None) -> Network:
    """A generated region with two curator kinds: direction curators and district consultants;
    the first district's consultant is missing (a district without a consultant)."""
    net = generate_network(24, 3, 3, seed=seed)
    curators = []
    for c in net.curators:
        if c.municipalities:
            if drop_consultant and c.municipalities == (net.schools[0].municipality,):
                continue
            curators.append(c.model_copy(update={"kind": CONSULTANT, "max_schools": max_schools}))
        else:
            curators.append(c.model_copy(update={"kind": DIRECTION_CURATOR, "max_teams": None}))
    return net.with_changes(curators=tuple(curators))


def _kinds_of(net: Network, plan: Plan) -> list[tuple[str, ...]]:
    return [tuple(net.curator_by_id[c].kind or "" for c in p.all_curators) for p in plan.pairs]


@pytest.mark.parametrize("solver", available_solvers())
def test_two_kinds_and_a_district_without_a_consultant_flagged(solver: str) -> None:
    net = region(3)
    policy = Policy(unsupervised="flag", time_limit=5, workers=1)
    plan = solve(net, policy, solver=solver)
    report = check_plan(net, plan, policy)
    assert report.ok, str(report)
    lonely = net.schools[0].municipality
    for p, kinds in zip(plan.pairs, _kinds_of(net, plan)):
        home = net.school_by_id[p.trainee].municipality
        if home == lonely:
            assert p.unsupervised == (CONSULTANT,) and kinds == (DIRECTION_CURATOR,), p
            assert any(m.code == "pair.unsupervised" and m.params["municipality"] == lonely for m in p.why)
        else:
            assert p.unsupervised == () and sorted(kinds) == sorted((CONSULTANT, DIRECTION_CURATOR)), p
    flagged = sum(1 for p in plan.pairs if net.school_by_id[p.trainee].municipality == lonely)
    assert flagged > 0 and report.metrics["unsupervised_pairs"] == flagged


@pytest.mark.parametrize("solver", available_solvers())
def test_forbid_keeps_the_district_without_a_consultant_out_of_every_pair_as_trainee(solver: str) -> None:
    net = region(3)
    policy = Policy(time_limit=5, workers=1)
    lonely = net.schools[0].municipality
    try:
        plan = solve(net, policy, solver=solver)
    except InfeasibleError as exc:
        # A school there that can only learn makes the region infeasible: the conflict names the scope.
        assert any(c.kind in ("curator_scope", "involvement") for c in exc.conflicts)
        return
    assert check_plan(net, plan, policy).ok
    assert all(net.school_by_id[p.trainee].municipality != lonely for p in plan.pairs)


@pytest.mark.parametrize("solver", available_solvers())
@pytest.mark.parametrize(("seed", "limit"), [(1, 4), (1, 5), (4, 6)])
def test_school_limits_of_consultants_hold(solver: str, seed: int, limit: int) -> None:
    net = region(seed, drop_consultant=False, max_schools=limit)
    policy = Policy(time_limit=5, workers=1)
    plan = solve(net, policy, solver=solver)
    report = check_plan(net, plan, policy)
    assert report.ok, str(report)
    schools: dict[str, set[str]] = defaultdict(set)
    for p in plan.pairs:
        for c in p.all_curators:
            schools[c].add(p.trainee)
    consultants = [len(schools[c.id]) for c in net.curators if c.kind == CONSULTANT]
    assert max(consultants) == limit, consultants  # the limit binds somewhere, and holds everywhere
    assert report.metrics["curator_schools"] == {c: len(s) for c, s in sorted(schools.items())}


# ---------------------------------------------------------------- balance


def _shares(net: Network, plan: Plan) -> dict[str, int]:
    """Independently: each limited curator's used share of the limit, whole percent rounded up."""
    pairs: Counter[str] = Counter()
    schools: dict[str, set[str]] = defaultdict(set)
    for p in plan.pairs:
        for c in p.all_curators:
            pairs[c] += 1
            schools[c].add(p.trainee)
    out = {}
    for c in net.curators:
        if c.id in pairs:
            parts = [math.ceil(100 * pairs[c.id] / c.max_teams) if c.max_teams else 0,
                     math.ceil(100 * len(schools[c.id]) / c.max_schools) if c.max_schools else 0]
            if c.max_teams or c.max_schools:
                out[c.id] = max(parts)
    return out


@pytest.mark.parametrize("solver", available_solvers())
def test_the_curator_balance_term_and_its_reason_agree_with_the_plan(solver: str) -> None:
    net = region(2, drop_consultant=False)
    policy = Policy(time_limit=5, workers=1)
    plan = solve(net, policy, solver=solver)
    shares = _shares(net, plan)
    assert shares, "the consultants have limits"
    _, parts = evaluate_plan(net, plan, policy)
    assert parts["curator_balance"] == -policy.weights.curator_balance * max(shares.values())
    assert plan.metrics["objective_parts"]["curator_balance"] == parts["curator_balance"]
    reason = curator_balance_reason(net, plan)
    assert reason is not None and reason.params["share"] == max(shares.values())
    name = reason.params["curator"]
    top = [c for c in net.curators if c.label == name]
    assert top and shares[top[0].id] == max(shares.values())
    load = sum(1 for p in plan.pairs if top[0].id in p.all_curators)
    if reason.code == "plan.curator_balance":
        assert (reason.params["load"], reason.params["limit"]) == (load, top[0].max_teams)
    assert "процентов предела" in reason.render("ru") or "% предела" in reason.render("ru")


def test_cpsat_evens_out_two_consultants_with_the_same_scope() -> None:
    """Two consultants of one district with the same limit: CP-SAT splits the pairs evenly."""
    net = generate_network(16, 2, 1, seed=5)
    muni = net.schools[0].municipality
    curators = (Curator(id="K1", name="Консультант 1", max_teams=40, municipalities=(muni,)),
                Curator(id="K2", name="Консультант 2", max_teams=40, municipalities=(muni,)))
    net = net.with_changes(curators=curators, directions=tuple(d.model_copy(update={"curators": ()}) for d in net.directions))
    policy = Policy(time_limit=10, workers=1)
    plan = solve(net, policy, solver="cpsat")
    load = Counter(p.curator for p in plan.pairs)
    assert abs(load["K1"] - load["K2"]) <= 1, load
    off = solve(net, policy.model_copy(update={"weights": policy.weights.model_copy(update={"curator_balance": 0})}), solver="cpsat")
    assert plan.metrics["needs_covered"] == off.metrics["needs_covered"]


# ---------------------------------------------------------------- groups and modes


@pytest.mark.parametrize("solver", available_solvers())
@pytest.mark.parametrize("seed", [0, 6])
def test_groups_run_with_at_least_their_minimum(solver: str, seed: int) -> None:
    net = generate_network(20, 2, 2, seed=seed)
    net = net.with_changes(directions=tuple(
        d.model_copy(update={"format": Format.group, "group_min": 2, "group_max": 3, "mentor_cap": None}) if i == 0 else d
        for i, d in enumerate(net.directions)))
    policy = Policy(time_limit=5, workers=1)
    try:
        plan = solve(net, policy, solver=solver)
    except InfeasibleError as exc:
        assert solver != "cpsat" and any(c.kind == "group_size" for c in exc.conflicts), exc.conflicts
        return
    assert check_plan(net, plan, policy).ok
    d0 = net.directions[0].id
    groups = Counter(p.mentor for p in plan.pairs if p.direction == d0)
    assert all(2 <= k <= 3 for k in groups.values()), groups


@pytest.mark.parametrize("solver", available_solvers())
def test_mixed_mode_keeps_max_km_and_counts_half_the_travel(solver: str) -> None:
    net = generate_network(20, 2, 2, seed=8)
    net = net.with_changes(directions=tuple(
        d.model_copy(update={"mode": Mode.mixed, "online": False}) for d in net.directions))
    policy = Policy(max_km=60, time_limit=5, workers=1)
    plan = solve(net, policy, solver=solver)
    assert check_plan(net, plan, policy).ok
    w = policy.weights.travel_per_10km
    for p in plan.pairs:
        km = distance_km(net.school_by_id[p.mentor], net.school_by_id[p.trainee])
        assert km is not None and km <= 60 + 1e-3
        assert p.parts["travel"] == -w * round(km * policy.mixed_onsite_share / 10)
        assert p.distance_km == pytest.approx(km, abs=0.051)
        mixed = [m for m in p.why if m.code == "pair.mixed"]
        assert mixed and mixed[0].params["percent"] == 50


def test_direction_facts_are_shown_in_the_export_title() -> None:
    from mentornet.export import direction_facts

    d = Direction(id="1", name="Качество", audience="heads", format="group", group_min=2, group_max=4, mode="mixed")
    assert direction_facts(d, "ru") == "руководители; группы 2–4; смешанный формат"
    assert direction_facts(d, "en") == "heads; groups 2–4; mixed"
    assert direction_facts(Direction(id="2"), "ru") == ""


def test_a_group_minimum_no_plan_can_meet_is_explained_by_cpsat() -> None:
    """One leader and one trainee that takes part nowhere else: a group of two cannot run."""
    from mentornet.model import Competence, School

    net = Network(
        name="groups",
        schools=(School(id="A"), School(id="B"), School(id="C")),
        directions=(Direction(id="1", format=Format.group, group_min=2),
                    Direction(id="2")),
        competences=(Competence(school="A", direction="1", level="leader"), Competence(school="B", direction="1", level="promising"),
                     Competence(school="A", direction="2", level="leader"), Competence(school="C", direction="2", level="promising")),
    )
    with pytest.raises(InfeasibleError) as info:
        solve(net, Policy(time_limit=5, workers=1), solver="cpsat")
    kinds = {c.kind for c in info.value.conflicts}
    assert "group_size" in kinds, info.value.conflicts
    assert any("minimum size (2)" in c.message for c in info.value.conflicts)
