"""Changes to records: encounters (and, later, notes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.accounts.models import Program, User

from .models import Encounter, Modality, PlaceOfService, Source


def _check_encounter(
    *, modality: str, started_at: datetime, ended_at: datetime, source: str, place_of_service: str
) -> None:
    errors: dict[str, str] = {}
    if modality not in Modality.values:
        errors["modality"] = _(
            "Choose how you met: chat, phone, video, in person, going along or group."
        )
    if source not in Source.values:
        errors["source"] = _("This kind of contact is not known.")
    if place_of_service and place_of_service not in PlaceOfService.values:
        errors["place_of_service"] = _("Choose a place of service from the list.")
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        errors["started_at"] = _("Times need a time zone.")
    elif ended_at <= started_at:
        errors["ended_at"] = _("The end time must be after the start time.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_encounter(
    *,
    program: Program,
    supporter: User,
    members: Iterable[User],
    modality: str,
    started_at: datetime,
    ended_at: datetime,
    source: str,
    source_id: int | str,
    place_of_service: str = "",
    place: str = "",
    active_minutes: int | None = None,
) -> Encounter:
    """Record one contact, once: a second call for the same (source, source_id, supporter) updates the
    times, modality, place and participants of the first instead of adding another. Refuses an end at or
    before the start (ValidationError naming `ended_at`)."""
    _check_encounter(
        modality=modality,
        started_at=started_at,
        ended_at=ended_at,
        source=source,
        place_of_service=place_of_service,
    )
    values = {
        "program": program,
        "modality": modality,
        "started_at": started_at,
        "ended_at": ended_at,
        "place_of_service": place_of_service,
        "place": place[:200],
        "active_minutes": active_minutes,
    }
    encounter, created = Encounter.objects.select_for_update().get_or_create(
        source=source, source_id=str(source_id), supporter=supporter, defaults=values
    )
    if not created:
        changed = [field for field, value in values.items() if getattr(encounter, field) != value]
        for field in changed:
            setattr(encounter, field, values[field])
        if changed:
            encounter.save(update_fields=[*changed, "updated_at"])
    encounter.participants.set(list(members))
    return encounter
