"""Download all one's personal data as one zip archive: JSON plus the avatar."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from conftest import totp_enable
from masthead.readers import export
from masthead.readers.models import LegalConsent, LegalDocument, LegalDocumentVersion

from .personas import PASSWORD, READER_BROWSER, READER_IP, log_in, reader_create
from .test_avatars import photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return reader_create()


@pytest.fixture
def ana_client(client, ana):
    log_in(client, email=ana.email)
    return client


def download(client) -> zipfile.ZipFile:
    """Press "Download my data", confirming the password when allauth asks for it."""
    response = client.post("/account/export/")
    if response.status_code == 302 and response["Location"].startswith("/account/reauthenticate/"):
        response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 200, response.get("Location")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def document_of(archive: zipfile.ZipFile) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(archive.read("personal-data.json"))
    return document


def test_the_export_page_lists_what_the_archive_holds(ana_client):
    """Before downloading, the reader sees the sections and a download button."""
    html = ana_client.get("/account/export/").content.decode()
    for title in ("Your profile", "Your e-mail addresses", "Your log-ins of the last 90 days"):
        assert title in html
    assert "Download my data" in html


def test_guests_are_sent_to_log_in(client):
    """No account, no archive."""
    response = client.post("/account/export/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_the_archive_holds_profile_addresses_log_ins_sessions_and_the_avatar(ana_client, ana):
    """Every section of the readers app, and the stored picture byte for byte."""
    ana_client.post(
        "/account/profile/",
        {
            "display_name": "Ana Ferreira",
            "language": "fr",
            "time_zone": "Europe/Lisbon",
            "avatar": SimpleUploadedFile("me.jpg", photo_bytes(), "image/jpeg"),
        },
    )
    EmailAddress.objects.create(user=ana, email="ana.work@example.org", verified=False)
    ana.refresh_from_db()

    archive = download(ana_client)
    sections = document_of(archive)["sections"]
    avatar_path = sections["profile"]["avatar"]

    assert document_of(archive)["format"] == "masthead-personal-data/1"
    assert sections["profile"]["display_name"] == "Ana Ferreira"
    assert sections["profile"]["email"] == "ana.ferreira@example.org"
    assert sections["profile"]["language"] == "fr"
    assert sections["profile"]["time_zone"] == "Europe/Lisbon"
    assert archive.read(avatar_path) == ana.avatar.read()
    assert {row["email"]: row["verified"] for row in sections["email_addresses"]} == {
        "ana.ferreira@example.org": True,
        "ana.work@example.org": False,
    }
    [login] = sections["login_history"]
    assert (login["ip_address"], login["browser"], login["method"]) == (
        READER_IP,
        READER_BROWSER,
        "password",
    )
    [session] = sections["sessions"]
    assert session["ip_address"] == READER_IP
    readme = archive.read("README.txt").decode()
    assert "- login_history:" in readme and avatar_path in readme


def test_secrets_stay_out_of_the_archive(ana_client, ana):
    """Social accounts and second factors are listed, their tokens and keys are not."""
    secret = totp_enable(ana)
    app = SocialApp.objects.create(provider="openid_connect", provider_id="local", name="Local")
    account = SocialAccount.objects.create(
        user=ana, provider="local", uid="sub-4242", extra_data={"name": "Ana F."}
    )
    SocialToken.objects.create(app=app, account=account, token="access-token-very-secret")

    archive = download(ana_client)
    text = archive.read("personal-data.json").decode()
    sections = json.loads(text)["sections"]
    assert sections["social_accounts"][0]["uid"] == "sub-4242"
    assert sections["social_accounts"][0]["data"] == {"name": "Ana F."}
    assert [item["type"] for item in sections["two_factor"]] == ["totp"]
    assert secret not in text and "access-token-very-secret" not in text


def test_the_archive_lists_the_accepted_versions_of_the_privacy_policy(ana_client, ana):
    """Consents: which document, which version, when (from the consent records)."""
    document = LegalDocument.objects.create(
        kind="privacy",
        title="Privacy policy",
        body="<p>We keep little.</p>",
        locale=Locale.get_default(),
    )
    version = LegalDocumentVersion.objects.create(
        document=document,
        number=3,
        title="Privacy policy",
        body="<p>We keep little.</p>",
        published_at=timezone.now(),
    )
    LegalConsent.objects.create(user=ana, version=version, accepted_at=timezone.now())
    [consent] = document_of(download(ana_client))["sections"]["consents"]
    assert (consent["title"], consent["version"]) == ("Privacy policy", 3)


def test_another_app_adds_its_section_without_editing_the_export(ana_client, ana):
    """A section registered elsewhere (as comments and push will) lands in the archive."""

    @export.personal_data_section("harbour_alerts", title="Harbour alerts", order=90)
    def harbour_alerts(user):
        return export.SectionExport(
            data=[{"port": "Leixões", "since": datetime.date(2026, 1, 2)}],
            files=[export.ExportFile(name="alerts.txt", content=b"Leixoes\n")],
        )

    try:
        archive = download(ana_client)
    finally:
        export._sections.pop("harbour_alerts")
    assert document_of(archive)["sections"]["harbour_alerts"] == [
        {"port": "Leixões", "since": "2026-01-02"}
    ]
    assert archive.read("files/harbour_alerts/alerts.txt") == b"Leixoes\n"


def test_the_download_asks_for_the_password_first_then_resumes(ana_client, ana):
    """allauth's reauthentication guards the archive; a wrong password gets nothing."""
    response = ana_client.post("/account/export/")
    assert response.status_code == 302
    reauthenticate = response["Location"]
    assert reauthenticate.startswith("/account/reauthenticate/")
    wrong = ana_client.post(reauthenticate, {"password": "not the passphrase"})
    assert wrong.status_code == 200 and wrong["Content-Type"].startswith("text/html")
    resumed = ana_client.post(reauthenticate, {"password": PASSWORD})
    assert resumed["Content-Type"] == "application/zip"
    # Within the next five minutes the password is not asked again.
    assert ana_client.post("/account/export/")["Content-Type"] == "application/zip"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert ana_client.post("/account/export/").status_code == 302
