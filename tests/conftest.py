"""Fixtures shared by every test package: small named instances."""

from __future__ import annotations

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
