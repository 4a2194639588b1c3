"""The claim page's Actions, pressed as a person would: whoever opens a claim, in whatever state,
every button there does what it says and every link opens; none leads to a 404. The decisions
are taken on the review page (the claim page links there) and nobody settles a claim by hand
(the statement that pays it does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client

from aftersales.claims import review, services
from aftersales.claims.models import Claim
from aftersales.claims.submission import claim_resubmit
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core.transitions import transition
from tests.claims.helpers import make_claim, submitted_claim
from tests.factories import World, claims_people

# Everyone who opens a claim of the Pudong station (tests/claims/test_access.py), and the admin.
OPENERS = [
    "manager",
    "advisor",
    "station_assessor",
    "auditor",
    "assessor",
    "finance",
    "agent",
    "dispatcher",
    "admin",
]


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)


class Actions(HTMLParser):
    """The forms and links inside the page's `<div id="actions">`."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.depth:
            if tag == "div":
                self.depth += 1
            elif tag == "form":
                self.forms.append(Form(a["action"]))
            elif tag == "input" and "name" in a:
                self.forms[-1].fields[a["name"]] = a.get("value", "")
                if "required" in a:
                    self.forms[-1].required.add(a["name"])
            elif tag == "a":
                self.links.append(a["href"])
        elif tag == "div" and a.get("id") == "actions":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1


def actions_of(page: str) -> Actions:
    parser = Actions()
    parser.feed(page)
    assert parser.depth == 0, "the actions box is not closed"
    return parser


def signed_in(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _decided(world: World, decision: str, **kw: object) -> Claim:
    claim = submitted_claim(world)
    return review.claim_review(claim=claim, actor=world.users["auditor"], decision=decision, **kw)  # type: ignore[arg-type]


def _returned(world: World) -> Claim:
    return _decided(world, "return", comment="补铭牌照片")


def _in_part(world: World) -> Claim:
    claim = submitted_claim(world)
    labour = claim.lines.get(kind="labour")
    adjustment = review.Adjustment(
        line_id=labour.pk, reason_code="hours_above_standard", approved_quantity="0.25"
    )
    return review.claim_review(
        claim=claim,
        actor=world.users["auditor"],
        decision="approve_in_part",
        adjustments=[adjustment],
    )


STATES: dict[str, Callable[[World], Claim]] = {
    "draft": make_claim,
    "submitted": submitted_claim,
    "returned": _returned,
    "resubmitted": lambda w: claim_resubmit(
        claim=_returned(w), actor=w.users["manager"], comment="已补照片"
    ),
    "approved": lambda w: _decided(w, "approve"),
    "partially_approved": _in_part,
    "rejected": lambda w: _decided(w, "reject", reason_code="no_evidence", comment="照片不清"),
    "cancelled": lambda w: services.claim_cancel(
        claim=make_claim(w), actor=w.users["manager"], reason="重复录入"
    ),
    "settled": lambda w: transition(_decided(w, "approve"), "settle", actor=w.users["finance"]),
}


class Undo(Exception):
    """Leaves the savepoint: each button is pressed on the claim as it was."""


def press(client: Client, claim: Claim, form: Form) -> None:
    """Post the form as a person fills it (a reason where one is asked) and check the claim
    went where the button said."""
    data = dict(form.fields)
    for name in form.required | ({"reason"} & data.keys()):
        data[name] = "已核实"  # a reason, or what was corrected
    name = data["transition"]
    r = client.post(form.action, data)
    assert r.status_code == 302, (name, r.status_code)
    assert r["Location"] == f"/staff/claims/{claim.pk}/", name
    shown = client.get(r["Location"]).content.decode()
    assert 'class="success"' in shown, (name, shown[:2000])
    assert Claim.objects.get(pk=claim.pk).status == CLAIM_FLOW.get(name).target, name


@pytest.mark.parametrize("state", list(STATES))
def test_every_action_on_the_claim_page_works_for_whoever_sees_it(world, state):
    claims_people(world)
    claim = STATES[state](world)
    assert claim.status == state
    for role in OPENERS:
        client = signed_in(world, role)
        page = client.get(f"/staff/claims/{claim.pk}/")
        assert page.status_code == 200, role
        actions = actions_of(page.content.decode())
        for form in actions.forms:
            assert form.fields.get("transition") != "settle", role
            try:
                with transaction.atomic():
                    press(client, claim, form)
                    raise Undo
            except Undo:
                pass
            except AssertionError as exc:
                raise AssertionError(f"{role} on a {state} claim: {exc}") from exc
        for href in actions.links:
            r = client.get(href)
            assert r.status_code == 200, (role, state, href, r.status_code)


def test_the_reviewer_is_sent_to_the_review_page_and_finance_settles_nothing(world):
    claims_people(world)
    waiting = submitted_claim(world)
    page = signed_in(world, "auditor").get(f"/staff/claims/{waiting.pk}/").content.decode()
    actions = actions_of(page)
    assert (actions.forms, actions.links) == ([], [f"/staff/claims/{waiting.pk}/review/"])
    approved = _decided(world, "approve")
    page = signed_in(world, "finance").get(f"/staff/claims/{approved.pk}/").content.decode()
    actions = actions_of(page)
    assert (actions.forms, actions.links) == ([], [])
    assert 'id="no-actions"' in page
    # Nor can it be posted by hand.
    r = signed_in(world, "finance").post(
        f"/staff/claims/{approved.pk}/transition/", {"transition": "settle"}
    )
    assert r.status_code == 404
    assert Claim.objects.get(pk=approved.pk).status == "approved"
