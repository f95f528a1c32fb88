"""`{% lang_attrs code %}`: the `lang` and `dir` of text written in another language than the page.

A community standard or a legal text an edition has not translated yet is shown in the default
language inside a page in the edition's (comments/selectors.py, readers/selectors/consent.py).
Its element then carries its own language, so screen readers pronounce it right and an English
paragraph in the Arabic edition runs left to right (WCAG 3.1.2, language of parts). Text in the
page's language gets nothing: the `<html>` element says it already.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag
def lang_attrs(language: str) -> SafeString | str:
    if not language or language == get_language():
        return ""
    try:
        is_bidi = bool(get_language_info(language)["bidi"])
    except KeyError:  # a language Django does not know: its name only
        return format_html(' lang="{}"', language)
    return format_html(' lang="{}" dir="{}"', language, "rtl" if is_bidi else "ltr")
