"""Statement writes after the run: the payee confirms or disputes lines; the payer's finance
answers each dispute (upheld with a corrected amount, on this statement, or rejected), approves
and locks (numbered; the claims on it are then settled through the claim's machine); penalties
and adjustments wait for the station's next statement. A locked statement never changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Authorisation
from aftersales.claims.models import Claim
from aftersales.core import clock
from aftersales.core.access import principal_for, require, scope
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, NotAllowed, NotFound, field_error
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.transitions import apply_transition, lock_record
from aftersales.core.validators import clean_text
from aftersales.settlement import amounts
from aftersales.settlement.choices import (
    AdjustmentKind,
    LineDispute,
    LineKind,
    StatementKind,
    StatementStatus,
)
from aftersales.settlement.models import SettlementAdjustment, Statement, StatementLine
from aftersales.settlement.totals import refresh_statements
from aftersales.settlement.workflow import STATEMENT_FLOW

# Lines the payee cannot dispute: the network's fee follows from the rate (data), not a figure.
UNDISPUTABLE = frozenset({LineKind.NETWORK_FEE})


@dataclass(frozen=True)
class DisputeInput:
    line_id: int
    reason: str


def _children_locked(statement: Statement) -> None:
    if (
        statement.kind == StatementKind.MANUFACTURER_NETWORK
        and statement.children.exclude(status=StatementStatus.LOCKED).exists()
    ):
        raise Conflict(
            _("Every station statement under this one must be approved and locked first."),
            state=statement.status,
        )


def statement_confirm(
    *,
    statement: Statement,
    actor: User,
    disputes: list[DisputeInput] | None = None,
    expected_version: int | None = None,
) -> Statement:
    """The payee confirms the statement, or disputes the lines it names (each with a reason)."""
    disputes = disputes or []
    with transaction.atomic():
        locked = lock_record(Statement, statement.pk, expected_version)
        name = "dispute" if disputes else "confirm"
        STATEMENT_FLOW.check(locked, name, principal_for(actor), "")
        _children_locked(locked)
        if not disputes:
            apply_transition(locked, "confirm", actor=actor)
            return locked
        lines = {line.pk: line for line in locked.lines.all()}
        named: dict[int, str] = {}
        for index, item in enumerate(disputes):
            at = f"disputes.{index}"
            line = lines.get(item.line_id)
            if line is None:
                raise field_error(f"{at}.line_id", _("This line is not on the statement."))
            if line.kind in UNDISPUTABLE or line.corrects_id:
                raise field_error(f"{at}.line_id", _("This line cannot be disputed."))
            if line.pk in named:
                raise field_error(f"{at}.line_id", _("Each line once."))
            named[line.pk] = clean_text(
                item.reason, field=f"{at}.reason", max_length=500, required=True
            )
        for pk, reason in named.items():
            line = lines[pk]
            line.dispute, line.dispute_reason, line.resolution_comment = (
                LineDispute.OPEN,
                reason,
                "",
            )
            line.save(update_fields=["dispute", "dispute_reason", "resolution_comment"])
        apply_transition(
            locked,
            "dispute",
            actor=actor,
            data={"lines": [{"line": pk, "reference": lines[pk].reference} for pk in named]},
        )
    return locked


def statement_resolve(
    *,
    line: StatementLine,
    actor: User,
    upheld: bool,
    comment: str,
    corrected_amount: object = None,
) -> Statement:
    """Answer one disputed line. Upheld: a correction line for the difference, on this statement.
    When no dispute is left open, the statement goes back to the payee for confirmation."""
    comment = clean_text(comment, field="comment", max_length=500, required=True)
    with transaction.atomic():
        statement = lock_record(Statement, line.statement_id)
        require(actor, "statement:resolve", statement, _("Only the payer's finance answers."))
        if statement.status != StatementStatus.DISPUTED:
            raise Conflict(_("This statement has no disputes to answer."), state=statement.status)
        locked_line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if locked_line.dispute != LineDispute.OPEN:
            raise Conflict(_("This line is not disputed, or already answered."))
        data: dict[str, object] = {"line": locked_line.reference, "upheld": upheld}
        if upheld:
            corrected = amounts.amount(corrected_amount, field="corrected_amount", allow_zero=True)
            if corrected == locked_line.amount:
                raise field_error("corrected_amount", _("State the corrected amount."))
            difference = corrected - locked_line.amount
            StatementLine(
                statement=statement,
                kind=LineKind.CORRECTION,
                corrects=locked_line,
                reference=locked_line.reference,
                description=comment[:200],
                other=difference,
                amount=difference,
            ).save()
            data.update(corrected=str(corrected), difference=str(difference))
        locked_line.dispute = LineDispute.UPHELD if upheld else LineDispute.REJECTED
        locked_line.resolution_comment = comment
        locked_line.save(update_fields=["dispute", "resolution_comment"])
        refresh_statements([statement.pk])
        statement.refresh_from_db()
        record_event(
            record=statement,
            verb="statement.dispute_answered",
            actor=actor,
            reason=comment,
            data=data,
        )
        if not statement.lines.filter(dispute=LineDispute.OPEN).exists():
            apply_transition(statement, "reissue", actor=actor)
    return statement


def statement_approve(
    *, statement: Statement, actor: User, expected_version: int | None = None
) -> Statement:
    """Finance approves a confirmed statement: numbered and locked for good. The manufacturer's
    approval settles every claim on it (through a network: on its station statements)."""
    with transaction.atomic():
        locked = lock_record(Statement, statement.pk, expected_version)
        STATEMENT_FLOW.check(locked, "approve", principal_for(actor), "")
        _children_locked(locked)
        refresh_statements([locked.pk])
        locked.refresh_from_db()
        if not locked.balances():  # pragma: no cover - the figures are recomputed just above
            raise Conflict(_("The statement does not balance; generate it again."))
        apply_transition(locked, "approve", actor=actor)
        if locked.payer_id == locked.manufacturer_id:
            _settle_claims(locked, actor)
    return locked


def _settle_claims(statement: Statement, actor: User) -> None:
    statements = [statement.pk, *statement.children.values_list("pk", flat=True)]
    ids = StatementLine.objects.filter(
        statement_id__in=statements, claim__isnull=False
    ).values_list("claim_id", flat=True)
    # Locked in id order, as every writer of claims does.
    claims = Claim.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    for claim in claims:
        apply_transition(claim, "settle", actor=actor, data={"statement": statement.number})


def station_visible(user: object, station_id: int) -> Organisation:
    """A station the user's organisation deals with (its own network's, or one serving its
    manufacturer); any other answers 404."""
    p = principal_for(user)
    station = Organisation.objects.filter(pk=station_id, kind=OrganisationKind.STATION).first()
    if station is not None and (
        scope(Organisation.objects.filter(pk=station_id), user).exists()
        or (p.org_kind == OrganisationKind.MANUFACTURER and _serves(station, p.organisation_id))
        or p.is_superuser
    ):
        return station
    raise NotFound(_("No such service station."))


def _serves(station: Organisation, manufacturer_id: int | None) -> bool:
    return (
        Authorisation.objects.filter(station=station, manufacturer_id=manufacturer_id).exists()
        or Claim.objects.filter(station=station, manufacturer_id=manufacturer_id).exists()
    )


def _station_of(manufacturer: Organisation, station_id: int) -> Organisation:
    station = Organisation.objects.filter(pk=station_id, kind=OrganisationKind.STATION).first()
    if station is None or not _serves(station, manufacturer.pk):
        raise NotFound(_("No such service station."))
    return station


def settlement_adjustment_create(
    *,
    actor: User | None,
    manufacturer: Organisation,
    station_id: int,
    kind: str,
    amount: object,
    reason: str,
    corrects: Statement | None = None,
) -> SettlementAdjustment:
    """A penalty (negative) or an adjustment (either sign) for the station's next statement."""
    if actor is not None:
        require(actor, "statement:adjust")
        p = principal_for(actor)
        if not p.is_superuser and p.organisation_id != manufacturer.pk:
            raise NotAllowed(_("You may record adjustments only for your own manufacturer."))
    if kind not in AdjustmentKind.values:
        raise field_error("kind", _("Choose penalty or adjustment."))
    value = amounts.amount(amount, field="amount")
    if kind == AdjustmentKind.PENALTY and value > 0:
        raise field_error("amount", _("A penalty takes from the station: enter it negative."))
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    station = _station_of(manufacturer, station_id)
    with transaction.atomic():
        adjustment = SettlementAdjustment.objects.create(
            kind=kind,
            manufacturer=manufacturer,
            station=station,
            amount=value,
            reason=reason,
            corrects=corrects,
            created_by=actor,
            created_at=clock.now(),
        )
        record_event(
            record=adjustment,
            verb="settlement_adjustment.created",
            actor=actor,
            reason=reason,
            data={"station": station.code, "kind": kind, "amount": str(value)},
        )
    return adjustment
