"""API routes for resources: search and a resource, referrals and their outcome, hand-offs with their
clocks, the outcome roll-up, and the directory's HSDS import and export. The same services, selectors
and access checks as the pages; errors are JSON naming the field."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller, field_errors, please_check

from . import geo, interchange, selectors, services
from .models import ImportStatus, Referral

router = Router(tags=["resources"])


class ResourceOut(Schema):
    id: int
    external_id: str
    name: str
    needs: list[str]
    address: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    time_zone: str
    hours: dict[str, list[list[str]]]
    languages: list[str]
    cost: str
    phone: str
    website: str
    last_verified_on: date | None
    is_open: bool | None = None
    distance_km: float | None = None


class ReferralIn(Schema):
    resource_id: int
    need: str
    follow_up_on: date
    agreed: str = ""
    member_id: int | None = Field(None, description="Leave out when a member refers themself.")


class ReferralOut(Schema):
    id: int
    member_id: int
    resource_id: int
    resource: str
    need: str
    agreed: str
    follow_up_on: date
    status: str
    why_not: str
    reminded_on: date | None
    connected_at: datetime | None


class StatusIn(Schema):
    status: str = Field(description="contacted, connected or not_connected")
    why_not: str = ""


class HandOffIn(Schema):
    partner_name: str
    pseudonym: str
    contact: str = ""
    setting: str = Field(description="hospital, jail, prison or residential")
    discharge_on: date
    needs: list[str] = Field(default_factory=list)
    consent_given: bool
    consent_text: str
    preferred_language: str = ""
    peer_preferences: str = ""


class HandOffOut(Schema):
    id: int
    member_id: int
    setting: str
    discharge_on: date
    first_contact_at: datetime | None
    days_to_contact: int | None
    within_7: bool | None
    within_30: bool | None
    needs_alert: bool


class HandOffCreated(Schema):
    id: int
    member_id: int
    invite_path: str


class HandOffsOut(Schema):
    rate_7: float | None
    rate_30: float | None
    hand_offs: list[HandOffOut]


class RollupOut(Schema):
    key: str
    label: str
    made: int
    connected: int
    not_connected: int
    median_days: float | None


class OutcomesOut(Schema):
    by_need: list[RollupOut]
    by_resource: list[RollupOut]


class ImportIn(Schema):
    file_name: str = Field(
        description="Ends in .csv or .json (HSDS 3.0: a service, an organization, "
        "a service_at_location, a list or an API page of them) or .zip (the HSDS tabular form)."
    )
    content: str = Field(description="The file's text; for a zip, its bytes in base64.")
    content_encoding: Literal["text", "base64"] = Field(
        default="text", description='"base64" for a zip (the HSDS tabular form).'
    )


class ImportOut(Schema):
    status: str
    created: int
    updated: int
    errors: list[dict[str, Any]]
    notes: list[dict[str, Any]] = Field(
        default_factory=list, description="What an HSDS import kept but could not use."
    )


def _error(error: ValidationError) -> Status[Any]:
    errors = field_errors(error, "body")
    return Status(422, {"detail": please_check(errors), "errors": errors})


def _resource_out(hit: selectors.Hit) -> dict[str, Any]:
    r = hit.resource
    return {
        "id": r.pk, "external_id": r.external_id, "name": r.name, "needs": r.need_codes,
        "address": r.address, "city": r.city, "postcode": r.postcode, "latitude": r.latitude,
        "longitude": r.longitude, "time_zone": r.time_zone, "hours": r.hours,
        "languages": r.language_codes, "cost": r.cost, "phone": r.phone, "website": r.website,
        "last_verified_on": r.last_verified_on, "is_open": hit.is_open,
        "distance_km": None if hit.distance_km is None else round(hit.distance_km, 2),
    }  # fmt: skip


def _referral_out(r: Referral) -> dict[str, Any]:
    return {
        "id": r.pk, "member_id": r.member_id, "resource_id": r.resource_id,
        "resource": r.resource.name, "need": r.need, "agreed": r.agreed,
        "follow_up_on": r.follow_up_on, "status": r.status, "why_not": r.why_not,
        "reminded_on": r.reminded_on, "connected_at": r.connected_at,
    }  # fmt: skip


EVERYONE = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN)
REFERRERS = (Role.MEMBER, Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)


@router.get("/search", response={200: list[ResourceOut], 422: ApiError})
def search(
    request: HttpRequest,
    need: str = "",
    language: str = "",
    near: str = "",
    open_now: bool = False,
    radius_km: float = selectors.DEFAULT_RADIUS_KM,
) -> Status[Any]:
    """Resources for a need, a language and a place typed by the person (a gazetteer postcode or place,
    or "lat, lon"), nearest first; `open_now` in each resource's own time zone."""
    user = caller(request, *EVERYONE)
    place = geo.locate(near) if near else None
    if near and place is None:
        return _error(ValidationError({"near": "We do not know that postcode or place."}))
    program = standing(user).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    results = selectors.search(
        program, need=need, language=language, near=place, open_now=open_now, radius_km=radius_km
    )
    return Status(200, [_resource_out(hit) for hit in results.hits])


