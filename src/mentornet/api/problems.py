"""Every error as a JSON problem (RFC 9457): type, title, status, detail, errors[].

Library errors are mapped to HTTP here and only here:

* :class:`~mentornet.errors.InputError` → 422, one ``errors[]`` entry per
  problem with its location (file, sheet, row, column, field) and message;
* :class:`~mentornet.errors.InfeasibleError` → 422, ``errors[]`` are the
  conflicts with their suggested fixes;
* :class:`~mentornet.errors.SolverError` → 422;
* the service layer's refusals (:class:`~mentornet.errors.RequestError`):
  :class:`~mentornet.errors.NotFoundError` → 404,
  :class:`~mentornet.errors.ConflictError` → 409,
  :class:`~mentornet.errors.InvalidRequestError` → 422, each with its own
  title, kind and errors;
* request validation → 422 naming each field;
* anything unexpected → 500 with a generic message (the details go to the
  server log, not to the client).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException

from mentornet.errors import (
    ConflictError,
    InfeasibleError,
    InputError,
    MentornetError,
    NotFoundError,
    RequestError,
    SolverError,
)

__all__ = [
    "ApiError",
    "PROBLEM_RESPONSES",
    "Problem",
    "ProblemItem",
    "error_payload",
    "install_handlers",
    "problem_response",
    "render_error",
    "request_lang",
    "status_of",
    "stored_error",
]

log = logging.getLogger("mentornet.api")
MEDIA_TYPE = "application/problem+json"


class ProblemItem(BaseModel):
    """One error: where it is and what is wrong."""

    model_config = ConfigDict(extra="allow")
    location: dict[str, Any] = Field(default_factory=dict, description="file, sheet, row, column, field — the parts that are known")
    where: str = Field("", description="the location in words, e.g. \"net.xlsx, sheet 'schools', row 7, column 'host_capacity'\"")
    message: str
    suggestions: list[str] = Field(default_factory=list, description="for an unknown level, school, direction, municipality or curator: the closest valid values, best first")


class Problem(BaseModel):
    """An error response (RFC 9457 problem details)."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str = ""
    errors: list[ProblemItem] = Field(default_factory=list)


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("'", "").split())


