"""Every change moderation makes: reports, actions and appeals, blocks, holds and the hold setting.

Each moderator's step is written to the access log (`alongside.audit`) in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import standing
from alongside.audit.models import Action
from alongside.audit.services import record_access

from . import blocks, targets
from .models import (
    EXCERPT,
    ActionKind,
    Appeal,
    AppealStatus,
    Hold,
    HoldStatus,
    ModerationAction,
    ModerationSettings,
    Reason,
    Report,
    ReportStatus,
)
from .selectors import is_moderator, settings_of

DISMISS = "dismiss"
MAX_SUSPENSION_DAYS = 365


def _audit(
    actor: User, record: object, *, subject: User | None, purpose: str, program_id: int
) -> None:
    record_access(
        viewer=actor,
        record=record,  # type: ignore[arg-type]  # always a model instance here
        subject=subject,
        purpose=purpose,
        program_id=program_id,
        action=Action.WRITE,
    )


# --- reports ---------------------------------------------------------------------------------------


@transaction.atomic
def report(
    *, reporter: User, target_kind: str, target_id: int, reason: str, note: str = ""
) -> Report:
    """Tell the moderators about a message, post or person the reporter can see. Reporting the same
    thing again while the first report is open adds nothing new. Errors name the field."""
    kind = targets.kind_of(target_kind)
    if kind is None:
        raise ValidationError({"target_kind": _("We do not know that kind of thing.")})
    target = kind.find(reporter, target_id)
    if target is None:
        raise ValidationError({"target_id": _("We could not find that.")})
    if target.author is not None and target.author.pk == reporter.pk:
        raise ValidationError({"target_id": _("You cannot report yourself.")})
    if reason not in Reason.values:
        raise ValidationError({"reason": _("Please choose a reason.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Please keep the note under 2000 characters.")})
    existing = (
        Report.objects.open()
        .filter(reporter=reporter, target_kind=target_kind, target_id=target_id)
        .first()
    )
    if existing is not None:
        return existing
    found = Report.objects.create(
        program_id=target.program_id,
        reporter=reporter,
        target_kind=target_kind,
        target_id=target_id,
        target_author=target.author,
        excerpt=target.excerpt[:EXCERPT],
        reason=reason,
        note=note.strip(),
    )
    _audit(reporter, found, subject=target.author, purpose="Reported", program_id=target.program_id)
    return found


def _open_report(moderator: User, report_id: int) -> Report:
    found = Report.objects.select_for_update().filter(pk=report_id).first()
    if found is None or not is_moderator(moderator, found.program_id):
        raise Http404
    if found.status != ReportStatus.OPEN:
        raise ValidationError(_("Someone has already dealt with this report."), code="closed")
    return found


def _close_reports(found: Report, *, moderator: User, status: ReportStatus) -> None:
    """Close this report and every other open one about the same thing: one decision answers all."""
    Report.objects.open().filter(
        program_id=found.program_id, target_kind=found.target_kind, target_id=found.target_id
    ).update(status=status, resolved_at=timezone.now(), resolved_by=moderator)


@transaction.atomic
def act_on_report(
    *, moderator: User, report_id: int, kind: str, reason: str = "", days: int | None = None
) -> ModerationAction | None:
    """Dismiss a report, or hide the content, warn, suspend for `days` or ban its author, with a
    reason that person will read. Returns the action (None for a dismissal)."""
    found = _open_report(moderator, report_id)
    reason = reason.strip()
    if kind == DISMISS:
        _close_reports(found, moderator=moderator, status=ReportStatus.DISMISSED)
        _audit(
            moderator,
            found,
            subject=found.target_author,
            purpose="Dismissed a report",
            program_id=found.program_id,
        )
        return None
    if kind not in ActionKind.values:
        raise ValidationError({"kind": _("Please choose what to do.")})
    if not reason:
        raise ValidationError({"reason": _("Please write the reason the person will read.")})
    if found.target_author is None:
        raise ValidationError({"kind": _("That account is gone; you can only dismiss this.")})
    target_kind = targets.kind_of(found.target_kind)
    ends_at = None
    if kind == ActionKind.HIDE:
        if target_kind is None or target_kind.hide is None:
            raise ValidationError({"kind": _("This cannot be hidden.")})
        target_kind.hide(found.target_id, True, reason)
    elif kind == ActionKind.SUSPEND:
        if days is None or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ValidationError({"days": _("Please give a number of days from 1 to 365.")})
        ends_at = timezone.now() + timedelta(days=days)
    action = ModerationAction.objects.create(
        program_id=found.program_id,
        report=found,
        subject=found.target_author,
        moderator=moderator,
        kind=kind,
        reason=reason,
        target_kind=found.target_kind if kind == ActionKind.HIDE else "",
        target_id=found.target_id if kind == ActionKind.HIDE else None,
        ends_at=ends_at,
    )
    _close_reports(found, moderator=moderator, status=ReportStatus.ACTED)
    _audit(
        moderator,
        action,
        subject=action.subject,
        purpose=f"Moderation: {kind}",
        program_id=found.program_id,
    )
    return action


# --- appeals ---------------------------------------------------------------------------------------


@transaction.atomic
def appeal(*, person: User, action_id: int, note: str) -> Appeal:
    """The person asks the moderators to look again, once per action."""
    action = (
        ModerationAction.objects.select_for_update().filter(pk=action_id, subject=person).first()
    )
    if action is None:
        raise Http404
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Please tell the moderators what they should know.")})
    if action.is_reversed or Appeal.objects.filter(action=action).exists():
        raise ValidationError(
            {"note": ValidationError(_("You have already asked about this."), code="once")}
        )
    found = Appeal.objects.create(action=action, note=note[:2000])
    _audit(
        person,
        found,
        subject=person,
        purpose="Appealed a moderation action",
        program_id=action.program_id,
    )
    return found


@transaction.atomic
def decide_appeal(*, moderator: User, appeal_id: int, reverse: bool, note: str = "") -> Appeal:
    """Uphold the action, or reverse it: a hidden message shows again, a suspension or ban ends."""
    found = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("action", "action__subject")
        .filter(pk=appeal_id)
        .first()
    )
    if found is None or not is_moderator(moderator, found.action.program_id):
        raise Http404
    if found.status != AppealStatus.OPEN:
        raise ValidationError(_("Someone has already answered this appeal."), code="closed")
    action = found.action
    if reverse:
        action.reversed_at = timezone.now()
        action.save(update_fields=["reversed_at", "updated_at"])
        hide = targets.kind_of(action.target_kind)
        if action.kind == ActionKind.HIDE and hide and hide.hide and action.target_id:
            hide.hide(action.target_id, False, "")
    found.status = AppealStatus.REVERSED if reverse else AppealStatus.UPHELD
    found.decided_at, found.decided_by, found.decision_note = (
        timezone.now(),
        moderator,
        note.strip(),
    )
    found.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
    purpose = "Reversed on appeal" if reverse else "Upheld on appeal"
    _audit(moderator, found, subject=action.subject, purpose=purpose, program_id=action.program_id)
    return found


# --- blocks ----------------------------------------------------------------------------------------


def block_person(*, blocker: User, person_id: int) -> User:
    """Block someone of one's own program: no new conversation, no match, no messages either way."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise Http404
    blocks.block(blocker=blocker, blocked=person)  # Http404 across programs or for oneself
    return person


