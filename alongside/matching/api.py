"""API routes for matching: intake, choices with reasons, choosing, a supporter's offers and answers,
and the supervisor's overview. The same services, selectors and access checks as the pages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from pydantic import Field, field_validator

from alongside.accounts.choices import AgeRange, Language, Role, Topic
from alongside.accounts.models import TIME_ZONES
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller

from . import selectors, services
from .models import SLOTS, Modality, Offer, SupportRequest, Trait, Urgency, Want

router = Router(tags=["matching"])
KNOWN_ZONES = frozenset(TIME_ZONES)


Slot = StrEnum("Slot", {slot: slot for slot in SLOTS})  # type: ignore[misc]  # mon-evening, …


class RequestIn(Schema):
    """The intake, with the same choices and limits as the page's form."""

    topics: list[Topic] = Field(default_factory=list, max_length=len(Topic))
    modalities: list[Modality] = Field(default_factory=list, max_length=len(Modality))
    languages: list[Language] = Field(default_factory=list, max_length=len(Language))
    language_required: bool = False
    wants: dict[Trait, Want] = Field(
        default_factory=dict,
        description="{trait: must|nice}; leave a trait out if it does not matter.",
    )
    gender: str = Field("", max_length=60, description="The peer's gender, when it matters.")
    age_range: AgeRange | Literal[""] = ""
    culture: str = Field("", max_length=80, description="A culture or faith, when it matters.")
    availability: list[Slot] = Field(
        default_factory=list, max_length=len(SLOTS), description="When the member is usually free."
    )
    time_zone: str = Field(
        "UTC", max_length=64, description="An IANA time zone name, such as America/New_York."
    )
    urgency: Urgency = Urgency.SOON
    note: str = Field("", max_length=500)

    @field_validator("time_zone")
    @classmethod
    def _a_known_zone(cls, value: str) -> str:
        if value not in KNOWN_ZONES:
            raise ValueError("must be an IANA time zone name, such as America/New_York")
        return value


class RequestOut(Schema):
    id: int
    status: str
    created_at: datetime


class ChoiceOut(Schema):
    supporter_id: int
    name: str
    bio: str
    score: float
    reasons: list[str]


class ChooseIn(Schema):
    supporter_id: int | None = Field(None, description="Leave out to ask to be matched.")


class OfferOut(Schema):
    id: int
    request_id: int
    supporter_id: int
    status: str
    respond_by: datetime
    reasons: list[str]


class AcceptedOut(Schema):
    conversation_id: int


class OverviewOut(Schema):
    waiting: int
    longest_wait_hours: float
    waiting_too_long: int
    loads: dict[int, int] = Field(description="Supporter id → active members and pending offers.")


def _offer_out(offer: Offer | None) -> dict[str, Any] | None:
    if offer is None:
        return None
    return {
        "id": offer.pk,
        "request_id": offer.request_id,
        "supporter_id": offer.supporter_id,
        "status": offer.status,
        "respond_by": offer.respond_by,
        "reasons": offer.reason_texts(),
    }


def _request_out(request: SupportRequest) -> dict[str, Any]:
    return {"id": request.pk, "status": request.status, "created_at": request.created_at}


def _error(error: ValidationError) -> Status[Any]:
    return Status(422, {"detail": " ".join(error.messages)})


@router.post("/requests", response={201: RequestOut, 422: ApiError})
def submit_request(request: HttpRequest, payload: RequestIn) -> Status[Any]:
    """Save the caller's intake answers as their one open request."""
    member = caller(request, Role.MEMBER)
    return Status(
        201, _request_out(services.submit_request(member=member, **payload.model_dump(mode="json")))
    )


@router.get("/requests/{request_id}/choices", response=list[ChoiceOut])
def choices(request: HttpRequest, request_id: int) -> list[dict[str, Any]]:
    """The best few supporters for the caller's own request, with plain reasons."""
    member = caller(request, Role.MEMBER)
    support_request = selectors.access_request(member, request_id)
    if support_request.member_id != member.pk:
        raise Http404
    shown = selectors.rules_of(support_request.program).choices_shown
    return [
        {
            "supporter_id": match.supporter.pk,
            "name": str(match.supporter),
            "bio": match.profile.bio,
            "score": match.fit.score,
            "reasons": [str(reason) for reason in match.fit.reasons],
        }
        for match in selectors.matches_for(support_request, limit=shown)
    ]


@router.post("/requests/{request_id}/choose", response={200: OfferOut | None, 422: ApiError})
def choose(request: HttpRequest, request_id: int, payload: ChooseIn) -> Status[Any]:
    """Offer the request to the chosen supporter, or to the best fit when none is given."""
    member = caller(request, Role.MEMBER)
    try:
        if payload.supporter_id is None:
            offer = services.ask_to_be_matched(member=member, request_id=request_id)
        else:
            offer = services.choose_supporter(
                member=member, request_id=request_id, supporter_id=payload.supporter_id
            )
    except ValidationError as error:
        return _error(error)
    return Status(200, _offer_out(offer))


@router.get("/offers", response=list[OfferOut])
def offers(request: HttpRequest) -> list[dict[str, Any] | None]:
    """Offers made to the calling supporter, newest answers last."""
    supporter = caller(request, Role.SUPPORTER)
    return [_offer_out(offer) for offer in selectors.offers_for(supporter)[:100]]


@router.post("/offers/{offer_id}/accept", response={200: AcceptedOut, 422: ApiError})
def accept(request: HttpRequest, offer_id: int) -> Status[Any]:
    """Say yes: join the member's care team; the answer names the conversation that opened."""
    supporter = caller(request, Role.SUPPORTER)
    selectors.access_offer(supporter, offer_id)
    try:
        conversation = services.accept_offer(supporter=supporter, offer_id=offer_id)
    except ValidationError as error:
        return _error(error)
    return Status(200, {"conversation_id": conversation.pk})


@router.post("/offers/{offer_id}/decline", response={204: None, 422: ApiError})
def decline(request: HttpRequest, offer_id: int) -> Status[Any]:
    """Say no, no reason needed: the member is offered the next best supporter."""
    supporter = caller(request, Role.SUPPORTER)
    selectors.access_offer(supporter, offer_id)
    try:
        services.decline_offer(supporter=supporter, offer_id=offer_id)
    except ValidationError as error:
        return _error(error)
    return Status(204, None)


@router.get("/overview", response=OverviewOut)
def overview(request: HttpRequest) -> dict[str, Any]:
    """The supervisor's figures: queue length, longest wait, and every supporter's load."""
    supervisor = caller(request, Role.SUPERVISOR)
    program = standing(supervisor).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    found = selectors.overview(program)
    return {
        "waiting": len(found.waiting),
        "longest_wait_hours": round(found.longest_wait_hours, 2),
        "waiting_too_long": len(found.waiting_too_long),
        "loads": {profile.user_id: load for profile, load in found.supporters},
    }
