"""The gettext catalogues: complete, current, consistent, and loadable without a build.

Fails on an untranslated or fuzzy message id, a msgid the code uses that the
catalogue template lacks (``make i18n`` not run), a translation whose
``{placeholders}`` differ from the English text, or a catalogue that
cannot be read.
"""

from __future__ import annotations

import gettext as std_gettext
import re
import shutil

import pytest
from babel.messages.pofile import read_po

from mentornet import i18n
from mentornet.export_labels import LABELS, METRIC_NAMES
from mentornet.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, Message
from mentornet.messages import COUNTS, MESSAGES, TERMS

TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)")


def _catalog(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        return read_po(fh)


def _template():
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        return read_po(fh)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, msgid


def test_every_language_has_a_catalogue():
    assert SOURCE_LANGUAGE in LANGUAGES and "ru" in LANGUAGES
    for lang in LANGUAGES:
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").is_file(), lang


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_translates_every_message_id(lang):
    template = {_key(m) for m in _template() if m.id}
    catalog = _catalog(lang)
    entries = {_key(m): m for m in catalog if m.id}
    missing = sorted(template - set(entries), key=str)
    assert not missing, f"{lang}: not in the catalogue (run make i18n): {missing[:10]}"
    untranslated = [k for k, m in entries.items() if k in template and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert not untranslated, f"{lang}: untranslated message ids: {untranslated[:10]}"
    fuzzy = [k for k, m in entries.items() if k in template and m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy (unchecked) translations: {fuzzy[:10]}"
    if lang == "ru":
        assert catalog.num_plurals == 3


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang):
    for m in _catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set(_PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            assert set(_PLACEHOLDER.findall(s)) == want, f"{lang}: {ids[0]!r} -> {s!r}"


def test_the_template_holds_every_msgid_the_code_uses():
    template = {_key(m) for m in _template() if m.id}
    used: set[tuple[str | None, str]] = set()
    for code, entry in MESSAGES.items():
        if code != "text":
            used.add((entry.context, entry.msgid))
    for kind, values in TERMS.items():
        used |= {(kind, msgid) for msgid in values.values()}
    used |= {(noun, pair[0]) for noun, pair in COUNTS.items()}
    used |= {("export", msgid) for msgid in LABELS.values()}
    used |= {("metric", msgid) for msgid in METRIC_NAMES.values()}
    assert not used - template, f"run make i18n: {sorted(used - template, key=str)[:10]}"


def test_message_codes_name_their_parameters():
    # Every term kind a message names exists; a plural names its count parameter.
    for code, entry in MESSAGES.items():
        for kind in entry.terms.values():
            if kind == "decimal":  # a number rendered with the language's decimal mark, not a word
                continue
            base = kind.split(":", 1)[1] if ":" in kind else kind
            assert base in (COUNTS if kind.startswith("count:") else TERMS), (code, kind)
        if entry.plural is not None:
            assert entry.count and entry.plural != entry.msgid, code


def test_a_missing_mo_is_compiled_from_the_po_in_memory(tmp_path, monkeypatch):
    # A fresh clone has no .mo files: the catalogue still loads, from the .po.
    for lang in LANGUAGES:
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", folder)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        tr = i18n.translations("ru")
        assert isinstance(tr, std_gettext.GNUTranslations)
        assert Message(code="pair.novelty").render("ru") == "новый наставник или направление"
    finally:
        i18n.translations.cache_clear()


def test_an_unknown_language_reads_english():
    assert isinstance(i18n.translations("xx"), std_gettext.NullTranslations)
    assert Message(code="pair.novelty").render("de") == "brings a new mentor or direction"
    assert i18n.normalize_language("ru-RU") == "ru"
