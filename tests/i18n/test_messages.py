"""Every message code, term and counted noun rendered in Russian and English.

Fails on an English word in Russian output (outside names and codes), a
placeholder left unfilled, or a number whose noun is in the wrong form for
1, 2, 5, 11, 21 and 34.
"""

from __future__ import annotations

import re
import string

import pytest

from mentornet.i18n import LANGUAGES, Message, render_all, term, yes_no
from mentornet.messages import COUNTS, MESSAGES, TERMS
from tests.i18n.russian import english_words, plural_errors

NUMBERS = (1, 2, 5, 11, 21, 34)
# Parameter values that are names or ids in real use: kept apart from the text checked.
NAME = "Школа-Ъ"
CODES = "1, 2"


def _fields(template: str) -> dict[str, str]:
    """``{name: format spec}`` of a msgid's placeholders."""
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(template) if name}


def _params(code: str, n: int) -> dict[str, object]:
    """Parameters for ``code``: every number ``n``, every term a real value, every name a name."""
    entry = MESSAGES[code]
    fields = _fields(entry.msgid) | (_fields(entry.plural) if entry.plural else {})
    params: dict[str, object] = {}
    for name, spec in fields.items():
        kind = entry.terms.get(name)
        if kind is not None and kind.startswith("list:"):
            params[name] = ",".join(TERMS[kind[5:]])
        elif kind is not None and kind.startswith("count:"):
            params[name] = n
        elif kind == "decimal":
            params[name] = n + 0.25
        elif kind is not None:
            params[name] = next(iter(TERMS[kind]))
        elif name == entry.count or (spec and spec[-1] in "dfgn") or name in ("n", "limit", "km"):
            params[name] = float(n) if spec.endswith(("f", "g")) else n
        elif name in ("directions", "direction"):
            params[name] = CODES
        else:
            params[name] = NAME
    if entry.count:
        params[entry.count] = n
    return params


CODES_TO_RENDER = sorted(c for c in MESSAGES if c != "text")


@pytest.mark.parametrize("code", CODES_TO_RENDER)
@pytest.mark.parametrize("n", NUMBERS)
def test_every_message_reads_right_in_russian(code, n):
    text = Message(code=code, params=_params(code, n)).render("ru")
    assert text and "{" not in text and "}" not in text, text
    assert not english_words(text, [NAME]), f"{code}: English in Russian: {text!r}"
    assert not re.search(r"\((?:ы|и|а|ов|ях|s|es)\)", text), f"{code}: a «(ы)» plural: {text!r}"
    assert not plural_errors(text), f"{code}: {plural_errors(text)} in {text!r}"


@pytest.mark.parametrize("code", CODES_TO_RENDER)
def test_every_message_reads_in_every_language(code):
    for lang in LANGUAGES:
        for n in NUMBERS:
            text = Message(code=code, params=_params(code, n)).render(lang)
            assert text and "{" not in text, (lang, code, text)


@pytest.mark.parametrize("kind", sorted(TERMS))
def test_every_term_is_russian(kind):
    for value in TERMS[kind]:
        word = term("ru", kind, value)
        assert word and not english_words(word), (kind, value, word)
        assert term("en", kind, value)


@pytest.mark.parametrize("noun", sorted(COUNTS))
@pytest.mark.parametrize("n", NUMBERS)
def test_counted_nouns_agree(noun, n):
    text = term("ru", "count:" + noun, n)
    assert text.startswith(f"{n} ") and not english_words(text), text
    # Nouns named "<noun>_of" are genitive, read after «из».
    phrase = ("из " if noun.endswith("_of") else "") + text
    assert not plural_errors(phrase), (noun, phrase, plural_errors(phrase))


def test_known_forms():
    # The issue's own examples, and the forms a planner checks first.
    schools = {n: term("ru", "count:schools", n) for n in (1, 2, 5, 11, 21, 34)}
    assert schools == {1: "1 школа", 2: "2 школы", 5: "5 школ", 11: "11 школ", 21: "21 школа", 34: "34 школы"}
    assert term("ru", "count:trainee_needs", 73) == "73 потребности стажёров"
    assert term("en", "count:schools", 1) == "1 school" and term("en", "count:schools", 34) == "34 schools"
    assert (yes_no("ru", True), yes_no("ru", False), yes_no("en", True)) == ("да", "нет", "yes")
    # a boolean parameter reads yes/no in the reader's language
    assert Message(code="text", params={"ru": "Р", "en": "E"}).render("ru") == "Р"


def test_plural_checker_catches_wrong_forms():
    # The oracle must be able to fail: the bad examples.
    assert plural_errors("34 школ") and plural_errors("73 потребностей") and plural_errors("2 школ(ы)")
    assert not plural_errors("34 школы, 73 потребности, из 34 школ, в 21 направлении")
    assert english_words("сейчас True") == ["True"]


def test_reasons_join_in_the_readers_language():
    why = (Message(code="pair.gap", params={"mentor_role": "leader", "trainee_role": "promising"}),
           Message(code="pair.distance", params={"km": 12.4}))
    assert render_all(why, "ru") == "команда-лидер наставляет команду «подающая надежды»; 12 км"
    assert render_all(why, "en") == "leader mentors promising; 12 km apart"
