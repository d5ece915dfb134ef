"""Factories for people and programs. Every name is synthetic."""

from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Profile, Program, User

PASSWORD = "a-Long-test-passphrase-42"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Test Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"peer-{n}")
    display_name = factory.Sequence(lambda n: f"Pseudonym {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    profile = factory.RelatedFactory("alongside.accounts.tests.factories.ProfileFactory", "user")

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)


def person(program: Program, *roles: Role, **fields: object) -> User:
    """A user holding `roles` in `program`; staff get a confirmed TOTP device, as they must have."""
    user = UserFactory(**fields)
    for role in roles:
        Membership.objects.create(user=user, program=program, role=role)
    if set(roles) & {Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN}:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def person_in_both(world: Any, role: Role, **fields: object) -> User:
    """Someone holding `role` in the world's program (their first by id) and in its other program: for
    tests that a request is answered for the program it is about, not the person's first."""
    user = person(world.program, role, **fields)
    Membership.objects.create(user=user, program=world.foreign_program, role=role)
    return user
