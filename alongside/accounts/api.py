"""API routes for signing in with a token and reading who you are."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from . import selectors, services, two_factor
from .choices import TWO_FACTOR_ROLES

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)
    otp: str | None = Field(default=None, description="Six-digit code; required for staff roles.")


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    detail: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    program: str | None


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 403: ErrorOut})
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, str]]:
    """Exchange a pseudonym and password (and, for staff, a two-step code) for a bearer token."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": "That pseudonym and password do not match."})
    if selectors.standing(user).roles & TWO_FACTOR_ROLES:
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
    return Status(200, {"token": services.issue_api_token(user=user)})


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
