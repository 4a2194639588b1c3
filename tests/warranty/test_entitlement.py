"""The warranty (三包) entitlement decision, at every boundary (issue 9 item 2)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from aftersales.core.errors import Invalid
from aftersales.warranty.entitlement import START_FALLBACK, Decision, decide
from aftersales.warranty.periods import add_months
from aftersales.warranty.terms import (
    Cause,
    Choice,
    ComponentTerm,
    Extension,
    ExtensionKind,
    Facts,
    MileageVerdict,
    Outcome,
    PolicyTerms,
    Reason,
    Rule,
    StartEvent,
)

D = date.fromisoformat
SOLD = D("2025-03-01")
CONSUMER = PolicyTerms(policy_id=7, version_label="Washing machines 2025 v1")
BATTERY = ComponentTerm("traction_battery", "traction battery", months=96, mileage_km=150_000)
WEAR = ComponentTerm("brake_pads", "brake pads", months=6)
AXLE = ComponentTerm("major_assembly", "major assembly", months=60)
VEHICLE = PolicyTerms(
    policy_id=9,
    version_label="Passenger cars 2025",
    repair_months=36,
    mileage_limit_km=100_000,
    components=(BATTERY, WEAR, AXLE),
    start_event=StartEvent.REGISTRATION,
)


def facts(claim: str | date = SOLD, **changes: Any) -> Facts:
    """A first owner's claim on a product sold on 2025-03-01 with its invoice."""
    fields: dict[str, Any] = {"sale_date": SOLD, "proof_of_purchase": True}
    claim_date = claim if isinstance(claim, date) else D(claim)
    return Facts(claim_date=claim_date, **{**fields, **changes})


def car(claim: str | date, km: int, **changes: Any) -> Facts:
    return facts(claim, registration_date=SOLD, mileage_km=km, **changes)


def months_after_sale(months: int) -> date:
    return add_months(SOLD, months)


@pytest.mark.parametrize(
    ("claim", "day", "outcome", "rule", "period_end"),
    [
        ("2025-03-01", 0, Outcome.RETURN, Rule.RETURN_PERIOD, "2025-03-08"),
        ("2025-03-02", 1, Outcome.RETURN, Rule.RETURN_PERIOD, "2025-03-08"),
        ("2025-03-08", 7, Outcome.RETURN, Rule.RETURN_PERIOD, "2025-03-08"),
        ("2025-03-09", 8, Outcome.EXCHANGE, Rule.EXCHANGE_PERIOD, "2025-03-31"),
        ("2025-03-31", 30, Outcome.EXCHANGE, Rule.EXCHANGE_PERIOD, "2025-03-31"),
        ("2025-04-01", 31, Outcome.REPAIR, Rule.REPAIR_TERM, "2026-03-01"),
        ("2026-03-01", 365, Outcome.REPAIR, Rule.REPAIR_TERM, "2026-03-01"),
        ("2026-03-02", 366, Outcome.PAID, Rule.TERM_ENDED, "2026-03-01"),
    ],
)
def test_default_consumer_policy_at_every_boundary_day(
    claim: str, day: int, outcome: Outcome, rule: Rule, period_end: str
) -> None:
    decision = decide(CONSUMER, facts(claim))
    assert (decision.outcome, decision.rule, decision.day_number) == (outcome, rule, day)
    assert decision.period_end == D(period_end)
    assert (decision.start_event, decision.start_date) == (StartEvent.SALE, SOLD)
    assert decision.reasons == ((Reason.TERM_EXPIRED,) if outcome == Outcome.PAID else ())
    assert decision.covered is (outcome != Outcome.PAID)


@pytest.mark.parametrize(
    ("sold", "last_return_day", "last_exchange_day"),
    [
        ("2025-01-31", "2025-02-07", "2025-03-02"),
        ("2025-02-28", "2025-03-07", "2025-03-30"),
        ("2024-02-28", "2024-03-06", "2024-03-29"),
        ("2024-02-29", "2024-03-07", "2024-03-30"),
        ("2025-12-28", "2026-01-04", "2026-01-27"),
    ],
)
def test_return_and_exchange_days_over_month_and_year_ends(
    sold: str, last_return_day: str, last_exchange_day: str
) -> None:
    def outcome(claim: date) -> Outcome:
        return decide(CONSUMER, facts(claim, sale_date=D(sold))).outcome

    last_return, last_exchange = D(last_return_day), D(last_exchange_day)
    assert outcome(last_return) == Outcome.RETURN
    assert outcome(date.fromordinal(last_return.toordinal() + 1)) == Outcome.EXCHANGE
    assert outcome(last_exchange) == Outcome.EXCHANGE
    assert outcome(date.fromordinal(last_exchange.toordinal() + 1)) == Outcome.REPAIR


