"""Plans a member writes for themself (WRAP, safety plan, advance directive worksheet), their dated
versions, and recovery goals with small steps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel

from .sections import PlanKind

MAX_FIELD = 5000  # characters in one field: room for a long answer, not for a pasted book


class Plan(TimeStampedModel):
    """One member's plan of one kind. `content` holds the current words, one entry per field key;
    every save also lands in that day's `PlanVersion`."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=16, choices=PlanKind.choices)
    content = models.JSONField(default=dict, blank=True)
    # 42 CFR Part 2: the member marks a plan that holds substance-use records; it is then shared only
    # under a consent that carries the substance-use tick, and shown with the redisclosure notice.
    is_substance_use = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_plan_of_a_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("care_plans:plan", args=[self.kind])

    def value(self, key: str) -> str:
        return str(self.content.get(key, ""))

    @property
    def is_empty(self) -> bool:
        return not any(str(v).strip() for v in self.content.values())


class PlanVersion(models.Model):
    """The plan as it stood at the end of one day it was changed; the newest is today's while today
    lasts. Old versions are never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_on = models.DateField()
    saved_at = models.DateTimeField()
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number"),
            models.UniqueConstraint(fields=["plan", "saved_on"], name="one_version_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number} ({self.saved_on})"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Working on it")
    DONE = "done", _("Reached")
    SET_ASIDE = "set_aside", _("Set aside for now")


class GoalQuerySet(models.QuerySet["Goal"]):
    def active(self) -> GoalQuerySet:
        return self.filter(status=GoalStatus.ACTIVE)


class Goal(TimeStampedModel):
    """A recovery goal in the member's words; a session note may refer to it by id."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_goals")
    title = models.CharField(_("goal"), max_length=200)
    why = models.TextField(_("why it matters to me (optional)"), blank=True, max_length=2000)
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=GoalStatus.DONE, done_at__isnull=False)
                | (~Q(status=GoalStatus.DONE) & Q(done_at__isnull=True)),
                name="goal_done_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care_plans:goal", args=[self.pk])


class GoalStep(TimeStampedModel):
    """One small step toward a goal; a supporter the member shares plans with may suggest one."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("small step"), max_length=200)
    due_on = models.DateField(_("by when (optional)"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


# A phone number inside a line of free text: at least seven digits, with the usual separators.
PHONE = re.compile(r"(\+?\d[\d\s().-]{5,}\d)")


@dataclass(frozen=True)
class Contact:
    """One line of a "people and numbers" field, with a dialable number when it has one."""

    line: str
    name: str
    number: str
    tel: str

    @property
    def can_call(self) -> bool:
        return bool(self.tel)


def contacts_in(text: str) -> list[Contact]:
    """Each non-empty line of `text` as a Contact; "Sam 555-0134" gives name "Sam", tel "5550134".
    Markup typed into the plan ("Aunt Rosa <b>555-0199</b>") is left out: it is never shown as such, and a
    call button reads "Call Aunt Rosa"."""
    found = []
    for raw in text.splitlines():
        line = " ".join(strip_tags(raw).split())
        if not line:
            continue
        match = PHONE.search(line)
        number = match.group(1).strip() if match else ""
        tel = re.sub(r"[^\d+]", "", number)
        name = (line[: match.start()] + line[match.end() :]).strip(" ,:-–—") if match else line
        found.append(Contact(line=line, name=name or number, number=number, tel=tel))
    return found


def snapshot(content: dict[str, Any]) -> dict[str, str]:
    """A copy of plan content with empty fields left out."""
    return {key: str(value) for key, value in content.items() if str(value).strip()}
