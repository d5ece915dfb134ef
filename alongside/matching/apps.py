from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class MatchingConfig(AppConfig):
    name = "alongside.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from alongside.accounts import menu
        from alongside.common import refusals
        from alongside.safety.moderation import blocks

        from . import selectors, services

        # Moderation's block pages ask for blocks; matching keeps them.
        blocks.register(blocks.Keeper(block=services.block, unblock=services.unblock))
        # A block stops the two people's messages in a 1:1 (conversations' send path asks).
        refusals.register(selectors.block_between)

        # One link, to the page for the person's first role of these.
        menu.register(
            menu.Item(
                _("Find a peer"),
                "matching:choices",
                order=30,
                roles=frozenset({Role.MEMBER}),
                current=("matching:",),
                slot="matching",
            ),
            menu.Item(
                _("Offers"),
                "matching:offers",
                order=31,
                roles=frozenset({Role.SUPPORTER}),
                current=("matching:",),
                slot="matching",
            ),
            menu.Item(
                _("Matching"),
                "matching:supervisor",
                order=32,
                roles=frozenset({Role.SUPERVISOR}),
                current=("matching:",),
                slot="matching",
            ),
        )
