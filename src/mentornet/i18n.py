"""Translation with gettext catalogues managed by Babel.

The source language is English: every text in the code is an English
msgid. The translations are the gettext catalogues
``mentornet/locale/<lang>/LC_MESSAGES/mentornet.po``, compiled to ``.mo`` by
``make i18n`` / ``make install`` (``pybabel compile``) and by the wheel build.
When a ``.mo`` file is missing or older than its ``.po`` (a fresh clone, an
edited catalogue), the ``.po`` is compiled in memory with
:mod:`babel.messages`, so a source checkout always reads current texts.

What mentornet says about a plan (reasons, deferral causes, audit findings,
errors) is stored as a :class:`Message` — a code plus parameters — and
rendered in the reader's language at the edge (exports, CLI, pages) with
:meth:`Message.render`. The codes are registered in
:data:`mentornet.messages.MESSAGES`.

Adding a language is adding a catalogue: ``pybabel init -D mentornet -i
src/mentornet/locale/messages.pot -d src/mentornet/locale -l <lang>``,
translate, and add the code to :data:`LANGUAGES`.
"""

from __future__ import annotations

import gettext as _gettext
import io
import logging
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mentornet.messages import COUNTS, MESSAGES, TERMS

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "Message",
    "Param",
    "gettext",
    "ngettext",
    "normalize_language",
    "npgettext",
    "pgettext",
    "render_all",
    "term",
    "translations",
    "yes_no",
]

log = logging.getLogger(__name__)

#: Languages with a catalogue, the default (Russian, the planners' language) first.
LANGUAGES: tuple[str, ...] = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
#: The language of the msgids.
SOURCE_LANGUAGE = "en"
DOMAIN = "mentornet"
LOCALE_DIR = Path(__file__).with_name("locale")

Param = str | int | float | bool | None


def normalize_language(lang: str | None) -> str:
    """``lang`` if a catalogue exists for it (``"ru-RU"`` → ``"ru"``), else English."""
    if not lang:
        return SOURCE_LANGUAGE
    code = str(lang).strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def _compile_po(po: Path) -> _gettext.GNUTranslations:
    """Compile a ``.po`` file in memory (the ``.mo`` is missing or stale)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (cached for the life of the process).

    Reads ``locale/<lang>/LC_MESSAGES/mentornet.mo``; compiles the ``.po``
    in memory when the ``.mo`` is missing or older. An unknown language, or
    one without a catalogue, gets :class:`gettext.NullTranslations`, which
    returns the English msgids.
    """
    code = normalize_language(lang)
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as fh:
                return _gettext.GNUTranslations(fh)
        if po.exists():
            return _compile_po(po)
    except (OSError, ValueError) as exc:  # a corrupt catalogue must not take the service down
        log.warning("cannot read the %s catalogue (%s); showing English", code, exc)
    return _gettext.NullTranslations()


