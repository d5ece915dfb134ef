import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Audience, ConsentScope, Role
from alongside.accounts.models import Consent, User
from alongside.accounts.services import grant_consent
from alongside.accounts.tests.factories import PASSWORD, ProgramFactory, person
from alongside.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_sign_up_creates_a_member_and_signs_them_in():
    ProgramFactory()
    response = Client().post(
        reverse("accounts:sign-up"),
        {"username": "steady-heron", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert User.objects.get(username="steady-heron").memberships.get().role == Role.MEMBER


def test_a_weak_password_is_explained_and_the_typed_pseudonym_is_kept():
    ProgramFactory()
    response = Client().post(
        reverse("accounts:sign-up"),
        {
            "username": "steady-heron",
            "email": "heron@example.org",
            "password": "12345678",
            "password_again": "12345678",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "too common" in page or "too short" in page
    assert 'value="steady-heron"' in page
    # the error is tied to its field for screen readers
    assert 'aria-describedby="id_password_helptext id_password_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="heron@example.org"' in page
    assert not User.objects.filter(username="steady-heron").exists()


def test_a_taken_pseudonym_is_refused_kindly(world):
    response = Client().post(
        reverse("accounts:sign-up"),
        {"username": "TEST-MEMBER", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert "Someone already uses that pseudonym" in response.content.decode()


def test_sign_in_with_the_right_password_goes_home(world):
    response = Client().post(
        reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_sign_in_refuses_an_outside_next_address(world):
    response = Client().post(
        reverse("accounts:sign-in"),
        {"username": "test-member", "password": PASSWORD, "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse("accounts:home")


def test_too_many_wrong_passwords_lock_the_account_even_for_the_right_one(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:sign-in"), {"username": "test-member", "password": "wrong-guess"}
        )
    response = client.post(
        reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "paused sign-in" in response.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "clinician", "admin"])
def test_staff_must_give_a_two_step_code_before_any_page(world, role):
    client = Client()
    client.post(reverse("accounts:sign-in"), {"username": f"test-{role}", "password": PASSWORD})
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))


def test_staff_without_a_device_are_sent_to_set_one_up(world):
    supervisor = world["supervisor"]
    supervisor.totpdevice_set.all().delete()
    client = Client()
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("accounts:people"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_a_correct_code_confirms_enrolment_and_opens_staff_pages(world):
    from django_otp.oath import TOTP

    supervisor = world["supervisor"]
    supervisor.totpdevice_set.all().delete()
    client = Client()
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("accounts:two-factor-setup"))
    device = supervisor.totpdevice_set.get()
    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    assert "did not match" in wrong.content.decode()
    code = f"{TOTP(device.bin_key).token():06d}"
    # A wrong code slows the next try down (django-otp throttling), so guessing is not practical.
    assert client.post(reverse("accounts:two-factor-setup"), {"code": code}).status_code == 200
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    assert client.post(reverse("accounts:two-factor-setup"), {"code": code}).status_code == 302
    assert client.get(reverse("accounts:people")).status_code == 200


def test_a_password_alone_cannot_replace_a_staff_members_device(world):
    supervisor = world["supervisor"]
    client = Client()
    client.post(reverse("accounts:sign-in"), {"username": "test-supervisor", "password": PASSWORD})
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert supervisor.totpdevice_set.filter(confirmed=False).count() == 0


def test_members_need_no_two_step_code(world):
    client = Client()
    client.post(reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD})
    assert client.get(reverse("accounts:home")).status_code == 200


@pytest.mark.parametrize(
    ("role", "timeout"),
    [
        ("member", settings.MEMBER_IDLE_TIMEOUT),
        ("supporter", settings.STAFF_IDLE_TIMEOUT),
        ("admin", settings.STAFF_IDLE_TIMEOUT),
    ],
)
def test_sessions_end_after_idling_and_sooner_for_staff(client_for, role, timeout):
    client = client_for(role)
    client.get(reverse("accounts:home"))
    assert client.session.get_expiry_age() == timeout


def test_a_program_can_set_a_shorter_member_timeout(world, client_for):
    world.program.member_idle_minutes = 5
    world.program.save()
    client = client_for("member")
    client.get(reverse("accounts:home"))
    assert client.session.get_expiry_age() == 300


def test_pages_carry_security_headers(client_for):
    response = client_for("member").get(reverse("accounts:home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"  # Back after quick exit must not show this page


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_quick_exit_ends_the_session(client_for):
    client = client_for("member")
    # shell.js sends it in the background, `quietly`: nothing to answer.
    assert client.post(reverse("accounts:quick-exit"), {"quietly": "1"}).status_code == 204
    assert (
        client.get(reverse("accounts:profile")).status_code == 302
    )  # "/" is public: the front page


def test_quick_exit_without_javascript_goes_on_to_the_programs_neutral_page(client_for, world):
    world.program.quick_exit_url = "https://weather.example/today"
    world.program.save(update_fields=["quick_exit_url"])
    client = client_for("member")
    response = client.post(reverse("accounts:quick-exit"))  # the form itself, submitted
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="0; url=https://weather.example/today">' in (
        response.content.decode()
    )
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out
    # Someone not signed in goes to the default neutral page.
    anonymous = Client().post(reverse("accounts:quick-exit")).content.decode()
    assert "url=https://www.google.com/search?q=weather" in anonymous


def test_quick_exit_shows_on_member_pages_and_not_on_staff_pages(client_for):
    assert b"data-quick-exit" in client_for("member").get(reverse("accounts:home")).content
    assert b"data-quick-exit" not in client_for("admin").get(reverse("accounts:home")).content


def test_profile_fields_start_visible_only_to_their_owner(client_for, world):
    page = client_for("member").get(reverse("accounts:profile")).content.decode()
    assert 'name="gender__audience"' in page
    assert world["member"].profile.audience("gender") == Audience.ONLY_ME


def test_saving_a_profile_keeps_each_fields_audience(client_for, world):
    data = {
        "display_name": "Robin",
        "email": "",
        "pronouns": "they/them",
        "languages": ["es"],
        "gender": "non-binary",
        "time_zone": "America/Chicago",
    }
    data |= {
        f"{f}__audience": Audience.ONLY_ME
        for f in (
            "pronouns",
            "languages",
            "lived_experience",
            "lived_experience_note",
            "age_range",
            "gender",
            "lgbtq",
            "race_ethnicity",
            "veteran",
            "faith",
            "time_zone",
        )
    }
    data["pronouns__audience"] = Audience.PROGRAM
    data["gender__audience"] = Audience.CARE_TEAM
    response = client_for("member").post(reverse("accounts:profile"), data)
    assert response.status_code == 302
    profile = User.objects.get(pk=world["member"].pk).profile
    assert (profile.pronouns, profile.languages, profile.gender) == (
        "they/them",
        ["es"],
        "non-binary",
    )
    assert profile.audience("pronouns") == Audience.PROGRAM
    assert profile.audience("gender") == Audience.CARE_TEAM
    assert profile.audience("faith") == Audience.ONLY_ME


def _share(world, **audiences):
    profile = world["member"].profile
    profile.pronouns, profile.gender, profile.faith = "they/them", "non-binary", "Quaker"
    profile.visibility = audiences
    profile.save()


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("supporter", {"they/them", "non-binary"}),  # on the care team: program + care-team fields
        ("admin", {"they/them"}),  # program staff who do not work with them: program only
    ],
)
def test_a_persons_page_shows_only_what_they_chose_to_share_with_the_viewer(
    world, client_for, viewer, sees
):
    _share(world, pronouns=Audience.PROGRAM, gender=Audience.CARE_TEAM, faith=Audience.ONLY_ME)
    page = (
        client_for(viewer)
        .get(reverse("accounts:person", args=[world["member"].pk]))
        .content.decode()
    )
    assert {value for value in ("they/them", "non-binary", "Quaker") if value in page} == sees


def test_reading_someone_elses_profile_is_audited_and_reading_your_own_is_not(world, client_for):
    client_for("supporter").get(reverse("accounts:person", args=[world["member"].pk]))
    client_for("member").get(reverse("accounts:person", args=[world["member"].pk]))
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.subject, entry.purpose) == (
        world["supporter"],
        world["member"],
        "Viewed profile",
    )
    assert entry.path == reverse("accounts:person", args=[world["member"].pk])


def test_contact_details_show_only_with_contact_consent_and_vanish_on_revocation(world, client_for):
    world["member"].email = "robin@example.org"
    world["member"].save()
    url = reverse("accounts:person", args=[world["member"].pk])
    assert b"robin@example.org" not in client_for("clinician").get(url).content
    consent = grant_consent(
        member=world["member"], grantee=world["clinician"], scope=ConsentScope.CONTACT
    )
    assert b"robin@example.org" in client_for("clinician").get(url).content
    client_for("member").post(reverse("accounts:consent-revoke", args=[consent.pk]))
    assert b"robin@example.org" not in client_for("clinician").get(url).content


def test_a_member_grants_consent_on_the_sharing_page(world, client_for):
    response = client_for("member").post(
        reverse("accounts:consent"),
        {
            "grantee": world["clinician"].pk,
            "scope": ConsentScope.CHECK_INS,
            "purpose": "for my appointments",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(member=world["member"], scope=ConsentScope.CHECK_INS)
    assert consent.grantee == world["clinician"]


def test_a_past_date_is_refused_and_the_form_keeps_what_was_chosen(world, client_for):
    response = client_for("member").post(
        reverse("accounts:consent"),
        {
            "grantee": world["clinician"].pk,
            "scope": ConsentScope.NOTES,
            "expires_on": "2001-01-01",
            "purpose": "my own words",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose today or a later date" in page
    assert "my own words" in page
    assert not Consent.objects.filter(member=world["member"], scope=ConsentScope.NOTES).exists()


def test_the_language_choice_is_remembered_on_the_account(world, client_for):
    client = client_for("member")
    response = client.post(reverse("accounts:set-language"), {"language": "es", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    world["member"].refresh_from_db()
    assert world["member"].language == "es"
    fresh = Client()
    signed_in = fresh.post(
        reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD}
    )
    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_admins_filter_the_access_log(world, client_for):
    client_for("supporter").get(reverse("accounts:person", args=[world["member"].pk]))
    client_for("clinician").get(reverse("accounts:person", args=[world.other_member.pk]))
    page = (
        client_for("admin").get(reverse("audit:log"), {"actor": "test-clinician"}).content.decode()
    )
    assert "test-other" in page
    assert "test-supporter" not in page


def test_healthz_names_the_database_and_channel_layer(db):
    body = json.loads(Client().get("/healthz").content)
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["channel_layer"] in {"memory", "redis"}


def test_admin_page_of_people_lists_each_persons_roles(world, client_for):
    page = client_for("admin").get(reverse("accounts:people")).content.decode()
    assert "test-member" in page and "Program administrator" in page


def test_admin_sets_roles_on_a_persons_page(world, client_for):
    client_for("admin").post(
        reverse("accounts:person-roles", args=[world.other_member.pk]),
        {"roles": ["member", "supporter"]},
    )
    assert set(world.other_member.memberships.values_list("role", flat=True)) == {
        "member",
        "supporter",
    }


def test_no_page_leaks_that_a_foreign_person_exists(world, client_for):
    assert (
        client_for("admin")
        .get(reverse("accounts:person", args=[world.foreign_member.pk]))
        .status_code
        == 404
    )
    person(world.foreign_program, Role.ADMIN)


def test_a_member_with_an_email_can_choose_a_new_password_by_link(world, mailoutbox):
    import re

    world["member"].email = "robin@example.org"
    world["member"].save()
    client = Client()
    response = client.post(reverse("accounts:password-reset"), {"email": "robin@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    link = re.search(r"https?://[^/]+(/account/password/reset/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "a-Different-passphrase-99"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("accounts:sign-in")
    world["member"].refresh_from_db()
    assert world["member"].check_password(new)


def test_an_unknown_email_gets_the_same_answer_and_no_mail(world, mailoutbox):
    response = Client().post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mailoutbox == []


def test_times_show_in_the_persons_own_time_zone(world, client_for):
    from alongside.accounts.services import grant_consent

    world["member"].profile.time_zone = "Pacific/Honolulu"
    world["member"].profile.save()
    consent = grant_consent(
        member=world["member"], grantee=world["clinician"], scope=ConsentScope.NOTES
    )
    page = client_for("member").get(reverse("accounts:consent")).content.decode()
    assert consent.created_at.tzinfo is not None
    assert (
        '-10:00"' in page
    )  # the ledger's <time datetime="…"> carries Honolulu's offset, not UTC's
    assert '+00:00"' not in page


def test_the_time_zone_list_keeps_the_chosen_zone_and_is_labelled(world, client_for):
    world["member"].profile.time_zone = "America/Puerto_Rico"
    world["member"].profile.save()
    page = client_for("member").get(reverse("accounts:profile")).content.decode()
    assert '<option value="America/Puerto_Rico" selected>America/Puerto Rico</option>' in page
    assert page.count(" selected>") >= 1
    assert '<label for="id_time_zone">' in page
    assert '<select name="time_zone" id="id_time_zone"' in page


def test_the_profile_leads_to_notifications_blocks_and_moderators_notices(client_for):
    page = client_for("member").get(reverse("accounts:profile")).content.decode()
    for name in ("conversations:notification-settings", "moderation:blocked", "moderation:notices"):
        assert f'href="{reverse(name)}"' in page


def test_an_admin_finds_every_program_setting_from_one_page(client_for):
    home = client_for("admin").get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("accounts:program-settings")}"' in home
    page = client_for("admin").get(reverse("accounts:program-settings")).content.decode()
    for name in (
        "safety:settings",
        "safety:on-call",
        "conversations:program-settings",
        "moderation:settings",
        "outcomes:schedules",
        "resources:manage",
        "resources:intake-links",
        "accounts:people",
        "audit:log",
    ):
        assert f'href="{reverse(name)}"' in page, name
    admin = client_for("admin")
    for name in ("safety:settings", "safety:on-call", "moderation:settings", "outcomes:schedules"):
        assert admin.get(reverse(name)).status_code == 200, name  # every link opens for an admin


def test_pages_say_which_time_zone_their_times_are_in(client_for, world):
    world["member"].profile.time_zone = "America/Chicago"
    world["member"].profile.save()
    page = client_for("member").get(reverse("accounts:home")).content.decode()
    assert "Times are shown in your time zone, America/Chicago." in page


def test_the_sharing_form_offers_the_members_own_care_team_first(client_for, world):
    page = client_for("member").get(reverse("accounts:consent")).content.decode()
    team, _, others = page.partition('<optgroup label="Others in your program">')
    assert '<optgroup label="Your peer supporter and care team">' in team
    assert f'value="{world["supporter"].pk}"' in team and f'value="{world["clinician"].pk}"' in team
    assert f'value="{world["supervisor"].pk}"' in others


def test_pages_for_people_not_signed_in_are_not_kept_in_a_cache_either(client):
    # After a quick exit, Back must not bring the sign-in page (with its ?next=) out of a cache.
    response = client.get("/account/sign-in/?next=/check-in/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
