import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import CareTeamLink, ConsentEvent, Membership
from alongside.accounts.selectors import consent_allows, standing, user_for_token
from alongside.accounts.services import (
    end_care_team_link,
    grant_consent,
    issue_api_token,
    link_care_team,
    revoke_consent,
    set_roles,
    sign_up_member,
)
from alongside.accounts.tests.factories import ProgramFactory, person

pytestmark = pytest.mark.django_db


def test_sign_up_needs_only_a_pseudonym_and_a_password():
    program = ProgramFactory()
    user = sign_up_member(
        program=program, username="quiet-fern", password="a-Long-test-passphrase-42"
    )
    assert user.display_name == "quiet-fern"
    assert user.email == ""
    assert standing(user).roles == {Role.MEMBER}
    assert user.check_password("a-Long-test-passphrase-42")


def test_sign_up_refuses_a_weak_password_with_words_a_person_can_act_on():
    with pytest.raises(ValidationError) as error:
        sign_up_member(program=ProgramFactory(), username="quiet-fern", password="password")
    assert any("too common" in message for message in error.value.messages)


def test_a_person_may_hold_several_roles_in_one_program(world):
    set_roles(actor=world["admin"], person=world["member"], roles={Role.MEMBER, Role.SUPPORTER})
    world["member"].__dict__.pop("_alongside_standing", None)
    assert standing(world["member"]).roles == {Role.MEMBER, Role.SUPPORTER}


def test_only_an_admin_may_set_roles(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_roles(actor=world["supervisor"], person=world["member"], roles={Role.ADMIN})
    assert not Membership.objects.filter(user=world["member"], role=Role.ADMIN).exists()


def test_the_last_admin_cannot_remove_their_own_admin_role(world):
    with pytest.raises(ValidationError):
        set_roles(actor=world["admin"], person=world["admin"], roles={Role.MEMBER})
    assert Membership.objects.filter(user=world["admin"], role=Role.ADMIN).exists()


def test_consent_lets_the_grantee_see_until_it_is_revoked_and_the_ledger_keeps_both(world):
    member, clinician = world["member"], world["clinician"]
    assert not consent_allows(grantee=clinician, member=member, scope=ConsentScope.CHECK_INS)
    consent = grant_consent(member=member, grantee=clinician, scope=ConsentScope.CHECK_INS)
    assert consent_allows(grantee=clinician, member=member, scope=ConsentScope.CHECK_INS)
    assert not consent_allows(
        grantee=world["supporter"], member=member, scope=ConsentScope.CHECK_INS
    )

    revoke_consent(member=member, consent_id=consent.pk)

    assert not consent_allows(grantee=clinician, member=member, scope=ConsentScope.CHECK_INS)
    actions = list(ConsentEvent.objects.filter(consent=consent).values_list("action", flat=True))
    assert actions == ["granted", "revoked"]


def test_consent_ends_by_itself_at_its_expiry(world):
    from datetime import timedelta

    from django.utils import timezone

    consent = grant_consent(
        member=world["member"],
        grantee=world["clinician"],
        scope=ConsentScope.PLANS,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert consent_allows(
        grantee=world["clinician"], member=world["member"], scope=ConsentScope.PLANS
    )
    type(consent).objects.filter(pk=consent.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert not consent_allows(
        grantee=world["clinician"], member=world["member"], scope=ConsentScope.PLANS
    )


def test_sharing_all_plans_includes_the_crisis_plan_but_not_the_reverse(world):
    grant_consent(
        member=world["member"], grantee=world["clinician"], scope=ConsentScope.CRISIS_PLAN
    )
    assert consent_allows(
        grantee=world["clinician"], member=world["member"], scope=ConsentScope.CRISIS_PLAN
    )
    assert not consent_allows(
        grantee=world["clinician"], member=world["member"], scope=ConsentScope.PLANS
    )


def test_consent_can_only_go_to_someone_in_the_members_program(world):
    with pytest.raises(ValidationError):
        grant_consent(
            member=world["member"], grantee=world.foreign_member, scope=ConsentScope.CONTACT
        )


def test_a_member_cannot_revoke_someone_elses_consent(world):
    consent = grant_consent(
        member=world["member"], grantee=world["clinician"], scope=ConsentScope.NOTES
    )
    with pytest.raises(Http404):
        revoke_consent(member=world.other_member, consent_id=consent.pk)
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_an_api_token_is_stored_only_as_a_hash_and_finds_its_user(world):
    raw = issue_api_token(user=world["member"])
    assert user_for_token(raw) == world["member"]
    assert not world["member"].api_tokens.filter(key_hash=raw).exists()
    assert user_for_token(raw + "x") is None


def test_demo_staff_person_with_two_roles_times_out_like_staff(world):
    from alongside.accounts.choices import SHORT_SESSION_ROLES

    multi = person(world.program, Role.MEMBER, Role.SUPPORTER)
    assert standing(multi).roles & SHORT_SESSION_ROLES


def test_a_care_team_never_reaches_across_programs(world):
    with pytest.raises(ValidationError):
        link_care_team(
            program=world.program,
            member=world.foreign_member,
            staff=world["supporter"],
            role=Role.SUPPORTER,
        )
    assert not CareTeamLink.objects.filter(member=world.foreign_member).exists()


def test_ending_a_care_team_link_keeps_its_history(world):
    ended = end_care_team_link(member=world["member"], role=Role.SUPPORTER)
    assert ended == [world["supporter"].pk]
    link = CareTeamLink.objects.get(member=world["member"], staff=world["supporter"])
    assert link.ended_at is not None
    current = CareTeamLink.objects.current().filter(member=world["member"])
    assert list(current.values_list("role", flat=True)) == [Role.CLINICIAN]
