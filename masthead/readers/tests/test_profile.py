"""The reader's profile page: display name, picture, language, time zone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .personas import reader_create
from .test_avatars import photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return reader_create()


@pytest.fixture
def ana_client(client, ana):
    client.force_login(ana)
    return client


def save_profile(client, **changes):
    data = {"display_name": "Ana Ferreira", "language": "", "time_zone": ""}
    data.update(changes)
    return client.post("/account/profile/", data)


def upload(name: str = "holiday.jpg", content: bytes | None = None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, photo_bytes() if content is None else content, content_type)


def stored(path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / path


def test_guests_are_sent_to_log_in(client):
    """The profile is the reader's own: guests log in first."""
    response = client.get("/account/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_the_profile_page_shows_the_current_profile_and_the_account_links(ana_client, ana):
    """The form is filled in; the account navigation has Profile, Your data, Delete account."""
    ana.language, ana.time_zone = "fr", "Europe/Lisbon"
    ana.save()
    html = ana_client.get("/account/profile/").content.decode()
    assert 'value="Ana Ferreira"' in html
    assert '<option value="fr" selected>' in html
    assert '<option value="Europe/Lisbon" selected>Lisbon</option>' in html
    for link in (
        'href="/account/profile/" aria-current="page"',
        "/account/export/",
        "/account/delete/",
    ):
        assert link in html
    assert 'enctype="multipart/form-data"' in html


def test_saving_changes_the_name_language_and_time_zone(ana_client, ana):
    """A valid form is saved (the name normalised) and the reader told so."""
    response = save_profile(
        ana_client, display_name="  Ana  Ferreira-Lopes ", language="fr", time_zone="Asia/Tokyo"
    )
    assert response.status_code == 302 and response["Location"] == "/account/profile/"
    ana.refresh_from_db()
    assert (ana.display_name, ana.language, ana.time_zone) == (
        "Ana Ferreira-Lopes",
        "fr",
        "Asia/Tokyo",
    )
    assert "Your profile is saved." in ana_client.get("/account/profile/").content.decode()


def test_a_name_taken_by_another_reader_is_refused_and_the_form_keeps_what_was_typed(
    ana_client, ana
):
    """Names are unique whatever their case; the typed name, language, zone survive."""
    reader_create(email="ben@example.org", display_name="Harbour Ben")
    response = save_profile(
        ana_client, display_name="HARBOUR ben", language="fr", time_zone="Asia/Tokyo"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This display name is already taken." in html
    assert 'value="HARBOUR ben"' in html
    assert '<option value="Asia/Tokyo" selected>' in html
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ferreira" and ana.language == ""


def test_a_name_the_community_standards_refuse_is_refused_and_kept_in_the_form(ana_client, ana):
    """A disguised swear word as a name: refused with a reason, the typed name still there."""
    response = save_profile(ana_client, display_name="Sh1t_Head", time_zone="Asia/Tokyo")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This display name breaks our community standards." in html
    assert 'value="Sh1t_Head"' in html
    assert '<option value="Asia/Tokyo" selected>' in html
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ferreira"


def test_keeping_ones_own_name_in_another_case_is_allowed(ana_client, ana):
    """The name check ignores the reader's own account."""
    assert save_profile(ana_client, display_name="ANA FERREIRA").status_code == 302
    ana.refresh_from_db()
    assert ana.display_name == "ANA FERREIRA"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "A", "A display name has between 2 and 40 characters."),
        ("display_name", "admin", "This display name is reserved."),
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice."),
        ("language", "xx", "Select a valid choice."),
    ],
)
def test_invalid_values_are_refused_with_a_message(ana_client, ana, field, value, message):
    """Names follow names.py; zones and languages come from their lists."""
    response = save_profile(ana_client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ferreira" and ana.time_zone == "" and ana.language == ""


def test_an_uploaded_photo_becomes_the_avatar_shown_in_the_header(ana_client, ana):
    """The picture is stored re-drawn (256 px WebP, no EXIF) and the header menu shows it."""
    response = save_profile(ana_client, avatar=upload())
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.avatar.name.startswith("avatars/") and ana.avatar.name.endswith(".webp")
    assert "holiday" not in ana.avatar.name
    data = stored(ana.avatar.name).read_bytes()
    assert b"HarbourCam" not in data
    assert Image.open(io.BytesIO(data)).size == (256, 256)
    header = ana_client.get("/account/email/").content.decode()
    assert f'<img class="avatar" src="/media/{ana.avatar.name}"' in header


def test_a_fake_picture_is_refused_and_the_typed_name_is_kept(ana_client, ana):
    """A document renamed .jpg gets a clear message; nothing is saved, the name stays typed."""
    response = save_profile(
        ana_client,
        display_name="Ana the Second",
        avatar=upload(name="photo.jpg", content=b"%PDF-1.7 not a photo"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a picture the site can read." in html
    assert 'value="Ana the Second"' in html
    ana.refresh_from_db()
    assert not ana.avatar and ana.display_name == "Ana Ferreira"


def test_an_oversized_picture_is_refused(ana_client, ana, settings):
    """Over 5 MB: refused, with the limit in the message (Django streams it to disk first)."""
    big = photo_bytes() + b"\0" * (5 * 1024 * 1024)
    response = save_profile(ana_client, avatar=upload(content=big))
    assert "The limit is 5 MB." in response.content.decode()
    ana.refresh_from_db()
    assert not ana.avatar


def test_a_new_picture_replaces_the_old_file_and_removing_it_deletes_it(
    ana_client, ana, django_capture_on_commit_callbacks
):
    """No picture is left behind on disk when it is replaced or removed (once committed)."""
    save_profile(ana_client, avatar=upload())
    ana.refresh_from_db()
    first = ana.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        save_profile(ana_client, avatar=upload(name="another.png"))
    ana.refresh_from_db()
    second = ana.avatar.name
    assert second != first
    assert not stored(first).exists() and stored(second).exists()

    with django_capture_on_commit_callbacks(execute=True):
        save_profile(ana_client, avatar_remove="on")
    ana.refresh_from_db()
    assert not ana.avatar
    assert not stored(second).exists()
