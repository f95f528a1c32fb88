"""An avatar's pixel count is checked from the header, against a limit made for avatars.

Why: avatars are drawn at 256 px, yet a 116 KB PNG of 39.7 megapixels passed (the limit was
40 MP) and each decode took hundreds of megabytes (four at once doubled the web workers'
memory). The limit is now 16 MP, read before any pixel is decoded, and JPEGs are decoded at a
reduced scale (Pillow's draft) close to what is drawn.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from masthead.readers.avatars import (
    AVATAR_MAX_BYTES,
    AVATAR_MAX_PIXELS,
    AVATAR_SIZE,
    avatar_image_open,
    avatar_render,
)

from .test_avatars import photo_bytes


def test_the_reported_bomb_of_39_7_megapixels_in_a_small_png_is_refused():
    """7700 × 5160 (39.7 MP) flat PNG, a few hundred KB: refused as too many pixels."""
    data = photo_bytes(width=7700, height=5160, image_format="PNG", mode="1")
    assert len(data) < AVATAR_MAX_BYTES

    with pytest.raises(ValidationError) as refused:
        avatar_image_open(io.BytesIO(data), size=len(data))

    assert refused.value.code == "avatar_too_many_pixels"
    assert "16 megapixels" in refused.value.messages[0]


def test_the_limit_is_made_for_avatars():
    """16 MP: any phone photo of today fits, nothing larger is decoded."""
    assert AVATAR_MAX_PIXELS == 16_000_000


def test_the_pixel_count_is_refused_before_any_pixel_is_decoded(monkeypatch):
    """The header is enough: Image.load is never called for an oversized picture."""
    data = photo_bytes(width=5000, height=4000, image_format="PNG", mode="1")  # 20 MP
    loaded: list[bool] = []
    real_load = ImageFile.ImageFile.load

    def spied_load(self: ImageFile.ImageFile) -> object:
        loaded.append(True)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spied_load)

    with pytest.raises(ValidationError):
        avatar_image_open(io.BytesIO(data), size=len(data))

    assert loaded == []


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_still_drawn_at_full_quality():
    """A 4000 × 3000 JPEG is decoded at no less than twice the avatar's size, then drawn."""
    data = photo_bytes(width=4000, height=3000)

    image = avatar_image_open(io.BytesIO(data), size=len(data))
    stored = Image.open(io.BytesIO(avatar_render(image).read()))

    assert min(image.size) >= 2 * AVATAR_SIZE and image.size[0] < 4000
    assert stored.size == (AVATAR_SIZE, AVATAR_SIZE)
