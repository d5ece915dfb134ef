"""What a care-team partner's FHIR token may read: members who share their health record with that
person, and of each only what the member shares, read through the owning apps' selectors (which check
consent at this moment and write the access log)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import CareTeamLink, Consent, Program, User
from alongside.accounts.selectors import (
    care_team_of,
    consent_allows,
    consents_shared_with,
    standing,
    today_in,
)
from alongside.audit.services import record_access
from alongside.care_plans import selectors as plans
from alongside.outcomes import selectors as outcomes
from alongside.records import selectors as records
from alongside.resources import selectors as resources
from alongside.training import selectors as training

from . import directory, mapping
from .mapping import Context, Json

# Roles a member may share their record with (as in care_plans and outcomes).
PARTNER_ROLES = (Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)

# Which read builds which resource types: a search for one type reads (and logs) only what it needs.
GROUPS: dict[str, frozenset[str]] = {
    "patient": frozenset({"Patient"}),
    "team": frozenset({"CareTeam", "Practitioner", "PractitionerRole"}),
    "consent": frozenset({"Consent"}),
    "hand_offs": frozenset({"EpisodeOfCare"}),
    "referrals": frozenset({"ServiceRequest", "Task"}),
    "plans": frozenset({"CarePlan", "Goal"}),
    "outcomes": frozenset({"QuestionnaireResponse", "Observation", "Flag"}),
    "notes": frozenset({"Encounter", "DocumentReference", "Provenance"}),
}
RESOURCE_TYPES: tuple[str, ...] = tuple(sorted(set().union(*GROUPS.values())))
# The program and its directory: no one's record, read by any FHIR token of the program's staff.
DIRECTORY_TYPES: tuple[str, ...] = ("HealthcareService", "Location", "Organization")


def sharing_members(viewer: User) -> QuerySet[User]:
    """Members of the viewer's program who share their health record with the viewer right now."""
    found = standing(viewer)
    if found.program is None or not found.has(*PARTNER_ROLES):
        return User.objects.none()
    member_ids = consents_shared_with(viewer).filter(
        scope=ConsentScope.HEALTH_RECORD, program=found.program
    )
    return User.objects.filter(
        pk__in=member_ids.values("member_id"), is_active=True, memberships__program=found.program
    ).distinct()


def access_member(viewer: User, member_id: int | str, *, purpose: str) -> User:
    """A member whose record `viewer` may read over FHIR (the read is logged); else Http404."""
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404 from None
    member = sharing_members(viewer).filter(pk=pk).first()
    if member is None:
        raise Http404
    _log(viewer, member, purpose)
    return member


def _log(viewer: User, member: User, purpose: str) -> None:
    record_access(
        viewer=viewer,
        record_type="fhir.patient",
        record_id=member.pk,
        subject=member,
        purpose=purpose,
        program_id=standing(viewer).program.pk,  # type: ignore[union-attr]  # sharing_members checked it
    )


def _team(member: User, program: Program | None) -> list[CareTeamLink]:
    """The member's care team in `program` (the viewer's), not the teams of their other programs."""
    links = care_team_of(member, program=program) if program is not None else []
    return [link for link in links if link.role in PARTNER_ROLES]


def _credentials(staff_ids: set[int], viewer: User) -> dict[int, list[Any]]:
    """Each staff person's current certifications (training), for Practitioner.qualification, as of
    today in the viewer's program (the one the member was cleared in)."""
    program = standing(viewer).program
    found: dict[int, list[Any]] = {}
    if program is None or not staff_ids:
        return found
    for credential in training.current_credentials(staff_ids, today_in(program)):
        found.setdefault(credential.user_id, []).append(credential)
    return found


