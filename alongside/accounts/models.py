"""People, programs, roles, profiles, consent and API tokens."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from alongside.common.models import TimeStampedModel

from .choices import AgeRange, ApiScope, Audience, ConsentScope, Role, YesNo

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class Program(TimeStampedModel):
    """An organisation's peer-support service; every record belongs to exactly one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(max_length=64, default="America/New_York")
    # Crisis options shown to members; 988 is the US default, a program elsewhere sets its own.
    # The default name is marked for translation, so a Spanish page names the line in Spanish.
    crisis_line_name = models.CharField(
        max_length=120, default=gettext_noop("988 Suicide & Crisis Lifeline")
    )
    crisis_call = models.CharField(max_length=32, default="988")
    crisis_text = models.CharField(max_length=32, default="988")
    crisis_chat_url = models.URLField(default="https://988lifeline.org/chat/")
    # Where the quick-exit button sends the tab: a neutral, everyday page.
    quick_exit_url = models.URLField(default="https://www.google.com/search?q=weather")
    member_idle_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    staff_idle_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # The public front page in the program's own words, by language and section
    # ({"es": {"cost": "…"}}); a section left out reads the default words (`accounts.front_page`).
    front_page = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. The username is a pseudonym; real names live only where billing needs them."""

    first_name = None  # type: ignore[assignment]  # pseudonymous by default: no name columns here
    last_name = None  # type: ignore[assignment]
    display_name = models.CharField(_("display name"), max_length=60)
    email = models.EmailField(_("email (optional)"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    objects = UserManager()  # type: ignore[misc]  # django-stubs types the manager on AbstractUser
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.display_name or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_program(self, program: Program) -> MembershipQuerySet:
        return self.filter(program=program)


class Membership(TimeStampedModel):
    """One role a person holds in one program; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"], name="one_role_once_per_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.program}"


class CareTeamQuerySet(models.QuerySet["CareTeamLink"]):
    def current(self) -> CareTeamQuerySet:
        return self.filter(ended_at__isnull=True)


class CareTeamLink(TimeStampedModel):
    """A supporter or clinician working with a member now; matching and hand-offs create these."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="care_team_links")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_team")
    staff = models.ForeignKey(User, on_delete=models.CASCADE, related_name="caseload_links")
    role = models.CharField(max_length=16, choices=Role.choices)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CareTeamQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "staff", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} works with {self.member}"


# The profile fields a person may share, in the order the profile page shows them.
SHAREABLE_FIELDS = (
    "pronouns",
    "languages",
    "lived_experience",
    "lived_experience_note",
    "age_range",
    "gender",
    "lgbtq",
    "race_ethnicity",
    "veteran",
    "faith",
    "time_zone",
)


class Profile(TimeStampedModel):
    """What a person chooses to tell about themself, each field with its own audience."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    lived_experience = models.JSONField(_("lived experience"), default=list, blank=True)
    lived_experience_note = models.CharField(_("in your own words"), max_length=300, blank=True)
    age_range = models.CharField(
        _("age range"), max_length=16, choices=AgeRange.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=60, blank=True)
    lgbtq = models.CharField(_("LGBTQ+"), max_length=8, choices=YesNo.choices, blank=True)
    race_ethnicity = models.CharField(_("race or ethnicity"), max_length=80, blank=True)
    veteran = models.CharField(_("veteran"), max_length=8, choices=YesNo.choices, blank=True)
    faith = models.CharField(_("faith or spirituality"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    larger_text = models.BooleanField(_("larger text"), default=False)
    reduced_motion = models.BooleanField(_("reduced motion"), default=False)
    # {field name: Audience}; a field missing here is ONLY_ME.
    visibility = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def audience(self, field: str) -> Audience:
        return Audience(self.visibility.get(field, Audience.ONLY_ME))


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, now: datetime | None = None) -> ConsentQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class Consent(TimeStampedModel):
    """A member's permission for one person to see one kind of record, until revoked or expired."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="consents")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents_given")
    grantee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents_received")
    scope = models.CharField(max_length=32, choices=ConsentScope.choices)
    purpose = models.CharField(max_length=200, blank=True)
    # 42 CFR Part 2: this consent also covers substance-use records, which need their own written consent.
    includes_substance_use = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(member=models.F("grantee")), name="consent_to_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.grantee}: {self.scope}"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ConsentEvent(models.Model):
    """The consent ledger: an append-only line for every grant and revocation."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REVOKED = "revoked", _("Revoked")

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.consent}"


class ApiToken(models.Model):
    """One app's sign-in to the API: a short-lived bearer token and the refresh token that renews it.
    Only their SHA-256 hashes are stored; the tokens themselves are shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    refresh_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    # A scoped sign-in works only where its scope says (a FHIR token reads /fhir/R4/ and nothing else).
    scope = models.CharField(
        max_length=16, choices=ApiScope.choices, default=ApiScope.API, blank=True
    )

    def __str__(self) -> str:
        return f"API token of {self.user}"


def as_dict(profile: Profile) -> dict[str, Any]:
    return {field: getattr(profile, field) for field in SHAREABLE_FIELDS}
