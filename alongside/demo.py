"""The synthetic demo program: five demo logins, about 20 supporters and 200 members.

Everything here is invented. Names are generated from word lists; no profile describes a real person.
Later apps add their own demo data by extending `load`.
"""

from __future__ import annotations

import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.choices import (
    AgeRange,
    Audience,
    ConsentScope,
    Language,
    Role,
    Topic,
    YesNo,
)
from alongside.accounts.models import Membership, Profile, Program, User
from alongside.accounts.services import grant_consent, link_care_team
from alongside.billing import demo as billing_demo
from alongside.calls import demo as calls_demo
from alongside.care_plans import demo as care_plans_demo
from alongside.conversations import demo as conversations_demo
from alongside.forums import demo as forums_demo
from alongside.groups import demo as groups_demo
from alongside.interop.fhir import demo as fhir_demo
from alongside.interop.hsds import demo as hsds_demo
from alongside.matching import demo as matching_demo
from alongside.outcomes import demo as outcomes_demo
from alongside.records import demo as records_demo
from alongside.reports import demo as reports_demo
from alongside.resources import demo as resources_demo
from alongside.safety import demo as safety_demo
from alongside.safety.moderation import demo as moderation_demo
from alongside.scheduling import demo as scheduling_demo
from alongside.supervision import demo as supervision_demo
from alongside.training import demo as training_demo

DEMO_SLUG = "demo"
DEMO_PASSWORD = "alongside-demo"  # noqa: S105  # the published demo password, synthetic accounts only
# A fixed, published TOTP key for the demo staff accounts, so the demo can be signed into without a phone:
# `alongside demo --code demo-admin` prints the current code. Never used outside the demo program.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

DEMO_LOGINS = [
    ("demo-member", "Robin", [Role.MEMBER]),
    ("demo-supporter", "Jordan", [Role.SUPPORTER]),
    ("demo-supervisor", "Alex", [Role.SUPERVISOR]),
    ("demo-clinician", "Dr. Casey", [Role.CLINICIAN]),
    ("demo-admin", "Morgan", [Role.ADMIN]),
]

_ADJECTIVES = [
    "quiet",
    "bright",
    "steady",
    "gentle",
    "brave",
    "calm",
    "kind",
    "hopeful",
    "patient",
    "warm",
    "bold",
    "soft",
    "clear",
    "golden",
    "silver",
    "early",
    "late",
    "wild",
    "open",
    "still",
]
_NOUNS = [
    "river",
    "cedar",
    "harbor",
    "meadow",
    "lantern",
    "sparrow",
    "maple",
    "tide",
    "ember",
    "willow",
    "canyon",
    "heron",
    "orchard",
    "comet",
    "pebble",
    "fern",
    "bay",
    "ridge",
    "moth",
    "birch",
]
_FIRST = [
    "Ari",
    "Bea",
    "Cam",
    "Dani",
    "Eli",
    "Fran",
    "Gabi",
    "Hal",
    "Ivy",
    "Jules",
    "Kai",
    "Lou",
    "Max",
    "Noa",
    "Oli",
    "Pat",
    "Quinn",
    "Remy",
    "Sol",
    "Tam",
    "Uma",
    "Val",
    "Wren",
    "Xio",
    "Yael",
    "Zed",
    "Luz",
    "Mateo",
    "Rosa",
    "Tomás",
    "Inés",
    "Minh",
    "Anh",
    "Li",
    "Mei",
    "Amara",
    "Kofi",
    "Nia",
]
_TIME_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Puerto_Rico",
    "Pacific/Honolulu",
    "America/Anchorage",
]
_GENDERS = [
    "woman",
    "man",
    "non-binary",
    "genderqueer",
    "trans woman",
    "trans man",
    "two-spirit",
    "",
]
_FAITHS = [
    "",
    "",
    "",
    "Christian",
    "Catholic",
    "Muslim",
    "Jewish",
    "Buddhist",
    "spiritual",
    "Quaker",
]
_ETHNICITIES = [
    "",
    "",
    "Black",
    "Latina",
    "Latino",
    "Latinx",
    "White",
    "Asian American",
    "Native American",
    "Pacific Islander",
    "mixed heritage",
    "Middle Eastern",
]


def is_loaded() -> bool:
    return Program.objects.filter(slug=DEMO_SLUG).exists()


def reset() -> None:
    """Empty the database so the demo can load afresh. The ledgers (consent, access log) are append-only
    and protect what they point at, so the only honest reset is a whole one: it refuses to run when
    the database holds any program other than the demo."""
    from django.core.management import call_command

    if Program.objects.exclude(slug=DEMO_SLUG).exists():
        raise SystemExit(
            "alongside: demo --reset empties the whole database, and this one holds other programs too."
        )
    call_command("flush", interactive=False, verbosity=0)


def _profile(rng: random.Random, user: User, *, supporter: bool) -> Profile:
    languages = ["en"] if rng.random() < 0.85 else []
    if rng.random() < (0.35 if supporter else 0.25):
        languages.append("es")
    if rng.random() < 0.08:
        languages.append(rng.choice([c for c in Language.values if c not in ("en", "es")]))
    languages = languages or ["es"]
    topics = rng.sample(Topic.values, k=rng.randint(1, 3 if supporter else 2))
    # Supporters share more (their lived experience is part of the work); members keep most things private.
    share = Audience.PROGRAM if supporter else Audience.CARE_TEAM
    visibility = {
        field: (share if rng.random() < (0.9 if supporter else 0.5) else Audience.ONLY_ME)
        for field in (
            "pronouns",
            "languages",
            "lived_experience",
            "age_range",
            "gender",
            "lgbtq",
            "veteran",
            "faith",
            "race_ethnicity",
            "time_zone",
        )
    }
    return Profile(
        user=user,
        pronouns=rng.choice(["she/her", "he/him", "they/them", "she/they", "he/they", ""]),
        languages=languages,
        lived_experience=topics,
        age_range=rng.choice([a for a in AgeRange.values if a != AgeRange.UNDER_18]),
        gender=rng.choice(_GENDERS),
        lgbtq=rng.choice([YesNo.YES, YesNo.NO, "", ""]),
        race_ethnicity=rng.choice(_ETHNICITIES),
        veteran=YesNo.YES if rng.random() < 0.1 else rng.choice([YesNo.NO, ""]),
        faith=rng.choice(_FAITHS),
        time_zone=rng.choice(_TIME_ZONES),
        visibility=visibility,
    )


