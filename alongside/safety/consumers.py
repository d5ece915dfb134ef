"""The safety dashboard's live line: supervisors hear of every change to their program's escalations,
a supporter of those for their members. Events carry ids only; the page fetches what it may show."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.live.consumers import LiveConsumer

from .selectors import MANAGER_ROLES
from .services import person_group, program_group


class EscalationConsumer(LiveConsumer):
    """Joins the program's group (supervisors, administrators) and the person's own group."""

    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        await super().connect()

    def admit(self, user: User, session: Any) -> list[str]:
        found = standing(user)
        if found.program is not None:
            if found.has(*MANAGER_ROLES):
                return [program_group(found.program.pk), person_group(user.pk)]
            if found.has(Role.SUPPORTER):
                return [person_group(user.pk)]
        raise Http404

    async def admitted(self, user: User, groups: list[str]) -> None:
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})
