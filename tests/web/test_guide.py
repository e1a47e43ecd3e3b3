"""The planner's guide (docs/ru, docs/en): served by the workspace, every image and link real, screenshots regenerated.

The screenshots come from ``scripts/screenshots.py``; regenerating them here
(into a temporary folder) fails when a page or an element the guide shows no
longer exists, so the guide cannot silently go stale.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from mentornet.api.guide import GUIDE_PAGES, slug

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = ("ru", "en")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")


def _script() -> Any:
    """``scripts/screenshots.py`` as a module (scripts/ is not a package)."""
    if "mentornet_screenshots" not in sys.modules:
        spec = importlib.util.spec_from_file_location("mentornet_screenshots", ROOT / "scripts" / "screenshots.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["mentornet_screenshots"] = module
        spec.loader.exec_module(module)
    return sys.modules["mentornet_screenshots"]


def _links(text: str) -> list[tuple[bool, str]]:
    """(is an image, target) of every Markdown link outside code blocks."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return [(bang == "!", target) for bang, _label, target in _LINK.findall(text)]


def _app_paths() -> list[re.Pattern[str]]:
    from mentornet.api import Settings, create_app

    app = create_app(Settings(database_url="sqlite://"))
    return [re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", r.path) + "$") for r in app.routes if hasattr(r, "path")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_image_and_link_of_the_guide_exists(lang: str) -> None:
    shots = {s.name for s in _script().SHOTS}
    used: set[str] = set()
    routes = _app_paths()
    for name in GUIDE_PAGES:
        path = DOCS / lang / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        anchors = {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}
        links = _links(text)
        assert len(links) > 10, path
        for image, target in links:
            where = f"{path.relative_to(ROOT)} → {target}"
            if image:
                assert target.startswith("img/") and target.endswith(".png"), where
                assert (path.parent / target).is_file(), f"{where}: no such image"
                used.add(target[4:-4])
            elif target.startswith("#"):
                assert target[1:] in anchors, f"{where}: no such heading"
            elif target.startswith(("http://", "https://")):
                continue
            elif target.startswith("/"):
                assert any(r.match(target.split("?")[0]) for r in routes), f"{where}: no such page in the app"
            else:
                file = target.partition("#")[0]
                assert (path.parent / file).resolve().is_file(), f"{where}: no such file"
    # every picture is one the script takes (so it is regenerated), and every one it takes is shown
    assert used <= shots, used - shots
    assert used == shots, shots - used
    on_disk = {p.stem for p in (DOCS / lang / "img").glob("*")}
    assert on_disk == shots, on_disk ^ shots


def test_the_readme_links_both_guides() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {t for _i, t in _links(readme)}
    assert {"docs/ru/guide.md", "docs/en/guide.md"} <= targets


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_is_served_with_its_images(client: Any, lang: str) -> None:
    r = client.get("/guide", params={"lang": lang})
    assert r.status_code == 200, r.text
    assert f'<html lang="{lang}">' in r.text
    title = {"ru": "Руководство планировщика", "en": "Planner's guide"}[lang]
    assert re.search(r"<h1[^>]*>" + re.escape(title.replace("'", "&#x27;")) + "|<h1[^>]*>" + re.escape(title), r.text)
    images = re.findall(r'<img src="([^"]+)"', r.text)
    assert len(images) == len(_script().SHOTS)
    for src in images:
        assert src.startswith(f"/guide/img/{lang}/"), src
        img = client.get(src)
        assert img.status_code == 200 and img.headers["content-type"] == "image/png", src
    # the link to the other language's guide goes to the served guide, not to a Markdown file
    other = "en" if lang == "ru" else "ru"
    assert f'href="/guide?lang={other}"' in r.text
    # anchors of the table of contents are ids of the headings
    article = r.text.split('<article class="guide" id="guide"', 1)[1]
    ids = set(re.findall(r'<h[1-6] id="([^"]+)"', article))
    anchors = re.findall(r'href="#([^"]+)"', article)
    assert len(anchors) >= 12
    for anchor in anchors:  # percent-encoded in the href; browsers match the decoded fragment
        assert unquote(anchor) in ids, anchor


def test_only_the_guide_images_are_served(client: Any) -> None:
    assert client.get("/guide/img/ru/../guide.md").status_code == 404
    assert client.get("/guide/img/xx/plan.png").status_code == 404
    assert client.get("/guide/img/ru/nothing.png").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_header_links_the_guide_in_its_language(client: Any, planned: dict, lang: str) -> None:
    for url in ("/networks", f"/networks/{planned['network_id']}", f"/plans/{planned['plan_id']}", "/plans", "/login", "/guide"):
        html = client.get(url, params={"lang": lang}).text
        assert f'href="/guide?lang={lang}" hreflang="{lang}" id="guide-link"' in html, url


# ---------------------------------------------------------------- the screenshots, regenerated

@pytest.mark.browser
@pytest.mark.slow
def test_the_screenshots_regenerate_from_the_real_pages(tmp_path: Path, chromium: Any) -> None:
    script = _script()
    written = script.generate(lambda lang, name: tmp_path / lang / f"{name}.png", browser=chromium)
    expected = {tmp_path / lang / f"{s.name}.png" for lang in LANGS for s in script.SHOTS}
    assert set(written) == expected
    for path in expected:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 500, path
        assert len(data) < 200_000, (path, len(data))  # kept small for the repository


@pytest.mark.browser
def test_a_missing_element_stops_the_screenshots(tmp_path: Path, chromium: Any) -> None:
    script = _script()
    with script.serve(tmp_path / "db.sqlite") as url:
        gone = script.Shot("gone", "networks", "#no-such-element")
        with pytest.raises(LookupError, match="no-such-element"):
            script.take(url, {"networks": "/networks"}, lambda lang, name: tmp_path / f"{name}.png", shots=(gone,), langs=("ru",),
                        browser=chromium)
        missing_page = script.Shot("gone", "nowhere", "main")
        with pytest.raises(LookupError, match="answered 404"):
            script.take(url, {"nowhere": "/plans/999"}, lambda lang, name: tmp_path / f"{name}.png", shots=(missing_page,), langs=("ru",),
                        browser=chromium)
