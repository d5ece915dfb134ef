"""Reads about people: their program and roles, what of a profile a viewer may see, consent in force."""

from __future__ import annotations

import hashlib
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.audit.services import record_access

from .choices import STAFF_ROLES, ApiScope, Audience, ConsentScope, Role
from .models import (
    SHAREABLE_FIELDS,
    ApiToken,
    CareTeamLink,
    Consent,
    ConsentEvent,
    Membership,
    Profile,
    Program,
    User,
)


@dataclass(frozen=True)
class Standing:
    """A person's program and the roles they hold in it, read once per request."""

    program: Program | None
    roles: frozenset[Role]
    # Every program the person belongs to, by id: more than one, and the page shell offers a switch.
    programs: tuple[Program, ...] = ()
    # Every role the person holds in any of those programs: what the account must answer for (a staff
    # member signs in with their two-step code whichever program they are reading).
    held_anywhere: frozenset[Role] = frozenset()

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


NO_STANDING = Standing(program=None, roles=frozenset())

# Where a person's chosen program is remembered between requests (`accounts:choose-program` writes it).
PROGRAM_SESSION_KEY = "alongside_program"


def standing(user: Any) -> Standing:
    """The user's current program and their roles there; cached on the user object.

    On a request the program is the one the person chose (`pin_standing`, called by the session
    middleware and the API's token check before any view runs); elsewhere, their first program by id.
    """
    if not getattr(user, "is_authenticated", False):
        return NO_STANDING
    cached: Standing | None = getattr(user, "_alongside_standing", None)
    if cached is not None:
        return cached
    return pin_standing(user, None)


def pin_standing(user: Any, chosen: int | str | None, *, strict: bool = False) -> Standing:
    """Make `chosen` (a program's id or slug) the user's current program for this request: every later
    `standing(user)` answers for it. One query. When the person is not a member of `chosen`, their first
    program stands instead, or, with `strict` (a client that named its program), no program at all, so
    every role gate refuses as if nothing were there."""
    if not getattr(user, "is_authenticated", False):
        return NO_STANDING
    memberships = (
        Membership.objects.filter(user=user).select_related("program").order_by("program_id")
    )
    result = standing_among([(m.program, m.role) for m in memberships], chosen, strict=strict)
    user._alongside_standing = result
    return result


def standing_among(
    memberships: list[tuple[Program, str]], chosen: int | str | None, *, strict: bool = False
) -> Standing:
    """`pin_standing`'s answer from a person's (program, role) pairs, ordered by program id and already
    read (a WebSocket connect reads them in a statement of its own): `chosen` if they belong to it, else
    their first program (none with `strict`); their roles there, and everywhere."""
    programs = tuple({program.pk: program for program, _ in memberships}.values())
    program = _program_named(programs, chosen)
    if program is None and (chosen in (None, "") or not strict):
        program = programs[0] if programs else None
    here = program.pk if program is not None else None
    return Standing(
        program=program,
        roles=frozenset(Role(role) for p, role in memberships if p.pk == here),
        programs=programs,
        held_anywhere=frozenset(Role(role) for _, role in memberships),
    )


def pin_from_session(user: Any, session: Any) -> Standing:
    """`pin_standing` for the program remembered in a session: what the session middleware does for a
    page, and what a WebSocket consumer does with `scope["session"]` when a connection opens."""
    return pin_standing(user, session.get(PROGRAM_SESSION_KEY) if session is not None else None)


def standing_in(user: User, program: Program | None) -> Standing:
    """Another person's roles in `program` (the viewer's current one, say), whatever their own current
    program is: for asking "is this person a supporter here?" about someone in several programs. One
    query; not cached (`standing(user)` stays the person's own)."""
    if program is None:
        return NO_STANDING
    roles = frozenset(
        Role(role)
        for role in Membership.objects.filter(user=user, program=program).values_list(
            "role", flat=True
        )
    )
    return Standing(program=program if roles else None, roles=roles)


def holds_anywhere(user: User, roles: frozenset[Role]) -> bool:
    """True when the person holds one of `roles` in any of their programs (not only the current one)."""
    return Membership.objects.filter(user=user, role__in=roles).exists()


