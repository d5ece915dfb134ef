"""Conversation pages: the list, one conversation (which also works without JavaScript), edits,
ending and leaving, and the notification centre."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import TimeFormat
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing, time_zone_of
from alongside.audit.services import record_access
from alongside.common.http import AuthedRequest, role_required
from alongside.notifications.selectors import preferences_of
from alongside.notifications.services import save_preferences
from alongside.safety import Level
from alongside.safety.boundaries import REASONS
from alongside.safety.models import Verdict
from alongside.safety.services import mark_assessment

from . import selectors, services
from .forms import (
    ComposerForm,
    EditForm,
    EndForm,
    LeaveForm,
    NotificationSettingsForm,
    ProgramSettingsForm,
)
from .models import Conversation, Message


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _time_words() -> dict[str, str]:
    """How chat.js writes a message's time: Django's own format and words for the active language
    (in the person's zone), so a message delivered live reads exactly as it will after a reload."""
    am, pm = TimeFormat(time(1)), TimeFormat(time(13))
    return {
        "time_format": get_format("SHORT_DATETIME_FORMAT"),
        "time_am": am.a(),
        "time_pm": pm.a(),
        "time_AM": am.A(),
        "time_PM": pm.A(),
        "time_midnight": TimeFormat(time(0)).P(),
        "time_noon": TimeFormat(time(12)).P(),
        "time_months": "|".join(str(MONTHS[m]) for m in range(1, 13)),
        "time_months_3": "|".join(str(MONTHS_3[m]) for m in range(1, 13)),
        "time_months_ap": "|".join(str(MONTHS_AP[m]) for m in range(1, 13)),
    }


def chat_strings() -> dict[str, str]:
    """The words chat.js shows, translated here so the script holds none."""
    return {
        **_time_words(),
        "you": _("You"),
        "someone": _("Someone who has left Alongside"),
        "sending": _("Sending…"),
        "sent": _("Sent"),
        "read": _("Read"),
        "failed": _("Not sent yet."),
        "retry": _("Try again"),
        "put_back": _("Put back in the box"),
        "deleted": _("This message was deleted."),
        "hidden": _("This message was hidden by a moderator."),
        "edited": _("(edited)"),
        "left": _("%(name)s left the conversation."),
        "closing": _("Closing note"),
        "typing": _("%(name)s is writing…"),
        "new_message": _("%(name)s wrote: %(body)s"),
        "live": _("Connected. New messages appear as they are written."),
        "connecting": _("Connecting…"),
        "offline": _("You are offline. Your messages will be sent when you are back."),
        "back_online": _("You are back online."),
        "signed_out": _("You have been signed out. Please sign in again to keep talking."),
        "no_access": _("You are no longer part of this conversation."),
        "ended": _("This conversation has ended. You can still read it."),
        "crisis": _(
            "It sounds like things are really hard right now. You can reach someone at any "
            "time: see “Need help right now?” below."
        ),
        "enter_help": _("Press Enter to send, or Shift and Enter for a new line."),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "this_message": _("this message"),
        "held": _("Held for a quick review. The others will see it once a supervisor has looked."),
        "report": _("Report"),
        "crisis_check": _("Crisis?"),
        "crisis_check_help": _("Say whether the app read this message right"),
        "boundary_title": _("Before you send this"),
        "boundary_edit": _("Edit"),
        "boundary_send": _("Send anyway"),
        # The boundary guard's reasons by kind, in the reader's language (the socket's are not).
        **{f"boundary_{kind}": str(reason) for kind, reason in REASONS.items()},
    }


def _page_context(
    request: AuthedRequest, conversation: Conversation, before: int | None
) -> dict[str, Any]:
    others = selectors.others_in(conversation, request.user)
    seat = selectors.seat_of(conversation, request.user)
    since = selectors.visible_since(conversation, seat)
    history = selectors.history(conversation, before_seq=before, since=since)
    # Older messages exist before the first shown, unless a room's view starts with this page.
    more = bool(history) and history[0].seq > 1
    if since is not None and len(history) < selectors.HISTORY_PAGE:
        more = False
    return {
        "conversation": conversation,
        "seat": seat,
        "others": others,
        "history": history,
        "names": ", ".join(str(p.user) for p in others),
        "before": before,
        "earlier_seq": history[0].seq if more else None,
        "read_through": min((p.last_read_seq for p in others), default=0),
        "changeable": {m.seq for m in history if m.can_be_changed_by(request.user)},
        "can_send": not conversation.is_ended and not seat.has_left,
        "time_zone": time_zone_of(request.user).key,
        "chat_strings": chat_strings(),
    }


@role_required(Role.MEMBER, Role.SUPPORTER)
def conversation_list(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    seats = selectors.conversations_of(request.user, program)
    page = Paginator(seats, 25).get_page(request.GET.get("page"))
    unread = selectors.unread_notification_count(request.user, program)
    return render(
        request, "conversations/list.html", {"page": page, "unread_notifications": unread}
    )


@login_required
@require_GET
def conversation(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    before = _int_or_none(request.GET.get("before"))
    context = _page_context(request, conversation, before)
    if request.htmx and before is not None:
        return render(request, "conversations/_history.html", context)
    if before is None and conversation.last_seq > context["seat"].last_read_seq:
        services.mark_read(
            conversation_id=conversation.pk, user=request.user, seq=conversation.last_seq
        )
    return render(request, "conversations/conversation.html", {**context, "form": ComposerForm()})


@login_required
@require_POST
def send(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    """The composer without JavaScript: a plain form POST, idempotent through its client_id."""
    conversation = selectors.access_conversation(
        request.user, conversation_id, purpose="Wrote in a conversation"
    )
    form = ComposerForm(request.POST)
    boundary: list[dict[str, str]] = []
    if form.is_valid():
        try:
            message = services.send_message(
                conversation=conversation,
                sender=request.user,
                client_id=form.cleaned_data["client_id"],
                body=form.cleaned_data["body"],
                confirm_boundary=form.cleaned_data["confirm_boundary"],
            )
        except services.BoundaryWarning as warning:
            boundary = [finding.as_dict() for finding in warning.findings]
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if Level(message.risk_level).opens_escalation:
                messages.warning(request, chat_strings()["crisis"])
            if message.is_held:
                messages.info(request, chat_strings()["held"])
            return redirect(f"{conversation.get_absolute_url()}#m-{message.seq}")
    # The words stay in the box, with what went wrong (or what to think about before sending).
    context = {**_page_context(request, conversation, None), "form": form, "boundary": boundary}
    return render(request, "conversations/conversation.html", context, status=400)


def _changeable_message(request: AuthedRequest, conversation_id: int, seq: int) -> Message | None:
    conversation = selectors.access_conversation(request.user, conversation_id)
    message = selectors.own_message(request.user, conversation, seq)
    if not message.can_be_changed_by(request.user) or conversation.is_ended:
        messages.info(request, _("That message can no longer be changed."))
        return None
    return message


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(request: AuthedRequest, conversation_id: int, seq: int) -> HttpResponse:
    message = _changeable_message(request, conversation_id, seq)
    if message is None:
        return redirect("conversations:conversation", conversation_id)
    form = EditForm(request.POST or None, initial={"body": message.body})
    boundary = False
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_message(
                editor=request.user,
                message=message,
                body=form.cleaned_data["body"],
                confirm_boundary=form.cleaned_data["confirm_boundary"],
            )
        except ValidationError as error:
            boundary = isinstance(error, services.BoundaryWarning)
            form.add_error("body", error)
        else:
            messages.success(request, _("Your message is changed."))
            return redirect(f"{message.conversation.get_absolute_url()}#m-{seq}")
    return render(
        request,
        "conversations/message_edit.html",
        {"form": form, "message": message, "boundary": boundary},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_delete(request: AuthedRequest, conversation_id: int, seq: int) -> HttpResponse:
    message = _changeable_message(request, conversation_id, seq)
    if message is None:
        return redirect("conversations:conversation", conversation_id)
    if request.method == "POST":
        try:
            services.delete_message(editor=request.user, message=message)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your message is deleted. The others see that it was."))
        return redirect(f"{message.conversation.get_absolute_url()}#m-{seq}")
    return render(request, "conversations/message_delete.html", {"message": message})


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def end(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    if selectors.seat_of(conversation, request.user).role != Role.SUPPORTER:
        raise Http404
    form = EndForm(request.POST or None)
    # Shown up front when an escalation about the member asks for a follow-up before the end.
    needs_follow_up = selectors.follow_up_needed(conversation)
    if request.method == "POST" and form.is_valid() and not conversation.is_ended:
        try:
            services.end_conversation(
                supporter=request.user,
                conversation=conversation,
                closing_note=form.cleaned_data["closing_note"],
                follow_up=form.cleaned_data["follow_up"],
                check_in_at=form.cleaned_data["check_in_at"],
            )
        except ValidationError as error:  # no follow-up agreed yet, or a check-in time gone by
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The conversation has ended, with your note as its last words.")
            )
            return redirect(conversation)
    return render(
        request,
        "conversations/end.html",
        {
            "form": form,
            "conversation": conversation,
            "others": [p.user for p in selectors.others_in(conversation, request.user)],
            "needs_follow_up": needs_follow_up,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.SUPERVISOR, Role.ADMIN)
@require_GET
def under_escalation(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    """A conversation read-only, for a supervisor who is not in it, opened by an open escalation."""
    conversation, escalation = selectors.access_under_escalation(request.user, escalation_id)
    before = _int_or_none(request.GET.get("before"))
    history = selectors.history(conversation, before_seq=before)
    return render(
        request,
        "conversations/under_escalation.html",
        {
            "conversation": conversation,
            "escalation": escalation,
            "history": history,
            "names": ", ".join(str(p.user) for p in conversation.participants.all()),
            "earlier_seq": history[0].seq if history and history[0].seq > 1 else None,
            "time_zone": time_zone_of(request.user).key,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_assessment(request: AuthedRequest, conversation_id: int, seq: int) -> HttpResponse:
    """Staff in a conversation say the app got a message wrong: not a crisis, or a crisis it missed
    (which opens an escalation by hand). The label is kept for retraining."""
    conversation = selectors.access_conversation(
        request.user, conversation_id, purpose="Marked a message's safety assessment"
    )
    if selectors.seat_of(conversation, request.user).role == Role.MEMBER:
        raise Http404
    message, trigger = selectors.message_trigger(conversation, seq)
    if message.sender_id == request.user.pk:
        raise Http404
    raised = Level(message.risk_level).opens_escalation
    verdict = Verdict.FALSE_ALARM if raised else Verdict.MISSED
    if request.method == "POST":
        supporter = next(
            (p.user for p in conversation.participants.all() if p.role == Role.SUPPORTER), None
        )
        mark_assessment(
            program=conversation.program,
            by=request.user,
            person=message.sender,  # type: ignore[arg-type]  # message_trigger: it has a sender
            trigger=trigger,
            verdict=verdict,
            escalation_kind="conversation" if conversation.kind == "one_to_one" else "room",
            escalation_source_id=conversation.pk,
            source_item=message.seq,
            assigned_supporter=supporter,
        )
        if verdict == Verdict.MISSED:
            messages.success(
                request,
                _("Thank you. The supervisor on call has been alerted, and the app will learn."),
            )
        else:
            messages.success(request, _("Thank you. Your word is kept to help the app learn."))
        return redirect(f"{conversation.get_absolute_url()}#m-{message.seq}")
    return render(
        request,
        "conversations/message_assessment.html",
        {"conversation": conversation, "message": message, "verdict": verdict},
    )


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def leave(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    seat = selectors.seat_of(conversation, request.user)
    if seat.role != Role.MEMBER:
        raise Http404
    form = LeaveForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not seat.has_left
        and not conversation.is_ended
    ):
        services.leave_conversation(
            member=request.user,
            conversation=conversation,
            wants_new_peer=form.cleaned_data["wants_new_peer"],
        )
        messages.success(request, _("You have left the conversation. You can still read it here."))
        return redirect(conversation)
    return render(
        request,
        "conversations/leave.html",
        {"form": form, "conversation": conversation, "seat": seat},
    )


@login_required
@require_GET
def notifications(request: AuthedRequest) -> HttpResponse:
    shown = selectors.notifications_of(request.user, standing(request.user).program)
    page = Paginator(shown, 30).get_page(request.GET.get("page"))
    return render(request, "conversations/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    services.mark_notifications_read(user=request.user, program=standing(request.user).program)
    messages.success(request, _("All caught up."))
    return redirect("conversations:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthedRequest) -> HttpResponse:
    prefs = preferences_of(request.user)
    form = NotificationSettingsForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        save_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("conversations:notification-settings")
    return render(
        request,
        "conversations/notification_settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@role_required(Role.SUPERVISOR)
@require_GET
def held_messages(request: AuthedRequest) -> HttpResponse:
    """Messages held by the boundary guard in the supervisor's program, to release after a look."""
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required: they hold a role in a program
    held = selectors.held_messages(program.pk)
    for message in held:
        record_access(
            viewer=request.user,
            record=message,
            subject=message.sender,
            purpose="Reviewed a message held by the boundary guard",
            program_id=program.pk,
        )
    rows = [
        {"message": m, "reasons": [str(REASONS[k]) for k in m.boundary if k in REASONS]}
        for m in held
    ]
    return render(request, "conversations/held.html", {"rows": rows})


@role_required(Role.SUPERVISOR)
@require_POST
def held_release(request: AuthedRequest, message_id: int) -> HttpResponse:
    try:
        services.release_held_message(message_id=message_id, supervisor=request.user)
    except (Message.DoesNotExist, PermissionDenied):
        raise Http404 from None
    messages.success(request, _("Released. The others in the conversation can see it now."))
    return redirect("conversations:held")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def program_settings(request: AuthedRequest) -> HttpResponse:
    """The program's choices for its conversations: what the boundary guard does (warn or hold)."""
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required: they hold a role in a program
    form = ProgramSettingsForm(
        request.POST or None, initial={"boundary_policy": services.boundary_policy(program.pk)}
    )
    if request.method == "POST" and form.is_valid():
        services.save_program_settings(program_id=program.pk, by=request.user, **form.cleaned_data)
        messages.success(request, _("The conversation settings are saved."))
        return redirect("conversations:program-settings")
    return render(request, "conversations/program_settings.html", {"form": form})
