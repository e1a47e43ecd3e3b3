"""Natural order of names and "did you mean …?" suggestions (mentornet.names)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentornet.io import embedded_network
from mentornet.names import (
    SCORE_CUTOFF,
    Suggester,
    did_you_mean,
    fold_name,
    natural_key,
    suggest,
)

KRYMSKY = [s.id for s in embedded_network().schools]


def test_school_numbers_sort_by_value() -> None:
    names = ["МБОУ СОШ № 10", "МБОУ СОШ № 2", "МБОУ СОШ № 16", "МБОУ СОШ № 1", "МБОУ СОШ № 12"]
    assert sorted(names, key=natural_key) == ["МБОУ СОШ № 1", "МБОУ СОШ № 2", "МБОУ СОШ № 10", "МБОУ СОШ № 12", "МБОУ СОШ № 16"]
    assert sorted(names) != sorted(names, key=natural_key)  # text order is what planners complained about


def test_natural_key_folds_case_and_yo_and_keeps_ties_stable() -> None:
    assert sorted(["б", "ёж", "еж", "А", "жук"], key=natural_key) == ["А", "б", "еж", "ёж", "жук"]
    # ties on the folded text are broken by the original, so the order is total
    assert sorted(["ШКОЛА 1", "школа 1"], key=natural_key) == sorted(["школа 1", "ШКОЛА 1"], key=natural_key)
    assert sorted(["S10", "S9", "S1", None, "S01"], key=natural_key) == [None, "S01", "S1", "S9", "S10"]


@given(st.lists(st.one_of(st.text(max_size=8), st.integers(0, 999).map(lambda n: f"№ {n}")), max_size=12))
def test_natural_key_is_a_total_order(names: list[str]) -> None:
    once = sorted(names, key=natural_key)
    shuffled = names[:]
    random.Random(0).shuffle(shuffled)
    assert sorted(shuffled, key=natural_key) == once


def test_fold_name() -> None:
    assert fold_name("МБОУ  СОШ№9") == "мбоу сош 9"
    assert fold_name("Ёлкинская-школа, д.") == "елкинская школа д"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("СОШ99", ["МБОУ СОШ № 9"]),
        ("сош №9", ["МБОУ СОШ № 9"]),
        ("гимназия 7", ["МБОУ гимназия № 7"]),
        ("МБОУ СОШ № 100", ["МБОУ СОШ № 10"]),
        ("МАОУ СОШ 11", ["МАОУ СОШ № 11"]),
    ],
)
def test_a_school_typo_suggests_the_school(typed: str, expected: list[str]) -> None:
    assert suggest(typed, KRYMSKY) == expected


def test_words_too_far_get_no_suggestion() -> None:
    assert suggest("Лицей 9", KRYMSKY) == []
    assert suggest("mentor", ["leader", "promising", "hidden_reserve"]) == []
    assert suggest("8", [str(i) for i in range(1, 8)]) == []
    assert suggest("", KRYMSKY) == []
    assert suggest("X", []) == []


def test_a_bare_kind_suggests_at_most_three_best_first() -> None:
    found = suggest("СОШ", KRYMSKY)
    assert 1 <= len(found) <= 3
    assert all("СОШ" in f for f in found)


def test_names_stand_for_ids_and_numbers_ignore_leading_zeros() -> None:
    choices = {"S01": "S01", "S10": "S10", "МБОУ СОШ № 9": "S09", "S09": "S09"}
    assert suggest("S1", choices) == ["S01"]
    assert suggest("СОШ 9", choices) == ["S09"]
    assert Suggester(choices).suggest("МБОУ СОШ №9") == ["S09"]


def test_the_threshold_is_a_score_out_of_100() -> None:
    assert 0 < SCORE_CUTOFF < 100


def test_did_you_mean_wording() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["a"]) == "; did you mean 'a'?"
    assert did_you_mean(["a", "b", "c"]) == "; did you mean 'a', 'b' or 'c'?"
    assert did_you_mean(["S09"], {"S09": "МБОУ СОШ № 9"}) == "; did you mean 'S09' (МБОУ СОШ № 9)?"


@given(st.text(max_size=12), st.lists(st.text(min_size=1, max_size=12), max_size=20))
def test_suggestions_are_valid_values_other_than_the_typo(value: str, choices: list[str]) -> None:
    found = suggest(value, choices)
    assert len(found) <= 3 and len(set(found)) == len(found)
    assert set(found) <= set(choices) and value not in found


def test_an_exact_name_in_other_case_suggests_itself_first() -> None:
    assert suggest("мбоу сош № 9", KRYMSKY)[0] == "МБОУ СОШ № 9"
