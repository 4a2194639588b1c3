from datetime import date, datetime
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from aftersales.catalog import selectors as catalog
from aftersales.core.access import acting_user, principal_for
from aftersales.core.api_support import ERROR_RESPONSES, Id
from aftersales.core.errors import Invalid, field_error
from aftersales.core.models import Organisation
from aftersales.customers import selectors, services
from aftersales.customers.models import Asset, Customer, RegistrationChannel
from aftersales.customers.privacy import CustomerView, customer_view
from aftersales.customers.selectors import customer_of

router = Router(tags=["customers"])


class AddressIn(Schema):
    province: str = Field(..., max_length=32)
    city: str = Field(..., max_length=32)
    district: str = Field("", max_length=32)
    line: str = Field(..., max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    zone: str = "city"


class AddressOut(Schema):
    id: int
    province: str
    city: str
    district: str
    line: str
    latitude: Decimal | None
    longitude: Decimal | None
    zone: str
    is_default: bool


class CustomerIn(Schema):
    name: str = Field(..., max_length=120)
    phone: str
    kind: str = "person"
    tier: str = "C"
    email: str = ""
    address: AddressIn | None = None


class CustomerOut(Schema):
    """Masked (`masked: true`: phone 139****5678, name 张*, addresses without street line and
    coordinates) for a viewer who does not act on the customer; see `reveal_customer`."""

    id: int
    name: str
    phone: str
    kind: str
    tier: str
    email: str
    created_at: datetime
    addresses: list[AddressOut]
    masked: bool


class RevealIn(Schema):
    reason: str = Field(..., max_length=500, description="Why the personal data is needed.")


class AssetIn(Schema):
    product_model_id: Id
    serial: str = Field(..., max_length=40)
    customer_id: Id | None = None
    purchase_date: date | None = None
    seller_id: Id | None = None
    production_batch: str = Field("", max_length=40)
    mileage_km: int | None = Field(None, ge=0, le=9_999_999, description="Odometer, km.")


class AssetOut(Schema):
    id: int
    serial: str
    manufacturer_id: int
    product_model_id: int
    product_model_name: str = Field(..., alias="product_model.name")
    customer_id: int | None
    purchase_date: date | None
    seller_id: int | None
    production_batch: str
    mileage_km: int | None
    registered: bool

    @staticmethod
    def resolve_registered(asset: Asset) -> bool:
        return hasattr(asset, "registration")


class WarrantyRegistrationIn(Schema):
    serial: str = Field(..., max_length=40)
    manufacturer_id: Id | None = None
    customer_id: Id | None = Field(
        None, description="Staff only; a customer registers for themself."
    )
    purchase_date: date | None = None


class WarrantyRegistrationOut(Schema):
    id: int
    asset_id: int
    serial: str = Field(..., alias="asset.serial")
    customer_id: int
    channel: str
    purchase_date: date
    registered_at: datetime


def _customer_out(request: HttpRequest, customer: Customer) -> CustomerView:
    prefetch_related_objects([customer], "addresses")
    return customer_view(request.user, customer)


@router.post(
    "/customers", response={201: CustomerOut, **ERROR_RESPONSES}, operation_id="create_customer"
)
def create_customer(request: HttpRequest, payload: CustomerIn):
    """Record a customer (person or company) with an optional first address."""
    customer = services.customer_create(
        name=payload.name,
        phone=payload.phone,
        kind=payload.kind,
        tier=payload.tier,
        email=payload.email,
        address=payload.address.dict() if payload.address else None,
        actor=acting_user(request),
    )
    return 201, _customer_out(request, customer)


@router.get(
    "/customers/{customer_id}",
    response={200: CustomerOut, **ERROR_RESPONSES},
    operation_id="get_customer",
)
def get_customer(request: HttpRequest, customer_id: Id):
    return _customer_out(request, selectors.customer_get(request.user, customer_id))


@router.post(
    "/customers/{customer_id}/reveal",
    response={200: CustomerOut, **ERROR_RESPONSES},
    operation_id="reveal_customer",
)
def reveal_customer(request: HttpRequest, customer_id: Id, payload: RevealIn):
    """The customer's personal data in full, for a role allowed to reveal it; recorded on the
    customer's timeline (who, when, why)."""
    customer = selectors.customer_get(request.user, customer_id)
    return services.customer_reveal(
        customer=customer, actor=acting_user(request), reason=payload.reason
    )


@router.post("/assets", response={201: AssetOut, **ERROR_RESPONSES}, operation_id="create_asset")
def create_asset(request: HttpRequest, payload: AssetIn):
    """Record a serial-numbered unit (the VIN for vehicles); serials are unique per manufacturer."""
    model = catalog.product_model_find(request.user, payload.product_model_id)
    if model is None:
        raise field_error("product_model_id", _("Unknown product model."))
    customer = None
    if payload.customer_id is not None:
        customer = selectors.customer_get(request.user, payload.customer_id)
    seller = None
    if payload.seller_id is not None:
        seller = Organisation.objects.filter(
            pk=payload.seller_id, kind__in=["shop", "station"]
        ).first()
        if seller is None:
            raise field_error("seller_id", _("Unknown seller."))
    asset = services.asset_create(
        product_model=model,
        serial=payload.serial,
        customer=customer,
        purchase_date=payload.purchase_date,
        seller=seller,
        production_batch=payload.production_batch,
        mileage_km=payload.mileage_km,
        actor=acting_user(request),
    )
    return 201, asset


@router.get(
    "/assets/{asset_id}", response={200: AssetOut, **ERROR_RESPONSES}, operation_id="get_asset"
)
def get_asset(request: HttpRequest, asset_id: Id):
    return selectors.asset_get(request.user, asset_id)


@router.post(
    "/warranty-registrations",
    response={201: WarrantyRegistrationOut, **ERROR_RESPONSES},
    operation_id="register_warranty",
)
def register_warranty(request: HttpRequest, payload: WarrantyRegistrationIn):
    """三包电子注册: register a unit by its serial so no paper card is needed later."""
    principal = principal_for(request.user)
    if principal.is_customer and not principal.staff_roles:
        customer = customer_of(request.user)
    else:
        services.require_action(acting_user(request), "customer:create")
        if payload.customer_id is None:
            raise Invalid(
                _("Choose the customer."), fields={"customer_id": _("Required for staff.")}
            )
        customer = selectors.customer_get(request.user, payload.customer_id)
    asset = services.find_asset_by_serial(payload.serial, payload.manufacturer_id)
    registration = services.warranty_register(
        asset=asset,
        customer=customer,
        channel=RegistrationChannel.API,
        purchase_date=payload.purchase_date,
        actor=acting_user(request),
    )
    return 201, registration
