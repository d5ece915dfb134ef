"""Writing the access log. Every protected read goes through `record_access`."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from alongside.accounts.models import User

from .context import current_origin
from .models import AccessLog, Action, ChainHead

# A page reload or a WebSocket reconnect reads the same record again; within this window the read is already
# in the log, so one line stands for all of them and the log stays readable by the people who must read it.
REPEAT_READ_WINDOW = timedelta(minutes=10)

# Which roles a person holds is accounts' to say, and accounts writes to this log: it hands over its
# reader (`accounts.selectors.role_names`) from its AppConfig.ready() instead of this module importing it.
_role_readers: list[Callable[[User, int | None], list[str]]] = []


def read_roles_with(reader: Callable[[User, int | None], list[str]]) -> None:
    _role_readers[:] = [reader]


def _roles_of(viewer: User, program_id: int | None) -> list[str]:
    if not _role_readers:
        raise LookupError("accounts has not handed over its role reader yet")
    return _role_readers[0](viewer, program_id)


def _entry_hash(previous_hash: str, fields: dict[str, object]) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str)
    return hashlib.sha256((previous_hash + payload).encode()).hexdigest()


def _hashed_fields(entry: AccessLog) -> dict[str, object]:
    return {
        "at": entry.at.isoformat(),
        "program": entry.program_id,
        "actor": entry.actor_id,
        "roles": entry.actor_roles,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "subject": entry.subject_id,
        "purpose": entry.purpose,
        "ip": entry.ip_address,
        "path": entry.path,
    }


@transaction.atomic
def record_access(
    *,
    viewer: User | None,
    record: Model | None = None,
    record_type: str = "",
    record_id: str | int = "",
    subject: User | None,
    purpose: str,
    program_id: int | None = None,
    action: Action = Action.READ,
) -> AccessLog:
    """Append one line to the access log, chained to the line before it.

    A read that repeats one already logged for the same person, record and reason within
    `REPEAT_READ_WINDOW` is not written again; the earlier line is returned. Every other action is always
    written."""
    origin = current_origin.get()
    entry = AccessLog(
        program_id=program_id,
        actor=viewer,
        actor_roles=",".join(_roles_of(viewer, program_id)) if viewer else "",
        action=action,
        record_type=record_type or (record._meta.label_lower if record is not None else ""),
        record_id=str(record_id or (record.pk if record is not None else "")),
        subject=subject,
        purpose=purpose[:200],
        ip_address=origin.ip_address if origin else None,
        path=origin.path if origin else "",
    )
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    if (earlier := _recent_same_read(entry)) is not None:
        return earlier
    entry.previous_hash = head.latest_hash
    entry.entry_hash = _entry_hash(head.latest_hash, _hashed_fields(entry))
    entry.save()
    head.latest_hash = entry.entry_hash
    head.entries += 1
    head.save(update_fields=["latest_hash", "entries"])
    return entry


def _recent_same_read(entry: AccessLog) -> AccessLog | None:
    """The line that already records this read (same person, record and reason, in the window), if any."""
    if entry.action != Action.READ or entry.actor_id is None:
        return None
    same_program = (
        Q(program__isnull=True) if entry.program_id is None else Q(program_id=entry.program_id)
    )
    return (
        AccessLog.objects.filter(
            same_program,
            actor_id=entry.actor_id,
            action=Action.READ,
            record_type=entry.record_type,
            record_id=entry.record_id,
            subject_id=entry.subject_id,
            purpose=entry.purpose,
            at__gte=timezone.now() - REPEAT_READ_WINDOW,
        )
        .order_by("-pk")
        .first()
    )


@dataclass(frozen=True)
class ChainCheck:
    """Whether the access log holds: every entry follows from the one before, up to the stored head."""

    entries: int  # how many entries were checked
    broken_at: int | None = (
        None  # the first entry whose hash does not follow (changed or removed before it)
    )
    truncated: bool = False  # the log ends before the head: its newest entries (or all) are gone

    @property
    def holds(self) -> bool:
        return self.broken_at is None and not self.truncated


def verify_chain() -> ChainCheck:
    """Walk the log from the first entry to the stored chain head. The head is read first and the walk
    stops at its count, so entries written meanwhile are left for the next check, not taken for damage."""
    head = ChainHead.objects.filter(pk=1).first() or ChainHead()
    previous, count = "0" * 64, 0
    for entry in AccessLog.objects.order_by("pk").iterator():
        if count == head.entries:
            break
        if entry.previous_hash != previous or entry.entry_hash != _entry_hash(
            previous, _hashed_fields(entry)
        ):
            return ChainCheck(entries=count, broken_at=entry.pk)
        previous, count = entry.entry_hash, count + 1
    return ChainCheck(
        entries=count, truncated=count != head.entries or previous != head.latest_hash
    )
