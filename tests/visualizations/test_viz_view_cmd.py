"""``mentornet view``: find or rebuild network.html and open it."""

from __future__ import annotations

import json

import pytest
from mn_viz_support import round_robin_plan
from typer.testing import CliRunner

from mentornet.cli import app
from mentornet.cli.view_cmd import open_view
from mentornet.errors import InputError
from mentornet.export import write_plan_json


@pytest.fixture
def opened(monkeypatch):
    """Records what would be opened in the browser instead of opening it."""
    calls: list[str] = []
    monkeypatch.setattr("mentornet.cli.view_cmd.webbrowser.open", lambda url, *a, **k: calls.append(url) or True)
    return calls


def test_opens_an_existing_page(tmp_path, opened):
    page = tmp_path / "network.html"
    page.write_text("<html></html>", encoding="utf-8")
    assert open_view(tmp_path) == page
    assert opened == [page.resolve().as_uri()]
    assert open_view(page, open_browser=False) == page
    assert len(opened) == 1


def test_rebuilds_a_missing_page_from_plan_json(krymsky, tmp_path, opened):
    plan = round_robin_plan(krymsky)
    write_plan_json(plan, tmp_path / "plan.json")  # names the embedded network
    page = open_view(tmp_path, open_browser=False)
    assert page == tmp_path / "network.html" and page.exists()
    assert "vis.Network" in page.read_text(encoding="utf-8")
    assert opened == []


def test_rebuild_uses_the_recorded_or_given_input(krymsky, tmp_path, opened):
    plan = round_robin_plan(krymsky).with_changes(network="somewhere")
    write_plan_json(plan, tmp_path / "plan.json")
    with pytest.raises(InputError, match="--input"):
        open_view(tmp_path, open_browser=False)
    from importlib import resources

    from mentornet.io import EMBEDDED_DATASET

    with resources.as_file(resources.files("mentornet") / "data" / EMBEDDED_DATASET) as csv:
        page = open_view(tmp_path, open_browser=False, input_path=csv, lang="en")
        assert "All directions" in page.read_text(encoding="utf-8")
        page.unlink()
        doc = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
        doc["input"] = str(csv)
        (tmp_path / "plan.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        assert open_view(tmp_path, open_browser=False).exists()


def test_nothing_to_show(tmp_path, opened):
    with pytest.raises(InputError, match=r"plan\.json"):
        open_view(tmp_path)
    assert opened == []


def test_command_line(tmp_path, opened):
    (tmp_path / "network.html").write_text("<html></html>", encoding="utf-8")
    args = [str(tmp_path), "--no-open"]
    # Typer runs a lone command without its name; with the others registered it needs it.
    if len(app.registered_commands) > 1:
        args = ["view", *args]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "network.html" in result.output
    assert opened == []
