"""Billing: payers and the services they pay (with the unit rule), the identity store kept apart and
encrypted, and the claim lines that left in an export (exported, paid, denied)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User

from . import units


def npi_is_valid(npi: str) -> bool:
    """The NPI's Luhn check digit, with the 80840 prefix (CMS NPI standard)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 24  # the prefix 80840's contribution
    for i, ch in enumerate(reversed(npi[:9])):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10 == int(npi[9])


def validate_npi(value: str) -> None:
    if value and not npi_is_valid(value):
        raise ValidationError(
            _(
                "An NPI is 10 digits and its last digit checks the others; this one does not add up."
            ),
            code="npi",
        )


modifier_list = RegexValidator(
    r"^([A-Z0-9]{2}( [A-Z0-9]{2}){0,3})?$",
    _("Up to four modifiers of two letters or digits, separated by spaces (for example: HQ U1)."),
)


class PayerKind(models.TextChoices):
    MEDICAID = "MC", _("Medicaid")
    MEDICAID_PLAN = "HM", _("Medicaid managed-care plan")
    MEDICARE = "MB", _("Medicare Part B")
    OTHER = "ZZ", _("Other")


class Payer(models.Model):
    """Who pays a program's claims, with what the 837P needs to reach them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("payer name"), max_length=60)
    kind = models.CharField(
        _("kind of payer"), max_length=2, choices=PayerKind.choices, default=PayerKind.MEDICAID
    )
    payer_id = models.CharField(
        _("payer id (on the 837P)"),
        max_length=80,
        validators=[RegexValidator(r"^[A-Za-z0-9]{2,80}$", _("Letters and digits only."))],
    )
    receiver_id = models.CharField(_("receiver (clearinghouse) id"), max_length=15)
    submitter_id = models.CharField(_("our submitter id"), max_length=15)
    billing_name = models.CharField(_("billing provider (organisation) name"), max_length=60)
    billing_npi = models.CharField(
        _("billing provider NPI"), max_length=10, validators=[validate_npi]
    )
    billing_tax_id = models.CharField(
        _("employer identification number"),
        max_length=9,
        validators=[RegexValidator(r"^\d{9}$", _("Nine digits, no dash."))],
    )
    billing_address = models.CharField(_("billing address"), max_length=55)
    billing_city = models.CharField(_("city"), max_length=30)
    billing_state = models.CharField(
        _("state"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters."))],
    )
    billing_zip = models.CharField(
        _("ZIP+4"),
        max_length=9,
        validators=[RegexValidator(r"^\d{9}$", _("Nine digits (the ZIP and its four more)."))],
    )
    contact_phone = models.CharField(
        _("billing contact phone"),
        max_length=10,
        validators=[RegexValidator(r"^\d{10}$", _("Ten digits."))],
    )
    taxonomy = models.CharField(
        _("taxonomy code, when the payer asks for it"),
        max_length=10,
        blank=True,
        default="175T00000X",
        help_text=_(
            "175T00000X is the peer specialist taxonomy. Leave blank if the payer does not ask."
        ),
    )
    telehealth_modifier = models.CharField(
        _("video modifier"),
        max_length=2,
        blank=True,
        choices=[("95", "95"), ("GT", "GT")],
        help_text=_("95 for most payers; GT where the payer still asks for it (Georgia Medicaid)."),
    )
    audio_modifier = models.CharField(
        _("audio-only modifier"), max_length=2, blank=True, choices=[("93", "93"), ("FQ", "FQ")]
    )
    preset = models.CharField(_("started from the preset"), max_length=40, blank=True)
    source_url = models.URLField(_("where the rules come from"), blank=True)
    test_mode = models.BooleanField(_("send as test files (ISA15 = T)"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("read_identity", "Read and keep the billing identities of the program's people")
        ]

    def __str__(self) -> str:
        return self.name


class Rounding(models.TextChoices):
    MIDPOINT = units.MIDPOINT, _("Midpoint (the 8-minute rule)")
    FULL = units.FULL, _("Whole units only")
    ANY_PART = units.ANY_PART, _("Any part of a unit")


class PayerService(models.Model):
    """A service a payer pays: its code and modifiers, its unit rule and rate."""

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="services")
    procedure_code = models.CharField(
        _("procedure code"),
        max_length=5,
        validators=[RegexValidator(r"^[A-Z]\d{4}$|^\d{5}$", _("A HCPCS or CPT code, like H0038."))],
    )
    modifiers = models.CharField(
        _("modifiers"), max_length=11, blank=True, validators=[modifier_list]
    )
    group_modifier = models.CharField(
        _("group modifier"), max_length=2, blank=True, default="HQ", validators=[modifier_list]
    )
    minutes_per_unit = models.PositiveSmallIntegerField(
        _("minutes per unit"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )
    min_minutes_first_unit = models.PositiveSmallIntegerField(
        _("minutes for the first unit"), default=8, validators=[MinValueValidator(1)]
    )
    rounding = models.CharField(
        _("rounding"), max_length=12, choices=Rounding.choices, default=Rounding.MIDPOINT
    )
    aggregate_per_day = models.BooleanField(
        _("add up a day's minutes before counting units"), default=True
    )
    max_units_per_day = models.PositiveSmallIntegerField(
        _("most units a day"), null=True, blank=True
    )
    max_units_per_year = models.PositiveSmallIntegerField(
        _("most units a year"), null=True, blank=True
    )
    max_units_per_episode = models.PositiveSmallIntegerField(
        _("most units in an episode of care (the service order's dates)"), null=True, blank=True
    )
    prior_auth_after_units = models.PositiveSmallIntegerField(
        _("units a year before prior authorisation is needed"), null=True, blank=True
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("most people in a group session"), null=True, blank=True
    )
    credential_kinds = models.CharField(
        _("who may bill it: credential types"),
        max_length=200,
        blank=True,
        help_text=_(
            "The credentials, current on the day of service, that the payer pays this service "
            "from. None ticked: anyone the program lets sign billable notes."
        ),
    )
    rate = models.DecimalField(_("rate per unit (USD)"), max_digits=8, decimal_places=2)
    requires_cosign = models.BooleanField(_("a supervisor must co-sign the note"), default=False)
    requires_order = models.BooleanField(_("needs a current service order and plan"), default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ".join(p for p in [self.procedure_code, self.modifiers] if p)

    def rule(self) -> units.UnitRule:
        return units.UnitRule(
            minutes_per_unit=self.minutes_per_unit,
            min_minutes_first_unit=self.min_minutes_first_unit,
            rounding=self.rounding,
            aggregate_per_day=self.aggregate_per_day,
            max_units_per_day=self.max_units_per_day,
        )


class ProviderNumber(models.Model):
    """A supporter's own NPI, for the 837P's rendering provider (without one the billing provider renders)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    npi = models.CharField(_("NPI"), max_length=10, validators=[validate_npi])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="billing_one_npi_per_person")
        ]

    def __str__(self) -> str:
        return f"NPI of person {self.user_id}"