@transaction.atomic
def load(
    *, members: int = 200, supporters: int = 20, seed: int = 2026, size: str = "normal"
) -> Program:
    """Create the demo program. One password hash serves every demo account: hashing is slow on purpose."""
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data, not secrets
    program = Program.objects.create(name="Riverbend Peer Support (demo)", slug=DEMO_SLUG)
    hashed = make_password(DEMO_PASSWORD)

    people: list[tuple[User, list[Role]]] = [
        (User(username=username, display_name=name, password=hashed), roles)
        for username, name, roles in DEMO_LOGINS
    ]
    used: set[str] = {username for username, _, _ in DEMO_LOGINS}
    for index in range(supporters + members):
        while (
            username := f"{rng.choice(_ADJECTIVES)}-{rng.choice(_NOUNS)}-{rng.randint(1, 99)}"
        ) in used:
            pass
        used.add(username)
        role = Role.SUPPORTER if index < supporters else Role.MEMBER
        display = f"{rng.choice(_FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}."
        people.append((User(username=username, display_name=display, password=hashed), [role]))

    User.objects.bulk_create([user for user, _ in people])
    saved = {
        u.username: u
        for u in User.objects.filter(username__in=[user.username for user, _ in people])
    }
    Membership.objects.bulk_create(
        [
            Membership(user=saved[user.username], program=program, role=role)
            for user, roles in people
            for role in roles
        ]
    )
    Profile.objects.bulk_create(
        [
            _profile(
                rng,
                saved[user.username],
                supporter=Role.SUPPORTER in roles or Role.MEMBER not in roles,
            )
            for user, roles in people
        ]
    )
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(
                user=saved[username], name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )
            for username, _, roles in DEMO_LOGINS
            if set(roles) & {Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN}
        ]
    )

    member, supporter, clinician = (
        saved["demo-member"],
        saved["demo-supporter"],
        saved["demo-clinician"],
    )
    member.profile.languages, member.profile.lived_experience = (
        ["en", "es"],
        [Topic.ANXIETY, Topic.GRIEF],
    )
    member.profile.pronouns = "they/them"
    member.profile.save()
    link_care_team(program=program, member=member, staff=supporter, role=Role.SUPPORTER)
    link_care_team(program=program, member=member, staff=clinician, role=Role.CLINICIAN)
    grant_consent(
        member=member,
        grantee=clinician,
        scope=ConsentScope.CRISIS_PLAN,
        purpose="So my care team knows what helps in a crisis.",
    )
    grant_consent(
        member=member,
        grantee=supporter,
        scope=ConsentScope.SAFETY_PLAN,
        purpose="So my peer knows my plan for a hard night.",
    )
    # The demo supporter's caseload: a handful of members who chose them.
    for other in rng.sample([u for u, roles in people if roles == [Role.MEMBER]][:60], k=5):
        link_care_team(
            program=program, member=saved[other.username], staff=supporter, role=Role.SUPPORTER
        )
    conversations_demo.load(program)
    care_plans_demo.load(program)  # plans, goals, check-ins and questionnaires
    matching_demo.load(program)  # supporters' matching profiles and a short queue
    groups_demo.load(program)  # support groups, a waiting list, past meetings with attendance
    forums_demo.load(program)  # busy boards: ~80 threads, a few hundred replies, some warned
    safety_demo.load(program)  # an on-call rota
    outcomes_demo.load_escalations(program)  # one resolved and one open escalation
    moderation_demo.load(program)  # a couple of open reports for the supervisor
    resources_demo.load(program)  # a directory of ~40 places, referrals and two hand-offs
    training_demo.load(program)  # the starter curriculum and credentials
    supervision_demo.load(program)  # supervision sessions and well-being
    scheduling_demo.load(program)  # supporters' hours and a week of booked sessions
    calls_demo.load(program)  # logged phone calls
    records_demo.load(program)  # encounters and a week of peer notes
    billing_demo.load(program)  # a state preset, one payer, synthetic identities
    hsds_demo.load(program)
    fhir_demo.load(program)
    reports_demo.load(program, size=size)  # size large: a year of activity at scale
    return program


def current_code(username: str) -> str:
    """The two-step code a demo staff account would read from an authenticator app right now."""
    device = TOTPDevice.objects.filter(
        user__username=username, key=DEMO_TOTP_KEY, confirmed=True
    ).first()
    if device is None:
        return f"{username} is not a demo staff account."
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def logins_text(command: str = "alongside") -> str:
    """The demo sign-ins; `command` is how the person typed `alongside` (`.venv/bin/alongside`)."""
    width = max(len(username) for username, _, _ in DEMO_LOGINS)
    lines = [f"Demo sign-ins (password: {DEMO_PASSWORD}):"]
    for username, _, roles in DEMO_LOGINS:
        lines.append(f"  {username.ljust(width)}  {', '.join(str(r.label) for r in roles)}")
    lines.append(
        "Supervisor, clinician and admin also give a two-step code: "
        f"`{command} demo --code demo-admin` prints it."
    )
    return "\n".join(lines)
