"""Pages for calls: the supporter's phone calls (two taps: started, ended), setting a call's end, and a
member's number for calls."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import access_person
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import EndForm, NumberForm, StartForm


def _back(request: AuthedRequest) -> HttpResponse:
    """Back to the page the tap came from (the person's page, the queue), or to the calls page."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("calls:phone")


def _say(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


@role_required(Role.SUPPORTER)
@require_http_methods(["GET"])
def phone(request: AuthedRequest) -> HttpResponse:
    """The supporter's phone calls: the one in progress, a warm-line call to start, the latest ones."""
    current = selectors.open_call(request.user)
    return render(
        request,
        "calls/phone.html",
        {
            "current": current,
            "left_open": current is not None and current.left_open(),
            "calls": list(selectors.recent_calls(request.user)),
            "end_form": EndForm(),
        },
    )


@role_required(Role.SUPPORTER)
@require_POST
def start(request: AuthedRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say who called whom."))
        return _back(request)
    member_id = form.cleaned_data["member"]
    member = (
        access_person(request.user, member_id, purpose="Logged a phone call") if member_id else None
    )
    try:
        services.start_call(
            supporter=request.user, member=member, direction=form.cleaned_data["direction"]
        )
    except ValidationError as error:
        messages.error(request, _say(error))
    else:
        messages.success(request, _("Call started. Tap “Call ended” when you hang up."))
    return _back(request)


@role_required(Role.SUPPORTER)
@require_POST
def end(request: AuthedRequest, call_id: int) -> HttpResponse:
    call = selectors.access_call(request.user, call_id)
    call = services.end_call(call=call, by=request.user)
    messages.success(
        request,
        _("Call ended after %(minutes)s min. It is in your record of contacts.")
        % {"minutes": call.minutes},
    )
    return _back(request)


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def set_end(request: AuthedRequest, call_id: int) -> HttpResponse:
    """Say when a call ended: one left open, or a tap at the wrong moment."""
    call = selectors.access_call(request.user, call_id)
    form = EndForm(request.POST or None, initial={"ended_at": call.ended_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_call_end(
                call=call, by=request.user, ended_at=form.cleaned_data["ended_at"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The call’s end is saved."))
            return redirect("calls:phone")
    return render(request, "calls/set_end.html", {"call": call, "form": form})


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def number(request: AuthedRequest) -> HttpResponse:
    """A member's number for phone calls, and who may see it (only them, until they say otherwise)."""
    saved = selectors.own_number(request.user)
    initial = {"number": saved.number, "audience": saved.audience} if saved else None
    form = NumberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_phone_number(member=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("calls:number")
    return render(request, "calls/number.html", {"form": form, "saved": saved})


def _call_words() -> dict[str, str]:
    """What call.js says, in the page's language."""
    return {
        "starting": _("Starting your camera and microphone…"),
        "waiting": _("Waiting for %(name)s to join."),
        "connecting": _("%(name)s is here. Connecting…"),
        "connected": _("You are connected with %(name)s."),
        "reconnecting": _("The connection dropped. Trying to reconnect…"),
        "left": _("%(name)s left the call. You can wait here for them to come back."),
        "ended": _("The call has ended. Thank you."),
        "no_camera": _("We could not use your camera, so this is an audio call from your side."),
        "no_media": _(
            "We could not use your camera or microphone. Check your browser's permissions; you can "
            "still see and hear %(name)s."
        ),
        "poor": _(
            "The connection is slow, so your video is paused and you are on audio only. It comes "
            "back by itself when the connection improves."
        ),
        "poor_other": _(
            "%(name)s's connection is slow, so their video is paused. You can still hear each other."
        ),
        "video_back": _("The connection is better: video is back."),
        "camera_off_other": _("%(name)s turned their camera off."),
        "camera_on_other": _("%(name)s turned their camera on."),
        "signed_out": _("You have been signed out. Sign in again to join the call."),
        "not_open": _("This call is not open now."),
        "elsewhere": _(
            "You joined this call in another window or on another device, so it goes on there."
        ),
        "no_access": _("This call is not available to you."),
        "offline": _("You are offline. We will reconnect when you are back."),
    }


@login_required
@require_GET
def video(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The in-app video call of a session, for its two people only."""
    session = selectors.access_video_session(request.user, session_id)
    me_supporter = request.user.pk == session.supporter_id
    other = session.member if me_supporter else session.supporter
    config = {
        "socket": f"/ws/calls/{session.pk}/",
        "me": request.user.pk,
        "offerer": session.supporter_id,  # the supporter's browser makes the offer
        "other": str(other),
        "iceServers": selectors.ice_servers_for(request.user),
    }
    return render(
        request,
        "calls/video.html",
        {
            "session": session,
            "other": other,
            "closed": selectors.video_closed_because(session),
            "config": config,
            "words": _call_words(),
        },
    )
