"""TOTP enrolment and checks for staff, on top of django-otp's TOTP devices."""

import base64

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "Authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_device(device: TOTPDevice, code: str) -> bool:
    """Confirm enrolment with a first good code; any older device of the person is then retired."""
    if not device.verify_token(code):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in the base32 form authenticator apps accept when typed in by hand."""
    encoded = base64.b32encode(device.bin_key).decode()
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, no outside service)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    )


def is_verified(user: object) -> bool:
    """True once this session gave a good code; django-otp's middleware adds `is_verified` to the user."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
