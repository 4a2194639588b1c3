"""Submitting a claim to the manufacturer, and resubmitting it corrected as a new version.

One transaction: lock the claim, ask the machine (state, role, station), check the claim is
complete, run the checks (a blocking finding refuses with 422 and writes nothing), fire the
transition (new version number, decision deadline in working days), store the warnings and the
version's snapshot, and approve automatically a clean claim under the manufacturer's threshold.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.claims import versions
from aftersales.claims.ageing import add_working_days
from aftersales.claims.checks import Finding
from aftersales.claims.models import Claim, ClaimFinding, ClaimVersion
from aftersales.claims.review import approve_lines
from aftersales.claims.screening import screen
from aftersales.claims.terms import terms_for
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core import clock
from aftersales.core.access import principal_for
from aftersales.core.errors import Invalid, field_error
from aftersales.core.models import User
from aftersales.core.transitions import apply_transition, lock_record
from aftersales.core.validators import clean_text


def _complete(claim: Claim) -> None:
    """What every claim needs before the manufacturer looks at it (field errors, all at once)."""
    errors: dict[str, Any] = {}
    if not claim.lines.exists():
        errors["lines"] = _("Add at least one line.")
    if not claim.symptom.strip():
        errors["symptom"] = _("Describe the symptom.")
    if claim.failure_date is None:
        errors["failure_date"] = _("Enter the failure date.")
    if claim.repair_date is None:
        errors["repair_date"] = _("Enter the repair date.")
    if claim.type in ("repair", "major_assembly", "emergency_parts") and not claim.causal_part_id:
        errors["causal_part_id"] = _("Name the causal part (主因件).")
    model = claim.product_model
    if model is not None and model.category.is_vehicle and claim.mileage_km is None:
        errors["mileage_km"] = _("Enter the vehicle's mileage.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)


def refusal(blocking: list[Finding]) -> Invalid:
    """422 naming each blocking check: `checks.<code>` or `lines.<id>.<code>`."""
    fields: dict[str, Any] = {}
    for f in blocking:
        key = f"lines.{f.line_id}.{f.code}" if f.line_id else f"checks.{f.code}"
        fields.setdefault(key, f.message)
    return Invalid(
        _("The claim cannot be submitted: correct what the checks found."),
        fields=fields,
        checks=[{"code": f.code, "line_id": f.line_id, **f.as_dict()} for f in blocking],
    )


def _submit(
    claim: Claim, actor: User, name: str, comment: str, expected_version: int | None
) -> Claim:
    comment = clean_text(comment, field="comment", max_length=2000)
    with transaction.atomic():
        locked = lock_record(Claim, claim.pk, expected_version)
        CLAIM_FLOW.check(locked, name, principal_for(actor), comment)
        _complete(locked)
        if name == "resubmit" and not comment:
            last = ClaimVersion.objects.filter(claim=locked).order_by("-number").first()
            if last and versions.is_empty(versions.diff(last.snapshot, versions.snapshot(locked))):
                raise field_error(
                    "comment", _("Correct the claim, or say why it stands as it was.")
                )
        now = clock.now()
        today = timezone.localdate(now)
        terms = terms_for(locked.station, locked.manufacturer_id)
        first_on = (
            timezone.localdate(locked.first_submitted_at) if locked.first_submitted_at else today
        )
        findings = screen(locked, on=first_on, terms=terms)
        blocking = [f for f in findings if f.blocks]
        if blocking:
            raise refusal(blocking)
        apply_transition(
            locked,
            name,
            actor=actor,
            reason=comment,
            data={"warnings": [f.code for f in findings], "total": str(locked.total_amount)},
            decision_due=add_working_days(today, terms.decision_working_days),
            warnings=len(findings),
        )
        ClaimFinding.objects.bulk_create(
            ClaimFinding(
                claim=locked,
                revision=locked.revision,
                code=f.code,
                mode=f.mode,
                line_id=f.line_id,
                detail=f.as_dict(),
            )
            for f in findings
        )
        versions.claim_version_record(claim=locked, actor=actor, comment=comment)
        limit = terms.auto_approve_below
        if not findings and limit is not None and locked.total_amount <= limit:
            approve_lines(locked)  # before the transition: its subscribers read the lines
            apply_transition(
                locked,
                "auto_approve",
                actor=None,
                data={"threshold": str(limit)},
                approved_amount=locked.total_amount,
            )
    return locked


def claim_submit(*, claim: Claim, actor: User, expected_version: int | None = None) -> Claim:
    return _submit(claim, actor, "submit", "", expected_version)


def claim_resubmit(
    *, claim: Claim, actor: User, comment: str = "", expected_version: int | None = None
) -> Claim:
    """The corrected claim as a new version; the earlier versions stay as they were."""
    return _submit(claim, actor, "resubmit", comment, expected_version)
