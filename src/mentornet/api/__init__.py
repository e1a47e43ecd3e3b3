"""The HTTP service (FastAPI): networks, scenarios with what-if edits, solve
jobs, plans with explanations, rebalancing, diffs, exports and views.

Start it with ``mentornet serve`` or ``uvicorn --factory mentornet.api:create_app``.
Library errors become HTTP status codes here and nowhere else
(:mod:`mentornet.api.problems`).
"""

from mentornet.api.app import create_app
from mentornet.api.settings import Settings

__all__ = ["Settings", "create_app"]
