"""Colours, shapes and words of the views, in one place.

The words are English msgids translated by the gettext catalogues
(:mod:`mentornet.i18n`); role and kind names are the shared terms.

Roles are ordinal (leader > promising > hidden reserve), so their colours
are one hue from dark to light; directions are categorical, so edges take a
fixed qualitative palette whose colours stay apart from the role greens and
from each other on white. The same colours serve the HTML view and the
matplotlib plots, so a planner reads one legend everywhere.
"""

from __future__ import annotations

from mentornet.i18n import LANGUAGES, pgettext, term
from mentornet.messages import Np_
from mentornet.model import Kind, Level

__all__ = [
    "DIRECTION_PALETTE",
    "KIND_SHAPES",
    "KIND_SYMBOLS",
    "LANGS",
    "LOW_RESULTS_BORDER",
    "NO_ROLE_COLOR",
    "ROLE_BORDERS",
    "ROLE_COLORS",
    "ROLE_SYMBOLS",
    "direction_color",
    "direction_colors",
    "kind_label",
    "role_label",
    "count_label",
    "text",
]

LANGS = LANGUAGES

ROLE_COLORS: dict[str, str] = {
    Level.leader.value: "#1b7837",
    Level.promising.value: "#7fbf7b",
    Level.hidden_reserve.value: "#d9f0d3",
}
# A darker rim keeps the lightest fill visible against a white page.
ROLE_BORDERS: dict[str, str] = {
    Level.leader.value: "#0b3d1b",
    Level.promising.value: "#3f7f3b",
    Level.hidden_reserve.value: "#6f9f69",
}
NO_ROLE_COLOR = "#bdbdbd"
# A sign per role beside the colour (WCAG 1.4.1: colour is never the only cue);
# the shapes are the schools' kinds, so the role goes into the label as a sign.
ROLE_SYMBOLS: dict[str, str] = {
    Level.leader.value: "★",
    Level.promising.value: "☆",
    Level.hidden_reserve.value: "○",
}
NO_ROLE_SYMBOL = "·"
LOW_RESULTS_BORDER = "#b2182b"

# Qualitative, readable on white, no green (greens are the roles), the most
# distinct first because most programmes have 5–8 directions.
DIRECTION_PALETTE: tuple[str, ...] = (
    "#1f77b4",  # blue
    "#ff7f0e",  # orange
    "#d62728",  # red
    "#9467bd",  # purple
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17becf",  # cyan
    "#7f7f7f",  # grey
    "#bcbd22",  # olive
    "#393b79",  # navy
    "#ad494a",  # brick
    "#843c39",  # maroon
)

# vis-network shapes whose label sits under the shape, so sizes can vary.
KIND_SHAPES: dict[str, str] = {
    Kind.basic.value: "triangle",
    Kind.secondary.value: "dot",
    Kind.gymnasium.value: "square",
    Kind.lyceum.value: "diamond",
}
KIND_SYMBOLS: dict[str, str] = {
    Kind.basic.value: "▲",
    Kind.secondary.value: "●",
    Kind.gymnasium.value: "■",
    Kind.lyceum.value: "◆",
}

# Role names in the plural (legend headings); the singular is the "level" term.
_ROLE_PLURALS: dict[str, str] = {
    "leader": Np_("roles_plural", 'Leaders'),
    "promising": Np_("roles_plural", 'Promising'),
    "hidden_reserve": Np_("roles_plural", 'Hidden reserves'),
    "": Np_("roles_plural", 'No role'),
}
_NO_ROLE = Np_("view", "no role")

