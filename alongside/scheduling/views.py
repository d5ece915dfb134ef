"""Scheduling pages: a member's sessions and booking, a supporter's week, hours and arranging, one
session with its changes, the program's booking rules, and each person's calendar address."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import caseload_of, standing
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import calendar, joins, selectors, services
from .forms import (
    ArrangeForm,
    BookForm,
    ExceptionForm,
    HeldForm,
    HoursForm,
    MoveForm,
    PickForm,
    ReasonForm,
    SettingsForm,
    TimeOffForm,
)
from .models import Session, Status

EVERYONE = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN)
BOOKING_DAYS = 14  # how far ahead a member sees free times


def _program(request: AuthedRequest) -> Any:
    program = standing(request.user).program
    if program is None:
        raise Http404
    return program


# --- a member's sessions and booking ----------------------------------------------------------------


@role_required(Role.MEMBER)
@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    coming, past = selectors.sessions_of_member(request.user)
    return render(
        request,
        "scheduling/mine.html",
        {"coming": coming, "past": past, "can_book": bool(selectors.supporters_for(request.user))},
    )


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def book(request: AuthedRequest) -> HttpResponse:
    """Free times of one of the member's supporters for the next two weeks, in the member's zone."""
    program = _program(request)
    supporters = selectors.supporters_for(request.user)
    chosen = _chosen_supporter(request, supporters)
    minutes = selectors.settings_of(program).session_minutes
    now = timezone.now()
    times: list[datetime] = []
    if chosen is not None:
        times = selectors.free_times(
            program=program,
            supporter_ids=[chosen.pk],
            starts=now,
            ends=now + timedelta(days=BOOKING_DAYS),
            minutes=minutes,
            member=request.user,
        )[chosen.pk]
    initial = {"supporter": chosen.pk if chosen else None, "modality": "video"}
    form = BookForm(request.POST or None, initial=initial, supporters=supporters, times=times)
    if request.method == "POST" and chosen is not None and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.book_session(
                by=request.user,
                program=program,
                supporter=chosen,
                member=request.user,
                modality=data["modality"],
                starts_at=data["starts_at"],
                minutes=minutes,
                place=data["place"],
                appointment_where=data["appointment_where"],
                appointment_purpose=data["appointment_purpose"],
                transport=data["transport"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your session is booked."))
            return redirect(session)
    zone = selectors.zone_of(request.user)
    return render(
        request,
        "scheduling/book.html",
        {
            "form": form,
            "supporters": supporters,
            "chosen": chosen,
            "days": selectors.by_local_day(times, zone),
            "picked": request.POST.get("starts_at", ""),
            "minutes": minutes,
            "zone": zone.key,
        },
        status=400 if request.method == "POST" else 200,
    )


def _chosen_supporter(request: AuthedRequest, supporters: list[User]) -> User | None:
    wanted = request.POST.get("supporter") or request.GET.get("supporter") or ""
    for supporter in supporters:
        if str(supporter.pk) == wanted:
            return supporter
    return supporters[0] if supporters else None


# --- one session ------------------------------------------------------------------------------------


def _session_page(
    request: AuthedRequest, session: Session, status: int = 200, **forms: Any
) -> HttpResponse:
    viewer = request.user
    is_party = viewer.pk in (session.supporter_id, session.member_id)
    is_supporter = viewer.pk == session.supporter_id
    now = timezone.now()
    context: dict[str, Any] = {
        "session": session,
        "changes": list(session.changes.select_related("by")),
        "join": joins.join_for(session) if is_party else None,
        "is_supporter": is_supporter,
        "is_member": viewer.pk == session.member_id,
    }
    if session.status == Status.PROPOSED and viewer.pk == session.member_id:
        context["pick_form"] = forms.get("pick_form") or _pick_form(session)
    if is_party and session.is_open:
        context["cancel_form"] = forms.get("cancel_form") or ReasonForm(prefix="cancel")
    if is_party and session.status == Status.BOOKED and session.starts_at > now:
        context["move_form"] = forms.get("move_form") or MoveForm(
            prefix="move", initial={"starts_at": timezone.localtime(session.starts_at)}
        )
    if (
        is_supporter
        and session.status in (Status.BOOKED, Status.NO_SHOW)
        and session.starts_at <= now
    ):
        context["held_form"] = forms.get("held_form") or HeldForm(
            prefix="held",
            initial={
                "started_at": timezone.localtime(session.starts_at),
                "ended_at": timezone.localtime(session.ends_at),
            },
        )
        context["can_mark_missed"] = session.status == Status.BOOKED
    return render(request, "scheduling/session.html", context, status=status)


def _pick_form(session: Session, data: Any = None) -> PickForm:
    choices = [
        (p.pk, f"{timezone.localtime(p.starts_at):%A %d %B, %H:%M}")
        for p in session.proposed_times.all()
    ]
    return PickForm(data, choices=choices, prefix="pick")


@role_required(*EVERYONE)
@require_GET
def session_page(request: AuthedRequest, session_id: int) -> HttpResponse:
    return _session_page(request, selectors.access_session(request.user, session_id))


@role_required(*EVERYONE)
@require_POST
def pick(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_own_session(request.user, session_id)
    if request.user.pk != session.member_id:
        raise Http404
    form = _pick_form(session, request.POST)
    if form.is_valid():
        try:
            services.pick_time(
                session=session,
                member=request.user,
                proposed_time_id=form.cleaned_data["proposed_time"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your session is booked."))
            return redirect(session)
    return _session_page(request, session, status=400, pick_form=form)


@role_required(*EVERYONE)
@require_POST
def cancel(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_own_session(request.user, session_id)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.cancel_session(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The session is cancelled. The other person sees why on their page.")
            )
            return redirect(session)
    return _session_page(request, session, status=400, cancel_form=form)


@role_required(*EVERYONE)
@require_POST
def move(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_own_session(request.user, session_id)
    form = MoveForm(request.POST, prefix="move")
    if form.is_valid():
        try:
            services.reschedule_session(
                session=session,
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The session has a new time."))
            return redirect(session)
    return _session_page(request, session, status=400, move_form=form)


@role_required(Role.SUPPORTER)
@require_POST
def held(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_own_session(request.user, session_id)
    if request.user.pk != session.supporter_id:
        raise Http404
    form = HeldForm(request.POST, prefix="held")
    if form.is_valid():
        try:
            services.mark_held(
                session,
                started_at=form.cleaned_data["started_at"],
                ended_at=form.cleaned_data["ended_at"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Marked as held. It is now in your records."))
            return redirect(session)
    return _session_page(request, session, status=400, held_form=form)


@role_required(Role.SUPPORTER)
@require_POST
def missed(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_own_session(request.user, session_id)
    if request.user.pk != session.supporter_id:
        raise Http404
    try:
        services.mark_no_show(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Noted that the session did not happen this time."))
    return redirect(session)


# --- a supporter's week, hours and arranging ---------------------------------------------------------


def _week_start(raw: str, today: date) -> date:
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


@role_required(Role.SUPPORTER)
@require_GET
def week(request: AuthedRequest) -> HttpResponse:
    zone = selectors.zone_of(request.user)
    monday = _week_start(request.GET.get("on", ""), timezone.localdate(timezone.now(), zone))
    starts = datetime.combine(monday, time(0), tzinfo=zone)
    ends = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    sessions = selectors.sessions_between(request.user, starts, ends)
    days: list[tuple[date, list[Session]]] = [(monday + timedelta(days=i), []) for i in range(7)]
    for session in sessions:
        index = (timezone.localtime(session.starts_at, zone).date() - monday).days
        if 0 <= index < 7:
            days[index][1].append(session)
    return render(
        request,
        "scheduling/week.html",
        {
            "days": days,
            "monday": monday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "count": len(sessions),
        },
    )


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def hours(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    forms: dict[str, Any] = {
        "hours": HoursForm(prefix="hours"),
        "exception": ExceptionForm(prefix="exception"),
        "time_off": TimeOffForm(prefix="time_off"),
    }
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in forms:
            raise Http404
        form = type(forms[kind])(request.POST, prefix=kind)
        forms[kind] = form
        if form.is_valid():
            try:
                _add_availability(kind, request.user, program, form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("scheduling:hours")
        status = 400
    today = timezone.localdate(timezone.now(), selectors.zone_of(request.user))
    return render(
        request,
        "scheduling/hours.html",
        {
            **{f"{k}_form": v for k, v in forms.items()},
            "hours": selectors.hours_of(request.user, program),
            "exceptions": selectors.exceptions_of(request.user, program, today),
            "time_off": selectors.time_off_of(request.user, program, today),
            "zone": selectors.zone_of(request.user).key,
        },
        status=status,
    )


def _add_availability(kind: str, supporter: User, program: Any, data: dict[str, Any]) -> None:
    if kind == "hours":
        services.add_weekly_hours(
            supporter=supporter,
            program=program,
            weekday=data["weekday"],
            starts=data["starts"],
            ends=data["ends"],
        )
    elif kind == "exception":
        services.add_day_exception(
            supporter=supporter,
            program=program,
            on=data["on"],
            starts=data["starts"],
            ends=data["ends"],
        )
    else:
        services.add_time_off(
            supporter=supporter, program=program, first_on=data["first_on"], last_on=data["last_on"]
        )


@role_required(Role.SUPPORTER)
@require_POST
def hours_remove(request: AuthedRequest, kind: str, item_id: int) -> HttpResponse:
    try:
        services.remove_availability(supporter=request.user, kind=kind, item_id=item_id)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Removed."))
    return redirect("scheduling:hours")


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def arrange(request: AuthedRequest) -> HttpResponse:
    """The supporter books a time with someone they support, or offers a few for them to pick."""
    program = _program(request)
    members = [link.member for link in caseload_of(request.user)]
    initial = {
        "minutes": selectors.settings_of(program).session_minutes,
        "member": request.GET.get("member"),
        "modality": "in_person",
    }
    form = ArrangeForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next(m for m in members if m.pk == data["member"])
        details = {
            "modality": data["modality"],
            "minutes": data["minutes"],
            "place": data["place"],
            "appointment_where": data["appointment_where"],
            "appointment_purpose": data["appointment_purpose"],
            "transport": data["transport"],
            "meeting_link": data["meeting_link"],
        }
        times = form.times()
        try:
            if len(times) == 1:
                session = services.book_session(
                    by=request.user,
                    program=program,
                    supporter=request.user,
                    member=member,
                    starts_at=times[0],
                    **details,
                )
            else:
                session = services.propose_session(
                    supporter=request.user, program=program, member=member, times=times, **details
                )
        except ValidationError as error:
            show_errors(form, error, rename={"starts_at": "first", "times": "first"})
        else:
            messages.success(
                request,
                _("The session is booked.")
                if session.status == Status.BOOKED
                else _("The times are offered. The session is booked when they pick one."),
            )
            return redirect(session)
    return render(
        request,
        "scheduling/arrange.html",
        {"form": form, "members": members},
        status=400 if request.method == "POST" else 200,
    )


# --- the program's rules ----------------------------------------------------------------------------


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def program_settings(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    found = selectors.settings_of(program)
    form = SettingsForm(
        request.POST or None,
        initial={"session_minutes": found.session_minutes, "notice_hours": found.notice_hours},
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(program=program, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("scheduling:settings")
    return render(
        request,
        "scheduling/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- the calendar address ---------------------------------------------------------------------------


@role_required(*EVERYONE)
@require_GET
def calendar_page(request: AuthedRequest) -> HttpResponse:
    feed = selectors.feed_of(request.user)
    url = (
        request.build_absolute_uri(reverse("scheduling:calendar-feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "scheduling/calendar.html", {"feed": feed, "feed_url": url})


@role_required(*EVERYONE)
@require_POST
def calendar_new(request: AuthedRequest) -> HttpResponse:
    if selectors.feed_of(request.user) is not None:
        services.reset_session_feed(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
    else:
        services.session_feed_for(user=request.user)
    return redirect("scheduling:calendar")


@require_GET
def calendar_feed(request: AuthedRequest, token: str) -> HttpResponse:
    """The person's sessions as iCalendar, for their calendar app: no sign-in, the token is the key."""
    feed = selectors.feed_for_token(token)
    body = calendar.feed(feed.user, selectors.feed_sessions(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    return response
