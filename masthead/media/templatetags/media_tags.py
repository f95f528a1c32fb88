"""`{% photo_caption_text image caption %}`: the caption under a photo, its file-photo note first.

The note, its separator and the caption come from `NewsImage.caption_parts`, so the note is
printed once whatever the caption says (masthead/media/models.py).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from masthead.media.models import NewsImage

register = template.Library()


@register.simple_tag
def photo_caption_text(image: NewsImage, caption: str = "") -> SafeString:
    note, separator, text = image.caption_parts(caption or "")
    if not note:
        return format_html("{}", text)
    return format_html('<span class="archive-note">{}</span>{}{}', note, separator, text)
