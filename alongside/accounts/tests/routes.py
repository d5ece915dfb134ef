"""Who may use each accounts route (see alongside.common.testing.routes)."""

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.common.testing.routes import ANONYMOUS, Route, anyone, roles, signed_in


def _person_id(world, viewer, whose):
    if whose == "own":
        return {"person_id": world[viewer].pk if viewer != ANONYMOUS else world.other_member.pk}
    if whose == "other":
        return {"person_id": world.other_member.pk}
    return {"person_id": world.foreign_member.pk}


def _consent_id(world, viewer, whose):
    owner = {
        "own": world[viewer] if viewer == "member" else world["member"],
        "other": world.other_member,
        "foreign": world.foreign_member,
    }[whose]
    program = world.foreign_program if whose == "foreign" else world.program
    consent = Consent.objects.create(
        program=program, member=owner, grantee=world["supporter"], scope=ConsentScope.CONTACT
    )
    return {"consent_id": consent.pk}


def _api_sign_in_id(world, viewer, whose):
    from alongside.accounts.models import ApiToken
    from alongside.accounts.services import issue_api_token

    owner = {
        "own": world[viewer] if viewer != ANONYMOUS else world.other_member,
        "other": world.other_member,
        "foreign": world.foreign_member,
    }[whose]
    issue_api_token(user=owner)
    return {"token_id": ApiToken.objects.filter(user=owner).latest("pk").pk}


def _own_sign_in(viewer, whose):
    return viewer != ANONYMOUS and whose == "own"


def _same_program(allowed_roles):
    def rule(viewer, whose):
        return viewer in allowed_roles and whose != "foreign"

    return rule


def _program_choice(world, viewer, whose):
    # "own" and "other": the viewer's own program (a program has no owner among its people); "foreign":
    # a program they are not in.
    return {"program": (world.foreign_program if whose == "foreign" else world.program).pk}


def _own_program(viewer, whose):
    return viewer != ANONYMOUS and whose != "foreign"


def _own_consent(viewer, whose):
    return viewer == "member" and whose == "own"


ROUTES = [
    Route("accounts:home", anyone),  # signed out: the program's public front page
    Route("accounts:sign-up", anyone),
    Route("accounts:sign-in", anyone),
    Route("accounts:sign-out", anyone, method="POST", ok=frozenset({302})),
    Route("accounts:quick-exit", anyone, method="POST", ok=frozenset({200})),
    Route("accounts:password-change", signed_in),
    Route("accounts:profile", signed_in),
    Route(
        "accounts:api-sign-in-end",
        _own_sign_in,
        method="POST",
        object_scoped=True,
        kwargs=_api_sign_in_id,
        ok=frozenset({302}),
    ),
    Route("accounts:password-reset", anyone),
    Route("accounts:password-reset-sent", anyone),
    Route(
        "accounts:password-reset-confirm",
        anyone,
        kwargs=lambda w, v, o: {"uidb64": "MQ", "token": "not-a-token"},
        notes="an invalid link shows a kind page offering a new one",
    ),
    Route("accounts:consent", roles("member")),
    Route("accounts:consent-research", roles("member"), method="POST", ok=frozenset({302})),
    Route(
        "accounts:consent-revoke",
        _own_consent,
        method="POST",
        object_scoped=True,
        kwargs=_consent_id,
        ok=frozenset({302}),
    ),
    Route("accounts:two-factor-setup", signed_in),
    Route(
        "accounts:two-factor-verify",
        signed_in,
        ok=frozenset({200, 302}),
        notes="people with no device are sent on to setup",
    ),
    Route(
        "accounts:set-language",
        anyone,
        method="POST",
        data=lambda w, v, o: {"language": "es"},
        ok=frozenset({302}),
    ),
    Route(
        "accounts:choose-program",
        _own_program,
        method="POST",
        object_scoped=True,
        data=_program_choice,
        ok=frozenset({302}),
        notes="a program the person is not in answers 404 and changes nothing",
    ),
    Route("accounts:program-settings", roles("admin")),
    Route("accounts:front-page-settings", roles("admin")),
    Route("accounts:people", roles("admin", "supervisor")),
    Route(
        "accounts:person",
        _same_program(("member", "supporter", "supervisor", "clinician", "admin")),
        object_scoped=True,
        kwargs=_person_id,
    ),
    Route(
        "accounts:person-roles",
        _same_program(("admin",)),
        method="POST",
        object_scoped=True,
        kwargs=_person_id,
        data=lambda w, v, o: {"roles": ["member"]},
        ok=frozenset({302}),
    ),
    Route(
        "/api/auth/token",
        anyone,
        method="POST",
        is_api=True,
        ok=frozenset({200, 401}),
        notes="open to all; answers 401 for wrong credentials",
        data=lambda w, v, o: {"username": "nobody", "password": "wrong"},
    ),
    Route(
        "/api/auth/refresh",
        anyone,
        method="POST",
        is_api=True,
        ok=frozenset({200, 401}),
        notes="open to all; answers 401 for a refresh token that has ended",
        data=lambda w, v, o: {"refresh_token": "not-a-refresh-token"},
    ),
    Route("/api/me", signed_in, is_api=True),
]
