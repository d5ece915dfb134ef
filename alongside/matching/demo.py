"""Matching for the demo program: every supporter gets a matching profile, and a few members wait.

All of it is synthetic, seeded so that each demo load is the same.
"""

from __future__ import annotations

import random

from alongside.accounts.choices import Role, Topic
from alongside.accounts.models import Membership, Program, User

from . import services
from .models import SLOTS, Modality, SupporterProfile, Trait, Urgency, Want

_BIOS = [
    "I have lived with what you are going through, and I am still here. I listen more than I talk.",
    "Peer specialist for six years. Walks, tea and honest talk help me; maybe they help you too.",
    "I found recovery one small day at a time. Happy to share what worked and what did not.",
    "Parent, gardener, survivor. No judgement here, just someone who gets it.",
]


def load(program: Program, seed: int = 2026) -> None:
    """Matching profiles for the program's supporters and a short queue of members waiting."""
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data, not secrets
    supporters = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.SUPPORTER)
        .select_related("profile")
        .order_by("pk")
    )
    SupporterProfile.objects.bulk_create(
        [
            SupporterProfile(
                user=user,
                program=program,
                bio=rng.choice(_BIOS),
                lived_experience=user.profile.lived_experience or rng.sample(Topic.values, k=2),
                languages=user.profile.languages or ["en"],
                modalities=rng.sample(Modality.values, k=2),
                is_lgbtq=rng.random() < 0.2,
                is_veteran=rng.random() < 0.1,
                availability=rng.sample(SLOTS, k=8),
                time_zone=program.time_zone,
                capacity=8 if user.username == "demo-supporter" else rng.randint(3, 6),
                is_on_duty=rng.random() < 0.4,
            )
            for user in supporters
        ]
    )
    members = list(
        Membership.objects.filter(program=program, role=Role.MEMBER)
        .exclude(user__username="demo-member")
        .select_related("user")
        .order_by("-pk")[:6]
    )
    for membership in members:
        services.submit_request(
            member=membership.user,
            topics=rng.sample(Topic.values, k=2),
            languages=["en"],
            modalities=[Modality.CHAT],
            wants={Trait.LIVED_EXPERIENCE: Want.NICE},
            availability=rng.sample(SLOTS, k=6),
            time_zone=program.time_zone,
            urgency=rng.choice(Urgency.values),
        )
