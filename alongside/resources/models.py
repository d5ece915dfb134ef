"""The resource directory, referrals that close the loop, hand-offs from hospital or jail, and the
secure intake links partners use to send them.

Needs and languages of a resource are kept as "|code|code|" strings so that a search by need or language
is one indexed-free `LIKE '%|code|%'` on SQLite and PostgreSQL alike, with no join.
Hours are {"mon": [["09:00", "17:00"]], ...} in the resource's own time zone; an interval whose end is
not after its start runs past midnight into the next day (see `hours.py`).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel
from alongside.matching.models import SupportRequest


class Need(models.TextChoices):
    """The kinds of need a resource meets and a referral is for."""

    HOUSING = "housing", _("Housing")
    FOOD = "food", _("Food")
    TRANSPORT = "transport", _("Transport")
    CLINIC = "clinic", _("Clinics and health care")
    CRISIS = "crisis", _("Crisis services")
    BENEFITS = "benefits", _("Benefits and money")
    LEGAL = "legal", _("Legal aid")
    EMPLOYMENT = "employment", _("Work and training")
    RECOVERY = "recovery", _("Recovery meetings")
    FAMILY = "family", _("Family support")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    SLIDING = "sliding", _("Sliding scale")
    INSURANCE = "insurance", _("Insurance or Medicaid")
    FEE = "fee", _("Fee")


def pack(codes: list[str]) -> str:
    """["food", "housing"] → "|food|housing|" (sorted, no duplicates); [] → ""."""
    unique = sorted({c.strip() for c in codes if c.strip()})
    return f"|{'|'.join(unique)}|" if unique else ""


def unpack(packed: str) -> list[str]:
    return [c for c in packed.split("|") if c]


class DirectorySettings(models.Model):
    """A program's directory settings: when an entry counts as stale."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="directory_settings"
    )
    stale_after_days = models.PositiveSmallIntegerField(_("stale after (days)"), default=180)

    def __str__(self) -> str:
        return f"Directory settings of {self.program}"


class ResourceQuerySet(models.QuerySet["Resource"]):
    def stale(self, before: date) -> ResourceQuerySet:
        return self.filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=before))


class Resource(TimeStampedModel):
    """A community resource in a program's directory: what it helps with, where, when, for whom."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="resources")
    # The id the resource has in our CSV, stable across round trips.
    external_id = models.CharField(max_length=100)
    # Its Open Referral HSDS service id; its location, phone and schedules get ids derived from it.
    uuid = models.UUIDField(default=uuid.uuid4)
    # The HSDS service as last imported, kept whole: what we do not model (contacts, funding, other
    # locations...) goes out again unchanged in the HSDS exports (`interchange.hsds`).
    hsds = models.JSONField(default=dict, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what they do"), blank=True)
    needs = models.CharField(max_length=300, blank=True)  # packed Need codes
    address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    hours = models.JSONField(default=dict, blank=True)
    languages = models.CharField(max_length=200, blank=True)  # packed language codes
    cost = models.CharField(_("cost"), max_length=16, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("about the cost"), max_length=200, blank=True)
    eligibility = models.TextField(_("who can use it"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    how_to_get_there = models.TextField(_("how to get there"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    last_verified_on = models.DateField(_("last checked"), null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "external_id"], name="resource_id_once_per_program"
            ),
            models.UniqueConstraint(
                fields=["program", "uuid"], name="resource_uuid_once_per_program"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "latitude", "longitude"]),
            models.Index(fields=["program", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def need_codes(self) -> list[str]:
        return unpack(self.needs)

    @property
    def language_codes(self) -> list[str]:
        return unpack(self.languages)

    def need_labels(self) -> list[str]:
        return [str(Need(code).label) for code in self.need_codes if code in Need.values]


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(TimeStampedModel):
    """One upload of a directory file. Rows are checked a chunk at a time (so the page can show
    progress) and written in one transaction only if every row is good: nothing is half-imported."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=8)  # "csv", "hsds" (JSON) or "tabular"
    rows = models.JSONField(default=list)  # the parsed rows, each {"line": n, "data": {...}}
    checked = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [{"line": n, "field": f, "message": m}]
    # What an HSDS import kept but could not use: [{"line": n, "field": f, "message": m}]
    notes = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Import of {self.file_name}"

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> int:
        return 100 if not self.rows else round(100 * self.checked / len(self.rows))


class ReferralStatus(models.TextChoices):
    MADE = "made", _("To do")
    CONTACTED = "contacted", _("In touch")
    CONNECTED = "connected", _("Connected")
    NOT_CONNECTED = "not_connected", _("Did not work out")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=[ReferralStatus.MADE, ReferralStatus.CONTACTED])


