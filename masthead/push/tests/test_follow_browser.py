"""Follow this story and the settings page in Debian's Chromium, as a reader uses them.

As in test_prompt_browser, the push-service double stands in for the browser's push service
(headless Chromium reaches none offline): an init script makes `pushManager.subscribe()`
return a subscription the double made, and `getSubscription()` return it once made (kept in
localStorage, as the browser keeps its subscription across pages). The permission, the
service worker, the pages' scripts and the server are the real ones.
"""

from __future__ import annotations

import json

import pytest

from masthead.push.models import PushSubscription

from .test_prompt_browser import chromium  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROWSER_SUBSCRIPTION = """
(() => {
  const made = %s;
  const subscription = {
    endpoint: made.endpoint,
    toJSON: () => ({ endpoint: made.endpoint, keys: { p256dh: made.p256dh, auth: made.auth } }),
    unsubscribe: async () => { localStorage.removeItem("test.subscribed"); return true; },
  };
  PushManager.prototype.getSubscription = async () =>
    localStorage.getItem("test.subscribed") ? subscription : null;
  PushManager.prototype.subscribe = async () => {
    localStorage.setItem("test.subscribed", "1");
    return subscription;
  };
})();
"""


def topics_stored() -> list[str]:
    subscription = PushSubscription.objects.get()
    return sorted(subscription.topics.values_list("name", flat=True))


def test_a_reader_follows_a_story_then_manages_it_on_the_settings_page(
    chromium,  # noqa: F811
    push_service,
    article_factory,
    section,
):
    """Given a reader on an article, when they press Follow this story, the browser subscribes
    to that story only; the settings page shows it, adds a section, unfollows the story and
    finally turns notifications off, each change stored as the page says."""
    article = article_factory(title="Typhoon moves towards the coast")
    made = push_service.subscribe()
    chromium.add_init_script(BROWSER_SUBSCRIPTION % json.dumps(made))
    page = chromium.new_page()
    page.goto(article.url)

    follow = page.get_by_role("button", name="Follow this story")
    follow.click()
    page.get_by_text("You will get a notification when this story is updated.").wait_for()
    assert topics_stored() == [f"story:{article.pk}"]
    assert page.locator("[data-push-follow] button").get_attribute("aria-pressed") == "true"

    page.reload()
    following = page.get_by_role("button", name="Following this story")
    following.wait_for()
    assert following.get_attribute("aria-pressed") == "true"

    page.get_by_role("link", name="Notifications").click()
    page.get_by_text("This browser gets the notifications ticked below.").wait_for()
    story = page.get_by_role("checkbox", name="Typhoon moves towards the coast")
    assert page.get_by_role("link", name="Typhoon moves towards the coast").is_visible()
    assert story.is_checked()
    assert not page.get_by_role("checkbox", name="Breaking news").is_checked()

    page.get_by_role("checkbox", name="Asia & Pacific").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    assert topics_stored() == [f"section:{section.pk}", f"story:{article.pk}"]

    story.uncheck()
    page.get_by_role("button", name="Save").click()
    # (a locator, not wait_for_function: the site's CSP forbids the eval it uses)
    page.get_by_role("link", name="Typhoon moves towards the coast").wait_for(state="detached")
    assert topics_stored() == [f"section:{section.pk}"]

    page.get_by_role("button", name="Turn off notifications").click()
    page.get_by_text("Notifications are off for this browser.").wait_for()
    assert not PushSubscription.objects.exists()
    assert page.get_by_role("button", name="Turn on notifications").is_visible()

    page.goto(article.url)
    page.get_by_role("button", name="Follow this story").wait_for()
