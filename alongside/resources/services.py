"""Every change in resources: the directory and its imports, referrals and their reminders, intake
links, hand-offs from hospital or jail, recorded contacts and the day-3 alert.

Imports are all-or-nothing: rows are checked a chunk at a time (the admin page shows progress between
chunks) and written in one transaction only when no row has a problem.
"""

from __future__ import annotations

import secrets
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from alongside.accounts.choices import ConsentScope, Role, Topic
from alongside.accounts.models import Consent, ConsentEvent, Program, User
from alongside.accounts.selectors import care_team_of, standing, today_in, works_with
from alongside.accounts.services import create_person, link_care_team
from alongside.matching.models import Trait, Urgency, Want
from alongside.matching.services import submit_request
from alongside.notifications.services import email_person

from . import interchange
from .hours import clean_hours
from .models import (
    DirectorySettings,
    HandOff,
    HospitalStay,
    ImportJob,
    ImportStatus,
    IntakeLink,
    Need,
    Referral,
    ReferralStatus,
    Resource,
    Setting,
    pack,
)
from .selectors import stay_program

INTAKE_SALT = "alongside.resources.intake-link"
CHUNK = 250  # rows checked per step of an import
RESOURCE_FIELDS = (
    "name", "description", "needs", "address", "city", "postcode", "latitude", "longitude",
    "time_zone", "hours", "languages", "cost", "cost_note", "eligibility", "accessibility",
    "how_to_get_there", "phone", "website", "last_verified_on",
)  # fmt: skip


def _admin_program(actor: User) -> Program:
    found = standing(actor)
    if found.program is None or not found.has(Role.ADMIN):
        raise PermissionDenied
    return found.program


def morning_of(program: Program, day: date) -> datetime:
    """9 a.m. in the program's time zone: when reminders and alerts for `day` go out."""
    return datetime.combine(day, time(9), tzinfo=zoneinfo.ZoneInfo(program.time_zone))


# --- the directory ---------------------------------------------------------------------------------


@transaction.atomic
def save_resource(*, actor: User, resource_id: int | None = None, **fields: Any) -> Resource:
    """Create or change a directory entry (admins only). `needs`/`languages` are lists of codes."""
    program = _admin_program(actor)
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name in ("needs", "languages"):
        if isinstance(fields.get(name), list):
            fields[name] = pack(fields[name])
    if "hours" in fields:
        try:
            fields["hours"] = clean_hours(fields["hours"])
        except ValueError as error:
            raise ValidationError({"hours": str(error)}) from error
    if resource_id is None:
        return Resource.objects.create(
            program=program, external_id=f"r-{secrets.token_hex(6)}", **fields
        )
    resource = Resource.objects.filter(pk=resource_id, program=program).first()
    if resource is None:
        raise Http404
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.save()
    return resource


@transaction.atomic
def mark_verified(*, actor: User, resource_id: int) -> Resource:
    """The admin checked the entry today."""
    program = _admin_program(actor)
    resource = Resource.objects.filter(pk=resource_id, program=program).first()
    if resource is None:
        raise Http404
    resource.last_verified_on = today_in(program)
    resource.save(update_fields=["last_verified_on", "updated_at"])
    return resource


def set_stale_after(*, actor: User, days: int) -> DirectorySettings:
    program = _admin_program(actor)
    if not 1 <= days <= 3650:
        raise ValidationError({"stale_after_days": _("Choose from 1 to 3650 days.")})
    found, _created = DirectorySettings.objects.update_or_create(
        program=program, defaults={"stale_after_days": days}
    )
    return found


