"""The safety dashboard's live line: supervisors hear of every change to their program's escalations,
a supporter of those for their members. Events carry ids only; the page fetches what it may show."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.conversations.consumers import CLOSE_NO_ACCESS, CLOSE_SIGNED_OUT, _two_step_done

from .selectors import MANAGER_ROLES
from .services import person_group, program_group


class EscalationConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
    """Joins the program's group (supervisors, administrators) and the person's own group."""

    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_SIGNED_OUT)
            return
        groups = await database_sync_to_async(self._groups_for)(user, self.scope.get("session"))
        if not groups:
            await self._refuse(CLOSE_NO_ACCESS)
            return
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        await self.accept()

    def _groups_for(self, user: User, session: Any) -> list[str]:
        found = standing(user)
        if found.program is None or not _two_step_done(user, session):
            return []
        if found.has(*MANAGER_ROLES):
            return [program_group(found.program.pk), person_group(user.pk)]
        if found.has(Role.SUPPORTER):
            return [person_group(user.pk)]
        return []

    async def _refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def relay(self, event: dict[str, Any]) -> None:
        """An event from `conversations.realtime.broadcast_on_commit`, already encoded."""
        await self.send(text_data=event["text"])
