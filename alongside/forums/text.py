"""Markdown in, safe HTML out: markdown-it-py renders (raw HTML off), nh3 (Ammonia) sanitises.

Raw HTML is turned off in the parser and whatever remains is cleaned against a short allow-list, so a
post can never carry a script, a style, an event handler or a `javascript:` link. Rendered once when a
post is written or edited; pages show the stored HTML.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "del",
}
ATTRIBUTES = {"a": {"href", "title"}}
# Headings 1 and 2 would outrank the page's own; they become h3.
_PARSER = MarkdownIt("js-default", {"breaks": True, "linkify": False}).enable("strikethrough")


def render(body: str) -> str:
    """Safe HTML for a post's markdown."""
    html = _PARSER.render(body)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
