"""The CapabilityStatement: what /fhir/R4/ serves, and the US Core elements we claim (and do not)."""

from __future__ import annotations

from django.utils import timezone

import alongside

from .mapping import (
    FHIR_VERSION,
    US_CORE_GOAL,
    US_CORE_PATIENT,
    US_CORE_QUESTIONNAIRE_RESPONSE,
    US_CORE_SCREENING,
    Json,
    checked,
)
from .selectors import DIRECTORY_TYPES, RESOURCE_TYPES

PATIENT_CLAIM = (
    "US Core Patient (6.1.0): we populate the mandatory elements identifier (system + value), name "
    "(the member's pseudonym, use = nickname, in name.given and name.text; never a legal name) and "
    "gender (always 'unknown': Alongside records no administrative gender). We do not hold the "
    "must-support elements birthDate, address, telecom, communication, race, ethnicity, birth sex or "
    "tribal affiliation, so they are never sent."
)
# Must-support elements of a claimed US Core 6.1.0 profile that we never send, and why: Alongside does
# not hold them. (The tests fail on a must-support element that is neither sent nor listed here.)
NOT_HELD: dict[str, dict[str, str]] = {
    US_CORE_PATIENT: {
        "Patient.name.family": "members go by a pseudonym; no legal name is kept",
        "Patient.telecom.system": "no contact details are kept for members",
        "Patient.telecom.value": "no contact details are kept for members",
        "Patient.telecom.use": "no contact details are kept for members",
        "Patient.birthDate": "not asked",
        "Patient.address": "not asked",
        "Patient.communication.language": "the interface language is a display choice, not a "
        "declared language for care",
    },
    US_CORE_SCREENING: {
        "Observation.category:screening-assessment": "no US Core screening category (sdoh, "
        "functional, disability, cognitive status) fits a mental-health questionnaire",
        "Observation.dataAbsentReason": "a total is sent only when the questionnaire has one",
        "Observation.hasMember": "answers travel in the QuestionnaireResponse (derivedFrom), not "
        "as Observations of their own",
    },
    US_CORE_GOAL: {
        "Goal.target": "recovery goals have no target or due date",
        "Goal.target.due[x]": "recovery goals have no target or due date",
    },
    US_CORE_QUESTIONNAIRE_RESPONSE: {
        "QuestionnaireResponse.questionnaire.extension:url": "the questionnaire is named by its "
        "LOINC panel (http://loinc.org/q/…) or our canonical URL",
    },
}
# The resource types that claim a US Core profile, and what each claim means.
US_CORE_CLAIMS: dict[str, tuple[str, str]] = {
    "QuestionnaireResponse": (
        US_CORE_QUESTIONNAIRE_RESPONSE,
        "US Core QuestionnaireResponse (6.1.0): questionnaire (LOINC panel), status, subject, "
        "authored, author (the member) and each item's linkId and answer.",
    ),
    "Observation": (
        US_CORE_SCREENING,
        "US Core Screening Assessment Observation (6.1.0), for questionnaire totals: category "
        "survey, LOINC total code, subject, effectiveDateTime, performer (the member), a UCUM "
        "valueQuantity, derivedFrom the QuestionnaireResponse.",
    ),
    "Goal": (
        US_CORE_GOAL,
        "US Core Goal (6.1.0): lifecycleStatus, description (the member's words), subject, "
        "startDate. Recovery goals have no target date.",
    ),
}
DIRECTORY_NOTE = (
    "The program and its resource directory, no one's record: the program (Organization), its peer "
    "support and each directory entry (HealthcareService) and each entry's place (Location), with "
    "the ids they have in the program's HSDS directory. Search without a patient lists them all; "
    "_id narrows. A referral's ServiceRequest.performer names its entry. No US Core claim: US Core "
    "Organization's NPI is held by billing and not sent, and US Core Location's managing "
    "organization would have to be a US Core Organization."
)
EXPORT_NOTE = (
    "System-level $export. With Prefer: respond-async it follows the Bulk Data IG: 202 with a status "
    "URL in Content-Location, whose manifest (complete at once) links one NDJSON file per type; each "
    "file is built when fetched, so consent is checked then. Without that header the NDJSON of every "
    "type comes at once. _type filters; _since (answered 400), Patient- and Group-level export "
    "are not supported."
)


def _resource(kind: str, *, search: str = "patient") -> Json:
    param = {
        "name": search,
        "type": "reference" if search == "patient" else "token",
        "documentation": "The member (Patient id)." if search == "patient" else "Resource id.",
    }
    found: Json = {
        "type": kind,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [param],
    }
    return found


def capability_statement(base: str) -> Json:
    resources = []
    for kind in sorted(RESOURCE_TYPES + DIRECTORY_TYPES):
        if kind in DIRECTORY_TYPES:
            found = _resource(kind, search="_id")
            found["documentation"] = DIRECTORY_NOTE
        elif kind == "Patient":
            found = _resource(kind, search="_id")
            found["supportedProfile"] = [US_CORE_PATIENT]
            found["documentation"] = PATIENT_CLAIM
            found["operation"] = [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                }
            ]
        elif kind in US_CORE_CLAIMS:
            found = _resource(kind)
            found["supportedProfile"], found["documentation"] = (
                [US_CORE_CLAIMS[kind][0]],
                (US_CORE_CLAIMS[kind][1]),
            )
        elif kind in ("Practitioner", "PractitionerRole"):
            found = _resource(kind)
            found["documentation"] = "Read; search by patient returns that member's care team."
        else:
            found = _resource(kind)
        resources.append(found)
    return checked(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": timezone.now().isoformat(timespec="seconds"),
            "publisher": "Alongside",
            "kind": "instance",
            "software": {"name": "Alongside", "version": alongside.__version__},
            "implementation": {
                "description": "Alongside peer support: what members share with their care team",
                "url": base,
            },
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": (
                        "Read-only. Members decide what is shared: a reader sees a member only while "
                        "the member's 'health record' consent to them is in force, and plans, "
                        "check-ins and notes only under their own consents. " + EXPORT_NOTE
                    ),
                    "security": {
                        "description": (
                            "Bearer token from POST /api/auth/token with "
                            '{"scope": "fhir"} (staff also send their two-step code); '
                            "it works only here and lasts an hour, renewed at /api/auth/refresh."
                        )
                    },
                    "resource": resources,
                    "searchParam": [
                        {
                            "name": "_count",
                            "type": "number",
                            "documentation": (
                                "Entries a searchset page holds (default 50, at most 500; 0: the "
                                "total only). Follow Bundle.link next / previous for other pages."
                            ),
                        }
                    ],
                    "operation": [
                        {
                            "name": "export",
                            "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
                            "documentation": EXPORT_NOTE,
                        },
                        {
                            "name": "discharge",
                            "definition": f"{base}/OperationDefinition/discharge",
                            "documentation": (
                                "POST a Bundle with a Patient, an Encounter (period.end = discharge) "
                                "and an active Consent (the person's words in Consent.text) to start a "
                                "hand-off to peer support. Clinicians only."
                            ),
                        },
                    ],
                }
            ],
        }
    )
