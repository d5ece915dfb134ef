"""Views no app owns: health check, CSRF failure."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

import alongside


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
