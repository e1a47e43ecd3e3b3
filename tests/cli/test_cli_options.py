"""Options of the command itself: ``python -m mentornet``, --version, -v and MENTORNET_LOG_LEVEL."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mentornet
from mentornet.cli import LOG_LEVEL_ENV, main

TABLE = "direction_no,direction,curators,role,school\n1,Качество,Иванова,лидер,СОШ 1\n1,Качество,Иванова,скрытый резерв,ООШ 2\n"
REPAIR = "INFO mentornet.io._tables: table.csv: not valid UTF-8; read as Windows-1251"


@pytest.fixture
def cp1251_table(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("cp1251"))
    return path


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    return int(exit_.value.code or 0)


def test_python_dash_m_mentornet_shows_the_commands() -> None:
    # A fresh interpreter, importing the package under test (not an installed copy).
    src = str(Path(mentornet.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-m", "mentornet", "--help"], capture_output=True, text=True, env=env, timeout=120, check=True).stdout
    assert out.startswith("Usage: mentornet ")
    for command in ("audit", "plan", "compare", "generate", "template", "plan-many", "view", "serve"):
        assert f"  {command} " in out
    assert "--verbose" in out and "--version" in out


def test_version_is_the_package_version(capsys) -> None:
    assert run_main("--version") == 0
    assert capsys.readouterr().out.strip() == f"mentornet {mentornet.__version__}"


def test_input_repairs_are_silent_by_default(cp1251_table, capsys, monkeypatch) -> None:
    monkeypatch.delenv(LOG_LEVEL_ENV, raising=False)
    assert run_main("audit", str(cp1251_table)) == 0
    assert "Windows-1251" not in capsys.readouterr().err


def test_verbose_shows_input_repairs_on_stderr(cp1251_table, capsys, monkeypatch) -> None:
    monkeypatch.delenv(LOG_LEVEL_ENV, raising=False)
    assert run_main("-v", "audit", str(cp1251_table)) == 0
    captured = capsys.readouterr()
    assert REPAIR in captured.err.splitlines()
    assert "Windows-1251" not in captured.out


def test_the_environment_variable_sets_the_level(cp1251_table, capsys, monkeypatch) -> None:
    monkeypatch.setenv(LOG_LEVEL_ENV, "info")
    assert run_main("audit", str(cp1251_table)) == 0
    assert REPAIR in capsys.readouterr().err.splitlines()


def test_an_unknown_level_is_a_usage_error(cp1251_table, capsys, monkeypatch) -> None:
    monkeypatch.setenv(LOG_LEVEL_ENV, "chatty")
    assert run_main("audit", str(cp1251_table)) == 2
    err = capsys.readouterr().err
    assert "MENTORNET_LOG_LEVEL='CHATTY'" in err and "expected DEBUG, INFO, WARNING or ERROR" in err


def test_a_run_leaves_the_callers_logging_as_it_was(cp1251_table, monkeypatch) -> None:
    monkeypatch.delenv(LOG_LEVEL_ENV, raising=False)
    logger = logging.getLogger("mentornet")
    before = (list(logger.handlers), logger.level)
    run_main("-vv", "audit", str(cp1251_table))
    assert (list(logger.handlers), logger.level) == before
