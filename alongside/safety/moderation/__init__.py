"""Moderation: reports, the moderators' queue, actions and appeals, blocks, and new-member holds.

Part of safety (see docs/moderation.md), in its own app label so its migrations stand apart.
Public functions: `services.report`, `selectors.may_post`, `services.should_hold`, `services.hold`,
`targets.register`.
"""
