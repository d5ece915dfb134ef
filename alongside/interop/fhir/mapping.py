"""Alongside's records as FHIR R4 resources (DOMAIN.md §5), built as plain JSON and checked by
`fhir.resources.R4B` (R4-identical for these resources; never the top-level R5 models).

Ids carry the member's id first (`12-wrap`, `12-r34`) so a read finds whose record it is before it
touches anything, and the consent check runs on that member. Patient is `Patient/<member id>`,
Practitioner `Practitioner/<staff id>`, PractitionerRole `<staff id>-<role>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.html import escape
from fhir.resources.R4B import get_fhir_model_class

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import CareTeamLink, Consent, User
from alongside.care_plans.sections import PART2_NOTICE

FHIR_VERSION = "4.0.1"
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition"
# The US Core 6.1.0 profiles a resource claims in meta.profile: only those it meets (mandatory
# elements, pattern slices, and every must-support reference pointing at a resource that claims the
# profile it must). The tests check each claim against the profiles' own StructureDefinitions.
US_CORE_PATIENT = f"{US_CORE}/us-core-patient"
US_CORE_QUESTIONNAIRE_RESPONSE = f"{US_CORE}/us-core-questionnaireresponse"
US_CORE_SCREENING = f"{US_CORE}/us-core-observation-screening-assessment"
US_CORE_GOAL = f"{US_CORE}/us-core-goal"
LOINC = "http://loinc.org"
NUCC = "http://nucc.org/provider-taxonomy"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

# 42 CFR Part 2 data carry these labels (DOMAIN.md §5): the law, substance-use sensitivity, restricted.
PART2_SECURITY = [
    {"system": V3_ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part2"},
    {"system": V3_ACT_CODE, "code": "ETH", "display": "substance abuse information sensitivity"},
    {"system": V3_CONFIDENTIALITY, "code": "R", "display": "restricted"},
]

Json = dict[str, Any]


@dataclass(frozen=True)
class Context:
    """Where the resources are served (for fullUrl and identifier systems)."""

    base: str  # e.g. https://peers.example.org/fhir/R4


def checked(resource: Json) -> Json:
    """`resource` as fhir.resources' R4B model reads and writes it: a field it does not know, a wrong
    type or a missing required element raises here, never reaches a partner."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    dumped: Json = json.loads(model.model_dump_json(exclude_none=True))
    return dumped


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _day(value: date) -> str:
    return value.isoformat()


def _ref(kind: str, pk: object, display: str = "") -> Json:
    found: Json = {"reference": f"{kind}/{pk}"}
    if display:
        found["display"] = display
    return found


def _narrative(text: str) -> Json:
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{escape(text)}</div>',
    }


def _part2(resource: Json, is_part2: bool) -> Json:
    if is_part2:
        resource.setdefault("meta", {})["security"] = PART2_SECURITY
    return resource


# --- people -------------------------------------------------------------------------------------


def patient(member: User, ctx: Context) -> Json:
    """US Core Patient with only what Alongside knows: the pseudonym (use = nickname), never a legal
    name; administrative gender `unknown` (members describe their gender in their own words, which is
    not administrative gender, and we do not ask for that)."""
    return checked(
        {
            "resourceType": "Patient",
            "id": str(member.pk),
            "meta": {"profile": [US_CORE_PATIENT]},
            "identifier": [{"system": f"{ctx.base}/identifier/member", "value": str(member.pk)}],
            "active": member.is_active,
            "name": [
                {"use": "nickname", "text": member.display_name, "given": [member.display_name]}
            ],
            "gender": "unknown",
        }
    )


def _qualification(credential: Any) -> Json:
    """A current certification (training app) as Practitioner.qualification: code, issuer, period."""
    with translation.override("en"):
        kind = str(credential.get_kind_display())
    found: Json = {
        "code": {"text": kind},
        "period": {"start": _day(credential.issued_on), "end": _day(credential.expires_on)},
        "issuer": {"display": credential.issuer},
    }
    if credential.number:
        found["identifier"] = [{"value": credential.number}]
    return found


def practitioner(staff: User, ctx: Context, credentials: Iterable[Any] = ()) -> Json:
    resource: Json = {
        "resourceType": "Practitioner",
        "id": str(staff.pk),
        "identifier": [{"system": f"{ctx.base}/identifier/staff", "value": str(staff.pk)}],
        "active": staff.is_active,
        "name": [{"use": "usual", "text": staff.display_name}],
    }
    if qualifications := [_qualification(c) for c in credentials]:
        resource["qualification"] = qualifications
    return checked(resource)