@transaction.atomic
def start_import(*, actor: User, file_name: str, content: str | bytes) -> ImportJob:
    """Read an uploaded file into an import job: our CSV, HSDS JSON, or the HSDS tabular form (a zip of
    CSV files with a datapackage.json, as bytes). Nothing is written to the directory yet. Problems
    with the file itself (a missing column, broken JSON) fail the job at once."""
    program = _admin_program(actor)
    publisher = interchange.Publisher.of(program)
    notes: list[dict[str, Any]] = []
    if isinstance(content, bytes) and content.startswith(b"PK"):
        file_format = "tabular"
        rows, problems, notes = interchange.read_tabular(content, publisher)
    else:
        text = (
            content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
        )
        is_json = file_name.lower().endswith(".json") or text.lstrip().startswith(("{", "["))
        file_format = "hsds" if is_json else "csv"
        if is_json:
            rows, problems = interchange.read_hsds(text, publisher)
        else:
            rows, problems = interchange.read_csv(text)
    for row in rows:
        notes.extend(row.pop("notes", []))
    return ImportJob.objects.create(
        program=program,
        uploaded_by=actor,
        file_name=file_name[:200],
        file_format=file_format,
        rows=rows,
        errors=problems,
        notes=sorted(notes, key=lambda n: n["line"]),
        # A malformed item is reported with the rest; only a file with nothing readable stops here.
        status=ImportStatus.FAILED if problems and not rows else ImportStatus.CHECKING,
    )


@transaction.atomic
def advance_import(*, actor: User, job_id: int, chunk: int = CHUNK) -> ImportJob:
    """Check the next `chunk` rows; after the last one, write everything at once, or nothing if any
    row had a problem."""
    program = _admin_program(actor)
    job = ImportJob.objects.select_for_update().filter(pk=job_id, program=program).first()
    if job is None:
        raise Http404
    if job.status != ImportStatus.CHECKING:
        return job
    seen_ids = {
        row["data"]["id"].strip()
        for row in job.rows[: job.checked]
        if "data" in row and row["data"].get("id")
    }
    for row in job.rows[job.checked : job.checked + chunk]:
        if "data" not in row:
            continue  # an HSDS object kept without a service: checked when read
        _fields, problems = interchange.clean_row(row["data"])
        ident = str(row["data"].get("id") or "").strip()
        if ident and ident in seen_ids:
            problems.append(("id", f"The id {ident} appears twice in the file."))
        seen_ids.add(ident)
        job.errors.extend(
            {"line": row["line"], "field": field, "message": message} for field, message in problems
        )
    job.checked = min(job.checked + chunk, len(job.rows))
    if job.checked >= len(job.rows):
        job.errors.sort(key=lambda e: e["line"])
        if job.errors or not job.rows:
            job.status = ImportStatus.FAILED
            if not job.rows and not job.errors:
                job.errors = [{"line": 1, "field": "file", "message": "The file has no rows."}]
        else:
            job.created, job.updated = _write_rows(program, job.rows)
            job.status = ImportStatus.DONE
    job.save()
    return job