@pytest.mark.parametrize(
    ("sold", "months", "last_day", "day"),
    [
        ("2025-01-31", 1, "2025-02-28", 28),
        ("2024-01-31", 1, "2024-02-29", 29),
        ("2025-08-31", 6, "2026-02-28", 181),
        ("2025-08-31", 12, "2026-08-31", 365),
        ("2024-02-29", 12, "2025-02-28", 365),
        ("2025-02-28", 12, "2026-02-28", 365),
        ("2023-03-01", 12, "2024-03-01", 366),
        ("2023-02-28", 12, "2024-02-28", 365),
        ("2024-02-29", 48, "2028-02-29", 1461),
    ],
)
def test_repair_term_ends_on_the_corresponding_day_or_the_months_last(
    sold: str, months: int, last_day: str, day: int
) -> None:
    # Repair only, so that a one-month term is not inside the 30-day exchange period.
    terms = PolicyTerms(return_days=0, exchange_days=0, repair_months=months)
    last = decide(terms, facts(last_day, sale_date=D(sold)))
    assert (last.outcome, last.rule, last.day_number) == (Outcome.REPAIR, Rule.REPAIR_TERM, day)
    assert last.period_end == D(last_day)
    after = decide(terms, facts(date.fromordinal(D(last_day).toordinal() + 1), sale_date=D(sold)))
    assert (after.outcome, after.rule, after.reasons) == (
        Outcome.PAID,
        Rule.TERM_ENDED,
        (Reason.TERM_EXPIRED,),
    )
    assert after.period_end == D(last_day)


HOLIDAY_POLICY = replace(CONSUMER, extend_over_holidays=True)


@pytest.mark.parametrize(
    ("sold", "claim", "plain", "moved"),
    [
        # Day 7 is National Day (2025-10-01): the return period runs to 2025-10-09.
        ("2025-09-24", "2025-10-01", Outcome.RETURN, Outcome.RETURN),
        ("2025-09-24", "2025-10-02", Outcome.EXCHANGE, Outcome.RETURN),
        ("2025-09-24", "2025-10-09", Outcome.EXCHANGE, Outcome.RETURN),
        ("2025-09-24", "2025-10-10", Outcome.EXCHANGE, Outcome.EXCHANGE),
        # Day 30 is National Day: the exchange period runs to 2025-10-09.
        ("2025-09-01", "2025-10-02", Outcome.REPAIR, Outcome.EXCHANGE),
        ("2025-09-01", "2025-10-09", Outcome.REPAIR, Outcome.EXCHANGE),
        ("2025-09-01", "2025-10-10", Outcome.REPAIR, Outcome.REPAIR),
        # Day 7 is 2025-10-11, a Saturday worked in lieu: nothing moves.
        ("2025-10-04", "2025-10-11", Outcome.RETURN, Outcome.RETURN),
        ("2025-10-04", "2025-10-12", Outcome.EXCHANGE, Outcome.EXCHANGE),
        # Day 7 is the first day of Spring Festival 2026: the period runs to 2026-02-24.
        ("2026-02-08", "2026-02-16", Outcome.EXCHANGE, Outcome.RETURN),
        ("2026-02-08", "2026-02-24", Outcome.EXCHANGE, Outcome.RETURN),
        ("2026-02-08", "2026-02-25", Outcome.EXCHANGE, Outcome.EXCHANGE),
        # Day 7 is Spring Festival's eve 2025: the period runs to 2025-02-05.
        ("2025-01-21", "2025-02-05", Outcome.EXCHANGE, Outcome.RETURN),
        # The repair term's last day 2025-10-01 moves to 2025-10-09.
        ("2024-10-01", "2025-10-09", Outcome.PAID, Outcome.REPAIR),
        ("2024-10-01", "2025-10-10", Outcome.PAID, Outcome.PAID),
    ],
)
def test_periods_move_over_holidays_only_under_a_policy_that_says_so(
    sold: str, claim: str, plain: Outcome, moved: Outcome
) -> None:
    claim_facts = facts(claim, sale_date=D(sold))
    assert decide(CONSUMER, claim_facts).outcome == plain
    assert decide(HOLIDAY_POLICY, claim_facts).outcome == moved


