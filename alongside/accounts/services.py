"""Changes to people: sign-up, roles, profiles, consent, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.audit.services import record_access

from .choices import ApiScope, ConsentScope, Role
from .models import (
    ApiToken,
    CareTeamLink,
    Consent,
    ConsentEvent,
    Membership,
    Profile,
    Program,
    User,
)
from .selectors import consent_grantees, standing, standing_in

# A bearer token lives an hour; the app renews it with its refresh token, which lives 30 days from its
# last use. A stolen bearer token is so good for an hour at most; ending a sign-in ends both.
API_TOKEN_LIFETIME = timedelta(hours=1)
API_REFRESH_LIFETIME = timedelta(days=30)


@transaction.atomic
def sign_up_member(
    *,
    program: Program,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    language: str = "",
) -> User:
    """Create a member with a pseudonym and a password; everything else is optional."""
    user = User(
        username=username, display_name=display_name or username, email=email, language=language
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user)
    Membership.objects.create(user=user, program=program, role=Role.MEMBER)
    return user


@transaction.atomic
def create_person(
    *,
    program: Program,
    username: str,
    password: str,
    roles: list[Role],
    display_name: str = "",
    email: str = "",
) -> User:
    """Create an account holding the given roles (staff accounts, demo data, tests)."""
    user = User(username=username, display_name=display_name or username, email=email)
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user)
    Membership.objects.bulk_create(
        [Membership(user=user, program=program, role=role) for role in roles]
    )
    return user


def _require_admin(actor: User, program: Program) -> None:
    found = standing(actor)
    if found.program != program or not found.has(Role.ADMIN):
        raise PermissionDenied


@transaction.atomic
def set_front_page(*, actor: User, program: Program, words: dict[str, dict[str, str]]) -> Program:
    """The program's own words for its public front page, by language and section; an empty section
    goes back to the default words. Only the program's administrators may."""
    from .front_page import KEYS, LANGUAGES, MAX_WORDS

    _require_admin(actor, program)
    kept: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for key in KEYS:
            text = str(words.get(language, {}).get(key, "")).replace("\r\n", "\n").strip()
            if len(text) > MAX_WORDS:
                raise ValidationError(
                    _("Please keep each part under %(limit)s characters.") % {"limit": MAX_WORDS}
                )
            if text:
                kept.setdefault(language, {})[key] = text
    program.front_page = kept
    program.save(update_fields=["front_page", "updated_at"])
    return program


@transaction.atomic
def set_roles(*, actor: User, person: User, roles: set[Role]) -> None:
    """Give `person` exactly these roles in the actor's program. Only admins may; nobody loses the last
    admin of a program."""
    program = standing(actor).program
    assert program is not None  # noqa: S101  # _require_admin below refuses actors with no program
    _require_admin(actor, program)
    if (
        standing_in(person, program).program is None
        and Membership.objects.filter(user=person).exists()
    ):
        raise PermissionDenied  # someone of other programs only
    current = set(
        Membership.objects.filter(user=person, program=program).values_list("role", flat=True)
    )
    removing = current - set(roles)
    if (
        Role.ADMIN in removing
        and not Membership.objects.filter(program=program, role=Role.ADMIN)
        .exclude(user=person)
        .exists()
    ):
        raise ValidationError(_("A program needs at least one administrator."))
    Membership.objects.filter(user=person, program=program, role__in=removing).delete()
    Membership.objects.bulk_create(
        [Membership(user=person, program=program, role=role) for role in set(roles) - current]
    )
    record_access(
        viewer=actor,
        record=person,
        subject=person,
        action=Action.WRITE,
        purpose=f"Roles set to {', '.join(sorted(roles)) or 'none'}",
        program_id=program.pk,
    )


def update_profile(
    *, user: User, display_name: str, email: str, fields: dict[str, Any], visibility: dict[str, str]
) -> Profile:
    """Save what a person tells about themself and who may see each part."""
    profile = user.profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.visibility = visibility
    profile.save()
    user.display_name = display_name
    user.email = email
    user.save(update_fields=["display_name", "email"])
    return profile


@transaction.atomic
def link_care_team(*, program: Program, member: User, staff: User, role: Role) -> CareTeamLink:
    """Put `staff` on `member`'s care team (matching and hand-offs call this). Both must belong to
    `program`: a care team never reaches across programs."""
    belonging = set(
        Membership.objects.filter(program=program, user__in=[member, staff]).values_list(
            "user_id", flat=True
        )
    )
    if belonging != {member.pk, staff.pk}:
        raise ValidationError(_("Both people must belong to the program."))
    link, _created = CareTeamLink.objects.get_or_create(
        program=program, member=member, staff=staff, role=role, ended_at=None
    )
    return link


@transaction.atomic
def end_care_team_link(*, member: User, role: Role, staff: User | None = None) -> list[int]:
    """End `member`'s current care-team links in `role` (only the one with `staff`, if given); the
    history stays. Returns who they were with."""
    links = CareTeamLink.objects.current().filter(member=member, role=role)
    if staff is not None:
        links = links.filter(staff=staff)
    ended = list(links.values_list("staff_id", flat=True))
    links.update(ended_at=timezone.now(), updated_at=timezone.now())
    return ended