def _write_rows(program: Program, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Create or update every row by its id (an HSDS row by its service uuid); the caller's
    transaction makes it all or nothing."""
    interchange.keep_objects(program, [row for row in rows if "data" not in row])
    cleaned = []
    for row in rows:
        if "data" not in row:
            continue
        fields = interchange.clean_row(row["data"])[0]
        if "hsds" in row:
            fields["uuid"] = uuid.UUID(row["data"]["id"])
            fields["hsds"] = row["hsds"]
        cleaned.append(fields)
    uuids = [f["uuid"] for f in cleaned if "uuid" in f]
    existing = {
        (r.uuid if r.uuid in uuids else r.external_id): r
        for r in Resource.objects.filter(
            Q(external_id__in=[f["external_id"] for f in cleaned if "uuid" not in f])
            | Q(uuid__in=uuids),
            program=program,
        )
    }
    fresh, changed = [], []
    for fields in cleaned:
        resource = existing.get(fields.get("uuid", fields["external_id"]))
        if resource is None:
            fresh.append(Resource(program=program, **fields))
            continue
        fields.pop("external_id")  # an HSDS row matched by uuid keeps the resource's own CSV id
        for name, value in fields.items():
            setattr(resource, name, value)
        changed.append(resource)
    Resource.objects.bulk_create(fresh, batch_size=500)
    if changed:
        Resource.objects.bulk_update(
            changed, [*RESOURCE_FIELDS, "hsds", "updated_at"], batch_size=500
        )
    return len(fresh), len(changed)


def import_now(*, actor: User, file_name: str, content: str | bytes) -> ImportJob:
    """Start and finish an import in one call (the API and tests)."""
    job = start_import(actor=actor, file_name=file_name, content=content)
    while job.status == ImportStatus.CHECKING:
        job = advance_import(actor=actor, job_id=job.pk)
    return job


# --- referrals -------------------------------------------------------------------------------------


def _may_refer(actor: User, member: User, program: Program) -> bool:
    """The member themself, or staff on their care team in `program` (not in another of theirs)."""
    if actor.pk == member.pk:
        return standing(actor).has(Role.MEMBER)
    found = standing(actor)
    return (
        found.has(Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)
        and care_team_of(member, program=program).filter(staff=actor).exists()
    )


@transaction.atomic
def make_referral(
    *,
    actor: User,
    member: User,
    resource: Resource,
    need: str,
    follow_up_on: date,
    agreed: str = "",
) -> Referral:
    """A supporter (for someone they work with) or a member (for themself) connects the member with a
    resource for a need; a reminder is set for the follow-up date."""
    program = standing(actor).program  # the request's program, not the member's first
    if (
        program is None
        or not _may_refer(actor, member, program)
        or resource.program_id != program.pk
    ):
        raise PermissionDenied
    if need not in Need.values:
        raise ValidationError({"need": _("Choose what this is for.")})
    if follow_up_on < today_in(program):
        raise ValidationError({"follow_up_on": _("Choose today or a day in the future.")})
    referral = Referral.objects.create(
        program=program,
        member=member,
        resource=resource,
        need=need,
        agreed=agreed.strip()[:500],
        follow_up_on=follow_up_on,
        made_by=actor,
    )
    at = morning_of(program, follow_up_on)
    transaction.on_commit(partial(_enqueue_referral_reminder, referral.pk, at))
    return referral


def _enqueue_referral_reminder(referral_id: int, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import remind_about_referral

    task = remind_about_referral
    if default_task_backend.supports_defer:
        task = task.using(run_after=at)
    task.enqueue(referral_id)  # the task checks again that the day has come


@transaction.atomic
def update_referral(*, actor: User, referral_id: int, status: str, why_not: str = "") -> Referral:
    """Move a referral on: in touch, connected, or not connected (which needs a few words why)."""
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None or not _may_refer(actor, referral.member, referral.program):
        raise Http404
    if status not in ReferralStatus.values or status == ReferralStatus.MADE:
        raise ValidationError({"status": _("Choose how it went.")})
    if status == ReferralStatus.NOT_CONNECTED and not why_not.strip():
        raise ValidationError({"why_not": _("Please say in a few words what got in the way.")})
    now = timezone.now()
    referral.status = status
    referral.why_not = why_not.strip()[:300] if status == ReferralStatus.NOT_CONNECTED else ""
    if status in (ReferralStatus.CONTACTED, ReferralStatus.CONNECTED) and not referral.contacted_at:
        referral.contacted_at = now
    referral.connected_at = now if status == ReferralStatus.CONNECTED else None
    referral.closed_at = (
        now if status in (ReferralStatus.CONNECTED, ReferralStatus.NOT_CONNECTED) else None
    )
    referral.save()
    return referral


def remind_about_referral(*, referral_id: int, today: date | None = None) -> bool:
    """On the follow-up date, put the referral at the top of the member's and the referrer's lists
    ("today is the day to check in"). True if a reminder was recorded now."""
    referral = Referral.objects.select_related("program", "member").filter(pk=referral_id).first()
    if referral is None or not referral.is_open or referral.reminded_on is not None:
        return False
    today = today or today_in(referral.program)
    if referral.follow_up_on > today:
        return False  # moved later, or the worker ran early: the day has not come
    if not Referral.objects.filter(pk=referral.pk, reminded_on__isnull=True).update(
        reminded_on=today
    ):
        return False  # another worker got there first
    member = referral.member
    # The email names no place and no need: a message about a support service can tell
    # whoever else reads the inbox more than the person wants. Only to someone who allows email;
    # in their quiet hours it waits for the morning.
    with translation.override(member.language or settings.LANGUAGE_CODE):
        subject = _("Something on your list for today")
        body = _(
            "Hello %(name)s,\n\nToday is the day you planned to check in on something "
            "on your to-do list on Alongside. If it went well, or if it did not, you can "
            "say so there, and your peer will see it.\n"
        ) % {"name": member.display_name or member.username}
    email_person(to=member, subject=subject, body=body)
    return True


# --- intake links ----------------------------------------------------------------------------------


def intake_token(link: IntakeLink) -> str:
    return signing.dumps(link.pk, salt=INTAKE_SALT)


def intake_path(link: IntakeLink) -> str:
    return reverse("resources:hand-off-by-link", args=[intake_token(link)])


def create_intake_link(*, actor: User, label: str, days: int = 30) -> IntakeLink:
    """A link a partner can use, without an account, to send hand-offs until it expires or is revoked."""
    program = _admin_program(actor)
    if not label.strip():
        raise ValidationError({"label": _("Say who this link is for.")})
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("Choose from 1 to 365 days.")})
    return IntakeLink.objects.create(
        program=program,
        label=label.strip()[:120],
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )


def revoke_intake_link(*, actor: User, link_id: int) -> IntakeLink:
    program = _admin_program(actor)
    link = IntakeLink.objects.filter(pk=link_id, program=program).first()
    if link is None:
        raise Http404
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
    return link


# --- hand-offs -------------------------------------------------------------------------------------


SETTING_TOPICS = {
    Setting.HOSPITAL: Topic.HOSPITAL,
    Setting.RESIDENTIAL: Topic.HOSPITAL,
    Setting.JAIL: Topic.JUSTICE,
    Setting.PRISON: Topic.JUSTICE,
}


def invite_path(member: User) -> str:
    """A one-time link for the person to choose a password and arrive at their first screen."""
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    return reverse("resources:invite", args=[uid, default_token_generator.make_token(member)])


@transaction.atomic
def send_hand_off(
    *,
    program: Program,
    sender: User | None = None,
    link: IntakeLink | None = None,
    partner_name: str,
    pseudonym: str,
    contact: str = "",
    setting: str,
    discharge_on: date,
    needs: list[str],
    consent_given: bool,
    consent_text: str,
    preferred_language: str = "",
    peer_preferences: str = "",
    admitted_on: date | None = None,
) -> tuple[HandOff, str]:
    """A partner hands someone leaving hospital or jail to the program: their member account is
    created (they finish it through the returned invite link), their consent goes into the consent
    ledger, and a support request flagged as a transition joins the matching queue."""
    if sender is None and link is None:
        raise PermissionDenied
    if sender is not None and (
        standing(sender).program != program or not standing(sender).has(Role.CLINICIAN)
    ):
        raise PermissionDenied
    problems: dict[str, str] = {}
    pseudonym = pseudonym.strip()
    if not pseudonym:
        problems["pseudonym"] = _("Give a first name or nickname the person chose.")
    elif User.objects.filter(username__iexact=pseudonym).exists():
        problems["pseudonym"] = _("This name is taken. Add a number or choose another.")
    if not consent_given or not consent_text.strip():
        problems["consent"] = _(
            "We can only take a hand-off the person agreed to. Tick the box and write what they agreed."
        )
    if setting not in Setting.values:
        problems["setting"] = _("Choose where the person is leaving from.")
    if unknown := [n for n in needs if n not in Need.values]:
        problems["needs"] = _("Unknown need: %(codes)s.") % {"codes": ", ".join(unknown)}
    if not partner_name.strip():
        problems["partner_name"] = _("Tell us who you are, so we can reach you.")
    if discharge_on < today_in(program) - timedelta(days=30):
        problems["discharge_on"] = _("This date is more than 30 days ago. Please check it.")
    if admitted_on is not None and setting != Setting.HOSPITAL:
        problems["admitted_on"] = _(
            "An admission date is for someone leaving hospital. Leave it empty for jail, prison or "
            "residential care."
        )
    elif admitted_on is not None and not _stay_dates_fit(admitted_on, discharge_on):
        problems["admitted_on"] = _("Give an admission date on or before the discharge date.")
    if problems:
        raise ValidationError(problems)

    member = create_person(
        program=program,
        username=pseudonym,
        password=secrets.token_urlsafe(24),
        roles=[Role.MEMBER],
        display_name=pseudonym,
        email=contact.strip() if "@" in contact else "",
    )
    member.set_unusable_password()  # the person chooses one through the invite link
    member.language = preferred_language if preferred_language in ("en", "es") else ""
    member.save(update_fields=["password", "language"])
    request = submit_request(
        member=member,
        topics=[SETTING_TOPICS[Setting(setting)]],
        languages=[preferred_language] if preferred_language else [],
        wants={Trait.LIVED_EXPERIENCE: Want.NICE},
        time_zone=program.time_zone,
        urgency=Urgency.SOON,
        note=(peer_preferences.strip()[:400]),
    )
    hand_off = HandOff.objects.create(
        program=program,
        member=member,
        sent_by=sender,
        intake_link=link,
        partner_name=partner_name.strip()[:160],
        contact=contact.strip()[:200],
        setting=setting,
        discharge_on=discharge_on,
        needs=pack(needs),
        consent_text=consent_text.strip(),
        preferred_language=preferred_language,
        peer_preferences=peer_preferences.strip()[:500],
        support_request=request,
    )
    record_hand_off_consent(hand_off, grantee=sender or (link.created_by if link else None))
    if admitted_on is not None:
        HospitalStay.objects.create(
            program=program,
            member=member,
            admitted_on=admitted_on,
            discharged_on=discharge_on,
            recorded_by=sender,
            hand_off=hand_off,
        )
    if sender is not None:
        link_care_team(program=program, member=member, staff=sender, role=Role.CLINICIAN)
    at = morning_of(program, discharge_on + timedelta(days=3))
    transaction.on_commit(partial(_enqueue_day_three_alert, hand_off.pk, at))
    return hand_off, invite_path(member)


STAY_YEARS_BACK = 10  # a stay recorded for reports: far enough back for "the year before joining"


def _stay_dates_fit(admitted_on: date, discharged_on: date | None) -> bool:
    return discharged_on is None or discharged_on >= admitted_on


@transaction.atomic
def record_hospital_stay(
    *, actor: User, member: User, admitted_on: date, discharged_on: date | None = None
) -> HospitalStay:
    """Record a stay in hospital: by the person themselves, by staff of their program who work
    with them, or by its administrator (`selectors.stay_program`). Refuses dates in the future, a
    discharge before the admission, and stays that overlap one already recorded (ValidationError
    naming the field)."""
    program = stay_program(actor, member)  # the person, their care team, or an administrator
    if program is None:
        raise Http404
    today = today_in(program)
    if admitted_on > today:
        raise ValidationError({"admitted_on": _("Give a date that has already come.")})
    if admitted_on < today.replace(year=today.year - STAY_YEARS_BACK):
        raise ValidationError(
            {
                "admitted_on": _("Give a stay from the last %(years)s years.")
                % {"years": STAY_YEARS_BACK}
            }
        )
    if discharged_on is not None and discharged_on > today:
        raise ValidationError(
            {"discharged_on": _("Leave this empty while the stay goes on, and add it later.")}
        )
    if not _stay_dates_fit(admitted_on, discharged_on):
        raise ValidationError({"discharged_on": _("Give a date on or after the day of admission.")})
    ends = discharged_on or today
    overlapping = HospitalStay.objects.filter(member=member, admitted_on__lte=ends).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gte=admitted_on)
    )
    if overlapping.exists():
        raise ValidationError(
            {"admitted_on": _("This overlaps a stay already recorded. Please check the dates.")}
        )
    return HospitalStay.objects.create(
        program=program,
        member=member,
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        recorded_by=actor,
    )


def record_hand_off_consent(hand_off: HandOff, *, grantee: User | None) -> None:
    """The person's consent, as the partner recorded it, in the accounts consent ledger. Written here
    rather than through `grant_consent`: the person has no session yet, and the partner (or the admin who
    issued the link) is the one it was given to."""
    if grantee is None:
        return
    consent = Consent.objects.create(
        program=hand_off.program,
        member=hand_off.member,
        grantee=grantee,
        scope=ConsentScope.CONTACT,
        purpose=hand_off.consent_text[:200],
    )
    ConsentEvent.objects.create(
        consent=consent,
        action=ConsentEvent.Action.GRANTED,
        actor=hand_off.member,
        details={
            "via": "hand-off",
            "hand_off": hand_off.pk,
            "recorded_by": hand_off.partner_name,
            "intake_link": hand_off.intake_link_id,
            "text": hand_off.consent_text,
        },
    )


def _enqueue_day_three_alert(hand_off_id: int, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import alert_if_no_contact

    task = alert_if_no_contact
    if default_task_backend.supports_defer:
        task = task.using(run_after=at)
    task.enqueue(hand_off_id)


def alert_if_no_contact(*, hand_off_id: int, now: datetime | None = None) -> bool:
    """From day 3 after discharge, a hand-off with no peer contact yet is flagged to the program.
    True if the alert was raised now."""
    from .selectors import first_contacts

    now = now or timezone.now()
    hand_off = HandOff.objects.select_related("program").filter(pk=hand_off_id).first()
    if hand_off is None or hand_off.no_contact_alert_at is not None:
        return False
    due = morning_of(hand_off.program, hand_off.discharge_on + timedelta(days=3))
    if now < due or first_contacts([hand_off]).get(hand_off.pk) is not None:
        return False
    if not HandOff.objects.filter(pk=hand_off.pk, no_contact_alert_at__isnull=True).update(
        no_contact_alert_at=now
    ):
        return False  # another worker got there first
    _email_supervisors(hand_off)
    return True


def _email_supervisors(hand_off: HandOff) -> None:
    """Tell the program's supervisors who gave an address; the email names nobody."""
    path = reverse("resources:hand-off", args=[hand_off.pk])
    for supervisor in User.objects.filter(
        memberships__program=hand_off.program, memberships__role=Role.SUPERVISOR, is_active=True
    ).exclude(email=""):
        with translation.override(supervisor.language or settings.LANGUAGE_CODE):
            subject = _("A hand-off has had no peer contact for 3 days")
            body = _(
                "Someone handed off to your program left %(setting)s three days ago, and no "
                "peer has reached them yet. Please see that someone does today: %(path)s\n"
            ) % {"setting": Setting(hand_off.setting).label.lower(), "path": path}
        email_person(to=supervisor, subject=subject, body=body)


@transaction.atomic
def record_contact(*, actor: User, hand_off_id: int, at: datetime | None = None) -> HandOff:
    """A peer or supervisor records a first contact that happened outside the app (a call, a visit)."""
    hand_off = HandOff.objects.select_for_update().filter(pk=hand_off_id).first()
    if hand_off is None:
        raise Http404
    found = standing(actor)
    allowed = found.program == hand_off.program and (
        found.has(Role.SUPERVISOR)
        or (found.has(Role.SUPPORTER) and works_with(actor, hand_off.member))
    )
    if not allowed:
        raise Http404
    at = at or timezone.now()
    if hand_off.recorded_contact_at is None or at < hand_off.recorded_contact_at:
        hand_off.recorded_contact_at = at
        hand_off.save(update_fields=["recorded_contact_at", "updated_at"])
    return hand_off
