"""Names as planners write them: natural order and "did you mean …?" hints.

Two helpers used all along the data flow (this module imports nothing from
mentornet, so any layer may use it):

* :func:`natural_key` sorts school names the way planners number schools:
  «МБОУ СОШ № 2» before «МБОУ СОШ № 10» (text order would give № 1, 10, 12,
  16, 2 …).
* :func:`suggest` finds the valid values closest to a mistyped one (an
  unknown level, school, direction, municipality or curator), and
  :func:`did_you_mean` words them for a message. Every "unknown …" error of
  mentornet goes through them, so the hints look and behave the same in
  the CLI, the API's problem details and the web pages.

Why rapidfuzz and not :mod:`difflib`
------------------------------------
A national network has ~40,000 schools, and an input with many typos asks
for suggestions for each one. ``difflib.SequenceMatcher`` is pure Python
(about half a second per unknown name against 40,000 schools); rapidfuzz
scores all candidates at once in C++ (``process.cdist``) in milliseconds.
Its ``WRatio`` scorer also handles the usual shapes of school names: a name
written without its legal-form prefix («СОШ 9» for «МБОУ СОШ № 9») still
scores high through its partial and token comparisons, where a plain
edit-distance ratio would not.

Threshold
---------
Names are compared after :func:`fold_name` (case, «ё», «№», punctuation and
letter–digit boundaries folded); the words and the numbers of a name are
scored apart (:class:`Suggester`), since in school names the number is
what matters. A candidate is suggested when its score (0–100) is at least
:data:`SCORE_CUTOFF` (70) and within :data:`SCORE_SPREAD` (5) points of the
best candidate, at most :data:`LIMIT` (3) of them, best first. 70 keeps
one- or two-letter typos and missing prefixes ('leadr' → leader,
«Кингисеппский» → «Кингисепский», «СОШ99» → «МБОУ СОШ № 9») while unrelated
words stay below it ('mentor' is no level) and the spread keeps «СОШ 9»
from suggesting every «СОШ».
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = [
    "LIMIT",
    "SCORE_CUTOFF",
    "SCORE_SPREAD",
    "Suggester",
    "UnknownValueError",
    "did_you_mean",
    "fold_name",
    "natural_key",
    "suggest",
]

#: Lowest ``WRatio`` score (0–100) of a suggestion.
SCORE_CUTOFF = 70.0
#: Suggestions are within this many points of the best one.
SCORE_SPREAD = 5.0
#: At most this many suggestions.
LIMIT = 3

_DIGITS = re.compile(r"(\d+)")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BOUNDARY = re.compile(r"(?<=\D)(?=\d)|(?<=\d)(?=\D)")


def natural_key(text: object) -> tuple:
    """A sort key that orders the numbers inside names by value.

    ``sorted(names, key=natural_key)`` gives «№ 1, № 2, № 10, № 12» instead
    of «№ 1, № 10, № 12, № 2». Case and «ё» are folded so that the order
    does not depend on how a name was typed; the original text breaks ties,
    so the order is total and stable across runs.

    Parameters
    ----------
    text : object
        A name (anything else is turned into text; ``None`` sorts first).

    Returns
    -------
    tuple
        Comparable with the key of any other text.
    """
    raw = "" if text is None else str(text)
    folded = raw.casefold().replace("ё", "е")
    # (0, number) and (1, text) never compare an int with a str.
    parts = tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in _DIGITS.split(folded) if p)
    return (parts, raw)


def fold_name(text: str) -> str:
    """A name reduced for comparison: lower case, «ё» → «е», «№» and punctuation
    dropped, letters and digits split apart («СОШ№9» → ``"сош 9"``)."""
    text = str(text).casefold().replace("ё", "е").replace("№", " ")
    text = _NOT_WORD.sub(" ", text)
    text = _BOUNDARY.sub(" ", text)
    return " ".join(text.split())


def _parts(text: str) -> tuple[str, str]:
    """``(words, numbers)`` of a folded name; numbers without leading zeros (S01 = S1)."""
    words, numbers = [], []
    for token in fold_name(text).split():
        if token.isdecimal():
            numbers.append(token.lstrip("0") or "0")
        else:
            words.append(token)
    return " ".join(words), " ".join(numbers)


class Suggester:
    """Closest valid values to mistyped ones, for one set of choices.

    Build it once per set of valid values (the schools of a network) and
    call :meth:`suggest` for each unknown value: the choices are folded once.

    The score of a candidate (0–100) is rapidfuzz's ``WRatio`` of the words
    (prefixes such as «МБОУ» may be missing), averaged with the plain ratio
    of the numbers when both sides have numbers: in school names the number
    is what tells «СОШ № 9» from «СОШ № 59», and it must match closely.

    Parameters
    ----------
    choices : iterable of str, or mapping
        The valid values; or a mapping from texts to compare with (ids,
        names, words in either language) to the value each one stands for
        (a school's name stands for its id). A value is suggested once, at
        the score of its best text.
    """

    def __init__(self, choices: Iterable[str] | Mapping[str, str]):
        mapping = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
        self._texts = [t for t in mapping if t is not None and str(t).strip()]
        self._values = [mapping[t] for t in self._texts]
        parts = [_parts(t) for t in self._texts]
        self._words = [w for w, _ in parts]
        self._numbers = [n for _, n in parts]

    def suggest(self, value: str, *, limit: int = LIMIT) -> list[str]:
        """The valid values closest to ``value``, best first (see :func:`suggest`)."""
        import numpy as np
        from rapidfuzz import fuzz, process

        if not self._texts or not str(value).strip():
            return []
        words, numbers = _parts(value)
        word_score = process.cdist([words], self._words, scorer=fuzz.WRatio, dtype=np.float32)[0]
        has_numbers = np.array([bool(n) for n in self._numbers])
        if numbers:
            number_score = process.cdist([numbers], self._numbers, scorer=fuzz.ratio, dtype=np.float32)[0]
            both = np.where(has_numbers, (word_score + number_score) / 2, word_score)
            # Only numbers on both sides (direction ids "1".."7"): the numbers decide.
            if not words:
                both = np.where(np.array([not w for w in self._words]), number_score, both)
            score = both
        else:
            score = word_score
        best: dict[str, float] = {}
        for i in np.flatnonzero(score >= SCORE_CUTOFF).tolist():
            v = self._values[i]
            if v != value and score[i] > best.get(v, -1.0):
                best[v] = float(score[i])
        if not best:
            return []
        top = max(best.values())
        ranked = sorted(((s, v) for v, s in best.items() if s >= top - SCORE_SPREAD), key=lambda sv: (-sv[0], natural_key(sv[1])))
        return [v for _, v in ranked[:limit]]


def suggest(value: str, choices: Iterable[str] | Mapping[str, str], *, limit: int = LIMIT) -> list[str]:
    """The valid values closest to a mistyped one, best first.

    Parameters
    ----------
    value : str
        What was written (an unknown id, name or word).
    choices : iterable of str, or mapping
        The valid values, or texts mapped to the values they stand for
        (see :class:`Suggester`).
    limit : int
        At most this many suggestions.

    Returns
    -------
    list of str
        Empty when nothing scores :data:`SCORE_CUTOFF` or more; otherwise
        the best value and those within :data:`SCORE_SPREAD` of it.
    """
    return Suggester(choices).suggest(value, limit=limit)


def did_you_mean(suggestions: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """``"; did you mean 'A' or 'B'?"`` for a message, or ``""`` without suggestions.

    ``labels`` adds a readable name after an id that differs from it
    (``'S09' (МБОУ СОШ № 9)``).
    """
    shown = []
    for s in suggestions:
        name = (labels or {}).get(s)
        shown.append(f"'{s}' ({name})" if name and name != s else f"'{s}'")
    if not shown:
        return ""
    joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return f"; did you mean {joined}?"


class UnknownValueError(ValueError):
    """A value that is not one of the valid ones; ``suggestions`` are the closest valid values."""

    def __init__(self, message: str, suggestions: Iterable[str] = ()):
        super().__init__(message)
        self.suggestions: tuple[str, ...] = tuple(suggestions)
