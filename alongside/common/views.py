"""Views no app owns: health check, CSRF failure, the server-error page (503 when the database is busy)."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.http import require_GET

import alongside

logger = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds: a burst passes; the browser or client tries again
# What PostgreSQL and SQLite say when they are full or busy, rather than broken.
_BUSY = (
    "too many clients",
    "remaining connection slots",
    "database is locked",
    "couldn't get a connection",
)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and wiring: which database and channel layer this process really uses."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    layer = str(settings.CHANNEL_LAYERS["default"]["BACKEND"])
    return JsonResponse(
        {
            "status": "ok",
            "database": "postgresql" if connection.vendor == "postgresql" else connection.vendor,
            "channel_layer": "redis" if "redis" in layer.lower() else "memory",
            "version": alongside.__version__,
        }
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def is_saturated(error: BaseException | None) -> bool:
    """Whether `error` says the database is busy (no pooled connection free in time, PostgreSQL out of
    connections, SQLite's lock held too long): worth trying again shortly, not a bug."""
    from psycopg_pool import PoolTimeout  # a dependency; imported here, where it is needed

    while error is not None:
        if isinstance(error, PoolTimeout):
            return True
        if isinstance(error, DatabaseError) and any(word in str(error) for word in _BUSY):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's `handler500`. A busy database answers 503 with Retry-After (JSON for the API), with a
    page that reads nothing from the database; anything else is Django's plain 500."""
    if not is_saturated(sys.exc_info()[1]):
        return defaults.server_error(request)
    logger.warning("The database is busy: %s answered 503", request.path)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "The server is busy. Please try again in a few seconds."}, status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
