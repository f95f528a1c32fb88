"""Credits embedded in a photo file pre-fill the editorial fields on upload."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.media.metadata import read_embedded_credits
from masthead.media.models import NewsImage
from masthead.news.demo.images import demo_image_bytes


def agency_photo(**credits: str) -> bytes:
    return demo_image_bytes(
        motif="sea", palette="ocean", seed="t", width=400, height=300, **credits
    )


def test_credits_are_read_from_iptc_and_exif():
    """An agency JPEG yields its caption, its credit line and its source agency."""
    data = agency_photo(
        caption="Fishing boats return to port", credit="© AP Photo / Jane Doe", agency="AP"
    )

    credits = read_embedded_credits(io.BytesIO(data))

    assert credits.caption == "Fishing boats return to port"
    assert credits.credit == "© AP Photo / Jane Doe"
    assert credits.agency == "AP"


def test_a_file_without_metadata_gives_empty_credits():
    """A bare PNG has nothing to say, and reading it does not fail."""
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")

    assert read_embedded_credits(io.BytesIO(buffer.getvalue())).credit == ""


def test_a_file_that_is_not_an_image_gives_empty_credits():
    """Garbage bytes do not raise: pre-filling is a convenience, not a gate."""
    assert read_embedded_credits(io.BytesIO(b"not an image")).caption == ""


@pytest.mark.django_db
def test_uploading_in_the_admin_prefills_blank_fields_and_keeps_typed_ones(admin_client):
    """The editor typed a caption; the credit and agency come from the file."""
    data = agency_photo(caption="From the file", credit="© AP Photo / Jane Doe", agency="AP")

    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Boats",
            "file": SimpleUploadedFile("boats.jpg", data, content_type="image/jpeg"),
            "caption": "Typed by the editor",
            "collection": 1,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image = NewsImage.objects.get(title="Boats")
    assert image.caption == "Typed by the editor"
    assert image.credit == "© AP Photo / Jane Doe"
    assert image.agency == "AP"


@pytest.mark.django_db
def test_a_file_photo_says_when_it_was_taken():
    """An archive photo prints the "(FILES)" note with its original date."""
    import datetime

    image = NewsImage(title="x", is_archive=True, archive_date=datetime.date(2019, 3, 4))

    assert image.archive_note.startswith("(FILES) In this file photo taken on")
    assert "2019" in image.archive_note
