"""Gates on what a person may be offered for: one-to-one support, facilitating groups, being on call for
crises, working with people under 18, signing billable notes.

Lower layers ask; a higher app decides. Matching, safety's on-call rota, groups and records call
`allows(...)` or, for a list of people, `missing_for(...)` (one call for the whole list, so a page keeps a
fixed number of queries). The training app registers a checker from its `AppConfig.ready()` that names what
each person still lacks (a course, a current credential), in plain words. With no checker registered,
everyone may.

    gates.register(checker)  # checker(user_ids, program, activity, on) -> {user_id: ["Ethics course"]}
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Program, User
from .selectors import today_in


class Activity(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one support")
    GROUP_FACILITATION = "group_facilitation", _("Facilitating groups")
    ON_CALL = "on_call", _("Being on call for crises")
    UNDER_18 = "under_18", _("Working with people under 18")
    SIGN_NOTES = "sign_notes", _("Signing billable notes")


Checker = Callable[[frozenset[int], Program, Activity, datetime.date], dict[int, list[str]]]

_checkers: list[Checker] = []


def register(checker: Checker) -> None:
    """Called by the app that decides (training), from its `AppConfig.ready()`."""
    if checker not in _checkers:
        _checkers.append(checker)


def missing_for(
    user_ids: Iterable[int],
    program: Program,
    activity: Activity,
    *,
    on: datetime.date | None = None,
) -> dict[int, list[str]]:
    """What each person still lacks for `activity` on day `on` (the program's today by default); people who
    lack nothing are absent from the answer."""
    ids = frozenset(user_ids)
    if not ids or not _checkers:
        return {}
    if on is None:
        on = today_in(program)
    lacking: dict[int, list[str]] = {}
    for checker in _checkers:
        for user_id, reasons in checker(ids, program, activity, on).items():
            if reasons:
                lacking.setdefault(user_id, []).extend(reasons)
    return lacking


def missing(
    user: User, program: Program, activity: Activity, *, on: datetime.date | None = None
) -> list[str]:
    return missing_for([user.pk], program, activity, on=on).get(user.pk, [])


def allows(
    user: User, program: Program, activity: Activity, *, on: datetime.date | None = None
) -> bool:
    return not missing(user, program, activity, on=on)
