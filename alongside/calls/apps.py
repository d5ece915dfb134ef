from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "alongside.calls"
    label = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from alongside.accounts import menu, person_actions
        from alongside.accounts.choices import Role
        from alongside.matching import on_duty
        from alongside.scheduling import joins

        from . import hooks

        menu.register(
            menu.Item(
                _("Phone calls"),
                "calls:phone",
                order=35,
                roles=frozenset({Role.SUPPORTER}),
                current=("calls:phone", "calls:set-end"),
            ),
            menu.Item(
                _("Number for calls"),
                "calls:number",
                order=85,
                roles=frozenset({Role.MEMBER}),
                current=("calls:number",),
            ),
        )
        joins.register(hooks.video_join)
        on_duty.register(on_duty.Extra("calls/_on_duty.html", hooks.on_duty, order=10))
        person_actions.register(
            person_actions.Action("calls/_person_actions.html", hooks.person_actions, order=10)
        )
