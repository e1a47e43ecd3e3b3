"""The readers log every repair they make on their own (logger ``mentornet.io``)."""

from __future__ import annotations

import logging

import pytest

from mentornet.io import read_network

TABLE = "direction_no,direction,curators,role,school\n1,Качество,Иванова,лидер,СОШ 1\n1,Качество,Иванова,скрытый резерв,ООШ 2\n"
SCHOOLS = [["id", "name", "municipality"], ["A", "School A", "North"], ["B", "School B", "North"]]
DIRECTIONS = [["id", "name"], ["1", "Quality"]]
COMPETENCES = [["school", "direction", "score", "level"], ["A", "1", 80, None], ["B", "1", None, "hidden_reserve"]]


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("mentornet.io")]


@pytest.fixture
def caplog(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mentornet")
    return caplog


def test_windows_1251_is_logged_with_the_file(tmp_path, caplog) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("cp1251"))
    read_network(path)
    assert "table.csv: not valid UTF-8; read as Windows-1251" in _messages(caplog)


def test_utf8_is_read_without_a_word(tmp_path, caplog) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("utf-8"))
    read_network(path)
    assert not any("UTF" in m or "1251" in m for m in _messages(caplog))


def test_utf16_is_logged(tmp_path, caplog) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("utf-16"))
    read_network(path)
    assert "table.csv: read as UTF-16 (it starts with a byte-order mark)" in _messages(caplog)


def test_blank_rows_and_headless_columns_of_a_role_table_are_counted(tmp_path, caplog) -> None:
    path = tmp_path / "table.csv"
    lines = TABLE.splitlines()
    # A trailing empty column (",") and two blank rows, as spreadsheets export them.
    text = "\n".join([lines[0] + ",", ",,,,,", lines[1] + ",", ",,,,,", lines[2] + ","]) + "\n"
    path.write_text(text, encoding="utf-8")
    net = read_network(path)
    assert len(net.competences) == 2
    messages = _messages(caplog)
    assert "table.csv: 1 column(s) without a header skipped" in messages
    assert "table.csv: 2 blank row(s) skipped" in messages


def test_role_table_defaults_are_logged(tmp_path, caplog) -> None:
    path = tmp_path / "table.csv"
    path.write_text(TABLE + "1,Качество,Иванова,лидер,Центр образования Радуга\n", encoding="utf-8")
    net = read_network(path)
    assert net.school_by_id["Центр образования Радуга"].kind is None  # unknown, not a default (issue 11)
    messages = _messages(caplog)
    assert any("1 school name(s) name no kind" in m and "Центр образования Радуга" in m for m in messages), messages
    assert "table.csv: no municipality column; every school's municipality is left blank" in messages


def test_skipped_sheets_and_the_wide_layout_are_logged(make_xlsx, caplog) -> None:
    wide = [["school", "Quality"], ["A", 80], ["B", "hidden_reserve"]]
    path = make_xlsx({"README": [["anything"]], "Notes": [["x"], [1]], "schools": SCHOOLS, "directions": DIRECTIONS, "competences": wide})
    net = read_network(path)
    assert net.competence_of[("A", "1")].score == 80
    messages = _messages(caplog)
    assert "net.xlsx: sheet(s) 'README', 'Notes' are not network tables; skipped" in messages
    assert "net.xlsx, sheet 'competences': competences read in the wide layout (one column per direction)" in messages


def test_a_workbook_without_network_sheets_says_it_reads_a_role_table(make_xlsx, caplog) -> None:
    rows = [line.split(",") for line in TABLE.splitlines()]
    read_network(make_xlsx({"Лист1": rows}))
    assert "net.xlsx: no network sheets; the first other sheet is read as a role table" in _messages(caplog)


def test_folder_files_that_are_not_tables_are_logged(make_csvs, caplog) -> None:
    folder = make_csvs({"schools": SCHOOLS, "directions": DIRECTIONS, "competences": COMPETENCES})
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    read_network(folder)
    assert f"{folder.name}: notes.csv is not a network table; skipped" in _messages(caplog)


def test_nothing_is_printed_without_a_handler(tmp_path, capsys) -> None:
    # The library adds only a NullHandler: an application that did not ask for logs sees none.
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("mentornet").handlers)
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("cp1251"))
    read_network(path)
    assert capsys.readouterr().err == ""
