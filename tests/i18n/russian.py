"""Checks of Russian text, independent of the catalogues they check.

* :func:`english_words` — Latin words left in Russian text, outside names
  and codes the caller names (and a short list of codes every reader types:
  file formats, policy values);
* :func:`plural_errors` — numbers followed by a noun (or an adjective) in the
  wrong form. The declension table below is written by hand, so a catalogue
  entry «34 школ» (nominative) fails even though gettext picked the form the
  catalogue told it to.

The web pages' test reuses both (``from tests.i18n.russian import ...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CODES", "english_words", "plural_category", "plural_errors"]

# Words that are names, not English: the programme's own name, file formats, the solver's name.
# Anything else a test allows (policy values, command names) it names itself.
CODES = frozenset({"mentornet", "xlsx", "csv", "json", "html", "png", "CP", "SAT"})

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Latin words of ``text`` that are neither in ``allowed`` (names, ids) nor codes."""
    for item in sorted({a for a in allowed if a}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(item)}(?!\w)", " ", text)
    return [w for w in _LATIN_WORD.findall(text) if w not in CODES]


def plural_category(n: int) -> int:
    """0 one (1, 21), 1 few (2–4, 22–24), 2 many (0, 5–20, 11–14, 25…): the Russian rule."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# lemma -> case -> (one, few, many). Cases: nom (no preposition), gen (after
# «из», «у», «не менее», «не более», «от», «до»), prep (after «в», «о»).
_FORMS: dict[str, dict[str, tuple[str, str, str]]] = {
    "школа": {"nom": ("школа", "школы", "школ"), "gen": ("школы", "школ", "школ"), "prep": ("школе", "школах", "школах")},
    "направление": {
        "nom": ("направление", "направления", "направлений"),
        "gen": ("направления", "направлений", "направлений"),
        "prep": ("направлении", "направлениях", "направлениях"),
    },
    "команда": {"nom": ("команда", "команды", "команд"), "gen": ("команды", "команд", "команд"), "prep": ("команде", "командах", "командах")},
    "команда-стажёр": {
        "nom": ("команда-стажёр", "команды-стажёра", "команд-стажёров"),
        "gen": ("команды-стажёра", "команд-стажёров", "команд-стажёров"),
        "prep": ("команде-стажёре", "командах-стажёрах", "командах-стажёрах"),
    },
    "пара": {"nom": ("пара", "пары", "пар"), "gen": ("пары", "пар", "пар"), "prep": ("паре", "парах", "парах")},
    "стажёр": {"nom": ("стажёр", "стажёра", "стажёров"), "gen": ("стажёра", "стажёров", "стажёров"), "prep": ("стажёре", "стажёрах", "стажёрах")},
    "лидер": {"nom": ("лидер", "лидера", "лидеров"), "gen": ("лидера", "лидеров", "лидеров"), "prep": ("лидере", "лидерах", "лидерах")},
    "потребность": {
        "nom": ("потребность", "потребности", "потребностей"),
        "gen": ("потребности", "потребностей", "потребностей"),
        "prep": ("потребности", "потребностях", "потребностях"),
    },
    "ошибка": {"nom": ("ошибка", "ошибки", "ошибок"), "gen": ("ошибки", "ошибок", "ошибок"), "prep": ("ошибке", "ошибках", "ошибках")},
    "наставник": {
        "nom": ("наставник", "наставника", "наставников"),
        "gen": ("наставника", "наставников", "наставников"),
        "prep": ("наставнике", "наставниках", "наставниках"),
    },
    "основная": {
        "nom": ("основная", "основные", "основных"),
        "gen": ("основной", "основных", "основных"),
        "prep": ("основной", "основных", "основных"),
    },
    "обмен": {"nom": ("обмен", "обмена", "обменов"), "gen": ("обмена", "обменов", "обменов"), "prep": ("обмене", "обменах", "обменах")},
}
_LEMMA_OF = {form: lemma for lemma, cases in _FORMS.items() for forms in cases.values() for form in forms}
_GENITIVE = ("из", "у", "от", "до", "около")
_GENITIVE_2 = ("не менее", "не более")
_PREPOSITIONAL = ("в", "во", "о", "об")
_NUMBER_WORD = re.compile(r"(?<![\d.,])(?P<n>\d+)\s+(?P<word>[а-яё]+(?:-[а-яё]+)?)", re.IGNORECASE)


def _case(before: str) -> str:
    """The case a number's noun takes after the words ``before`` it."""
    words = re.findall(r"[а-яё]+", before.lower())[-2:]
    if " ".join(words) in _GENITIVE_2 or (words[-1:] and words[-1] in _GENITIVE):
        return "gen"
    if words[-1:] and words[-1] in _PREPOSITIONAL:
        return "prep"
    return "nom"


def plural_errors(text: str) -> list[str]:
    """Every «number noun» of ``text`` whose noun is in the wrong form, e.g. ``'34 школ'``."""
    out = []
    for m in _NUMBER_WORD.finditer(text):
        word = m.group("word").lower()
        lemma = _LEMMA_OF.get(word)
        if lemma is None:
            continue
        n = int(m.group("n"))
        # Only the words right before the number govern the case (not a previous sentence).
        before = re.split(r"[.;:,()«»—]", text[max(0, m.start() - 30): m.start()])[-1]
        want = _FORMS[lemma][_case(before)][plural_category(n)]
        if word != want:
            out.append(f"{m.group(0).strip()!r} (expected {n} {want})")
    return out
