"""API routes for records."""

from ninja import Router

router = Router(tags=["records"])