ROLE_TEXT = {
    Role.SUPPORTER: "Peer support specialist",
    Role.CLINICIAN: "Clinician",
    Role.SUPERVISOR: "Peer support supervisor",
}


def _role_code(role: str) -> Json:
    if role == Role.SUPPORTER:  # NUCC taxonomy 175T00000X, DOMAIN.md §5
        return {
            "coding": [{"system": NUCC, "code": "175T00000X", "display": "Peer Specialist"}],
            "text": ROLE_TEXT[Role.SUPPORTER],
        }
    return {"text": ROLE_TEXT.get(Role(role), str(role))}


def practitioner_role(link: CareTeamLink) -> Json:
    return checked(
        {
            "resourceType": "PractitionerRole",
            "id": f"{link.staff_id}-{link.role}",
            "active": True,
            "practitioner": _ref("Practitioner", link.staff_id, link.staff.display_name),
            "code": [_role_code(link.role)],
        }
    )


def care_team(member: User, links: list[CareTeamLink]) -> Json:
    return checked(
        {
            "resourceType": "CareTeam",
            "id": str(member.pk),
            "status": "active",
            "subject": _ref("Patient", member.pk),
            "participant": [
                {
                    "role": [_role_code(link.role)],
                    "member": _ref("Practitioner", link.staff_id, link.staff.display_name),
                    "period": {"start": _instant(link.created_at)},
                }
                for link in links
            ],
        }
    )


def consent(item: Consent) -> Json:
    """A consent the member gave this reader, with the 42 CFR Part 2 labels when it covers
    substance-use records."""
    with translation.override("en"):
        scope_text = str(ConsentScope(item.scope).label)
    rule: Json = {"text": f"Member's consent in Alongside: {scope_text}"}
    if item.includes_substance_use:
        rule["coding"] = [{"system": V3_ACT_CODE, "code": "42CFRPart2"}]
    provision: Json = {
        "type": "permit",
        "actor": [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",
                            "display": "information recipient",
                        }
                    ]
                },
                "reference": _ref("Practitioner", item.grantee_id),
            }
        ],
        "code": [{"text": scope_text}],
    }
    if item.expires_at:
        provision["period"] = {"end": _instant(item.expires_at)}
    resource: Json = {
        "resourceType": "Consent",
        "id": f"{item.member_id}-c{item.pk}",
        "status": "active" if item.is_active else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": LOINC, "code": "59284-0"}]}],
        "patient": _ref("Patient", item.member_id),
        "dateTime": _instant(item.created_at),
        "policyRule": rule,
        "provision": provision,
    }
    if item.purpose:  # free words: the narrative (provision.purpose wants a coded value)
        resource["text"] = _narrative(f"{scope_text}. In the member's words: {item.purpose}")
    return checked(_part2(resource, item.includes_substance_use))


# --- plans and goals ----------------------------------------------------------------------------


def plan_kind_system(ctx: Context) -> str:
    return f"{ctx.base}/CodeSystem/plan-kind"


def care_plan(
    plan: Any, sections: tuple[Any, ...], goal_ids: list[str], ctx: Context, *, crisis_only: bool
) -> Json:
    """A WRAP, safety plan or advance directive worksheet: authored by the member, each filled field
    a note; only the crisis section when that is all the member shares. Part 2 plans carry the labels
    and the §2.32 notice."""
    with translation.override("en"):
        title = str(plan.get_kind_display()) + (" (crisis plan only)" if crisis_only else "")
        notes = [
            {"text": f"{section.title} — {field.label}: {plan.value(field.key)}"}
            for section in sections
            for field in section.fields
            if plan.value(field.key).strip()
        ]
        if plan.is_substance_use:
            notes.insert(0, {"text": str(PART2_NOTICE)})
    resource: Json = {
        "resourceType": "CarePlan",
        "id": f"{plan.member_id}-{plan.kind}",
        "status": "active",
        "intent": "plan",
        "category": [
            {
                "coding": [{"system": plan_kind_system(ctx), "code": plan.kind}],
                "text": title,
            }
        ],
        "title": title,
        "subject": _ref("Patient", plan.member_id),
        "created": _instant(plan.created_at),
        "author": _ref("Patient", plan.member_id),  # the member writes their own plan
    }
    if goal_ids:
        resource["goal"] = [{"reference": f"Goal/{goal_id}"} for goal_id in goal_ids]
    if notes:
        resource["note"] = notes
    return checked(_part2(resource, plan.is_substance_use))