def test_a_moved_last_day_is_cited_with_the_day_it_was_counted_to() -> None:
    decision = decide(HOLIDAY_POLICY, facts("2025-10-05", sale_date=D("2025-09-24")))
    assert decision.outcome == Outcome.RETURN
    assert (decision.nominal_period_end, decision.period_end) == (D("2025-10-01"), D("2025-10-09"))
    assert decision.explanation[-1] == (
        "The last day 2025-10-01 is a rest day: the policy moves it to 2025-10-09."
    )


@pytest.mark.parametrize(
    ("km", "outcome", "rule", "verdict", "reasons"),
    [
        (0, Outcome.REPAIR, Rule.REPAIR_TERM, MileageVerdict.WITHIN, ()),
        (99_999, Outcome.REPAIR, Rule.REPAIR_TERM, MileageVerdict.WITHIN, ()),
        (100_000, Outcome.REPAIR, Rule.REPAIR_TERM, MileageVerdict.WITHIN, ()),
        (
            100_001,
            Outcome.PAID,
            Rule.TERM_ENDED,
            MileageVerdict.EXCEEDED,
            (Reason.MILEAGE_EXCEEDED,),
        ),
    ],
)
def test_vehicle_mileage_limit_whichever_comes_first(
    km: int, outcome: Outcome, rule: Rule, verdict: MileageVerdict, reasons: tuple[Reason, ...]
) -> None:
    decision = decide(VEHICLE, car("2026-06-01", km))
    assert (decision.outcome, decision.rule, decision.mileage) == (outcome, rule, verdict)
    assert (decision.mileage_limit_km, decision.reasons) == (100_000, reasons)
    assert decision.period_end == D("2028-03-01")


@pytest.mark.parametrize(
    ("claim", "km", "reasons"),
    [
        ("2028-03-01", 50_000, ()),
        ("2028-03-02", 50_000, (Reason.TERM_EXPIRED,)),
        ("2028-03-02", 100_001, (Reason.TERM_EXPIRED, Reason.MILEAGE_EXCEEDED)),
    ],
)
def test_vehicle_term_by_date(claim: str, km: int, reasons: tuple[Reason, ...]) -> None:
    decision = decide(VEHICLE, car(claim, km))
    assert decision.reasons == reasons
    assert decision.outcome == (Outcome.PAID if reasons else Outcome.REPAIR)


def test_mileage_within_the_term_but_over_the_limit_is_explained_as_mileage_first() -> None:
    decision = decide(VEHICLE, car("2026-06-01", 100_001))
    assert decision.explanation[-2:] == (
        "The mileage limit was reached before the term's last day (2028-03-01).",
        "Mileage 100,001 km, beyond the 100,000 km limit (whichever comes first).",
    )


def test_a_mileage_limited_term_needs_the_mileage() -> None:
    with pytest.raises(Invalid) as refused:
        decide(VEHICLE, facts("2026-06-01", registration_date=SOLD))
    assert set(refused.value.fields) == {"mileage_km"}


