"""The planners' web workspace: server-rendered pages over the same functions as the JSON API.

Pages (Russian by default; ``?lang=en`` or the ``mentornet_lang`` cookie
switches to English):

=============================================  ==============================================
``/``                                          networks: list, upload, template, errors list
``/networks/{id}``                             one network: summary, plan form, its plans
``/networks/{id}/audit``                       audit of a hand-made role table
``/jobs/{id}``                                 a solve in progress (polls ``/api/jobs/{id}``)
``/plans``                                     every plan
``/plans/{id}``                                a plan: table, metrics, cards, loads, view, status
``/plans/{id}/school?id=…``                    a school card: pairs, reasons, alternates, what-if
``/scenarios/{id}``                            what-if: edits, rebalance, fresh solve
``/plans/{a}/diff/{b}``                        what changed between two plans
``/login``                                     the API token for this browser
=============================================  ==============================================

Every page calls the service layer (:mod:`mentornet.services`), as the JSON
routers do (``networks.upload_network``, ``scenarios.solve_scenario``,
``plans.explanations`` …), and builds the same bodies (:mod:`mentornet.api.views`):
there is no second copy of planning logic here, only forms, redirects and
templates. A what-if form builds the same edit object the API accepts
(:func:`mentornet.scenario.edit_from_text`).

The token
---------
When the server has an API token, ``/login`` checks the one a planner types
and keeps it in an HttpOnly, SameSite=Lax cookie (``mentornet_token``). The
pages' form posts accept that cookie (and refuse posts that come from another
site: ``Sec-Fetch-Site`` / ``Origin``); the JSON API accepts it for reads only
(the embedded network view, downloads and job polling work when reads are
closed), while API writes still need the ``Authorization`` / ``X-API-Token``
header. Without the cookie the pages are read-only: forms are shown disabled
with a link to sign in.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment

from mentornet import services
from mentornet.api import web_i18n
from mentornet.api.deps import TOKEN_COOKIE, Id, LimitsDep, RunnerDep, SessionDep, SettingsDep
from mentornet.api.problems import ApiError
from mentornet.api.schemas import RebalanceRequest, SolveRequest, StatusChange
from mentornet.api.uploads import read_limited, read_upload
from mentornet.api.views import job_out, network_detail, network_summary, plan_out, plan_summary, scenario_out
from mentornet.db import JobRow, NetworkRow, PlanRow, ScenarioRow, utcnow
from mentornet.errors import ConflictError, MentornetError
from mentornet.names import natural_key
from mentornet.scenario import LIMIT_FIELDS, edit_from_text
from mentornet.services import plan_inputs
from mentornet.solvers import available_solvers

__all__ = ["LANG_COOKIE", "TOKEN_COOKIE", "install", "router"]

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

LANG_COOKIE = "mentornet_lang"
FLASH_COOKIE = "mentornet_flash"

#: Policy limits offered on the what-if page (others stay reachable through the API).
WHATIF_LIMITS = tuple(f for f in ("cap_per_direction", "host_capacity", "max_trainee_directions", "max_km",
                                  "min_gap", "cross_municipality", "time_limit") if f in LIMIT_FIELDS)
STRATEGIES = ("", "narrow", "wide")
#: Metrics shown first in a diff (the others follow, folded).
DIFF_MAIN = ("schools", "schools_involved", "schools_mentoring", "schools_never_mentoring", "pairs", "trainee_needs",
             "needs_covered", "needs_deferred", "coverage_ratio", "weighted_coverage_ratio", "mutual_exchanges",
             "max_host_load")
#: How a change of a metric reads: up is good (+1), down is good (-1), neither (0).
METRIC_TONE = {"schools_involved": 1, "schools_mentoring": 1, "pairs": 1, "needs_covered": 1, "coverage_ratio": 1,
               "weighted_coverage_ratio": 1, "mutual_exchanges": 1, "schools_never_mentoring": -1, "needs_deferred": -1,
               "max_host_load": -1}


# ---------------------------------------------------------------- plumbing


class _Redirect(Exception):
    """Leave the page for ``url`` (303), with an optional message for the next page."""

    def __init__(self, url: str, flash: dict[str, Any] | None = None):
        super().__init__(url)
        self.url = url
        self.flash = flash


class WebRoute(APIRoute):
    """Pages answer errors with HTML pages (the JSON API keeps its problem documents)."""

    def get_route_handler(self):  # type: ignore[override]
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except _Redirect as r:
                return redirect(r.url, r.flash)
            except (ApiError, MentornetError) as exc:
                title, detail, errors, _kind, status = web_i18n.problem_parts(exc, lang_of(request))
                return error_page(request, status, title, detail, errors)
            except RequestValidationError:
                return error_page(request, 404, web_i18n.t("error.not_found", lang_of(request)), request.url.path, [])

        return route


router = APIRouter(include_in_schema=False, route_class=WebRoute)


def install(app: FastAPI) -> None:
    """Mount the pages at ``/`` and their CSS/JS at ``/static``."""
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(router)


def lang_of(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in web_i18n.LANGS:
        return q
    c = request.cookies.get(LANG_COOKIE)
    return c if c in web_i18n.LANGS else web_i18n.DEFAULT_LANG


@dataclass(frozen=True)
class Auth:
    """What this browser may do: ``required`` = the server has a token."""

    required: bool
    signed_in: bool
    can_write: bool
    can_read: bool


def auth_of(request: Request) -> Auth:
    settings = request.app.state.settings
    token = settings.token
    if token is None:
        return Auth(required=False, signed_in=False, can_write=True, can_read=True)
    given = request.cookies.get(TOKEN_COOKIE) or ""
    ok = bool(given) and secrets.compare_digest(given.encode(), token.encode())
    return Auth(required=True, signed_in=ok, can_write=ok, can_read=ok or settings.read_only_open)


def _same_site(request: Request) -> bool:
    """A form post from one of our own pages (not a cross-site forgery)."""
    site = request.headers.get("sec-fetch-site")
    if site and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        return False
    return True


def _local(url: str | None, default: str = "/") -> str:
    """Only paths of this site (no open redirects)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url


