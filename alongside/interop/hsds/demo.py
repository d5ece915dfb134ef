"""Demo data for hsds: the demo program publishes its (synthetic) directory openly, so a 211's client
can read /hsds/ right away (docs/interop-hsds.md); one imported service shows a partner's data kept."""

from __future__ import annotations

from alongside.accounts.models import Program

from .models import Access, HsdsSettings


def load(program: Program) -> None:
    """Open the demo directory to everyone (a program's own choice on its settings page)."""
    HsdsSettings.objects.update_or_create(program=program, defaults={"access": Access.PUBLIC})
