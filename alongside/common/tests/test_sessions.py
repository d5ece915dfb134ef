"""Two requests at once on one session: a request that changed nothing but the expiry does not write
back the data it read, and a session ended while a request ran stays ended, without a failed page."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def _started() -> str:
    store = SessionStore()
    store["who"] = "someone"
    store.set_expiry(3600)
    store.save(must_create=True)
    return store.session_key


def test_a_request_that_only_slides_the_expiry_keeps_what_another_request_saved_meanwhile():
    key = _started()
    slow = SessionStore(key)
    slow.set_expiry(3600)  # what the session middleware does on every signed-in request
    assert slow["who"] == "someone"  # it has read the session
    quick = SessionStore(key)
    quick["flash"] = "The conversation has ended."
    quick.save()

    slow.save()  # the slower request finishes last

    assert SessionStore(key)["flash"] == "The conversation has ended."


def test_sliding_the_expiry_moves_it():
    key = _started()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    later = SessionStore(key)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=60)
    )
    later.set_expiry(3600)
    later.load()
    later.save()
    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left > timedelta(seconds=3000)


def test_a_new_timeout_is_a_change_and_is_saved():
    key = _started()
    store = SessionStore(key)
    store.set_expiry(900)  # the person's role or program now asks for a shorter one
    store.save()
    assert SessionStore(key).get_expiry_age() == 900


@pytest.mark.parametrize(
    "changed", [False, True], ids=["read-only request", "request that changed it"]
)
def test_a_session_ended_while_a_request_ran_stays_ended(changed):
    key = _started()
    running = SessionStore(key)
    running.set_expiry(3600)
    assert running["who"] == "someone"
    if changed:
        running["flash"] = "Saved."
    SessionStore(key).delete()  # the quick exit, or sign-out in another tab

    running.save()  # no error: the page is still answered

    assert not Session.objects.filter(session_key=key).exists()


def test_a_page_whose_session_ends_before_it_answers_is_still_answered():
    """Through Django's session middleware: not "Bad Request" (Django's answer to an ended session)."""
    key = _started()

    def page(request: HttpRequest) -> HttpResponse:
        request.session["flash"] = "Saved."  # this request changes the session…
        SessionStore(key).delete()  # …while another ends it (the quick exit's background sign-out)
        return HttpResponse("page")

    request = RequestFactory().get("/check-in/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = key
    response = SessionMiddleware(page)(request)

    assert response.status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