@pytest.mark.parametrize(
    ("component", "claim", "km", "outcome", "rule", "period_end", "limit"),
    [
        # Traction battery: 96 months / 150,000 km, longer than the car's 36 months / 100,000.
        ("traction_battery", months_after_sale(50), 120_000, Outcome.REPAIR, Rule.COMPONENT_TERM,
         "2033-03-01", 150_000),
        ("traction_battery", months_after_sale(96), 150_000, Outcome.REPAIR, Rule.COMPONENT_TERM,
         "2033-03-01", 150_000),
        ("traction_battery", months_after_sale(60), 150_001, Outcome.PAID, Rule.TERM_ENDED,
         "2033-03-01", 150_000),
        ("traction_battery", "2033-03-02", 140_000, Outcome.PAID, Rule.TERM_ENDED,
         "2033-03-01", 150_000),
        # Another part of the same car at 50 months: the car's term has ended.
        ("", months_after_sale(50), 120_000, Outcome.PAID, Rule.TERM_ENDED, "2028-03-01",
         100_000),
        # A major assembly with months only: no mileage limit of its own, whatever the car's.
        ("major_assembly", months_after_sale(59), 180_000, Outcome.REPAIR, Rule.COMPONENT_TERM,
         "2030-03-01", None),
        # Brake pads: 6 months, shorter than the car's term, judged on their own.
        ("brake_pads", "2025-09-01", 9_000, Outcome.REPAIR, Rule.COMPONENT_TERM, "2025-09-01",
         None),
        ("brake_pads", "2025-09-02", 9_000, Outcome.PAID, Rule.TERM_ENDED, "2025-09-01", None),
        # A code the policy does not list: the car's term.
        ("wiper_motor", "2025-09-02", 9_000, Outcome.REPAIR, Rule.REPAIR_TERM, "2028-03-01",
         100_000),
    ],
)  # fmt: skip
def test_a_failed_component_with_its_own_term_is_judged_on_it(
    component: str,
    claim: str | date,
    km: int,
    outcome: Outcome,
    rule: Rule,
    period_end: str,
    limit: int | None,
) -> None:
    decision = decide(VEHICLE, car(claim, km, component_code=component))
    assert (decision.outcome, decision.rule) == (outcome, rule)
    assert (decision.period_end, decision.mileage_limit_km) == (D(period_end), limit)
    assert decision.component_code == component


def test_a_component_without_a_mileage_limit_has_no_mileage_verdict() -> None:
    decision = decide(VEHICLE, car(months_after_sale(59), 180_000, component_code="major_assembly"))
    assert decision.mileage == MileageVerdict.NO_LIMIT
    assert "The major assembly has a term of its own: 60 months." in decision.explanation


def test_an_unlisted_component_is_explained() -> None:
    decision = decide(VEHICLE, car("2025-09-02", 9_000, component_code="wiper_motor"))
    assert "Component wiper_motor has no term of its own: the product's term applies." in (
        decision.explanation
    )


def test_a_component_failing_in_the_return_period_returns_the_whole_product() -> None:
    decision = decide(VEHICLE, car("2025-03-05", 120, component_code="traction_battery"))
    assert (decision.outcome, decision.rule) == (Outcome.RETURN, Rule.RETURN_PERIOD)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"proof_of_purchase": False}, Reason.NO_PROOF),
        ({"serial_label_intact": False}, Reason.SERIAL_LABEL),
        ({"serial_matches_card": False}, Reason.SERIAL_MISMATCH),
        ({"cause": Cause.MISUSE}, Reason.MISUSE),
        ({"repaired_by_unauthorised": True}, Reason.UNAUTHORISED_REPAIR),
        ({"cause": Cause.ACCIDENT}, Reason.ACCIDENT),
        ({"cause": Cause.FORCE_MAJEURE}, Reason.FORCE_MAJEURE),
    ],
)
@pytest.mark.parametrize(
    ("claim", "would_be"),
    [("2025-03-03", Rule.RETURN_PERIOD), ("2025-03-20", Rule.EXCHANGE_PERIOD),
     ("2025-11-11", Rule.REPAIR_TERM)],
)  # fmt: skip
def test_each_exclusion_makes_the_repair_paid_on_any_day(
    changes: dict[str, Any], reason: Reason, claim: str, would_be: Rule
) -> None:
    decision = decide(CONSUMER, facts(claim, **changes))
    assert (decision.outcome, decision.rule, decision.reasons) == (
        Outcome.PAID,
        Rule.EXCLUDED,
        (reason,),
    )
    covering = {Rule.RETURN_PERIOD: "2025-03-08", Rule.EXCHANGE_PERIOD: "2025-03-31"}
    assert decision.period_end == D(covering.get(would_be, "2026-03-01"))
    assert decision.explanation[-1] == f"Not covered: {reason.label}."


