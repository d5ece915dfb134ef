import pytest
from django.core.management import CommandError, call_command

from alongside.accounts.choices import Role
from alongside.accounts.models import Program
from alongside.accounts.selectors import standing

pytestmark = pytest.mark.django_db


def test_create_program_makes_a_program_with_its_first_admin():
    call_command(
        "create_program", "Lakeside Peers", admin="first-admin", password="a-Long-passphrase-77"
    )
    program = Program.objects.get(slug="lakeside-peers")
    from alongside.accounts.models import User

    admin = User.objects.get(username="first-admin")
    assert standing(admin).program == program
    assert standing(admin).roles == {Role.ADMIN}


def test_create_program_refuses_a_taken_short_name():
    call_command(
        "create_program", "Lakeside Peers", admin="first-admin", password="a-Long-passphrase-77"
    )
    with pytest.raises(CommandError, match="exists already"):
        call_command(
            "create_program", "Lakeside Peers", admin="second", password="a-Long-passphrase-77"
        )