def _back(request: Request, default: str = "/") -> str:
    ref = request.headers.get("referer")
    if ref:
        parts = urlsplit(ref)
        if parts.netloc == request.headers.get("host", ""):
            return _local(parts.path + (f"?{parts.query}" if parts.query else ""), default)
    return default


def web_read(request: Request) -> None:
    if not auth_of(request).can_read:
        raise _Redirect("/login?" + urlencode({"next": request.url.path + (f"?{request.url.query}" if request.url.query else "")}),
                        {"kind": "error", "key": "login.needed"})


def web_write(request: Request) -> None:
    if not _same_site(request):
        raise ApiError(403, web_i18n.t("login.cross_site", lang_of(request)), "", kind="cross-site")
    if not auth_of(request).can_write:
        raise _Redirect("/login?" + urlencode({"next": _back(request)}), {"kind": "error", "key": "login.needed"})


READ = [Depends(web_read)]
WRITE = [Depends(web_write)]


def redirect(url: str, flash: dict[str, Any] | None = None) -> RedirectResponse:
    resp = RedirectResponse(url, status_code=303)
    if flash:
        data = dict(flash)
        data["items"] = list(data.get("items") or [])[:12]
        if "text" in data:
            data["text"] = str(data["text"])[:600]
        resp.set_cookie(FLASH_COOKIE, quote(json.dumps(data, ensure_ascii=False)), max_age=120, httponly=True, samesite="lax", path="/")
    return resp


def _read_flash(request: Request, lang: str) -> dict[str, Any] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(unquote(raw))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("key"):
        data["text"] = web_i18n.t(str(data["key"]), lang, **(data.get("values") or {}))
    data.setdefault("kind", "info")
    return data


def _fmt_pct(x: Any, digits: int = 0) -> str:
    if x is None:
        return "—"
    return f"{100 * float(x):.{digits}f} %"


def _fmt_num(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return f"{x:,}".replace(",", "\u202f")
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}".replace(",", "\u202f")
        return f"{x:,.3f}".rstrip("0").rstrip(".").replace(",", "\u202f")
    return str(x)


def _fmt_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M")


def school_url(plan_id: int, school: str, scenario: int | None = None) -> str:
    url = f"/plans/{plan_id}/school?id={quote(school, safe='')}"
    return url + (f"&scenario={scenario}" if scenario else "")


def _env(lang: str) -> Environment:
    """The templates with ``lang``'s gettext callables (``jinja2.ext.i18n``) and the page helpers."""
    env = web_i18n.environment(lang)
    if "fmt_num" not in env.globals:
        env.globals.update(fmt_pct=_fmt_pct, fmt_time=_fmt_time, school_url=school_url,
                           fmt_num=lambda x: web_i18n.yes_no(lang, x) if isinstance(x, bool) else _fmt_num(x))
    return env