GOAL_LIFECYCLE = {"active": "active", "done": "completed", "set_aside": "on-hold"}


def goal(item: Any) -> Json:
    resource: Json = {
        "resourceType": "Goal",
        "id": f"{item.member_id}-g{item.pk}",
        "meta": {"profile": [US_CORE_GOAL]},
        "lifecycleStatus": GOAL_LIFECYCLE.get(item.status, "active"),
        "description": {"text": item.title},
        "subject": _ref("Patient", item.member_id),
        "startDate": _day(item.created_at.date()),
        "expressedBy": _ref("Patient", item.member_id),
    }
    if item.status == "done":
        resource["achievementStatus"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                    "code": "achieved",
                }
            ]
        }
        resource["statusDate"] = _day(item.done_at.date())
    notes = [{"text": item.why}] if item.why else []
    notes += [
        {"text": f"Small step{' (done)' if step.is_done else ''}: {step.text}"}
        for step in item.steps.all()
    ]
    if notes:
        resource["note"] = notes
    return checked(resource)


# --- questionnaires, scores, safety flags -------------------------------------------------------


def _questionnaire_url(response: Any, ctx: Context) -> str:
    if response.panel_loinc:
        return f"http://loinc.org/q/{response.panel_loinc}"
    return f"{ctx.base}/Questionnaire/{response.instrument}"


def questionnaire_response(response: Any, ctx: Context) -> Json:
    items = []
    for item in response.items:
        entry: Json = {"linkId": str(item["link_id"])}
        if item.get("loinc"):
            entry["definition"] = f"http://loinc.org#{item['loinc']}"
        if item.get("value") is not None:
            if item.get("answer_code"):
                entry["answer"] = [{"valueCoding": {"system": LOINC, "code": item["answer_code"]}}]
            else:
                entry["answer"] = [{"valueInteger": int(item["value"])}]
        items.append(entry)
    return checked(
        {
            "resourceType": "QuestionnaireResponse",
            "id": f"{response.member_id}-r{response.pk}",
            "meta": {"profile": [US_CORE_QUESTIONNAIRE_RESPONSE]},
            "questionnaire": _questionnaire_url(response, ctx),
            "status": "completed" if response.is_complete else "in-progress",
            "subject": _ref("Patient", response.member_id),
            "authored": _instant(response.completed_at),
            "author": _ref("Patient", response.member_id),
            "item": items,
        }
    )


def score_observation(response: Any) -> Json:
    """The total as a US Core Screening Assessment Observation (category survey), performed by the
    member (who answered) and derived from the QuestionnaireResponse; the band in plain words as its
    interpretation."""
    code: Json = {"text": f"{response.code_label} total score"}
    if response.total_loinc:
        code["coding"] = [{"system": LOINC, "code": response.total_loinc}]
    resource: Json = {
        "resourceType": "Observation",
        "id": f"{response.member_id}-r{response.pk}-total",
        "meta": {"profile": [US_CORE_SCREENING]},
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": code,
        "subject": _ref("Patient", response.member_id),
        "effectiveDateTime": _instant(response.completed_at),
        "performer": [_ref("Patient", response.member_id)],  # the member answered
        "valueQuantity": {
            "value": response.total,
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        },
        "derivedFrom": [_ref("QuestionnaireResponse", f"{response.member_id}-r{response.pk}")],
    }
    if response.band:
        resource["interpretation"] = [{"text": response.band.replace("_", " ")}]
    return checked(resource)


def flag(item: Any) -> Json:
    with translation.override("en"):
        source = str(item.get_source_display())
    resource: Json = {
        "resourceType": "Flag",
        "id": f"{item.member_id}-f{item.pk}",
        "status": "inactive" if item.handled_at else "active",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                        "code": "safety",
                    }
                ]
            }
        ],
        "code": {"text": f"Safety follow-up ({item.level}): {source}"},
        "subject": _ref("Patient", item.member_id),
        "period": {"start": _instant(item.created_at)},
    }
    if item.handled_at:
        resource["period"]["end"] = _instant(item.handled_at)
    return checked(resource)


