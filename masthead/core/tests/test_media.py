"""Uploaded media served by the app carry browser caching."""

from __future__ import annotations

import pytest

from conftest import make_image


@pytest.mark.django_db
def test_an_uploaded_image_is_served_with_a_month_of_caching(client):
    """The embedded default serves /media/ itself, cacheable for 30 days."""
    image = make_image(width=40, height=30)

    response = client.get(image.file.url)

    assert response.status_code == 200
    assert "max-age=2592000" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_missing_media_file_is_a_404(client):
    """A wrong media path is a plain 404, never a 500."""
    assert client.get("/media/original_images/nothing-here.jpg").status_code == 404
