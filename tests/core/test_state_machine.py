"""The state-machine mechanism on plain objects, without the database."""

from dataclasses import dataclass

import pytest
from django.db import models

from aftersales.core.access import Principal
from aftersales.core.errors import Conflict, Invalid, NotAllowed
from aftersales.core.state_machine import StateMachine, Transition


@dataclass
class Doc:
    state: str
    owner: int


def principal(*roles: str, user_id: int = 1) -> Principal:
    return Principal(
        type("U", (), {"pk": user_id})(), 1, "station", None, frozenset(roles), False, None
    )


class DocState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


MACHINE = StateMachine(
    name="doc",
    states=DocState,
    colours={DocState.APPROVED: "green"},
    groups={"terminal": frozenset({DocState.APPROVED})},
    status_field="state",
    transitions=[
        Transition("submit", "Submit", frozenset({"draft"}), "submitted", frozenset({"clerk"})),
        Transition(
            "approve",
            "Approve",
            frozenset({"submitted"}),
            "approved",
            frozenset({"boss"}),
            guard=lambda d, p: d.owner != p.user.pk,
        ),
        Transition(
            "reject",
            "Reject",
            frozenset({"submitted"}),
            "draft",
            frozenset({"boss"}),
            reason_required=True,
        ),
    ],
)


def test_allowed_lists_only_transitions_from_the_state_for_the_role():
    assert [t.name for t in MACHINE.allowed(Doc("submitted", owner=2), principal("boss"))] == [
        "approve",
        "reject",
    ]
    assert MACHINE.allowed(Doc("submitted", owner=2), principal("clerk")) == []


def test_guard_is_applied():
    assert [t.name for t in MACHINE.allowed(Doc("submitted", owner=1), principal("boss"))] == [
        "reject"
    ]


def test_wrong_state_is_a_conflict_naming_what_is_allowed_now():
    with pytest.raises(Conflict) as exc:
        MACHINE.check(Doc("draft", owner=2), "approve", principal("clerk"), "")
    assert exc.value.data["allowed"] == ["submit"]
    # The message speaks in labels, not codes.
    assert "Submit" in str(exc.value.message) and "Draft" in str(exc.value.message)


def test_wrong_role_is_not_allowed():
    with pytest.raises(NotAllowed):
        MACHINE.check(Doc("draft", owner=2), "submit", principal("boss"), "")


def test_reason_required():
    with pytest.raises(Invalid) as exc:
        MACHINE.check(Doc("submitted", owner=2), "reject", principal("boss"), "  ")
    assert "reason" in exc.value.fields


def test_unknown_transition_is_invalid():
    with pytest.raises(Invalid):
        MACHINE.check(Doc("draft", owner=2), "explode", principal("boss"), "")


def test_states_carry_labels_colours_and_groups():
    assert MACHINE.label("submitted") == "Submitted"
    assert MACHINE.colour("approved") == "green" and MACHINE.colour("draft") == "grey"
    assert MACHINE.in_group("approved", "terminal") and not MACHINE.in_group("draft", "terminal")


def test_a_machine_refuses_unknown_states_and_hooks_on_unknown_names():
    with pytest.raises(ValueError):
        StateMachine(
            name="bad",
            states=DocState,
            colours={},
            groups={},
            transitions=[Transition("x", "X", frozenset({"draft"}), "nowhere", frozenset())],
        )
    with pytest.raises(ValueError):
        MACHINE.before("explode")


def test_required_parameters_are_field_errors():
    machine = StateMachine(
        name="doc2",
        states=DocState,
        status_field="state",
        colours={},
        groups={},
        transitions=[
            Transition(
                "submit",
                "Submit",
                frozenset({"draft"}),
                "submitted",
                frozenset({"clerk"}),
                requires={"reviewer": ("reviewer_id", "Choose a reviewer.")},
            )
        ],
    )
    with pytest.raises(Invalid) as exc:
        machine.check(Doc("draft", owner=2), "submit", principal("clerk"), "", {})
    assert exc.value.fields == {"reviewer_id": "Choose a reviewer."}
    machine.check(Doc("draft", owner=2), "submit", principal("clerk"), "", {"reviewer": 7})
