"""Claims' records: the claim with its lines, photos, findings and versions (`claim.py`); the
contract terms, check settings, part applicability and pre-authorisations (`policy.py`)."""

from aftersales.claims.models.claim import (
    Claim,
    ClaimFinding,
    ClaimLine,
    ClaimPhoto,
    ClaimVersion,
)
from aftersales.claims.models.policy import (
    CheckSetting,
    ClaimTerms,
    PartApplicability,
    PreAuthorisation,
)

__all__ = [
    "CheckSetting",
    "Claim",
    "ClaimFinding",
    "ClaimLine",
    "ClaimPhoto",
    "ClaimTerms",
    "ClaimVersion",
    "PartApplicability",
    "PreAuthorisation",
]