# --- hand-offs and referrals --------------------------------------------------------------------


def episode_of_care(hand_off: Any) -> Json:
    """A hand-off from hospital, jail, prison or residential care: the discharge date starts it, and
    it waits (`waitlist`) until a first contact is recorded."""
    with translation.override("en"):
        setting = str(hand_off.get_setting_display())
    return checked(
        {
            "resourceType": "EpisodeOfCare",
            "id": f"{hand_off.member_id}-h{hand_off.pk}",
            # Waiting for a first peer contact, then under way; the episode has no end here yet.
            "status": "waitlist" if hand_off.recorded_contact_at is None else "active",
            "type": [{"text": f"Peer support after leaving: {setting}"}],
            "patient": _ref("Patient", hand_off.member_id),
            "period": {"start": _day(hand_off.discharge_on)},
        }
    )


# Referral status → ServiceRequest.status and Task.status (SDOH Clinical Care referral workflow).
REQUEST_STATUS = {
    "made": "active",
    "contacted": "active",
    "connected": "completed",
    "not_connected": "revoked",
}
TASK_STATUS = {
    "made": "requested",
    "contacted": "in-progress",
    "connected": "completed",
    "not_connected": "failed",
}


def service_request(referral: Any) -> Json:
    with translation.override("en"):
        need = str(referral.get_need_display())
    resource: Json = {
        "resourceType": "ServiceRequest",
        "id": f"{referral.member_id}-ref{referral.pk}",
        "status": REQUEST_STATUS.get(referral.status, "unknown"),
        "intent": "order",
        "category": [{"text": need}],
        "code": {"text": f"Referral for {need.lower()}: {referral.resource.name}"},
        "subject": _ref("Patient", referral.member_id),
        "authoredOn": _instant(referral.created_at),
        "occurrenceDateTime": _day(referral.follow_up_on),
        # The directory entry, served as a HealthcareService (`directory.py`): the SDOH workflow's
        # performer.
        "performer": [_ref("HealthcareService", referral.resource.uuid, referral.resource.name)],
    }
    if referral.made_by_id == referral.member_id:  # the member referred themself
        resource["requester"] = _ref("Patient", referral.member_id)
    elif referral.made_by_id:
        resource["requester"] = _ref("Practitioner", referral.made_by_id)
    if referral.agreed:
        resource["note"] = [{"text": referral.agreed}]
    return checked(resource)


def task(referral: Any) -> Json:
    resource: Json = {
        "resourceType": "Task",
        "id": f"{referral.member_id}-ref{referral.pk}",
        "status": TASK_STATUS.get(referral.status, "requested"),
        "intent": "order",
        "code": {
            "coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]
        },
        "focus": _ref("ServiceRequest", f"{referral.member_id}-ref{referral.pk}"),
        "for": _ref("Patient", referral.member_id),
        "authoredOn": _instant(referral.created_at),
        "lastModified": _instant(referral.updated_at),
        "owner": {"display": referral.resource.name},
    }
    if referral.why_not:
        resource["statusReason"] = {"text": referral.why_not}
    return checked(resource)


# --- sessions and peer notes (records) ----------------------------------------------------------

HCPCS = (
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"  # THO's URI; DOMAIN.md §5 (verify)
)
V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ENCOUNTER_CLASS = {
    "VR": "virtual",
    "HH": "home health",
    "AMB": "ambulatory",
    "FLD": "field",
}


def encounter_class(modality: str, place_of_service: str) -> str:
    """v3-ActCode class (DOMAIN.md §5): virtual for phone, video, chat and telehealth places (02, 10);
    HH at the person's home (12); AMB in an office (11) or a group without a place; FLD elsewhere in
    the community (visits, accompaniment)."""
    if modality in ("chat", "phone", "video") or place_of_service in ("02", "10"):
        return "VR"
    if place_of_service == "12":
        return "HH"
    if place_of_service == "11" or (modality == "group" and not place_of_service):
        return "AMB"
    return "FLD"


