"""Who may use each resources route (see alongside.common.testing.routes).

Objects: "own" is the viewer's program's resource, their own referral (a member) or one of a member
they work with (staff), a hand-off they may see; "other" is someone else's in the same program;
"foreign" is another program's. The intake-link and invite pages are used without an account: the
token in the URL is the permission, so everyone holding a valid one may (invalid tokens are tested in
test_views.py)."""

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import ANONYMOUS, Route, anyone, in_program, own, roles
from alongside.resources import services
from alongside.resources.models import (
    HandOff,
    ImportJob,
    IntakeLink,
    Referral,
)
from alongside.resources.tests.factories import resource

EVERYONE = ("member", "supporter", "supervisor", "clinician", "admin")
REFERRERS = ("member", "supporter", "clinician", "supervisor")


def _program_of(world, whose):
    return world.foreign_program if whose == "foreign" else world.program


def _resource_id(world, viewer, whose):
    return {"resource_id": resource(_program_of(world, whose)).pk}


def _referral_id(world, viewer, whose):
    """Own: the world's member's referral (the member's own; the supporter and clinician work with
    them; the supervisor is made to). Other: the other member's. Foreign: another program's."""
    if whose == "own" and viewer == "supervisor":
        from alongside.accounts.services import link_care_team

        link_care_team(
            program=world.program, member=world["member"], staff=world["supervisor"],
            role=Role.SUPERVISOR,
        )  # fmt: skip
    member = {"own": world["member"], "other": world.other_member, "foreign": world.foreign_member}[
        whose
    ]
    program = _program_of(world, whose)
    referral = Referral.objects.create(
        program=program, member=member, resource=resource(program), need="food",
        follow_up_on=timezone.localdate(),
    )  # fmt: skip
    return {"referral_id": referral.pk}


def _hand_off(world, whose, sent_by=None):
    program = _program_of(world, whose)
    member = person(program, Role.MEMBER)
    sender = sent_by or person(program, Role.CLINICIAN)
    return HandOff.objects.create(
        program=program, member=member, sent_by=sender, partner_name="Partner",
        setting="hospital", discharge_on=timezone.localdate(), consent_text="Agreed.",
    )  # fmt: skip


def _hand_off_id(world, viewer, whose):
    """Own: sent by the world's clinician; for the supporter, a person they work with."""
    hand_off = _hand_off(world, whose, sent_by=world["clinician"] if whose == "own" else None)
    if whose == "own" and viewer == "supporter":
        from alongside.accounts.services import link_care_team

        link_care_team(
            program=world.program, member=hand_off.member, staff=world["supporter"],
            role=Role.SUPPORTER,
        )  # fmt: skip
    return {"hand_off_id": hand_off.pk}


def _hand_off_rule(viewer, whose):
    if whose == "foreign":
        return False
    return viewer in ("supervisor", "admin") or (
        whose == "own" and viewer in ("clinician", "supporter")
    )


def _contact_rule(viewer, whose):
    return whose != "foreign" and (
        viewer == "supervisor" or (viewer == "supporter" and whose == "own")
    )


def _job_id(world, viewer, whose):
    program = _program_of(world, whose)
    admin = world["admin"] if whose == "own" else person(program, Role.ADMIN)
    job = ImportJob.objects.create(
        program=program, uploaded_by=admin, file_name="a.csv", file_format="csv", rows=[]
    )
    return {"job_id": job.pk}