def unblock_person(*, blocker: User, person_id: int) -> bool:
    return blocks.unblock(blocker=blocker, blocked_id=person_id)


# --- holds for new members -------------------------------------------------------------------------


def should_hold(author: User, program: Program | int) -> bool:
    """Whether a new post by `author` waits for a moderator first: only when the program holds new
    members' posts, only for people who are members there and nothing more (staff are never held),
    and only during their first `hold_days` or until `hold_posts` of their posts were approved."""
    settings = settings_of(program)
    if not settings.holds_new_members:
        return False
    found = standing(author)
    program_id = program.pk if isinstance(program, Program) else program
    if found.program is None or found.program.pk != program_id or found.roles != {Role.MEMBER}:
        return False  # peer supporters and staff post straight away
    if settings.hold_days:
        joined = (
            Membership.objects.filter(user=author, program_id=program_id)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if joined is not None and timezone.now() - joined < timedelta(days=settings.hold_days):
            return True
    if settings.hold_posts:
        approved = Hold.objects.filter(
            author=author, program_id=program_id, status=HoldStatus.APPROVED
        ).count()
        if approved < settings.hold_posts:
            return True
    return False


@transaction.atomic
def hold(
    *,
    author: User,
    program: Program | int,
    target_kind: str,
    target_id: int,
    excerpt: str,
    risk_level: str = "none",
) -> Hold:
    """Put a post in the moderators' queue before anyone else sees it (the caller keeps it unseen
    until `release` of its target kind is called with approved=True). `risk_level` is the safety
    assessment's: at `high` or above the queue lists it first. Holding the same post again (an edit
    into crisis words) puts it back in the queue with the new words."""
    if targets.kind_of(target_kind) is None:
        raise ValidationError({"target_kind": _("We do not know that kind of thing.")})
    program_id = program.pk if isinstance(program, Program) else program
    found, created = Hold.objects.select_for_update().get_or_create(
        target_kind=target_kind,
        target_id=target_id,
        defaults={
            "program_id": program_id,
            "author": author,
            "excerpt": excerpt[:EXCERPT],
            "risk_level": risk_level,
        },
    )
    if not created:
        found.status, found.excerpt, found.risk_level = (
            HoldStatus.HELD,
            excerpt[:EXCERPT],
            risk_level,
        )
        found.reason, found.decided_at, found.decided_by = "", None, None
        found.save(
            update_fields=[
                "status",
                "excerpt",
                "risk_level",
                "reason",
                "decided_at",
                "decided_by",
                "updated_at",
            ]
        )
    return found


@transaction.atomic
def decide_hold(*, moderator: User, hold_id: int, approve: bool, reason: str = "") -> Hold:
    """Publish a held post, or keep it back with a reason its author reads."""
    found = (
        Hold.objects.select_for_update(of=("self",))
        .select_related("author")
        .filter(pk=hold_id)
        .first()
    )
    if found is None or not is_moderator(moderator, found.program_id):
        raise Http404
    if found.status != HoldStatus.HELD:
        raise ValidationError(_("Someone has already reviewed this post."), code="closed")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Please write the reason the person will read.")})
    found.status = HoldStatus.APPROVED if approve else HoldStatus.REJECTED
    found.reason, found.decided_at, found.decided_by = reason, timezone.now(), moderator
    found.save(update_fields=["status", "reason", "decided_at", "decided_by", "updated_at"])
    kind = targets.kind_of(found.target_kind)
    if kind is not None and kind.release is not None:
        kind.release(found.target_id, approve)
    purpose = "Approved a held post" if approve else "Kept back a held post"
    _audit(moderator, found, subject=found.author, purpose=purpose, program_id=found.program_id)
    return found


@transaction.atomic
def save_settings(
    *, admin: User, holds_new_members: bool, hold_days: int, hold_posts: int
) -> ModerationSettings:
    """An administrator sets whether and how long new members' posts are held."""
    found = standing(admin)
    if found.program is None or not found.has(Role.ADMIN):
        raise Http404
    saved, _created = ModerationSettings.objects.update_or_create(
        program=found.program,
        defaults={
            "holds_new_members": holds_new_members,
            "hold_days": hold_days,
            "hold_posts": hold_posts,
        },
    )
    _audit(
        admin, saved, subject=None, purpose="Changed the hold setting", program_id=found.program.pk
    )
    return saved
