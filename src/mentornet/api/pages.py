"""The web workspace's plug-in point for :func:`mentornet.api.app.create_app`.

The pages themselves live in :mod:`mentornet.api.routers.web`.
"""

from mentornet.api.routers.web import install

__all__ = ["install"]
