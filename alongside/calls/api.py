"""API routes for calls."""

from ninja import Router

router = Router(tags=["calls"])
