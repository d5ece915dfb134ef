"""The HTTP API: one django-ninja router per app, bearer-token auth, JSON errors that name the field."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

import alongside
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing, user_for_token
from alongside.common.api import ApiError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            # The program the request is about: named by `X-Alongside-Program` or `?program=` (its id or
            # slug; one the person is not in is refused with 404), else the person's first.
            named = request.headers.get("X-Alongside-Program") or request.GET.get("program")
            program = pin_standing(user, named, strict=True).program
            if program is None and named:
                raise Http404
            request.program = program  # type: ignore[attr-defined]  # as the session middleware sets it
        return user


# Answers any operation may give besides its own: each is documented on every operation, with the one
# error shape (`common.api.ApiError`), so a client (and Schemathesis) finds every status it can meet.
COMMON_ANSWERS = {
    "400": "The body is not JSON.",
    "401": "Not signed in: send Authorization: Bearer <token>.",
    "404": "No such thing, or not yours to see (the two look the same).",
    "422": "A field is missing or wrong: `errors` names each one.",
    "503": "The server is busy: try again after Retry-After seconds.",
}


def _or_api_error(answer: dict[str, Any], error: dict[str, Any]) -> None:
    """An operation's own answer for a common status may also be the common one (its 422 for a field
    it refuses, the API's 422 for a body that does not fit): its schema says either."""
    content = answer.setdefault("content", {}).setdefault("application/json", {})
    schema = content.get("schema")
    if schema is None:
        content["schema"] = error
    elif schema != error and error not in schema.get("anyOf", []):
        content["schema"] = {"anyOf": [*schema.get("anyOf", [schema]), error]}


class AlongsideAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error.pop("$defs", {}))
        components["ApiError"] = error
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                # ninja keys an operation's own answers by int; one key per status, its own answer kept.
                answers = {
                    str(status): answer for status, answer in operation.get("responses", {}).items()
                }
                operation["responses"] = answers
                for status, description in COMMON_ANSWERS.items():
                    if status == "401" and not operation.get("security"):
                        continue  # open to all: never asks to sign in
                    own = answers.setdefault(
                        status, {"description": description, "content": reference}
                    )
                    _or_api_error(own, reference["application/json"]["schema"])
        return schema


api = AlongsideAPI(
    title="Alongside API", version=alongside.__version__, auth=BearerToken(), urls_namespace="api"
)


def _field_name(location: list[Any]) -> str:
    # ninja reports ("body", "payload", "username"); people and clients want "username".
    parts = [str(p) for p in location if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(e.get("loc", []))), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return api.create_response(
        request, {"detail": f"Please check: {fields}.", "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Sign in first: send Authorization: Bearer <token>."}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


from alongside.accounts.api import router as accounts_router  # noqa: E402  # routers import `api`'s auth

api.add_router("", accounts_router)
api.add_router("/conversations", "alongside.conversations.api.router")
api.add_router("/care-plans", "alongside.care_plans.api.router")
api.add_router("/outcomes", "alongside.outcomes.api.router")
api.add_router("/matching", "alongside.matching.api.router")
api.add_router("/safety/escalations", "alongside.safety.api.router")
api.add_router("/safety/reports", "alongside.safety.moderation.api.router")
api.add_router("/resources", "alongside.resources.api.router")
api.add_router("/groups", "alongside.groups.api.router")
api.add_router("/forums", "alongside.forums.api.router")
api.add_router("/records", "alongside.records.api.router")
api.add_router("/sessions", "alongside.scheduling.api.router")
api.add_router("/calls", "alongside.calls.api.router")
api.add_router("/training", "alongside.training.api.router")
api.add_router("/supervision", "alongside.supervision.api.router")
api.add_router("/billing", "alongside.billing.api.router")
api.add_router("/reports", "alongside.reports.api.router")
