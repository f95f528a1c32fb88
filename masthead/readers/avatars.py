"""Avatars: what a reader may upload as their picture, and what the site keeps of it.

Why the upload is re-drawn rather than stored: a photo straight from a phone carries EXIF (often
the place it was taken, the camera's serial number) and may be tens of megabytes. The site keeps
a small square WebP drawn from the pixels alone, so no metadata survives, and the name of the
stored file is random, so a hidden profile's picture cannot be guessed.

Entry points: `avatar_image_open` (raises a coded ValidationError for anything that is not a
picture the site accepts) and `avatar_render` (the square, metadata-free WebP). Both are pure:
the profile form calls them, `services.profile.user_profile_update` stores the result.
"""

from __future__ import annotations

import io
import secrets
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Read from the header before any pixel is decoded. Avatars are drawn at 256 px: 16 MP takes
# any phone photo, and bounds a decode (64 MB as RGBA) where 40 MP let a 116 KB PNG cost
# hundreds of megabytes per upload (Pillow's own bomb limit is far higher).
AVATAR_MAX_PIXELS = 16_000_000
# JPEGs are decoded at a reduced scale (Pillow's draft), to no less than this on each side.
AVATAR_DECODE_SIZE = 2 * 256
AVATAR_SIZE = 256
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
AVATAR_QUALITY = 82


def avatar_image_open(file: IO[bytes], *, size: int | None = None) -> Image.Image:
    """Open an uploaded avatar, checking size, type and integrity; the decoded image.

    The browser's Content-Type and the file name are ignored: only Pillow's reading of the
    bytes decides, so a renamed document or a truncated picture is refused.
    """
    if size is not None and size > AVATAR_MAX_BYTES:
        raise ValidationError(
            _("This picture is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="avatar_too_large",
            params={"size": f"{size / 1024 / 1024:.1f}", "limit": AVATAR_MAX_BYTES // 1024 // 1024},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(file)
            image_format = image.format
            if image_format not in AVATAR_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF picture."), code="avatar_type"
                )
            if image.width * image.height > AVATAR_MAX_PIXELS:
                raise ValidationError(
                    _("This picture has too many pixels. Use one under %(limit)s megapixels."),
                    code="avatar_too_many_pixels",
                    params={"limit": AVATAR_MAX_PIXELS // 1_000_000},
                )
            # JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers what is drawn: a
            # 12 MP photo costs a quarter of the memory and time (a no-op for other formats).
            image.draft(image.mode, (AVATAR_DECODE_SIZE, AVATAR_DECODE_SIZE))
            image.load()
            # Other formats decode whole: shrink by a whole factor at once, so the copies that
            # drawing makes (upright, converted, cropped) are of a small image.
            factor = min(image.size) // AVATAR_DECODE_SIZE
            if factor >= 2 and image.mode in {"RGB", "RGBA", "L", "LA"}:
                image = image.reduce(factor)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        Warning,
    ) as error:
        raise ValidationError(
            _("This file is not a picture the site can read. Upload a JPEG, PNG, WebP or GIF."),
            code="avatar_unreadable",
        ) from error
    image.format = image_format
    return image


def avatar_render(image: Image.Image) -> ContentFile[bytes]:
    """The stored avatar: upright, square, `AVATAR_SIZE` pixels, WebP, without metadata."""
    upright = ImageOps.exif_transpose(image) or image
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or (
        upright.mode == "P" and "transparency" in upright.info
    )
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    square = ImageOps.fit(pixels, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    # A new image from the pixels alone: no EXIF, XMP, ICC profile or comment is carried over.
    clean = Image.new(square.mode, square.size)
    clean.paste(square)
    buffer = io.BytesIO()
    clean.save(buffer, "WEBP", quality=AVATAR_QUALITY, method=4)
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_urlsafe(18)}.webp")
