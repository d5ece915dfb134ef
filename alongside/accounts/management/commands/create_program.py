"""Set up a program and its first administrator on a fresh install: `alongside manage create_program`."""

from getpass import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.services import create_person


class Command(BaseCommand):
    help = "Create a program and its first administrator (who must then set up two-step sign-in)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='the program\'s name, e.g. "Riverbend Peer Support"')
        parser.add_argument("--slug", help="short name used in the API (default: from the name)")
        parser.add_argument("--admin", required=True, help="pseudonym of the first administrator")
        parser.add_argument("--password", help="their password (asked for when not given)")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["name"])
        if Program.objects.filter(slug=slug).exists():
            raise CommandError(f"A program with the short name {slug!r} exists already.")
        if User.objects.filter(username__iexact=options["admin"]).exists():
            raise CommandError(f"Someone already uses the pseudonym {options['admin']!r}.")
        password = options["password"] or getpass("Password for the administrator: ")
        program = Program.objects.create(name=options["name"], slug=slug)
        create_person(
            program=program, username=options["admin"], password=password, roles=[Role.ADMIN]
        )
        self.stdout.write(f"Created {program.name} ({slug}) with administrator {options['admin']}.")
