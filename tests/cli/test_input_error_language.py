"""Input errors reach the planner in the command's language: Russian for Russian data, ``--lang`` to change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentornet.io import EMBEDDED_DATASET

SRC = Path(__file__).resolve().parents[2] / "src"
DATA = SRC / "mentornet" / "data" / EMBEDDED_DATASET


def _bad_table(tmp_path: Path) -> Path:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    assert ",leader," in lines[2]
    lines[2] = lines[2].replace(",leader,", ",leadr,", 1)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-m", "mentornet", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("command", ["plan", "audit"])
def test_an_input_error_in_russian_data_reads_in_russian(tmp_path: Path, command: str) -> None:
    out = _run(command, str(_bad_table(tmp_path)), "--out", str(tmp_path / "out"))
    assert out.returncode == 2, out.stderr
    assert "строка 3" in out.stderr and "столбец «role»" in out.stderr, out.stderr
    assert "не уровень" in out.stderr and "'leader'" in out.stderr
    assert "is not a level" not in out.stderr and "row 3" not in out.stderr


def test_lang_en_gives_the_english_error(tmp_path: Path) -> None:
    out = _run("plan", str(_bad_table(tmp_path)), "--out", str(tmp_path / "out"), "--lang", "en")
    assert out.returncode == 2
    assert "row 3, column 'role'" in out.stderr and "is not a level" in out.stderr
    assert "строка" not in out.stderr
