"""API routes for signing in with a token and reading who you are."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError
from pydantic import Field

from alongside.common.api import ApiError, Schema

from . import selectors, services, two_factor
from .choices import TWO_FACTOR_ROLES, ApiScope

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)
    otp: str | None = Field(default=None, description="Six-digit code; required for staff roles.")
    scope: ApiScope = Field(
        default=ApiScope.API,
        description='"fhir" for a token that reads only the FHIR R4 endpoint (/fhir/R4/), as a care-team '
        "partner's health record system does; empty (the default) for this API.",
    )


class TokenOut(Schema):
    token: str = Field(
        description="Bearer token for the Authorization header; good until `expires_at`."
    )
    expires_at: datetime = Field(description="When the bearer token stops working (about an hour).")
    refresh_token: str = Field(
        description="Trade it at /api/auth/refresh for a new pair before it expires; it works once."
    )
    refresh_expires_at: datetime = Field(description="When the refresh token stops working.")


class RefreshIn(Schema):
    refresh_token: str = Field(min_length=1, max_length=200)


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    program: str | None


@router.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: ApiError, 403: ApiError, 429: ApiError}
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[Any]:
    """Exchange a pseudonym and password (and, for staff, a two-step code) for a bearer token that
    lives an hour and a refresh token that renews it. Changing the password, signing out on the
    website, quick exit, or ending the sign-in on the profile page ends both. Too many wrong
    passwords for one pseudonym answer 429 for 15 minutes."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": "That pseudonym and password do not match."})
    # Staff in any of their programs: a token may name any of them (`X-Alongside-Program`).
    if selectors.holds_anywhere(user, TWO_FACTOR_ROLES):
        device = two_factor.confirmed_device(user)
        if device is None:
            return Status(
                403,
                {
                    "detail": "Set up two-step sign-in on the website first; staff need it for the API."
                },
            )
        if not payload.otp or not device.verify_token(payload.otp.strip()):
            raise HttpError(
                401, "otp: send the current six-digit code from your authenticator app."
            )
    return Status(200, asdict(services.start_api_sign_in(user=user, scope=payload.scope)))


@router.post("/auth/refresh", auth=None, response={200: TokenOut, 401: ApiError})
def refresh_token(request: HttpRequest, payload: RefreshIn) -> Status[Any]:
    """A new bearer token and refresh token for a refresh token that is still good; the old pair
    stops working."""
    issued = services.refresh_api_token(refresh_token=payload.refresh_token)
    if issued is None:
        return Status(401, {"detail": "That refresh token has ended; sign in again."})
    return Status(200, asdict(issued))


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    """Who the token belongs to: pseudonym, display name, roles and program."""
    user = request.user
    found = selectors.standing(user)
    return {
        "username": user.username,
        "display_name": user.display_name,  # type: ignore[union-attr]
        "roles": sorted(found.roles),
        "program": found.program.slug if found.program else None,
    }
