"""Plan diffs (mentornet.diff): pairs added, removed, moved; metrics."""

from __future__ import annotations

from mentornet.diff import diff_plans
from tests.tiny import PAIRS, make_pair, make_plan


def test_diff_plans() -> None:
    a = make_plan()
    b_pairs = [p for p in PAIRS if (p.trainee, p.direction) != ("H1", "d1")]
    b_pairs = [make_pair("L2", "P1", "d1") if (p.trainee, p.direction) == ("P1", "d1") else p for p in b_pairs]
    b = make_plan(pairs=b_pairs).with_changes(metrics={"pairs": 4, "coverage_ratio": 0.8})
    a = a.with_changes(metrics={"pairs": 5, "coverage_ratio": 1.0, "mentor_load": {"L1": 2}})
    d = diff_plans(a, b)
    assert [(m.trainee, m.mentor_before, m.mentor_after) for m in d.moved] == [("P1", "L1", "L2")]
    assert [(p.mentor, p.trainee) for p in d.removed] == [("P1", "H1")]
    assert not d.added and d.kept == 3 and d.changes == 2
    assert d.metrics["pairs"].delta == -1 and d.metrics["coverage_ratio"].after == 0.8
    assert "mentor_load" not in d.metrics
    reverse = diff_plans(b, a)
    assert [(p.mentor, p.trainee) for p in reverse.added] == [("P1", "H1")]
    assert diff_plans(a, a).changes == 0
