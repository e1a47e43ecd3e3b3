"""The domain model: what a planning problem and a plan are.

Pure data (pydantic, frozen where it can be), no I/O. The planning problem is
a :class:`Network` (schools, directions, curators, competences, history,
locks) together with a :class:`Policy` (limits, weights, strategy, solver
settings). A solver turns both into a :class:`Plan`. The semantics follow
``docs/design.md`` of the project: roles per (school, direction), mentor pairs,
deferred trainee needs, metrics and solver statistics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cache, cached_property
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mentornet.errors import InputError, Location, Problem
from mentornet.i18n import LANGUAGES, Message, render_all
from mentornet.names import Suggester, UnknownValueError, did_you_mean

__all__ = [
    "MAX_CANDIDATES",
    "MAX_KM",
    "MAX_SEED",
    "MAX_TEAMS",
    "MAX_TIME_LIMIT",
    "MAX_WEIGHT",
    "GOALS_OF_ATTRIBUTE",
    "MAX_WORKERS",
    "OPTIONAL_ATTRIBUTES",
    "POLICY_SOURCES",
    "Alternate",
    "AlternateMentor",
    "Audience",
    "Competence",
    "Curator",
    "Deferred",
    "Direction",
    "Format",
    "History",
    "HistoryPair",
    "HistoryNeed",
    "HistoryRole",
    "Indicators",
    "Kind",
    "JournalEntry",
    "Level",
    "Locks",
    "Mode",
    "Network",
    "Outcome",
    "Pair",
    "PairLock",
    "Plan",
    "Policy",
    "Results",
    "RoleAssignment",
    "RoleLock",
    "School",
    "Settlement",
    "SHAPES",
    "SHAPE_WEIGHTS",
    "SITE_TERM_YEARS",
    "Site",
    "SolverStats",
    "Weights",
    "YearOutcomes",
    "facts_messages",
    "merge_policy",
    "missing_facts",
    "parse_level",
    "policy_given",
    "policy_record",
]


# ---------------------------------------------------------------- enums


class Level(StrEnum):
    """A team's level (and role) in one direction, strongest first."""

    leader = "leader"
    promising = "promising"
    hidden_reserve = "hidden_reserve"

    @property
    def rank(self) -> int:
        """2 for a leader, 1 for a promising team, 0 for a hidden reserve."""
        return _RANK[self]

    @property
    def is_trainee(self) -> bool:
        """Promising teams and hidden reserves are mentored; leaders are not."""
        return self is not Level.leader

    @property
    def may_mentor(self) -> bool:
        """Leaders mentor; promising teams mentor hidden reserves (cascade)."""
        return self is not Level.hidden_reserve


_RANK = {Level.leader: 2, Level.promising: 1, Level.hidden_reserve: 0}

# Words planners write for each level, in Russian and English; matched after
# lower-casing and folding 'ё' and dashes, so "Команды-лидеры" and "лидер" work.
LEVEL_WORDS: dict[Level, tuple[str, ...]] = {
    Level.leader: (
        "leader", "leaders", "leading", "лидер", "лидеры", "команда-лидер",
        "команды-лидеры", "команды лидеры", "команда лидер",
    ),
    Level.promising: (
        "promising", "подающие надежды", "подающая надежды", "подающий надежды",
        "команды, подающие надежды", "команды подающие надежды",
        "команды - подающие надежды", "команда, подающая надежды", "перспективная",
    ),
    Level.hidden_reserve: (
        "hidden_reserve", "hidden reserve", "hidden reserves", "reserve",
        "скрытый резерв", "скрытые резервы", "скрытых резервов", "команды скрытых резервов",
        "команда скрытого резерва", "резерв",
    ),
}


def _fold(text: str) -> str:
    text = str(text).strip().lower().replace("ё", "е")
    for dash in ("–", "—", "‑"):
        text = text.replace(dash, "-")
    return " ".join(text.replace("_", " ").split())


_LEVEL_LOOKUP = {_fold(w): lvl for lvl, words in LEVEL_WORDS.items() for w in words}
# A typo is answered with the level's own word in the typo's script:
# 'leadr' → leader, «скрытый резер» → скрытый резерв.
_LEVEL_RU = {Level.leader: "лидер", Level.promising: "подающие надежды", Level.hidden_reserve: "скрытый резерв"}


@cache
def _level_hints() -> Suggester:
    return Suggester({
        w: (_LEVEL_RU[lvl] if any("а" <= ch <= "я" for ch in _fold(w)) else lvl.value)
        for lvl, words in LEVEL_WORDS.items() for w in words
    })


def _level_suggestions(text: str) -> list[str]:
    return _level_hints().suggest(text)


def parse_level(text: str | Level) -> Level:
    """Read a level written in English or Russian.

    Parameters
    ----------
    text : str or Level
        ``"leader"``, ``"команды-лидеры"``, ``"подающие надежды"``,
        ``"hidden reserve"``, ``"скрытый резерв"``…

    Returns
    -------
    Level

    Raises
    ------
    UnknownValueError
        A ValueError: the word is not a level; the message lists the
        accepted words and the closest ones (also in ``suggestions``).
    """
    if isinstance(text, Level):
        return text
    folded = _fold(text)
    if folded in _LEVEL_LOOKUP:
        return _LEVEL_LOOKUP[folded]
    folded = folded.replace("-", " ")
    for word, lvl in _LEVEL_LOOKUP.items():
        if folded == word.replace("-", " "):
            return lvl
    suggestions = _level_suggestions(str(text))
    raise UnknownValueError(
        f"'{text}' is not a level; expected one of leader / promising / hidden_reserve "
        "(or лидер / подающие надежды / скрытый резерв)" + did_you_mean(suggestions),
        suggestions,
    )


class Kind(StrEnum):
    """School kind: ООШ / СОШ / гимназия / лицей."""

    basic = "basic"
    secondary = "secondary"
    gymnasium = "gymnasium"
    lyceum = "lyceum"


class Settlement(StrEnum):
    rural = "rural"
    urban = "urban"


class Results(StrEnum):
    high = "high"
    normal = "normal"
    low = "low"


class Audience(StrEnum):
    """Who learns in a direction: teachers («учитель — учитель») or heads («руководитель — руководители»)."""

    teachers = "teachers"
    heads = "heads"


class Format(StrEnum):
    """How a mentor works in a direction: separate pairs, or one group of its trainee teams."""

    pair = "pair"
    group = "group"


class Mode(StrEnum):
    """Where a direction's meetings happen: online, on site, or mixed (some on site)."""

    online = "online"
    onsite = "onsite"
    mixed = "mixed"


# ---------------------------------------------------------------- network

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

#: Upper bounds of every count in the model and the policy: far above any
#: real network, low enough that no sum or product overflows the solvers'
#: 64-bit integers (a bound is part of each field's documented range).
MAX_TEAMS = 10_000
#: Largest weight of a soft goal in the objective.
MAX_WEIGHT = 1_000_000
#: Longest distance limit in km (half the Earth's circumference).
MAX_KM = 20_038.0
#: Longest solver time limit in seconds (a day).
MAX_TIME_LIMIT = 86_400.0
#: Most CP-SAT search workers.
MAX_WORKERS = 64
#: Most mentors kept per trainee need in the candidate graph.
MAX_CANDIDATES = 10_000
#: Seeds are 32-bit signed integers (CP-SAT's ``random_seed``).
MAX_SEED = 2**31 - 1


