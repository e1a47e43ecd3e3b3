"""Dependencies shared by the routers: settings, limits, database session, job runner, token checks."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from mentornet.api.problems import ApiError
from mentornet.api.settings import Settings
from mentornet.services import Limits, Runner

__all__ = ["Id", "LimitsDep", "MAX_ID", "Offset", "OptId", "READ", "RunnerDep", "SessionDep", "SettingsDep", "WRITE", "get_limits", "get_runner",
           "get_session", "get_settings", "limits_of", "require_read", "require_write", "token_error"]

_bearer = HTTPBearer(auto_error=False, description="the API token as 'Authorization: Bearer <token>'")
_api_key = APIKeyHeader(name="X-API-Token", auto_error=False, description="the API token in an 'X-API-Token' header")
#: The web workspace keeps the token in this HttpOnly cookie (set by ``/login``); the API accepts it for reads only.
TOKEN_COOKIE = "mentornet_token"
_cookie = APIKeyCookie(name=TOKEN_COOKIE, auto_error=False,
                       description="the API token in the web workspace's cookie (set by /login); accepted for reads only")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.db.sessions() as session:
        yield session


def limits_of(settings: Settings) -> Limits:
    """The limits the service layer checks, from the server's settings."""
    return Limits(max_upload_bytes=settings.max_upload_bytes, max_schools=settings.max_schools,
                  max_time_limit=settings.solve_time_limit_max, read_time_limit=settings.read_time_limit)


def get_limits(request: Request) -> Limits:
    return limits_of(request.app.state.settings)


def get_runner(request: Request) -> Runner:
    return request.app.state.runner


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
LimitsDep = Annotated[Limits, Depends(get_limits)]
RunnerDep = Annotated[Runner, Depends(get_runner)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
ApiKeyDep = Annotated[str | None, Depends(_api_key)]
CookieDep = Annotated[str | None, Depends(_cookie)]


def token_error(settings: Settings, given: str | None, what: str) -> ApiError | None:
    """The 401 for a missing or wrong token, or None when ``given`` passes (or none is needed).

    Shared by the route dependencies and the request guard that refuses
    unauthenticated writes before their body is read.
    """
    expected = settings.token
    if expected is None:
        return None
    if not given:
        return ApiError(
            401, "API token required",
            f"{what} needs the API token: send 'Authorization: Bearer <token>' or 'X-API-Token: <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="mentornet"'}, kind="token-required",
        )
    if not secrets.compare_digest(given.encode(), expected.encode()):
        return ApiError(
            401, "Invalid API token",
            "the API token sent is not the one this server expects; ask the administrator for the current token",
            headers={"WWW-Authenticate": 'Bearer realm="mentornet", error="invalid_token"'}, kind="invalid-token",
        )
    return None


def _check(settings: Settings, bearer: HTTPAuthorizationCredentials | None, key: str | None, what: str) -> None:
    error = token_error(settings, bearer.credentials if bearer is not None else key, what)
    if error is not None:
        raise error


def require_write(settings: SettingsDep, bearer: BearerDep, key: ApiKeyDep) -> None:
    """Writes need the token whenever one is set."""
    _check(settings, bearer, key, "changing data")


def require_read(settings: SettingsDep, bearer: BearerDep, key: ApiKeyDep, cookie: CookieDep) -> None:
    """Reads need the token when one is set and reads are not left open.

    The web workspace's cookie counts here (the embedded network view,
    downloads and job polling of a signed-in browser), not for writes.
    """
    if settings.read_only_open:
        return
    _check(settings, bearer, key or cookie, "reading data on this server")


READ = [Depends(require_read)]
WRITE = [Depends(require_write)]


#: Largest id (and offset) the databases store as INTEGER.
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="an id, as returned when the item was created")]
OptId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="items to skip")]