def _plans(viewer: User, member: User, ctx: Context) -> list[Json]:
    try:
        shared = plans.shared_with_viewer(viewer, member.pk)
    except Http404:
        return []  # the member shares no plan with this person
    found: list[Json] = []
    goal_ids: list[str] = []
    if shared.sees_goals:
        goals = list(plans.goals_of(member))
        if goals:
            record_access(
                viewer=viewer,
                record_type="care_plans.goal",
                record_id=member.pk,
                subject=member,
                purpose="FHIR: recovery goals",
                program_id=goals[0].program_id,
            )
        found += [mapping.goal(goal) for goal in goals]
        goal_ids = [f"{goal.member_id}-g{goal.pk}" for goal in goals]
    for plan in shared.plans:
        view = plans.access_plan(viewer, member.pk, plan.kind)  # logs the read, Part 2 included
        found.append(
            mapping.care_plan(
                view.plan,
                view.sections,
                goal_ids if plan.kind == "wrap" else [],
                ctx,
                crisis_only=view.crisis_only,
            )
        )
    return found


def _outcomes(viewer: User, member: User, ctx: Context) -> list[Json]:
    try:
        outcomes.access_member_outcomes(viewer, member.pk, purpose="FHIR: questionnaires and flags")
    except Http404:
        return []  # no check-ins consent
    found: list[Json] = []
    for response in outcomes.responses_of(member):
        found.append(mapping.questionnaire_response(response, ctx))
        found.append(mapping.score_observation(response))
    found += [mapping.flag(item) for item in outcomes.safety_flags_of(member)]
    return found


def _notes(viewer: User, member: User) -> list[Json]:
    """Signed notes the member can read themselves (final, released), only under their `notes`
    consent to this reader, each read through records' `access_note` (its rules, its log line)."""
    if not consent_allows(grantee=viewer, member=member, scope=ConsentScope.NOTES):
        return []
    found: list[Json] = []
    for listed in records.notes_of_member(member):
        try:
            note = records.access_note(viewer, listed.pk)
        except Http404:
            continue
        found.append(mapping.encounter(note.encounter, member.pk))
        found.append(mapping.document_reference(note, records.version_shown_to_member(note)))
        found += mapping.provenances(note)
    return found


def member_resources(
    viewer: User, member: User, ctx: Context, types: Iterable[str] | None = None
) -> list[Json]:
    """Every resource about `member` that `viewer` may read now (all types, or only `types`). The
    caller has cleared the member with `access_member`."""
    wanted = set(types) if types is not None else set(RESOURCE_TYPES)
    groups = {name for name, kinds in GROUPS.items() if kinds & wanted}
    found: list[Json] = []
    if "patient" in groups:
        found.append(mapping.patient(member, ctx))
    if "team" in groups:
        links = _team(member, standing(viewer).program)
        credentials = _credentials({link.staff_id for link in links}, viewer)
        found += [
            mapping.practitioner(link.staff, ctx, credentials.get(link.staff_id, []))
            for link in links
        ]
        found += [mapping.practitioner_role(link) for link in links]
        found.append(mapping.care_team(member, links))
    if "consent" in groups:
        found += [mapping.consent(item) for item in _consents_to(viewer, member)]
    if "hand_offs" in groups:
        found += [mapping.episode_of_care(h) for h in resources.hand_offs_of(member)]
    if "referrals" in groups:
        for referral in resources.referrals_of(member):
            found += [mapping.service_request(referral), mapping.task(referral)]
    if "plans" in groups:
        found += _plans(viewer, member, ctx)
    if "outcomes" in groups:
        found += _outcomes(viewer, member, ctx)
    if "notes" in groups:
        found += _notes(viewer, member)
    return _unique(r for r in found if r["resourceType"] in wanted)


def _consents_to(viewer: User, member: User) -> list[Consent]:
    """Only the consents given to this reader: whom else the member shares with is not theirs to see."""
    return list(consents_shared_with(viewer).filter(member=member).order_by("created_at", "pk"))


def _unique(resources_: Iterable[Json]) -> list[Json]:
    seen: set[tuple[str, str]] = set()
    found = []
    for resource in resources_:
        key = (resource["resourceType"], resource["id"])
        if key not in seen:
            seen.add(key)
            found.append(resource)
    return found