@transaction.atomic
def grant_consent(
    *,
    member: User,
    grantee: User,
    scope: ConsentScope,
    expires_at: datetime | None = None,
    purpose: str = "",
    includes_substance_use: bool = False,
) -> Consent:
    """Record a member's permission for one person to see one kind of record, and write it in the ledger."""
    program = standing(member).program
    if program is None or not consent_grantees(member).filter(pk=grantee.pk).exists():
        raise ValidationError({"grantee": _("Choose someone from your program to share with.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_on": _("Choose a date in the future, or leave it empty.")})
    consent = Consent.objects.create(
        program=program,
        member=member,
        grantee=grantee,
        scope=scope,
        expires_at=expires_at,
        purpose=purpose,
        includes_substance_use=includes_substance_use,
    )
    ConsentEvent.objects.create(
        consent=consent,
        action=ConsentEvent.Action.GRANTED,
        actor=member,
        details={
            "scope": scope,
            "grantee": grantee.pk,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "includes_substance_use": includes_substance_use,
        },
    )
    return consent


@transaction.atomic
def grant_research_consent(*, member: User) -> Consent:
    """A member agrees that their records, without their name, may go into their program's research
    and evaluation exports (reports' member-level export, for program administrators). The program is
    who receives it: the consent names one of its administrators as grantee. Giving it twice keeps the
    first; `revoke_consent` stops it."""
    program = standing(member).program
    if program is None:
        raise ValidationError(_("You are not in a program."))
    current = (
        Consent.objects.active()
        .filter(program=program, member=member, scope=ConsentScope.RESEARCH)
        .first()
    )
    if current is not None:
        return current
    administrator = (
        User.objects.filter(
            is_active=True, memberships__program=program, memberships__role=Role.ADMIN
        )
        .exclude(pk=member.pk)
        .order_by("pk")
        .first()
    )
    if administrator is None:
        raise ValidationError(
            _("Your program cannot take part in research yet. Nothing was shared.")
        )
    consent = Consent.objects.create(
        program=program,
        member=member,
        grantee=administrator,
        scope=ConsentScope.RESEARCH,
        purpose="Research and evaluation, without the member's name",
    )
    ConsentEvent.objects.create(
        consent=consent,
        action=ConsentEvent.Action.GRANTED,
        actor=member,
        details={"scope": ConsentScope.RESEARCH, "grantee": administrator.pk, "expires_at": None},
    )
    return consent


@transaction.atomic
def revoke_consent(*, member: User, consent_id: int) -> Consent:
    """Withdraw a consent at once; reads that check consent see the change on their next query."""
    consent = Consent.objects.select_for_update().filter(pk=consent_id, member=member).first()
    if consent is None:
        raise Http404  # someone else's consent looks exactly like a missing one
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at", "updated_at"])
        ConsentEvent.objects.create(
            consent=consent, action=ConsentEvent.Action.REVOKED, actor=member
        )
    return consent


@dataclass(frozen=True)
class IssuedTokens:
    """What an app receives once, on signing in or refreshing: only hashes are kept."""

    token: str
    expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _fresh_pair(api_token: ApiToken) -> IssuedTokens:
    """New bearer and refresh tokens on `api_token` (unsaved): the old ones stop working once saved."""
    now = timezone.now()
    token, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    api_token.key_hash, api_token.refresh_hash = _digest(token), _digest(refresh)
    api_token.expires_at = now + API_TOKEN_LIFETIME
    api_token.refresh_expires_at = now + API_REFRESH_LIFETIME
    return IssuedTokens(token, api_token.expires_at, refresh, api_token.refresh_expires_at)


def start_api_sign_in(*, user: User, scope: ApiScope = ApiScope.API) -> IssuedTokens:
    """A new API sign-in for `user`: a bearer token and its refresh token, readable this once. A scoped
    sign-in (and the pairs refreshed from it) works only where its scope says."""
    api_token = ApiToken(user=user, scope=scope)
    issued = _fresh_pair(api_token)
    api_token.save()
    return issued


def issue_api_token(*, user: User, scope: ApiScope = ApiScope.API) -> str:
    """A bearer token for `user` (a new API sign-in), for callers that do not refresh."""
    return start_api_sign_in(user=user, scope=scope).token


@transaction.atomic
def refresh_api_token(*, refresh_token: str) -> IssuedTokens | None:
    """Trade a refresh token for a new pair (the old pair stops working); None if it is unknown,
    expired or its person deactivated. A refresh token works once: a copy replayed later fails."""
    api_token = (
        ApiToken.objects.select_for_update()
        .filter(
            refresh_hash=_digest(refresh_token),
            refresh_expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if api_token is None:
        return None
    issued = _fresh_pair(api_token)
    api_token.save(update_fields=["key_hash", "refresh_hash", "expires_at", "refresh_expires_at"])
    return issued


def end_api_sign_ins(*, user: User) -> int:
    """End every API sign-in of `user` at once (password change, sign-out, quick exit); how many."""
    ended, _ = ApiToken.objects.filter(user=user).delete()
    return ended


def end_api_sign_in(*, user: User, token_id: int) -> None:
    """End one of `user`'s API sign-ins; someone else's looks exactly like a missing one."""
    ended, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not ended:
        raise Http404


def set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