#: School attributes an input may leave out; left out, they stay ``None`` (unknown).
OPTIONAL_ATTRIBUTES: tuple[str, ...] = ("kind", "settlement", "results", "adverse", "is_new", "lat", "lon")


class _CachedLookups(BaseModel):
    """A frozen model whose lookups are ``cached_property`` values: a copy with changed fields drops them.

    pydantic's ``model_copy`` copies the instance dict, where the cached
    values live, so a network copied with other curators would go on
    answering from the old ones (limits, scopes).
    """

    model_config = ConfigDict(frozen=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        if update:
            for name in _cached_names(type(self)):
                copied.__dict__.pop(name, None)
        return copied


@cache
def _cached_names(cls: type) -> tuple[str, ...]:
    return tuple(n for klass in cls.__mro__ for n, v in vars(klass).items() if isinstance(v, cached_property))


class School(BaseModel):
    """One school (its management team takes part in the programme).

    ``host_capacity`` and ``max_trainee_directions`` left empty take the
    policy's defaults. ``adverse`` is an index 0..1 of adverse social
    conditions (``True``/``False`` are read as 1/0).

    ``kind``, ``settlement``, ``results``, ``adverse``, ``is_new`` and the
    coordinates are ``None`` when the input does not give them: an unknown
    fact is never replaced by a default, so no goal scores it and no text
    states it (see :data:`OPTIONAL_ATTRIBUTES`).
    """

    model_config = _FROZEN

    id: str = Field(min_length=1)
    name: str = ""
    municipality: str = ""
    kind: Kind | None = None
    settlement: Settlement | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    results: Results | None = None
    adverse: float | None = Field(default=None, ge=0, le=1)
    is_new: bool | None = None
    host_capacity: int | None = Field(default=None, ge=0, le=MAX_TEAMS)
    max_trainee_directions: int | None = Field(default=None, ge=0, le=MAX_TEAMS)

    @field_validator("adverse", mode="before")
    @classmethod
    def _adverse_bool(cls, v: Any) -> Any:
        if isinstance(v, bool):
            return 1.0 if v else 0.0
        return v

    @model_validator(mode="after")
    def _default_name(self) -> School:
        if not self.name:
            object.__setattr__(self, "name", self.id)
        return self

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def is_adverse(self) -> bool:
        """Adverse social conditions known: index at or above one half (unknown is not adverse)."""
        return self.adverse is not None and self.adverse >= 0.5

    @property
    def is_resilient(self) -> bool:
        """High results in adverse social conditions (резильентная школа), both known."""
        return self.results is Results.high and self.is_adverse

    @property
    def is_priority(self) -> bool:
        """Known low results, adverse conditions or a new school: served first."""
        return self.results is Results.low or self.is_adverse or bool(self.is_new)

    def unknown(self) -> tuple[str, ...]:
        """The optional attributes (:data:`OPTIONAL_ATTRIBUTES`) this school's input did not give."""
        return tuple(a for a in OPTIONAL_ATTRIBUTES if getattr(self, a) is None)


class Direction(BaseModel):
    """An internship direction; ``mentor_cap`` overrides the policy's cap.

    ``audience`` (teachers / heads), ``format`` (pair / group) and ``mode``
    (online / onsite / mixed) are None when the input does not say.
    ``mode`` online and ``online`` agree (either sets the other); a mixed
    direction keeps distance limits (its on-site part needs travel) and
    counts the policy's ``mixed_onsite_share`` of the distance as travel.
    In a ``group`` direction a mentor's trainee teams form one group of
    at most ``group_max`` (it replaces the cap per mentor) and, when the
    group runs at all, at least ``group_min`` teams.
    """

    model_config = _FROZEN

    id: str = Field(min_length=1)
    name: str = ""
    curators: tuple[str, ...] = ()
    mentor_cap: int | None = Field(default=None, ge=0, le=MAX_TEAMS)
    online: bool = False
    audience: Audience | None = None
    format: Format | None = None
    mode: Mode | None = None
    group_min: int | None = Field(default=None, ge=1, le=MAX_TEAMS)
    group_max: int | None = Field(default=None, ge=1, le=MAX_TEAMS)

    @model_validator(mode="after")
    def _format_and_mode(self) -> Direction:
        if self.online and self.mode in (Mode.onsite, Mode.mixed):
            raise ValueError(f"online contradicts mode '{Mode(self.mode).value}'")
        if self.mode == Mode.online and not self.online:
            object.__setattr__(self, "online", True)
        if (self.group_min is not None or self.group_max is not None) and self.format != Format.group:
            raise ValueError("group_min and group_max apply to the group format only")
        if self.group_min is not None and self.group_max is not None and self.group_min > self.group_max:
            raise ValueError(f"group_min {self.group_min} is above group_max {self.group_max}")
        return self

    @property
    def is_mixed(self) -> bool:
        """Some meetings online, some on site: distance limits apply, travel counts in part."""
        return self.mode == Mode.mixed

    @property
    def min_group(self) -> int:
        """Trainee teams a mentor's group needs to run (1 outside the group format)."""
        return self.group_min if self.format == Format.group and self.group_min is not None else 1

    @property
    def label(self) -> str:
        return self.name or self.id


class Curator(BaseModel):
    """A curator (or scientific consultant) supervising trainee teams.

    The scope is the directions and/or municipalities the curator covers;
    an empty scope part means "any". ``max_teams`` (pairs) and
    ``max_schools`` (distinct trainee schools) empty mean no limit.
    ``kind`` (e.g. «научный консультант», «куратор школы») groups curators:
    every pair has one curator of each kind the network has.
    """

    model_config = _FROZEN

    id: str = Field(min_length=1)
    name: str = ""
    max_teams: int | None = Field(default=None, ge=0, le=MAX_TEAMS)
    directions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    kind: str | None = None
    max_schools: int | None = Field(default=None, ge=0, le=MAX_TEAMS)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def kind_key(self) -> str:
        """The kind as a key: ``""`` for a curator whose kind the input does not give."""
        return self.kind or ""

    @property
    def limited(self) -> bool:
        """Whether any limit (pairs or schools) is given."""
        return self.max_teams is not None or self.max_schools is not None


#: Default length of a site's status in years: "на срок до трех лет" (seed 002).
SITE_TERM_YEARS = 3


class Site(BaseModel):
    """A regional internship site (стажировочная площадка) as an entity.

    A site is one school or a network of schools (``schools``) that host
    together and share the site's capacity: ``max_schools`` trainee schools
    and ``max_pairs`` trainee teams (pairs) a year, each empty for no limit.
    Its status runs ``term_years`` years from ``start_year`` (seed 002: up to
    three years); ``start_year`` empty means unknown, and then no term is
    reported.
    """

    model_config = _FROZEN

    id: str = Field(min_length=1)
    name: str = ""
    schools: tuple[str, ...] = Field(min_length=1)
    start_year: int | None = Field(default=None, ge=1900, le=2200)
    term_years: int = Field(default=SITE_TERM_YEARS, ge=1, le=100)
    max_schools: int | None = Field(default=None, ge=0, le=MAX_TEAMS)
    max_pairs: int | None = Field(default=None, ge=0, le=MAX_TEAMS)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def last_year(self) -> int | None:
        """The last year of the status (``start_year + term_years - 1``), or None when the start is unknown."""
        return None if self.start_year is None else self.start_year + self.term_years - 1

    def term_ends_in(self, year: int | None) -> bool:
        """Whether the status ends in ``year`` (False when either is unknown)."""
        return year is not None and self.last_year == year


class Competence(BaseModel):
    """A school's competence in a direction: a score 0..100 and/or a level.

    A level is the planners' assessment and fixes the role; a score leaves
    the role to the policy's bands.
    """

    model_config = _FROZEN

    school: str
    direction: str
    score: float | None = Field(default=None, ge=0, le=100)
    level: Level | None = None

    @field_validator("level", mode="before")
    @classmethod
    def _parse_level(cls, v: Any) -> Any:
        if v is None or isinstance(v, Level):
            return v
        if isinstance(v, str) and not v.strip():
            return None
        return parse_level(v)

    @model_validator(mode="after")
    def _one_of(self) -> Competence:
        if self.score is None and self.level is None:
            raise ValueError("a competence needs a score (0..100) or a level")
        return self


class HistoryPair(BaseModel):
    model_config = _FROZEN
    year: int
    mentor: str
    trainee: str
    direction: str


class HistoryRole(BaseModel):
    model_config = _FROZEN
    year: int
    school: str
    direction: str
    role: Level

    @field_validator("role", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        return parse_level(v)


class HistoryNeed(BaseModel):
    """A trainee need deferred in an earlier year's plan (carried into the next)."""

    model_config = _FROZEN
    year: int
    school: str
    direction: str


class History(BaseModel):
    """Earlier years' roles, pairs and deferred needs, for continuity, rotation and carry-over."""

    model_config = _FROZEN
    roles: tuple[HistoryRole, ...] = ()
    pairs: tuple[HistoryPair, ...] = ()
    deferred: tuple[HistoryNeed, ...] = ()

    @property
    def last_year(self) -> int | None:
        years = [r.year for r in self.roles] + [p.year for p in self.pairs] + [n.year for n in self.deferred]
        return max(years) if years else None

    @property
    def is_empty(self) -> bool:
        return not (self.roles or self.pairs or self.deferred)

    @property
    def carried_needs(self) -> dict[tuple[str, str], int]:
        """``(school, direction) -> year`` of the needs deferred in the latest year: next year's priority."""
        last = self.last_year
        return {(n.school, n.direction): n.year for n in self.deferred if n.year == last}


class PairLock(BaseModel):
    """A pair fixed (kept) or forbidden; a forbid without direction covers all."""

    model_config = _FROZEN
    mentor: str
    trainee: str
    direction: str | None = None


class RoleLock(BaseModel):
    """A role fixed for a school in a direction (e.g. a designated site)."""

    model_config = _FROZEN
    school: str
    direction: str
    role: Level

    @field_validator("role", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        return parse_level(v)


class Locks(BaseModel):
    model_config = _FROZEN
    pairs: tuple[PairLock, ...] = ()
    forbidden: tuple[PairLock, ...] = ()
    roles: tuple[RoleLock, ...] = ()


Locator = Callable[[str, int, str], Location]


#: Earliest and latest opening year an indicators row may give.
MIN_YEAR, MAX_YEAR = 1700, 2200
#: Most pupils or staff one school may have in an indicators row.
MAX_HEADCOUNT = 1_000_000


class Indicators(BaseModel):
    """One school's indicators (seeds 004 and 000): results, social conditions, contingent, staff, age.

    Every value is optional and ``None`` when the input leaves it out: an
    unknown value is never defaulted, never classified and never clustered.
    ``results`` is a results index on the input's own scale (higher is
    better); ``subjects`` holds results per subject (``{"математика":
    61.5}``), and when ``results`` is missing their mean stands for it
    (:attr:`results_index`). ``adversity`` is a social-conditions index on
    the input's own scale, **higher meaning more adverse** (an index of
    social disadvantage). ``pupils`` is the contingent, ``staff`` the
    teaching staff, ``opened`` the year the school opened (or reopened
    after renovation).
    """

    model_config = _FROZEN

    school: str = Field(min_length=1)
    results: float | None = None
    subjects: dict[str, float] = Field(default_factory=dict)
    adversity: float | None = None
    pupils: int | None = Field(default=None, ge=0, le=MAX_HEADCOUNT)
    staff: int | None = Field(default=None, ge=0, le=MAX_HEADCOUNT)
    opened: int | None = Field(default=None, ge=MIN_YEAR, le=MAX_YEAR)

    @property
    def results_index(self) -> float | None:
        """``results`` when given, else the mean of the subject results, else ``None``."""
        if self.results is not None:
            return self.results
        if self.subjects:
            return sum(self.subjects.values()) / len(self.subjects)
        return None


def _default_locator(table: str, index: int, field: str) -> Location:
    return Location(field=f"{table}[{index}].{field}")


class Network(_CachedLookups):
    """The input of planning: who takes part, in what, at which level.

    Construction validates every cross-reference (unknown ids, duplicate
    ids, duplicate competences) and raises :class:`~mentornet.errors.InputError`
    listing all problems together. Readers in :mod:`mentornet.io` call
    :meth:`problems` with a locator that maps rows back to file positions.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "network"
    year: int | None = None
    schools: tuple[School, ...]
    directions: tuple[Direction, ...]
    curators: tuple[Curator, ...] = ()
    competences: tuple[Competence, ...]
    history: History = History()
    locks: Locks = Locks()
    sites: tuple[Site, ...] = ()
    #: Per-school indicators (optional table ``indicators``): what ``mentornet profile`` classifies.
    indicators: tuple[Indicators, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Network:
        found = self.problems()
        if found:
            raise InputError(found)
        return self

    def problems(self, locate: Locator = _default_locator) -> list[Problem]:
        """Every broken cross-reference, each at its place.

        Parameters
        ----------
        locate : callable, optional
            ``locate(table, index, field) -> Location``, where ``table`` is
            ``schools``, ``directions``, ``curators``, ``competences``,
            ``history.roles``, ``history.pairs``, ``locks.pairs``,
            ``locks.forbidden``, ``locks.roles`` or ``sites``.
        """
        out: list[Problem] = []
        if not self.schools:
            out.append(Problem.coded(Location(field="schools"), "network.no_schools"))
        if not self.directions:
            out.append(Problem.coded(Location(field="directions"), "network.no_directions"))
        id_tables: tuple[tuple[str, Sequence[School | Direction | Curator | Site]], ...] = (
            ("schools", self.schools), ("directions", self.directions), ("curators", self.curators), ("sites", self.sites)
        )
        for table, items in id_tables:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    out.append(Problem.coded(locate(table, i, "id"), "network.duplicate_id", {"first": locate(table, seen[item.id], "id")}, id=item.id))
                else:
                    seen[item.id] = i
        schools = {s.id for s in self.schools}
        directions = {d.id for d in self.directions}
        curators = {c.id for c in self.curators}
        munis = {s.municipality for s in self.schools}
        # What an unknown id may have meant: ids and names (a name stands for its id).
        labels = {
            "school": {s.id: s.name for s in self.schools if s.name},
            "direction": {d.id: d.name for d in self.directions if d.name},
            "curator": {c.id: c.name for c in self.curators if c.name},
        }
        hints: dict[str, Suggester] = {}

        def hint(what: str, value: str) -> tuple[str, ...]:
            if what not in hints:
                if what == "municipality":
                    hints[what] = Suggester(sorted(m for m in munis if m))
                else:
                    ids = {"school": schools, "direction": directions, "curator": curators}[what]
                    hints[what] = Suggester({**{name: i for i, name in labels[what].items()}, **{i: i for i in ids}})
            return tuple(hints[what].suggest(value))

        def unknown(where: Location, what: str, typed: str, code: str, **params: Any) -> None:
            out.append(Problem.coded(where, code, suggestions=hint(what, typed), suggestion_labels=labels.get(what), **params))

        def need(table: str, i: int, field: str, value: str | None, known: set[str], what: str) -> None:
            if value is not None and value not in known:
                unknown(locate(table, i, field), what, value, f"network.unknown_{what}", value=value)

        for i, d in enumerate(self.directions):
            for c in d.curators:
                need("directions", i, "curators", c, curators, "curator")
        for i, cur in enumerate(self.curators):
            for d_id in cur.directions:
                need("curators", i, "directions", d_id, directions, "direction")
            for m in cur.municipalities:
                if m not in munis:
                    unknown(locate("curators", i, "municipalities"), "municipality", m, "network.no_school_in_municipality", municipality=m)
        seen_comp: dict[tuple[str, str], int] = {}
        for i, comp in enumerate(self.competences):
            need("competences", i, "school", comp.school, schools, "school")
            need("competences", i, "direction", comp.direction, directions, "direction")
            key = (comp.school, comp.direction)
            if key in seen_comp:
                out.append(Problem.coded(
                    locate("competences", i, "school"), "network.duplicate_competence",
                    {"first": locate("competences", seen_comp[key], "school")}, school=comp.school, direction=comp.direction,
                ))
            else:
                seen_comp[key] = i
        pair_tables: tuple[tuple[str, Sequence[HistoryPair | PairLock]], ...] = (
            ("history.pairs", self.history.pairs), ("locks.pairs", self.locks.pairs), ("locks.forbidden", self.locks.forbidden)
        )
        for table, pair_items in pair_tables:
            for i, p in enumerate(pair_items):
                need(table, i, "mentor", p.mentor, schools, "school")
                need(table, i, "trainee", p.trainee, schools, "school")
                need(table, i, "direction", p.direction, directions, "direction")
                if p.mentor == p.trainee:
                    out.append(Problem.coded(locate(table, i, "trainee"), "network.self_mentoring", school=p.mentor))
        role_tables: tuple[tuple[str, Sequence[HistoryRole | HistoryNeed | RoleLock]], ...] = (
            ("history.roles", self.history.roles), ("history.deferred", self.history.deferred), ("locks.roles", self.locks.roles)
        )
        for table, role_items in role_tables:
            for i, r in enumerate(role_items):
                need(table, i, "school", r.school, schools, "school")
                need(table, i, "direction", r.direction, directions, "direction")
        for i, p in enumerate(self.locks.pairs):
            known = p.mentor in schools and p.trainee in schools and p.direction in directions
            if known and ((p.mentor, p.direction) not in seen_comp or (p.trainee, p.direction) not in seen_comp):
                out.append(Problem.coded(
                    locate("locks.pairs", i, "direction"), "network.locked_pair_outside",
                    mentor=p.mentor, trainee=p.trainee, direction=p.direction,
                ))
            if p.direction is None:
                out.append(Problem.coded(locate("locks.pairs", i, "direction"), "network.kept_pair_without_direction"))
        member_of: dict[str, int] = {}
        for i, site in enumerate(self.sites):
            for sid in site.schools:
                need("sites", i, "schools", sid, schools, "school")
                if sid in member_of and member_of[sid] != i:
                    out.append(Problem.coded(
                        locate("sites", i, "schools"), "network.school_in_two_sites",
                        {"first": locate("sites", member_of[sid], "schools")}, school=sid,
                    ))
                else:
                    member_of.setdefault(sid, i)
        seen_ind: dict[str, int] = {}
        for i, ind in enumerate(self.indicators):
            need("indicators", i, "school", ind.school, schools, "school")
            if ind.school in seen_ind:
                out.append(Problem.coded(
                    locate("indicators", i, "school"), "network.duplicate_indicators",
                    {"first": locate("indicators", seen_ind[ind.school], "school")}, school=ind.school,
                ))
            else:
                seen_ind[ind.school] = i
        for i, r in enumerate(self.locks.roles):
            if (r.school, r.direction) not in seen_comp and r.school in schools and r.direction in directions:
                out.append(Problem.coded(
                    locate("locks.roles", i, "school"), "network.role_lock_outside", school=r.school, direction=r.direction,
                ))
        return out

    # -- lookups (cached; the model is frozen) -----------------------------

    @cached_property
    def school_by_id(self) -> dict[str, School]:
        return {s.id: s for s in self.schools}

    @cached_property
    def direction_by_id(self) -> dict[str, Direction]:
        return {d.id: d for d in self.directions}

    @cached_property
    def curator_by_id(self) -> dict[str, Curator]:
        return {c.id: c for c in self.curators}

    @cached_property
    def site_by_id(self) -> dict[str, Site]:
        return {s.id: s for s in self.sites}

    @cached_property
    def site_of(self) -> dict[str, str]:
        """``school -> site id`` for every member school of a site."""
        return {sid: site.id for site in self.sites for sid in site.schools}

    def site_group(self, school: str) -> str:
        """The site (or site network) a school hosts for: its site's id, or the school itself when it is in no site."""
        return self.site_of.get(school, school)

    @cached_property
    def indicators_of(self) -> dict[str, Indicators]:
        """``school -> Indicators`` (schools without a row are absent)."""
        return {i.school: i for i in self.indicators}

    @cached_property
    def competence_of(self) -> dict[tuple[str, str], Competence]:
        """``(school, direction) -> Competence``."""
        return {(c.school, c.direction): c for c in self.competences}

    @property
    def level_only(self) -> bool:
        """True when every competence has a level (the Krymsky shape)."""
        return all(c.level is not None for c in self.competences)

    @cached_property
    def history_pair_keys(self) -> frozenset[tuple[str, str, str]]:
        """``(mentor, trainee, direction)`` of every pair in the history."""
        return frozenset((p.mentor, p.trainee, p.direction) for p in self.history.pairs)

    @cached_property
    def history_learnt_keys(self) -> frozenset[tuple[str, str]]:
        """``(school, direction)`` where a school learnt in some earlier year."""
        learnt = {(p.trainee, p.direction) for p in self.history.pairs}
        learnt |= {(r.school, r.direction) for r in self.history.roles if r.role is not Level.leader}
        return frozenset(learnt)

    @cached_property
    def curator_kinds(self) -> tuple[str, ...]:
        """The curator kinds of the network (``""`` for curators without a kind), in input order."""
        return tuple(dict.fromkeys(c.kind_key for c in self.curators))

    @cached_property
    def listed_curators(self) -> frozenset[str]:
        """Curators named by at least one direction."""
        return frozenset(c for d in self.directions for c in d.curators)

    def curator_may_supervise(self, curator: str, direction: str, trainee: str) -> bool:
        """Whether a curator's scope covers a trainee team in a direction.

        A curator covers a direction when the direction lists them, when
        their own ``directions`` include it, or when they have no direction
        scope at all (and no direction lists them): a district consultant.
        Their ``municipalities``, when given, must include the trainee's.
        """
        c = self.curator_by_id[curator]
        d = self.direction_by_id[direction]
        if curator in d.curators or direction in c.directions:
            dir_ok = True
        else:
            dir_ok = not c.directions and curator not in self.listed_curators
        muni_ok = not c.municipalities or self.school_by_id[trainee].municipality in c.municipalities
        return dir_ok and muni_ok

    def curators_in_scope(self, direction: str, trainee: str) -> tuple[Curator, ...]:
        """The curators who may supervise a trainee team in a direction (:meth:`curator_may_supervise`), in input order.

        Remembered per direction and municipality (all a scope reads of the
        trainee): a region's plan asks for thousands of teams.
        """
        school = self.school_by_id.get(trainee)
        key = (direction, None if school is None else school.municipality)
        scope = self._curator_scopes.get(key)
        if scope is None:
            scope = self._curator_scopes[key] = tuple(c for c in self.curators if self.curator_may_supervise(c.id, direction, trainee))
        return scope

    @cached_property
    def _curator_scopes(self) -> dict[tuple[str, str | None], tuple[Curator, ...]]:
        return {}

    def municipalities(self) -> list[str]:
        return sorted({s.municipality for s in self.schools})

    def with_changes(self, **changes: Any) -> Network:
        """A new, re-validated network with some fields replaced."""
        data = {k: getattr(self, k) for k in type(self).model_fields}
        data.update(changes)
        return type(self)(**data)


# ---------------------------------------------------------------- policy


class Weights(BaseModel):
    """Weights of the soft goals in the objective (integers from 0 to :data:`MAX_WEIGHT`).

    The objective is maximised. Defaults put coverage of deficits first,
    then "every school mentors somewhere", then pair quality.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    cover_hidden_reserve: int = Field(100, ge=0, le=MAX_WEIGHT, description="a covered need of a hidden-reserve team")
    cover_promising: int = Field(60, ge=0, le=MAX_WEIGHT, description="a covered need of a promising team")
    priority_low_results: int = Field(30, ge=0, le=MAX_WEIGHT, description="extra for covering a need of a low-results school")
    priority_adverse: int = Field(20, ge=0, le=MAX_WEIGHT, description="extra for covering a need of a school in adverse conditions")
    priority_new: int = Field(20, ge=0, le=MAX_WEIGHT, description="extra for covering a need of a new school (sensitive period)")
    school_mentors: int = Field(80, ge=0, le=MAX_WEIGHT, description="each school that mentors in at least one direction")
    gain: int = Field(2, ge=0, le=MAX_WEIGHT, description="per level step (or per 10 score points) between mentor and trainee")
    same_kind: int = Field(4, ge=0, le=MAX_WEIGHT, description="mentor and trainee of the same kind")
    same_settlement: int = Field(4, ge=0, le=MAX_WEIGHT, description="mentor and trainee both rural or both urban")
    resilient_for_adverse: int = Field(8, ge=0, le=MAX_WEIGHT, description="a resilient mentor for a trainee in adverse conditions")
    travel_per_10km: int = Field(1, ge=0, le=MAX_WEIGHT, description="penalty per 10 km between mentor and trainee")
    mutual: int = Field(10, ge=0, le=MAX_WEIGHT, description="each mutual exchange (A mentors B in one direction, B mentors A in another)")
    continuity: int = Field(15, ge=0, le=MAX_WEIGHT, description="strategy bonus: narrow keeps last year's pair, wide takes a new mentor")
    balance: int = Field(3, ge=0, le=MAX_WEIGHT, description="penalty per trainee team hosted by the most loaded school (evens out host load)")
    curator_balance: int = Field(1, ge=0, le=MAX_WEIGHT, description="penalty per percentage point of the limit used by the most loaded curator with a limit (evens out consultants' loads)")
    profile_priority: int = Field(30, ge=0, le=MAX_WEIGHT, description="extra for covering a need of a school its indicators class as low results, at risk, crisis or new (first years)")
    same_cluster: int = Field(4, ge=0, le=MAX_WEIGHT, description="mentor and trainee in the same profile cluster (both clustered)")
    carried_need: int = Field(120, ge=0, le=MAX_WEIGHT, description="extra for covering a need deferred in last year's plan (carried over from the history); above the other extras, so carried needs come first")
    # Locality goals of the site-based shape (issue 14). Empty = the programme
    # shape's default (SHAPE_WEIGHTS): 0 for mutual internships, so that the
    # Krymsky objective does not move.
    own_municipality: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="a mentor in the trainee's own municipality («своя площадка в районе»); empty = the shape's default (mutual 0, site_based 40)")
    nearest_site: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="a mentor of the trainee's nearest site (or site network); empty = the shape's default (mutual 0, site_based 30)")
    one_site: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="penalty per extra site (or site network) a trainee school learns at beyond one; empty = the shape's default (mutual 0, site_based 60)")


#: Programme shapes (docs/design.md §2): ``mutual`` — every school should
#: mentor somewhere (Krymsky, seed 003); ``site_based`` — designated sites host,
#: low-results schools learn (Leningrad, seeds 001/002).
SHAPES: tuple[str, ...] = ("mutual", "site_based")

#: The weights an empty locality weight takes in each programme shape.
SHAPE_WEIGHTS: dict[str, dict[str, int]] = {
    "mutual": {"own_municipality": 0, "nearest_site": 0, "one_site": 0},
    "site_based": {"own_municipality": 40, "nearest_site": 30, "one_site": 60},
}


class Policy(BaseModel):
    """Limits, weights, strategy and solver settings; every field has a default.

    Defaults for level-only data follow the Krymsky programme: 4 trainees
    per mentor per direction, 6 trainee teams hosted per school per year,
    3 trainee directions per school per year.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    cap_per_direction: int = Field(4, ge=0, le=MAX_TEAMS, description="trainee teams one mentor takes in one direction")
    host_capacity: int = Field(6, ge=0, le=MAX_TEAMS, description="trainee teams one school hosts per year, all directions")
    max_trainee_directions: int = Field(3, ge=0, le=MAX_TEAMS, description="directions a school learns in per year; the rest are deferred")
    min_gap: float = Field(10.0, ge=0, le=100, description="score points a mentor must be above its trainee")
    leader_min_score: float = Field(70.0, ge=0, le=100, description="score from which a team is a leader")
    reserve_max_score: float = Field(40.0, ge=0, le=100, description="score below which a team is a hidden reserve")
    band_margin: float = Field(5.0, ge=0, le=50, description="half-width of the ambiguous band around each threshold where the optimiser chooses the role")
    max_km: float | None = Field(100.0, gt=0, le=MAX_KM, description="longest pair in km (when both schools have coordinates and the direction is not online); None = no limit")
    cross_municipality: bool = Field(True, description="allow pairs across municipalities")
    unsupervised: Literal["forbid", "flag"] = Field("forbid", description="a pair no curator of some kind may supervise (e.g. a district without a consultant): forbid = such needs are not covered; flag = the pair is planned and flagged as unsupervised")
    mixed_onsite_share: float = Field(0.5, ge=0, le=1, description="share of a mixed-mode direction's meetings held on site: that share of the distance counts as travel")
    strategy: Literal["narrow", "wide"] | None = Field(None, description="narrow: keep last year's mentor and direction; wide: new mentors and directions")
    fairness: Literal["none", "direction", "municipality"] = Field("none", description="first maximise the worst-covered direction or municipality, then the total")
    candidates_per_need: int = Field(8, ge=1, le=MAX_CANDIDATES, description="top-k mentors per trainee need kept in the candidate graph")
    time_limit: float = Field(30.0, gt=0, le=MAX_TIME_LIMIT, description="solver time limit in seconds")
    workers: int = Field(2, ge=1, le=MAX_WORKERS, description="CP-SAT search workers")
    seed: int = Field(0, ge=-MAX_SEED - 1, le=MAX_SEED, description="random seed: same input and seed, same plan")
    shape: Literal["mutual", "site_based"] = Field("mutual", description="programme shape: mutual (every school should mentor somewhere) or site_based (only sites host, low-results schools learn; each with its own audit principles)")
    one_site: bool = Field(False, description="hard rule: a trainee school learns at one site (or site network) across all its directions")
    online_max_km: float | None = Field(None, gt=0, le=MAX_KM, description="longest online pair in km (both schools with coordinates); None = online pairs have no distance limit")
    online_same_municipality: bool = Field(False, description="keep online pairs within the trainee's municipality")
    profile_low_quantile: float = Field(0.25, ge=0, le=1, description="results below this quantile of the schools' results index: low results (ШНОР)")
    profile_high_quantile: float = Field(0.75, ge=0, le=1, description="results at or above this quantile: high results (may host a site)")
    profile_adverse_quantile: float = Field(0.75, ge=0, le=1, description="social-disadvantage index at or above this quantile: adverse social conditions")
    profile_new_years: int = Field(3, ge=0, le=100, description="a school is new in its first N years of work (the sensitive period, seed 000)")
    profile_min_schools: int = Field(4, ge=2, le=MAX_TEAMS, description="fewest schools with a known value for a quantile threshold to be drawn")
    profile_clusters: int | None = Field(None, ge=2, le=50, description="profile clusters (k of KMeans); None = chosen by silhouette")
    profile_max_clusters: int = Field(8, ge=2, le=50, description="largest k tried when the clusters are chosen by silhouette")
    profile_hosts: bool = Field(False, description="hard rule, with an indicators table: only schools the profile classes as high results or resilient mentor (host)")
    deficit_step: float = Field(10.0, gt=0, le=100, description="score points a team's self-assessment must rise in a year for its deficit to count as decreased (programme indicators)")
    weights: Weights = Weights()

    @model_validator(mode="after")
    def _bands(self) -> Policy:
        if self.reserve_max_score > self.leader_min_score:
            raise ValueError("reserve_max_score must not exceed leader_min_score")
        if self.profile_low_quantile > self.profile_high_quantile:
            raise ValueError("profile_low_quantile must not exceed profile_high_quantile")
        return self

    def host_capacity_of(self, school: School) -> int:
        return self.host_capacity if school.host_capacity is None else school.host_capacity

    def max_trainee_directions_of(self, school: School) -> int:
        return self.max_trainee_directions if school.max_trainee_directions is None else school.max_trainee_directions

    def cap_of(self, direction: Direction) -> int:
        """Trainee teams one mentor takes in a direction (a group direction's ``group_max`` first)."""
        if direction.format == Format.group and direction.group_max is not None:
            return direction.group_max
        return self.cap_per_direction if direction.mentor_cap is None else direction.mentor_cap

    def weight(self, name: str) -> int:
        """A weight of :class:`Weights`, an empty locality weight taking the shape's default (:data:`SHAPE_WEIGHTS`)."""
        value = getattr(self.weights, name)
        return SHAPE_WEIGHTS[self.shape].get(name, 0) if value is None else int(value)

    def roles_for_score(self, score: float) -> tuple[Level, ...]:
        """Roles a score allows, strongest first (two inside an ambiguous band)."""
        lo, hi, m = self.reserve_max_score, self.leader_min_score, self.band_margin
        roles = []
        if score >= hi - m:
            roles.append(Level.leader)
        if (lo - m) <= score < (hi + m):
            roles.append(Level.promising)
        if score < lo + m:
            roles.append(Level.hidden_reserve)
        # A wide margin could make three roles possible; keep the two nearest.
        if len(roles) == 3:
            roles = [Level.promising, Level.hidden_reserve] if score < (lo + hi) / 2 else [Level.leader, Level.promising]
        return tuple(roles)


# ---------------------------------------------------------------- plan


#: Where a setting of the effective policy came from, lowest precedence first:
#: the documented defaults, the input's own policy table (``policy`` sheet,
#: ``policy.csv`` / ``policy.json``, a JSON file's ``"policy"`` key), a
#: ``--policy`` file, command-line options (or API parameters).
POLICY_SOURCES: tuple[str, ...] = ("default", "input", "policy_file", "option")


def policy_given(policy: Policy | Mapping[str, Any] | None) -> dict[str, Any]:
    """Only the settings a policy was given explicitly, as flat keys (``weights.gain``).

    A :class:`Policy` built from a policy table or file knows which fields it
    was given (pydantic's ``model_fields_set``); a mapping is taken as given
    (nested ``weights`` or dotted ``weights.*`` keys).
    """
    if policy is None:
        return {}
    if isinstance(policy, Policy):
        out = {k: v for k, v in policy.model_dump(mode="json").items() if k in policy.model_fields_set and k != "weights"}
        if "weights" in policy.model_fields_set:
            w = policy.weights
            out.update({f"weights.{k}": v for k, v in w.model_dump(mode="json").items() if k in w.model_fields_set})
        return out
    out = {}
    for key, value in policy.items():
        if key == "weights" and isinstance(value, Mapping):
            out.update({f"weights.{k}": v for k, v in value.items()})
        else:
            out[key] = value
    return out


def merge_policy(
    *,
    input: Policy | Mapping[str, Any] | None = None,
    file: Policy | Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    none_is_unset: bool = True,
) -> tuple[Policy, dict[str, str]]:
    """The one precedence of settings: options > ``--policy`` file > the input's policy table > defaults.

    Every command (``plan``, ``compare``, ``audit``, ``plan-many``) and the
    service build their policy here.

    Parameters
    ----------
    input : Policy or mapping, optional
        The input's own policy table; only its explicitly given settings count.
    file : Policy or mapping, optional
        A ``--policy`` file's settings.
    options : mapping, optional
        Command-line options or API parameters; ``None`` values are "not given"
        unless ``none_is_unset`` is false (an API change may switch a setting
        off with ``None``).

    Returns
    -------
    tuple of (Policy, dict)
        The effective policy, and for every setting (flat keys, ``weights.*``)
        its source, one of :data:`POLICY_SOURCES`.

    Raises
    ------
    pydantic.ValidationError
        The merged settings contradict each other.
    """
    flat: dict[str, Any] = {}
    sources = {k: "default" for k in Policy.model_fields if k != "weights"}
    sources.update({f"weights.{k}": "default" for k in Weights.model_fields})
    given_options = {k: v for k, v in policy_given(dict(options or {})).items() if v is not None or not none_is_unset}
    for source, layer in (("input", policy_given(input)), ("policy_file", policy_given(file)), ("option", given_options)):
        for key, value in layer.items():
            flat[key] = value
            sources[key] = source
    data: dict[str, Any] = {k: v for k, v in flat.items() if not k.startswith("weights.")}
    weights = {k[8:]: v for k, v in flat.items() if k.startswith("weights.")}
    if weights:
        data["weights"] = weights
    return Policy.model_validate(data), sources


def policy_record(policy: Policy, sources: Mapping[str, str]) -> dict[str, Any]:
    """The effective policy as ``plan.json`` records it: ``values`` and the ``sources`` of each."""
    return {"values": policy.model_dump(mode="json"), "sources": dict(sources)}


#: The goals (fields of :class:`mentornet.model.Weights`) that need each
#: optional school attribute; where the attribute is unknown the goal does not
#: score (see :func:`missing_facts`).
GOALS_OF_ATTRIBUTE: dict[str, tuple[str, ...]] = {
    "kind": ("same_kind",),
    "settlement": ("same_settlement",),
    "results": ("priority_low_results", "resilient_for_adverse"),
    "adverse": ("priority_adverse", "resilient_for_adverse"),
    "is_new": ("priority_new",),
    "lat": ("travel_per_10km",),
    "lon": ("travel_per_10km",),
}


def missing_facts(network: Network, policy: Policy | None = None) -> dict[str, Any]:
    """Which optional school attributes the input did not give, and which goals therefore did not apply.

    Parameters
    ----------
    network : Network
    policy : Policy, optional
        Goals with weight 0 are not listed (they score nothing anyway).

    Returns
    -------
    dict
        ``attributes``: ``{attribute: number of schools without it}`` for every
        attribute of :data:`mentornet.model.OPTIONAL_ATTRIBUTES` missing
        somewhere; ``goals``: ``{goal: [attributes]}`` for every weighted goal
        that did not score some school or pair because an attribute it needs
        is unknown; ``schools``: the number of schools.
    """
    policy = policy or Policy()
    counts = {a: sum(getattr(s, a) is None for s in network.schools) for a in OPTIONAL_ATTRIBUTES}
    attributes = {a: n for a, n in counts.items() if n}
    goals: dict[str, list[str]] = {}
    for a in attributes:
        for goal in GOALS_OF_ATTRIBUTE[a]:
            if getattr(policy.weights, goal) > 0:
                goals.setdefault(goal, [])
                if a not in goals[goal]:
                    goals[goal].append(a)
    return {"schools": len(network.schools), "attributes": attributes, "goals": goals}


def facts_messages(facts: Mapping[str, Any]) -> list[Message]:
    """:func:`missing_facts`' result as messages (codes ``facts.missing_attribute`` and ``facts.goal_not_applied``)."""
    out = [Message(code="facts.missing_attribute", params={"attribute": a, "n": n, "total": facts["schools"]})
           for a, n in facts["attributes"].items()]
    out += [Message(code="facts.goal_not_applied", params={"goal": g, "attributes": ",".join(attrs)})
            for g, attrs in facts["goals"].items()]
    return out


class RoleAssignment(BaseModel):
    model_config = _FROZEN
    school: str
    direction: str
    role: Level


def _legacy_reason(data: Any) -> Any:
    """Read a reason stored before messages had codes (free text per language).

    Old ``plan.json`` files and database rows hold ``reason`` (English) and
    ``reasons`` (``{"en": ..., "ru": ...}``) as finished sentences; they are
    kept as one :meth:`Message.text <mentornet.i18n.Message.text>` so that
    they still read the same. A person's own note (a hand-made plan) comes in
    the same way.
    """
    if not isinstance(data, dict) or ("reason" not in data and "reasons" not in data):
        return data
    data = dict(data)
    reason, reasons = data.pop("reason", None), data.pop("reasons", None)
    if "why" in data:
        return data
    texts: dict[str, str] = {}
    if isinstance(reasons, dict):
        texts.update({str(k): str(v) for k, v in reasons.items() if v})
    elif isinstance(reasons, (list, tuple)) and all(isinstance(m, (dict, Message)) for m in reasons):
        data["why"] = tuple(reasons)  # already messages, under the old field name
        return data
    if isinstance(reason, str) and reason:
        texts.setdefault("en", reason)
    data["why"] = (Message.text(texts),) if texts else ()
    return data


class _Explained(BaseModel):
    """Something with a reason, stored as messages and rendered per reader.

    ``why`` holds the clauses of the reason as :class:`~mentornet.i18n.Message`
    values (a code plus parameters); :meth:`reason_in` renders them.
    """

    model_config = _FROZEN
    why: tuple[Message, ...] = Field(default=(), description="the reason: message codes with parameters, rendered per language")

    _SEP: ClassVar[str] = "; "

    @model_validator(mode="before")
    @classmethod
    def _from_legacy(cls, data: Any) -> Any:
        return _legacy_reason(data)

    def reason_in(self, lang: str = "en") -> str:
        """The reason in ``lang`` (clauses joined)."""
        return render_all(self.why, lang, self._SEP)

    @property
    def reason(self) -> str:
        """The reason in English."""
        return self.reason_in("en")

    @property
    def reasons(self) -> dict[str, str]:
        """The reason in every language with a catalogue: ``{"ru": ..., "en": ...}``."""
        return {lang: self.reason_in(lang) for lang in LANGUAGES}


class Pair(_Explained):
    """A mentor pair in a direction, with why it was chosen.

    ``parts`` breaks the pair's objective score into the soft goals it
    serves (coverage, gain, context, travel, continuity …); ``why`` says
    the same in words (see :mod:`mentornet.explain`).
    """

    mentor: str
    trainee: str
    direction: str
    curator: str | None = None
    score: float | None = None
    parts: dict[str, float] = Field(default_factory=dict)
    distance_km: float | None = None
    #: Every curator of the pair, one per curator kind (``curator`` is the first).
    curators: tuple[str, ...] = ()
    #: Curator kinds no curator of which may supervise this pair (``Policy.unsupervised`` = flag).
    unsupervised: tuple[str, ...] = ()

    @property
    def all_curators(self) -> tuple[str, ...]:
        """``curator`` and ``curators`` together, each once, ``curator`` first."""
        return tuple(dict.fromkeys(c for c in (self.curator, *self.curators) if c is not None))


class Deferred(_Explained):
    """A trainee need that waits for next year, and why."""

    school: str
    direction: str


class AlternateMentor(_Explained):
    """A next-best mentor; ``why`` lists the score parts that differ from zero."""

    mentor: str
    score: float | None = None

    _SEP: ClassVar[str] = ", "


class Alternate(BaseModel):
    """The next-best mentors of a trainee need, for swapping by hand."""

    model_config = _FROZEN
    school: str
    direction: str
    mentors: tuple[AlternateMentor, ...] = ()


class SolverStats(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")
    name: str
    status: str = "FEASIBLE"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0


class Plan(_CachedLookups):
    """A yearly plan: roles, pairs, deferred needs, metrics, solver stats.

    ``model_dump(mode="json")`` is the ``plan.json`` contract of docs/design.md.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    roles: tuple[RoleAssignment, ...] = ()
    pairs: tuple[Pair, ...] = ()
    deferred: tuple[Deferred, ...] = ()
    alternates: tuple[Alternate, ...] = ()
    metrics: dict[str, Any] = Field(default_factory=dict)
    solver: SolverStats = SolverStats(name="manual", status="MANUAL")
    network: str | None = None
    policy: dict[str, Any] | None = Field(
        default=None, description="the effective policy: {values, sources}; each source is one of POLICY_SOURCES",
    )

    @cached_property
    def role_of(self) -> dict[tuple[str, str], Level]:
        """``(school, direction) -> role``."""
        return {(r.school, r.direction): r.role for r in self.roles}

    def pairs_of(self, school: str) -> list[Pair]:
        return [p for p in self.pairs if school in (p.mentor, p.trainee)]

    def to_json_dict(self) -> dict[str, Any]:
        """The ``plan.json`` document."""
        return self.model_dump(mode="json")

    def with_changes(self, **changes: Any) -> Plan:
        data = {k: getattr(self, k) for k in type(self).model_fields}
        data.update(self.model_extra or {})
        data.update(changes)
        return type(self)(**data)


def roles_from_levels(competences: Iterable[Competence]) -> list[RoleAssignment]:
    """The roles a level-only table states (a hand-made plan's roles)."""
    return [RoleAssignment(school=c.school, direction=c.direction, role=c.level) for c in competences if c.level is not None]


# ---------------------------------------------------------------- outcomes of a year


class Outcome(BaseModel):
    """A team's state at the end of a programme year (the year's outcomes).

    ``score_after`` (0..100) and ``level_after`` are the team's new
    self-assessment in the direction, ``expert_rating`` (0..100) an optional
    outside rating. Each is ``None`` when not recorded: an unknown outcome is
    never taken as "no change". At least one of the three is given.
    """

    model_config = _FROZEN

    school: str = Field(min_length=1)
    direction: str = Field(min_length=1)
    score_after: float | None = Field(default=None, ge=0, le=100)
    level_after: Level | None = None
    expert_rating: float | None = Field(default=None, ge=0, le=100)

    @field_validator("level_after", mode="before")
    @classmethod
    def _parse_level(cls, v: Any) -> Any:
        if v is None or isinstance(v, Level):
            return v
        if isinstance(v, str) and not v.strip():
            return None
        return parse_level(v)

    @model_validator(mode="after")
    def _something(self) -> Outcome:
        if self.score_after is None and self.level_after is None and self.expert_rating is None:
            raise ValueError("an outcome needs a score, a level or an expert rating")
        return self


class JournalEntry(BaseModel):
    """One line of the year's internship journal (журнал стажировки), summed.

    ``school`` is the internship site (the host) for ``events``, and the
    school whose staff completed internships for ``staff_trained``;
    ``direction`` is optional (``None``: all directions). ``transfers`` counts
    teams that moved from one site to another during the year. Unknown counts
    are ``None``.
    """

    model_config = _FROZEN

    school: str = Field(min_length=1)
    direction: str | None = None
    events: int | None = Field(default=None, ge=0, le=1_000_000)
    staff_trained: int | None = Field(default=None, ge=0, le=1_000_000)
    transfers: int | None = Field(default=None, ge=0, le=1_000_000)


class YearOutcomes(_CachedLookups):
    """The record of one programme year: every team's outcome and the journal counts.

    Validation refuses an outcome given twice for one (school, direction).
    References to the network are checked by :meth:`problems` (the readers
    locate them), not here: outcomes are also read without a network.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    network: str = Field(min_length=1)
    year: int = Field(ge=1900, le=2200)
    outcomes: tuple[Outcome, ...] = ()
    journal: tuple[JournalEntry, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> YearOutcomes:
        seen: set[tuple[str, str]] = set()
        for o in self.outcomes:
            key = (o.school, o.direction)
            if key in seen:
                raise ValueError(f"outcome of school {o.school!r} in direction {o.direction!r} given twice")
            seen.add(key)
        return self

    @cached_property
    def outcome_of(self) -> dict[tuple[str, str], Outcome]:
        """``(school, direction) -> Outcome``."""
        return {(o.school, o.direction): o for o in self.outcomes}

    @property
    def events_per_site(self) -> dict[str, int]:
        """Events held, per site (school), over the journal lines that give them."""
        out: dict[str, int] = {}
        for e in self.journal:
            if e.events is not None:
                out[e.school] = out.get(e.school, 0) + e.events
        return out

    @property
    def staff_trained(self) -> int | None:
        """Staff who completed internships in the year; ``None`` when the journal gives none."""
        known = [e.staff_trained for e in self.journal if e.staff_trained is not None]
        return sum(known) if known else None

    @property
    def transfers(self) -> int | None:
        """Teams moved between sites in the year; ``None`` when the journal gives none."""
        known = [e.transfers for e in self.journal if e.transfers is not None]
        return sum(known) if known else None

    def problems(self, network: Network, locate: Locator = _default_locator) -> list[Problem]:
        """Outcomes and journal lines naming schools, directions or teams the network does not have.

        Parameters
        ----------
        network : Network
            The network of the year the outcomes close.
        locate : callable, optional
            ``locate(table, index, field)`` with ``table`` ``outcomes`` or ``journal``.
        """
        out: list[Problem] = []
        schools, directions = network.school_by_id, network.direction_by_id
        tables: tuple[tuple[str, Sequence[Outcome | JournalEntry]], ...] = (("outcomes", self.outcomes), ("journal", self.journal))
        for table, items in tables:
            for i, item in enumerate(items):
                if item.school not in schools:
                    out.append(Problem.coded(locate(table, i, "school"), "network.unknown_school", value=item.school))
                if item.direction is not None and item.direction not in directions:
                    out.append(Problem.coded(locate(table, i, "direction"), "network.unknown_direction", value=item.direction))
                if (table == "outcomes" and item.school in schools and item.direction in directions
                        and (item.school, item.direction) not in network.competence_of):
                    out.append(Problem.coded(locate(table, i, "direction"), "outcomes.not_taking_part",
                                             school=item.school, direction=str(item.direction)))
        return out
