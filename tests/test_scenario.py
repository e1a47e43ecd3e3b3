"""What-if edits (mentornet.scenario): how each applies, the registry, the text form, the messages."""

from __future__ import annotations

from typing import Literal, get_args

import pytest

from mentornet.errors import InputError
from mentornet.model import Curator, Level, Network, Policy
from mentornet.scenario import (
    EDIT_OPS,
    EDIT_TYPES,
    BaseEdit,
    ChangeCapacity,
    ChangeLimit,
    Edit,
    ForbidPair,
    LockPair,
    Term,
    apply_edits,
    describe_edit,
    dump_edit,
    edit_from_text,
    lock_plan_edit,
    parse_edits,
)
from tests.tiny import PAIRS, make_plan, tiny_network


@pytest.fixture
def tiny() -> Network:
    return tiny_network()


def problems(exc: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(p.location.field, p.message) for p in exc.value.problems]


# ---------------------------------------------------------------- each edit


def test_close_school_removes_everything_referring_to_it(tiny: Network) -> None:
    net = tiny.with_changes(
        history={"pairs": [{"year": 2023, "mentor": "L1", "trainee": "P1", "direction": "d1"},
                           {"year": 2023, "mentor": "L2", "trainee": "L1", "direction": "d2"}],
                 "roles": [{"year": 2023, "school": "P1", "direction": "d1", "role": "promising"}]},
        locks={"pairs": [{"mentor": "L1", "trainee": "P1", "direction": "d1"}],
               "forbidden": [{"mentor": "P1", "trainee": "H1"}],
               "roles": [{"school": "P1", "direction": "d1", "role": "promising"}]},
    )
    new, policy = apply_edits(net, None, [{"op": "close_school", "school": "P1"}])
    assert "P1" not in new.school_by_id and len(new.schools) == 3
    assert all(c.school != "P1" for c in new.competences)
    assert [(p.mentor, p.trainee) for p in new.history.pairs] == [("L2", "L1")]
    assert not new.history.roles and not new.locks.pairs and not new.locks.forbidden and not new.locks.roles
    assert policy == Policy()
    assert len(net.schools) == 4  # the input is untouched


def test_close_school_drops_a_curator_whose_municipality_is_gone(tiny: Network) -> None:
    schools = tuple(s.model_copy(update={"municipality": "B"}) if s.id == "H1" else s for s in tiny.schools)
    net = tiny.with_changes(schools=schools, curators=(*tiny.curators, Curator(id="consultant-B", municipalities=("B",))))
    new, _ = apply_edits(net, None, [{"op": "close_school", "school": "H1"}])
    assert "consultant-B" not in new.curator_by_id


def test_change_capacity(tiny: Network) -> None:
    new, _ = apply_edits(tiny, None, [{"op": "change_capacity", "school": "L1", "host_capacity": 1}])
    assert new.school_by_id["L1"].host_capacity == 1 and new.school_by_id["L1"].max_trainee_directions is None
    back, _ = apply_edits(new, None, [{"op": "change_capacity", "school": "L1", "host_capacity": None, "max_trainee_directions": 2}])
    assert back.school_by_id["L1"].host_capacity is None and back.school_by_id["L1"].max_trainee_directions == 2
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{"op": "change_capacity", "school": "L1"}])
    assert "host_capacity" in exc.value.problems[0].message


def test_change_capacity_keeps_unset_limits_through_storage() -> None:
    net = tiny_network(L1={"max_trainee_directions": 2, "host_capacity": 5})
    [edit] = parse_edits([{"op": "change_capacity", "school": "L1", "host_capacity": 1}])
    stored = dump_edit(edit)
    assert stored == {"op": "change_capacity", "school": "L1", "host_capacity": 1}
    new, _ = apply_edits(net, None, [stored])
    assert (new.school_by_id["L1"].host_capacity, new.school_by_id["L1"].max_trainee_directions) == (1, 2)
    assert describe_edit(parse_edits([stored])[0]) == "capacity of L1: host_capacity = 1"


