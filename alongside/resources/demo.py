"""The demo program's resource directory, some referrals and two hand-offs. All synthetic: the places
are invented and sit in the invented "Riverbend" area of the shipped gazetteer (postcodes RB01–RB16).

Seeded, so each demo load is the same. Runs after matching's demo (it needs supporters' profiles).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import today_in
from alongside.accounts.services import link_care_team
from alongside.conversations.models import Conversation, Message
from alongside.conversations.services import send_message
from alongside.matching.models import Trait, Urgency, Want
from alongside.matching.selectors import matches_for
from alongside.matching.services import assign_by_hand, submit_request

from . import services
from .geo import gazetteer
from .hours import DAYS
from .models import HandOff, IntakeLink, Referral, Resource, Setting, pack

WEEKDAYS = DAYS[:5]
HOURS = {
    "office": {d: [["09:00", "17:00"]] for d in WEEKDAYS},
    "long": {**{d: [["08:00", "20:00"]] for d in WEEKDAYS}, "sat": [["10:00", "14:00"]]},
    "always": {d: [["00:00", "24:00"]] for d in DAYS},
    "evenings": {d: [["18:00", "21:00"]] for d in ("mon", "wed", "fri")},
    "overnight": {d: [["19:00", "07:00"]] for d in DAYS},
    "weekend": {"sat": [["09:00", "13:00"]], "sun": [["11:00", "15:00"]]},
    "mornings": {d: [["07:30", "11:30"]] for d in DAYS},
}

# (need, name, what they do, hours, cost, languages beyond English)
_DIRECTORY = [
    (
        "housing",
        "Harbor Point Family Shelter",
        "Emergency beds for families and single adults.",
        "overnight",
        "free",
        ["es"],
    ),
    (
        "housing",
        "Northgate Housing Help Desk",
        "Help with rent arrears, applications and landlord problems.",
        "office",
        "free",
        [],
    ),
    (
        "housing",
        "Riverbend Rapid Rehousing",
        "Short-term rent help and a caseworker to find a home.",
        "office",
        "free",
        ["es"],
    ),
    (
        "housing",
        "Fairview Women's Safe House",
        "A safe place to stay for women and their children.",
        "always",
        "free",
        ["es", "ht"],
    ),
    (
        "food",
        "Riverbend Community Food Pantry",
        "Groceries once a week, fresh produce on Fridays.",
        "long",
        "free",
        ["es"],
    ),
    (
        "food",
        "Old Mill Soup Kitchen",
        "A hot breakfast every morning, no questions asked.",
        "mornings",
        "free",
        [],
    ),
    (
        "food",
        "Maple Heights Mobile Market",
        "Low-cost fruit and vegetables from a market truck.",
        "weekend",
        "sliding",
        ["es"],
    ),
    (
        "food",
        "Union Square SNAP Help",
        "Help applying for food benefits (SNAP).",
        "office",
        "free",
        ["es", "vi"],
    ),
    (
        "transport",
        "Greenway Transit Access Office",
        "Reduced fares and free passes for people on benefits.",
        "office",
        "free",
        [],
    ),
    (
        "transport",
        "Riverbend Ride to Care",
        "Free rides to medical and recovery appointments.",
        "long",
        "insurance",
        ["es"],
    ),
    (
        "transport",
        "Station Road Bike Co-op",
        "Refurbished bikes and free repairs on weekends.",
        "weekend",
        "sliding",
        [],
    ),
    (
        "transport",
        "Cedar Hill Volunteer Drivers",
        "Volunteers drive older people and people leaving hospital.",
        "office",
        "free",
        [],
    ),
    (
        "clinic",
        "Cedar Hill Free Clinic",
        "Primary care without insurance, by appointment and walk-in.",
        "long",
        "free",
        ["es"],
    ),
    (
        "clinic",
        "Eastfield Community Health Center",
        "Primary care, mental health and dental care.",
        "long",
        "sliding",
        ["es", "zh"],
    ),
    (
        "clinic",
        "Westbrook Medication Assistance",
        "Help paying for prescriptions after discharge.",
        "office",
        "free",
        [],
    ),
    (
        "clinic",
        "Lakeside Walk-in Counseling",
        "Same-day counseling sessions, no referral needed.",
        "office",
        "sliding",
        ["es"],
    ),
    (
        "crisis",
        "Riverbend Crisis Stabilization Center",
        "A calm place to go instead of the emergency room, any time.",
        "always",
        "free",
        ["es"],
    ),
    (
        "crisis",
        "Mobile Crisis Team",
        "Counselors who come to you in a mental-health crisis.",
        "always",
        "free",
        ["es", "ase"],
    ),
    (
        "crisis",
        "Harbor Warmline",
        "Peers answer the phone when you need to talk, evenings and nights.",
        "overnight",
        "free",
        [],
    ),
    (
        "crisis",
        "Northgate Peer Respite House",
        "A short, voluntary stay with peers instead of hospital.",
        "always",
        "free",
        [],
    ),
    (
        "benefits",
        "Westbrook Benefits Navigator",
        "Help with SSI, SSDI, Medicaid and other benefits.",
        "office",
        "free",
        ["es"],
    ),
    (
        "benefits",
        "South Market Free Tax Help",
        "Free tax returns and help getting your refund.",
        "weekend",
        "free",
        ["es"],
    ),
    (
        "benefits",
        "Riverbend ID and Documents Clinic",
        "Help getting an ID card, birth certificate or Social Security card.",
        "office",
        "free",
        [],
    ),
    (
        "benefits",
        "Union Square Utility Assistance",
        "Help with heating and electric bills.",
        "office",
        "free",
        ["es"],
    ),
    (
        "legal",
        "Eastfield Legal Aid Clinic",
        "Free legal advice on housing, benefits and family matters.",
        "office",
        "free",
        ["es"],
    ),
    (
        "legal",
        "Bridgeport Record Clearing Project",
        "Help sealing or expunging old criminal records.",
        "office",
        "free",
        [],
    ),
    (
        "legal",
        "Tenant Rights Hotline",
        "Advice if you are facing eviction.",
        "long",
        "free",
        ["es"],
    ),
    (
        "legal",
        "Riverbend Disability Rights Office",
        "Advocacy for people with disabilities, including psychiatric ones.",
        "office",
        "free",
        ["ase"],
    ),
    (
        "employment",
        "Station Road Job Center",
        "Job search help, computers and printing.",
        "long",
        "free",
        ["es"],
    ),
    (
        "employment",
        "Bridgeport Landing Re-entry Works",
        "Jobs and training for people coming home from jail or prison.",
        "office",
        "free",
        [],
    ),
    (
        "employment",
        "Supported Employment Program",
        "A job coach for people living with mental illness.",
        "office",
        "insurance",
        [],
    ),
    (
        "employment",
        "Cedar Hill Adult Learning Center",
        "High school equivalency and English classes.",
        "evenings",
        "free",
        ["es", "ar"],
    ),
    (
        "recovery",
        "Lakeside Recovery Fellowship",
        "Open 12-step meetings, newcomers welcome.",
        "evenings",
        "free",
        [],
    ),
    (
        "recovery",
        "South Market SMART Recovery",
        "Science-based recovery meetings.",
        "evenings",
        "free",
        ["es"],
    ),
    (
        "recovery",
        "Riverbend Recovery Community Center",
        "Peer recovery coaches, meetings and a place to be.",
        "long",
        "free",
        ["es"],
    ),
    (
        "recovery",
        "Hearing Voices Group",
        "A peer group for people who hear voices.",
        "evenings",
        "free",
        [],
    ),
    (
        "family",
        "Union Square Family Support Circle",
        "Support for families of people living with mental illness.",
        "evenings",
        "free",
        ["es"],
    ),
    (
        "family",
        "Old Mill Parenting Center",
        "Parenting classes and free childcare during them.",
        "office",
        "free",
        ["es"],
    ),
    (
        "family",
        "Riverbend Kinship Care Network",
        "Help for grandparents and relatives raising children.",
        "office",
        "free",
        [],
    ),
    (
        "family",
        "Hillcrest Youth and Family Services",
        "Counseling for young people and their families.",
        "long",
        "sliding",
        ["es"],
    ),
]

_STREETS = [
    "Mill Street",
    "Main Street",
    "River Road",
    "Cedar Avenue",
    "Harbor Way",
    "Union Street",
    "Station Road",
    "Greenway Drive",
    "Lake Street",
    "Maple Avenue",
]


def load(program: Program, seed: int = 2026) -> None:
    """The directory, referrals for the demo member and two hand-offs (one matched and reached on day
    2, one through an intake link still waiting past day 3)."""
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data, not secrets
    today = today_in(program)
    saved = load_directory(program, rng, today)
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "demo-member",
                "demo-supporter",
                "demo-supervisor",
                "demo-clinician",
                "demo-admin",
            ]
        )
    }
    _referrals(program, people, saved, today)
    _hand_offs(program, people, saved, today)


def load_directory(program: Program, rng: random.Random, today: date) -> dict[str, Resource]:
    """The demo directory alone (~40 places), by external id."""
    places = [(k, p) for k, p in gazetteer().items() if k.startswith("rb")]
    resources = []
    for index, (need, name, description, hours, cost, languages) in enumerate(_DIRECTORY):
        key, place = places[index % len(places)]
        stale = index % 5 == 3  # every fifth entry or so is out of date
        resources.append(
            Resource(
                program=program,
                external_id=f"demo-{index + 1:03d}",
                name=name,
                description=description,
                needs=pack([need, *(["housing"] if "re-entry" in name.lower() else [])]),
                address=f"{rng.randint(1, 400)} {rng.choice(_STREETS)}",
                city=place.name.split(" (")[1].rstrip(")"),
                postcode=key.upper(),
                latitude=round(place.latitude + rng.uniform(-0.004, 0.004), 5),
                longitude=round(place.longitude + rng.uniform(-0.004, 0.004), 5),
                time_zone=program.time_zone,
                hours=HOURS[hours],
                languages=pack(["en", *languages]),
                cost=cost,
                eligibility=rng.choice(
                    ["Anyone.", "Adults 18 and over.", "People living in Riverbend."]
                ),
                accessibility=rng.choice(
                    ["Step-free entrance.", "Ramp at the side door; accessible restroom.", ""]
                ),
                how_to_get_there=rng.choice(
                    [
                        "Bus 7 stops outside.",
                        "Ten minutes' walk from Riverbend station.",
                        "Free parking behind the building.",
                    ]
                ),
                phone=f"555-01{index:02d}",
                last_verified_on=None
                if stale and index % 2
                else today - timedelta(days=rng.randint(200, 400) if stale else rng.randint(3, 90)),
            )
        )
    Resource.objects.bulk_create(resources)
    return {r.external_id: r for r in Resource.objects.filter(program=program)}


def _referrals(
    program: Program, people: dict[str, User], saved: dict[str, Resource], today: date
) -> None:
    member, supporter = people["demo-member"], people["demo-supporter"]
    plan = [  # (resource, need, agreed, days ago made, follow-up in days, outcome, days to outcome)
        ("demo-005", "food", "Go on Friday for the fresh produce.", 20, -13, "connected", 6),
        (
            "demo-033",
            "recovery",
            "Try the Wednesday evening meeting together.",
            12,
            -5,
            "connected",
            9,
        ),
        ("demo-021", "benefits", "Call to book a benefits check.", 9, -2, "not_connected", 5),
        ("demo-013", "clinic", "Walk in on Monday morning.", 3, 0, "contacted", 2),
        ("demo-037", "family", "Ask about the next family circle.", 1, 4, None, 0),
    ]
    for external_id, need, agreed, ago, follow_up, outcome, took in plan:
        referral = services.make_referral(
            actor=supporter,
            member=member,
            resource=saved[external_id],
            need=need,
            follow_up_on=today + timedelta(days=max(follow_up, 0)),
            agreed=agreed,
        )
        if outcome:
            services.update_referral(
                actor=supporter,
                referral_id=referral.pk,
                status=outcome,
                why_not="The office was closed when Robin called; trying another."
                if outcome == "not_connected"
                else "",
            )
        made = timezone.now() - timedelta(days=ago)
        done = made + timedelta(days=took)
        Referral.objects.filter(pk=referral.pk).update(
            created_at=made,
            follow_up_on=today + timedelta(days=follow_up),
            contacted_at=done if outcome else None,
            connected_at=done if outcome == "connected" else None,
            closed_at=done if outcome in ("connected", "not_connected") else None,
        )


def _hand_offs(
    program: Program, people: dict[str, User], saved: dict[str, Resource], today: date
) -> None:
    """Two hand-offs of people already in the demo program (so the demo's head counts stay as the
    other apps' demos expect): one from the demo clinician, matched and reached on day 2 with two
    referrals lined up; one through an intake link, matched but not reached, past its day-3 alert.
    Neither goes to demo-supporter, whose caseload other demos describe."""
    returning = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.MEMBER)
        .exclude(username="demo-member")
        .exclude(care_team__isnull=False)
        .exclude(support_requests__isnull=False)
        .order_by("pk")[:2]
    )
    link = services.create_intake_link(
        actor=people["demo-admin"], label="Riverbend County Jail re-entry team", days=90
    )
    if len(returning) < 2:
        return  # a tiny demo has nobody free to hand off
    hospital = _hand_off(
        program, returning[0], sender=people["demo-clinician"], link=None,
        partner_name="Dr. Casey, Riverbend General inpatient unit", setting="hospital",
        discharge_on=today - timedelta(days=5), needs=["housing", "clinic"], language="en",
        consent_text="Agreed on the ward to be contacted by a peer supporter after discharge.",
        peer_preferences="Someone who has been in hospital too.",
    )  # fmt: skip
    jail = _hand_off(
        program, returning[1], sender=None, link=link,
        partner_name="Re-entry coordinator, Riverbend County Jail", setting="jail",
        discharge_on=today - timedelta(days=4), needs=["housing", "employment", "benefits"],
        language="es", consent_text="Signed the release form agreeing to peer contact.",
        peer_preferences="Someone who has been inside; a Spanish speaker.",
    )  # fmt: skip
    supervisor, avoid = people["demo-supervisor"], people["demo-supporter"]
    match = _match(hospital, supervisor, avoid=avoid)
    if match is not None:
        conversation, peer = match
        message = send_message(
            conversation=conversation, sender=peer, client_id=uuid4(),
            body="Hi, I'm your peer supporter. Welcome home. How has your first week been?",
        )  # fmt: skip
        Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=3))
        for external_id, need in (("demo-002", "housing"), ("demo-015", "clinic")):
            services.make_referral(
                actor=peer, member=hospital.member, resource=saved[external_id], need=need,
                follow_up_on=today + timedelta(days=2), agreed="We will call together on the day.",
            )  # fmt: skip
    _match(jail, supervisor, avoid=avoid)  # matched, but nobody has reached them yet
    HandOff.objects.filter(pk__in=[hospital.pk, jail.pk]).update(
        created_at=timezone.now() - timedelta(days=6)
    )
    services.alert_if_no_contact(hand_off_id=jail.pk)


def _hand_off(program: Program, member: User, *, sender: User | None, link: IntakeLink | None,
              partner_name: str, setting: str, discharge_on: date, needs: list[str],
              language: str, consent_text: str, peer_preferences: str) -> HandOff:  # fmt: skip
    """What `services.send_hand_off` does, for a person who already has an account."""
    request = submit_request(
        member=member, topics=[services.SETTING_TOPICS[Setting(setting)]], languages=[language],
        wants={Trait.LIVED_EXPERIENCE: Want.NICE}, time_zone=program.time_zone,
        urgency=Urgency.SOON, note=peer_preferences,
    )  # fmt: skip
    hand_off = HandOff.objects.create(
        program=program, member=member, sent_by=sender, intake_link=link,
        partner_name=partner_name, setting=setting, discharge_on=discharge_on, needs=pack(needs),
        consent_text=consent_text, preferred_language=language,
        peer_preferences=peer_preferences, support_request=request,
    )  # fmt: skip
    services.record_hand_off_consent(
        hand_off, grantee=sender or (link.created_by if link else None)
    )
    if sender is not None:
        link_care_team(program=program, member=member, staff=sender, role=Role.CLINICIAN)
    return hand_off


def _match(hand_off: HandOff, supervisor: User, avoid: User) -> tuple[Conversation, User] | None:
    """Match a hand-off by hand with the best fit other than `avoid`; None if nobody fits."""
    request = hand_off.support_request
    assert request is not None  # noqa: S101  # a hand-off always has one
    for found in matches_for(request):
        if found.supporter.pk == avoid.pk:
            continue
        try:
            conversation = assign_by_hand(
                supervisor=supervisor, request_id=request.pk, supporter_id=found.supporter.pk
            )
        except ValidationError:
            continue
        return conversation, found.supporter
    return None
