"""Helpers for plan tests: consent given the way the sharing page gives it."""

from alongside.accounts.choices import ConsentScope
from alongside.accounts.services import grant_consent


def share(member, grantee, scope=ConsentScope.PLANS, **kwargs):
    return grant_consent(member=member, grantee=grantee, scope=scope, **kwargs)


WRAP_WORDS = {
    "toolbox.tools": "A walk by the river.\nMy sister's voice.",
    "crisis.when_well": "I laugh easily and cook for friends.",
    "crisis.supporters": "Sam (sister) 555-0134\nDr. Lee 555 0199",
}
