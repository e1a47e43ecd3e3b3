"""Input errors read in Russian: coded problems of ``read_network`` have no English words.

Each bad input is read for real; its problem is rendered in Russian (no
Latin word outside the quoted names and values it shows) and in English
(word for word the sentence the readers wrote before the messages were coded).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentornet.errors import InputError, Problem
from mentornet.io import read_network
from tests.i18n.russian import english_words

SCHOOLS = "id,name\nA,Школа А\nB,Школа Б\n"
DIRECTIONS = "id,name\n1,Качество\n"


def _folder(tmp_path: Path, competences: str) -> Path:
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "schools.csv").write_text(SCHOOLS, encoding="utf-8")
    (folder / "directions.csv").write_text(DIRECTIONS, encoding="utf-8")
    (folder / "competences.csv").write_text(competences, encoding="utf-8")
    return folder


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        read_network(path)
    return caught.value.problems


def _outside_quotes(text: str) -> str:
    """``text`` without its quoted names and values ('…', «…»)."""
    return re.sub(r"'[^']*'|«[^»]*»", " ", text)


def _missing_network_column(tmp_path: Path) -> Path:
    return _folder(tmp_path, "school,score\nA,50\n")


def _missing_role_column(tmp_path: Path) -> Path:
    path = tmp_path / "roles.csv"
    path.write_text("направление,школа\n1,А\n", encoding="utf-8")
    return path


def _non_number_score(tmp_path: Path) -> Path:
    return _folder(tmp_path, "school,direction,score\nA,1,много\nB,1,40\n")


def _mistyped_level(tmp_path: Path) -> Path:
    return _folder(tmp_path, "school,direction,level\nA,1,лидер\nB,1,скрытый резер\n")


def _empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "roles.csv"
    path.write_bytes(b"")
    return path


def _empty_sheet_in_folder(tmp_path: Path) -> Path:
    folder = _folder(tmp_path, "school,direction,score\nA,1,50\n")
    (folder / "schools.csv").write_bytes(b"\n\n")
    return folder


CASES = {
    "missing network column": (
        _missing_network_column,
        "missing required column; expected a header like 'direction', 'код направления', 'direction id', 'direction no' "
        "(found: 'school', 'score')",
    ),
    "missing role column": (
        _missing_role_column,
        "missing required column; expected a header like 'role', 'role', 'level', 'роль' (found: 'направление', 'школа')",
    ),
    "non-number score": (_non_number_score, "'много' is not a number; expected a number"),
    "mistyped level": (
        _mistyped_level,
        "'скрытый резер' is not a level; expected one of leader / promising / hidden_reserve "
        "(or лидер / подающие надежды / скрытый резерв); did you mean 'скрытый резерв'?",
    ),
    "empty file": (_empty_file, "the file is empty; expected a header row and data rows"),
    "empty table file in a folder": (_empty_sheet_in_folder, "the file is empty; expected a header row and data rows"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_input_problem_reads_in_russian_and_english(case: str, tmp_path: Path) -> None:
    make, english = CASES[case]
    problems = _problems(make(tmp_path))
    assert [p.message_in("en") for p in problems] == [english]
    problem = problems[0]
    assert problem.message == english and str(problem).endswith(english)
    russian = problem.message_in("ru")
    assert russian != english
    assert english_words(_outside_quotes(russian)) == [], russian
    assert re.search("[а-яё]", _outside_quotes(russian)), russian
    # the names and values the English message quotes are shown as they are
    for value in re.findall(r"'[^']*'", english):
        assert value in russian, (value, russian)


def test_a_scenario_edit_that_does_not_apply_reads_in_russian() -> None:
    from mentornet.scenario import apply_edits
    from tests.tiny import tiny_network

    net = tiny_network()
    with pytest.raises(InputError) as caught:
        apply_edits(net, None, [{"op": "close_school", "school": "Q9"}, {"op": "change_weights", "weights": {"speed": 1, "haste": 2}}])
    first, second = caught.value.problems
    assert first.message_in("en") == "edit 1 (close_school): unknown school 'Q9'"
    assert first.message_in("ru") == "изменение 1 (close_school): неизвестная школа 'Q9'"
    assert second.message_in("en").startswith("edit 2 (change_weights): unknown weight(s) haste, speed; known: ")
    assert second.message_in("ru").startswith("изменение 2 (change_weights): нет таких весов: haste, speed; известные веса: ")
