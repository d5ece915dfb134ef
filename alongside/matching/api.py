"""API routes for matching: intake, choices with reasons, choosing, a supporter's offers and answers,
and the supervisor's overview. The same services, selectors and access checks as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing

from . import selectors, services
from .models import Offer, SupportRequest

router = Router(tags=["matching"])


class RequestIn(Schema):
    topics: list[str] = Field(default_factory=list, description="Topic codes, e.g. bipolar.")
    modalities: list[str] = Field(default_factory=list, description="chat, phone, video, in_person")
    languages: list[str] = Field(default_factory=list, description="Language codes, e.g. es.")
    language_required: bool = False
    wants: dict[str, str] = Field(
        default_factory=dict, description="{trait: must|nice}; traits as in the intake."
    )
    gender: str = ""
    age_range: str = ""
    culture: str = ""
    availability: list[str] = Field(default_factory=list, description="Slots like mon-evening.")
    time_zone: str = "UTC"
    urgency: str = "soon"
    note: str = ""


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


class ErrorOut(Schema):
    detail: str


def _user(request: HttpRequest, role: Role) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # BearerToken sets it before any route runs
    if not standing(user).has(role):
        raise Http404
    return user


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


@router.post("/requests", response={201: RequestOut, 422: ErrorOut})
def submit_request(request: HttpRequest, payload: RequestIn) -> Status[Any]:
    """Save the caller's intake answers as their one open request."""
    member = _user(request, Role.MEMBER)
    return Status(201, _request_out(services.submit_request(member=member, **payload.model_dump())))


@router.get("/requests/{request_id}/choices", response=list[ChoiceOut])
def choices(request: HttpRequest, request_id: int) -> list[dict[str, Any]]:
    """The best few supporters for the caller's own request, with plain reasons."""
    member = _user(request, Role.MEMBER)
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


@router.post("/requests/{request_id}/choose", response={200: OfferOut | None, 422: ErrorOut})
def choose(request: HttpRequest, request_id: int, payload: ChooseIn) -> Status[Any]:
    """Offer the request to the chosen supporter, or to the best fit when none is given."""
    member = _user(request, Role.MEMBER)
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
    supporter = _user(request, Role.SUPPORTER)
    return [_offer_out(offer) for offer in selectors.offers_for(supporter)[:100]]


@router.post("/offers/{offer_id}/accept", response={200: AcceptedOut, 422: ErrorOut})
def accept(request: HttpRequest, offer_id: int) -> Status[Any]:
    """Say yes: join the member's care team; the answer names the conversation that opened."""
    supporter = _user(request, Role.SUPPORTER)
    selectors.access_offer(supporter, offer_id)
    try:
        conversation = services.accept_offer(supporter=supporter, offer_id=offer_id)
    except ValidationError as error:
        return _error(error)
    return Status(200, {"conversation_id": conversation.pk})


@router.post("/offers/{offer_id}/decline", response={204: None, 422: ErrorOut})
def decline(request: HttpRequest, offer_id: int) -> Status[Any]:
    """Say no, no reason needed: the member is offered the next best supporter."""
    supporter = _user(request, Role.SUPPORTER)
    selectors.access_offer(supporter, offer_id)
    try:
        services.decline_offer(supporter=supporter, offer_id=offer_id)
    except ValidationError as error:
        return _error(error)
    return Status(204, None)


@router.get("/overview", response=OverviewOut)
def overview(request: HttpRequest) -> dict[str, Any]:
    """The supervisor's figures: queue length, longest wait, and every supporter's load."""
    supervisor = _user(request, Role.SUPERVISOR)
    program = standing(supervisor).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    found = selectors.overview(program)
    return {
        "waiting": len(found.waiting),
        "longest_wait_hours": round(found.longest_wait_hours, 2),
        "waiting_too_long": len(found.waiting_too_long),
        "loads": {profile.user_id: load for profile, load in found.supporters},
    }