def test_every_reason_that_applies_is_listed_in_order() -> None:
    decision = decide(
        CONSUMER,
        facts(
            "2026-05-01",
            proof_of_purchase=False,
            serial_matches_card=False,
            cause=Cause.ACCIDENT,
            repaired_by_unauthorised=True,
        ),
    )
    assert decision.reasons == (
        Reason.NO_PROOF,
        Reason.SERIAL_MISMATCH,
        Reason.TERM_EXPIRED,
        Reason.UNAUTHORISED_REPAIR,
        Reason.ACCIDENT,
    )
    assert decision.rule == Rule.EXCLUDED


@pytest.mark.parametrize(
    ("claim", "outcome"),
    [
        ("2025-03-05", Outcome.RETURN),
        ("2025-03-20", Outcome.EXCHANGE),
        ("2025-12-01", Outcome.REPAIR),
    ],
)
def test_an_e_registration_replaces_the_paper_invoice_and_card(
    claim: str, outcome: Outcome
) -> None:
    decision = decide(CONSUMER, facts(claim, proof_of_purchase=False, e_registration=True))
    assert (decision.outcome, decision.reasons) == (outcome, ())
    assert (
        "No paper invoice or warranty card: the warranty e-registration replaces them."
        in decision.explanation
    )


def test_neither_paper_proof_nor_e_registration_is_no_proof() -> None:
    decision = decide(CONSUMER, facts("2025-03-05", proof_of_purchase=False, e_registration=False))
    assert (decision.outcome, decision.reasons) == (Outcome.PAID, (Reason.NO_PROOF,))


EXTENDED = Extension(ExtensionKind.EXTENDED, months=24)
GOODWILL = Extension(ExtensionKind.GOODWILL, months=6, valid_from=D("2027-01-01"))
EXTENDED_POLICY = replace(CONSUMER, extensions=(GOODWILL, EXTENDED))


@pytest.mark.parametrize(
    ("claim", "outcome", "rule", "period_end"),
    [
        ("2026-03-01", Outcome.REPAIR, Rule.REPAIR_TERM, "2026-03-01"),
        ("2026-03-02", Outcome.REPAIR, Rule.EXTENDED_WARRANTY, "2028-03-01"),
        ("2028-03-01", Outcome.REPAIR, Rule.EXTENDED_WARRANTY, "2028-03-01"),
        ("2028-03-02", Outcome.REPAIR, Rule.GOODWILL, "2028-09-01"),
        ("2028-09-01", Outcome.REPAIR, Rule.GOODWILL, "2028-09-01"),
        ("2028-09-02", Outcome.PAID, Rule.TERM_ENDED, "2028-09-01"),
    ],
)
def test_extensions_lengthen_the_repair_term_bought_cover_first(
    claim: str, outcome: Outcome, rule: Rule, period_end: str
) -> None:
    decision = decide(EXTENDED_POLICY, facts(claim))
    assert (decision.outcome, decision.rule) == (outcome, rule)
    assert decision.period_end == D(period_end)


def test_an_extension_counts_only_for_claims_from_its_valid_from_date() -> None:
    late_goodwill = replace(GOODWILL, valid_from=D("2028-05-01"))
    policy = replace(CONSUMER, extensions=(EXTENDED, late_goodwill))
    before = decide(policy, facts("2028-04-30"))
    assert (before.outcome, before.reasons) == (Outcome.PAID, (Reason.TERM_EXPIRED,))
    assert before.period_end == D("2028-03-01")
    after = decide(policy, facts("2028-05-01"))
    assert (after.outcome, after.rule) == (Outcome.REPAIR, Rule.GOODWILL)


@pytest.mark.parametrize(
    ("claim", "km", "rule", "limit"),
    [
        # The car's own 100,000 km are passed, the extension's 150,000 are not.
        ("2026-06-01", 120_000, Rule.EXTENDED_WARRANTY, 150_000),
        ("2029-06-01", 150_000, Rule.EXTENDED_WARRANTY, 150_000),
        ("2029-06-01", 150_001, Rule.TERM_ENDED, 150_000),
        ("2030-03-02", 80_000, Rule.TERM_ENDED, 150_000),
    ],
)
def test_an_extended_vehicle_warranty_adds_months_and_km(
    claim: str, km: int, rule: Rule, limit: int
) -> None:
    bought = Extension(ExtensionKind.EXTENDED, months=24, mileage_km=50_000)
    decision = decide(replace(VEHICLE, extensions=(bought,)), car(claim, km))
    assert (decision.rule, decision.mileage_limit_km) == (rule, limit)
    assert decision.period_end == D("2030-03-01")


