"""Read credits and captions embedded in a photo file (IPTC and EXIF), with Pillow only.

Agencies ship photos with the byline, credit, source and caption inside the JPEG; the upload
form pre-fills the editorial fields from them so editors do not retype what the file says.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import IO

from PIL import Image, IptcImagePlugin

EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_COPYRIGHT = (2, 116)
IPTC_CAPTION = (2, 120)


@dataclass(frozen=True)
class EmbeddedCredits:
    caption: str = ""
    credit: str = ""
    agency: str = ""


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        for encoding in ("utf-8", "latin-1"):
            try:
                return value.decode(encoding).strip().strip("\x00")
            except UnicodeDecodeError:
                continue
    text = str(value or "")
    # Pillow reads EXIF strings as Latin-1; most writers store UTF-8 there today.
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("latin-1").decode("utf-8")
    return text.strip().strip("\x00")


def read_embedded_credits(file: IO[bytes]) -> EmbeddedCredits:
    """Return what the file says about its caption, credit and agency ("" where it says nothing).

    A file Pillow cannot parse yields empty credits: pre-filling is a convenience, never a
    reason to refuse an upload.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            exif = image.getexif()
    except Exception:
        return EmbeddedCredits()
    finally:
        if hasattr(file, "seek"):
            file.seek(position)

    byline = _text(iptc.get(IPTC_BYLINE)) or _text(exif.get(EXIF_ARTIST))
    credit_line = _text(iptc.get(IPTC_CREDIT))
    copyright_notice = _text(iptc.get(IPTC_COPYRIGHT)) or _text(exif.get(EXIF_COPYRIGHT))
    agency = _text(iptc.get(IPTC_SOURCE)) or credit_line
    caption = _text(iptc.get(IPTC_CAPTION)) or _text(exif.get(EXIF_IMAGE_DESCRIPTION))

    if copyright_notice:
        credit = copyright_notice if copyright_notice.startswith("©") else f"© {copyright_notice}"
    elif credit_line and byline and byline not in credit_line:
        credit = f"© {credit_line} / {byline}"
    elif byline or credit_line:
        credit = f"© {byline or credit_line}"
    else:
        credit = ""
    return EmbeddedCredits(caption=caption, credit=credit, agency=agency)
