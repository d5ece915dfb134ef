"""Resources services: referrals and their reminders, intake links, hand-offs, contact and the day-3
alert, the follow-up clock."""

import zoneinfo
from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import ConsentEvent
from alongside.accounts.tests.factories import person
from alongside.conversations.services import send_message
from alongside.matching.models import RequestStatus
from alongside.matching.services import assign_by_hand, save_supporter_profile
from alongside.notifications.models import HeldEmail
from alongside.notifications.testing import REFUSING, allow_email
from alongside.resources import selectors, services
from alongside.resources.models import HandOff, Referral, ReferralStatus
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.django_db
NY = zoneinfo.ZoneInfo("America/New_York")


def _today(world):
    return services.today_in(world.program)


def _hand_off(world, **overrides):
    fields = {
        "program": world.program,
        "sender": world["clinician"],
        "partner_name": "Sam, St. Elsewhere social work",
        "pseudonym": f"river-{uuid4().hex[:6]}",
        "contact": "555-0100",
        "setting": "hospital",
        "discharge_on": _today(world),
        "needs": ["housing", "food"],
        "consent_given": True,
        "consent_text": "Agreed to be contacted by a peer supporter.",
        "preferred_language": "es",
        "peer_preferences": "Someone who has been in hospital too.",
    }
    fields.update(overrides)
    return services.send_hand_off(**fields)


# --- referrals -------------------------------------------------------------------------------------


def test_a_member_refers_themself_and_a_supporter_refers_someone_they_work_with(world):
    place = resource(world.program)
    mine = services.make_referral(
        actor=world["member"],
        member=world["member"],
        resource=place,
        need="food",
        follow_up_on=_today(world),
    )
    theirs = services.make_referral(
        actor=world["supporter"],
        member=world["member"],
        resource=place,
        need="food",
        follow_up_on=_today(world) + timedelta(days=3),
        agreed="Call on Monday.",
    )
    assert (mine.made_by, theirs.made_by) == (world["member"], world["supporter"])
    assert theirs.status == ReferralStatus.MADE


def test_nobody_refers_a_member_they_do_not_work_with(world):
    place = resource(world.program)
    with pytest.raises(PermissionDenied):
        services.make_referral(
            actor=world["supporter"],
            member=world.other_member,
            resource=place,
            need="food",
            follow_up_on=_today(world),
        )
    with pytest.raises(PermissionDenied):
        services.make_referral(
            actor=world["member"],
            member=world["member"],
            resource=resource(world.foreign_program),
            need="food",
            follow_up_on=_today(world),
        )


def test_a_referral_needs_a_known_need_and_a_date_not_in_the_past(world):
    place = resource(world.program)
    with pytest.raises(ValidationError) as error:
        services.make_referral(
            actor=world["member"],
            member=world["member"],
            resource=place,
            need="nope",
            follow_up_on=_today(world),
        )
    assert "need" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.make_referral(
            actor=world["member"],
            member=world["member"],
            resource=place,
            need="food",
            follow_up_on=_today(world) - timedelta(days=1),
        )
    assert "follow_up_on" in error.value.message_dict


def test_status_moves_made_contacted_connected_and_not_connected_needs_why(world):
    referral = services.make_referral(
        actor=world["member"],
        member=world["member"],
        resource=resource(world.program),
        need="food",
        follow_up_on=_today(world),
    )
    contacted = services.update_referral(
        actor=world["supporter"], referral_id=referral.pk, status="contacted"
    )
    assert contacted.contacted_at is not None and contacted.closed_at is None
    with pytest.raises(ValidationError) as error:
        services.update_referral(
            actor=world["member"], referral_id=referral.pk, status="not_connected"
        )
    assert "why_not" in error.value.message_dict
    connected = services.update_referral(
        actor=world["member"], referral_id=referral.pk, status="connected"
    )
    assert connected.status == ReferralStatus.CONNECTED and connected.connected_at
    with pytest.raises(Http404):
        services.update_referral(actor=world["admin"], referral_id=referral.pk, status="contacted")


