"""The identity store's lock: Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`) with a key from the
environment, `ALONGSIDE_BILLING_KEY` (a urlsafe base64 32-byte key: `python -c "from cryptography.fernet
import Fernet; print(Fernet.generate_key().decode())"`). Without it, a key is made once into the data
dir (mode 600), as `ALONGSIDE_SECRET_KEY` is; keep that file apart from database backups.

Reads are the caller's to log: `selectors.access_identity` and the exports write the access log."""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from alongside.common.env import ConfigError

KEY_NAME = "ALONGSIDE_BILLING_KEY"


def _key() -> bytes:
    value = (os.environ.get(KEY_NAME) or "").strip()
    if value:
        try:
            Fernet(value.encode())
        except ValueError:
            raise ConfigError(
                KEY_NAME, "must be a Fernet key (32 bytes, urlsafe base64)."
            ) from None
        return value.encode()
    key_file = Path(settings.DATA_DIR) / "billing_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(Fernet.generate_key())
        key_file.chmod(0o600)
    return key_file.read_bytes().strip()


@dataclass
class Facts:
    """What a claim needs about a person (the 837P's subscriber loop and diagnosis codes)."""

    legal_first: str = ""
    legal_last: str = ""
    birth_date: str = ""  # ISO date
    sex: str = "U"  # F, M or U (unknown), as the 837P's DMG03 takes
    address: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    member_id: str = ""  # the Medicaid member id
    diagnoses: list[str] = field(default_factory=list)  # ICD-10-CM, without the dot
    order_from: str = ""  # the clinician's service order
    order_to: str = ""
    plan_from: str = ""  # the person-centred plan
    plan_to: str = ""
    prior_auth: str = ""  # the payer's prior authorisation number (REF*G1)
    prior_auth_from: str = ""
    prior_auth_to: str = ""

    def covered(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The days both the service order and the plan are current (None, None: none)."""
        try:
            dates = [
                datetime.date.fromisoformat(d)
                for d in (self.order_from, self.order_to, self.plan_from, self.plan_to)
            ]
        except ValueError:
            return None, None
        start, end = max(dates[0], dates[2]), min(dates[1], dates[3])
        return (start, end) if start <= end else (None, None)

    def authorised(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The days the prior authorisation covers (None, None: none on file)."""
        if not self.prior_auth:
            return None, None
        try:
            start = datetime.date.fromisoformat(self.prior_auth_from)
            end = datetime.date.fromisoformat(self.prior_auth_to)
        except ValueError:
            return None, None
        return (start, end) if start <= end else (None, None)


def seal(facts: Facts) -> bytes:
    return Fernet(_key()).encrypt(json.dumps(asdict(facts)).encode())


def unseal(token: bytes | memoryview) -> Facts:
    """The facts, or InvalidToken when the key is not the one they were sealed with."""
    return Facts(**json.loads(Fernet(_key()).decrypt(bytes(token))))


def seal_bytes(content: bytes) -> bytes:
    """A file that holds identities (an export), sealed with the same key."""
    return Fernet(_key()).encrypt(content)


def unseal_bytes(token: bytes | memoryview) -> bytes:
    return Fernet(_key()).decrypt(bytes(token))


__all__ = ["Facts", "InvalidToken", "seal", "seal_bytes", "unseal", "unseal_bytes"]