def gettext(lang: str, msgid: str) -> str:
    """``msgid`` translated into ``lang``."""
    return translations(lang).gettext(msgid)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that agrees with ``n`` in ``lang``.

    The result is not formatted: ``ngettext("ru", "{n} school", "{n}
    schools", 21).format(n=21)`` gives «21 школа».
    """
    return translations(lang).ngettext(singular, plural, n)


def pgettext(lang: str, context: str, msgid: str) -> str:
    """``msgid`` in ``context`` translated into ``lang``."""
    return translations(lang).pgettext(context, msgid)


def npgettext(lang: str, context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context."""
    return translations(lang).npgettext(context, singular, plural, n)


def term(lang: str, kind: str, value: Any) -> str:
    """A word of :data:`~mentornet.messages.TERMS` (a role, a kind of school …) in ``lang``.

    A value the table does not know is returned as it is (a name or a code).
    Kind ``"list:<kind>"`` translates a comma-separated list of values;
    kind ``"count:<noun>"`` renders a number with its noun in agreement
    (:data:`~mentornet.messages.COUNTS`), e.g. «21 школа», «34 школы».
    """
    if kind.startswith("count:"):
        noun = kind[6:]
        n = int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
        singular, plural = COUNTS[noun]
        return npgettext(lang, noun, singular, plural, n).format(n=n)
    if kind == "decimal":
        # A figure of a reason: one decimal at least, two where they matter (45.03),
        # with the language's decimal mark («41,2 < 45,0»).
        number = float(value) if isinstance(value, (int, float)) else float("nan")
        text = f"{number:.2f}"
        if text.endswith("0"):
            text = text[:-1]
        return text.replace(".", ",") if normalize_language(lang) == "ru" else text
    if kind.startswith("list:"):
        inner = kind[5:]
        items = value if isinstance(value, (list, tuple)) else [v for v in str(value).split(",") if v]
        return ", ".join(term(lang, inner, v) for v in items)
    if isinstance(value, bool):
        key = "true" if value else "false"
    else:
        key = getattr(value, "value", value)
        key = str(key)
    msgid = TERMS.get(kind, {}).get(key)
    return key if msgid is None else pgettext(lang, kind, msgid)


def yes_no(lang: str, value: bool) -> str:
    """«да»/«нет», "yes"/"no"."""
    return term(lang, "bool", bool(value))


class _Params(dict[str, Any]):
    """Format values; an unknown placeholder shows as ``{name}``, never a KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Message(BaseModel):
    """Something mentornet says, stored as a code plus parameters.

    ``code`` names an entry of :data:`mentornet.messages.MESSAGES`;
    ``params`` fill its placeholders. The sentence is made only by
    :meth:`render`, in the reader's language, so ``plan.json`` and the
    database hold codes and facts, not finished sentences.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    params: dict[str, Param] = Field(default_factory=dict)

    @classmethod
    def text(cls, text: str | Mapping[str, str]) -> Message:
        """A free text typed by a person (or, per language, an old stored sentence)."""
        if isinstance(text, Mapping):
            return cls(code="text", params={str(k): str(v) for k, v in text.items() if v})
        return cls(code="text", params={"text": str(text)})

    def render(self, lang: str = SOURCE_LANGUAGE) -> str:
        """The sentence in ``lang`` (English for a language without a catalogue)."""
        lang = normalize_language(lang)
        if self.code == "text":
            p = self.params
            value = p.get(lang) or p.get("text") or p.get(SOURCE_LANGUAGE) or next((v for v in p.values() if v), "")
            return str(value)
        entry = MESSAGES.get(self.code)
        if entry is None:
            log.warning("unknown message code %r", self.code)
            return self.code
        tr = translations(lang)
        if entry.plural is not None:
            count = self.params.get(entry.count or "n")
            n = int(count) if isinstance(count, (int, float)) else 0
            if entry.context:
                template = tr.npgettext(entry.context, entry.msgid, entry.plural, n)
            else:
                template = tr.ngettext(entry.msgid, entry.plural, n)
        else:
            template = tr.pgettext(entry.context, entry.msgid) if entry.context else tr.gettext(entry.msgid)
        values = _Params()
        for key, raw in self.params.items():
            kind = entry.terms.get(key)
            if kind is not None:
                values[key] = term(lang, kind, raw)
            elif isinstance(raw, bool):
                values[key] = yes_no(lang, raw)
            elif raw is None:
                values[key] = "—"
            else:
                values[key] = raw
        try:
            return template.format_map(values)
        except (ValueError, TypeError, IndexError) as exc:  # a translator's typo in a placeholder
            log.warning("cannot format message %r in %s: %s", self.code, lang, exc)
            return entry.msgid.format_map(values)

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def render_all(messages: Iterable[Message], lang: str = SOURCE_LANGUAGE, sep: str = "; ") -> str:
    """Several messages rendered in ``lang`` and joined (the clauses of a reason)."""
    return sep.join(m.render(lang) for m in messages)
