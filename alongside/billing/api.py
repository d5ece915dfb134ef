"""API routes for billing."""

from ninja import Router

router = Router(tags=["billing"])
