"""API routes for supervision."""

from ninja import Router

router = Router(tags=["supervision"])