def _program_named(programs: tuple[Program, ...], chosen: int | str | None) -> Program | None:
    if chosen in (None, ""):
        return None
    key = str(chosen)
    return next((p for p in programs if str(p.pk) == key or p.slug == key), None)


def time_zone_of(user: User) -> zoneinfo.ZoneInfo:
    """The person's own time zone if they gave one, else their program's, else UTC."""
    profile = getattr(user, "profile", None)
    program = standing(user).program
    name = (profile.time_zone if profile else "") or (program.time_zone if program else "") or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def today_in(program: Program, now: datetime | None = None) -> date:
    """The date in the program's time zone (now, or at `now`): what "today" means for its schedules."""
    return timezone.localdate(now or timezone.now(), zoneinfo.ZoneInfo(program.time_zone))


def role_names(user: User, program_id: int | None = None) -> list[str]:
    found = standing(user)
    return sorted(found.roles) if program_id in (None, getattr(found.program, "pk", None)) else []


def program_people(program: Program) -> QuerySet[User]:
    """Everyone in a program, with their roles and profiles loaded in a fixed number of queries."""
    return (
        User.objects.filter(memberships__program=program)
        .distinct()
        .select_related("profile")
        .prefetch_related("memberships")
        .order_by("display_name", "pk")
    )


def works_with(staff: User, member: User) -> bool:
    """True when `staff` is on `member`'s care team right now."""
    return CareTeamLink.objects.current().filter(staff=staff, member=member).exists()


def care_team_of(member: User, *, program: Program | None = None) -> QuerySet[CareTeamLink]:
    """The member's care team now; in one program only when `program` is given."""
    links = CareTeamLink.objects.current().filter(member=member)
    if program is not None:
        links = links.filter(program=program)
    return links.select_related("staff").order_by("role")


def caseload_of(staff: User, *, program: Program | None = None) -> QuerySet[CareTeamLink]:
    """The members `staff` works with now, in `program` (by default the staff member's current one)."""
    program = program or standing(staff).program
    return (
        CareTeamLink.objects.current()
        .filter(staff=staff, program=program)
        .select_related("member", "member__profile")
        .order_by("member__display_name")
    )


# A wider consent includes a narrower one: all plans include each plan; the WRAP includes its crisis part.
IMPLIED_BY: dict[ConsentScope, tuple[ConsentScope, ...]] = {
    ConsentScope.WRAP: (ConsentScope.PLANS,),
    ConsentScope.SAFETY_PLAN: (ConsentScope.PLANS,),
    ConsentScope.ADVANCE_DIRECTIVE: (ConsentScope.PLANS,),
    ConsentScope.CRISIS_PLAN: (ConsentScope.PLANS, ConsentScope.WRAP),
}


def consent_allows(*, grantee: User, member: User, scope: ConsentScope) -> bool:
    """True when `member` has granted `grantee` this scope and has not revoked it, as of now."""
    scopes = [scope, *IMPLIED_BY.get(scope, ())]
    return (
        Consent.objects.active().filter(grantee=grantee, member=member, scope__in=scopes).exists()
    )


def consents_of(member: User) -> QuerySet[Consent]:
    return Consent.objects.filter(member=member).select_related("grantee").order_by("-created_at")


def research_consent_of(member: User) -> Consent | None:
    """The member's research consent in force now, if any (the sharing page offers to give or stop it)."""
    return (
        Consent.objects.active()
        .filter(member=member, scope=ConsentScope.RESEARCH)
        .order_by("-created_at")
        .first()
    )


def consents_shared_with(grantee: User, *, program: Program | None = None) -> QuerySet[Consent]:
    """What members are sharing with `grantee` right now; in one program only when `program` is given."""
    consents = Consent.objects.active().filter(grantee=grantee)
    if program is not None:
        consents = consents.filter(program=program)
    return consents.select_related("member").order_by("member__display_name")


def consent_ledger(member: User) -> QuerySet[ConsentEvent]:
    return (
        ConsentEvent.objects.filter(consent__member=member)
        .select_related("consent", "consent__grantee", "actor")
        .order_by("-at", "-pk")
    )


