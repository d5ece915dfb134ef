import pytest
from cryptography.fernet import Fernet


@pytest.fixture(autouse=True)
def _billing_key(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_BILLING_KEY", Fernet.generate_key().decode())
