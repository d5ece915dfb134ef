"""API routes for training."""

from ninja import Router

router = Router(tags=["training"])
