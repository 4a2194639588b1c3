"""The shipped catalogues: every message has its Simplified Chinese translation."""

from pathlib import Path

import polib

import aftersales

LOCALE = Path(aftersales.__file__).parent / "locale"


def test_every_message_is_translated_to_simplified_chinese():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [
        e.msgid for e in po.fuzzy_entries()
    ]
    assert untranslated == []
    assert len(po) > 300


def test_placeholders_survive_translation():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        for token in (
            "%(number)s",
            "%(name)s",
            "%(state)s",
            "%(allowed)s",
            "%(mb)s",
            "%(product)s",
        ):
            assert (token in entry.msgid) == (token in entry.msgstr), entry.msgid
