"""The manufacturer's claim policies as data: contract terms, check modes, part applicability.

Services for the demo, the tests and integrations; organisation administrators keep the same
rows in the admin (`admin.py`, audited there as admin edits)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductModel
from aftersales.claims.choices import CheckCode, CheckMode
from aftersales.claims.models import CheckSetting, ClaimTerms, PartApplicability
from aftersales.core.audit import record_event
from aftersales.core.errors import field_error
from aftersales.core.models import Organisation, User

TERMS_FIELDS = {f.name for f in ClaimTerms._meta.fields} - {"id", "manufacturer", "station"}


def claim_terms_set(
    *,
    manufacturer: Organisation,
    actor: User | None,
    station: Organisation | None = None,
    **fields: Any,
) -> ClaimTerms:
    """The station's terms with this manufacturer (without a station: its default terms)."""
    unknown = set(fields) - TERMS_FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], _("Unknown field."))
    with transaction.atomic():
        terms, _created = ClaimTerms.objects.update_or_create(
            manufacturer=manufacturer, station=station, defaults=fields
        )
        record_event(
            record=terms,
            verb="claim_terms.set",
            actor=actor,
            data={k: str(v) for k, v in fields.items()},
        )
    return terms


def check_setting_set(
    *, manufacturer: Organisation, code: str, mode: str, actor: User | None
) -> CheckSetting:
    if code not in CheckCode.values:
        raise field_error("code", _("Unknown check."))
    if mode not in CheckMode.values:
        raise field_error("mode", _("Choose block, warn or off."))
    with transaction.atomic():
        setting, _created = CheckSetting.objects.update_or_create(
            manufacturer=manufacturer, code=code, defaults={"mode": mode}
        )
        record_event(
            record=setting,
            verb="check_setting.set",
            actor=actor,
            data={"code": code, "mode": mode},
        )
    return setting


def part_applicability_set(*, part: Part, models: Iterable[ProductModel]) -> None:
    """The models the part fits (replacing the list; an empty list: every model of its
    manufacturer)."""
    chosen = list(models)
    if any(m.manufacturer_id != part.manufacturer_id for m in chosen):
        raise field_error("product_model", _("A part fits models of its own manufacturer."))
    with transaction.atomic():
        PartApplicability.objects.filter(part=part).delete()
        PartApplicability.objects.bulk_create(
            PartApplicability(part=part, product_model=m) for m in chosen
        )
