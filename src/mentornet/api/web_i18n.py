"""The web workspace's words: gettext catalogues, rendered in the reader's language.

Every text of the pages is an English msgid; the Russian words are in the
package's one gettext catalogue per language
(``mentornet/locale/ru/LC_MESSAGES/mentornet.po``, managed with Babel: ``make
i18n``). The templates call ``_()``, ``ngettext()`` and
``pgettext()`` of ``jinja2.ext.i18n``; :func:`environment` gives one Jinja
environment per language with those callables installed.

The router names a few texts by a *code* instead (page titles, and the
messages a redirect leaves for the next page, which travel in a cookie as
code plus values and are rendered in the language of the page that shows
them): :data:`MESSAGES` maps each code to its msgid, :func:`t` renders it.
Words that name a value (a plan's status, a job's state, a solver, a policy
limit …) are :data:`LABELS`, rendered by :func:`label`.
"""

from __future__ import annotations

import gettext as _gettext
import logging
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from mentornet.i18n import DEFAULT_LANGUAGE, LANGUAGES

__all__ = [
    "DEFAULT_LANG",
    "LABELS",
    "LANGS",
    "MESSAGES",
    "METRICS",
    "N_",
    "edit_text",
    "environment",
    "gettext",
    "job_message",
    "label",
    "metric_label",
    "ngettext",
    "problem_detail",
    "problem_parts",
    "problem_title",
    "t",
    "translations",
    "validation_text",
    "value_text",
    "where_text",
    "yes_no",
]

log = logging.getLogger(__name__)