def test_the_reminder_fires_on_the_follow_up_date_and_only_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        later = services.make_referral(
            actor=world["member"],
            member=world["member"],
            resource=resource(world.program),
            need="food",
            follow_up_on=_today(world) + timedelta(days=2),
        )
    later.refresh_from_db()
    assert later.reminded_on is None  # the immediate backend ran the task: too early, nothing yet
    day = later.follow_up_on
    assert services.remind_about_referral(referral_id=later.pk, today=day) is True
    assert services.remind_about_referral(referral_id=later.pk, today=day) is False
    later.refresh_from_db()
    assert later.reminded_on == day


def test_a_reminder_on_the_day_itself_is_recorded_at_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        today = services.make_referral(
            actor=world["member"],
            member=world["member"],
            resource=resource(world.program),
            need="food",
            follow_up_on=_today(world),
        )
    today.refresh_from_db()
    assert today.reminded_on == _today(world)


def test_rollup_counts_connections_and_median_days_per_need_and_resource(world):
    food, housing = resource(world.program, name="Pantry"), resource(world.program, name="Shelter")
    made = []
    for place, need in [(food, "food"), (food, "food"), (housing, "housing")]:
        made.append(
            services.make_referral(
                actor=world["member"],
                member=world["member"],
                resource=place,
                need=need,
                follow_up_on=_today(world),
            )
        )
    services.update_referral(actor=world["member"], referral_id=made[0].pk, status="connected")
    Referral.objects.filter(pk=made[0].pk).update(created_at=made[0].created_at - timedelta(days=4))
    services.update_referral(
        actor=world["member"], referral_id=made[2].pk, status="not_connected", why_not="Full."
    )
    by_need, by_resource = selectors.rollup(world.program)
    food_row = next(r for r in by_need if r.key == "food")
    assert (food_row.made, food_row.connected, food_row.median_days) == (2, 1, 4.0)
    shelter = next(r for r in by_resource if r.label == "Shelter")
    assert (shelter.made, shelter.connected, shelter.not_connected) == (1, 0, 1)


# --- intake links and hand-offs --------------------------------------------------------------------


def test_a_hand_off_creates_the_member_records_consent_and_joins_the_queue_as_a_transition(world):
    hand_off, invite = _hand_off(world)
    member = hand_off.member
    assert not member.has_usable_password() and invite.startswith("/welcome/")
    assert member.memberships.get().role == Role.MEMBER
    request = hand_off.support_request
    assert request.status == RequestStatus.WAITING and request.topics == ["hospital"]
    assert request.languages == ["es"] and request.hand_off == hand_off
    event = ConsentEvent.objects.get(consent__member=member)
    assert event.details["via"] == "hand-off" and event.consent.grantee == world["clinician"]
    assert hand_off.need_codes == ["food", "housing"]


def test_a_hand_off_without_consent_is_refused_with_the_field_named(world):
    with pytest.raises(ValidationError) as error:
        _hand_off(world, consent_given=False, pseudonym="")
    assert {"consent", "pseudonym"} <= set(error.value.message_dict)
    assert not HandOff.objects.exists()


def test_only_a_clinician_or_a_usable_link_sends_a_hand_off(world):
    with pytest.raises(PermissionDenied):
        _hand_off(world, sender=world["supporter"])
    link = services.create_intake_link(actor=world["admin"], label="County jail re-entry")
    hand_off, _ = _hand_off(world, sender=None, link=link, setting="jail")
    assert hand_off.intake_link == link and hand_off.support_request.topics == ["justice"]
    assert selectors.intake_link_for(services.intake_token(link)) == link
    services.revoke_intake_link(actor=world["admin"], link_id=link.pk)
    with pytest.raises(Http404):
        selectors.intake_link_for(services.intake_token(link))
    with pytest.raises(Http404):
        selectors.intake_link_for("forged-token")


def test_an_expired_link_is_refused(world):
    link = services.create_intake_link(actor=world["admin"], label="Hospital", days=1)
    link.expires_at = link.created_at - timedelta(seconds=1)
    link.save()
    with pytest.raises(Http404):
        selectors.intake_link_for(services.intake_token(link))


def _match(world, hand_off):
    save_supporter_profile(supporter=world["supporter"], languages=["es", "en"], capacity=10)
    return assign_by_hand(
        supervisor=world["supervisor"],
        request_id=hand_off.support_request_id,
        supporter_id=world["supporter"].pk,
    )


