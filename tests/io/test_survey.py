"""The needs survey: template, merge, and missing / duplicate / contradictory answers located (issue 15, item 1)."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.errors import InputError
from mentornet.io.survey import merge_survey, write_survey_template
from mentornet.model import Competence, Direction, Level, Network, School

SCORE, LEVEL, WISH = 5, 6, 7  # columns of the template


def _answer_all(path, *, skip_schools=(), edits=None):
    """Fill every row of a survey template as a school would: its last year's level, or 'не участвует'."""
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    for r in range(2, ws.max_row + 1):
        school = ws.cell(r, 1).value
        if school in skip_schools:
            continue
        last = ws.cell(r, 4).value
        if last is None:
            ws.cell(r, WISH, "не участвует")
        else:
            ws.cell(r, LEVEL, last)
    for (r, c), v in (edits or {}).items():
        ws.cell(r, c).value = v  # ws.cell(r, c, None) would leave the cell as it is
    book.save(path)
    return ws


def _codes(err):
    return [(p.location.file, p.location.sheet, p.location.row, p.location.column, p.text.code) for p in err.value.problems]


def test_per_school_files_merge_and_non_answering_schools_keep_last_year(tmp_path, krymsky):
    schools = [s.id for s in krymsky.schools]
    files = []
    for s in schools[:-2]:  # the last two schools do not answer
        path = write_survey_template(krymsky, tmp_path / f"{len(files)}.xlsx", "ru", schools=[s])
        _answer_all(path)
        files.append(path)
    # one school rates itself a leader in its first direction now
    first = next(c for c in krymsky.competences if c.school == schools[0])
    book = openpyxl.load_workbook(files[0])
    ws = book.worksheets[0]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == first.direction)
    ws.cell(row, LEVEL).value = None
    ws.cell(row, SCORE, 85)
    ws.cell(row, WISH, "делиться опытом")
    book.save(files[0])
    merged = merge_survey(files, krymsky)
    assert merged.not_answered == schools[-2:]
    assert set(merged.kept) == {(c.school, c.direction) for c in krymsky.competences if c.school in schools[-2:]}
    assert merged.network.competence_of[(first.school, first.direction)].score == 85
    assert merged.network.competence_of[(first.school, first.direction)].level is None
    assert merged.wishes[(first.school, first.direction)] == "host"
    # every other answer is last year's level: the competences are the same teams
    assert set(merged.network.competence_of) == set(krymsky.competence_of)


def test_one_sheet_for_all_schools(tmp_path, krymsky):
    path = write_survey_template(krymsky, tmp_path / "all.xlsx", "en")
    _answer_all(path)
    merged = merge_survey([path], krymsky)
    assert merged.not_answered == [] and len(merged.answered) == len(krymsky.schools)
    assert {k: (c.level, c.score) for k, c in merged.network.competence_of.items()} == \
        {k: (c.level, c.score) for k, c in krymsky.competence_of.items()}


def test_missing_duplicate_and_contradictory_answers_are_located_and_nothing_is_merged(tmp_path, krymsky):
    path = write_survey_template(krymsky, tmp_path / "all.xlsx", "ru")
    ws = _answer_all(path)
    # row 2: a team that takes part, answer removed -> missing
    taking_part = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value is not None]
    missing, contra, dup, disagree = taking_part[:4]
    edits = {(missing, LEVEL): None, (disagree, SCORE): 95, (disagree, LEVEL): "скрытый резерв"}
    _answer_all(path, edits=edits)
    # a second file repeats one answer exactly and contradicts another
    other = tmp_path / "again.xlsx"
    book = openpyxl.Workbook()
    ows = book.active
    ows.title = "анкета"
    ows.append(["школа", "направление", "самооценка (уровень)"])
    src = openpyxl.load_workbook(path).worksheets[0]
    ows.append([src.cell(dup, 1).value, src.cell(dup, 2).value, src.cell(dup, LEVEL).value])
    level = src.cell(contra, LEVEL).value
    ows.append([src.cell(contra, 1).value, src.cell(contra, 2).value, "лидер" if level != "лидер" else "скрытый резерв"])
    book.save(other)
    with pytest.raises(InputError) as err:
        merge_survey([path, other], krymsky)
    found = _codes(err)
    assert ("all.xlsx", "анкета", missing, "самооценка (балл 0..100)", "survey.missing_answer") in found
    assert ("all.xlsx", "анкета", disagree, "самооценка (балл 0..100)", "survey.score_level_disagree") in found
    assert ("again.xlsx", "анкета", 2, "самооценка (уровень)", "survey.duplicate") in found
    assert ("again.xlsx", "анкета", 3, "самооценка (уровень)", "survey.contradictory") in found
    # the duplicate names the first place too
    dup_problem = next(p for p in err.value.problems if p.text.code == "survey.duplicate")
    assert dup_problem.refs["first"].row == dup and dup_problem.refs["first"].file == "all.xlsx"
    assert "all.xlsx" in dup_problem.render("ru")