def test_extensions_do_not_lengthen_a_components_own_term() -> None:
    policy = replace(VEHICLE, extensions=(Extension(ExtensionKind.EXTENDED, months=24),))
    decision = decide(policy, car("2025-09-02", 9_000, component_code="brake_pads"))
    assert (decision.outcome, decision.reasons) == (Outcome.PAID, (Reason.TERM_EXPIRED,))


INSTALLED = replace(CONSUMER, start_event=StartEvent.INSTALLATION)


def test_an_installed_product_counts_from_the_accepted_installation() -> None:
    decision = decide(INSTALLED, facts("2025-03-20", installation_accepted_date=D("2025-03-15")))
    assert (decision.start_event, decision.start_date) == (StartEvent.INSTALLATION, D("2025-03-15"))
    assert (decision.outcome, decision.day_number, decision.start_fell_back) == (
        Outcome.RETURN,
        5,
        False,
    )
    assert decision.explanation[0] == "Day 5 after the accepted installation on 2025-03-15."


@pytest.mark.parametrize(
    ("policy", "sentence"),
    [
        (INSTALLED, "The installation has not been accepted yet: the warranty is counted from "
         "the sale."),
        (replace(CONSUMER, start_event=StartEvent.REGISTRATION),
         "The first registration is not recorded: the warranty is counted from the sale."),
    ],
)  # fmt: skip
def test_a_missing_start_event_falls_back_to_the_sale(policy: PolicyTerms, sentence: str) -> None:
    decision = decide(policy, facts("2025-03-20"))
    assert (decision.start_event, decision.start_date) == (StartEvent.SALE, SOLD)
    assert decision.requested_start_event == policy.start_event
    assert decision.start_fell_back
    assert (decision.outcome, decision.day_number) == (Outcome.EXCHANGE, 19)
    assert decision.explanation[:2] == (sentence, "Day 19 after the sale on 2025-03-01.")


def test_the_fallback_order_is_declared_for_every_start_event() -> None:
    assert set(START_FALLBACK) == set(StartEvent)
    assert all(order[-1] == StartEvent.SALE for order in START_FALLBACK.values())


def test_no_start_date_at_all_asks_for_the_sale_date() -> None:
    with pytest.raises(Invalid) as refused:
        decide(INSTALLED, facts("2025-03-20", sale_date=None))
    assert set(refused.value.fields) == {"sale_date"}


def test_a_claim_before_the_start_is_refused() -> None:
    with pytest.raises(Invalid) as refused:
        decide(CONSUMER, facts("2025-02-28"))
    assert set(refused.value.fields) == {"claim_date"}


@pytest.mark.parametrize("changes", [{"first_owner": False}, {"whole_product": False}])
@pytest.mark.parametrize("claim", ["2025-03-01", "2025-03-08", "2025-03-31"])
def test_return_and_exchange_only_for_the_first_owner_of_the_whole_product(
    changes: dict[str, Any], claim: str
) -> None:
    decision = decide(CONSUMER, facts(claim, **changes))
    assert (decision.outcome, decision.rule) == (Outcome.REPAIR, Rule.REPAIR_TERM)
    assert decision.period_end == D("2026-03-01")
    assert decision.explanation[1] == (
        "Return and exchange are only for the first owner of the product as a whole: "
        "this claim is judged on the repair term."
    )


def test_a_policy_without_return_or_exchange_repairs_from_day_0() -> None:
    policy = replace(CONSUMER, return_days=0, exchange_days=0)
    assert decide(policy, facts("2025-03-01")).rule == Rule.REPAIR_TERM
    assert decide(policy, facts("2025-03-02")).rule == Rule.REPAIR_TERM