def test_change_limit(tiny: Network) -> None:
    _, policy = apply_edits(tiny, Policy(), [{"op": "change_limit", "field": "cap_per_direction", "value": 2},
                                             {"op": "change_limit", "field": "max_km", "value": None}])
    assert policy.cap_per_direction == 2 and policy.max_km is None
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{"op": "change_limit", "field": "cap_per_direction", "value": -3}])
    [(field, msg)] = problems(exc)
    assert field == "edits[0].value" and "greater than or equal to 0" in msg
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{"op": "change_limit", "field": "no_such_field", "value": 1}])
    assert problems(exc)[0][0].startswith("edits[0].field")


def test_lock_pair_and_forbid_pair_replace_each_other(tiny: Network) -> None:
    # an edit replaces a lock or forbid the network already has (from the input) ...
    forbidden, _ = apply_edits(tiny, None, [{"op": "forbid_pair", "mentor": "L1", "trainee": "P1"}])
    new, _ = apply_edits(forbidden, None, [{"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"}])
    assert [(p.mentor, p.trainee, p.direction) for p in new.locks.pairs] == [("L1", "P1", "d1")]
    assert not new.locks.forbidden
    new, _ = apply_edits(new, None, [{"op": "forbid_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"}])
    assert not new.locks.pairs and new.locks.forbidden[0].direction == "d1"


# ---------------------------------------------------------------- contradictory and no-op edits


FORBID = {"op": "forbid_pair", "mentor": "L1", "trainee": "P1"}
LOCK = {"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"}


@pytest.mark.parametrize(("edits", "field", "message"), [
    ([FORBID, LOCK], "edits[1]",
     "edit 2 (lock_pair) keeps the pair L1 → P1 in 'd1' that edit 1 (forbid_pair) forbids; remove one of them"),
    ([LOCK, {**FORBID, "direction": "d1"}], "edits[1]",
     "edit 2 (forbid_pair) forbids the pair L1 → P1 in 'd1' that edit 1 (lock_pair) keeps; remove one of them"),
    ([{"op": "close_school", "school": "H1"}, LOCK, LOCK], "edits[2]", "edit 3 (lock_pair) repeats edit 2; remove one of them"),
    ([{"op": "change_limit", "field": "seed", "value": 3}] * 2, "edits[1]", "edit 2 (change_limit) repeats edit 1; remove one of them"),
    ([LOCK, {**LOCK, "mentor": "H1"}], "edits[1]",
     "edit 2 (lock_pair) locks H1 as the mentor of P1 in 'd1', but edit 1 (lock_pair) locked L1: "
     "a team has one mentor per direction; remove one of them"),
    ([{"op": "lock_role", "school": "L1", "direction": "d1", "role": "leader"},
      {"op": "lock_role", "school": "L1", "direction": "d1", "role": "promising"}], "edits[1]",
     "edit 2 (lock_role) fixes the role of L1 in 'd1' as promising, but edit 1 (lock_role) fixed it as leader; remove one of them"),
    ([{"op": "lock_plan", "plan_id": 1, "pairs": [], "roles": []}], "edits[0]",
     "edit 1 (lock_plan) keeps nothing: plan 1 has no pairs and no roles"),
])
def test_contradictory_or_empty_edits_are_refused_naming_both(tiny: Network, edits, field, message) -> None:
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, edits)
    assert problems(exc) == [(field, message)]
    assert "изменение" in exc.value.problems[0].message_in("ru")


def test_a_lock_plan_contradicting_a_forbid_is_refused(tiny: Network) -> None:
    lock = lock_plan_edit(make_plan(), plan_id=4)
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{**FORBID, "direction": "d1"}, lock])
    assert problems(exc) == [("edits[1]", "edit 2 (lock_plan) keeps the pair L1 → P1 in 'd1' that edit 1 (forbid_pair) forbids; "
                                          "remove one of them")]
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [lock, FORBID])
    assert problems(exc)[0][1].startswith("edit 2 (forbid_pair) forbids the pair L1 → P1 in 'd1' that edit 1 (lock_plan) keeps")


def test_lock_pair_needs_both_schools_in_the_direction(tiny: Network) -> None:
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{"op": "lock_pair", "mentor": "L1", "trainee": "H1", "direction": "d2"}])
    [(field, msg)] = problems(exc)
    assert field == "edits[0].trainee" and "does not take part in direction 'd2'" in msg


