"""The input workbook a planner fills in: :func:`write_template`.

Every table of a network gets a sheet with its headers (Russian by default,
English on request), a few example rows that together form a valid network,
drop-down lists for the columns with fixed values, range checks for
numbers, a frozen header row, and fitted column widths. An ``инструкция``
(``README``) sheet explains every column and policy setting: whether it is
required, its allowed values and its default. The readers ignore that
sheet, so the template read back as it is loads as a valid network.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import annotated_types
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from mentornet.i18n import LANGUAGES, pgettext
from mentornet.io.cells import protect_workbook
from mentornet.io.readers import META, POLICY, TABLES, Column, TableSpec, policy_fields
from mentornet.io.writers import format_sheet, policy_rows, write_rows
from mentornet.messages import Np_
from mentornet.model import SHAPES, Policy

__all__ = ["write_template"]

Lang = Literal["ru", "en"]

# Rows the validations cover: far more than a district, enough for a region.
_LAST_ROW = 2000

# What a planner picks from in each word-valued column: English msgids (context "input_value"),
# in the order of _CANONICAL; every translation must be a word the readers accept.
_CHOICES: dict[str, tuple[str, ...]] = {
    "kind": (Np_("input_value", 'basic'), Np_("input_value", 'secondary'), Np_("input_value", 'gymnasium'), Np_("input_value", 'lyceum')),
    "settlement": (Np_("input_value", 'urban'), Np_("input_value", 'rural')),
    "results": (Np_("input_value", 'high'), Np_("input_value", 'normal'), Np_("input_value", 'low')),
    "bool": (Np_("input_value", 'yes'), Np_("input_value", 'no')),
    "level": (Np_("input_value", 'leader'), Np_("input_value", 'promising'), Np_("input_value", 'hidden_reserve')),
    "audience": (Np_("input_value", 'teachers'), Np_("input_value", 'heads')),
    "format": (Np_("input_value", 'pair'), Np_("input_value", 'group')),
    "mode": (Np_("input_value", 'online'), Np_("input_value", 'onsite'), Np_("input_value", 'mixed')),
}

# gettext contexts (named, so that pybabel does not take them for msgids)
_TEMPLATE, _INPUT_VALUE, _EXAMPLE, _POLICY = "template", "input_value", "template_example", "policy"

_CANONICAL = {
    "kind": ("basic", "secondary", "gymnasium", "lyceum"),
    "settlement": ("urban", "rural"),
    "results": ("high", "normal", "low"),
    "bool": (True, False),
    "level": ("leader", "promising", "hidden_reserve"),
    "audience": ("teachers", "heads"),
    "format": ("pair", "group"),
    "mode": ("online", "onsite", "mixed"),
}

# Number checks Excel applies while the planner types: (type, low, high).
_RANGES: dict[tuple[str, str], tuple[str, str, str | None]] = {
    ("schools", "lat"): ("decimal", "-90", "90"),
    ("schools", "lon"): ("decimal", "-180", "180"),
    ("schools", "host_capacity"): ("whole", "0", None),
    ("schools", "max_trainee_directions"): ("whole", "0", None),
    ("directions", "mentor_cap"): ("whole", "0", None),
    ("curators", "max_teams"): ("whole", "0", None),
    ("curators", "max_schools"): ("whole", "0", None),
    ("directions", "group_min"): ("whole", "1", None),
    ("directions", "group_max"): ("whole", "1", None),
    ("competences", "score"): ("decimal", "0", "100"),
}

# (allowed values, default, description) per column: English msgids (context "template").
_DOC: dict[tuple[str, str], tuple[str, str, str]] = {
    ('schools', 'id'): (Np_("template", 'unique code or name'), "", Np_("template", "The school's id; the other sheets refer to it. Without this column the name is the id.")),
    ('schools', 'name'): (Np_("template", 'text'), Np_("template", '= id'), Np_("template", "The school's full name.")),
    ('schools', 'municipality'): (Np_("template", 'text'), Np_("template", 'empty'), Np_("template", 'Municipality (district).')),
    ('schools', 'kind'): (Np_("template", 'basic, secondary, gymnasium, lyceum'), Np_("template", 'unknown (no goal uses it)'), Np_("template", 'School kind.')),
    ('schools', 'settlement'): (Np_("template", 'urban, rural'), Np_("template", 'unknown (no goal uses it)'), Np_("template", 'Urban or rural school.')),
    ('schools', 'lat'): (Np_("template", 'number -90..90'), Np_("template", 'empty'), Np_("template", 'Latitude; with longitude, distances are taken into account.')),
    ('schools', 'lon'): (Np_("template", 'number -180..180'), Np_("template", 'empty'), Np_("template", 'Longitude.')),
    ('schools', 'results'): (Np_("template", 'high, normal, low'), Np_("template", 'unknown (no goal uses it)'), Np_("template", 'Educational results; low = a low-results school.')),
    ('schools', 'adverse'): (Np_("template", 'yes / no or an index 0..1'), Np_("template", 'unknown (no goal uses it)'), Np_("template", 'Adverse social conditions: yes/no or an index 0..1 (0.5 and above counts as adverse).')),
    ('schools', 'is_new'): (Np_("template", 'yes, no'), Np_("template", 'unknown (no goal uses it)'), Np_("template", 'Opened or renovated in the last 3 years (the sensitive period).')),
    ('schools', 'host_capacity'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'policy (6)'), Np_("template", 'Trainee teams the school hosts per year, all directions.')),
    ('schools', 'max_trainee_directions'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'policy (3)'), Np_("template", 'Directions the school can learn in per year; the rest are deferred.')),
    ('directions', 'id'): (Np_("template", 'unique code or number'), "", Np_("template", "The direction's id.")),
    ('directions', 'name'): (Np_("template", 'text'), Np_("template", '= id'), Np_("template", "The direction's name.")),
    ('directions', 'curators'): (Np_("template", "curator ids separated by ';'"), Np_("template", 'empty'), Np_("template", 'Curators of the direction.')),
    ('directions', 'mentor_cap'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'policy (4)'), Np_("template", 'Trainee teams one mentor takes in this direction.')),
    ('directions', 'online'): (Np_("template", 'yes, no'), Np_("template", 'no'), Np_("template", 'Online direction: distance does not limit pairs.')),
    ('directions', 'audience'): (Np_("template", 'teachers, heads'), Np_("template", 'empty'), Np_("template", 'Who learns: teachers (teacher to teacher) or heads (head to heads).')),
    ('directions', 'format'): (Np_("template", 'pair, group'), Np_("template", 'pair'), Np_("template", "Pairs, or one group of a mentor's trainee teams.")),
    ('directions', 'mode'): (Np_("template", 'online, onsite, mixed'), Np_("template", 'empty'), Np_("template", 'Online: distance does not limit pairs; mixed: the distance limit applies and part of the distance counts as travel.')),
    ('directions', 'group_min'): (Np_("template", 'whole number ≥ 1'), Np_("template", 'empty'), Np_("template", 'Group format: a group runs with at least this many trainee teams.')),
    ('directions', 'group_max'): (Np_("template", 'whole number ≥ 1'), Np_("template", 'empty'), Np_("template", 'Group format: at most this many trainee teams in a group (replaces the cap per mentor).')),
    ('curators', 'id'): (Np_("template", 'unique code'), "", Np_("template", "The curator's id.")),
    ('curators', 'name'): (Np_("template", 'text'), Np_("template", '= id'), Np_("template", "The curator's full name.")),
    ('curators', 'max_teams'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'no limit'), Np_("template", 'Trainee teams the curator can supervise.')),
    ('curators', 'directions'): (Np_("template", "direction ids separated by ';'"), Np_("template", 'any'), Np_("template", 'Directions the curator covers.')),
    ('curators', 'municipalities'): (Np_("template", "municipalities separated by ';'"), Np_("template", 'any'), Np_("template", 'Municipalities whose schools the curator covers (a district consultant).')),
    ('curators', 'kind'): (Np_("template", 'text'), Np_("template", 'empty'), Np_("template", 'Kind of curator (e.g. scientific consultant, school curator): every pair has one curator of each kind.')),
    ('curators', 'max_schools'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'no limit'), Np_("template", 'Trainee schools the curator can supervise.')),
    ('competences', 'school'): (Np_("template", "a school id from 'schools'"), "", Np_("template", 'The school.')),
    ('competences', 'direction'): (Np_("template", "a direction id from 'directions'"), "", Np_("template", 'The direction.')),
    ('competences', 'score'): (Np_("template", 'number 0..100'), Np_("template", 'empty'), Np_("template", "Score from monitoring indicators; the role follows the policy's bands. A score or a level is needed.")),
    ('competences', 'level'): (Np_("template", 'leader, promising, hidden_reserve'), Np_("template", 'empty'), Np_("template", "The team's level in the direction; it fixes the role. No row: the school does not take part in the direction.")),
    ('history_roles', 'year'): (Np_("template", 'year'), "", Np_("template", 'Year of the role.')),
    ('history_roles', 'school'): (Np_("template", 'school id'), "", Np_("template", 'The school.')),
    ('history_roles', 'direction'): (Np_("template", 'direction id'), "", Np_("template", 'The direction.')),
    ('history_roles', 'role'): (Np_("template", 'leader, promising, hidden_reserve'), "", Np_("template", "The school's role that year.")),
    ('history_pairs', 'year'): (Np_("template", 'year'), "", Np_("template", 'Year of the pair.')),
    ('history_pairs', 'mentor'): (Np_("template", 'school id'), "", Np_("template", 'The mentor school.')),
    ('history_pairs', 'trainee'): (Np_("template", 'school id'), "", Np_("template", 'The trainee school.')),
    ('history_pairs', 'direction'): (Np_("template", 'direction id'), "", Np_("template", 'The direction.')),
    ('history_deferred', 'year'): (Np_("template", 'year'), "", Np_("template", 'Year the need was deferred.')),
    ('history_deferred', 'school'): (Np_("template", 'school id'), "", Np_("template", 'A trainee team deferred that year: its school (carried over as a priority).')),
    ('history_deferred', 'direction'): (Np_("template", 'direction id'), "", Np_("template", 'The direction.')),
    ('locks_pairs', 'mentor'): (Np_("template", 'school id'), "", Np_("template", 'A pair every plan keeps: the mentor.')),
    ('locks_pairs', 'trainee'): (Np_("template", 'school id'), "", Np_("template", "The kept pair's trainee.")),
    ('locks_pairs', 'direction'): (Np_("template", 'direction id'), "", Np_("template", 'The direction; both schools must take part in it.')),
    ('locks_forbidden', 'mentor'): (Np_("template", 'school id'), "", Np_("template", 'A pair no plan may hold: the mentor.')),
    ('locks_forbidden', 'trainee'): (Np_("template", 'school id'), "", Np_("template", "The forbidden pair's trainee.")),
    ('locks_forbidden', 'direction'): (Np_("template", 'direction id'), Np_("template", 'all directions'), Np_("template", 'Direction of the ban; empty bans it in all.')),
    ('locks_roles', 'school'): (Np_("template", 'school id'), "", Np_("template", 'A school with a fixed role (e.g. a designated site).')),
    ('locks_roles', 'direction'): (Np_("template", 'direction id'), "", Np_("template", 'The direction.')),
    ('locks_roles', 'role'): (Np_("template", 'leader, promising, hidden_reserve'), "", Np_("template", 'The role every plan gives.')),
    ('sites', 'id'): (Np_("template", 'unique code'), "", Np_("template", "The internship site's id.")),
    ('sites', 'name'): (Np_("template", 'text'), Np_("template", '= id'), Np_("template", "The site's name.")),
    ('sites', 'schools'): (Np_("template", "school ids separated by ';'"), "", Np_("template", 'The school hosting as the site, or the schools of a site network (they share its capacity).')),
    ('sites', 'start_year'): (Np_("template", 'year'), Np_("template", 'empty'), Np_("template", 'Year the site got its status; empty: unknown (no term is reported).')),
    ('sites', 'term_years'): (Np_("template", 'whole number ≥ 1'), "3", Np_("template", 'Years the status lasts (up to three years by the regional rules).')),
    ('sites', 'max_schools'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'no limit'), Np_("template", 'Trainee schools the site takes a year.')),
    ('sites', 'max_pairs'): (Np_("template", 'whole number ≥ 0'), Np_("template", 'no limit'), Np_("template", 'Trainee teams (pairs) the site hosts a year, all its schools and directions together.')),
}

# Policy settings' descriptions (the English text is the model's own description).
_POLICY_DOC: dict[str, str] = {
    'cap_per_direction': Np_("policy", 'trainee teams one mentor takes in one direction'),
    'host_capacity': Np_("policy", 'trainee teams one school hosts per year, all directions'),
    'max_trainee_directions': Np_("policy", 'directions a school learns in per year; the rest are deferred'),
    'min_gap': Np_("policy", 'score points a mentor must be above its trainee'),
    'leader_min_score': Np_("policy", 'score from which a team is a leader'),
    'reserve_max_score': Np_("policy", 'score below which a team is a hidden reserve'),
    'band_margin': Np_("policy", 'half-width of the ambiguous band around each threshold where the optimiser chooses the role'),
    'max_km': Np_("policy", 'longest pair in km (when both schools have coordinates and the direction is not online); None = no limit'),
    'cross_municipality': Np_("policy", 'allow pairs across municipalities'),
    'unsupervised': Np_("policy", "a pair no curator of some kind may supervise (e.g. a district without a consultant): forbid = such needs are not covered; flag = the pair is planned and flagged as unsupervised"),
    'mixed_onsite_share': Np_("policy", "share of a mixed-mode direction's meetings held on site: that share of the distance counts as travel"),
    'strategy': Np_("policy", "narrow: keep last year's mentor and direction; wide: new mentors and directions"),
    'fairness': Np_("policy", 'first maximise the worst-covered direction or municipality, then the total'),
    'candidates_per_need': Np_("policy", 'top-k mentors per trainee need kept in the candidate graph'),
    'time_limit': Np_("policy", 'solver time limit in seconds'),
    'workers': Np_("policy", 'CP-SAT search workers'),
    'seed': Np_("policy", 'random seed: same input and seed, same plan'),
    'deficit_step': Np_("policy", "score points a team's self-assessment must rise in a year for its deficit to count as decreased (programme indicators)"),
    'weights.cover_hidden_reserve': Np_("policy", 'a covered need of a hidden-reserve team'),
    'weights.cover_promising': Np_("policy", 'a covered need of a promising team'),
    'weights.priority_low_results': Np_("policy", 'extra for covering a need of a low-results school'),
    'weights.priority_adverse': Np_("policy", 'extra for covering a need of a school in adverse conditions'),
    'weights.priority_new': Np_("policy", 'extra for covering a need of a new school (sensitive period)'),
    'weights.school_mentors': Np_("policy", 'each school that mentors in at least one direction'),
    'weights.gain': Np_("policy", 'per level step (or per 10 score points) between mentor and trainee'),
    'weights.same_kind': Np_("policy", 'mentor and trainee of the same kind'),
    'weights.same_settlement': Np_("policy", 'mentor and trainee both rural or both urban'),
    'weights.resilient_for_adverse': Np_("policy", 'a resilient mentor for a trainee in adverse conditions'),
    'weights.travel_per_10km': Np_("policy", 'penalty per 10 km between mentor and trainee'),
    'weights.mutual': Np_("policy", 'each mutual exchange (A mentors B in one direction, B mentors A in another)'),
    'weights.continuity': Np_("policy", "strategy bonus: narrow keeps last year's pair, wide takes a new mentor"),
    'weights.balance': Np_("policy", 'penalty per trainee team hosted by the most loaded school (evens out host load)'),
    'weights.curator_balance': Np_("policy", "penalty per percentage point of the limit used by the most loaded curator with a limit (evens out consultants' loads)"),
    'profile_low_quantile': Np_("policy", "results below this quantile of the schools' results index: low results (ШНОР)"),
    'profile_high_quantile': Np_("policy", 'results at or above this quantile: high results (may host a site)'),
    'profile_adverse_quantile': Np_("policy", 'social-disadvantage index at or above this quantile: adverse social conditions'),
    'profile_new_years': Np_("policy", 'a school is new in its first N years of work (the sensitive period, seed 000)'),
    'profile_min_schools': Np_("policy", 'fewest schools with a known value for a quantile threshold to be drawn'),
    'profile_clusters': Np_("policy", 'profile clusters (k of KMeans); None = chosen by silhouette'),
    'profile_max_clusters': Np_("policy", 'largest k tried when the clusters are chosen by silhouette'),
    'profile_hosts': Np_("policy", 'hard rule, with an indicators table: only schools the profile classes as high results or resilient mentor (host)'),
    'weights.profile_priority': Np_("policy", 'extra for covering a need of a school its indicators class as low results, at risk, crisis or new (first years)'),
    'weights.same_cluster': Np_("policy", 'mentor and trainee in the same profile cluster (both clustered)'),
    'weights.carried_need': Np_("policy", "extra for covering a need deferred in last year's plan (carried over from the history); above the other extras, so carried needs come first"),
    'shape': Np_("policy", 'programme shape: mutual (every school should mentor somewhere) or site_based (only sites host, low-results schools learn; each with its own audit principles)'),
    'one_site': Np_("policy", 'hard rule: a trainee school learns at one site (or site network) across all its directions'),
    'online_max_km': Np_("policy", 'longest online pair in km (both schools with coordinates); None = online pairs have no distance limit'),
    'online_same_municipality': Np_("policy", "keep online pairs within the trainee's municipality"),
    'weights.own_municipality': Np_("policy", "a mentor in the trainee's own municipality («своя площадка в районе»); empty = the shape's default (mutual 0, site_based 40)"),
    'weights.nearest_site': Np_("policy", "a mentor of the trainee's nearest site (or site network); empty = the shape's default (mutual 0, site_based 30)"),
    'weights.one_site': Np_("policy", "penalty per extra site (or site network) a trainee school learns at beyond one; empty = the shape's default (mutual 0, site_based 60)"),
}

_TEXT: dict[str, Any] = {
    "readme": Np_("template", 'README'),
    "title": Np_("template", 'Mutual internship network template (mentornet)'),
    "intro": (Np_("template", 'Fill in the sheets: schools, directions, curators and competences (the level or score of every school in every direction it takes part in).'), Np_("template", 'History and lock sheets may stay empty (headers only). Replace the example rows with your data.'), Np_("template", 'Column headers may be written in English or Russian; row 1 of every sheet holds the headers.'), Np_("template", "Lists (curators, directions, municipalities) are separated by ';'. An empty cell takes the default."), Np_("template", 'Check it with: mentornet audit THIS_FILE.xlsx — every problem is listed with its sheet, row and column.')),
    "columns": (Np_("template", 'Sheet'), Np_("template", 'Column'), Np_("template", 'Required'), Np_("template", 'Allowed values'), Np_("template", 'Default'), Np_("template", 'Description')),
    "yes": Np_("template", 'yes'),
    "either": Np_("template", 'score or level'),
    "meta_doc": ((Np_("template", 'name'), Np_("template", 'text'), Np_("template", 'file name'), Np_("template", "The network's name, shown in reports.")), (Np_("template", 'year'), Np_("template", 'year'), Np_("template", 'empty'), Np_("template", "The plan's school year."))),
    "policy_header": (Np_("template", 'key'), Np_("template", 'value'), Np_("template", 'description')),
    "meta": ((Np_("template", 'name'), Np_("template", 'Example internship network')), (Np_("template", 'year'), 2024)),
    "none": Np_("template", 'none'),
}


_WORDS: dict[str, str] = {
    "not_allowed": Np_("template", "Not allowed: {allowed}"),
    "whole": Np_("template", "whole number"),
    "number": Np_("template", "number"),
    "between": Np_("template", "{noun} {lo}..{hi}"),
}

# The example rows' ids and names (the example network reads naturally in each language).
_EXAMPLES: dict[str, str] = {
    "s1": Np_("template_example", "S1"),
    "s23": Np_("template_example", "S23"),
    "g7": Np_("template_example", "G7"),
    "muni": Np_("template_example", "Krymsky district"),
    "k1": Np_("template_example", "C1"),
    "k2": Np_("template_example", "C2"),
    "s1_name": Np_("template_example", "Secondary school No. 1"),
    "s23_name": Np_("template_example", "Basic school No. 23"),
    "g7_name": Np_("template_example", "Gymnasium No. 7"),
    "d1": Np_("template_example", "Quality of student preparation"),
    "d2": Np_("template_example", "School climate"),
    "k1_name": Np_("template_example", "Z. Reznik"),
    "k2_name": Np_("template_example", "Z. Volodina"),
    "site1": Np_("template_example", "P1"),
    "site1_name": Np_("template_example", "Regional internship site at Secondary school No. 1"),
}


def _policy_doc(key: str, description: str, lang: Lang) -> str:
    """A policy setting's description in ``lang`` (the model's English text when it has no entry)."""
    msgid = _POLICY_DOC.get(key, description)
    return pgettext(lang, _POLICY, msgid)


def _example(lang: Lang, msgid: str) -> str:
    return pgettext(lang, _EXAMPLE, msgid)


def _examples(lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """Example rows (canonical values) that make a small valid network."""
    x = lambda msgid: _example(lang, msgid)  # noqa: E731
    s1, s23, g7 = x(_EXAMPLES["s1"]), x(_EXAMPLES["s23"]), x(_EXAMPLES["g7"])
    muni = x(_EXAMPLES["muni"])
    k1, k2 = x(_EXAMPLES["k1"]), x(_EXAMPLES["k2"])
    return {
        "schools": [
            {"id": s1, "name": x(_EXAMPLES["s1_name"]), "municipality": muni, "kind": "secondary", "settlement": "urban",
             "lat": 44.93, "lon": 38.01, "results": "high", "adverse": 0, "is_new": False, "host_capacity": 6, "max_trainee_directions": 3},
            {"id": s23, "name": x(_EXAMPLES["s23_name"]), "municipality": muni, "kind": "basic", "settlement": "rural",
             "lat": 44.88, "lon": 37.92, "results": "low", "adverse": 0.6, "is_new": False, "host_capacity": 2},
            {"id": g7, "name": x(_EXAMPLES["g7_name"]), "municipality": muni, "kind": "gymnasium", "settlement": "urban",
             "lat": 44.95, "lon": 38.05, "results": "high", "adverse": 0, "is_new": True, "host_capacity": 4, "max_trainee_directions": 2},
        ],
        "directions": [
            {"id": "1", "name": x(_EXAMPLES["d1"]), "curators": (k1,), "mentor_cap": 4, "online": False,
             "audience": "heads", "format": "pair", "mode": "onsite"},
            {"id": "2", "name": x(_EXAMPLES["d2"]), "curators": (k2,), "online": True, "audience": "teachers", "mode": "online"},
        ],
        "curators": [
            {"id": k1, "name": x(_EXAMPLES["k1_name"]), "max_teams": 10, "directions": ("1",), "municipalities": (muni,)},
            {"id": k2, "name": x(_EXAMPLES["k2_name"]), "max_teams": 8, "directions": ("2",)},
        ],
        "competences": [
            {"school": s1, "direction": "1", "level": "leader"},
            {"school": s23, "direction": "1", "level": "hidden_reserve"},
            {"school": g7, "direction": "1", "level": "promising"},
            {"school": s1, "direction": "2", "score": 55},
            {"school": s23, "direction": "2", "score": 30},
            {"school": g7, "direction": "2", "score": 85},
        ],
        "history_roles": [{"year": 2023, "school": s23, "direction": "1", "role": "hidden_reserve"}],
        "history_pairs": [{"year": 2023, "mentor": s1, "trainee": s23, "direction": "1"}],
        "history_deferred": [{"year": 2023, "school": s23, "direction": "2"}],
        "locks_pairs": [{"mentor": s1, "trainee": s23, "direction": "1"}],
        "locks_forbidden": [{"mentor": g7, "trainee": s23}],
        "locks_roles": [{"school": g7, "direction": "2", "role": "leader"}],
        "sites": [{"id": x(_EXAMPLES["site1"]), "name": x(_EXAMPLES["site1_name"]), "schools": (s1,), "start_year": 2023,
                   "term_years": 3, "max_schools": 8, "max_pairs": 20}],
    }


def _t(lang: Lang, value: Any) -> Any:
    """A msgid (or a nested tuple of them) of this module in ``lang``; numbers as they are."""
    if isinstance(value, str):
        return pgettext(lang, _TEMPLATE, value) if value else value
    if isinstance(value, tuple):
        return tuple(_t(lang, v) for v in value)
    if isinstance(value, dict):
        return {k: _t(lang, v) for k, v in value.items()}
    return value


def _choices(kind: str, lang: Lang) -> tuple[str, ...]:
    return tuple(pgettext(lang, _INPUT_VALUE, v) for v in _CHOICES[kind])


def _word(kind: str, value: Any, lang: Lang) -> Any:
    """A canonical value as the planner writes it in ``lang``."""
    if value is None:
        return None
    if kind in _CANONICAL:
        return _choices(kind, lang)[_CANONICAL[kind].index(value)]
    if kind == "list":
        return "; ".join(value)
    return value


def _header(column: Column, lang: Lang) -> str:
    return column.ru if lang == "ru" else column.name


def _sheet_name(spec: TableSpec, lang: Lang) -> str:
    return spec.ru if lang == "ru" else spec.name


def _validate(ws: Worksheet, spec: TableSpec, lang: Lang, id_ranges: dict[str, str]) -> None:
    for j, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        area = f"{letter}2:{letter}{_LAST_ROW}"
        dv: DataValidation | None = None
        if column.kind in _CHOICES:
            dv = DataValidation(type="list", formula1='"' + ",".join(_choices(column.kind, lang)) + '"', allow_blank=True)
        elif column.kind == "ref" and column.name in id_ranges:
            # A drop-down of the ids typed on the schools / directions sheet.
            dv = DataValidation(type="list", formula1=id_ranges[column.name], allow_blank=True)
        elif (spec.name, column.name) in _RANGES:
            kind, low, high = _RANGES[(spec.name, column.name)]
            if high is None:
                dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=low, allow_blank=True)
            else:
                dv = DataValidation(type=kind, operator="between", formula1=low, formula2=high, allow_blank=True)
        if dv is None:
            continue
        allowed, _, description = _t(lang, _DOC[(spec.name, column.name)])
        dv.error = _t(lang, _WORDS["not_allowed"]).format(allowed=allowed)
        dv.errorTitle = _header(column, lang)
        dv.prompt = description
        dv.showErrorMessage = True
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(area)


def _readme(ws: Worksheet, lang: Lang, policy: Policy) -> None:
    text = _t(lang, _TEXT)
    ws.cell(row=1, column=1, value=text["title"]).font = Font(bold=True, size=14)
    row = 2
    for line in text["intro"]:
        ws.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    header_row = row
    for j, h in enumerate(text["columns"], start=1):
        ws.cell(row=row, column=j, value=h).font = Font(bold=True)
    row += 1
    for spec in TABLES:
        for column in spec.columns:
            allowed, default, description = _t(lang, _DOC[(spec.name, column.name)])
            if spec.name == "competences" and column.name in ("score", "level"):
                mark = text["either"]
            else:
                mark = text["yes"] if column.required else ""
            for j, value in enumerate((_sheet_name(spec, lang), _header(column, lang), mark, allowed, default, description), start=1):
                ws.cell(row=row, column=j, value=value)
            row += 1
    meta_sheet = META.ru if lang == "ru" else META.name
    for key, allowed, default, description in text["meta_doc"]:
        for j, value in enumerate((meta_sheet, key, "", allowed, default, description), start=1):
            ws.cell(row=row, column=j, value=value)
        row += 1
    policy_sheet = POLICY.ru if lang == "ru" else POLICY.name
    fields = policy_fields()
    for key, value, description in policy_rows(policy):
        model, name = fields[key]
        for j, cell in enumerate(
            (policy_sheet, key, "", _allowed(model, name, lang), _policy_shown(key, value, lang), _policy_doc(key, description, lang)),
            start=1,
        ):
            ws.cell(row=row, column=j, value=cell)
        row += 1
    for j, width in enumerate((22, 28, 12, 38, 18, 90), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    for cells in ws.iter_rows(min_row=header_row, max_row=row):
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 6)
    ws.freeze_panes = f"A{header_row + 1}"


def _allowed(model: type[BaseModel], name: str, lang: Lang) -> str:
    """Allowed values of a policy setting, from its type and constraints."""
    info = model.model_fields[name]
    args = typing.get_args(info.annotation)
    nullable = type(None) in args
    target = next(a for a in args if a is not type(None)) if nullable else info.annotation
    none = _t(lang, _TEXT["none"])
    off = f", {none}" if nullable else ""
    if target is bool:
        return ", ".join(_choices("bool", lang))
    if typing.get_origin(target) is Literal:
        return ", ".join(none if v == "none" else str(v) for v in typing.get_args(target)) + off
    whole = target is int
    lo: Any = None  # annotated_types bounds are "comparable", numbers here
    hi: Any = None
    strict = False
    for m in info.metadata:
        if isinstance(m, annotated_types.Ge):
            lo = m.ge
        elif isinstance(m, annotated_types.Gt):
            lo, strict = m.gt, True
        elif isinstance(m, annotated_types.Le):
            hi = m.le
    noun = _t(lang, _WORDS["whole" if whole else "number"])
    if lo is not None and hi is not None:
        return _t(lang, _WORDS["between"]).format(noun=noun, lo=f"{lo:g}", hi=f"{hi:g}") + off
    return f"{noun} {'>' if strict else '≥'} {lo:g}{off}" if lo is not None else f"{noun}{off}"


def _policy_shown(key: str, value: Any, lang: Lang) -> Any:
    if value == "none":
        return _t(lang, _TEXT["none"])
    if isinstance(value, bool):
        return _choices("bool", lang)[0 if value else 1]
    return value


def write_template(path: str | Path, lang: Lang = "ru", shape: str = "mutual") -> Path:
    """Write the input workbook a planner fills in.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write (overwritten if it exists).
    lang : {"ru", "en"}
        Language of sheet names, headers, example words and the instructions
        sheet (``инструкция`` / ``README``).
    shape : {"mutual", "site_based"}
        The programme shape written on the policy sheet (``Policy.shape``):
        mutual internships, or regional internship sites hosting
        low-results schools.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ValueError
        If ``lang`` is neither ``"ru"`` nor ``"en"`` or the path is not ``.xlsx``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected 'ru' or 'en'")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the template is an Excel workbook; expected a .xlsx path, got '{path.name}'")
    if shape not in SHAPES:
        raise ValueError(f"unknown programme shape {shape!r}; expected one of {', '.join(SHAPES)}")
    text = _t(lang, _TEXT)
    policy = Policy(shape=shape)
    book = Workbook()
    readme = book.active
    readme.title = text["readme"]
    _readme(readme, lang, policy)

    meta = book.create_sheet(META.ru if lang == "ru" else META.name)
    write_rows(meta, [_header(META.key, lang), _header(META.value, lang)], text["meta"])
    format_sheet(meta)

    id_ranges = {}
    for table, names in (("schools", ("school", "mentor", "trainee")), ("directions", ("direction",))):
        ref = f"={quote_sheetname(_sheet_name(next(t for t in TABLES if t.name == table), lang))}!$A$2:$A${_LAST_ROW}"
        id_ranges.update(dict.fromkeys(names, ref))

    examples = _examples(lang)
    rows: Sequence[Sequence[Any]]
    for spec in TABLES:
        ws = book.create_sheet(_sheet_name(spec, lang))
        rows = [[_word(c.kind, row.get(c.name), lang) for c in spec.columns] for row in examples[spec.name]]
        write_rows(ws, [_header(c, lang) for c in spec.columns], rows)
        format_sheet(ws, [max(len(_header(c, lang)), *(len(str(r[j])) for r in rows if r[j] is not None), 10) for j, c in enumerate(spec.columns)])
        _validate(ws, spec, lang, id_ranges)

    ws = book.create_sheet(POLICY.ru if lang == "ru" else POLICY.name)
    rows = [(key, _policy_shown(key, value, lang), _policy_doc(key, description, lang)) for key, value, description in policy_rows(policy)]
    write_rows(ws, text["policy_header"], rows)
    format_sheet(ws, [30, 14, 90])
    for i, (key, _, _) in enumerate(rows, start=2):
        if key == "cross_municipality":
            dv = DataValidation(type="list", formula1='"' + ",".join(_choices("bool", lang)) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"B{i}")
    path.parent.mkdir(parents=True, exist_ok=True)
    protect_workbook(book)
    book.save(path)
    return path


def template_sheet_names(lang: Lang = "ru") -> Sequence[str]:
    """The sheet names :func:`write_template` writes, in order."""
    text = _t(lang, _TEXT)
    return (text["readme"], META.ru if lang == "ru" else META.name, *(_sheet_name(t, lang) for t in TABLES), POLICY.ru if lang == "ru" else POLICY.name)