def test_the_explanation_names_the_day_the_event_and_the_period() -> None:
    decision = decide(CONSUMER, facts("2025-03-06"))
    assert decision.explanation == (
        "Day 5 after the sale on 2025-03-01.",
        "Within the 7-day return period (last day 2025-03-08).",
    )
    assert decision.explain() == (
        "Day 5 after the sale on 2025-03-01.\nWithin the 7-day return period (last day 2025-03-08)."
    )


def test_the_sale_day_itself_is_explained() -> None:
    decision = decide(CONSUMER, facts("2025-03-01"))
    assert decision.explanation[0] == (
        "The day of the sale itself (2025-03-01): not counted, but within the period."
    )


def test_a_vehicle_decision_explains_the_term_and_the_mileage() -> None:
    decision = decide(VEHICLE, car("2026-06-01", 42_000))
    assert decision.explanation == (
        "Day 457 after the first registration on 2025-03-01.",
        "Within the 36-month repair term (last day 2028-03-01).",
        "Mileage 42,000 km, within the 100,000 km limit (whichever comes first).",
    )


def test_an_expired_term_is_explained() -> None:
    decision = decide(EXTENDED_POLICY, facts("2028-09-02"))
    assert decision.explanation[-1] == "The 42-month warranty term ended on 2028-09-01."


def test_the_decision_cites_its_policy_and_serialises() -> None:
    decision = decide(VEHICLE, car("2026-06-01", 42_000, component_code="traction_battery"))
    stored = json.loads(json.dumps(decision.as_dict()))
    assert stored == {
        "outcome": "repair",
        "rule": "component_term",
        "reasons": [],
        "claim_date": "2026-06-01",
        "day_number": 457,
        "start_event": "registration",
        "start_date": "2025-03-01",
        "requested_start_event": "registration",
        "period_end": "2033-03-01",
        "nominal_period_end": "2033-03-01",
        "mileage": "within",
        "mileage_km": 42_000,
        "mileage_limit_km": 150_000,
        "component_code": "traction_battery",
        "policy_id": 9,
        "version_label": "Passenger cars 2025",
    }
    assert isinstance(decision, Decision)


@pytest.mark.parametrize(
    "choice", [StartEvent, Cause, ExtensionKind, Outcome, Rule, Reason, MileageVerdict]
)
def test_every_code_has_a_label(choice: type[Choice]) -> None:
    choices = choice.choices()
    assert [value for value, _ in choices] == [member.value for member in choice]
    assert all(str(label) for _, label in choices)


def test_codes_of_different_enums_keep_their_own_labels() -> None:
    assert str(Cause.MISUSE.label) == "Use against the manual"
    assert str(Reason.MISUSE.label) == "Used against the instruction manual"
    assert str(Outcome.RETURN.label) == "Return (包退)"


def test_stored_strings_become_codes() -> None:
    terms = PolicyTerms(start_event="installation")  # type: ignore[arg-type]
    assert terms.start_event is StartEvent.INSTALLATION
    assert facts(cause="misuse").cause is Cause.MISUSE
    assert Extension(kind="goodwill", months=3).kind is ExtensionKind.GOODWILL  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: PolicyTerms(return_days=-1), "return_days"),
        (lambda: PolicyTerms(repair_months=-1), "repair_months"),
        (lambda: PolicyTerms(mileage_limit_km=-1), "mileage_limit_km"),
        (lambda: PolicyTerms(return_days=15, exchange_days=10), "exchange_days"),
        (lambda: PolicyTerms(components=(BATTERY, BATTERY)), "components"),
        (lambda: PolicyTerms(start_event="delivery"), "start_event"),  # type: ignore[arg-type]
        (lambda: ComponentTerm("x", "x", months=-1), "months"),
        (lambda: Extension(ExtensionKind.EXTENDED, months=12, mileage_km=-5), "mileage_km"),
        (lambda: Extension(kind="free", months=12), "kind"),  # type: ignore[arg-type]
        (lambda: facts(mileage_km=-1), "mileage_km"),
        (lambda: facts(cause="wear"), "cause"),
    ],
)
def test_bad_terms_and_facts_are_field_errors(make: Any, field: str) -> None:
    with pytest.raises(Invalid) as refused:
        make()
    assert set(refused.value.fields) == {field}
