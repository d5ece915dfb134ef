"""Demo data for billing (synthetic people only)."""

from __future__ import annotations

from alongside.accounts.models import Program


def load(program: Program) -> None:
    """Add this app's part of the demo program."""
