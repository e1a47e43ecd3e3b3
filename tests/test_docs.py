"""The design reference and the README's architecture stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from mentornet.check import METRIC_KEYS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mentornet"
DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = text.find("\n## ", start + len(heading))
    return text[start : nxt if nxt >= 0 else len(text)]


def test_references_point_to_the_design_document() -> None:
    for folder in ("src", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "DESIGN" + ".md" not in path.read_text(encoding="utf-8"), path


def test_every_violation_code_is_documented_under_its_constraint() -> None:
    source = (PACKAGE / "check.py").read_text(encoding="utf-8")
    found = set(re.findall(r'self\.add\(\s*(\d), "([a-z_]+)"', source))
    assert len({n for n, _ in found}) == 7
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d) \| (.*)$", _section(DESIGN, "## 4. Hard constraints"), re.M)}
    for number, code in found:
        assert f"`{code}`" in rows[int(number)], (number, code)


def test_every_metric_key_is_in_the_plan_json_contract() -> None:
    contract = _section(DESIGN, "## 7. The `plan.json` contract")
    for key in METRIC_KEYS:
        assert f"`{key}`" in contract, key


def test_the_readme_architecture_names_only_existing_paths() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\nsrc/mentornet/\n(.*?)```", _section(readme, "## Architecture"), re.S)
    assert block is not None
    names = re.findall(r"(?<![\w/.])([a-z_]+(?:/|\.py))(?=[\s,(]|$)", block.group(1), re.M)
    assert len(names) > 20
    for name in names:
        matches = list(PACKAGE.rglob(name.rstrip("/")))
        assert matches, f"README architecture names {name!r}, which is not in src/mentornet"
