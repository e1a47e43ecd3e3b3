"""Fixtures of the io tests: a network using every field, and file makers."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mentornet.errors import InputError, Problem
from mentornet.model import (
    Competence,
    Curator,
    Direction,
    History,
    HistoryPair,
    HistoryRole,
    Locks,
    Network,
    PairLock,
    Policy,
    RoleLock,
    School,
    Weights,
)

Rows = Sequence[Sequence[Any]]


@pytest.fixture(scope="session")
def rich_network() -> Network:
    """Every table and field filled at least once, levels and scores mixed."""
    return Network(
        name="Лужский район",
        year=2024,
        schools=(
            School(id="S1", name="МОУ СОШ № 1", municipality="Луга", kind="secondary", settlement="urban", lat=58.737, lon=29.846, results="high", adverse=0.0, host_capacity=5, max_trainee_directions=2),
            School(id="S2", name="Гимназия «Квант»", municipality="Луга", kind="gymnasium", results="high", adverse=0.7, is_new=True),
            School(id="S3", name="МОУ ООШ, д. Ям", municipality="Толмачёво", kind="basic", settlement="rural", lat=58.86, lon=29.9, results="low", adverse=1.0, host_capacity=0),
            School(id="4", name="=Лицей 4", municipality="Толмачёво", kind="lyceum"),
        ),
        directions=(
            Direction(id="1", name="Качество подготовки", curators=("Иванова", "Петров"), mentor_cap=3),
            Direction(id="d2", name="Школьный климат", curators=("Петров",), online=True),
        ),
        curators=(
            Curator(id="Иванова", name="Иванова И.И.", max_teams=6, directions=("1",)),
            Curator(id="Петров", max_teams=None, directions=("1", "d2"), municipalities=("Луга", "Толмачёво")),
        ),
        competences=(
            Competence(school="S1", direction="1", level="leader"),
            Competence(school="S2", direction="1", level="promising", score=61.5),
            Competence(school="S3", direction="1", level="hidden_reserve"),
            Competence(school="4", direction="1", score=12.25),
            Competence(school="S1", direction="d2", score=44.0),
            Competence(school="S3", direction="d2", score=100.0),
        ),
        history=History(
            roles=(HistoryRole(year=2023, school="S3", direction="1", role="hidden_reserve"),),
            pairs=(HistoryPair(year=2023, mentor="S1", trainee="S3", direction="1"),),
        ),
        locks=Locks(
            pairs=(PairLock(mentor="S1", trainee="S3", direction="1"),),
            forbidden=(PairLock(mentor="S2", trainee="S3"), PairLock(mentor="S3", trainee="S1", direction="d2")),
            roles=(RoleLock(school="S1", direction="1", role="leader"),),
        ),
    )


@pytest.fixture(scope="session")
def rich_policy() -> Policy:
    """A policy away from its defaults, with a switched-off limit."""
    return Policy(cap_per_direction=3, max_km=None, strategy="wide", fairness="municipality", min_gap=7.5, cross_municipality=False, weights=Weights(gain=5, mutual=0))


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """``make_xlsx({sheet: [header, row, …]}, name=...)`` writes a workbook."""

    def make(sheets: Mapping[str, Rows], name: str = "net.xlsx") -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            ws = book.create_sheet(title)
            for row in rows:
                ws.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return make


@pytest.fixture
def make_csvs(tmp_path: Path) -> Callable[..., Path]:
    """``make_csvs({file stem: [header, row, …]}, folder=...)`` writes a CSV folder."""

    def make(tables: Mapping[str, Rows], folder: str = "net", encoding: str = "utf-8", delimiter: str = ",") -> Path:
        path = tmp_path / folder
        path.mkdir(exist_ok=True)
        for stem, rows in tables.items():
            with (path / f"{stem}.csv").open("w", encoding=encoding, newline="") as f:
                csv.writer(f, delimiter=delimiter).writerows(rows)
        return path

    return make


@pytest.fixture
def problems_of() -> Callable[..., list[Problem]]:
    """``problems_of(fn, *args)``: the problems of the InputError ``fn`` must raise."""

    def run(fn: Callable[..., Any], *args: Any) -> list[Problem]:
        with pytest.raises(InputError) as info:
            fn(*args)
        assert info.value.problems, "an InputError must list its problems"
        return info.value.problems

    return run
