"""Record pages: the supporter's day, the notes queue, writing and signing a note, reading it (with its
versions, addenda and the person's comments), co-signing, the member's notes, the program settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import day, jargon, selectors, services
from .forms import EntryForm, NoteForm, NoteSettingsForm, ReturnForm
from .models import EntryKind, NoteState

WRITERS = (Role.SUPPORTER, Role.SUPERVISOR)
QUEUE_SHOWN = 50  # the oldest notes left to write; the rest wait (`alongside bench notes`)
READERS = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN)


def _say_errors(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@role_required(*WRITERS)
@require_GET
def day_page(request: AuthedRequest) -> HttpResponse:
    """One page for the day: every registered section, rendered with its own context."""
    blocks = [
        (section.title, render_to_string(section.template_name, section.context(request), request))
        for section in day.sections()
    ]
    return render(request, "records/day.html", {"blocks": blocks})


@role_required(*WRITERS)
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    """The notes queue: notes left to write (oldest first), returned notes, notes to co-sign, and the
    latest signed ones. Chat and group encounters are brought up to date first."""
    services.bring_encounters_up_to_date(supporter=request.user)
    to_write = selectors.notes_to_write(request.user)
    rows = list(to_write[:QUEUE_SHOWN])
    return render(
        request,
        "records/queue.html",
        {
            "rows": rows,
            "more": to_write.count() - len(rows),  # always counted: one query whatever the size
            "returned": list(selectors.returned_notes(request.user)),
            "to_cosign": list(selectors.notes_to_cosign(request.user)),
            "signed": list(selectors.signed_notes_of(request.user)[:20]),
        },
    )


@role_required(*WRITERS)
@require_POST
def note_start(request: AuthedRequest, encounter_id: int, member_id: int) -> HttpResponse:
    encounter = selectors.access_encounter(request.user, encounter_id)
    member = get_object_or_404(User, pk=member_id)
    try:
        note = services.start_note(encounter=encounter, member=member, author=request.user)
    except PermissionDenied as refused:
        raise Http404 from refused
    return redirect("records:note-write", note.pk)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def note_write(request: AuthedRequest, note_id: int) -> HttpResponse:
    """The note form, pre-filled; "Save" keeps a draft, "Sign" saves and signs."""
    note = selectors.access_note_to_write(request.user, note_id)
    if not note.is_editable:
        return redirect(note)
    version = selectors.current_version(note)
    options = selectors.goal_options(request.user, note.member)
    form = NoteForm(
        request.POST or None, options=options, initial=NoteForm.initial_for(version, options)
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_note(note=note, author=request.user, **form.words())
            if request.POST.get("action") == "sign":
                services.sign_note(note=note, author=request.user)
                messages.success(request, _("The note is signed."))
                return redirect(note)
            messages.success(request, _("The note is saved. Sign it when it is ready."))
            return redirect("records:note-write", note.pk)
        except ValidationError as error:
            show_errors(form, error, rename={"goal": "goal_own"})
    hints = jargon.hints_for(version.goal, version.did, version.response, version.next_steps)
    return_comments = [e for e in note.events.all() if e.kind == "returned"]
    return render(
        request,
        "records/note_write.html",
        {
            "note": note,
            "encounter": note.encounter,
            "form": form,
            "hints": hints,
            "returns": return_comments,
        },
    )


@role_required(*READERS)
@require_GET
def note(request: AuthedRequest, note_id: int) -> HttpResponse:
    """A note as the viewer may read it: a member reads the latest signed words; staff see every
    version, signature and return."""
    found = selectors.access_note(request.user, note_id)
    is_member = request.user.pk == found.member_id
    signed = [v for v in found.versions.all() if v.signed_at is not None]
    version = max(signed, key=lambda v: v.number) if signed else selectors.current_version(found)
    return render(
        request,
        "records/note.html",
        {
            "note": found,
            "encounter": found.encounter,
            "version": version,
            "versions": list(found.versions.all()),
            "entries": list(found.entries.all()),
            "events": list(found.events.all()),
            "is_member": is_member,
            "may_comment": is_member and found.is_released(),
            "may_add": found.state in (NoteState.AWAITING_COSIGN, NoteState.FINAL)
            and not is_member
            and (found.author_id == request.user.pk or standing(request.user).has(Role.SUPERVISOR)),
            "may_cosign": found.state == NoteState.AWAITING_COSIGN
            and found.author_id != request.user.pk
            and standing(request.user).has(Role.SUPERVISOR),
            "entry_form": EntryForm(),
            "return_form": ReturnForm(),
        },
    )


@role_required(*READERS)
@require_GET
def note_version(request: AuthedRequest, note_id: int, number: int) -> HttpResponse:
    """One earlier version of a note, as it was (staff who may read the note)."""
    found = selectors.access_note(request.user, note_id, history=True)
    version = next((v for v in found.versions.all() if v.number == number), None)
    if version is None:
        raise Http404
    return render(request, "records/note_version.html", {"note": found, "version": version})


def _entry(request: AuthedRequest, note_id: int, kind: EntryKind) -> HttpResponse:
    found = selectors.access_note(request.user, note_id)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            if kind == EntryKind.ADDENDUM:
                services.add_addendum(
                    note=found, author=request.user, body=form.cleaned_data["body"]
                )
                messages.success(request, _("The addendum is added. The signed note is unchanged."))
            else:
                services.comment_on_note(
                    note=found, member=request.user, body=form.cleaned_data["body"]
                )
                messages.success(request, _("Your comment is added to the note."))
        except PermissionDenied as refused:
            raise Http404 from refused
        except ValidationError as error:
            _say_errors(request, error)
    else:
        messages.error(request, _("Please write something before saving."))
    return redirect(found)


@role_required(*WRITERS)
@require_POST
def note_addendum(request: AuthedRequest, note_id: int) -> HttpResponse:
    return _entry(request, note_id, EntryKind.ADDENDUM)


@role_required(Role.MEMBER)
@require_POST
def note_comment(request: AuthedRequest, note_id: int) -> HttpResponse:
    return _entry(request, note_id, EntryKind.MEMBER_COMMENT)


@role_required(Role.SUPERVISOR)
@require_POST
def note_cosign(request: AuthedRequest, note_id: int) -> HttpResponse:
    found = selectors.access_note(request.user, note_id)
    try:
        services.cosign_note(note=found, supervisor=request.user)
        messages.success(request, _("The note is co-signed."))
    except PermissionDenied as refused:
        raise Http404 from refused
    except ValidationError as error:
        _say_errors(request, error)
    return redirect(found)


@role_required(Role.SUPERVISOR)
@require_POST
def note_return(request: AuthedRequest, note_id: int) -> HttpResponse:
    found = selectors.access_note(request.user, note_id)
    try:
        services.return_note(
            note=found, supervisor=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("The note is returned to its writer with your comment."))
    except PermissionDenied as refused:
        raise Http404 from refused
    except ValidationError as error:
        _say_errors(request, error)
    return redirect(found)


@role_required(Role.MEMBER)
@require_GET
def my_notes(request: AuthedRequest) -> HttpResponse:
    """The notes about the member that they can read."""
    return render(
        request, "records/my_notes.html", {"notes": list(selectors.notes_of_member(request.user))}
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def note_settings(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required: they hold a role in a program
    current = services.note_settings(program)
    form = NoteSettingsForm(
        request.POST or None,
        initial={
            "cosign_required": current.cosign_required,
            "release_delay_days": current.release_delay_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_note_settings(program=program, by=request.user, **form.cleaned_data)
        messages.success(request, _("The note settings are saved."))
        return redirect("records:settings")
    return render(request, "records/settings.html", {"form": form})