def test_lock_role(tiny: Network) -> None:
    new, _ = apply_edits(tiny, None, [{"op": "lock_role", "school": "P1", "direction": "d1", "role": "лидер"}])
    assert new.locks.roles[0].role is Level.leader


def test_lock_plan_skips_what_is_gone(tiny: Network) -> None:
    edit = lock_plan_edit(make_plan(), plan_id=7)
    notes: list[str] = []
    new, _ = apply_edits(tiny, None, [{"op": "close_school", "school": "H1"}, edit.model_dump(mode="json")], notes=notes)
    assert len(new.locks.pairs) == len(PAIRS) - 1 and len(new.locks.roles) == 6
    assert notes and "2 lock(s)" in notes[0]
    assert "plan 7" in describe_edit(edit)


def test_add_school(tiny: Network) -> None:
    edit = {"op": "add_school", "school": {"id": "N1", "name": "New school", "is_new": True},
            "competences": [{"direction": "d1", "level": "hidden_reserve"}, {"direction": "d2", "score": 20}]}
    new, _ = apply_edits(tiny, None, [edit])
    assert new.school_by_id["N1"].is_new and new.competence_of[("N1", "d2")].score == 20
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{**edit, "school": {"id": "L1"}}])
    assert "already exists" in problems(exc)[0][1]
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{**edit, "competences": [{"direction": "d9", "level": "leader"}]}])
    assert problems(exc) == [("edits[0].competences[0].direction", "edit 1 (add_school): unknown direction 'd9'")]


def test_change_weights_and_strategy(tiny: Network) -> None:
    _, policy = apply_edits(tiny, None, [{"op": "change_weights", "weights": {"travel_per_10km": 5}},
                                         {"op": "change_strategy", "strategy": "wide"}])
    assert policy.weights.travel_per_10km == 5 and policy.weights.gain == 2 and policy.strategy == "wide"
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [{"op": "change_weights", "weights": {"speed": 1}}])
    assert "unknown weight(s) speed" in problems(exc)[0][1]


def test_every_problem_names_the_edit_and_field(tiny: Network) -> None:
    with pytest.raises(InputError) as exc:
        apply_edits(tiny, None, [
            {"op": "close_school", "school": "H1"},
            {"op": "close_school", "school": "X"},
            {"op": "lock_role", "school": "H1", "direction": "d1", "role": "leader"},
            {"op": "forbid_pair", "mentor": "L1", "trainee": "L1"},
        ])
    assert problems(exc) == [
        ("edits[1].school", "edit 2 (close_school): unknown school 'X'"),
        ("edits[2].school", "edit 3 (lock_role): unknown school 'H1' (it was closed by an earlier edit)"),
        ("edits[3].trainee", "edit 4 (forbid_pair): school 'L1' cannot mentor itself"),
    ]


def test_unknown_edit_kind() -> None:
    with pytest.raises(InputError) as exc:
        parse_edits([{"op": "paint_school", "school": "A"}])
    [(field, msg)] = problems(exc)
    assert field == "edits[0].op" and "paint_school" in msg and "close_school" in msg


def test_every_edit_kind_is_described(tiny: Network) -> None:
    samples = {
        "close_school": {"school": "H1"}, "change_capacity": {"school": "L1", "host_capacity": 2},
        "change_limit": {"field": "seed", "value": 3}, "lock_pair": {"mentor": "L1", "trainee": "P1", "direction": "d1"},
        "forbid_pair": {"mentor": "L2", "trainee": "P1"}, "lock_role": {"school": "L1", "direction": "d1", "role": "leader"},
        "lock_plan": {"pairs": [], "roles": [{"school": "L2", "direction": "d2", "role": "leader"}]}, "add_school": {"school": {"id": "Z"}, "competences": [{"direction": "d1", "level": "hidden_reserve"}]},
        "change_weights": {"weights": {"gain": 3}}, "change_strategy": {"strategy": "narrow"},
    }
    assert set(samples) == set(EDIT_OPS)
    edits = parse_edits([{"op": op, **body} for op, body in samples.items()])
    assert all(describe_edit(e) for e in edits)
    apply_edits(tiny, None, edits)


