"""Avatars: only real pictures of a sane size get in, and what is kept carries no metadata."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from masthead.readers.avatars import AVATAR_MAX_BYTES, AVATAR_SIZE, avatar_image_open, avatar_render

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def photo_bytes(
    *, width: int = 1200, height: int = 800, image_format: str = "JPEG", mode: str = "RGB", **save
) -> bytes:
    """A picture with EXIF (a camera, GPS coordinates) as a phone would send it."""
    image = Image.new(mode, (width, height), (200, 80, 40) if mode == "RGB" else 0)
    buffer = io.BytesIO()
    if image_format == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "HarbourCam"  # Make
        exif[GPS_TAG] = {1: "N", 2: (51.0, 30.0, 0.0)}
        exif.update(save.pop("exif_extra", {}))
        save["exif"] = exif.tobytes()
    image.save(buffer, image_format, **save)
    return buffer.getvalue()


def rendered(data: bytes) -> Image.Image:
    stored = avatar_render(avatar_image_open(io.BytesIO(data), size=len(data)))
    return Image.open(io.BytesIO(stored.read()))


def test_a_photo_is_kept_as_a_small_square_webp_without_its_metadata():
    """EXIF, GPS and the camera's name are gone; the picture is 256 × 256 WebP."""
    original = photo_bytes()
    assert b"HarbourCam" in original
    avatar = rendered(original)
    assert avatar.format == "WEBP"
    assert avatar.size == (AVATAR_SIZE, AVATAR_SIZE)
    assert not avatar.getexif()
    assert (
        "exif" not in avatar.info and "icc_profile" not in avatar.info and "xmp" not in avatar.info
    )


def test_the_stored_file_has_a_random_name():
    """Nobody can guess the address of a hidden profile's picture."""
    data = photo_bytes()
    names = {avatar_render(avatar_image_open(io.BytesIO(data))).name for _ in range(2)}
    assert len(names) == 2
    assert all(name is not None and name.endswith(".webp") and len(name) > 20 for name in names)


def test_a_photo_taken_sideways_is_stood_upright():
    """The EXIF orientation is applied before it is dropped."""
    # 600 × 300, marked "rotate 90°": upright it is 300 × 600, so the left half is the top.
    image = Image.new("RGB", (600, 300), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 300, 300))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    avatar = rendered(buffer.getvalue()).convert("RGB")
    top, bottom = avatar.getpixel((128, 10)), avatar.getpixel((128, 245))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert sum(top) != sum(bottom)


def test_a_transparent_png_keeps_its_transparency():
    """A PNG with an alpha channel stays see-through where it was."""
    data = photo_bytes(image_format="PNG", mode="RGBA")
    avatar = rendered(data)
    assert avatar.mode == "RGBA"
    corner = avatar.getpixel((5, 5))
    assert isinstance(corner, tuple) and corner[3] == 0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.7 a document renamed photo.jpg", "avatar_unreadable"),
        (photo_bytes()[:400], "avatar_unreadable"),
        (photo_bytes(image_format="BMP"), "avatar_type"),
        (photo_bytes(image_format="TIFF"), "avatar_type"),
    ],
    ids=["not-a-picture", "truncated-jpeg", "bmp", "tiff"],
)
def test_a_file_that_is_not_an_accepted_picture_is_refused(content, code):
    """Only the bytes decide: a renamed document, a broken JPEG, other formats are refused."""
    with pytest.raises(ValidationError) as refused:
        avatar_image_open(io.BytesIO(content), size=len(content))
    assert refused.value.code == code


def test_an_oversized_upload_is_refused_before_it_is_read():
    """More than 5 MB is refused with the size and the limit in the message."""
    with pytest.raises(ValidationError) as refused:
        avatar_image_open(io.BytesIO(b"\xff\xd8"), size=AVATAR_MAX_BYTES + 1)
    assert refused.value.code == "avatar_too_large"
    assert "The limit is 5 MB" in refused.value.messages[0]


def test_a_picture_with_too_many_pixels_is_refused():
    """A small file that unpacks to a huge image (a decompression bomb) is refused."""
    data = photo_bytes(width=8000, height=6000, image_format="PNG", mode="1")
    assert len(data) < AVATAR_MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        avatar_image_open(io.BytesIO(data), size=len(data))
    assert refused.value.code == "avatar_too_many_pixels"
