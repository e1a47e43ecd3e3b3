"""The readers stop at their limits while reading and say where (in-process, small limits)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from mentornet.errors import InputError
from mentornet.io.limits import (
    ROWS_PER_SCHOOL,
    check_archive,
    json_too_deep,
    reading_limits,
)
from mentornet.io.readers import read_any_with_policy
from mentornet.io.roletable import read_role_table

SCHOOLS = 10
LIMIT = ROWS_PER_SCHOOL * SCHOOLS


def _problem(exc: pytest.ExceptionInfo[InputError]):
    assert len(exc.value.problems) == 1, exc.value.problems
    return exc.value.problems[0]


def _workbook(path: Path, rows: list[list[object]], title: str = "schools") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_sheet_stops_at_the_row_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "net.xlsx", [["id", "name"]] + [[f"s{i}", f"School {i}"] for i in range(LIMIT * 3)])
    with reading_limits(max_schools=SCHOOLS), pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    p = _problem(exc)
    assert (p.location.file, p.location.sheet, p.location.row) == ("net.xlsx", "schools", LIMIT + 1)
    assert "MENTORNET_MAX_SCHOOLS" in p.message and "the rest was not read" in p.message


def test_blank_rows_count_against_the_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "blank.xlsx", [["id", "name"], ["s1", "One"]])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["schools"].cell(row=LIMIT * 3, column=1, value="far below")
    wb.save(path)
    with reading_limits(max_schools=SCHOOLS), pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    assert _problem(exc).location.row == LIMIT + 1


def test_role_table_workbook_stops_at_the_row_limit(tmp_path: Path) -> None:
    rows = [["direction", "role", "school"]] + [["D1", "лидер", f"School {i}"] for i in range(LIMIT * 2)]
    path = _workbook(tmp_path / "roles.xlsx", rows, title="roles")
    with reading_limits(max_schools=SCHOOLS), pytest.raises(InputError) as exc:
        read_role_table(path)
    p = _problem(exc)
    assert (p.location.sheet, p.location.row) == ("roles", LIMIT + 1)


def test_csv_role_table_stops_at_the_row_limit(tmp_path: Path) -> None:
    path = tmp_path / "roles.csv"
    path.write_text("direction,role,school\n" + "".join(f"D1,лидер,School {i}\n" for i in range(LIMIT * 5)), encoding="utf-8")
    with reading_limits(max_schools=SCHOOLS), pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    p = _problem(exc)
    assert (p.location.file, p.location.row) == ("roles.csv", LIMIT + 1)


def test_csv_folder_table_stops_at_the_row_limit(tmp_path: Path) -> None:
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "schools.csv").write_text("id,name\n" + "".join(f"s{i},School {i}\n" for i in range(LIMIT * 2)), encoding="utf-8")
    with reading_limits(max_schools=SCHOOLS), pytest.raises(InputError) as exc:
        read_any_with_policy(folder)
    assert any(p.location.file == "schools.csv" and p.location.row == LIMIT + 1 for p in exc.value.problems)


def test_cell_limit_stops_a_wide_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "wide.xlsx", [["id", "name"] + [f"c{j}" for j in range(50)]] + [[f"s{i}", "x"] + ["v"] * 50 for i in range(20)])
    with reading_limits(max_cells=200), pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    p = _problem(exc)
    assert p.location.sheet == "schools" and "200 cells" in p.message


def test_time_budget_stops_a_slow_read(tmp_path: Path) -> None:
    path = tmp_path / "roles.csv"
    path.write_text("direction,role,school\n" + "".join(f"D1,лидер,School {i}\n" for i in range(20_000)), encoding="utf-8")
    with reading_limits(time_budget=1e-9), pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    assert "MENTORNET_READ_TIME_LIMIT" in _problem(exc).message


def test_archive_with_a_high_ratio_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("schools.csv", b"\n" * (8 * 1024 * 1024))
    with pytest.raises(InputError) as exc:
        check_archive(path, "bomb.zip")
    p = _problem(exc)
    assert p.location.field == "schools.csv" and "refused unopened" in p.message


def test_json_file_nested_3000_levels_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"schools": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_any_with_policy(path)
    p = _problem(exc)
    assert (p.location.file, p.location.row) == ("deep.json", 1) and "nests deeper than" in p.message


def test_brackets_inside_strings_do_not_count() -> None:
    assert json_too_deep(json.dumps({"name": "[" * 5000}).encode()) is None
    assert json_too_deep(b"[" * 300) is not None
