"""Words moderation puts on other apps' pages and in their errors (the Report link and the hidden
message in conversations, the moderators' navigation link, the block refusals). They are listed here so
that moderation's own Spanish catalogue carries them; Django merges every app's catalogue."""

from django.utils.translation import gettext_noop

SHOWN_ELSEWHERE = [
    gettext_noop("Report"),
    gettext_noop("this message"),
    gettext_noop("This message was hidden by a moderator."),
    gettext_noop("Moderation"),
    gettext_noop("One of you has blocked the other, so a conversation cannot start."),
    gettext_noop("You cannot send messages here, because one of you has blocked the other."),
]
