"""A member meets the consent gate in a real browser (acceptance 2 of the readers issue, half).

Debian's Chromium through Playwright against the live server (fixtures in
masthead/news/tests/conftest.py); each step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401 - fixtures
from masthead.readers.models import LegalConsent

from .legal import legal_publish
from .personas import PASSWORD, reader_create

# Serialized rollback: the home page and locales made by migrations are there for this test
# even when another live-server test ran before it in the same process.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_accepts_a_new_privacy_policy_at_the_gate_and_goes_on_to_the_story(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    article_factory,
):
    """Log in, a new policy is published, the next click meets the gate; tick, continue, read."""
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm", hours_ago=1)
    first = legal_publish(kind="privacy")
    member = reader_create(email="ana@example.org", display_name="Ana F")
    LegalConsent.objects.create(user=member, version=first, accepted_at=timezone.now())

    page.goto("/account/login/")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("Hello, Ana F!").is_visible()
    screenshot("consent-01-logged-in")

    second = legal_publish(
        kind="privacy",
        body="<p>We now keep your log-ins for 90 days, to spot ones that were not yours.</p>",
        change_summary="Log-ins are kept for 90 days.",
    )

    page.goto(story.url)
    page.wait_for_url(re.compile(r"/account/consent/\?next="))
    assert page.get_by_role("heading", level=1).inner_text() == "Please review the changes"
    assert page.get_by_text("Log-ins are kept for 90 days.").is_visible()
    assert page.get_by_role("link", name="Delete my account").is_visible()
    screenshot("consent-02-gate")

    page.get_by_role("button", name="Accept and continue").click()
    page.get_by_text("Tick the box to accept the new privacy policy").wait_for()
    assert "/account/consent/" in page.url
    assert not LegalConsent.objects.filter(version=second).exists()
    screenshot("consent-03-refused")

    page.locator("summary", has_text="Read the full text").click()
    assert page.get_by_text("We now keep your log-ins for 90 days").is_visible()
    page.get_by_label("I have read and accept the new privacy policy.").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(re.compile(re.escape(story.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == story.title
    assert page.get_by_text("Thank you. You can carry on where you were.").is_visible()
    screenshot("consent-04-story")

    consent = LegalConsent.objects.get(version=second)
    assert consent.user == member

    page.locator(".site-footer").get_by_role("link", name="Privacy policy").click()
    page.wait_for_url("**/legal/privacy/")
    assert page.get_by_text("Version 2, published").is_visible()
    versions = page.get_by_role("region", name="All versions")
    versions.get_by_role("link", name="Version 1").click()
    page.wait_for_url("**/legal/privacy/1/")
    assert page.get_by_text("This version has been replaced.").is_visible()
    screenshot("consent-05-earlier-version")
