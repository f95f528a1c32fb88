"""Writes on images: pre-filling editorial fields from the file's own metadata."""

from __future__ import annotations

from .metadata import read_embedded_credits
from .models import NewsImage


def image_credits_prefill(*, image: NewsImage) -> NewsImage:
    """Fill the image's blank caption, credit and agency from its IPTC/EXIF data.

    What an editor typed always wins; only blank fields are filled. Does not save.
    """
    if image.caption and image.credit and image.agency:
        return image
    if not image.file:
        return image
    image.file.open("rb")
    credits = read_embedded_credits(image.file)
    image.caption = image.caption or credits.caption
    image.credit = image.credit or credits.credit
    image.agency = image.agency or credits.agency
    return image
