"""API routes for scheduling."""

from ninja import Router

router = Router(tags=["scheduling"])
