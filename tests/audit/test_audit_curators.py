"""Issue 14, item 5 in the audit: a consultant at her limit, and trainee teams no
curator of some kind may supervise — figures confirmed with independent code,
in the library, the CLI (both languages) and the web page."""

from __future__ import annotations

import json
from collections import defaultdict

from typer.testing import CliRunner

import mentornet.cli
from mentornet.audit import audit_network
from mentornet.generate import generate_network
from mentornet.io.writers import write_network
from mentornet.model import Level, Network, Policy

mentornet.cli._register()

KIND = "научный консультант"


def _region() -> Network:
    """Level-only, three districts; consultants with tight limits; the first district has none."""
    net = generate_network(24, 3, 3, seed=3, level_only=True)
    first = net.schools[0].municipality
    curators = []
    for c in net.curators:
        if not c.municipalities:
            continue  # district consultants only: one kind
        if c.municipalities == (first,):
            continue
        curators.append(c.model_copy(update={"kind": KIND, "max_teams": 3, "max_schools": 2}))
    return net.with_changes(curators=tuple(curators), directions=tuple(d.model_copy(update={"curators": ()}) for d in net.directions))


def _expected(net: Network) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str]]]:
    """Independently: per consultant (trainee teams, trainee schools) she alone may supervise; teams with none."""
    teams: dict[str, list[tuple[str, str]]] = defaultdict(list)
    loose = []
    for comp in net.competences:
        if comp.level is Level.leader:
            continue
        muni = net.school_by_id[comp.school].municipality
        scope = [c for c in net.curators if muni in c.municipalities]
        if not scope:
            loose.append((comp.school, comp.direction))
        elif len(scope) == 1:
            teams[scope[0].id].append((comp.school, comp.direction))
    return {c: (len(ts), len({s for s, _ in ts})) for c, ts in teams.items()}, loose


def test_consultants_at_their_limits_and_teams_without_one() -> None:
    net = _region()
    load, loose = _expected(net)
    report = audit_network(net, Policy(), lang="ru")
    at_pairs = report.finding("curators_at_limit")
    at_schools = report.finding("curators_at_school_limit")
    # In the input's curator order, as the audit lists them.
    want_pairs = {c.label: (load[c.id][0], 3) for c in net.curators if c.id in load and load[c.id][0] >= 3}
    want_schools = {c.label: (load[c.id][1], 2) for c in net.curators if c.id in load and load[c.id][1] >= 2}
    assert want_pairs and want_schools
    assert at_pairs is not None and at_pairs.text is not None
    assert at_pairs.text.params["names"] == ", ".join(f"{n} ({k}/{lim})" for n, (k, lim) in want_pairs.items())
    assert at_pairs.severity == ("error" if any(k > 3 for k, _ in want_pairs.values()) else "warning")
    assert at_schools is not None and at_schools.text is not None
    assert at_schools.text.params["names"] == ", ".join(f"{n} ({k}/{lim})" for n, (k, lim) in want_schools.items())
    assert "единственн" in at_pairs.message
    without = report.finding("teams_without_curator")
    assert without is not None and without.text is not None and without.text.params["n"] == len(loose) > 0
    assert without.severity == "error"
    assert set(without.schools) == {s for s, _ in loose}
    flagged = audit_network(net, Policy(unsupervised="flag"), lang="en").finding("teams_without_curator")
    assert flagged is not None and flagged.severity == "info"


def test_the_cli_audit_reports_them(tmp_path) -> None:
    path = write_network(_region(), tmp_path / "region.xlsx")
    result = CliRunner().invoke(mentornet.cli.app, ["audit", str(path), "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"curators_at_limit", "curators_at_school_limit", "teams_without_curator"} <= codes
    text = CliRunner().invoke(mentornet.cli.app, ["audit", str(path), "--lang", "ru"], env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    assert "куратор" in text and "единственн" in text


def test_the_krymsky_audit_raises_no_curator_finding(krymsky) -> None:
    codes = {f.code for f in audit_network(krymsky).findings}
    assert not codes & {"curators_at_limit", "curators_at_school_limit", "teams_without_curator"}
