"""A reader's whole life cycle in a real browser (acceptance 1 of the readers issue).

Register, confirm, log in, upload a picture, download the archive, delete the account, fail to
log in, restore it, delete it again, let 31 days pass, purge: nothing personal is left.
Debian's Chromium through Playwright against the live server (fixtures in
masthead/news/tests/conftest.py); each step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Locator
from wagtail.models import Locale

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401 - fixtures
from masthead.readers.models import LegalDocument, LegalDocumentVersion, LoginRecord
from masthead.readers.tasks import accounts_purge_due_task

from .personal_data_scan import files_left, leftovers_anywhere, leftovers_in_personal_tables
from .test_avatars import photo_bytes

# Serialized rollback: the home page and locales made by migrations are there for this test
# even when another live-server test ran before it in the same process.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "marta.lifecycle@example.org"
NAME = "Marta Quayside"
PASSWORD = "a quiet harbour at dawn, twice"


def link_in_last_mail(pattern: str) -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(rf"https?://[^/\s]+({pattern}\S+/)", body)
    assert found, body
    return found.group(1)


def privacy_policy_published() -> None:
    """A privacy policy that members must accept, so sign-up shows its consent box."""
    document = LegalDocument.objects.create(
        kind="privacy",
        title="Privacy policy",
        body="<p>We keep your e-mail address to let you log in.</p>",
        locale=Locale.get_default(),
        live=True,
    )
    LegalDocumentVersion.objects.create(
        document=document,
        number=1,
        title=document.title,
        body=document.body,
        requires_consent=True,
        published_at=timezone.now(),
    )


def tick_every_box(form: Locator) -> int:
    """Whatever consent the form asks for (terms, privacy policy), the reader gives it."""
    boxes = form.locator("input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    return boxes.count()


def log_in(page, *, password: str = PASSWORD, on_login_page: bool = False) -> None:
    if not on_login_page:
        page.goto("/account/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def delete_account(page) -> None:
    page.goto("/account/delete/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account closes now").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("Your account is closed.").is_visible()
    assert page.get_by_role("link", name="Log in").is_visible()


def test_a_reader_registers_leaves_comes_back_leaves_again_and_is_forgotten(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """The whole life cycle, then a purge that leaves no personal data in any table or file."""
    page = browser_page
    privacy_policy_published()

    # Register (the anti-robot check solves itself in the page) and confirm by e-mail.
    page.goto("/account/signup/")
    form = page.locator("form", has=page.get_by_role("button", name="Sign Up"))
    form.locator("input[name=display_name]").fill(NAME)
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    consent_boxes = tick_every_box(form)
    screenshot("lifecycle-01-sign-up")
    form.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/account/confirm-email/$"))
    page.goto(link_in_last_mail("/account/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    screenshot("lifecycle-02-confirmed")

    # Log in afresh and be greeted by name.
    page.context.clear_cookies()
    log_in(page)
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text(f"Hello, {NAME}!").is_visible()
    screenshot("lifecycle-03-hello")

    # Upload a picture: it becomes the header's avatar.
    page.goto("/account/profile/")
    page.locator("input[name=avatar]").set_input_files(
        {"name": "me-at-the-port.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(re.compile(r"/account/profile/$"))
    assert page.get_by_text("Your profile is saved.").is_visible()
    header_avatar = page.locator(".account-menu img.avatar")
    assert header_avatar.evaluate("img => img.complete && img.naturalWidth") == 256
    screenshot("lifecycle-04-avatar")

    # Download the archive (allauth asks for the password first) and read it.
    page.goto("/account/export/")
    page.get_by_role("button", name="Download my data").click()
    page.wait_for_url(re.compile(r"/account/reauthenticate/"))
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Confirm").click()
    download = download_info.value
    assert re.fullmatch(r"personal-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(download.path())
    sections = json.loads(archive.read("personal-data.json"))["sections"]
    assert sections["profile"]["display_name"] == NAME
    assert sections["profile"]["email"] == EMAIL
    assert [row["email"] for row in sections["email_addresses"]] == [EMAIL]
    assert any(row["method"] == "password" for row in sections["login_history"])
    avatar = Image.open(io.BytesIO(archive.read(sections["profile"]["avatar"])))
    assert (avatar.format, avatar.size) == ("WEBP", (256, 256))
    if consent_boxes:  # the sign-up form asked for consent: the archive says which version
        assert [row["version"] for row in sections["consents"]] == [1]
    screenshot("lifecycle-05-export")

    # Delete the account: logged out at once, and the password no longer opens it.
    user = get_user_model().objects.get(email=EMAIL)
    ip_address = LoginRecord.objects.filter(user=user).values_list("ip_address", flat=True)[0]
    files = [user.avatar.name]
    delete_account(page)
    screenshot("lifecycle-06-deleted")
    log_in(page)
    assert page.get_by_role("heading", name="This account is closed").is_visible()
    assert page.get_by_text("It will be erased for good on").is_visible()
    assert page.get_by_text("Hello,").count() == 0
    screenshot("lifecycle-07-log-in-refused")

    # Restore it by the e-mailed link, and log in again.
    page.goto(link_in_last_mail("/account/restore/"))
    page.get_by_role("button", name="Restore my account").click()
    page.wait_for_url(re.compile(r"/account/login/"))
    assert page.get_by_text("Your account is restored.").is_visible()
    screenshot("lifecycle-08-restored")
    log_in(page, on_login_page=True)
    page.wait_for_url(re.compile(r"/account/profile/$"))
    assert page.get_by_text(f"Hello, {NAME}!").is_visible()

    # Delete it again, and let the 30 days of grace pass.
    delete_account(page)
    restore_link = link_in_last_mail("/account/restore/")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        with django_capture_on_commit_callbacks(execute=True):
            accounts_purge_due_task.enqueue()
        page.goto(restore_link)
        assert page.get_by_role("heading", name="This restore link has expired").is_visible()
        screenshot("lifecycle-09-expired")

    # Nothing personal is left: the listed tables, every text column, every reference, files.
    assert leftovers_in_personal_tables(user_id=user.pk, emails=[EMAIL]) == []
    assert leftovers_anywhere(user_id=user.pk, needles=[EMAIL, NAME, str(ip_address)]) == []
    assert files_left(files) == []