def page(request: Request, template: str, *, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page with the frame's context: language, auth, flash message."""
    lang = lang_of(request)
    other = "en" if lang == "ru" else "ru"
    params = dict(request.query_params)
    params["lang"] = other
    flash = ctx.pop("flash", None) or _read_flash(request, lang)
    html = _env(lang).get_template(template).render(
        request=request, lang=lang, auth=auth_of(request), flash=flash,
        lang_url=request.url.path + "?" + urlencode(params), other_lang=other,
        metric_label=partial(_metric_label, lang), role_label=partial(_role_label, lang), **ctx,
    )
    resp = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in web_i18n.LANGS and request.cookies.get(LANG_COOKIE) != lang:
        resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
    if request.cookies.get(FLASH_COOKIE):
        resp.delete_cookie(FLASH_COOKIE, path="/")
    return resp


def _metric_label(lang: str, key: str) -> str:
    return web_i18n.metric_label(key, lang)


def _role_label(lang: str, role: Any) -> str:
    from mentornet.explain import role_name

    return role_name(role, lang) if role else "—"


def _crumbs(lang: str, *items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(web_i18n.t("nav.networks", lang), "/"), *items]


def error_page(request: Request, status: int, title: str, detail: str, errors: list[dict[str, Any]]) -> HTMLResponse:
    lang = lang_of(request)
    items = [{"where": web_i18n.where_text(e.get("location"), lang, e.get("where", "")), "message": e.get("message", "")} for e in errors or []]
    return page(request, "error.html", status=status, title=title, detail=detail, items=items)


def _problem_flash(exc: Exception, lang: str) -> dict[str, Any]:
    """An API or library error as a message for the next page."""
    title, detail, errors, _kind, _status = web_i18n.problem_parts(exc, lang)
    items = [f"{web_i18n.where_text(e.get('location'), lang, e.get('where', ''))}: {e.get('message', '')}" for e in errors or []]
    return {"kind": "error", "text": f"{title}. {detail}" if detail else title, "items": items}


def _value_error_text(exc: ValueError, lang: str) -> str:
    """A bad form value in one line (pydantic's messages without the model's name), in ``lang``.

    The forms parse one number themselves, the time limit: a plain ``ValueError`` is that one.
    """
    return web_i18n.validation_text(exc, lang, number_field="time_limit")


def _names(network: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {s["id"]: s.get("name") or s["id"] for s in network.get("schools", [])},
        {d["id"]: d.get("name") or d["id"] for d in network.get("directions", [])},
    )


def _tone(key: str, delta: Any) -> str:
    sign = METRIC_TONE.get(key, 0)
    if not delta or not sign:
        return ""
    return "good" if (delta > 0) == (sign > 0) else "bad"


def _solver_choices() -> list[str]:
    names = available_solvers()
    return sorted(names, key=lambda n: (n != "cpsat", n))


# ---------------------------------------------------------------- networks


@router.get("/", response_class=HTMLResponse, dependencies=READ)
@router.get("/networks", response_class=HTMLResponse, dependencies=READ)
def networks_page(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    return _networks(request, session, settings)


def _networks(request: Request, session, settings, *, status: int = 200, upload_errors: dict[str, Any] | None = None) -> HTMLResponse:
    rows = [network_summary(r) for r in services.networks.list_networks(session, limit=200)]
    return page(request, "networks.html", status=status, title=web_i18n.t("networks.title", lang_of(request)),
                networks=rows, upload_errors=upload_errors, max_bytes=settings.max_upload_bytes,
                max_mb=f"{settings.max_upload_bytes / 1048576:g}")


@router.post("/networks", response_class=HTMLResponse, dependencies=WRITE)
def upload(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
    name: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    shape: Annotated[str, Form()] = "",
) -> Response:
    lang = lang_of(request)
    from mentornet.model import SHAPES, merge_policy

    if shape and shape not in SHAPES:
        return _networks(request, session, settings, status=422,
                         upload_errors={"title": web_i18n.t("networks.bad_shape", lang), "items": []})
    if file is None or not (file.filename or "").strip():
        return _networks(request, session, settings, status=422,
                         upload_errors={"title": web_i18n.t("networks.no_file", lang), "items": []})
    year_value: int | None = None
    if year.strip():
        try:
            year_value = int(year.strip())
        except ValueError:
            year_value = -1
        if not 1900 <= year_value <= 2200:
            return _networks(request, session, settings, status=422,
                             upload_errors={"title": web_i18n.t("networks.bad_year", lang), "items": []})
    limits = services.Limits(max_upload_bytes=settings.max_upload_bytes, max_schools=settings.max_schools,
                             read_time_limit=settings.read_time_limit)
    try:
        filename, data = read_limited(file, settings.max_upload_bytes)
        network, policy, fmt = read_upload(filename, data, max_bytes=settings.max_upload_bytes, max_schools=settings.max_schools,
                                               time_budget=settings.read_time_limit)
        if shape:
            # The planner's choice of programme shape overrides the file's policy table.
            policy = merge_policy(input=policy, options={"shape": shape})[0]
        out = services.networks.upload_network(session, network, policy, filename=filename, fmt=fmt, limits=limits,
                                               name=name.strip()[:200] or None, year=year_value)
    except (ApiError, MentornetError) as exc:
        session.rollback()
        title, detail, errors, _kind, status = web_i18n.problem_parts(exc, lang)
        items = [{"where": web_i18n.where_text(e.get("location"), lang, e.get("where", "")), "message": e.get("message", ""),
                  "location": e.get("location") or {}, "suggestions": e.get("suggestions") or []} for e in errors]
        sheets: dict[Any, int] = {}
        for e in items:
            sheets.setdefault(e["location"].get("sheet"), len(sheets))
        items.sort(key=lambda e: (sheets[e["location"].get("sheet")], e["location"].get("row") or 0))
        head = web_i18n.t("networks.errors_title", lang, n=len(items)) if items else title
        return _networks(request, session, settings, status=status,
                         upload_errors={"title": head, "detail": detail if not items else "", "items": items,
                                        "filename": file.filename})
    return _uploaded(out)


@router.post("/networks/example", dependencies=WRITE)
def example(session: SessionDep) -> Response:
    return _uploaded(services.networks.load_example(session))


def _uploaded(row: NetworkRow) -> Response:
    return redirect(f"/networks/{row.id}", {"kind": "ok", "key": "networks.uploaded",
                                            "values": {"name": row.name, "schools": row.n_schools, "directions": row.n_directions}})


@router.get("/networks/{network_id}", response_class=HTMLResponse, dependencies=READ)
def network_page(network_id: Id, request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    net = network_detail(services.get(session, NetworkRow, network_id))
    plans = [plan_summary(r) for r in services.plans.list_plans(session, network_id=network_id, limit=200)]
    scen = {s.id: s for s in services.scenarios.list_scenarios(session, network_id=network_id, limit=None)}
    from mentornet.model import Policy

    default_limit = min(float((net.policy or {}).get("time_limit") or Policy().time_limit), settings.solve_time_limit_max)
    lang = lang_of(request)
    return page(request, "network.html", title=net.name, crumbs=_crumbs(lang, (net.name, None)), net=net, data=net.network, plans=plans, scenarios=scen,
                solvers=_solver_choices(), strategies=STRATEGIES, default_limit=default_limit,
                max_limit=settings.solve_time_limit_max)


@router.get("/networks/{network_id}/audit", response_class=HTMLResponse, dependencies=READ)
def audit_page(network_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    lang = lang_of(request)
    row = services.get(session, NetworkRow, network_id)
    report = services.networks.audit_network(session, network_id, lang=lang)
    sn, dn = _names(row.data)
    kinds = {s["id"]: s.get("kind") for s in row.data.get("schools", [])}
    return page(request, "audit.html", title=web_i18n.t("audit.title", lang, name=row.name), net=row, a=report,
                crumbs=_crumbs(lang, (row.name, f"/networks/{row.id}"), (web_i18n.t("network.audit_short", lang), None)),
                school_names=sn, direction_names=dn, kinds=kinds)


@router.post("/networks/{network_id}/plan", dependencies=WRITE)
def start_plan(
    network_id: Id,
    request: Request,
    session: SessionDep,
    limits: LimitsDep,
    runner: RunnerDep,
    solver: Annotated[str, Form()] = "cpsat",
    strategy: Annotated[str, Form()] = "",
    time_limit: Annotated[str, Form()] = "",
) -> Response:
    lang = lang_of(request)
    back = f"/networks/{network_id}"
    services.get(session, NetworkRow, network_id)
    try:
        limit = float(time_limit.replace(",", ".")) if time_limit.strip() else None
        body = SolveRequest(solver=solver, time_limit=limit)
        policy: dict[str, Any] = {"strategy": strategy or None}
        strategy_name = web_i18n.label(lang, "strategy.short", strategy or "none")
        name = web_i18n.t("network.scenario_name", lang, solver=web_i18n.label(lang, "solver.short", solver), strategy=strategy_name,
                          limit=f"{limit or 30:g}")
        sc = services.scenarios.create_scenario(session, network_id, limits=limits, name=name[:200], policy=policy)
    except ValueError as exc:  # a bad number or an unknown solver (pydantic)
        session.rollback()
        raise _Redirect(back, {"kind": "error", "text": _value_error_text(exc, lang)}) from None
    except (ApiError, MentornetError) as exc:
        session.rollback()
        raise _Redirect(back, _problem_flash(exc, lang)) from None
    try:
        job = services.scenarios.solve_scenario(session, runner, sc.id, limits=limits, solver=body.solver, time_limit=body.time_limit)
    except (ApiError, MentornetError) as exc:
        session.rollback()
        services.scenarios.delete_scenario(session, sc.id)  # the run did not start: keep no empty scenario
        raise _Redirect(back, _problem_flash(exc, lang)) from None
    return redirect(f"/jobs/{job.id}")


# ---------------------------------------------------------------- jobs


@router.get("/jobs/{job_id}", response_class=HTMLResponse, dependencies=READ)
def job_page(job_id: Id, request: Request, session: SessionDep) -> Response:
    job = job_out(services.get(session, JobRow, job_id))
    if job.state == "done" and job.plan_id is not None:
        base = job.params.get("base_plan_id")
        return redirect(f"/plans/{base}/diff/{job.plan_id}" if job.kind == "rebalance" and base else f"/plans/{job.plan_id}")
    scenario = services.get(session, ScenarioRow, job.scenario_id)
    limit = job.params.get("time_limit") or (scenario.policy or {}).get("time_limit") or 30
    elapsed = 0.0
    if job.started_at is not None:
        end = job.finished_at or utcnow()
        start = job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=dt.timezone.utc)
        end = end if end.tzinfo else end.replace(tzinfo=dt.timezone.utc)
        elapsed = max(0.0, (end - start).total_seconds())
    lang = lang_of(request)
    states = {s: web_i18n.t(f"job.state.{s}", lang) for s in ("queued", "running", "done", "failed", "cancelled")}
    error_items = [{"where": web_i18n.where_text(e.get("location"), lang, e.get("where", "")), "message": e.get("message", ""),
                    "fix": e.get("fix") or e.get("suggestion")} for e in ((job.error or {}).get("errors") or [])]
    title_key = "job.rebalance_title" if job.kind == "rebalance" else "job.title"
    error = job.error or {}
    words = {"job_message": web_i18n.job_message(lang, job.state, job.plan_id),
             "error_title": web_i18n.problem_title(lang, error.get("title", ""), error.get("type", "").rsplit(":", 1)[-1] or None),
             "error_detail": web_i18n.problem_detail(lang, error.get("detail", ""), error.get("type", "").rsplit(":", 1)[-1] or None,
                                                     len(error.get("errors") or []))}
    net = session.get(NetworkRow, scenario.network_id)
    return page(request, "job.html", title=web_i18n.t(title_key, lang, id=job.id), job=job, scenario=scenario,
                crumbs=_crumbs(lang, (net.name if net else "", f"/networks/{scenario.network_id}"), (web_i18n.t(title_key, lang, id=job.id), None)),
                limit=float(limit), elapsed=elapsed, states=states, error_items=error_items, **words)


@router.post("/jobs/{job_id}/cancel", dependencies=WRITE)
def cancel(job_id: Id, session: SessionDep, runner: RunnerDep) -> Response:
    try:
        services.jobs.cancel_job(session, runner, job_id)
    except ConflictError:  # already finished: just show it
        pass
    return redirect(f"/jobs/{job_id}")


# ---------------------------------------------------------------- plans


@router.get("/plans", response_class=HTMLResponse, dependencies=READ)
def plans_page(request: Request, session: SessionDep) -> HTMLResponse:
    plans = [plan_summary(r) for r in services.plans.list_plans(session, limit=500)]
    names = {r.id: r.name for r in services.networks.list_networks(session, limit=None)}
    return page(request, "plans.html", title=web_i18n.t("plans.title", lang_of(request)), plans=plans, network_names=names)


@router.get("/plans/{plan_id}", response_class=HTMLResponse, dependencies=READ)
def plan_page(plan_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    lang = lang_of(request)
    row = services.get(session, PlanRow, plan_id)
    po = plan_out(row)
    official = services.plans.official_plan(session, row.network_id)
    official_id = official.id if official is not None and official.id != plan_id else None
    table = services.plans.role_table(session, plan_id, lang=lang)
    ex = services.plans.explanations(session, plan_id, lang=lang)
    network, _policy, plan = plan_inputs(row)
    net_row = session.get(NetworkRow, row.network_id)
    scenario = session.get(ScenarioRow, row.scenario_id)
    mentors: dict[str, int] = {}
    learns: dict[str, int] = {}
    for p in plan.pairs:
        mentors[p.mentor] = mentors.get(p.mentor, 0) + 1
        learns[p.trainee] = learns.get(p.trainee, 0) + 1
    leads: dict[str, int] = {}
    for r in plan.roles:
        if r.role.value == "leader":
            leads[r.school] = leads.get(r.school, 0) + 1
    schools = [{"id": s.id, "name": s.label, "mentors": mentors.get(s.id, 0), "learns": learns.get(s.id, 0), "leads": leads.get(s.id, 0)}
               for s in sorted(network.schools, key=lambda s: natural_key(s.label))]
    whatifs = sorted(services.scenarios.list_scenarios(session, base_plan_id=plan_id, limit=None), key=lambda s: s.id)
    m = po.plan.get("metrics", {})
    # Each trainee school's site group (issue 14), when the network has sites.
    site_groups = []
    if network.sites:
        from mentornet.graph.metrics import site_figures

        fig = site_figures(network, plan.pairs)
        label_of = {s.id: s.label for s in network.sites}
        site_groups = [{"id": t, "name": network.school_by_id[t].label if t in network.school_by_id else t,
                        "municipality": network.school_by_id[t].municipality if t in network.school_by_id else "",
                        "sites": [label_of.get(g) or (network.school_by_id[g].label if g in network.school_by_id else g) for g in gs]}
                       for t, gs in fig["site_groups"].items()]
    status = (po.stats or {}).get("status", "")
    solver_status = web_i18n.label(lang, "solver.status", status)
    return page(request, "plan.html", title=web_i18n.t("plan.title", lang, id=plan_id), po=po, m=m, table=table, ex=ex, official_id=official_id,
                solver_status=solver_status,
                crumbs=_crumbs(lang, (net_row.name if net_row else "", f"/networks/{row.network_id}"), (web_i18n.t("plan.title", lang, id=plan_id), None)),
                schools=schools, net_name=net_row.name if net_row else "", scenario=scenario, whatifs=whatifs, site_groups=site_groups,
                stats=po.stats or {})


@router.get("/plans/{plan_id}/school", response_class=HTMLResponse, dependencies=READ)
def school_page(plan_id: Id, request: Request, session: SessionDep, id: str = "", scenario: int | None = None) -> HTMLResponse:
    lang = lang_of(request)
    row = services.get(session, PlanRow, plan_id)
    ex = services.plans.explanations(session, plan_id, lang=lang, school=id)
    target = None
    if scenario is not None:
        target = session.get(ScenarioRow, scenario)
        if target is not None and target.network_id != row.network_id:
            target = None
    network, policy, plan = plan_inputs(row)
    school = ex["school"]
    mentoring = [p for p in ex["pairs"] if p["mentor"] == id]
    learning = [p for p in ex["pairs"] if p["trainee"] == id]
    alternates = {a["direction"]: a["mentors"] for a in ex["alternates"] if a["school"] == id}
    current = {(p["trainee"], p["direction"]): p["mentor"] for p in learning}
    for d, ms in alternates.items():
        alternates[d] = [m for m in ms if m["mentor"] != current.get((id, d))]
    sn = {s.id: s.label for s in network.schools}
    defaults = {"host_capacity": policy.host_capacity, "max_trainee_directions": policy.max_trainee_directions}
    net_row = session.get(NetworkRow, row.network_id)
    crumbs = _crumbs(lang, (net_row.name if net_row else "", f"/networks/{row.network_id}"),
                     (web_i18n.t("plan.title", lang, id=plan_id), f"/plans/{plan_id}"))
    if target is not None:
        crumbs.append((target.name, f"/scenarios/{target.id}"))
    crumbs.append((school.get("name") or id, None))
    return page(request, "school.html", title=school.get("name") or id, plan_row=row, school=school, ex=ex, crumbs=crumbs,
                mentoring=mentoring, learning=learning, alternates=alternates, school_names=sn, target=target,
                defaults=defaults, sid=id)


@router.post("/plans/{plan_id}/status", dependencies=WRITE)
def plan_status(plan_id: Id, request: Request, session: SessionDep, status: Annotated[str, Form()],
                supersede: Annotated[str, Form()] = "") -> Response:
    lang = lang_of(request)
    try:
        # the confirmation step: replacing the published plan needs the page's "supersede" box ticked
        out = services.plans.change_status(session, plan_id, StatusChange(status=status).status, supersede=supersede == "1")
    except (ApiError, MentornetError) as exc:
        session.rollback()
        raise _Redirect(f"/plans/{plan_id}", _problem_flash(exc, lang)) from None
    except ValueError as exc:
        raise _Redirect(f"/plans/{plan_id}", {"kind": "error", "text": _value_error_text(exc, lang)}) from None
    return redirect(f"/plans/{plan_id}", {"kind": "ok", "key": "plan.status_changed",
                                          "values": {"id": plan_id, "status": web_i18n.t(f"plan.status.{out.status}", lang)}})


@router.post("/plans/{plan_id}/what-if", dependencies=WRITE)
def plan_what_if(plan_id: Id, request: Request, session: SessionDep) -> Response:
    sc = services.plans.what_if(session, plan_id, name=_whatif_name(plan_id, lang_of(request)))
    return redirect(f"/scenarios/{sc.id}")


def _whatif_name(plan_id: int, lang: str) -> str:
    return web_i18n.t("scenario.whatif_name", lang, id=plan_id)


def edit_form(
    op: Annotated[str, Form()] = "",
    school: Annotated[str, Form()] = "",
    host_capacity: Annotated[str, Form()] = "",
    max_trainee_directions: Annotated[str, Form()] = "",
    field: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    mentor: Annotated[str, Form()] = "",
    trainee: Annotated[str, Form()] = "",
    direction: Annotated[str, Form()] = "",
    strategy: Annotated[str, Form()] = "",
    scenario: Annotated[str, Form()] = "",
) -> dict[str, str]:
    """The fields of the what-if forms (pages and school cards)."""
    return {"op": op, "school": school, "host_capacity": host_capacity, "max_trainee_directions": max_trainee_directions,
            "field": field, "value": value, "mentor": mentor, "trainee": trainee, "direction": direction,
            "strategy": strategy, "scenario": scenario}


EditForm = Annotated[dict[str, str], Depends(edit_form)]


@router.post("/plans/{plan_id}/edits", dependencies=WRITE)
def plan_edit(plan_id: Id, request: Request, session: SessionDep, limits: LimitsDep, form: EditForm) -> Response:
    """An edit from a school card: into the given what-if scenario, or a new one from this plan."""
    lang = lang_of(request)
    row = services.get(session, PlanRow, plan_id)
    target: ScenarioRow | None = None
    if form["scenario"].strip().isdigit():
        target = session.get(ScenarioRow, int(form["scenario"]))
        if target is not None and target.network_id != row.network_id:
            target = None
    back = _back(request, f"/plans/{plan_id}")
    created = False
    try:
        edit = edit_from_text(form)
        if target is None:
            target = services.plans.what_if(session, plan_id, name=_whatif_name(plan_id, lang))
            created = True
        services.scenarios.add_edit(session, target.id, edit, limits=limits)
    except (ApiError, MentornetError) as exc:
        session.rollback()
        if created and target is not None:  # leave no empty what-if behind
            session.delete(session.get(ScenarioRow, target.id))
            session.commit()
        raise _Redirect(back, _problem_flash(exc, lang)) from None
    return _edit_added(target.id, edit, session, lang)


def _edit_added(scenario_id: int, edit: Any, session, lang: str) -> Response:
    sc = session.get(ScenarioRow, scenario_id)
    base = session.get(NetworkRow, sc.network_id)
    sn, dn = _names(base.data if base else {})
    text = web_i18n.edit_text(edit, lang, sn, dn)
    return redirect(f"/scenarios/{scenario_id}", {"kind": "ok", "key": "scenario.edit_added", "values": {"text": text}})


# ---------------------------------------------------------------- what-if scenarios


@router.get("/scenarios/{scenario_id}", response_class=HTMLResponse, dependencies=READ)
def scenario_page(scenario_id: Id, request: Request, session: SessionDep, settings: SettingsDep, server_limits: LimitsDep) -> HTMLResponse:
    lang = lang_of(request)
    so = scenario_out(session, services.get(session, ScenarioRow, scenario_id))
    base_net = services.get(session, NetworkRow, so.network_id)
    all_names, dn = _names(base_net.data)
    try:
        eff = services.scenarios.effective_inputs(session, scenario_id, limits=server_limits)
        network, policy = eff["network"], eff["policy"]
    except (ApiError, MentornetError):
        network, policy = base_net.data, so.policy
    schools = sorted(({"id": s["id"], "name": s.get("name") or s["id"]} for s in network.get("schools", [])), key=lambda s: natural_key(s["name"]))
    directions = [{"id": d["id"], "name": d.get("name") or d["id"]} for d in network.get("directions", [])]
    edits = [{"index": i, "text": web_i18n.edit_text(e, lang, all_names, dn), "op": e.get("op")} for i, e in enumerate(so.edits)]
    plans = [plan_summary(r) for r in services.plans.list_plans(session, scenario_id=scenario_id, limit=100)]
    running = services.active_job(session, scenario_id)
    problems = [{"where": web_i18n.where_text(p.get("location"), lang, p.get("where", "")), "message": p.get("message", "")} for p in so.problems]
    limits = [{"field": f, "label": web_i18n.t(f"limit.{f}", lang), "value": policy.get(f)} for f in WHATIF_LIMITS]
    crumbs = _crumbs(lang, (base_net.name, f"/networks/{base_net.id}"))
    if so.base_plan_id:
        crumbs.append((web_i18n.t("plan.title", lang, id=so.base_plan_id), f"/plans/{so.base_plan_id}"))
    crumbs.append((so.name, None))
    return page(request, "scenario.html", title=web_i18n.t("scenario.title", lang, name=so.name), so=so, net=base_net, crumbs=crumbs,
                schools=schools, directions=directions, edits=edits, plans=plans, running=running, problems=problems,
                scenarios={so.id: so},
                limits=limits, policy=policy, solvers=_solver_choices(), strategies=STRATEGIES,
                default_limit=min(_base_time_limit(session, so.base_plan_id) or float(policy.get("time_limit") or 30),
                                  settings.solve_time_limit_max))


def _base_time_limit(session, plan_id: int | None) -> float | None:
    """The time limit the base plan was solved with (a rebalance gets the same by default)."""
    row = session.get(PlanRow, plan_id) if plan_id else None
    job = session.get(JobRow, row.job_id) if row is not None and row.job_id else None
    limit = (job.params or {}).get("time_limit") if job is not None else None
    return float(limit) if limit else None


@router.post("/scenarios/{scenario_id}/edits", dependencies=WRITE)
def scenario_edit(scenario_id: Id, request: Request, session: SessionDep, limits: LimitsDep, form: EditForm) -> Response:
    lang = lang_of(request)
    services.get(session, ScenarioRow, scenario_id)
    try:
        edit = edit_from_text(form)
        services.scenarios.add_edit(session, scenario_id, edit, limits=limits)
    except (ApiError, MentornetError) as exc:
        session.rollback()
        raise _Redirect(f"/scenarios/{scenario_id}", _problem_flash(exc, lang)) from None
    return _edit_added(scenario_id, edit, session, lang)


@router.post("/scenarios/{scenario_id}/edits/{index}/delete", dependencies=WRITE)
def scenario_edit_delete(scenario_id: Id, index: int, request: Request, session: SessionDep, limits: LimitsDep) -> Response:
    try:
        services.scenarios.remove_edit(session, scenario_id, index, limits=limits)
    except (ApiError, MentornetError) as exc:
        session.rollback()
        raise _Redirect(f"/scenarios/{scenario_id}", _problem_flash(exc, lang_of(request))) from None
    return redirect(f"/scenarios/{scenario_id}", {"kind": "ok", "key": "scenario.edit_removed"})


@router.post("/scenarios/{scenario_id}/rebalance", dependencies=WRITE)
def scenario_rebalance(scenario_id: Id, request: Request, session: SessionDep, limits: LimitsDep, runner: RunnerDep,
                       solver: Annotated[str, Form()] = "cpsat", time_limit: Annotated[str, Form()] = "") -> Response:
    return _start(request, session, limits, runner, scenario_id, "rebalance", solver, time_limit)


@router.post("/scenarios/{scenario_id}/solve", dependencies=WRITE)
def scenario_solve(scenario_id: Id, request: Request, session: SessionDep, limits: LimitsDep, runner: RunnerDep,
                   solver: Annotated[str, Form()] = "cpsat", time_limit: Annotated[str, Form()] = "") -> Response:
    return _start(request, session, limits, runner, scenario_id, "solve", solver, time_limit)


def _start(request: Request, session, limits: services.Limits, runner: services.Runner, scenario_id: int, kind: str,
           solver: str, time_limit: str) -> Response:
    back = f"/scenarios/{scenario_id}"
    try:
        limit = float(time_limit.replace(",", ".")) if time_limit.strip() else None
        if kind == "rebalance":
            body = RebalanceRequest(solver=solver, time_limit=limit)  # checks the solver and the limit
            job = services.scenarios.rebalance_scenario(session, runner, scenario_id, limits=limits, solver=body.solver,
                                                        time_limit=body.time_limit)
        else:
            solve = SolveRequest(solver=solver, time_limit=limit)
            job = services.scenarios.solve_scenario(session, runner, scenario_id, limits=limits, solver=solve.solver,
                                                    time_limit=solve.time_limit)
    except ValueError as exc:
        session.rollback()
        raise _Redirect(back, {"kind": "error", "text": _value_error_text(exc, lang_of(request))}) from None
    except (ApiError, MentornetError) as exc:
        session.rollback()
        raise _Redirect(back, _problem_flash(exc, lang_of(request))) from None
    return redirect(f"/jobs/{job.id}")


# ---------------------------------------------------------------- diff


@router.get("/plans/{plan_id}/diff/{other_id}", response_class=HTMLResponse, dependencies=READ)
def diff_page(plan_id: Id, other_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    lang = lang_of(request)
    d = services.plans.diff(session, plan_id, other_id)
    a = services.get(session, PlanRow, plan_id)
    b = services.get(session, PlanRow, other_id)
    sn, dn = _names(a.network_data or {})
    sn2, dn2 = _names(b.network_data or {})
    sn.update(sn2)
    dn.update(dn2)
    metrics = d.metrics
    main = [(k, metrics[k], _tone(k, metrics[k].delta)) for k in DIFF_MAIN if k in metrics]
    rest = [(k, v) for k, v in metrics.items() if k not in DIFF_MAIN]
    net_row = session.get(NetworkRow, b.network_id)
    crumbs = _crumbs(lang, (net_row.name if net_row else "", f"/networks/{b.network_id}"),
                     (web_i18n.t("plan.title", lang, id=other_id), f"/plans/{other_id}"), (web_i18n.t("plan.see_diff", lang), None))
    coverage_note = d.coverage.note.render(lang) if d.coverage is not None else None
    return page(request, "diff.html", title=web_i18n.t("diff.title", lang, a=plan_id, b=other_id), d=d, a=a, b=b, crumbs=crumbs,
                sn=sn, dn=dn, main=main, rest=rest, coverage_note=coverage_note)


# ---------------------------------------------------------------- the token


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", title=web_i18n.t("login.title", lang_of(request)), next=_local(next))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, settings: SettingsDep, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    lang = lang_of(request)
    if not _same_site(request):
        raise ApiError(403, web_i18n.t("login.cross_site", lang), "", kind="cross-site")
    expected = settings.token
    target = _local(next)
    if expected is None:
        return redirect(target)
    given = token.strip()
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        return page(request, "login.html", status=401, title=web_i18n.t("login.title", lang), next=target,
                    flash={"kind": "error", "text": web_i18n.t("login.bad", lang)})
    resp = redirect(target, {"kind": "ok", "key": "login.ok"})
    resp.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return resp


@router.post("/logout")
def logout(request: Request) -> Response:
    if not _same_site(request):
        raise ApiError(403, web_i18n.t("login.cross_site", lang_of(request)), "", kind="cross-site")
    resp = redirect("/", {"kind": "ok", "key": "login.out"})
    resp.delete_cookie(TOKEN_COOKIE, path="/")
    return resp
