"""What a Russian reader gets from the exports, the CLI and the views: no English, nouns agree.

Every cell of plan.xlsx and the CSV files, every cell of the input
template, the audit report printed by ``mentornet audit --lang ru``, every
word of the views and every error of the network's own checks, rendered in
Russian; names and ids of the input are set aside (they are data).
"""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from typer.testing import CliRunner

import mentornet.cli
from mentornet.errors import InputError
from mentornet.export import write_plan_csv, write_plan_xlsx
from mentornet.export_labels import LABELS, METRIC_NAMES, label
from mentornet.io.template import write_template
from mentornet.io.writers import policy_rows
from mentornet.model import Competence, Direction, Level, Network, Policy, School
from mentornet.planning import solve
from mentornet.visualizations import style
from tests.i18n.russian import english_words, plural_errors

mentornet.cli._register()


@pytest.fixture(scope="module")
def plan(krymsky):
    return solve(krymsky, solver="flow")


def _names(network: Network) -> list[str]:
    """Names and ids of the input: data, not words of the program."""
    out = [network.name]
    out += [t for s in network.schools for t in (s.id, s.name, s.label, s.municipality)]
    out += [t for d in network.directions for t in (d.id, d.name, d.label)]
    out += [t for c in network.curators for t in (c.id, c.name, c.label)]
    return [t for t in out if t]


def _check(texts, allowed=()) -> None:
    bad = []
    for where, text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        words = english_words(text, allowed)
        if words:
            bad.append(f"{where}: English {words} in {text[:120]!r}")
        bad += [f"{where}: {e}" for e in plural_errors(text)]
    assert not bad, "\n".join(bad[:20])


def _cells(path):
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        yield f"sheet {ws.title}", ws.title
        for row in ws.iter_rows():
            for cell in row:
                yield f"{ws.title}!{cell.coordinate}", cell.value


def test_plan_workbook_in_russian(krymsky, plan, tmp_path):
    path = write_plan_xlsx(krymsky, plan, tmp_path / "plan.xlsx", lang="ru")
    _check(_cells(path), [*_names(krymsky), plan.solver.name, plan.solver.status])


def test_plan_csv_in_russian(krymsky, plan, tmp_path):
    texts = []
    for path in write_plan_csv(krymsky, plan, tmp_path, lang="ru"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            texts += [(f"{path.name}:{i}", cell) for i, row in enumerate(csv.reader(fh)) for cell in row]
    _check(texts, _names(krymsky))


def test_every_reason_of_a_plan_in_russian(krymsky, plan):
    texts = [(f"pair {p.mentor}->{p.trainee}", p.reason_in("ru")) for p in plan.pairs]
    texts += [(f"deferred {d.school}", d.reason_in("ru")) for d in plan.deferred]
    texts += [(f"alternate {a.school}", m.reason_in("ru")) for a in plan.alternates for m in a.mentors]
    assert all(t for _, t in texts)
    _check(texts, _names(krymsky))
    # the English reads English: no Russian word outside the data
    english = " ".join(p.reason_in("en") for p in plan.pairs)
    for name in sorted(_names(krymsky), key=len, reverse=True):
        english = english.replace(name, " ")
    assert not re.search(r"[а-яё]", english, re.IGNORECASE), english[:200]


def test_export_labels_and_view_words_in_russian():
    texts = [(f"label {k}", label(k, "ru")) for k in [*LABELS, *METRIC_NAMES]]
    texts += [(f"view {k}", style.text(k, "ru")) for k in style._TEXT]
    texts += [(f"role {r}", style.role_label(r, "ru", plural=p)) for r in [*Level, None] for p in (False, True)]
    _check(texts)
    for n in (1, 2, 5, 11, 21, 34):
        _check([(f"count {n}", style.count_label(n, noun, "ru")) for noun in ("schools", "pairs")])


def test_input_template_in_russian(tmp_path):
    path = write_template(tmp_path / "t.xlsx", lang="ru")
    keys = [key for key, _, _ in policy_rows(Policy())]
    # Policy keys (e.g. weights.gain), their values (narrow, wide, none, direction, municipality, mutual, site_based),
    # the audit command and the example's A/B are codes a planner types as they are.
    values = ["narrow", "wide", "none", "direction", "municipality", "mutual", "site_based", "audit", "A", "B"]
    _check(_cells(path), [*keys, *(k.split(".")[-1] for k in keys), *values])


def test_audit_report_in_russian(krymsky):
    result = CliRunner().invoke(mentornet.cli.app, ["audit", "--lang", "ru"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    from mentornet.audit import audit_network

    codes = [f.code for f in audit_network(krymsky).findings]
    lines = [(f"line {i}", line) for i, line in enumerate(result.stdout.splitlines())]
    _check(lines, _names(krymsky) + codes)


def test_network_errors_in_russian():
    with pytest.raises(InputError) as err:
        Network(
            name="Сеть",
            schools=[School(id="Ш1"), School(id="Ш1")],
            directions=[Direction(id="1")],
            competences=[Competence(school="Ш3", direction="9", level="promising")],
        )
    text = err.value.render("ru")
    assert text.startswith(f"{len(err.value.problems)} ошибки во входных данных"), text
    assert "повторяющийся код «Ш1»" in text and "неизвестное направление «9»" in text
    # Field paths (schools[1].id) are codes of the input, not English prose.
    _check([("error", text)], ["Ш1", "Ш3", "competences", "schools", "direction", "school", "id"])
    assert err.value.render("en").startswith(f"{len(err.value.problems)} problems in the input")
