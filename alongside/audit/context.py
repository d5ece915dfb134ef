"""The request an audited read happens in, so services can log where it came from without taking it."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar("current_origin", default=None)


class AuditOriginMiddleware:
    """Remembers the address and path of the request being served for `record_access`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(
            RequestOrigin(request.META.get("REMOTE_ADDR"), request.path[:300])
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
