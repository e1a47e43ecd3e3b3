"""Screenshots of the planner's guide, taken from the real pages (so they never go stale).

Run from the repository root (a venv with ``.[dev]`` and Debian's chromium)::

    python scripts/screenshots.py              # writes docs/ru/img/*.png and docs/en/img/*.png
    python scripts/screenshots.py --out DIR    # writes DIR/ru/*.png and DIR/en/*.png instead

It starts the workspace on a temporary SQLite database (uvicorn in a thread, a
free local port), uploads the embedded Krymsky 2021 table, plans it with
CP-SAT, publishes the plan, closes a school in a what-if scenario, rebalances,
approves the new plan (a first greedy plan, published and then replaced,
shows a superseded plan), and opens each page the guide shows in headless
Chromium (Playwright) in Russian and in English. Each shot names a page and a
stable element (an ``id`` or ``data-guide`` attribute of the templates): a
page or element that no longer exists stops the script with an error naming
it, which is what ``tests/web/test_guide.py`` checks. PNGs are reduced to a
256-colour palette and saved optimised to keep the repository small.
"""

from __future__ import annotations

import argparse
import io
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
LANGS = ("ru", "en")
#: The school the what-if scenario closes (a leader in several directions of the Krymsky table).
CLOSED_SCHOOL = "МБОУ СОШ № 1"
#: A role table with typos, to show how upload errors and hints read.
BROKEN_TABLE = (
    "direction_no,direction,curators,role,school\n"
    "1,Система качества подготовки обучающихся,Резник З.А.,leader,МБОУ СОШ № 1\n"
    "1,Система качества подготовки обучающихся,Резник З.А.,скрытый резер,МБОУ СОШ № 9\n"
    "1,Система качества подготовки обучающихся,Резник З.А.,leadr,МБОУ СОШ № 12\n"
)


@dataclass(frozen=True)
class Shot:
    """One screenshot: ``name`` (the PNG's stem), the page (a key of the URLs the scenario makes) and the element shown.

    ``element=True`` crops the picture to the element; otherwise the visible
    window is shot once the element is scrolled to the top. ``before`` runs
    on the page before the shot (open a form, fill a field).
    """

    name: str
    page: str
    selector: str
    element: bool = True
    before: Callable[[Any], None] | None = None
    height: int | None = None


def _broken_upload(pg: Any) -> None:
    pg.set_input_files("#upload-form input[type=file]", files=[{"name": "roles.csv", "mimeType": "text/csv",
                                                               "buffer": BROKEN_TABLE.encode("utf-8")}])
    pg.click("#upload-form button[type=submit]")
    pg.wait_for_selector("#upload-errors")


def _duplicate_upload(pg: Any) -> None:
    pg.set_input_files("#upload-form input[type=file]", files=[{"name": "krymsky_2021.csv", "mimeType": "text/csv",
                                                               "buffer": krymsky_bytes()}])
    pg.fill("#upload-form input[name=year]", "2021")
    pg.click("#upload-form button[type=submit]")
    pg.wait_for_selector("#duplicate")


def _open_pairs(pg: Any) -> None:
    pg.evaluate("document.querySelector('details.all-pairs').open = true")


def _wait_view(pg: Any) -> None:
    pg.locator("#network-view").scroll_into_view_if_needed()
    frame = pg.frame_locator("#network-view")
    frame.locator("canvas").first.wait_for(timeout=20_000)
    pg.wait_for_timeout(2500)  # the physics settle