# One list of languages for the whole package (mentornet.i18n).
LANGS: tuple[str, ...] = LANGUAGES
DEFAULT_LANG = DEFAULT_LANGUAGE
TEMPLATES = Path(__file__).resolve().parent / "templates"


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction (``pybabel extract``); translated where it is shown."""
    return msgid


def Np_(context: str, msgid: str) -> tuple[str, str]:
    """Mark a msgid with a context for extraction."""
    return context, msgid


# ---------------------------------------------------------------- catalogues


def translations(lang: str) -> _gettext.NullTranslations:
    """The package's catalogue of ``lang`` (one catalogue per language: pages,
    exports and messages alike); an unknown language gets the English msgids."""
    from mentornet.i18n import translations as package_translations

    return package_translations(lang if lang in LANGS else DEFAULT_LANG)


def gettext(msgid: str, lang: str, /, **values: Any) -> str:
    """``msgid`` in ``lang``, its ``%(placeholders)s`` filled.

    The msgid comes first (unlike :func:`mentornet.i18n.gettext`) so that
    ``pybabel extract`` finds the literal with its default keywords.
    """
    text = translations(lang).gettext(msgid)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, lang: str, /, **values: Any) -> str:
    """The form agreeing with ``n`` (also ``%(num)d``), placeholders filled."""
    return translations(lang).ngettext(singular, plural, n) % {"num": n, **values}


def pgettext(context: str, msgid: str, lang: str, /, **values: Any) -> str:
    text = translations(lang).pgettext(context, msgid)
    return text % values if values else text


# ---------------------------------------------------------------- templates


@cache
def environment(lang: str) -> Environment:
    """The pages' Jinja environment for ``lang``: ``jinja2.ext.i18n`` with this language's callables.

    One environment per language (not callables swapped per request), so
    requests in different languages rendered at once never see each other's words.
    """
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(("html",)),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    tr = translations(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=tr.gettext, ngettext=tr.ngettext, pgettext=tr.pgettext, npgettext=tr.npgettext, newstyle=True)
    env.globals.update(label=lambda group, key: label(lang, group, key), yes_no=lambda v: yes_no(lang, v),
                       value_text=lambda v: value_text(lang, v))
    return env


# ---------------------------------------------------------------- codes


def _uploaded(lang: str, v: Mapping[str, Any]) -> str:
    return gettext("Network '%(name)s' uploaded: %(schools)s, %(directions)s.", lang, name=v.get("name", ""),
                   schools=ngettext("%(num)d school", "%(num)d schools", int(v.get("schools") or 0), lang),
                   directions=ngettext("%(num)d direction", "%(num)d directions", int(v.get("directions") or 0), lang))


def _lock_plan(lang: str, v: Mapping[str, Any]) -> str:
    pairs, roles = int(v.get("pairs") or 0), int(v.get("roles") or 0)
    tr = translations(lang)
    return gettext("keep the %(pairs)s and %(roles)s of plan %(plan)s", lang,
                   pairs=tr.npgettext("kept", "%(num)d pair", "%(num)d pairs", pairs) % {"num": pairs},
                   roles=tr.npgettext("kept", "%(num)d role", "%(num)d roles", roles) % {"num": roles}, plan=v.get("plan", "?"))


#: Texts the router names by code: a msgid, or a function of (language, values) for composed ones.
MESSAGES: dict[str, str | Callable[[str, Mapping[str, Any]], str]] = {
    "nav.networks": N_("Networks"),
    "networks.title": N_("School networks"),
    "networks.no_file": N_("Choose a file to upload."),
    "networks.bad_year": N_("The year is a number from 1900 to 2200."),
    "networks.bad_shape": N_("The programme shape is mutual or site_based."),
    "networks.errors_title": N_("The file was not accepted. Problems found: %(n)s"),
    "networks.uploaded": _uploaded,
    "network.audit_short": N_("audit"),
    "network.scenario_name": N_("%(solver)s, %(strategy)s, %(limit)s s"),
    "audit.title": N_("Audit of '%(name)s'"),
    "job.title": N_("Planning: job %(id)s"),
    "job.rebalance_title": N_("Rebalancing: job %(id)s"),
    "plans.title": N_("Plans"),
    "plan.title": N_("Plan %(id)s"),
    "plan.see_diff": N_("What changed"),
    "plan.status_changed": N_("Plan %(id)s: %(status)s."),
    "scenario.title": N_("What if: %(name)s"),
    "scenario.whatif_name": N_("from plan %(id)s"),
    "scenario.edit_added": N_("Edit added: %(text)s"),
    "scenario.edit_removed": N_("Edit removed."),
    "diff.title": N_("What changed: plan %(a)s → plan %(b)s"),
    "login.title": Np_("page title", "Sign in"),  # type: ignore[dict-item]
    "login.bad": N_("That token is not the right one. Ask the administrator."),
    "login.ok": N_("Signed in."),
    "login.out": N_("Signed out."),
    "login.needed": N_("This needs the API token: sign in."),
    "login.cross_site": N_("The request came from another site and was refused."),
    "error.not_found": N_("Not found"),
    "guide.title": N_("Planner's guide"),
    "guide.missing": N_("The guide is not installed with this copy of mentornet."),
    # what-if edits (the codes of their messages)
    "edit.close_school": N_("close school %(school)s"),
    "edit.change_capacity": N_("capacity of %(school)s: %(parts)s"),
    "edit.change_limit": N_("limit '%(field)s' = %(value)s"),
    "edit.lock_pair": N_("lock pair %(mentor)s → %(trainee)s (%(direction)s)"),
    "edit.forbid_pair": N_("forbid pair %(mentor)s → %(trainee)s (%(direction)s)"),
    "edit.forbid_pair_any": N_("forbid pair %(mentor)s → %(trainee)s in every direction"),
    "edit.lock_role": N_("role of %(school)s in direction %(direction)s: %(role)s"),
    "edit.lock_plan": _lock_plan,
    "edit.add_school": N_("add school %(school)s"),
    "edit.change_weights": N_("weights: %(weights)s"),
    "edit.change_strategy": N_("strategy: %(strategy)s"),
    "edit.default": N_("default"),
    "edit.no_limit": N_("no limit"),
    "programmes.title": N_("Programmes"),
    "programme.title": N_("Programme '%(name)s'"),
    "programme.created": N_("Programme '%(name)s' created. Add its first year's network."),
    "programme.choose_network": N_("Choose a network with a year."),
    "programme.attached": N_("Network '%(name)s' is the programme's year %(year)s."),
    "programme.next_year_made": N_("Next year's network (%(year)s) made: '%(name)s'. Edit it or merge the survey, then plan it."),
    "programme.kept_count": N_("teams without an outcome that keep last year's values: %(n)s"),
    "programme.survey_merged": N_("Survey merged: schools that answered %(answered)s, values kept from last year %(kept)s."),
    "programme.survey_not_answered": N_("Did not answer (last year's values kept): %(schools)s"),
    "programme.replaced": N_("Network '%(name)s' (%(year)s) replaced by the edited file."),
    "outcomes.title": N_("Outcomes of plan %(id)s (%(year)s)"),
    "outcomes.short": N_("outcomes"),
    "outcomes.saved": N_("Outcomes saved: %(n)s teams recorded."),
    "outcomes.invalid": N_("Some values are not numbers; nothing was saved."),
    "outcomes.not_a_number": N_("'%(value)s' is not a number"),
    "school.host_capacity": N_("trainee teams hosted per year"),
    "school.max_trainee_directions": N_("directions learnt per year"),
}

#: Words naming a value, by group: ``label(lang, "plan.status", "draft")`` → «черновик».
LABELS: dict[str, dict[str, str]] = {
    "plan.status": {"draft": N_("draft"), "approved": N_("approved"), "published": N_("published"), "superseded": N_("superseded")},
    "plan.kind": {"solve": N_("solve"), "rebalance": N_("rebalance")},
    "job.state": {"queued": N_("queued"), "running": N_("solving"), "done": N_("done"), "failed": N_("failed"),
                  "cancelled": N_("stopped")},
    "solver": {"cpsat": N_("CP-SAT — optimal, explained"), "flow": N_("flow — fast baseline"),
               "greedy": N_("greedy — fastest baseline")},
    "solver.short": {"cpsat": "CP-SAT", "flow": N_("flow"), "greedy": N_("greedy")},
    "solver.status": {"OPTIMAL": N_("proven optimal"), "FEASIBLE": N_("feasible plan"), "HEURISTIC": N_("heuristic")},
    "strategy": {"": N_("no preference"), "none": N_("no preference"), "narrow": N_("narrow (keep last year's mentors)"),
                 "wide": N_("wide (new directions and mentors)")},
    "strategy.short": {"": N_("no preference"), "none": N_("no preference"), "narrow": N_("narrow"), "wide": N_("wide")},
    "audit.severity": {"error": N_("broken"), "warning": N_("at risk"), "info": N_("note")},
    "kind": {"basic": N_("basic"), "secondary": N_("secondary"), "gymnasium": N_("gymnasium"), "lyceum": N_("lyceum"),
             "other": N_("other")},
    "settlement": {"urban": N_("urban"), "rural": N_("rural")},
    "indicator": {
        "deficits_decreased_share": N_("share of deficits that decreased"),
        "deficits_decreased": N_("deficits that decreased"),
        "deficits_with_outcome": N_("deficits with a comparable outcome"),
        "deficits_unknown": N_("deficits without a comparable outcome"),
        "staff_trained": N_("staff trained"),
        "events": N_("events held"),
        "transfers": N_("transfers"),
        "open_sites": N_("open sites"),
        "schools": N_("schools in the network"),
        "schools_mentoring": N_("schools mentoring somewhere"),
        "involvement": N_("involvement"),
        "needs": N_("trainee needs"),
        "needs_covered": N_("needs covered"),
        "needs_deferred": N_("needs deferred"),
        "needs_carried": N_("needs carried over"),
        "needs_carried_met": N_("carried needs met"),
        "low_results_share": N_("share of low-results schools"),
        "teams_leader": N_("leader teams"),
        "teams_promising": N_("promising teams"),
        "teams_hidden_reserve": N_("hidden-reserve teams"),
        "trainees": N_("trainee teams mentored"),
    },
    "area_kind": {"": N_("not said"), "municipality": N_("municipality"), "region": N_("region")},
    "limit": {
        "cap_per_direction": N_("trainees per mentor per direction"),
        "host_capacity": N_("default host capacity"),
        "max_trainee_directions": N_("trainee directions per school"),
        "max_km": N_("longest pair distance, km"),
        "min_gap": N_("smallest score gap"),
        "time_limit": N_("solver time limit, s"),
        "cross_municipality": N_("pairs across municipalities"),
    },
}

#: Labels of the plan metrics shown on pages and in diffs (others keep their key).
METRICS: dict[str, str] = {
    "schools": N_("schools"),
    "schools_involved": N_("schools involved"),
    "schools_mentoring": N_("schools mentoring"),
    "schools_never_mentoring": N_("schools never mentoring"),
    "pairs": N_("pairs"),
    "trainee_needs": N_("trainee needs"),
    "needs_covered": N_("needs covered"),
    "needs_deferred": N_("needs deferred"),
    "coverage_ratio": N_("coverage ratio"),
    "weighted_coverage_ratio": N_("weighted coverage"),
    "mutual_exchanges": N_("mutual exchanges"),
    "max_host_load": N_("largest host load"),
    "objective": N_("objective"),
    "changes": N_("changes"),
    "directions": N_("directions"),
    "weighted_deficits_total": N_("weighted trainee needs"),
    "weighted_deficits_covered": N_("weighted needs covered"),
    "unsupervised_pairs": N_("pairs without a curator of some kind"),
    "total_km": N_("total distance, km"),
    "mean_km": N_("mean pair distance, km"),
    "pairs_with_km": N_("pairs with a known distance"),
    "pairs_against_order": N_("pairs against the order of levels"),
    "pairs_same_kind": N_("pairs of one kind of school"),
    "pairs_same_settlement": N_("pairs within one kind of settlement"),
    "violations": N_("violations"),
}


def t(code: str, lang: str = DEFAULT_LANG, /, **values: Any) -> str:
    """The text of ``code`` (:data:`MESSAGES`, or ``group.value`` of :data:`LABELS`) in ``lang``."""
    entry = MESSAGES.get(code)
    if callable(entry):
        return entry(lang, values)
    if isinstance(entry, tuple):
        return pgettext(entry[0], entry[1], lang, **values)
    if isinstance(entry, str):
        return gettext(entry, lang, **values)
    group, _, key = code.rpartition(".")
    if group in LABELS:
        return label(lang, group, key)
    log.warning("unknown web message code %r", code)
    return code


def label(lang: str, group: str, key: Any) -> str:
    """The word for ``key`` in ``group`` (a value it does not know is shown as it is: a name or a code)."""
    key = getattr(key, "value", key)
    msgid = LABELS.get(group, {}).get("" if key is None else str(key))
    return str(key if key is not None else "—") if msgid is None else gettext(msgid, lang)


def metric_label(key: str, lang: str = DEFAULT_LANG) -> str:
    msgid = METRICS.get(key)
    return gettext(msgid, lang) if msgid else key.replace("_", " ")


def yes_no(lang: str, value: Any) -> str:
    """«да» / «нет» (the package's words for booleans)."""
    from mentornet.i18n import yes_no as package_yes_no

    return package_yes_no(lang, bool(value))


def value_text(lang: str, value: Any) -> str:
    """A policy value as a reader sees it: booleans as yes/no, none as "no limit"."""
    if isinstance(value, bool):
        return yes_no(lang, value)
    if value is None:
        return gettext("no limit", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def where_text(location: dict[str, Any] | None, lang: str = DEFAULT_LANG, fallback: str = "") -> str:
    """An input error's place in words: ``krymsky.csv, строка 7, столбец «role»`` (:meth:`mentornet.errors.Location.render`).

    ``fallback`` is the place as the API wrote it, shown when the location has no parts.
    """
    from mentornet.errors import Location

    loc = {k: v for k, v in (location or {}).items() if k in ("file", "sheet", "row", "column", "field") and v not in (None, "")}
    if loc or not fallback or fallback == "input":
        return Location(**loc).render(lang)
    return fallback


def job_message(lang: str, state: str, plan_id: int | None) -> str:
    """What became of a job, in ``lang`` (the job's stored English message is for the JSON API)."""
    if state == "cancelled":
        if plan_id:
            return gettext("stopped; the best plan found so far is plan %(id)s", lang, id=plan_id)
        return gettext("stopped before a plan was found", lang)
    if state == "done" and plan_id:
        return gettext("plan %(id)s is ready", lang, id=plan_id)
    return ""


# ---------------------------------------------------------------- errors


#: Titles of the problems the pages show, by the API's ``kind`` of problem.
PROBLEM_TITLES: dict[str, str] = {
    "not-found": N_("Not found"),
    "in-use": N_("In use: kept"),
    "invalid-reference": N_("A reference to something that does not exist"),
    "invalid-input": N_("The input is not valid"),
    "invalid-policy": N_("The policy is not valid"),
    "invalid-request": N_("The request is not valid"),
    "illegal-transition": N_("Status change not allowed"),
    "not-draft": N_("Only draft plans can be deleted"),
    "not-published": N_("The plan is not published"),
    "year-taken": N_("The programme already has this year"),
    "other-programme": N_("The network is a year of another programme"),
    "no-programme": N_("The network is not a year of a programme"),
    "no-plans": N_("No year has a plan yet"),
    "job-finished": N_("Job already finished"),
    "duplicate-network": N_("Already uploaded"),
    "too-large": N_("Too large"),
    "cross-site": N_("The request came from another site and was refused."),
}


#: Titles of the API's and the library's problems, translated word for word where a page shows them.
API_TITLES = (
    N_("Invalid input"), N_("No plan satisfies every hard constraint"), N_("Solver error"), N_("Error"),
    N_("Invalid request"), N_("Invalid policy"), N_("Invalid year"), N_("File too large"), N_("Network too large"),
    N_("No such plan"), N_("No such network"), N_("No such scenario"), N_("No such job"), N_("No such school"),
    N_("No such edit"), N_("Plan of another network"), N_("No base plan"), N_("Time limit too long"),
    N_("A solve is already running"), N_("Status change not allowed"), N_("Job already finished"),
    N_("Plan not published"), N_("Base plan gone"), N_("Already uploaded"),
)
#: Details of the API's problems whose shape is known: a pattern of the English detail → its msgid.
_DETAILS: tuple[tuple[str, str], ...] = (
    (r"there is no plan with id (?P<id>\d+)", N_("there is no plan with id %(id)s")),
    (r"there is no network with id (?P<id>\d+)", N_("there is no network with id %(id)s")),
    (r"there is no scenario with id (?P<id>\d+)", N_("there is no scenario with id %(id)s")),
    (r"there is no job with id (?P<id>\d+)", N_("there is no job with id %(id)s")),
    (r"the limits and locks cannot all hold together; each conflict is listed with a suggested fix",
     N_("the limits and locks cannot all hold together; each conflict is listed with a suggested fix")),
    (r"plan (?P<id>\d+): approve the plan before publishing it", N_("plan %(id)s: approve the plan before publishing it")),
    (r"plan (?P<id>\d+): a published plan is final and never changes; take its locks into a scenario to plan from it",
     N_("plan %(id)s: a published plan is final and never changes; take its locks into a scenario to plan from it")),
    (r"plan (?P<id>\d+): the plan is already (?P<status>\w+)", N_("plan %(id)s: the plan is already %(status)s")),
    (r"plan (?P<id>\d+): a plan cannot go from (?P<current>\w+) to (?P<status>\w+)",
     N_("plan %(id)s: a plan cannot go from %(current)s to %(status)s")),
    (r"time_limit (?P<limit>[\d.e+]+) s is above this server's limit of (?P<max>[\d.e+]+) s \((?P<env>\w+)\)",
     N_("time limit %(limit)s s is above this server's limit of %(max)s s (%(env)s)")),
    (r"at most (?P<n>[\d.e+]+)", N_("at most %(n)s")),
    (r"network (?P<id>\d+) '(?P<name>.*)' holds the same data; open it, or upload again with force=true to keep a second copy",
     N_("network %(id)s '%(name)s' holds the same data; open it, or upload again with force=true to keep a second copy")),
    (r"scenario (?P<id>\d+) has (?P<n>\d+) edit\(s\); index (?P<index>\d+) is out of range",
     N_("scenario %(id)s has no edit number %(index)s (edits: %(n)s)")),
    (r"job (?P<id>\d+) is still (?P<state>\w+) for scenario (?P<scenario>\d+); wait for it or cancel it.*",
     N_("job %(id)s for scenario %(scenario)s is still %(state)s; wait for it or stop it")),
)
#: Groups of a detail that name a value: translated as that value's label.
_DETAIL_LABELS = {"status": "plan.status", "current": "plan.status", "state": "job.state"}


def problem_detail(lang: str, detail: str, kind: str | None = None, n_errors: int = 0) -> str:
    """A problem's detail in ``lang`` where its shape is known; otherwise as the API wrote it."""
    import re

    if lang == "en" or not detail:
        return detail
    if kind == "invalid-input" and n_errors:
        return ngettext("%(num)d problem found; each is listed with its place",
                        "%(num)d problems found; each is listed with its place", n_errors, lang)
    for pattern, msgid in _DETAILS:
        m = re.fullmatch(pattern, detail)
        if m:
            values = {k: label(lang, _DETAIL_LABELS[k], v) if k in _DETAIL_LABELS else v for k, v in m.groupdict().items()}
            return gettext(msgid, lang, **values)
    return gettext(detail, lang)


def problem_title(lang: str, title: str, kind: str | None = None) -> str:
    """A problem's title in ``lang``: the English title's own translation, else its kind's."""
    translated = gettext(title, lang) if title else ""
    if translated != title or lang == "en" or not kind:
        return translated
    msgid = PROBLEM_TITLES.get(kind)
    return gettext(msgid, lang) if msgid else translated


def problem_parts(exc: Exception, lang: str) -> tuple[str, str, list[dict[str, Any]], str | None, int]:
    """An API or library error for a page: title, detail, errors[], kind, HTTP status — in ``lang``.

    The library's problems and conflicts say themselves in ``lang`` where they
    carry a message code (:meth:`mentornet.errors.Problem.as_dict`); the
    API's own titles and details are translated where their words are known.
    """
    from mentornet.api import problems
    from mentornet.errors import InfeasibleError, InputError

    if isinstance(exc, problems.ApiError):
        kind, title, detail, errors, status = exc.kind, exc.title, exc.detail, list(exc.errors or []), exc.status
        errors = [{**e, "message": problem_detail(lang, str(e.get("message", "")))} for e in errors]
    else:
        body = problems.error_payload(exc, lang)  # type: ignore[arg-type]
        # the HTTP status of a library error is chosen in api.problems where it has a rule for it
        status_of = getattr(problems, "status_of", None)
        status = status_of(exc) if callable(status_of) else 422
        kind, title, detail, errors = body["type"].rsplit(":", 1)[-1], body["title"], body["detail"], body["errors"]
        if isinstance(exc, InputError):
            errors = [p.as_dict(lang) for p in exc.problems]
        elif isinstance(exc, InfeasibleError):
            errors = [{"location": {}, "where": "", **c.as_dict(), "message": c.message_in(lang),
                       "suggestion": c.suggestion_in(lang)} for c in exc.conflicts]
        else:  # a refusal of the service layer: its items in known wordings
            errors = [{**e, "message": problem_detail(lang, str(e.get("message", "")))} for e in errors]
    return (problem_title(lang, title, kind), problem_detail(lang, detail, kind, len(errors)), errors, kind, status)


#: pydantic's error types the forms can cause, as a reader's sentence (``ctx`` fills the placeholders).
VALIDATION: dict[str, str] = {
    "literal_error": N_("should be one of %(expected)s"),
    "enum": N_("should be one of %(expected)s"),
    "float_parsing": N_("should be a number"),
    "int_parsing": N_("should be a whole number"),
    "float_type": N_("should be a number"),
    "int_type": N_("should be a whole number"),
    "greater_than": N_("should be greater than %(gt)s"),
    "greater_than_equal": N_("should be at least %(ge)s"),
    "less_than": N_("should be less than %(lt)s"),
    "less_than_equal": N_("should be at most %(le)s"),
    "missing": N_("is required"),
    "string_too_long": N_("should have at most %(max_length)s characters"),
    "extra_forbidden": N_("is not a known field"),
    "finite_number": N_("should be a finite number"),
}


def validation_text(exc: Exception, lang: str = DEFAULT_LANG, number_field: str | None = None) -> str:
    """A bad form value in one line, ``field: what is expected`` (pydantic's errors in ``lang``).

    A plain :class:`ValueError` is a number that did not parse: ``number_field`` names the field.
    """
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        if number_field:
            return f"{number_field}: {gettext('should be a number', lang)}"
        return str(exc) or gettext("invalid value", lang)
    lines = []
    for e in errors():
        where = ".".join(map(str, e.get("loc", ())))
        msgid = VALIDATION.get(e.get("type", ""))
        if msgid is None or lang == "en":
            text = e.get("msg", "")
        else:
            # pydantic quotes the allowed values and joins the last with "or": keep the values, drop the English
            ctx = {k: (v if not isinstance(v, str) else v.replace("'", "").replace(" or ", ", "))
                   for k, v in (e.get("ctx") or {}).items()}
            try:
                text = gettext(msgid, lang, **ctx)
            except (KeyError, ValueError, TypeError):
                text = e.get("msg", "")
        lines.append(f"{where}: {text}".lstrip(": "))
    return "; ".join(lines)


# ---------------------------------------------------------------- what-if edits


#: What a what-if edit's parameters name, by kind: ``(kind, value)`` pairs (the edits' ``Term``) become words.
_TERM_KINDS = ("school", "direction", "role", "limit", "school_field", "strategy", "word")


def _edit_message(edit: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A stored edit's description as a message code and parameters (ids as ``(kind, value)``)."""
    op = edit.get("op", "")
    if op == "close_school":
        return "edit.close_school", {"school": ("school", edit["school"])}
    if op == "change_capacity":
        parts = [(("school_field", f), ("word", "default") if edit[f] is None else edit[f])
                 for f in ("host_capacity", "max_trainee_directions") if f in edit]
        return "edit.change_capacity", {"school": ("school", edit["school"]), "parts": parts}
    if op == "change_limit":
        value = edit.get("value")
        return "edit.change_limit", {"field": ("limit", edit.get("field", "")), "value": ("word", "no_limit") if value is None else value}
    if op in ("lock_pair", "forbid_pair"):
        params = {"mentor": ("school", edit["mentor"]), "trainee": ("school", edit["trainee"])}
        if edit.get("direction"):
            return f"edit.{op}", params | {"direction": ("direction", edit["direction"])}
        return "edit.forbid_pair_any", params
    if op == "lock_role":
        return "edit.lock_role", {"school": ("school", edit["school"]), "direction": ("direction", edit["direction"]),
                                  "role": ("role", edit["role"])}
    if op == "lock_plan":
        return "edit.lock_plan", {"pairs": len(edit.get("pairs") or ()), "roles": len(edit.get("roles") or ()),
                                  "plan": edit.get("plan_id") or "?"}
    if op == "add_school":
        school = edit.get("school") or {}
        return "edit.add_school", {"school": school.get("name") or school.get("id", "?")}
    if op == "change_weights":
        return "edit.change_weights", {"weights": list((edit.get("weights") or {}).items())}
    if op == "change_strategy":
        return "edit.change_strategy", {"strategy": ("strategy", edit.get("strategy") or "none")}
    return "", {"op": op}


def _edit_object(edit: dict[str, Any]) -> Any:
    """The stored edit as the library's edit model when that can describe itself (``message()``), else as it is."""
    from mentornet.errors import MentornetError
    from mentornet.scenario import parse_edits

    try:
        model = parse_edits([edit])[0]
    except (MentornetError, ValueError):
        return edit
    return model if hasattr(model, "message") else edit


def edit_text(edit: Any, lang: str = DEFAULT_LANG, schools: dict[str, str] | None = None,
              directions: dict[str, str] | None = None) -> str:
    """One line saying what a what-if edit does, in ``lang`` (names instead of ids where known).

    ``edit`` is an edit with a ``message()`` (code and parameters) or its
    stored JSON; this is the one place the description becomes words.
    """
    if isinstance(edit, dict):
        edit = _edit_object(edit)
    code, params = edit.message() if hasattr(edit, "message") else _edit_message(edit)
    if not code:
        return str(params.get("op", ""))
    sn = schools or {}
    dn = directions or {}

    def word(v: Any) -> Any:
        if isinstance(v, tuple) and len(v) == 2 and v[0] in _TERM_KINDS:
            kind, x = v
            if kind == "school":
                return sn.get(x, str(x))
            if kind == "direction":
                return dn.get(x, str(x))
            if kind == "role":
                from mentornet.explain import role_name

                return role_name(x, lang)
            if kind == "limit":
                return label(lang, "limit", x)
            if kind == "school_field":
                return t(f"school.{x}", lang)
            if kind == "strategy":
                return label(lang, "strategy", x)
            return t(f"edit.{x}", lang)
        if isinstance(v, bool):
            return yes_no(lang, v)
        if isinstance(v, list):  # settings: "name = value, …"
            return ", ".join(f"{word(k)} = {word(x)}" for k, x in v)
        return v

    return t(code, lang, **{k: word(v) for k, v in params.items()})
