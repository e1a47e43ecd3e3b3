"""What-if edits as classes: the registry, the text form, the messages (mentornet.scenario).

How each edit applies is tested in tests/api/test_whatif_lib.py.
"""

from __future__ import annotations

from typing import Literal, get_args

import pytest

from mentornet.errors import InputError
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
    edit_from_text,
    parse_edits,
)


def test_the_kinds_of_edit_are_derived_from_the_classes() -> None:
    union = get_args(get_args(Edit)[0])
    assert tuple(EDIT_TYPES.values()) == union
    assert EDIT_OPS == tuple(cls.model_fields["op"].default for cls in union)
    assert all(issubclass(cls, BaseEdit) and cls.code.startswith("edit.") for cls in union)


def test_an_edit_class_needs_its_own_op() -> None:
    with pytest.raises(TypeError, match="close_school"):
        class Again(BaseEdit):  # noqa: F841 - defining it is the test
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