class Identity(models.Model):
    """What a claim needs about a person, sealed (Fernet, `billing.vault`); the rest of the app never
    sees it. In clear only what the queue checks: whether a diagnosis is on file, the dates the
    service order and plan cover and the dates a prior authorisation covers (no name, no number)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()
    has_diagnosis = models.BooleanField(default=False)
    covered_from = models.DateField(null=True, blank=True)
    covered_to = models.DateField(null=True, blank=True)
    # the days a prior authorisation covers (its number is sealed)
    authorised_from = models.DateField(null=True, blank=True)
    authorised_to = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "member"], name="billing_one_identity")
        ]

    def __str__(self) -> str:
        return f"Billing identity of person {self.member_id}"


class Batch(models.Model):
    """One export for one payer: an 837P interchange or a CSV."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="batches")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    format = models.CharField(max_length=8)
    period_from = models.DateField()
    period_to = models.DateField()

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.format})"

    @property
    def control_number(self) -> str:
        return f"{self.pk % 1_000_000_000:09d}"


class LineState(models.TextChoices):
    EXPORTED = "exported", _("Sent")
    PAID = "paid", _("Paid")
    DENIED = "denied", _("Denied")
    CORRECTING = (
        "correcting",
        _("To correct"),
    )  # goes again, recomputed, in the next export (code 7)
    VOIDING = "voiding", _("To void")  # a void (code 8) goes in the next export
    REPLACED = "replaced", _("Replaced by a correction")
    VOIDED = "voided", _("Voided")


class Frequency(models.TextChoices):
    """The claim frequency code (CLM05-3 of the 837P)."""

    ORIGINAL = "1", _("Original claim")
    CORRECTED = "7", _("Corrected claim (replaces the payer's earlier one)")
    VOID = "8", _("Void (cancels the payer's earlier one)")


class ClaimLine(models.Model):
    """One service line that left in an export (a person's day of one service: its signed notes), what
    was claimed for it, then what came back."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="lines")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(PayerService, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    minutes = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    charge = models.DecimalField(max_digits=10, decimal_places=2)
    claim_id = models.CharField(max_length=38)
    line_number = models.PositiveSmallIntegerField(default=1)
    modifiers = models.CharField(max_length=11, blank=True)
    place_of_service = models.CharField(max_length=2)
    state = models.CharField(max_length=12, choices=LineState.choices, default=LineState.EXPORTED)
    paid = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    reasons = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(
        max_length=1, choices=Frequency.choices, default=Frequency.ORIGINAL
    )
    # the payer's own number for the claim (CLP07 of its 835): a correction or void quotes it (REF*F8)
    payer_claim_number = models.CharField(max_length=50, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["program", "state", "day"]),
            models.Index(fields=["program", "claim_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} line {self.line_number}"


class ClaimNote(models.Model):
    """A note billed on a line: a note is billed once (a corrected claim replaces the line, not the note)."""

    line = models.ForeignKey(ClaimLine, on_delete=models.CASCADE, related_name="notes")
    note_id = models.PositiveBigIntegerField(unique=True)

    def __str__(self) -> str:
        return f"Note {self.note_id} on line {self.line_id}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    EMPTY = "empty", _("Nothing to send")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """An export asked for on the queue page and made by the worker, with its progress. The file holds
    people's billing identities, so it is sealed as they are (`vault.seal_bytes`)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=8)
    period_from = models.DateField()
    period_to = models.DateField()
    status = models.CharField(
        max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    batch = models.ForeignKey(Batch, on_delete=models.SET_NULL, null=True, related_name="+")
    sealed = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Export job {self.pk} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def filename(self) -> str:
        suffix = "csv" if self.format == "csv" else "837"
        return f"claims-{self.batch_id}.{suffix}"

    @property
    def content_type(self) -> str:
        return "text/csv" if self.format == "csv" else "application/edi-x12"
