"""A comment's plain text as HTML: paragraphs, line breaks and links, nothing a reader can inject.

Two layers, so that one mistake is not enough: the text is escaped first (every `<`, `&` and
quote becomes an entity) and links are found in the escaped text; then nh3 (the Ammonia
sanitiser) keeps only `p`, `br` and `a href` with an http(s) address, and gives every link
`rel="nofollow ugc noopener"`: shown, never trusted. Done once when a comment is stored
(`Comment.body_html`), not on every view.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape

MAX_LINK_TEXT = 60
LINK_REL = "nofollow ugc noopener"
# Invisible characters a comment may hide: zero-width spaces and joiners, word joiner, BOM.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Bidirectional overrides and isolates could reorder what a reader sees (a link or a name).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Halves of UTF-16 pairs with no other half (JSON's "\ud800" decodes to one): no text can hold
# them (UTF-8 cannot encode them, the database refuses them), so they are dropped.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# In escaped text: a link ends at whitespace or at an escaped quote or angle bracket.
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+?(?=(?:[.,;:!?)\]]*(?:\s|$|&lt;|&gt;|&quot;|&#x27;)))"
)


def comment_text_clean(text: str) -> str:
    """The text as stored: newlines unified, control and bidi characters and lone surrogates
    gone, ends trimmed."""
    if not text.isascii():
        text = LONE_SURROGATE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", BIDI_CONTROLS.sub("", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def comment_text_is_blank(text: str) -> bool:
    """True when nothing visible would be left: spaces, newlines, zero-width characters only."""
    return not INVISIBLE.sub("", comment_text_clean(text)).strip()


def comment_body_html(text: str) -> str:
    """Plain text → safe HTML with paragraphs (blank lines), line breaks and untrusted links."""
    paragraphs = [part for part in re.split(r"\n\s*\n", comment_text_clean(text)) if part.strip()]
    html = "".join(
        "<p>" + "<br>".join(_links(escape(line)) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )


def _links(escaped_line: str) -> str:
    def link(match: re.Match[str]) -> str:
        shown = match.group()
        address = shown.replace("&amp;", "&")
        if address.lower().startswith("www."):
            address = "http://" + address
        label = shown if len(shown) <= MAX_LINK_TEXT else shown[: MAX_LINK_TEXT - 1] + "…"
        return f'<a href="{escape(address)}">{label}</a>'

    return _LINK.sub(link, escaped_line)