# The views' words: key -> English msgid (gettext context "view").
_TEXT: dict[str, str] = {
    "title": Np_("view", 'Mutual internship network'),
    "title_table": Np_("view", 'School roles (table without pairs)'),
    "direction": Np_("view", 'Direction'),
    "municipality": Np_("view", 'Municipality'),
    "all_directions": Np_("view", 'All directions'),
    "all_municipalities": Np_("view", 'All municipalities'),
    "legend": Np_("view", 'Legend'),
    "roles": Np_("view", "School's strongest role"),
    "kinds": Np_("view", 'School kind'),
    "directions": Np_("view", 'Directions (link colour)'),
    "direction_list": Np_("view", 'Directions (pick one to see its roles)'),
    "low_results": Np_("view", 'dashed red outline — low-results school'),
    "size": Np_("view", 'size — trainee teams the school hosts'),
    "size_table": Np_("view", "size — trainee teams the school would host if each direction's leaders shared its trainees evenly"),
    "arrow": Np_("view", 'arrow: mentor → trainee'),
    "mentoring": Np_("view", 'mentoring'),
    "mutual": Np_("view", 'mutual exchanges'),
    "leads": Np_("view", 'Leads'),
    "mentors": Np_("view", 'Mentors'),
    "learns": Np_("view", 'Learns'),
    "from": Np_("view", 'from'),
    "no_mentor": Np_("view", 'no mentor assigned'),
    "deferred": Np_("view", 'Deferred'),
    "hosts": Np_("view", 'Hosts teams'),
    "of": Np_("view", 'of'),
    "results": Np_("view", 'results'),
    "results_high": Np_("view", 'high'),
    "results_normal": Np_("view", 'normal'),
    "results_low": Np_("view", 'low'),
    "adverse": Np_("view", 'adverse conditions'),
    "new_school": Np_("view", 'new school'),
    "curator": Np_("view", 'Curator'),
    "reason": Np_("view", 'Why'),
    "distance": Np_("view", 'Distance'),
    "km": Np_("view", 'km'),
    "mentor": Np_("view", 'Mentor'),
    "trainee": Np_("view", 'Trainee'),
    "nowhere": Np_("view", 'nowhere'),
    "hint": Np_("view", 'Hover a school or a link for details; mouse wheel zooms.'),
    "visible_pairs": Np_("view", 'pairs shown'),
    "plot_roles": Np_("view", 'Roles by direction'),
    "plot_needs": Np_("view", 'Trainee needs'),
    "teams": Np_("view", 'teams'),
    "covered": Np_("view", 'covered by a mentor'),
    "deferred_needs": Np_("view", 'deferred'),
    "uncovered": Np_("view", 'no mentor'),
    "table_covered": Np_("view", "within leaders' places"),
    "table_beyond": Np_("view", "beyond leaders' places"),
    "plot_load": Np_("view", 'Mentor load against capacity'),
    "load": Np_("view", 'teams hosted'),
    "capacity": Np_("view", 'capacity'),
    "top": Np_("view", 'top'),
    "by_ratio": Np_("view", 'by load'),
    "plot_compare": Np_("view", 'Programme goals: before and after'),
    "goal_schools_mentoring": Np_("view", 'Schools mentoring'),
    "goal_schools_involved": Np_("view", 'Schools taking part'),
    "goal_needs_covered": Np_("view", 'Needs covered'),
    "goal_weighted": Np_("view", 'Deficits covered (weighted)'),
    "goal_mutual": Np_("view", 'Mutual exchanges'),
    "goal_hubs": Np_("view", 'Overloaded hubs'),
    "before": Np_("view", 'before'),
    "after": Np_("view", 'after'),
    "table": Np_("view", 'hand-made table'),
    "plan": Np_("view", 'plan'),
    "n_a": Np_("view", 'n/a'),
    "total": Np_("view", 'total (100%)'),
    "table_note": Np_("view", "A hand-made table does not say who learns from whom: its needs are 'covered' at best — if each direction's leaders share its trainees evenly, up to the per-direction cap; hubs are overloaded when such a share exceeds their capacity; the table has no exchanges."),
}
_VIEW, _PLURALS = "view", "roles_plural"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGS)}")
    return lang


def count_label(n: int, noun: str, lang: str = "ru") -> str:
    """"34 школы", "66 пар", "1 school": a number with its noun in agreement (gettext plural forms)."""
    return term(_lang(lang), "count:" + noun, n)


def text(key: str, lang: str = "ru") -> str:
    """A word or phrase of the views in ``lang``."""
    return pgettext(_lang(lang), _VIEW, _TEXT[key])


def role_label(role: str | Level | None, lang: str = "ru", *, plural: bool = False) -> str:
    """A role's name for people; ``None`` or ``""`` is "no role"."""
    key = "" if not role else Level(role).value
    if plural:
        return pgettext(_lang(lang), _PLURALS, _ROLE_PLURALS[key])
    return pgettext(_lang(lang), _VIEW, _NO_ROLE) if not key else term(_lang(lang), "level", key)


def kind_label(kind: str | Kind, lang: str = "ru") -> str:
    """A school kind's name (ООШ / СОШ / гимназия / лицей, or in English)."""
    return term(_lang(lang), "kind", Kind(kind).value)


def direction_color(index: int) -> str:
    """The colour of the ``index``-th direction (the palette repeats past 12)."""
    return DIRECTION_PALETTE[index % len(DIRECTION_PALETTE)]


def direction_colors(direction_ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``{direction id: colour}`` in the network's direction order."""
    return {d: direction_color(i) for i, d in enumerate(direction_ids)}