#: Every screenshot the guide shows, in the guide's order.
SHOTS: tuple[Shot, ...] = (
    Shot("header", "networks", "header.top"),
    Shot("upload", "networks", "#upload-form", element=False),
    Shot("upload_errors", "networks", "#upload-errors", before=_broken_upload),
    Shot("duplicate", "networks", "#duplicate", before=_duplicate_upload),
    Shot("network", "network", "#plan-form", element=False),
    Shot("audit_findings", "audit", "#findings", element=False),
    Shot("audit_directions", "audit", "#by-direction"),
    Shot("plan", "plan", "#plan-status", element=False),
    Shot("plan_roles", "plan", "#role-table"),
    Shot("plan_deferred", "plan", "#deferred"),
    Shot("plan_pairs", "plan", "#pairs", before=_open_pairs, height=520),
    Shot("network_view", "plan", "#network-view", before=_wait_view),
    Shot("school", "school", "#school-roles", element=False),
    Shot("whatif", "scenario", "#edits", element=False),
    Shot("diff", "diff", "#diff-stats", element=False),
    Shot("publish", "approved", "#status-form"),
    Shot("superseded", "superseded", "#superseded-note", element=False),
    Shot("downloads", "plan", "#downloads"),
)


def krymsky_bytes() -> bytes:
    """The embedded Krymsky 2021 role table, as a planner would upload it."""
    return (resources.files("mentornet") / "data" / "krymsky_2021_internships.csv").read_bytes()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(database: Path) -> Iterator[str]:
    """The workspace under uvicorn in a thread, on a free port, over the SQLite file ``database``; yields its URL."""
    import uvicorn

    from mentornet.api import Settings, create_app

    app = create_app(Settings(database_url=f"sqlite:///{database}"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="mentornet-screenshots", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the workspace did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _job_plan(http: Any, job_url: str) -> int:
    job_id = int(job_url.rsplit("/", 1)[1])
    deadline = time.monotonic() + 120
    while True:
        job = http.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            if job["state"] != "done":
                raise RuntimeError(f"job {job_id} ended {job['state']}: {job.get('error')}")
            return int(job["plan_id"])
        if time.monotonic() > deadline:
            raise RuntimeError(f"job {job_id} still {job['state']}")
        time.sleep(0.1)


def _post(http: Any, url: str, **kw: Any) -> str:
    r = http.post(url, **kw)
    if r.status_code != 303:
        raise RuntimeError(f"POST {url} answered {r.status_code}: {r.text[:500]}")
    return str(r.headers["location"])


def prepare(url: str, lang: str = "ru") -> dict[str, str]:
    """Upload, plan, publish, what-if, rebalance and approve through the pages' forms; the URL of each page shown.

    The forms are sent in ``lang``, so the names the pages give (scenarios) read in that language.
    """
    import httpx

    with httpx.Client(base_url=url, follow_redirects=False, timeout=120, params={"lang": lang}) as http:
        network = _post(http, "/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"year": "2021"})
        # a first, quick plan published and then replaced shows how a superseded plan reads
        early = _job_plan(http, _post(http, f"{network}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"}))
        for status in ("approved", "published"):
            _post(http, f"/plans/{early}/status", data={"status": status})
        plan = _job_plan(http, _post(http, f"{network}/plan", data={"solver": "cpsat", "strategy": "", "time_limit": "20"}))
        for status in ("approved", "published"):
            _post(http, f"/plans/{plan}/status", data={"status": status, "supersede": "1"})
        scenario = _post(http, f"/plans/{plan}/what-if")
        _post(http, f"{scenario}/edits", data={"op": "close_school", "school": CLOSED_SCHOOL})
        other = _job_plan(http, _post(http, f"{scenario}/rebalance", data={"solver": "cpsat", "time_limit": "20"}))
        _post(http, f"/plans/{other}/status", data={"status": "approved"})
        pages = {
            "networks": "/networks", "network": network, "audit": f"{network}/audit", "plan": f"/plans/{plan}",
            "school": f"/plans/{plan}/school?id={CLOSED_SCHOOL}", "scenario": scenario, "diff": f"/plans/{plan}/diff/{other}",
            "approved": f"/plans/{other}", "superseded": f"/plans/{early}",
        }
    return pages


def save_png(data: bytes, path: Path, height: int | None = None) -> None:
    """Save a screenshot as an optimised 256-colour PNG (screens have few colours; the text stays sharp).

    ``height`` keeps only the top of a tall picture.
    """
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    if height and image.height > height:
        image = image.crop((0, 0, image.width, height))
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    small.save(path, format="PNG", optimize=True)


def take(url: str, pages: dict[str, str], out: Callable[[str, str], Path], *, shots: tuple[Shot, ...] = SHOTS,
         langs: tuple[str, ...] = LANGS, chromium: Path = CHROMIUM, browser: Any = None) -> list[Path]:
    """Take every shot in every language; ``out(lang, name)`` says where each PNG goes.

    ``browser`` is a Playwright browser to use (the tests' own); without it
    headless ``chromium`` is started here.

    Raises
    ------
    LookupError
        A page the guide shows answers an error, or the element of a shot is not on its page.
    """
    from playwright.sync_api import sync_playwright

    if browser is not None:
        return _take(browser, url, pages, out, shots, langs)
    with sync_playwright() as p:
        own = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            return _take(own, url, pages, out, shots, langs)
        finally:
            own.close()


def _take(browser: Any, url: str, pages: dict[str, str], out: Callable[[str, str], Path], shots: tuple[Shot, ...],
          langs: tuple[str, ...]) -> list[Path]:
    from playwright.sync_api import Error as PlaywrightError

    written: list[Path] = []
    for lang in langs:
        context = browser.new_context(viewport=VIEWPORT, base_url=url, locale=f"{lang}-{lang.upper()}", device_scale_factor=1)
        context.set_default_timeout(15_000)
        try:
            pg = context.new_page()
            for shot in shots:
                target = pages[shot.page]
                sep = "&" if "?" in target else "?"
                response = pg.goto(f"{target}{sep}lang={lang}")
                if response is None or response.status >= 400:
                    raise LookupError(f"shot {shot.name!r}: page {shot.page} ({target}) answered {response and response.status}")
                if pg.locator("#guide-link").count() != 1:
                    raise LookupError(f"shot {shot.name!r}: page {shot.page} has no link to the guide (#guide-link)")
                if shot.before is not None:
                    shot.before(pg)
                element = pg.locator(shot.selector).first
                try:
                    element.wait_for(state="visible", timeout=10_000)
                except PlaywrightError as exc:
                    raise LookupError(f"shot {shot.name!r}: no visible {shot.selector} on page {shot.page} ({target})") from exc
                if shot.element:
                    element.scroll_into_view_if_needed()
                    data = element.screenshot()
                else:
                    pg.evaluate("(s) => { const e = document.querySelector(s); window.scrollTo(0, Math.max(0, "
                                "e.getBoundingClientRect().top + window.scrollY - 120)); }", shot.selector)
                    data = pg.screenshot()
                path = out(lang, shot.name)
                save_png(data, path, height=shot.height)
                written.append(path)
        finally:
            context.close()
    return written


def generate(out: Callable[[str, str], Path], *, shots: tuple[Shot, ...] = SHOTS, langs: tuple[str, ...] = LANGS,
             browser: Any = None) -> list[Path]:
    """For each language: start the workspace on a temporary database, prepare the pages in it, take the shots."""
    written: list[Path] = []
    for lang in langs:
        with tempfile.TemporaryDirectory(prefix="mentornet-shots-") as tmp, serve(Path(tmp) / "shots.db") as url:
            written += take(url, prepare(url, lang), out, shots=shots, langs=(lang,), browser=browser)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write DIR/<lang>/<name>.png instead of docs/<lang>/img/<name>.png")
    parser.add_argument("--only", nargs="*", help="only these shots (names)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is absent: run scripts/install-browser.sh", file=sys.stderr)
        return 2
    shots = tuple(s for s in SHOTS if not args.only or s.name in args.only)

    def out(lang: str, name: str) -> Path:
        return (args.out / lang / f"{name}.png") if args.out else ROOT / "docs" / lang / "img" / f"{name}.png"

    for path in generate(out, shots=shots):
        print(f"{path}  {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