class ApiError(Exception):
    """An error the API answers with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        errors: list[dict[str, Any]] | None = None,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.kind = kind or _slug(title)
        self.headers = headers
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str = "",
    *,
    errors: list[dict[str, Any]] | None = None,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": f"urn:mentornet:problem:{kind or _slug(title)}", "title": title, "status": status, "detail": detail, "errors": errors or [], **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def status_of(exc: MentornetError) -> int:
    """The HTTP status a library error answers with."""
    from mentornet.db import PublishedPlanError

    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, (ConflictError, PublishedPlanError)):
        return 409
    return 422


def error_payload(exc: MentornetError, lang: str | None = None) -> dict[str, Any]:
    """A library error as a problem body (without status), for responses.

    The items of an input error or an infeasible plan are worded in ``lang``
    (English when not given); an infeasible plan's body also holds
    ``groups``, its conflicts grouped by direction and rule
    (:func:`mentornet.errors.group_conflicts`), and ``other_conflicts``.
    """
    if isinstance(exc, (InputError, InfeasibleError, SolverError)):
        return render_error(stored_error(exc), lang) or {}
    return _payload(exc)


def stored_error(exc: MentornetError) -> dict[str, Any]:
    """A library error as a problem body whose items are message codes, not sentences (``job.error`` in the database).

    :func:`render_error` words it in the reader's language.
    """
    body = _payload(exc)
    if isinstance(exc, InputError):
        body["errors"] = [{"problem": p.as_record()} for p in exc.problems]
    elif isinstance(exc, InfeasibleError):
        body["errors"] = [{"conflict": c.as_record()} for c in exc.conflicts]
    elif isinstance(exc, SolverError) and exc.text is not None:
        body["detail_text"] = exc.text.model_dump(mode="json")
    return body


def render_error(error: dict[str, Any] | None, lang: str | None = None) -> dict[str, Any] | None:
    """A stored problem body with its coded items worded in ``lang``.

    Items stored as codes (:func:`stored_error`) become ``location``,
    ``where``, ``message`` (and ``suggestion``, ``kind``, ``schools``,
    ``directions`` for a conflict; English, in the developer's wording of
    ``str()``, when ``lang`` is None); items stored as sentences by older
    versions are returned as they are. A solver error's ``detail`` stored
    with its code (``detail_text``) is worded in ``lang`` too.
    """
    if not error:
        return error
    from mentornet.errors import Conflict, Problem, group_conflicts
    from mentornet.i18n import Message

    items: list[dict[str, Any]] = []
    conflicts: list[Conflict] = []
    for item in error.get("errors") or []:
        if isinstance(item, dict) and isinstance(item.get("problem"), dict):
            items.append(Problem.from_record(item["problem"]).as_dict(lang))
        elif isinstance(item, dict) and isinstance(item.get("conflict"), dict):
            c = Conflict.from_record(item["conflict"])
            conflicts.append(c)
            items.append({"location": {}, "where": "", **c.as_dict(lang)})
        else:
            items.append(item)
    out = {**error, "errors": items}
    text = out.pop("detail_text", None)
    if isinstance(text, dict) and lang is not None:  # a coded solver error: its detail in the reader's language
        out["detail"] = Message.model_validate(text).render(lang)
    if conflicts:
        groups, rest = group_conflicts(conflicts)
        out["groups"] = [g.as_dict(lang or "en") for g in groups]
        out["other_conflicts"] = [{"message": c.message_in(lang or "en"), "suggestion": c.suggestion_in(lang or "en")} for c in rest]
    return out


def _payload(exc: MentornetError) -> dict[str, Any]:
    if isinstance(exc, RequestError):
        return {"type": f"urn:mentornet:problem:{exc.kind}", "title": exc.title, "detail": exc.detail, "errors": list(exc.errors), **exc.extra}
    if isinstance(exc, InputError):
        return {
            "type": "urn:mentornet:problem:invalid-input",
            "title": "Invalid input",
            "detail": f"{len(exc.problems)} problem(s) found; each is listed with its place",
            "errors": [p.as_dict() for p in exc.problems],
        }
    if isinstance(exc, InfeasibleError):
        return {
            "type": "urn:mentornet:problem:infeasible",
            "title": "No plan satisfies every hard constraint",
            "detail": "the limits and locks cannot all hold together; each conflict is listed with a suggested fix",
            "errors": [{"location": {}, "where": "", **c.as_dict()} for c in exc.conflicts],
        }
    if isinstance(exc, SolverError):
        return {"type": "urn:mentornet:problem:solver-error", "title": "Solver error", "detail": str(exc), "errors": []}
    return {"type": "urn:mentornet:problem:error", "title": "Error", "detail": str(exc), "errors": []}


def request_lang(request: Request, default: str = "en") -> str:
    """The language a JSON client asks for: ``?lang=``, else the first known one of ``Accept-Language``, else ``default``."""
    from mentornet.i18n import LANGUAGES

    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default


def _json_syntax_item(err: dict[str, Any], body: Any) -> dict[str, Any]:
    """A JSON syntax error with its line and column (FastAPI reports a character offset)."""
    loc = err.get("loc", ())
    pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    text = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else (body if isinstance(body, str) else "")
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    reason = str((err.get("ctx") or {}).get("error") or "invalid JSON")
    if pos >= len(text.rstrip()):
        reason += " (the body ends too early: is it cut off?)"
    return {
        "location": {"in": "body", "row": line, "column": col},
        "where": f"body, line {line}, character {col}",
        "message": f"not valid JSON: {reason}",
    }


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    items = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            items.append(_json_syntax_item(err, getattr(exc, "body", None)))
            continue
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else ""
        path = loc[1:]
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if err.get("type") == "union_tag_invalid":
            ctx = err.get("ctx") or {}
            msg = f"unknown {ctx.get('discriminator', 'kind')} {ctx.get('tag')!s}; expected one of {ctx.get('expected_tags', '')}"
        elif err.get("type") == "missing":
            msg = "this field is required"
        field = ".".join(path)
        items.append({
            "location": {"field": field, "in": where} if field else {"in": where},
            "where": f"{where} field '{field}'" if field else where,
            "message": msg,
        })
    return items


def install_handlers(app: FastAPI) -> None:
    """Answer every error with a problem document."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, errors=exc.errors, kind=exc.kind, headers=exc.headers, **exc.extra)

    @app.exception_handler(MentornetError)
    async def _library_error(request: Request, exc: MentornetError) -> JSONResponse:
        from mentornet.db import PublishedPlanError

        if isinstance(exc, PublishedPlanError):
            return problem_response(409, "Published plans are final", str(exc))
        body = error_payload(exc, request_lang(request))
        extra = {k: v for k, v in body.items() if k not in ("type", "title", "detail", "errors")}
        return problem_response(status_of(exc), body["title"], body["detail"], errors=body["errors"], kind=body["type"].rsplit(":", 1)[-1], **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        items = _validation_items(exc)
        detail = "; ".join(f"{i['where']}: {i['message']}" for i in items[:5])
        return problem_response(422, "Invalid request", detail, errors=items, kind="invalid-request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        try:
            title = HTTPStatus(exc.status_code).phrase
        except ValueError:
            title = "Error"
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such address; the API is described at /docs"
        return problem_response(exc.status_code, title, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(StatementError)
    async def _database(request: Request, exc: StatementError) -> JSONResponse:
        orig = getattr(exc, "orig", None)
        if isinstance(exc, IntegrityError):
            return problem_response(409, "Conflicts with stored data", "the change refers to data that does not exist or breaks a rule of the database; reload and try again", kind="conflict")
        if isinstance(exc, DataError) or isinstance(orig, (ValueError, OverflowError)):
            log.info("value refused by the database on %s %s: %s", request.method, request.url.path, orig)
            return problem_response(422, "Value cannot be stored",
                                    "a value in the request cannot be stored (a number too large, or a text with a NUL character); check the data and send it again",
                                    kind="unstorable-value")
        if isinstance(exc, OperationalError):
            log.warning("database unavailable on %s %s: %s", request.method, request.url.path, orig)
            return problem_response(503, "Database unavailable", "the database did not answer; try again in a moment", kind="database-unavailable",
                                    headers={"Retry-After": "5"})
        log.exception("database error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "something went wrong on the server; the details are in the server log. Please report it.")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "something went wrong on the server; the details are in the server log. Please report it.")


_P = {"model": Problem, "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
#: Error responses documented on every route.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {**_P, "description": "a token is needed (or the one sent is not valid)"},
    404: {**_P, "description": "no such item"},
    422: {**_P, "description": "invalid input: every problem is listed with its place"},
}