def test_unknown_school_bad_wish_and_host_as_reserve(tmp_path, krymsky):
    path = tmp_path / "s.csv"
    c = krymsky.competences[0]
    path.write_text(
        "школа;направление;самооценка (уровень);пожелание\n"
        f"СОШ 999;{c.direction};лидер;\n"
        f"{c.school};{c.direction};скрытый резерв;делиться опытом\n"
        f"{c.school};{c.direction};скрытый резерв;может быть\n",
        encoding="utf-8")
    with pytest.raises(InputError) as err:
        merge_survey([path], krymsky)
    found = _codes(err)
    assert ("s.csv", None, 2, "школа", "network.unknown_school") in found
    assert ("s.csv", None, 3, "самооценка (уровень)", "survey.host_as_reserve") in found
    assert ("s.csv", None, 4, "пожелание", "survey.not_wish") in found


def test_a_file_without_a_survey_table_is_an_error(tmp_path, krymsky):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        merge_survey([path, tmp_path / "missing.xlsx"], krymsky)
    assert {p.text.code for p in err.value.problems} == {"survey.no_table", "input.no_such_file"}


def test_levels_in_english_and_scores(tmp_path, krymsky):
    path = write_survey_template(krymsky, tmp_path / "en.xlsx", "en")
    ws = _answer_all(path)
    assert ws.cell(1, LEVEL).value == "self-assessment level"
    merged = merge_survey([path], krymsky)
    assert all(c.level in tuple(Level) for c in merged.competences)


# ---------------------------------------------------------------- property: every defect is found where it was made


_SMALL = Network(
    name="small",
    schools=tuple(School(id=f"S{i}") for i in range(1, 5)),
    directions=(Direction(id="1"), Direction(id="2")),
    competences=tuple(Competence(school=f"S{i}", direction=d, level=("leader", "promising", "hidden_reserve")[(i + int(d)) % 3])
                      for i in range(1, 5) for d in ("1", "2")),
)
_WORDS = {"leader": "лидер", "promising": "подающие надежды", "hidden_reserve": "скрытый резерв"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["missing", "duplicate", "contradictory"]), index=st.integers(0, 7), split=st.booleans())
def test_every_defect_is_reported_at_its_row(tmp_path, kind, index, split):
    rows = [[c.school, c.direction, _WORDS[c.level.value]] for c in _SMALL.competences]
    target = rows[index]
    expected_row = index + 2
    if kind == "missing":
        target[2] = ""
        code = "survey.missing_answer"
    else:
        other = target[2] if kind == "duplicate" else next(w for w in _WORDS.values() if w != target[2])
        rows.append([target[0], target[1], other])
        expected_row = len(rows) + 1
        code = f"survey.{kind}"
    header = "школа;направление;самооценка (уровень)\n"
    files = []
    if split:  # the added row in a second file (a school that sent two files)
        tail = rows[8:]
        rows = rows[:8]
        if tail:
            second = tmp_path / f"b{kind}{index}.csv"
            second.write_text(header + "".join(";".join(r) + "\n" for r in tail), encoding="utf-8")
            files.append(second)
            expected_row = 2
    first = tmp_path / f"a{kind}{index}{split}.csv"
    first.write_text(header + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    files.insert(0, first)
    with pytest.raises(InputError) as err:
        merge_survey(files, _SMALL)
    where = [(p.location.file, p.location.row, p.text.code) for p in err.value.problems]
    expected_file = files[-1].name if (split and kind != "missing") else first.name
    assert (expected_file, expected_row, code) in where, where
