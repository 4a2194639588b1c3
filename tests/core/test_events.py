"""Declared events: every verb has a label in both languages and an audience."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from aftersales.core.audit import record_event
from aftersales.core.events import Audience, declared_events, event_label
from aftersales.core.models import AuditEvent

VERB = re.compile(r"^[a-z_]+\.[a-z_]+$")  # a whole verb, not a piece of an f-string
SRC = Path(__file__).resolve().parents[2] / "src" / "aftersales"


def verbs_written_in_the_code() -> set[str]:
    """Every literal `verb=` handed to record_event anywhere in the apps."""
    verbs = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "verb":
                for value in ast.walk(node.value):
                    if isinstance(value, ast.Constant) and VERB.match(str(value.value)):
                        verbs.add(str(value.value))
    return verbs


def test_every_verb_the_code_writes_is_declared():
    written = verbs_written_in_the_code()
    assert written, "the scan found no verbs: it is broken"
    assert written - set(declared_events()) == set()


def test_an_undeclared_verb_is_refused_and_nothing_is_written(world):
    before = AuditEvent.objects.count()
    with pytest.raises(LookupError, match="undeclared event verb"):
        record_event(record=world.customer, verb="customer.teleported", actor=None)
    assert AuditEvent.objects.count() == before


def test_every_declared_event_has_an_audience_and_a_label_in_both_languages():
    for verb, event in declared_events().items():
        assert event.audience in Audience.values, verb
        with translation.override("en"):
            english = event_label(verb)
        with translation.override("zh-hans"):
            chinese = event_label(verb)
        assert english and english != verb, verb
        assert chinese and any("\u4e00" <= ch <= "\u9fff" for ch in chinese), (verb, chinese)


def test_the_audience_decides_what_the_customer_sees(world):
    station_only = record_event(
        record=world.customer, verb="customer.created", actor=None
    )  # audience: station
    for_customer = record_event(record=world.asset, verb="asset.registered", actor=None)
    assert (station_only.public, for_customer.public) == (False, True)
