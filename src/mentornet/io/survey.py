"""The needs survey (мониторинг потребностей): the template sent to schools, and merging the returned files.

Each autumn the planner asks every school team, per direction, for its
self-assessment (a score 0..100 and/or a level) and its wish: to learn, to
share its experience (host), or not to take part. :func:`write_survey_template`
writes the workbook (one sheet for all schools, or one school's rows);
:func:`merge_survey` reads the returned files (one per school, or one
sheet for all, XLSX or CSV) and makes next year's competences.

Merging is all or nothing. Every problem is reported at once, each with its
file, sheet, row and column:

* ``survey.missing_answer`` — a school answered, but left a direction it
  takes part in without score, level or "not taking part";
* ``survey.duplicate`` — the same answer given twice (both places named);
* ``survey.contradictory`` — two different answers for one team, a score and
  a level that do not agree (the policy's role bands), or a wish to host
  from a team that rates itself a hidden reserve;
* unknown schools and directions, bad numbers and level words.

A school that returned nothing keeps last year's competences; the merge
lists it as not answered (:attr:`SurveyMerge.not_answered`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from mentornet.errors import InputError, Location, Problem
from mentornet.io._sheets import Row, grids_of, match_columns, rows_of
from mentornet.io._tables import fold_header
from mentornet.io.writers import format_sheet, put
from mentornet.model import Competence, Level, Network, Policy

__all__ = ["SURVEY_COLUMNS", "WISHES", "SurveyAnswer", "SurveyMerge", "merge_survey", "write_survey_template"]

Lang = Literal["ru", "en"]
Wish = Literal["learn", "host", "skip"]

#: canonical name -> (English header, Russian header, other accepted headers)
SURVEY_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "school": ("school", "школа", ("school id", "код школы", "оо", "образовательная организация")),
    "direction": ("direction", "направление", ("direction id", "код направления", "№ направления")),
    "direction_name": ("direction name", "название направления", ()),
    "last_year": ("last year", "в прошлом году", ()),
    "score": ("self-assessment score", "самооценка (балл 0..100)", ("score", "балл", "самооценка", "балл 0..100")),
    "level": ("self-assessment level", "самооценка (уровень)", ("level", "уровень")),
    "wish": ("wish", "пожелание", ("желание", "запрос")),
}
#: Words of a wish, Russian and English.
WISHES: dict[str, tuple[str, ...]] = {
    "learn": ("learn", "учиться", "хотим учиться", "стажёр", "стажер", "перенять опыт"),
    "host": ("host", "share", "делиться опытом", "поделиться опытом", "наставник", "принимать", "площадка"),
    "skip": ("skip", "none", "не участвует", "не участвуем", "не участвовать", "нет"),
}
_WISH_LOOKUP = {fold_header(w): k for k, words in WISHES.items() for w in words}
_WISH_SHOWN = {"ru": {"learn": "учиться", "host": "делиться опытом", "skip": "не участвует"},
               "en": {"learn": "learn", "host": "host", "skip": "skip"}}
_LEVEL_SHOWN = {"ru": {"leader": "лидер", "promising": "подающие надежды", "hidden_reserve": "скрытый резерв"},
                "en": {"leader": "leader", "promising": "promising", "hidden_reserve": "hidden_reserve"}}
_SHEET = {"ru": "анкета", "en": "survey"}


@dataclass(frozen=True)
class SurveyAnswer:
    """One school's answer for one direction, and where it was written."""

    school: str
    direction: str
    score: float | None
    level: Level | None
    wish: Wish | None
    location: Location
    school_location: Location | None = None
    direction_location: Location | None = None

    @property
    def blank(self) -> bool:
        return self.score is None and self.level is None and self.wish is None


@dataclass
class SurveyMerge:
    """The merged survey: next year's competences and what the merge did.

    Attributes
    ----------
    competences : tuple of Competence
        Next year's competences: the answers of the schools that answered,
        last year's values for the others.
    network : Network
        The network with those competences (everything else unchanged).
    answered : list of str
        Schools with at least one answer.
    not_answered : list of str
        Schools that returned nothing; their last year's competences are
        kept (``kept``).
    kept : list of (school, direction)
        Competences kept from last year (marked in the next-year file).
    dropped : list of (school, direction)
        Teams that said they do not take part next year.
    wishes : dict
        ``(school, direction) -> "learn" | "host"``.
    answers : list of SurveyAnswer
        Every answer read, with its place.
    """

    competences: tuple[Competence, ...]
    network: Network
    answered: list[str] = field(default_factory=list)
    not_answered: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    wishes: dict[tuple[str, str], str] = field(default_factory=dict)
    answers: list[SurveyAnswer] = field(default_factory=list)


