"""The words of the exports: sheet names, column headers, metric names.

Sheet names, column headers and fixed phrases of :mod:`mentornet.export`
are keyed here, each mapped to its English msgid (gettext context
``export`` or ``metric``); the translations are in the gettext catalogues
(:mod:`mentornet.i18n`), so a planner's vocabulary is corrected in the
``.po`` file of the language. Role and school-kind names are the terms of
:mod:`mentornet.messages` (:func:`mentornet.i18n.term`).
"""

from __future__ import annotations

from mentornet.i18n import LANGUAGES, pgettext
from mentornet.messages import Np_

__all__ = ["LABELS", "LANGS", "METRIC_NAMES", "label", "metric_name"]

LANGS = LANGUAGES
# gettext contexts (named, not literal, so that pybabel does not take them for msgids)
_EXPORT, _METRIC = "export", "metric"

LABELS: dict[str, str] = {
    # sheets (Excel: at most 31 characters, no []:*?/\)
    "sheet_table": Np_("export", "Internships"),
    "sheet_pairs": Np_("export", "Pairs"),
    "sheet_cards": Np_("export", "Cards"),
    "sheet_curators": Np_("export", "Curators"),
    "sheet_deferred": Np_("export", "Deferred"),
    "sheet_alternates": Np_("export", "Alternates"),
    "sheet_metrics": Np_("export", "Metrics"),
    "sheet_sites": Np_("export", "Sites"),
    "sheet_site_groups": Np_("export", "Site of each school"),
    "site": Np_("export", "Site"),
    "site_group": Np_("export", "Site (group)"),
    "site_name": Np_("export", "Site name"),
    "site_schools": Np_("export", "Site schools"),
    "term": Np_("export", "Status term"),
    "term_ends": Np_("export", "Term ends this year"),
    "trainee_schools": Np_("export", "Trainee schools (limit)"),
    "site_pairs": Np_("export", "Pairs (limit)"),
    "sheet_charts": Np_("export", "Charts"),
    # the seed's table
    "direction": Np_("export", "Direction"),
    "leaders": Np_("export", "Leaders"),
    "promising": Np_("export", "Promising teams"),
    "hidden_reserves": Np_("export", "Hidden reserves"),
    "curator": Np_("export", "Curator"),
    "direction_prefix": Np_("export", "Internship"),
    # pairs
    "direction_id": Np_("export", "Direction id"),
    "mentor": Np_("export", "Mentor"),
    "mentor_role": Np_("export", "Mentor's role"),
    "trainee": Np_("export", "Trainee"),
    "trainee_role": Np_("export", "Trainee's role"),
    "distance_km": Np_("export", "Distance, km"),
    "score": Np_("export", "Pair score"),
    "reason": Np_("export", "Reason"),
    # cards
    "school": Np_("export", "School"),
    "municipality": Np_("export", "Municipality"),
    "kind": Np_("export", "Kind"),
    "leads_in": Np_("export", "Leads in"),
    "learns_in": Np_("export", "Learns in (direction — mentor)"),
    "mentors": Np_("export", "Mentors (direction — trainees)"),
    "deferred_why": Np_("export", "Deferred (why)"),
    "pairs_as_mentor": Np_("export", "Trainees hosted"),
    "directions_as_trainee": Np_("export", "Directions as trainee"),
    "none": Np_("export", "—"),
    # curators
    "directions": Np_("export", "Directions"),
    "teams": Np_("export", "Teams"),
    "limit": Np_("export", "Limit"),
    "no_limit": Np_("export", "no limit"),
    # deferred / roles / alternates
    "role": Np_("export", "Role"),
    "alternates": Np_("export", "Alternate mentors (score)"),
    # the programme table: a trainee team whose need waits for next year
    "deferred_mark": Np_("export", "deferred to next year"),
    "deferred_legend": Np_("export", "struck-through italics"),
    # the title line printed on every page (and the workbook's properties)
    "title": Np_("export", "Internship plan"),
    "title_year": Np_("export", "year"),
    "title_plan": Np_("export", "plan"),
    "title_status": Np_("export", "status"),
    "title_date": Np_("export", "date"),
    "title_solver": Np_("export", "solver"),
    "status_draft": Np_("export", "draft"),
    "status_approved": Np_("export", "approved"),
    "status_published": Np_("export", "published (official)"),
    "status_superseded": Np_("export", "superseded"),
    # metrics
    "metric": Np_("export", "Metric"),
    "value": Np_("export", "Value"),
}

# Names of figures and solver fields on the metrics sheet.
METRIC_NAMES: dict[str, str] = {
    "solver": Np_("metric", "Solver"),
    "status": Np_("metric", "Status"),
    "objective": Np_("metric", "Objective"),
    "bound": Np_("metric", "Bound"),
    "gap": Np_("metric", "Gap"),
    "seconds": Np_("metric", "Time, s"),
    "schools": Np_("metric", "Schools"),
    "schools_involved": Np_("metric", "Schools in a pair"),
    "schools_mentoring": Np_("metric", "Schools mentoring"),
    "needs": Np_("metric", "Trainee needs"),
    "needs_covered": Np_("metric", "Needs covered"),
    "needs_deferred": Np_("metric", "Needs deferred"),
    "weighted_deficits_covered": Np_("metric", "Weighted deficits covered"),
    "mutual_exchanges": Np_("metric", "Mutual exchanges"),
    "pairs": Np_("metric", "Pairs"),
    "mean_km": Np_("metric", "Mean distance, km"),
    "max_host_load": Np_("metric", "Most trainees at one host"),
    "directions": Np_("metric", "Directions"),
    "trainee_needs": Np_("metric", "Trainee needs"),
    "schools_never_mentoring": Np_("metric", "Schools mentoring nowhere"),
    "weighted_deficits_total": Np_("metric", "Weighted deficits in total"),
    "coverage_ratio": Np_("metric", "Share of needs covered"),
    "weighted_coverage_ratio": Np_("metric", "Share of weighted deficits covered"),
    "total_km": Np_("metric", "Total km of pairs"),
    "pairs_with_km": Np_("metric", "Pairs with a known distance"),
    "pairs_against_order": Np_("metric", "Pairs against the level order"),
    "pairs_same_kind": Np_("metric", "Pairs of the same kind"),
    "pairs_same_settlement": Np_("metric", "Pairs of the same settlement type"),
    "violations": Np_("metric", "Hard-constraint violations"),
    "handmade_schools_mentoring": Np_("metric", "Leaders in the hand-made table"),
}


def label(key: str, lang: str = "en") -> str:
    """The word for ``key`` in ``lang`` (a metric name when ``key`` is no label; the key itself when unknown)."""
    if key in LABELS:
        return pgettext(lang, _EXPORT, LABELS[key])
    return metric_name(key, lang)


def metric_name(key: str, lang: str = "en") -> str:
    """The name of the figure ``key`` in ``lang`` (the key itself when it has none)."""
    msgid = METRIC_NAMES.get(key)
    return key if msgid is None else pgettext(lang, _METRIC, msgid)