def test_first_contact_is_the_peers_first_message_and_the_clock_counts_days(world):
    discharge = _today(world) - timedelta(days=5)
    hand_off, _ = _hand_off(world, discharge_on=discharge)
    conversation = _match(world, hand_off)
    clock = selectors.access_hand_off(world["supervisor"], hand_off.pk)
    assert clock.first_contact_at is None and clock.needs_alert and clock.within_7 is None
    send_message(conversation=conversation, sender=hand_off.member, client_id=uuid4(), body="hi")
    assert (
        selectors.first_contacts([hand_off])[hand_off.pk] is None
    )  # the member's words don't count
    message = send_message(
        conversation=conversation, sender=world["supporter"], client_id=uuid4(), body="Hello!"
    )
    clock = selectors.access_hand_off(world["supervisor"], hand_off.pk)
    assert clock.first_contact_at == message.created_at
    assert (clock.days_to_contact, clock.within_7, clock.within_30) == (5, True, True)
    assert not clock.needs_alert


def test_contact_on_the_discharge_day_does_not_count_and_late_contact_misses_7_days(world):
    same_day, _ = _hand_off(world)
    services.record_contact(actor=world["supervisor"], hand_off_id=same_day.pk)
    clock = selectors.access_hand_off(world["supervisor"], same_day.pk)
    assert (clock.days_to_contact, clock.within_7, clock.within_30) == (0, False, False)
    late, _ = _hand_off(world, discharge_on=_today(world) - timedelta(days=10))
    services.record_contact(actor=world["supervisor"], hand_off_id=late.pk)
    clock = selectors.access_hand_off(world["supervisor"], late.pk)
    assert (clock.days_to_contact, clock.within_7, clock.within_30) == (10, False, True)
    figures = selectors.hand_offs_for(world["supervisor"])
    assert (figures.rate_7, figures.rate_30) == (0, 50)


def test_the_day_three_alert_fires_only_without_contact_and_only_from_day_three(world, mailoutbox):
    allow_email(world["supervisor"], "alex@example.org")
    discharge = _today(world) - timedelta(days=1)
    hand_off, _ = _hand_off(world, discharge_on=discharge)
    morning = services.morning_of(world.program, discharge + timedelta(days=3))
    assert (
        services.alert_if_no_contact(hand_off_id=hand_off.pk, now=morning - timedelta(minutes=1))
        is False
    )
    assert services.alert_if_no_contact(hand_off_id=hand_off.pk, now=morning) is True
    assert services.alert_if_no_contact(hand_off_id=hand_off.pk, now=morning) is False  # once
    (email,) = mailoutbox
    assert email.to == ["alex@example.org"] and hand_off.member.username not in email.body
    reached, _ = _hand_off(world, discharge_on=discharge)
    services.record_contact(actor=world["supervisor"], hand_off_id=reached.pk)
    assert services.alert_if_no_contact(hand_off_id=reached.pk, now=morning) is False


def test_a_supporter_records_contact_only_for_someone_they_work_with(world):
    hand_off, _ = _hand_off(world)
    with pytest.raises(Http404):
        services.record_contact(actor=world["supporter"], hand_off_id=hand_off.pk)
    _match(world, hand_off)
    at = datetime(2026, 1, 5, 10, tzinfo=NY)
    assert (
        services.record_contact(
            actor=world["supporter"], hand_off_id=hand_off.pk, at=at
        ).recorded_contact_at
        == at
    )


def test_the_welcome_shows_the_peer_when_to_talk_and_what_is_lined_up(world):
    hand_off, _ = _hand_off(world)
    welcome = selectors.welcome_for(hand_off.member)
    assert welcome.peer is None and welcome.talk_by == hand_off.discharge_on + timedelta(days=2)
    conversation = _match(world, hand_off)
    services.make_referral(
        actor=world["supporter"],
        member=hand_off.member,
        resource=resource(world.program),
        need="housing",
        follow_up_on=_today(world),
    )
    welcome = selectors.welcome_for(hand_off.member)
    assert welcome.peer == world["supporter"] and welcome.conversation_id == conversation.pk
    assert [r.need for r in welcome.referrals] == ["housing"]