def consent_grantees(member: User) -> QuerySet[User]:
    """The people a member may share with: staff of their program who work with members, the member's own
    care team first (`on_team`)."""
    program = standing(member).program
    if program is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__program=program,
            memberships__role__in=[Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR],
        )
        .exclude(pk=member.pk)
        .distinct()
        .annotate(
            on_team=Exists(
                CareTeamLink.objects.current().filter(member=member, staff=OuterRef("pk"))
            )
        )
        .order_by("-on_team", "display_name")
    )


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: str
    audience: Audience


def _display(profile: Profile, field: str) -> str:
    value = getattr(profile, field)
    model_field = Profile._meta.get_field(field)
    if isinstance(value, list):
        from .forms import label_for  # choice labels live with the form that offers them

        return ", ".join(label_for(field, item) for item in value)
    choices = getattr(model_field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def visible_fields(viewer: User, person: User) -> list[ShownField]:
    """The profile fields of `person` that `viewer` may see, with their values (empty ones left out)."""
    profile = person.profile
    if viewer.pk == person.pk:
        allowed = set(Audience)
    else:
        allowed = {Audience.PROGRAM}
        if works_with(viewer, person):
            allowed.add(Audience.CARE_TEAM)
    shown = []
    for name in SHAREABLE_FIELDS:
        audience = profile.audience(name)
        value = _display(profile, name)
        if audience in allowed and value:
            label = str(getattr(Profile._meta.get_field(name), "verbose_name", name))
            shown.append(
                ShownField(
                    name=name, label=label[:1].upper() + label[1:], value=value, audience=audience
                )
            )
    return shown


def access_person(viewer: User, person_id: int, *, purpose: str = "Viewed profile") -> User:
    """Another person's page, if they share a program with `viewer` (the read is audited); else Http404."""
    viewer_program = standing(viewer).program
    person = User.objects.select_related("profile").filter(pk=person_id, is_active=True).first()
    if person is None or viewer_program is None:
        raise Http404
    if person.pk != viewer.pk:
        # Never across programs: the person must belong to the viewer's current one.
        if not Membership.objects.filter(user=person, program=viewer_program).exists():
            raise Http404
        record_access(
            viewer=viewer,
            record=person.profile,
            subject=person,
            purpose=purpose,
            program_id=viewer_program.pk,
        )
    return person


# How stale "last used" may be before a request writes it again: one write per sign-in per few minutes.
LAST_USED_PRECISION = timedelta(minutes=5)


def user_for_token(raw_token: str, *, scope: ApiScope = ApiScope.API) -> User | None:
    """The active user a bearer token of this scope belongs to, or None if it is unknown, expired, ended
    or of another scope."""
    digest = hashlib.sha256(raw_token.encode()).hexdigest()
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, expires_at__gt=now, user__is_active=True, scope=scope)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_sign_ins_of(user: User) -> QuerySet[ApiToken]:
    """The person's API sign-ins that can still be used or renewed, newest first."""
    now = timezone.now()
    return (
        ApiToken.objects.filter(user=user)
        .filter(Q(expires_at__gt=now) | Q(refresh_expires_at__gt=now))
        .order_by("-created_at", "-pk")
    )


def member_traits(program: Program) -> list[tuple[Any, ...]]:
    """Every member of `program`, for aggregate reports only (never shown person by person): (user id,
    when they joined, interface language, profile languages, age range, gender, race or ethnicity)."""
    return list(
        Membership.objects.filter(program=program, role=Role.MEMBER)
        .order_by("user_id")
        .values_list(
            "user_id",
            "created_at",
            "user__language",
            "user__profile__languages",
            "user__profile__age_range",
            "user__profile__gender",
            "user__profile__race_ethnicity",
        )
    )


def research_consenters(program: Program) -> set[int]:
    """The members of `program` whose research consent is in force now."""
    return set(
        Consent.objects.active()
        .filter(program=program, scope=ConsentScope.RESEARCH)
        .values_list("member_id", flat=True)
    )