def encounter(item: Any, member_id: int) -> Json:
    """One session as this member's Encounter (a group's other participants are never named)."""
    code = encounter_class(item.modality, item.place_of_service)
    with translation.override("en"):
        modality = str(item.get_modality_display())
    return checked(
        {
            "resourceType": "Encounter",
            "id": f"{member_id}-e{item.pk}",
            "status": "finished",
            "class": {"system": V3_ACT, "code": code, "display": ENCOUNTER_CLASS[code]},
            "type": [
                {
                    "coding": [
                        {"system": HCPCS, "code": "H0038", "display": "Self-help/peer services"}
                    ],
                    "text": f"Peer support ({modality.lower()})",
                }
            ],
            "subject": _ref("Patient", member_id),
            "participant": [{"individual": _ref("Practitioner", item.supporter_id)}],
            "period": {"start": _instant(item.started_at), "end": _instant(item.ended_at)},
            "length": {
                "value": item.minutes,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            },
        }
    )


def _note_text(note: Any, version: Any) -> str:
    parts = [
        ("Goal, from their own plan", version.goal),
        ("What we did together", version.did),
        ("How they responded", version.response),
        ("Next steps", version.next_steps),
    ]
    lines = [f"{label}: {text}" for label, text in parts if text.strip()]
    with translation.override("en"):
        for entry in note.entries.all():
            lines.append(
                f"{entry.get_kind_display()} ({_instant(entry.created_at)}, "
                f"{entry.author.display_name}): {entry.body}"
            )
    return "\n\n".join(lines)


def document_reference(note: Any, version: Any) -> Json:
    """A signed peer note: LOINC 11506-3 progress note, its words (and addenda) as a text attachment."""
    import base64

    text = _note_text(note, version)
    resource: Json = {
        "resourceType": "DocumentReference",
        "id": f"{note.member_id}-n{note.pk}",
        "status": "current",
        "docStatus": "amended" if note.entries.all() else "final",
        "type": {
            "coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}],
            "text": "Peer support note",
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
                        "code": "clinical-note",
                    }
                ]
            }
        ],
        "subject": _ref("Patient", note.member_id),
        "date": _instant(note.final_at or note.signed_at),
        "author": [_ref("Practitioner", note.author_id, note.author.display_name)],
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(text.encode()).decode(),
                    "title": "Peer support note",
                }
            }
        ],
        "context": {
            "encounter": [_ref("Encounter", f"{note.member_id}-e{note.encounter_id}")],
            "period": {
                "start": _instant(note.encounter.started_at),
                "end": _instant(note.encounter.ended_at),
            },
        },
    }
    if note.cosigned_by_id:
        resource["authenticator"] = _ref("Practitioner", note.cosigned_by_id)
    return checked(resource)


# ASTM E1762 signature types, as FHIR's Signature.type names them.
SIGNATURE_TYPES = {
    "signed": ("1.2.840.10065.1.12.1.1", "Author's Signature"),
    "cosigned": ("1.2.840.10065.1.12.1.5", "Verification Signature"),
}


def provenances(note: Any) -> list[Json]:
    """Who signed the note and when (author, supervisor's co-signature), and each addendum after it."""
    target = [_ref("DocumentReference", f"{note.member_id}-n{note.pk}")]
    found = []
    for event in note.events.all():
        if event.kind not in SIGNATURE_TYPES:
            continue
        code, display = SIGNATURE_TYPES[event.kind]
        who = _ref("Practitioner", event.actor_id)
        found.append(
            {
                "resourceType": "Provenance",
                "id": f"{note.member_id}-n{note.pk}-s{event.pk}",
                "target": target,
                "recorded": _instant(event.at),
                "activity": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "AUT" if event.kind == "signed" else "VRF",
                        }
                    ]
                },
                "agent": [{"who": who}],
                "signature": [
                    {
                        "type": [
                            {
                                "system": "urn:iso-astm:E1762-95:2013",
                                "code": code,
                                "display": display,
                            }
                        ],
                        "when": _instant(event.at),
                        "who": who,
                    }
                ],
            }
        )
    for entry in note.entries.all():
        if entry.kind != "addendum":
            continue
        found.append(
            {
                "resourceType": "Provenance",
                "id": f"{note.member_id}-n{note.pk}-a{entry.pk}",
                "target": target,
                "recorded": _instant(entry.created_at),
                "activity": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
                            "code": "UPDATE",
                        }
                    ],
                    "text": "Addendum",
                },
                "agent": [{"who": _ref("Practitioner", entry.author_id)}],
            }
        )
    return [checked(resource) for resource in found]
