"""The warranty (三包) vocabulary: the codes of a decision, a policy's terms, a claim's facts.

Terms and facts are plain frozen dataclasses, so the decision (`entitlement.decide`) is a pure
function (../shared/STYLE.md, "Pure cores"); the app's models load a policy version and an
asset into them. Codes are `Choice` enums: strings with a translatable label, and `choices()`
for a model field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Self

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error

Label = str | Promise
_LABELS: dict[tuple[type, str], Label] = {}


class Choice(StrEnum):
    """A code with a translatable label. Labels are kept per enum (two enums may share a
    value, e.g. `Cause.MISUSE` and `Reason.MISUSE`) and declared with `set_labels`."""

    @property
    def label(self) -> Label:
        return _LABELS[(type(self), self.value)]

    @classmethod
    def choices(cls) -> list[tuple[str, Label]]:
        return [(member.value, member.label) for member in cls]

    @classmethod
    def set_labels(cls, labels: Mapping[Self, Label]) -> None:
        missing = [member.value for member in cls if member not in labels]
        if missing:
            raise ValueError(f"{cls.__name__}: no label for {missing}")
        for member, text in labels.items():
            _LABELS[(cls, member.value)] = text


class StartEvent(Choice):
    """What starts the terms: the sale, the accepted installation of an installed product, or
    a vehicle's first registration (上牌, not the warranty e-registration)."""

    SALE = "sale"
    INSTALLATION = "installation"
    REGISTRATION = "registration"


StartEvent.set_labels(
    {
        StartEvent.SALE: _("Sale"),
        StartEvent.INSTALLATION: _("Accepted installation"),
        StartEvent.REGISTRATION: _("First registration"),
    }
)


class Cause(Choice):
    NORMAL = "normal"
    MISUSE = "misuse"
    ACCIDENT = "accident"
    FORCE_MAJEURE = "force_majeure"


Cause.set_labels(
    {
        Cause.NORMAL: _("Normal use"),
        Cause.MISUSE: _("Use against the manual"),
        Cause.ACCIDENT: _("Accident"),
        Cause.FORCE_MAJEURE: _("Force majeure"),
    }
)


class ExtensionKind(Choice):
    EXTENDED = "extended"
    GOODWILL = "goodwill"


ExtensionKind.set_labels(
    {
        ExtensionKind.EXTENDED: _("Extended warranty (延保)"),
        ExtensionKind.GOODWILL: _("Goodwill extension (善意延保)"),
    }
)


class Outcome(Choice):
    RETURN = "return"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    PAID = "paid"


Outcome.set_labels(
    {
        Outcome.RETURN: _("Return (包退)"),
        Outcome.EXCHANGE: _("Exchange (包换)"),
        Outcome.REPAIR: _("Free repair (保修)"),
        Outcome.PAID: _("Paid repair (收费维修)"),
    }
)


class Rule(Choice):
    """The rule that decided: a period or term that covers the claim, or why none does."""

    RETURN_PERIOD = "return_period"
    EXCHANGE_PERIOD = "exchange_period"
    REPAIR_TERM = "repair_term"
    COMPONENT_TERM = "component_term"
    EXTENDED_WARRANTY = "extended_warranty"
    GOODWILL = "goodwill"
    EXCLUDED = "excluded"
    TERM_ENDED = "term_ended"


Rule.set_labels(
    {
        Rule.RETURN_PERIOD: _("Return period"),
        Rule.EXCHANGE_PERIOD: _("Exchange period"),
        Rule.REPAIR_TERM: _("Repair term"),
        Rule.COMPONENT_TERM: _("Component term"),
        Rule.EXTENDED_WARRANTY: _("Extended warranty"),
        Rule.GOODWILL: _("Goodwill extension"),
        Rule.EXCLUDED: _("Not covered by the warranty"),
        Rule.TERM_ENDED: _("Warranty term or mileage ended"),
    }
)


class Reason(Choice):
    """Why a repair is paid (DOMAIN §4.3), in the order a decision lists them."""

    NO_PROOF = "no_proof"
    SERIAL_LABEL = "serial_label"
    SERIAL_MISMATCH = "serial_mismatch"
    TERM_EXPIRED = "term_expired"
    MILEAGE_EXCEEDED = "mileage_exceeded"
    MISUSE = "misuse"
    UNAUTHORISED_REPAIR = "unauthorised_repair"
    ACCIDENT = "accident"
    FORCE_MAJEURE = "force_majeure"


Reason.set_labels(
    {
        Reason.NO_PROOF: _("No valid proof of purchase and no warranty registration"),
        Reason.SERIAL_LABEL: _("Serial number label altered or missing"),
        Reason.SERIAL_MISMATCH: _("Serial number does not match the warranty card"),
        Reason.TERM_EXPIRED: _("Warranty term expired"),
        Reason.MILEAGE_EXCEEDED: _("Mileage limit exceeded"),
        Reason.MISUSE: _("Used against the instruction manual"),
        Reason.UNAUTHORISED_REPAIR: _("Repaired or dismantled by unauthorised people"),
        Reason.ACCIDENT: _("Damaged in an accident"),
        Reason.FORCE_MAJEURE: _("Damaged by force majeure"),
    }
)