@router.get("/referrals", response=list[ReferralOut])
def referrals(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's own referrals (a member), or those of the people they work with (staff)."""
    user = caller(request, *REFERRERS)
    if standing(user).has(Role.MEMBER):
        found = selectors.referrals_of(user)
    else:
        found = selectors.referrals_for_staff(user)
    return [_referral_out(r) for r in found[:500]]


@router.post("/referrals", response={201: ReferralOut, 422: ApiError})
def make_referral(request: HttpRequest, payload: ReferralIn) -> Status[Any]:
    """Refer a member (yourself, or someone you work with) to a resource for a need."""
    user: User = caller(request, *REFERRERS)
    resource = selectors.access_resource(user, payload.resource_id)
    member = user
    if payload.member_id is not None and payload.member_id != user.pk:
        member = User.objects.filter(pk=payload.member_id).first()  # type: ignore[assignment]
        if member is None:
            raise Http404
    try:
        referral = services.make_referral(
            actor=user,
            member=member,
            resource=resource,
            need=payload.need,
            follow_up_on=payload.follow_up_on,
            agreed=payload.agreed,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _error(error)
    return Status(201, _referral_out(referral))


@router.post("/referrals/{referral_id}/status", response={200: ReferralOut, 422: ApiError})
def referral_status(request: HttpRequest, referral_id: int, payload: StatusIn) -> Status[Any]:
    """Say how a referral went: contacted, connected, or not connected (with why)."""
    user = caller(request, *REFERRERS)
    selectors.access_referral(user, referral_id)
    try:
        referral = services.update_referral(
            actor=user, referral_id=referral_id, status=payload.status, why_not=payload.why_not
        )
    except ValidationError as error:
        return _error(error)
    return Status(200, _referral_out(referral))


def _clock_out(clock: selectors.Clock) -> dict[str, Any]:
    return {
        "id": clock.hand_off.pk, "member_id": clock.hand_off.member_id,
        "setting": clock.hand_off.setting, "discharge_on": clock.hand_off.discharge_on,
        "first_contact_at": clock.first_contact_at, "days_to_contact": clock.days_to_contact,
        "within_7": clock.within_7, "within_30": clock.within_30, "needs_alert": clock.needs_alert,
    }  # fmt: skip


@router.post("/hand-offs", response={201: HandOffCreated, 422: ApiError})
def send_hand_off(request: HttpRequest, payload: HandOffIn) -> Status[Any]:
    """A clinician-role partner hands someone leaving hospital or jail to the program."""
    user = caller(request, Role.CLINICIAN)
    program = standing(user).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    try:
        hand_off, invite = services.send_hand_off(
            program=program, sender=user, link=None, **payload.model_dump()
        )
    except ValidationError as error:
        return _error(error)
    return Status(201, {"id": hand_off.pk, "member_id": hand_off.member_id, "invite_path": invite})


@router.get("/hand-offs", response=HandOffsOut)
def hand_offs(request: HttpRequest) -> dict[str, Any]:
    """Hand-offs with days to first peer contact and the 7/30-day figures (internal, not HEDIS)."""
    user = caller(request, Role.SUPERVISOR, Role.ADMIN, Role.CLINICIAN, Role.SUPPORTER)
    figures = selectors.hand_offs_for(user)
    return {
        "rate_7": figures.rate_7,
        "rate_30": figures.rate_30,
        "hand_offs": [_clock_out(c) for c in figures.clocks],
    }


@router.get("/outcomes", response=OutcomesOut)
def outcomes(request: HttpRequest) -> dict[str, Any]:
    """Referral outcomes per need and per resource."""
    user = caller(request, Role.SUPERVISOR, Role.ADMIN)
    program = standing(user).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    by_need, by_resource = selectors.rollup(program)
    return {"by_need": [vars(r) for r in by_need], "by_resource": [vars(r) for r in by_resource]}


@router.get("/directory.json")
def export_hsds(request: HttpRequest) -> list[dict[str, Any]]:
    """The whole directory as a list of full Open Referral HSDS 3.0 services (admins)."""
    user = caller(request, Role.ADMIN)
    program = standing(user).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    publisher = interchange.Publisher.of(program)
    return [interchange.service_of(r, publisher) for r in selectors.directory_of(program)]


@router.post("/import", response={200: ImportOut, 422: ImportOut})
def import_directory(request: HttpRequest, payload: ImportIn) -> Status[Any]:
    """Import CSV, HSDS JSON or the HSDS tabular zip: all rows or none; every problem comes back with
    its line and field, and what an HSDS import kept but could not use as notes."""
    user = caller(request, Role.ADMIN)
    content: str | bytes = payload.content
    if payload.content_encoding == "base64":
        try:
            content = base64.b64decode(payload.content, validate=True)
        except (binascii.Error, ValueError):
            problem = {"line": 1, "field": "content", "message": "This is not base64."}
            body = {"status": ImportStatus.FAILED, "created": 0, "updated": 0, "errors": [problem]}
            return Status(422, body)
    job = services.import_now(actor=user, file_name=payload.file_name, content=content)
    body = {
        "status": job.status,
        "created": job.created,
        "updated": job.updated,
        "errors": job.errors,
        "notes": job.notes,
    }
    return Status(200 if job.status == ImportStatus.DONE else 422, body)