def _link_id(world, viewer, whose):
    program = _program_of(world, whose)
    admin = world["admin"] if whose != "foreign" else person(program, Role.ADMIN)
    link = IntakeLink.objects.create(
        program=program, label="Partner", created_by=admin,
        expires_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    return {"link_id": link.pk}


def _token(world, viewer, whose):
    link = IntakeLink.objects.create(
        program=world.program, label="Partner", created_by=world["admin"],
        expires_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    return {"token": services.intake_token(link)}


def _invite(world, viewer, whose):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    member = person(world.program, Role.MEMBER)
    member.set_unusable_password()
    member.save()
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
        "token": default_token_generator.make_token(member),
    }


def _hand_off_data(world, viewer, whose):
    return {
        "partner_name": "Sam, social work", "pseudonym": f"matrix-{viewer}-{person.__name__}",
        "setting": "hospital", "discharge_on": timezone.localdate().isoformat(),
        "consent_given": True, "consent_text": "Agreed to a peer.", "needs": ["food"],
    }  # fmt: skip


def _unique_hand_off_data(world, viewer, whose):
    from uuid import uuid4

    return {**_hand_off_data(world, viewer, whose), "pseudonym": f"matrix-{uuid4().hex[:8]}"}


def _referral_data(world, viewer, whose):
    body = {
        "resource_id": resource(world.program).pk, "need": "food",
        "follow_up_on": timezone.localdate().isoformat(),
    }  # fmt: skip
    if viewer != "member" and viewer != ANONYMOUS:
        if viewer == "supervisor":
            from alongside.accounts.services import link_care_team

            link_care_team(
                program=world.program, member=world["member"], staff=world["supervisor"],
                role=Role.SUPERVISOR,
            )  # fmt: skip
        body["member_id"] = world["member"].pk
    return body


def _stays_member_id(world, viewer, whose):
    """Own: the world's member (the supporter and clinician work with them; the supervisor is made
    to). Other: the other member, whom nobody works with. Foreign: another program's member."""
    if whose == "own" and viewer == "supervisor":
        from alongside.accounts.services import link_care_team

        link_care_team(
            program=world.program, member=world["member"], staff=world["supervisor"],
            role=Role.SUPERVISOR,
        )  # fmt: skip
    member = {"own": world["member"], "other": world.other_member, "foreign": world.foreign_member}
    return {"member_id": member[whose].pk}


def _stays_rule(viewer, whose):
    """Staff note a person's stays: an administrator anyone's in their program, the supporter,
    supervisor or clinician only of someone they work with; a member only on their own page."""
    if whose == "foreign":
        return False
    return viewer == "admin" or (
        whose == "own" and viewer in ("supporter", "supervisor", "clinician")
    )


def _stay_data(world, viewer, whose):
    today = timezone.localdate()
    return {
        "admitted_on": (today - timedelta(days=20)).isoformat(),
        "discharged_on": (today - timedelta(days=12)).isoformat(),
    }


CREATED = frozenset({201})
REDIRECT = frozenset({302})

ROUTES = [
    Route("resources:search", roles(*EVERYONE)),
    Route("resources:resource", in_program(*EVERYONE), object_scoped=True, kwargs=_resource_id),
    Route(
        "resources:referral-new",
        in_program(*REFERRERS),
        object_scoped=True,
        kwargs=_resource_id,
    ),  # fmt: skip
    Route("resources:referrals", roles(*REFERRERS)),
    Route("resources:hospital-stays", roles("member")),  # a member's own stays
    Route(
        "resources:member-hospital-stays",
        _stays_rule,
        object_scoped=True,
        kwargs=_stays_member_id,
        notes="staff: an administrator, or the person's care team",
    ),  # fmt: skip
    Route(
        "resources:member-hospital-stays",
        _stays_rule,
        method="POST",
        object_scoped=True,
        kwargs=_stays_member_id,
        data=_stay_data,
        ok=REDIRECT,
        notes="a refused note writes nothing (the matrix checks no table was written)",
    ),  # fmt: skip
    Route(
        "resources:referral",
        own(*REFERRERS),
        object_scoped=True,
        kwargs=_referral_id,
        notes="the member, or someone on their care team",
    ),  # fmt: skip
    Route("resources:outcomes", roles("supervisor", "admin")),
    Route("resources:manage", roles("admin")),
    Route(
        "resources:stale-setting",
        roles("admin"),
        method="POST",
        ok=REDIRECT,
        data=lambda w, v, o: {"stale_after_days": 90},
    ),  # fmt: skip
    Route("resources:resource-new", roles("admin")),
    Route("resources:resource-edit", in_program("admin"), object_scoped=True, kwargs=_resource_id),
    Route(
        "resources:resource-verify",
        in_program("admin"),
        method="POST",
        object_scoped=True,
        kwargs=_resource_id,
        ok=REDIRECT,
    ),  # fmt: skip
    Route(
        "resources:import",
        roles("admin"),
        method="POST",
        ok=REDIRECT,
        notes="with no file, the directory page says what is missing",
    ),  # fmt: skip
    Route("resources:import-job", in_program("admin"), object_scoped=True, kwargs=_job_id),
    Route("resources:export-csv", roles("admin"), check_axe=False, notes="a CSV file"),
    Route("resources:export-hsds", roles("admin"), check_axe=False, notes="a JSON file"),
    Route("resources:export-tabular", roles("admin"), check_axe=False, notes="a zip file"),
    Route("resources:intake-links", roles("admin")),
    Route(
        "resources:intake-link-revoke",
        in_program("admin"),
        method="POST",
        object_scoped=True,
        kwargs=_link_id,
        ok=REDIRECT,
    ),  # fmt: skip
    Route("resources:hand-offs", roles("supervisor", "admin", "clinician", "supporter")),
    Route("resources:hand-off-new", roles("clinician")),
    Route("resources:hand-off", _hand_off_rule, object_scoped=True, kwargs=_hand_off_id),
    Route(
        "resources:hand-off-contact",
        _contact_rule,
        method="POST",
        object_scoped=True,
        kwargs=_hand_off_id,
        ok=REDIRECT,
    ),  # fmt: skip
    Route(
        "resources:hand-off-by-link",
        anyone,
        kwargs=_token,
        notes="the signed token is the permission; expired and revoked ones are in test_views",
    ),  # fmt: skip
    Route("resources:welcome", roles("member")),
    Route("resources:invite", anyone, kwargs=_invite, notes="a one-time token for a new member"),
    # --- API
    Route("/api/resources/search", roles(*EVERYONE), is_api=True),
    Route("/api/resources/referrals", roles(*REFERRERS), is_api=True),
    Route(
        "/api/resources/referrals",
        roles(*REFERRERS),
        method="POST",
        is_api=True,
        ok=CREATED,
        data=_referral_data,
    ),  # fmt: skip
    Route(
        "/api/resources/referrals/{referral_id}/status",
        own(*REFERRERS),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_referral_id,
        data=lambda w, v, o: {"status": "contacted"},
    ),  # fmt: skip
    Route(
        "/api/resources/hand-offs",
        roles("clinician"),
        method="POST",
        is_api=True,
        ok=CREATED,
        data=_unique_hand_off_data,
    ),  # fmt: skip
    Route(
        "/api/resources/hand-offs",
        roles("supervisor", "admin", "clinician", "supporter"),
        is_api=True,
    ),  # fmt: skip
    Route("/api/resources/outcomes", roles("supervisor", "admin"), is_api=True),
    Route("/api/resources/directory.json", roles("admin"), is_api=True),
    Route(
        "/api/resources/import",
        roles("admin"),
        method="POST",
        is_api=True,
        data=lambda w, v, o: {"file_name": "a.csv", "content": "id,name\nx-1,Pantry\n"},
    ),  # fmt: skip
]