class MileageVerdict(Choice):
    NO_LIMIT = "no_limit"
    WITHIN = "within"
    EXCEEDED = "exceeded"


MileageVerdict.set_labels(
    {
        MileageVerdict.NO_LIMIT: _("No mileage limit"),
        MileageVerdict.WITHIN: _("Within the mileage limit"),
        MileageVerdict.EXCEEDED: _("Mileage limit exceeded"),
    }
)


def _not_negative(field: str, value: int | None) -> None:
    if value is not None and value < 0:
        raise field_error(field, _("Must not be negative."))


def _as_code(instance: object, field: str, enum: type[Choice], message: Label) -> None:
    """Turn a plain string in a frozen dataclass's `field` into `enum`'s member, so loaders may
    pass the model's stored value; an unknown value is a field error."""
    try:
        object.__setattr__(instance, field, enum(getattr(instance, field)))
    except ValueError:
        raise field_error(field, message) from None


@dataclass(frozen=True)
class ComponentTerm:
    """A component with a repair term of its own (a traction battery, a major assembly 大总成).
    `mileage_km` None: no mileage limit for it, whatever the product's limit."""

    code: str
    name: str
    months: int
    mileage_km: int | None = None

    def __post_init__(self) -> None:
        _not_negative("months", self.months)
        _not_negative("mileage_km", self.mileage_km)


@dataclass(frozen=True)
class Extension:
    """A lengthening of the product's repair term: months added to it and, where the product
    has a mileage limit, km added to that. It counts for claims dated on or after
    `valid_from` (None: always), e.g. from the day the extended warranty was bought."""

    kind: ExtensionKind
    months: int
    mileage_km: int | None = None
    valid_from: date | None = None

    def __post_init__(self) -> None:
        _as_code(self, "kind", ExtensionKind, _("Unknown kind of extension."))
        _not_negative("months", self.months)
        _not_negative("mileage_km", self.mileage_km)


@dataclass(frozen=True)
class PolicyTerms:
    """One version of a warranty policy (per manufacturer × product category, DOMAIN §4.3).

    Periods run from the start event: return up to day `return_days`, exchange up to day
    `exchange_days`, free repair up to `repair_months` (and `mileage_limit_km` for vehicles,
    whichever comes first). 0 days means the policy offers no return (or exchange) at all.
    """

    policy_id: int | None = None
    version_label: str = ""
    return_days: int = 7
    exchange_days: int = 30
    repair_months: int = 12
    mileage_limit_km: int | None = None
    components: tuple[ComponentTerm, ...] = ()
    start_event: StartEvent = StartEvent.SALE
    extend_over_holidays: bool = False
    extensions: tuple[Extension, ...] = ()

    def __post_init__(self) -> None:
        _as_code(self, "start_event", StartEvent, _("Unknown start event."))
        for name in ("return_days", "exchange_days", "repair_months", "mileage_limit_km"):
            _not_negative(name, getattr(self, name))
        if self.exchange_days and self.exchange_days < self.return_days:
            raise field_error(
                "exchange_days", _("The exchange period cannot end before the return period.")
            )
        codes = [component.code for component in self.components]
        if len(codes) != len(set(codes)):
            raise field_error("components", _("Each component may have only one term."))

    def component(self, code: str) -> ComponentTerm | None:
        return next((c for c in self.components if c.code == code), None)


@dataclass(frozen=True)
class Facts:
    """The facts of one claim, as the station records them.

    `proof_of_purchase`: a valid invoice and warranty card were shown. `e_registration`: the
    product has a warranty e-registration (三包电子注册), which replaces both. The serial is
    compared with the card, or with the e-registration where there is no card.
    `first_owner` and `whole_product`: return and exchange are remedies of the first buyer
    against the seller for the product as sold; a later owner, or a part or accessory claimed
    on its own, gets repair only.
    """

    claim_date: date
    sale_date: date | None = None
    installation_accepted_date: date | None = None
    registration_date: date | None = None
    mileage_km: int | None = None
    component_code: str = ""
    proof_of_purchase: bool = False
    e_registration: bool = False
    serial_label_intact: bool = True
    serial_matches_card: bool = True
    repaired_by_unauthorised: bool = False
    cause: Cause = Cause.NORMAL
    first_owner: bool = True
    whole_product: bool = True

    def __post_init__(self) -> None:
        _as_code(self, "cause", Cause, _("Unknown cause of damage."))
        _not_negative("mileage_km", self.mileage_km)

    def start_date(self, event: StartEvent) -> date | None:
        return {
            StartEvent.SALE: self.sale_date,
            StartEvent.INSTALLATION: self.installation_accepted_date,
            StartEvent.REGISTRATION: self.registration_date,
        }[event]
