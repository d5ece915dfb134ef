"""Forum pages: boards, a board's threads, a thread with its replies, writing, editing, reactions,
following, search and a reader's own settings. Thin: selectors read, services change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import EditForm, PostForm, ReaderSettingsForm, SearchForm, ThreadForm
from .models import Post, PostStatus

FORUM_ROLES = selectors.FORUM_ROLES


def _after_posting(request: AuthedRequest, post: Post) -> None:
    """What the writer reads next. A crisis post's page also opens the crisis panel (the thread page
    shows it while their escalation is open)."""
    if post.is_held_for_safety:
        messages.warning(
            request,
            _(
                "Thank you for telling us. Your post is waiting for a moderator, and someone who can "
                "help has been told so that they can reach out to you. The ways to reach someone now "
                "are just below."
            ),
        )
    elif post.status == PostStatus.HELD:
        messages.info(
            request,
            _("Thank you. Your post is held for a quick review and others will see it soon."),
        )


@role_required(*FORUM_ROLES)
@require_GET
def boards(request: AuthedRequest) -> HttpResponse:
    program = selectors.forum_program(request.user)
    found = selectors.boards_of(program)
    if not found:
        services.ensure_boards(program)
        found = selectors.boards_of(program)
    return render(request, "forums/boards.html", {"boards": found, "search_form": SearchForm()})


@role_required(*FORUM_ROLES)
@require_GET
def board(request: AuthedRequest, board_id: int) -> HttpResponse:
    found = selectors.access_board(request.user, board_id)
    moderator = selectors.is_moderator(request.user, found.program_id)
    page = Paginator(selectors.board_threads(request.user, found), selectors.THREADS_PER_PAGE)
    threads = page.get_page(request.GET.get("page"))
    rows = selectors.thread_rows(
        request.user,
        selectors.board_threads(request.user, found).filter(
            pk__in=[t.pk for t in threads.object_list]
        ),
        moderator=moderator,
    )
    return render(request, "forums/board.html", {"board": found, "page": threads, "rows": rows})


@role_required(*FORUM_ROLES)
@require_http_methods(["GET", "POST"])
def thread_new(request: AuthedRequest, board_id: int) -> HttpResponse:
    found = selectors.access_board(request.user, board_id)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(author=request.user, board=found, **form.words())  # type: ignore[arg-type]
        except ValidationError as error:
            show_errors(form, error)
        else:
            _after_posting(request, thread.posts.get(is_opening=True))
            return redirect(thread)
    return render(request, "forums/thread_new.html", {"board": found, "form": form})


@role_required(*FORUM_ROLES)
@require_GET
def thread(request: AuthedRequest, thread_id: int) -> HttpResponse:
    found = selectors.access_thread(request.user, thread_id)
    view = selectors.thread_page(request.user, found, page_number=request.GET.get("page"))
    if view.posts:
        services.mark_seen(person=request.user, thread=found, post_id=view.posts[-1].post.pk)
    return render(request, "forums/thread.html", {"view": view, "form": PostForm()})


@role_required(*FORUM_ROLES)
@require_POST
def reply(request: AuthedRequest, thread_id: int) -> HttpResponse:
    found = selectors.access_thread(request.user, thread_id)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.reply(author=request.user, thread=found, **form.words())  # type: ignore[arg-type]
        except ValidationError as error:
            show_errors(form, error)
        else:
            _after_posting(request, post)
            if request.htmx:
                # A fresh composer; the page shows the reply as it shows everyone's (thread.js).
                response = render(
                    request,
                    "forums/_composer.html",
                    {"view": {"thread": found}, "form": PostForm(), "posted": post},
                )
                return trigger_client_event(response, "forums:posted", {"post": post.pk})
            return redirect(post)
    if request.htmx:
        return render(request, "forums/_composer.html", {"view": {"thread": found}, "form": form})
    view = selectors.thread_page(request.user, found, page_number="last")
    return render(request, "forums/thread.html", {"view": view, "form": form})


@role_required(*FORUM_ROLES)
@require_GET
def post(request: AuthedRequest, post_id: int) -> HttpResponse:
    """One post as this reader sees it: what a live page fetches when it hears of a new reply."""
    found = selectors.access_post(request.user, post_id)
    moderator = selectors.is_moderator(request.user, found.thread.program_id)
    shown = selectors.show_posts(request.user, [found], moderator=moderator)[0]
    services.mark_seen(person=request.user, thread=found.thread, post_id=found.pk)
    if request.htmx:
        return render(request, "forums/_post.html", {"item": shown})
    return render(request, "forums/post.html", {"item": shown, "thread": found.thread})


@role_required(*FORUM_ROLES)
@require_http_methods(["GET", "POST"])
def post_edit(request: AuthedRequest, post_id: int) -> HttpResponse:
    found = selectors.access_post(request.user, post_id)
    if found.author_id != request.user.pk:
        return redirect(found)
    initial = {
        "title": found.thread.title,
        "body": found.body,
        "warnings": found.warnings,
        "warning_note": found.warning_note,
    }
    form = EditForm(request.POST or None, initial=initial, opening=found.is_opening)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                editor=request.user,
                post_id=found.pk,
                body=form.cleaned_data["body"],
                warnings=form.cleaned_data["warnings"],
                warning_note=form.cleaned_data["warning_note"],
                title=form.cleaned_data.get("title"),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect(found)
    late = not found.may_edit(request.user.pk)
    return render(request, "forums/post_edit.html", {"post": found, "form": form, "late": late})


@role_required(*FORUM_ROLES)
@require_POST
def react(request: AuthedRequest, post_id: int) -> HttpResponse:
    try:
        services.react(person=request.user, post_id=post_id, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    found = selectors.access_post(request.user, post_id)
    if request.htmx:
        moderator = selectors.is_moderator(request.user, found.thread.program_id)
        shown = selectors.show_posts(request.user, [found], moderator=moderator)[0]
        return render(request, "forums/_reactions.html", {"item": shown})
    return redirect(found)


@role_required(*FORUM_ROLES)
@require_POST
def follow(request: AuthedRequest, thread_id: int) -> HttpResponse:
    found = selectors.access_thread(request.user, thread_id)
    if request.POST.get("follow") == "0":
        services.unfollow_thread(person=request.user, thread=found)
        messages.success(request, _("You are no longer following this thread."))
    else:
        services.follow_thread(person=request.user, thread=found)
        messages.success(
            request, _("You are following this thread. New replies show on your list.")
        )
    return redirect(found)


@role_required(*FORUM_ROLES)
@require_GET
def following(request: AuthedRequest) -> HttpResponse:
    program = selectors.forum_program(request.user)
    threads = selectors.followed_threads(request.user)[:100]
    rows = selectors.thread_rows(
        request.user,
        selectors.followed_threads(request.user).filter(pk__in=[t.pk for t in threads]),
        moderator=selectors.is_moderator(request.user, program.pk),
    )
    return render(request, "forums/following.html", {"rows": rows})


@role_required(*FORUM_ROLES)
@require_GET
def search(request: AuthedRequest) -> HttpResponse:
    program = selectors.forum_program(request.user)
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(program, q) if q else []
    moderator = selectors.is_moderator(request.user, program.pk)
    rows = [
        selectors.ThreadRow(
            thread=t,
            author=selectors.author_label(
                author=t.author,
                is_anonymous=t.is_anonymous,
                viewer=request.user,
                moderator=moderator,
            ),
            new=None,
        )
        for t in results
    ]
    return render(request, "forums/search.html", {"form": form, "q": q, "rows": rows})


@role_required(*FORUM_ROLES)
@require_http_methods(["GET", "POST"])
def reader_settings(request: AuthedRequest) -> HttpResponse:
    selectors.forum_program(request.user)
    initial = {"never_show": selectors.never_show_of(request.user)}
    form = ReaderSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_reader_settings(
            person=request.user, never_show=form.cleaned_data["never_show"]
        )
        messages.success(request, _("Saved. Posts about these themes stay closed for you."))
        return redirect("forums:settings")
    return render(request, "forums/settings.html", {"form": form})
