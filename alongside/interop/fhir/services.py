"""Importing a hospital's discharge (a FHIR Bundle with Patient, Encounter and Consent) as a hand-off to
peer support, through `resources.services.send_hand_off`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import strip_tags
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError as ModelError

from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.resources import services as resources

Json = dict[str, Any]


class DischargeError(Exception):
    """A discharge Bundle we cannot take, naming the element at fault (a FHIRPath-like expression)."""

    def __init__(self, expression: str, message: str) -> None:
        super().__init__(message)
        self.expression = expression
        self.message = message


@dataclass(frozen=True)
class Discharge:
    hand_off_id: int
    pseudonym: str
    invite_path: str


# What send_hand_off calls a field, and where it came from in the Bundle.
EXPRESSIONS = {
    "pseudonym": "Patient.name",
    "discharge_on": "Encounter.period.end",
    "consent": "Consent.text",
    "partner_name": "Encounter.serviceProvider",
    "setting": "Encounter.class",
}
# Encounter.class (v3-ActCode) → where the person is leaving from.
SETTINGS = {"IMP": "hospital", "ACUTE": "hospital", "NONAC": "residential", "EMER": "hospital"}


def _one(resources: list[Json], kind: str) -> Json:
    found = [r for r in resources if r.get("resourceType") == kind]
    if len(found) != 1:
        raise DischargeError(f"Bundle.entry.resource.ofType({kind})", f"Send exactly one {kind}.")
    return found[0]


def _pseudonym(patient: Json) -> str:
    """Only the name the person chose to go by (use = nickname): Alongside never stores a legal name."""
    for name in patient.get("name", []):
        if name.get("use") == "nickname":
            chosen = (name.get("given") or [name.get("text", "")])[0]
            if chosen.strip():
                return str(chosen).strip()
    raise DischargeError(
        "Patient.name",
        "Send the name the person chose to go by here as a name with use 'nickname'; "
        "we never store a legal name.",
    )


def _discharge_on(encounter: Json) -> date:
    end = (encounter.get("period") or {}).get("end")
    if not end:
        raise DischargeError("Encounter.period.end", "Give the discharge date in period.end.")
    try:
        return date.fromisoformat(str(end)[:10])
    except ValueError:
        raise DischargeError("Encounter.period.end", "Give the date as YYYY-MM-DD.") from None


def _consent_text(consent: Json) -> str:
    if consent.get("status") != "active":
        raise DischargeError("Consent.status", "We only take a hand-off the person agreed to.")
    text = strip_tags((consent.get("text") or {}).get("div", "")).strip()
    if not text:
        raise DischargeError("Consent.text", "Write what the person agreed to in Consent.text.")
    return text


def _language(patient: Json) -> str:
    for item in patient.get("communication", []):
        for coding in (item.get("language") or {}).get("coding", []):
            code = str(coding.get("code", ""))[:2].lower()
            if code in ("en", "es"):
                return code
    return ""


def _contact(patient: Json) -> str:
    for telecom in patient.get("telecom", []):
        if telecom.get("system") in ("phone", "email", "sms") and telecom.get("value"):
            return str(telecom["value"])[:200]
    return ""


def import_discharge(*, sender: User, bundle: Any) -> Discharge:
    """Start a hand-off from a discharge Bundle sent by a clinician of the program. Raises
    DischargeError naming the element at fault; nothing is stored unless all of it is good."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise DischargeError("Bundle", "Send a FHIR Bundle (resourceType 'Bundle').")
    try:
        Bundle.model_validate(bundle)  # R4B: the shape of every resource in it
    except ModelError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "Bundle"
        raise DischargeError(f"Bundle.{where}", first["msg"]) from None
    entries = [e.get("resource") or {} for e in bundle.get("entry", [])]
    patient, encounter, consent = (_one(entries, k) for k in ("Patient", "Encounter", "Consent"))
    class_code = str((encounter.get("class") or {}).get("code", "IMP"))
    program = standing(sender).program
    if program is None:
        raise PermissionDenied
    provider = (encounter.get("serviceProvider") or {}).get("display", "")
    pseudonym = _pseudonym(patient)
    try:
        hand_off, invite = resources.send_hand_off(
            program=program,
            sender=sender,
            partner_name=", ".join(p for p in (sender.display_name, provider) if p),
            pseudonym=pseudonym,
            contact=_contact(patient),
            setting=SETTINGS.get(class_code, "hospital"),
            discharge_on=_discharge_on(encounter),
            needs=[],
            consent_given=True,
            consent_text=_consent_text(consent),
            preferred_language=_language(patient),
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DischargeError(EXPRESSIONS.get(field, field), " ".join(messages)) from None
    return Discharge(hand_off_id=hand_off.pk, pseudonym=pseudonym, invite_path=invite)
