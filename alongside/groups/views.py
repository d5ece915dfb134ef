"""Group pages: finding and joining groups, a group's page, a meeting and its live room, the
facilitator's page, meeting notes, and the calendar feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing, time_zone_of
from alongside.common.http import AuthedRequest, role_required

from . import calendar, selectors, services
from .forms import CheckInForm, FindForm, MuteForm, NoteForm
from .models import Meeting, MemberStatus, Modality

EVERYONE = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN)


def _say_errors(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@role_required(*EVERYONE)
@require_GET
def group_list(request: AuthedRequest) -> HttpResponse:
    form = FindForm(request.GET or None)
    groups = list(selectors.find_groups(request.user, **form.filters()))
    return render(
        request,
        "groups/list.html",
        {"form": form, "groups": groups, "mine": list(selectors.groups_of(request.user))},
    )


@role_required(*EVERYONE)
@require_GET
def group(request: AuthedRequest, group_id: int) -> HttpResponse:
    found = selectors.access_group(request.user, group_id)
    place = selectors.place_of(request.user, found)
    is_member = place is not None and place.status == MemberStatus.MEMBER
    facilitating = selectors.can_facilitate(request.user, found)
    return render(
        request,
        "groups/group.html",
        {
            "group": found,
            "place": place,
            "position": selectors.waitlist_position(place)
            if place and place.status == MemberStatus.WAITLISTED
            else None,
            "shows_private": is_member or facilitating,
            "facilitating": facilitating,
            "can_join": Role.MEMBER in standing(request.user).roles,
            "meetings": selectors.upcoming_meetings(found),
            "time_zone": time_zone_of(request.user),
        },
    )


@role_required(Role.MEMBER)
@require_POST
def join(request: AuthedRequest, group_id: int) -> HttpResponse:
    found = selectors.access_group(request.user, group_id)
    try:
        place = services.join_group(group=found, member=request.user)
    except ValidationError as error:
        _say_errors(request, error)
    else:
        messages.success(request, JOIN_WORDS[place.status]())
    return redirect(found)


JOIN_WORDS: dict[str, Callable[[], str]] = {
    MemberStatus.MEMBER: lambda: _("You have joined the group. Welcome."),
    MemberStatus.WAITLISTED: lambda: _(
        "The group is full just now, so you are on the waiting list. We will let you know when a "
        "place opens."
    ),
    MemberStatus.AWAITING: lambda: _("You have asked to join. A facilitator will answer soon."),
}


@role_required(Role.MEMBER)
@require_POST
def leave(request: AuthedRequest, group_id: int) -> HttpResponse:
    found = selectors.access_group(request.user, group_id)
    try:
        services.leave_group(group=found, member=request.user)
    except ValidationError as error:
        _say_errors(request, error)
    else:
        messages.success(request, _("You have left the group. You are welcome back any time."))
    return redirect(found)


@role_required(*EVERYONE)
@require_GET
def meeting(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    found = selectors.access_meeting(request.user, meeting_id)
    facilitating = selectors.can_facilitate(request.user, found.group)
    context: dict[str, Any] = {
        "meeting": found,
        "group": found.group,
        "facilitating": facilitating,
        "room_open": services.room_is_open(found),
        "time_zone": time_zone_of(request.user),
        "is_online": found.group.modality == Modality.ONLINE,
    }
    if facilitating:
        context.update(
            state=selectors.room_state(found),
            members=selectors.roster(found.group).members,
            check_in_form=CheckInForm(),
            mute_form=MuteForm(),
        )
    return render(request, "groups/meeting.html", context)


@role_required(Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR)
@require_POST
def enter_room(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    found = selectors.access_meeting(request.user, meeting_id)
    try:
        room = services.enter_meeting_room(meeting=found, user=request.user)
    except ValidationError as error:
        _say_errors(request, error)
        return redirect(found)
    return redirect(room)


def _member_of(found: Meeting, request: AuthedRequest) -> User:
    try:
        return get_object_or_404(User, pk=int(request.POST.get("member", "")))
    except ValueError:
        raise Http404 from None


def _act(found: Meeting, request: AuthedRequest, action: str) -> None:
    facilitator = request.user
    match action:
        case "pin":
            services.pin_ground_rules(meeting=found, facilitator=facilitator)
        case "lock" | "unlock":
            services.set_room_locked(
                meeting=found, facilitator=facilitator, locked_now=action == "lock"
            )
        case "mute":
            form = MuteForm(request.POST)
            minutes = form.cleaned_data["minutes"] if form.is_valid() else 10
            services.mute_in_room(
                meeting=found,
                facilitator=facilitator,
                member=_member_of(found, request),
                minutes=minutes,
            )
        case "unmute":
            services.unmute_in_room(
                meeting=found, facilitator=facilitator, member=_member_of(found, request)
            )
        case "remove":
            services.remove_from_meeting(
                meeting=found, facilitator=facilitator, member=_member_of(found, request)
            )
        case "check-in":
            services.start_check_in(
                meeting=found, facilitator=facilitator, prompt=request.POST.get("prompt", "")
            )
        case "next-turn":
            services.next_check_in_turn(meeting=found, facilitator=facilitator)
        case "attendance":
            ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
            services.tick_attendance(meeting=found, facilitator=facilitator, present_ids=ids)
        case "end":
            services.end_meeting(meeting=found, facilitator=facilitator)
        case _:
            raise Http404


@role_required(Role.SUPPORTER, Role.SUPERVISOR)
@require_POST
def meeting_act(request: AuthedRequest, meeting_id: int, action: str) -> HttpResponse:
    """Every facilitator power on one meeting, each a service of its own (see `_act`)."""
    found = selectors.access_meeting_to_facilitate(request.user, meeting_id)
    try:
        _act(found, request, action)
    except ValidationError as error:
        _say_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Done."))
    return redirect(found)


@role_required(Role.SUPPORTER, Role.SUPERVISOR)
@require_GET
def facilitate(request: AuthedRequest, group_id: int) -> HttpResponse:
    found = selectors.access_facilitation(request.user, group_id)
    return render(
        request,
        "groups/facilitate.html",
        {
            "group": found,
            "roster": selectors.roster(found),
            "history": selectors.attendance_history(found),
            "meetings": selectors.upcoming_meetings(found),
            "time_zone": time_zone_of(request.user),
        },
    )


@role_required(Role.SUPPORTER, Role.SUPERVISOR)
@require_POST
def decide(request: AuthedRequest, group_id: int) -> HttpResponse:
    found = selectors.access_facilitation(request.user, group_id)
    try:
        member = get_object_or_404(User, pk=int(request.POST.get("member", "")))
    except ValueError:
        raise Http404 from None
    try:
        services.decide_request(
            group=found,
            facilitator=request.user,
            member=member,
            approve=request.POST.get("answer") == "yes",
        )
    except ValidationError as error:
        _say_errors(request, error)
    return redirect("groups:facilitate", group_id=found.pk)


@role_required(Role.SUPPORTER, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def notes(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    found = selectors.access_meeting_to_facilitate(request.user, meeting_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_meeting_note(
                meeting=found, facilitator=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error.messages[0])
        else:
            return redirect("groups:notes", meeting_id=found.pk)
    return render(
        request,
        "groups/notes.html",
        {
            "meeting": found,
            "group": found.group,
            "notes": selectors.notes_of(request.user, found),
            "form": form,
            "time_zone": time_zone_of(request.user),
        },
    )


@role_required(*EVERYONE)
@require_GET
def calendar_page(request: AuthedRequest) -> HttpResponse:
    feed = selectors.calendar_feed_of(request.user)
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "groups/calendar.html", {"feed": feed, "feed_url": url})


@role_required(*EVERYONE)
@require_POST
def calendar_new(request: AuthedRequest) -> HttpResponse:
    """Make the secret address, or replace it (the old one stops working)."""
    if request.POST.get("replace"):
        services.revoke_calendar_feed(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
    else:
        services.calendar_feed_for(user=request.user)
    return redirect(reverse("groups:calendar"))


@require_GET
def calendar_feed(request: AuthedRequest, token: str) -> HttpResponse:
    """The person's meetings as iCalendar, for their calendar app: no sign-in, the token is the key."""
    feed = selectors.feed_for_token(token)
    body = calendar.feed(feed.user, selectors.calendar_meetings(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="alongside-groups.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