class Referral(TimeStampedModel):
    """A member connected to a resource for a need: what was agreed, when to check in, how it went."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="referrals")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="referrals")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="referrals")
    need = models.CharField(_("need"), max_length=16, choices=Need.choices)
    agreed = models.CharField(_("what we agreed"), max_length=500, blank=True)
    follow_up_on = models.DateField(_("check in on"))
    made_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.MADE
    )
    why_not = models.CharField(_("what got in the way"), max_length=300, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["member", "status"]),
            models.Index(fields=["program", "need"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_connected") | ~Q(why_not=""),
                name="not_connected_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk} to {self.resource_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.MADE, ReferralStatus.CONTACTED)


class Setting(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    JAIL = "jail", _("Jail")
    PRISON = "prison", _("Prison")
    RESIDENTIAL = "residential", _("Residential treatment")


class IntakeLinkQuerySet(models.QuerySet["IntakeLink"]):
    def usable(self, now: object) -> IntakeLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class IntakeLink(TimeStampedModel):
    """A secure link a program gives a partner (a hospital social worker, a re-entry coordinator) to
    send hand-offs without an account. The URL carries a signed token naming this row; it stops working
    when it expires or is revoked."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="intake_links")
    label = models.CharField(_("who it is for"), max_length=120)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = IntakeLinkQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Intake link for {self.label}"


class HandOff(TimeStampedModel):
    """A person leaving hospital, jail, prison or residential care, handed to the program for a peer.
    The discharge date starts the follow-up clock (7 and 30 days, DOMAIN §4, an internal metric)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="hand_offs")
    # A foreign key, not one-to-one: the clock counts discharges, and a person may come back.
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hand_offs")
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="hand_offs_sent"
    )
    intake_link = models.ForeignKey(
        IntakeLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="hand_offs"
    )
    partner_name = models.CharField(_("your name and service"), max_length=160)
    # How to reach the person if they lose their way in (an email doubles as the account's).
    contact = models.CharField(_("phone or email of the person"), max_length=200, blank=True)
    setting = models.CharField(_("leaving"), max_length=16, choices=Setting.choices)
    discharge_on = models.DateField(_("discharge or release date"))
    needs = models.CharField(max_length=300, blank=True)  # packed Need codes
    consent_text = models.TextField(_("what the person agreed to"))
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    peer_preferences = models.CharField(
        _("what they would like in a peer"), max_length=500, blank=True
    )
    # The request in the matching queue; `hand_off` lets matching show it as a transition.
    support_request = models.OneToOneField(
        SupportRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="hand_off"
    )
    recorded_contact_at = models.DateTimeField(null=True, blank=True)  # a call or visit, recorded
    no_contact_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_by__isnull=False) | Q(intake_link__isnull=False),
                name="hand_off_has_a_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"Hand-off of {self.member}"

    @property
    def need_codes(self) -> list[str]:
        return unpack(self.needs)


class HospitalStay(TimeStampedModel):
    """A stay in hospital, from admission to discharge, as the person or a partner recorded it: the
    person on their own page, a partner with the admission date of a hand-off from hospital. Reports
    count days in hospital before and after joining, and readmissions, from these and hand-offs."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hospital_stays")
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("left hospital on"), null=True, blank=True)  # still there
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hand_off = models.ForeignKey(
        HandOff, on_delete=models.SET_NULL, null=True, blank=True, related_name="hospital_stays"
    )

    class Meta:
        ordering = ("-admitted_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="hospital_stay_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Hospital stay from {self.admitted_on}"


class HsdsKind(models.TextChoices):
    """HSDS objects an import keeps on their own, without a service to carry them."""

    ORGANIZATION = "organization", "organization"
    LOCATION = "location", "location"
    TAXONOMY = "taxonomy", "taxonomy"
    TAXONOMY_TERM = "taxonomy_term", "taxonomy term"


class HsdsObject(TimeStampedModel):
    """An HSDS organization, location, taxonomy or taxonomy term that came in an import without a
    service (an organization list, a bare location, a taxonomy, a tabular file's rows that no service
    reaches), kept whole with what hangs from it (phones, schedules, addresses...). The HSDS API and
    the tabular export serve it again; a second import of the same id updates it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=HsdsKind.choices)
    uuid = models.UUIDField()
    document = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "uuid"], name="hsds_object_once_per_program"
            ),
        ]

    def __str__(self) -> str:
        return f"HSDS {self.kind} {self.uuid}"
