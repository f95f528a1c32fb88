"""Mark the searched words in a result's text, safely escaped, for `<mark>` highlighting."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import HAN

MAX_TERMS = 12


def query_terms(query: str) -> list[str]:
    words = [word for word in re.findall(r"\w+", query, flags=re.UNICODE) if len(word) > 1]
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def _term_pattern(term: str) -> str:
    # Chinese is written without spaces: a Han term is marked wherever it stands.
    if HAN.search(term):
        return re.escape(term)
    return r"\b" + re.escape(term) + r"\w*"


def highlight(text: str, terms: list[str]) -> SafeString:
    """Wrap every word starting with a query term in <mark>, escaping everything else.

    Words are matched in the raw text and each piece is escaped on its own, so a term such as
    "lt" or "amp" can never land inside an HTML entity. Longer terms are tried first, so a
    Chinese query is marked whole rather than as its overlapping bigrams.
    """
    if not terms:
        return escape(text)
    ordered = sorted(terms, key=len, reverse=True)
    pattern = re.compile(
        "|".join(_term_pattern(term) for term in ordered), flags=re.IGNORECASE | re.UNICODE
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
