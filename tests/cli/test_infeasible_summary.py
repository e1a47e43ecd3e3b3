"""The CLI's infeasibility explanation fits one screen: grouped by direction and rule, each long name once.

Issue 16: for nine unreachable schools the old text was 30 KB, repeating
each long direction name about eight times per line. Now the conflicts are
grouped (directions, the rule, the schools, one fix), at most one screen
(24 lines) is printed, and ``--verbose`` prints the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mentornet.cli import SCREEN_LINES, main
from mentornet.io.writers import write_network
from tests.i18n.infeasible_cases import far_schools_network


def _plan(tmp_path: Path, network, *args: str, capsys) -> tuple[int, list[str]]:
    path = write_network(network, tmp_path / "net.json")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(path), "--out", str(tmp_path / "out"), "--time-limit", "5", *args])
    err = capsys.readouterr().err
    return int(exit_.value.code or 0), [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_nine_unreachable_schools_in_one_screen_each_name_once(tmp_path, capsys, lang):
    net = far_schools_network(9)
    far = [s for s in net.schools if s.id.startswith("F")]
    code, lines = _plan(tmp_path, net, "--lang", lang, capsys=capsys)
    assert code == 3
    assert len(lines) <= SCREEN_LINES, "\n".join(lines)
    text = "\n".join(lines)
    for d in net.directions:
        assert text.count(d.name) == 1, (d.name, text)
    for s in far:
        assert text.count(s.name) == 1, (s.name, text)
    assert len(text.encode()) < 4000, len(text.encode())
    assert "max_km" in text and "341" in text  # the one fix: the farthest of the nearest mentors, rounded up
    # All of it fits: --verbose shows the same.
    code, verbose = _plan(tmp_path, net, "--lang", lang, "--verbose", capsys=capsys)
    assert code == 3 and verbose == lines


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_more_than_a_screen_says_what_is_hidden_and_verbose_shows_all(tmp_path, capsys, lang):
    net = far_schools_network(30)
    far = [s for s in net.schools if s.id.startswith("F")]
    code, lines = _plan(tmp_path, net, "--lang", lang, capsys=capsys)
    assert code == 3
    assert len(lines) <= SCREEN_LINES, "\n".join(lines)
    note = lines[-1]
    assert "--verbose" in note and any(ch.isdigit() for ch in note), note
    text = "\n".join(lines)
    for d in net.directions:
        assert text.count(d.name) == 1, d.name
    code, verbose = _plan(tmp_path, net, "--lang", lang, "--verbose", capsys=capsys)
    assert code == 3 and len(verbose) > SCREEN_LINES
    full = "\n".join(verbose)
    assert "--verbose" not in full
    for d in net.directions:
        assert full.count(d.name) == 1, d.name
    for s in far:  # each school on its own line, with its nearest mentor's distance
        line = next(x for x in verbose if s.name in x)
        assert "km" in line or "км" in line, line
    hidden = int("".join(ch for ch in note.split("--verbose")[0] if ch.isdigit()))
    assert hidden == len(verbose) - (len(lines) - 1), (hidden, len(verbose), len(lines))


def test_schools_in_different_directions_are_grouped_per_direction(tmp_path, capsys):
    # Far schools in one direction each: one heading per direction, the schools under it.
    net = far_schools_network(9)
    dirs = [d.id for d in net.directions]
    comps = tuple(c for c in net.competences
                  if not c.school.startswith("F") or dirs[(int(c.school[1:]) - 1) % 3] == c.direction)
    net = net.with_changes(competences=comps)
    code, lines = _plan(tmp_path, net, "--lang", "ru", capsys=capsys)
    assert code == 3 and len(lines) <= SCREEN_LINES
    text = "\n".join(lines)
    for d in net.directions:
        assert text.count(d.name) == 1, d.name
    for s in (s for s in net.schools if s.id.startswith("F")):
        assert text.count(s.name) == 1, s.name
