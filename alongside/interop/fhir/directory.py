"""The program and its resource directory as FHIR R4: the program as an `Organization`, its peer support
as a `HealthcareService`, and each directory entry as a `HealthcareService` at a `Location`. No one's
record is in them: any FHIR token of the program's staff reads them, and a referral (`ServiceRequest`)
names its entry as `performer`, as the SDOH Clinical Care referral workflow does.

Ids are the HSDS ids (`resources.interchange`): the organization is the program's HSDS publisher, an
entry's HealthcareService is its HSDS service and its Location its HSDS location, so a partner that
reads both standards sees the same things under the same names.
"""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import Program
from alongside.resources.hours import DAYS
from alongside.resources.interchange import Publisher
from alongside.resources.interchange.hsds import derived
from alongside.resources.models import Resource

from .mapping import Json, _ref, checked

URN_UUID = "urn:ietf:rfc:3986"  # an identifier whose value is a urn:uuid:
PEER_SUPPORT_TYPE = {
    "coding": [
        {
            "system": "http://nucc.org/provider-taxonomy",
            "code": "175T00000X",
            "display": "Peer Specialist",
        }
    ],
    "text": "Peer support",
}


def peer_support_id(program: Program) -> str:
    return derived(Publisher.of(program).id, "fhir", "peer-support")


def location_id(resource: Resource) -> str:
    return derived(str(resource.uuid), "location")  # the HSDS location's id


def organization(program: Program) -> Json:
    publisher = Publisher.of(program)
    return checked(
        {
            "resourceType": "Organization",
            "id": publisher.id,
            "identifier": [{"system": URN_UUID, "value": f"urn:uuid:{publisher.id}"}],
            "active": True,
            "name": publisher.name,
        }
    )


def peer_support(program: Program) -> Json:
    """The program's own service: peer support."""
    publisher = Publisher.of(program)
    return checked(
        {
            "resourceType": "HealthcareService",
            "id": peer_support_id(program),
            "active": True,
            "providedBy": _ref("Organization", publisher.id, publisher.name),
            "type": [PEER_SUPPORT_TYPE],
            "name": f"{program.name}: peer support",
            "comment": "One-to-one and group support from people with lived experience.",
        }
    )


def _times(resource: Resource) -> list[Json]:
    """Weekly hours as availableTime; an interval past midnight is split at midnight."""
    found: list[Json] = []
    for index, day in enumerate(DAYS):
        for opens, closes in resource.hours.get(day, []):
            if closes > opens:
                found.append(_time(day, opens, closes))
            else:
                found.append(_time(day, opens, "23:59:59"))
                if closes != "00:00":
                    found.append(_time(DAYS[(index + 1) % 7], "00:00", closes))
    return found


def _time(day: str, opens: str, closes: str) -> Json:
    return {
        "daysOfWeek": [day],
        "availableStartTime": opens if opens.count(":") == 2 else f"{opens}:00",
        "availableEndTime": closes if closes.count(":") == 2 else f"{closes}:00",
    }


def _has_place(resource: Resource) -> bool:
    return bool(resource.address or resource.city or resource.postcode) or (
        resource.latitude is not None and resource.longitude is not None
    )


def healthcare_service(resource: Resource, program: Program) -> Json:
    """A directory entry: what it is for, its phone, web site, hours (in its own time zone), place."""
    publisher = Publisher.of(program)
    kept_organization = (resource.hsds or {}).get("organization") or {}
    if kept_organization.get("name"):  # an imported service names its own provider
        provider: Json = {"display": str(kept_organization["name"])}
    else:
        provider = _ref("Organization", publisher.id, publisher.name)
    found: Json = {
        "resourceType": "HealthcareService",
        "id": str(resource.uuid),
        "identifier": [{"system": URN_UUID, "value": f"urn:uuid:{resource.uuid}"}],
        "active": True,
        "providedBy": provider,
        "category": [{"text": label} for label in resource.need_labels()],
        "name": resource.name,
    }
    if resource.description:
        found["comment"] = resource.description
    if _has_place(resource):
        found["location"] = [_ref("Location", location_id(resource), resource.name)]
    telecom = []
    if resource.phone:
        telecom.append({"system": "phone", "value": resource.phone})
    if resource.website:
        telecom.append({"system": "url", "value": resource.website})
    if telecom:
        found["telecom"] = telecom
    if resource.eligibility:
        found["eligibility"] = [{"comment": resource.eligibility}]
    if resource.language_codes:
        found["communication"] = [
            {"coding": [{"system": "urn:ietf:bcp:47", "code": code}]}
            for code in resource.language_codes
        ]
    if times := _times(resource):
        found["availableTime"] = times
        found["availabilityExceptions"] = f"Times are local time in {resource.time_zone}."
    if resource.cost_note:
        found["extraDetails"] = resource.cost_note
    return checked(found)


def location(resource: Resource, program: Program) -> Json | None:
    """Where a directory entry is, when the directory knows (else None)."""
    if not _has_place(resource):
        return None
    found: Json = {
        "resourceType": "Location",
        "id": location_id(resource),
        "status": "active",
        "name": resource.name,
        "mode": "instance",
    }
    address: dict[str, Any] = {}
    if resource.address:
        address["line"] = [resource.address]
    if resource.city:
        address["city"] = resource.city
    if resource.postcode:
        address["postalCode"] = resource.postcode
    if address:
        found["address"] = address
    if resource.latitude is not None and resource.longitude is not None:
        found["position"] = {"latitude": resource.latitude, "longitude": resource.longitude}
    if resource.phone:
        found["telecom"] = [{"system": "phone", "value": resource.phone}]
    if resource.how_to_get_there or resource.accessibility:
        found["description"] = " ".join(
            part for part in (resource.how_to_get_there, resource.accessibility) if part
        )
    if not (resource.hsds or {}).get("organization"):
        publisher = Publisher.of(program)
        found["managingOrganization"] = _ref("Organization", publisher.id, publisher.name)
    return checked(found)