# ---------------------------------------------------------------- edits as classes


def test_the_kinds_of_edit_are_derived_from_the_classes() -> None:
    union = get_args(get_args(Edit)[0])
    assert tuple(EDIT_TYPES.values()) == union
    assert tuple(cls.model_fields["op"].default for cls in union) == EDIT_OPS
    assert all(issubclass(cls, BaseEdit) and cls.code.startswith("edit.") for cls in union)


def test_an_edit_class_needs_its_own_op() -> None:
    with pytest.raises(TypeError, match="close_school"):
        class Again(BaseEdit):
            op: Literal["close_school"] = "close_school"


@pytest.mark.parametrize(("form", "json"), [
    ({"op": "close_school", "school": " H1 "}, {"op": "close_school", "school": "H1"}),
    ({"op": "change_capacity", "school": "L1", "host_capacity": "2", "max_trainee_directions": ""},
     {"op": "change_capacity", "school": "L1", "host_capacity": 2}),
    ({"op": "change_limit", "field": "cap_per_direction", "value": "3"}, {"op": "change_limit", "field": "cap_per_direction", "value": 3}),
    ({"op": "change_limit", "field": "max_km", "value": "12,5"}, {"op": "change_limit", "field": "max_km", "value": 12.5}),
    ({"op": "change_limit", "field": "max_km", "value": ""}, {"op": "change_limit", "field": "max_km", "value": None}),
    ({"op": "change_limit", "field": "cross_municipality", "value": "нет"}, {"op": "change_limit", "field": "cross_municipality", "value": False}),
    ({"op": "change_limit", "field": "fairness", "value": "direction"}, {"op": "change_limit", "field": "fairness", "value": "direction"}),
    ({"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"}, {"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"}),
    ({"op": "forbid_pair", "mentor": "L1", "trainee": "P1", "direction": ""}, {"op": "forbid_pair", "mentor": "L1", "trainee": "P1"}),
    ({"op": "change_strategy", "strategy": "wide"}, {"op": "change_strategy", "strategy": "wide"}),
    ({"op": "change_strategy", "strategy": ""}, {"op": "change_strategy", "strategy": None}),
])
def test_a_form_builds_the_edit_the_api_accepts(form, json) -> None:
    fields = {"school": "", "host_capacity": "", "mentor": "", "scenario": "3", **form}  # a form posts every field
    edit = edit_from_text(fields)
    [api] = parse_edits([json])
    assert edit == api and edit.model_fields_set == api.model_fields_set


def test_a_blank_required_form_field_is_named() -> None:
    with pytest.raises(InputError) as exc:
        edit_from_text({"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": " "})
    assert [p.location.field for p in exc.value.problems] == ["edits[0].direction"]
    with pytest.raises(InputError) as exc:
        edit_from_text({"op": "change_capacity", "school": "L1"})
    assert "host_capacity and/or max_trainee_directions" in exc.value.problems[0].message


def test_an_unknown_form_op_is_refused_like_in_the_api() -> None:
    with pytest.raises(InputError) as exc:
        edit_from_text({"op": "paint_school"})
    [p] = exc.value.problems
    assert p.location.field == "edits[0].op" and "paint_school" in p.message and "close_school" in p.message


def test_message_codes_and_params() -> None:
    edit = ChangeCapacity(school="L1", host_capacity=None)
    assert edit.message() == ("edit.change_capacity", {"school": Term("school", "L1"),
                                                       "parts": [(Term("school_field", "host_capacity"), Term("word", "default"))]})
    assert ForbidPair(mentor="A", trainee="B").message()[0] == "edit.forbid_pair_any"
    assert ForbidPair(mentor="A", trainee="B", direction="d").message() == (
        "edit.forbid_pair", {"mentor": Term("school", "A"), "trainee": Term("school", "B"), "direction": Term("direction", "d")})
    assert ChangeLimit(field="max_km", value=None).params()["value"] == Term("word", "no_limit")
    assert LockPair(mentor="A", trainee="B", direction="d").describe() == "keep pair A → B in direction d"


def test_edit_union_is_a_pydantic_discriminated_union() -> None:
    meta = get_args(Edit)[1]
    assert getattr(meta, "discriminator", None) == "op"
