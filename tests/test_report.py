"""The multi-year report: workbook sheets and plots in Russian and English."""

from __future__ import annotations

import openpyxl
import pytest

from mentornet.indicators import INDICATORS, indicator_definitions
from mentornet.report import write_report
from tests.test_indicators import _year


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_report_workbook_and_plots(tmp_path, lang):
    written = write_report([_year()], tmp_path, lang, synthetic=["x_SYNTHETIC.xlsx"])
    assert {p.name for p in written} == {"report.xlsx", "trend_by_direction.png", "role_transitions.png", "indicators.csv"}
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    first = book.worksheets[0]
    rows = {r[0]: r for r in first.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["deficits_decreased_share"][1] == 0.5
    assert rows["deficits_decreased_share"][2] == indicator_definitions(lang)["deficits_decreased_share"]
    assert any("SYNTHETIC" in str(k) or "СИНТЕТИЧЕСКИЕ" in str(k) for k in rows)
    defs = book.worksheets[-1]
    assert {r[0] for r in defs.iter_rows(min_row=2, values_only=True)} == set(INDICATORS)
    assert len(book.sheetnames) == 6


def test_every_indicator_is_defined_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The programme over the years"):]
    for name in INDICATORS:
        assert f"`{name}`" in section, name