def access_practitioner(viewer: User, staff_id: str) -> User:
    """A peer supporter or clinician on the care team of someone who shares with `viewer`, or the
    viewer themself; else Http404."""
    try:
        pk = int(staff_id)
    except ValueError:
        raise Http404 from None
    members = sharing_members(viewer)
    link = (
        CareTeamLink.objects.current()
        .filter(staff_id=pk, member__in=members, role__in=PARTNER_ROLES)
        .filter(program=standing(viewer).program)
        .select_related("staff")
        .first()
    )
    if link is not None:
        return link.staff
    if pk == viewer.pk and standing(viewer).has(*PARTNER_ROLES):
        return viewer
    raise Http404


def practitioner_roles(viewer: User, staff: User) -> list[Json]:
    links = CareTeamLink.objects.current().filter(
        staff=staff, role__in=PARTNER_ROLES, program=standing(viewer).program
    )
    if staff.pk != viewer.pk:
        links = links.filter(member__in=sharing_members(viewer))
    return _unique(mapping.practitioner_role(link) for link in links.select_related("staff"))


def read(viewer: User, resource_type: str, resource_id: str, ctx: Context) -> Json:
    """One resource by type and id, as `viewer` may see it now; else Http404."""
    if resource_type in DIRECTORY_TYPES:
        return directory_read(viewer, resource_type, resource_id)
    if resource_type == "Practitioner":
        staff = access_practitioner(viewer, resource_id)
        credentials = _credentials({staff.pk}, viewer).get(staff.pk, [])
        return mapping.practitioner(staff, ctx, credentials)
    if resource_type == "PractitionerRole":
        staff_id, _, role = resource_id.partition("-")
        for found in practitioner_roles(viewer, access_practitioner(viewer, staff_id)):
            if found["id"] == resource_id:
                return found
        raise Http404
    member_id = resource_id.split("-", 1)[0]
    member = access_member(viewer, member_id, purpose=f"FHIR read {resource_type}/{resource_id}")
    for found in member_resources(viewer, member, ctx, types=[resource_type]):
        if found["id"] == resource_id:
            return found
    raise Http404


def export(viewer: User, ctx: Context, types: Iterable[str] | None = None) -> list[Json]:
    """Bulk export: every resource of every member who shares with `viewer` now, each member's read
    logged; people referenced by several members appear once."""
    found: list[Json] = []
    for member in sharing_members(viewer).order_by("pk"):
        _log(viewer, member, "FHIR bulk export")
        found += member_resources(viewer, member, ctx, types)
    return _unique(found)


# --- the program and its directory --------------------------------------------------------------


def _reader_program(viewer: User) -> Any:
    found = standing(viewer)
    return found.program if found.has(*PARTNER_ROLES) else None


def directory_list(viewer: User, resource_type: str) -> list[Json]:
    """Every Organization, HealthcareService or Location of the reader's program (one query for the
    directory): the program, its peer support and its directory's entries and their places."""
    program = _reader_program(viewer)
    if program is None:
        return []
    if resource_type == "Organization":
        return [directory.organization(program)]
    entries = list(resources.directory_of(program))
    if resource_type == "HealthcareService":
        return [directory.peer_support(program)] + [
            directory.healthcare_service(entry, program) for entry in entries
        ]
    places = [directory.location(entry, program) for entry in entries]
    return [place for place in places if place is not None]


def directory_read(viewer: User, resource_type: str, resource_id: str) -> Json:
    """One of them by id; else Http404."""
    program = _reader_program(viewer)
    if program is None:
        raise Http404
    if resource_type == "HealthcareService" and resource_id != directory.peer_support_id(program):
        entry = resources.directory_of(program).filter(uuid=_uuid(resource_id)).first()
        if entry is None:
            raise Http404
        return directory.healthcare_service(entry, program)
    for found in directory_list(viewer, resource_type):
        if found["id"] == resource_id:
            return found
    raise Http404


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None
