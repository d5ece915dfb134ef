"""Changes in hsds: the program's choice of who may read its directory over the HSDS API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing

from .models import Access, HsdsSettings


@transaction.atomic
def set_access(*, actor: User, access: str) -> HsdsSettings:
    """Publish the directory openly, or only to apps with a token (admins only)."""
    found = standing(actor)
    if found.program is None or not found.has(Role.ADMIN):
        raise PermissionDenied
    if access not in Access.values:
        raise ValidationError({"access": f"One of {', '.join(Access.values)}."})
    settings, _created = HsdsSettings.objects.update_or_create(
        program=found.program, defaults={"access": access}
    )
    return settings
