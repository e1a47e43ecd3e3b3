"""Fixtures shared by every test package: small named instances."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mentornet.io import embedded_network
from mentornet.model import Network, Policy


@pytest.fixture(scope="session")
def krymsky() -> Network:
    """The embedded Krymsky 2021 role table: 34 schools, 7 directions."""
    return embedded_network()


@pytest.fixture
def policy() -> Policy:
    return Policy()


#: Debian's Chromium (``make browser``) and its flags for every browser test.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test process: a second sync Playwright in one thread is refused."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (make browser) to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