def _aliases() -> dict[str, tuple[str, ...]]:
    return {k: (en, ru, *other) for k, (en, ru, other) in SURVEY_COLUMNS.items()}


def write_survey_template(network: Network, path: str | Path, lang: Lang = "ru", *, schools: Sequence[str] | None = None) -> Path:
    """Write the needs-survey workbook sent to schools.

    One row per school and direction (every direction, so a school may join
    a new one), with last year's level or score for reference and empty
    self-assessment and wish cells (drop-down lists of levels and wishes).

    Parameters
    ----------
    network : Network
        This year's network (schools, directions, last year's competences).
    path : str or Path
        The ``.xlsx`` file to write.
    lang : {"ru", "en"}
        Headers, level and wish words.
    schools : sequence of str, optional
        Only these schools' rows (one file per school); default all.

    Returns
    -------
    Path
    """
    path = Path(path)
    book = Workbook()
    ws = book.active
    ws.title = _SHEET[lang]
    names = ("school", "direction", "direction_name", "last_year", "score", "level", "wish")
    for j, n in enumerate(names, start=1):
        en, ru, _ = SURVEY_COLUMNS[n]
        put(ws, 1, j, ru if lang == "ru" else en)
    wanted = list(schools) if schools is not None else [s.id for s in network.schools]
    r = 1
    for s_id in wanted:
        for d in network.directions:
            r += 1
            comp = network.competence_of.get((s_id, d.id))
            last: Any = None
            if comp is not None:
                last = _LEVEL_SHOWN[lang][comp.level.value] if comp.level is not None else comp.score
            for j, v in enumerate((s_id, d.id, d.label, last, None, None, None), start=1):
                put(ws, r, j, v)
    last_row = max(r, 2)
    levels = DataValidation(type="list", formula1='"' + ",".join(_LEVEL_SHOWN[lang].values()) + '"', allow_blank=True)
    wishes = DataValidation(type="list", formula1='"' + ",".join(_WISH_SHOWN[lang].values()) + '"', allow_blank=True)
    scores = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    for dv, col in ((scores, "E"), (levels, "F"), (wishes, "G")):
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last_row}")
    format_sheet(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _wish(row: Row, problems: list[Problem]) -> Wish | None:
    if row.blank("wish"):
        return None
    text = row.text("wish")
    got = _WISH_LOOKUP.get(fold_header(text))
    if got is None:
        problems.append(Problem.coded(row.location("wish"), "survey.not_wish", value=text))
        return None
    return got  # type: ignore[return-value]


def _read_answers(paths: Iterable[str | Path], problems: list[Problem]) -> list[SurveyAnswer]:
    answers: list[SurveyAnswer] = []
    for path in paths:
        try:
            grids = grids_of(Path(path))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        used = 0
        for grid in grids:
            cols = match_columns(grid, _aliases())
            if "school" not in cols or "direction" not in cols or not ({"score", "level", "wish"} & set(cols)):
                continue  # an instruction sheet or another table
            used += 1
            for row in rows_of(grid, cols):
                before = len(problems)
                school = row.get("ref", "school", problems)
                direction = row.get("ref", "direction", problems)
                score = row.get("float", "score", problems)
                level = row.get("level", "level", problems)
                wish = _wish(row, problems)
                if school is None:
                    problems.append(Problem.coded(row.location("school"), "input.empty_school"))
                if direction is None:
                    problems.append(Problem.coded(row.location("direction"), "input.empty_direction"))
                if score is not None and not 0 <= score <= 100:
                    problems.append(Problem.coded(row.location("score"), "input.out_of_range_scale", value=f"{score:g}", lo=0, hi=100))
                if len(problems) > before:
                    continue
                loc = row.location("score" if "score" in cols else ("level" if "level" in cols else "wish"))
                answers.append(SurveyAnswer(str(school), str(direction), score, level, wish, loc, row.location("school"), row.location("direction")))
        if not used:
            name = Path(path).name
            problems.append(Problem.coded(Location(file=name), "survey.no_table",
                                          headers=", ".join(repr(SURVEY_COLUMNS[k][1]) + " / " + repr(SURVEY_COLUMNS[k][0]) for k in ("school", "direction", "score", "level"))))
    return answers


def merge_survey(paths: Sequence[str | Path], network: Network, policy: Policy | None = None) -> SurveyMerge:
    """Merge the returned survey files into next year's competences.

    Parameters
    ----------
    paths : sequence of str or Path
        The returned files (XLSX or CSV): one per school, or one with every
        school; every sheet with school, direction and score/level/wish
        columns is read.
    network : Network
        This year's network: its schools and directions, and the competences
        kept for schools that did not answer.
    policy : Policy, optional
        Its role bands decide whether a score and a level agree.

    Returns
    -------
    SurveyMerge

    Raises
    ------
    InputError
        Missing, duplicate or contradictory answers, unknown schools or
        directions, unreadable cells — every one with file, sheet, row and
        column. Nothing is merged until all are fixed.
    """
    policy = policy or Policy()
    problems: list[Problem] = []
    answers = _read_answers(paths, problems)
    schools, directions = network.school_by_id, network.direction_by_id
    first: dict[tuple[str, str], SurveyAnswer] = {}
    given: list[SurveyAnswer] = []
    blanks: dict[tuple[str, str], SurveyAnswer] = {}
    for a in answers:
        ok = True
        if a.school not in schools:
            problems.append(Problem.coded(a.school_location or a.location, "network.unknown_school", value=a.school))
            ok = False
        if a.direction not in directions:
            problems.append(Problem.coded(a.direction_location or a.location, "network.unknown_direction", value=a.direction))
            ok = False
        if not ok:
            continue
        key = (a.school, a.direction)
        if a.blank:
            blanks.setdefault(key, a)
            continue
        if a.score is not None and a.level is not None and a.level not in policy.roles_for_score(a.score):
            problems.append(Problem.coded(a.location, "survey.score_level_disagree", school=a.school, direction=a.direction,
                                          score=a.score, level=a.level.value))
        if a.wish == "host" and a.level is Level.hidden_reserve:
            problems.append(Problem.coded(a.location, "survey.host_as_reserve", school=a.school, direction=a.direction))
        if a.wish == "skip" and (a.score is not None or a.level is not None):
            problems.append(Problem.coded(a.location, "survey.skip_with_answer", school=a.school, direction=a.direction))
        if key in first:
            prev = first[key]
            same = (prev.score, prev.level, prev.wish) == (a.score, a.level, a.wish)
            code = "survey.duplicate" if same else "survey.contradictory"
            problems.append(Problem.coded(a.location, code, {"first": prev.location}, school=a.school, direction=a.direction))
            continue
        first[key] = a
        given.append(a)
    answered = sorted({a.school for a in given}, key=lambda s: [x.id for x in network.schools].index(s))
    answered_set = set(answered)
    # A school that answered must answer for every direction it took part in last year.
    for c in network.competences:
        key = (c.school, c.direction)
        if c.school in answered_set and key not in first:
            blank = blanks.get(key)
            sheet_of = next(a.location for a in given if a.school == c.school)
            where = blank.location if blank is not None else Location(file=sheet_of.file, sheet=sheet_of.sheet, field="direction")
            problems.append(Problem.coded(where, "survey.missing_answer", school=c.school, direction=c.direction))
    for a in given:
        if a.score is None and a.level is None and a.wish != "skip":
            problems.append(Problem.coded(a.location, "survey.wish_without_assessment", school=a.school, direction=a.direction))
    if problems:
        raise InputError(problems)
    competences: list[Competence] = []
    kept: list[tuple[str, str]] = []
    dropped: list[tuple[str, str]] = []
    wishes: dict[tuple[str, str], str] = {}
    for s in network.schools:
        for d in network.directions:
            key = (s.id, d.id)
            if s.id not in answered_set:
                if key in network.competence_of:
                    competences.append(network.competence_of[key])
                    kept.append(key)
                continue
            answer = first.get(key)
            if answer is None:
                continue
            a = answer
            if a.wish == "skip":
                if key in network.competence_of:
                    dropped.append(key)
                continue
            if a.wish in ("learn", "host"):
                wishes[key] = a.wish
            competences.append(Competence(school=s.id, direction=d.id, score=a.score, level=a.level))
    not_answered = [s.id for s in network.schools if s.id not in answered_set]
    merged = network.with_changes(competences=tuple(competences))
    return SurveyMerge(tuple(competences), merged, answered, not_answered, kept, dropped, wishes, answers)

