"""The planner's guide (``docs/ru``, ``docs/en``) served by the workspace, offline.

The guide is written once, as Markdown with its screenshots, in the
repository's ``docs/<lang>/`` folders. A source checkout (and an editable
install) serves those files directly; a wheel carries a copy in
``mentornet/guide/<lang>/`` (copied by the build hook in ``setup.py``). The
pages render the Markdown to HTML inside the workspace's frame at
``/guide`` (the page language) with images under ``/guide/img/<lang>/``, so
the guide needs no network access and never differs from the files.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["GUIDE_PAGES", "guide_dir", "guide_html", "guide_image", "guide_markdown"]

#: The guide's pages, in reading order (``docs/<lang>/<name>.md``).
GUIDE_PAGES = ("guide",)
_PACKAGED = Path(__file__).resolve().parent.parent / "guide"
_SOURCE = Path(__file__).resolve().parents[3] / "docs"
_IMAGE = re.compile(r"^[A-Za-z0-9_.-]+\.png$")


def guide_dir(lang: str) -> Path | None:
    """The folder holding the guide in ``lang``: the wheel's copy, else the source checkout's ``docs/<lang>``."""
    for root in (_PACKAGED, _SOURCE):
        folder = root / lang
        if (folder / "guide.md").is_file():
            return folder
    return None


def guide_markdown(lang: str, name: str = "guide") -> str | None:
    """The Markdown text of a guide page, or ``None`` when the guide is not installed."""
    folder = guide_dir(lang)
    if folder is None or name not in GUIDE_PAGES:
        return None
    return (folder / f"{name}.md").read_text(encoding="utf-8")


def guide_image(lang: str, filename: str) -> Path | None:
    """A screenshot of the guide (``img/<filename>``); ``None`` for any other name."""
    folder = guide_dir(lang)
    if folder is None or not _IMAGE.match(filename):
        return None
    path = folder / "img" / filename
    return path if path.is_file() else None


def _rewrite(href: str, lang: str) -> str:
    """Links of the Markdown files as the served guide reaches them."""
    if href.startswith("img/"):
        return f"/guide/img/{lang}/{href[4:]}"
    m = re.fullmatch(r"(?:\.\./(ru|en)/)?([a-z_]+)\.md(#.*)?", href)
    if m and m.group(2) in GUIDE_PAGES:
        other = m.group(1) or lang
        return f"/guide?lang={other}{m.group(3) or ''}"
    return href


@lru_cache(maxsize=8)
def _render(text: str, lang: str) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    tokens = md.parse(text)
    for i, token in enumerate(tokens):
        for child in token.children or ():
            if child.type == "image" and child.attrs.get("src"):
                child.attrs["src"] = _rewrite(str(child.attrs["src"]), lang)
                child.attrs["loading"] = "lazy"
            elif child.type == "link_open" and child.attrs.get("href"):
                child.attrs["href"] = _rewrite(str(child.attrs["href"]), lang)
        if token.type == "heading_open":  # anchors for the table of contents: the heading's own slug
            token.attrs["id"] = slug(tokens[i + 1].content)
        if token.type == "table_open":
            token.attrs["class"] = "data"
    html = md.renderer.render(tokens, md.options, {})
    # wide tables scroll inside their own box, as on every page; a code block that scrolls is reachable by keyboard
    html = html.replace('<table class="data">', '<div class="table-wrap"><table class="data">').replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')


def slug(title: str) -> str:
    """A heading's anchor: lower-case words joined by ``-`` (Cyrillic kept), as GitHub makes them."""
    text = re.sub(r"[^\w\s-]", "", title.strip().lower())
    return re.sub(r"\s", "-", text)


def guide_html(lang: str, name: str = "guide") -> str | None:
    """A guide page as HTML (images and links pointing at the served guide), or ``None``."""
    text = guide_markdown(lang, name)
    return None if text is None else _render(text, lang)
