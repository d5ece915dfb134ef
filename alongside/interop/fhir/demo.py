"""Demo data for fhir (synthetic people only): Robin (demo-member) shares their health record,
check-ins and session notes with Dr. Casey (demo-clinician), who already sees Robin's crisis plan, so
the FHIR endpoint has something to serve (docs/interop-fhir.md)."""

from __future__ import annotations

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Program, User
from alongside.accounts.services import grant_consent


def load(program: Program) -> None:
    """Add this app's part of the demo program."""
    member = User.objects.get(username="demo-member")
    clinician = User.objects.get(username="demo-clinician")
    grant_consent(
        member=member,
        grantee=clinician,
        scope=ConsentScope.HEALTH_RECORD,
        purpose="So the clinic's record shows my plan and how I am doing.",
    )
    grant_consent(
        member=member,
        grantee=clinician,
        scope=ConsentScope.CHECK_INS,
        purpose="So Dr. Casey can see how I have been doing.",
    )
    grant_consent(
        member=member,
        grantee=clinician,
        scope=ConsentScope.NOTES,
        purpose="So the clinic knows what my peer and I worked on.",
    )