def test_who_sees_a_hand_off(world):
    hand_off, _ = _hand_off(world)
    for role in ("supervisor", "admin", "clinician"):
        assert selectors.access_hand_off(world[role], hand_off.pk).hand_off == hand_off
    for viewer in (
        world["supporter"],
        world["member"],
        world.foreign_member,
        person(world.program, Role.CLINICIAN),
    ):
        with pytest.raises(Http404):
            selectors.access_hand_off(viewer, hand_off.pk)


def test_the_reminder_emails_a_member_who_gave_an_address_without_naming_the_place(
    world, mailoutbox
):
    member = world["member"]
    member.email, member.language = "robin@example.org", "es"
    member.save()
    allow_email(member)
    referral = services.make_referral(
        actor=world["supporter"], member=member, resource=resource(world.program, name="Pantry"),
        need="food", follow_up_on=_today(world) + timedelta(days=1),
    )  # fmt: skip
    assert services.remind_about_referral(referral_id=referral.pk, today=referral.follow_up_on)
    (email,) = mailoutbox
    assert email.to == ["robin@example.org"] and "Pantry" not in email.body
    assert "Hola" in email.body  # in the member's language


def test_a_peer_sees_the_hand_offs_of_the_people_they_work_with(world):
    hand_off, _ = _hand_off(world)
    assert selectors.hand_offs_for(world["supporter"]).clocks == []
    _match(world, hand_off)
    assert [c.hand_off for c in selectors.hand_offs_for(world["supporter"]).clocks] == [hand_off]
    assert selectors.access_hand_off(world["supporter"], hand_off.pk).hand_off == hand_off


def test_a_person_handed_off_again_gets_a_fresh_clock(world):
    first, _ = _hand_off(world, discharge_on=_today(world) - timedelta(days=20))
    conversation = _match(world, first)
    send_message(conversation=conversation, sender=world["supporter"], client_id=uuid4(), body="Hi")
    again = HandOff.objects.create(
        program=world.program, member=first.member, sent_by=world["clinician"],
        partner_name="Sam", setting="hospital", discharge_on=_today(world) - timedelta(days=4),
        consent_text="Agreed again.",
    )  # fmt: skip
    contacts = selectors.first_contacts([first, again])
    assert contacts[first.pk] is not None and contacts[again.pk] is None
    clock = selectors.access_hand_off(world["supervisor"], again.pk)
    assert clock.needs_alert and clock.days_since_discharge == 4


def _referral_due_today(world):
    return services.make_referral(
        actor=world["supporter"], member=world["member"], resource=resource(world.program),
        need="food", follow_up_on=_today(world),
    )  # fmt: skip


def test_a_member_with_email_off_gets_no_referral_email(world, mailoutbox):
    world["member"].email = "robin@example.org"
    world["member"].save()
    referral = _referral_due_today(world)
    assert services.remind_about_referral(referral_id=referral.pk)
    assert mailoutbox == []


def test_a_referral_reminder_in_quiet_hours_waits_for_them_to_end(world, mailoutbox):
    allow_email(world["member"], "robin@example.org", quiet_at=timezone.now())
    referral = _referral_due_today(world)
    assert services.remind_about_referral(referral_id=referral.pk)
    assert mailoutbox == [] and HeldEmail.objects.get().recipient == world["member"]


def test_supervisors_with_email_off_get_no_hand_off_email(world, mailoutbox):
    world["supervisor"].email = "alex@example.org"
    world["supervisor"].save()
    discharge = _today(world) - timedelta(days=3)
    hand_off, _ = _hand_off(world, discharge_on=discharge)
    morning = services.morning_of(world.program, _today(world))
    assert services.alert_if_no_contact(hand_off_id=hand_off.pk, now=max(morning, timezone.now()))
    assert mailoutbox == []


def test_a_failing_mail_server_does_not_stop_the_day_three_alert(world, mailoutbox, settings):
    allow_email(world["supervisor"], "alex@example.org")
    hand_off, _ = _hand_off(world, discharge_on=_today(world) - timedelta(days=3))
    settings.EMAIL_BACKEND = REFUSING
    now = max(services.morning_of(world.program, _today(world)), timezone.now())
    assert services.alert_if_no_contact(hand_off_id=hand_off.pk, now=now) is True
    assert HandOff.objects.get(pk=hand_off.pk).no_contact_alert_at == now
    assert HeldEmail.objects.get().attempts == 1  # tried again later
