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
    """Escape `text`, then wrap every word starting with a query term in <mark>."""
    escaped = escape(text)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(escape(term)) for term in terms) + r")(\w*)",
        flags=re.IGNORECASE | re.UNICODE,
    )
    return mark_safe(pattern.sub(r"<mark>\1\2</mark>", escaped))
