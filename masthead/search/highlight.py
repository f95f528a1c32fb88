"""Mark the searched words in a result's text, safely escaped, for `<mark>` highlighting."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 8


def query_terms(query: str) -> list[str]:
    words = [word for word in re.findall(r"\w+", query, flags=re.UNICODE) if len(word) > 1]
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def highlight(text: str, terms: list[str]) -> SafeString:
    """Wrap every word starting with a query term in <mark>, escaping everything else.

    Words are matched in the raw text and each piece is escaped on its own, so a term such as
    "lt" or "amp" can never land inside an HTML entity.
    """
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(term) for term in terms) + r")\w*",
        flags=re.IGNORECASE | re.UNICODE,
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
