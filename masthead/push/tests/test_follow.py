"""Following a story or a section, the settings page, a member's subscriptions in the profile,
and the sections' automatic alerts on a story's first publication within the hourly cap."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from conftest import totp_enable
from masthead.news.tests.admin_forms import article_form_data
from masthead.push import services
from masthead.push.errors import PushError
from masthead.push.models import PushAlert, PushDelivery, PushSubscription
from masthead.readers.tests.personas import reader_create

from .test_admin import reader

pytestmark = pytest.mark.django_db

P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"
ENDPOINT = "https://push.example.net/send/abc"


def subscribed(topics=("breaking",), *, endpoint=ENDPOINT, language="en", member=None):
    return services.push_subscription_save(
        endpoint=endpoint,
        p256dh=P256DH,
        auth=AUTH,
        language=language,
        topics=topics,
        member=member,
    )


def names(subscription: PushSubscription) -> list[str]:
    return sorted(subscription.topics.values_list("name", flat=True))


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_following_adds_to_what_the_browser_follows_and_unfollowing_removes_only_that():
    """Given a browser that follows breaking news, when it follows then unfollows a story,
    then breaking news stays followed throughout."""
    subscription = subscribed()
    services.push_subscription_topics_change(endpoint=ENDPOINT, follow=["story:12"])
    assert names(subscription) == ["breaking", "story:12"]
    services.push_subscription_topics_change(endpoint=ENDPOINT, follow=["story:12"])
    assert names(subscription) == ["breaking", "story:12"]
    services.push_subscription_topics_change(endpoint=ENDPOINT, unfollow=["story:12"])
    assert names(subscription) == ["breaking"]


def test_subscribing_again_from_the_follow_button_keeps_the_earlier_topics():
    """Given a browser following breaking news, when the follow button subscribes it again
    with merge, then it follows both; without merge (the settings page) the list replaces."""
    subscribed(["breaking"])
    merged = services.push_subscription_save(
        endpoint=ENDPOINT,
        p256dh=P256DH,
        auth=AUTH,
        language="en",
        topics=["story:3"],
        merge_topics=True,
    )
    assert names(merged) == ["breaking", "story:3"]
    replaced = subscribed(["section:4"])
    assert names(replaced) == ["section:4"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"follow": ["story:x"]}, "topic_invalid"),
        ({"follow": ["story:١٢"]}, "topic_invalid"),
        ({"follow": ["everything"]}, "topic_invalid"),
        ({"follow": [f"story:{n}" for n in range(201)]}, "topics_too_many"),
    ],
)
def test_a_bad_topic_is_refused_and_changes_nothing(change, code):
    subscription = subscribed()
    with pytest.raises(PushError) as error:
        services.push_subscription_topics_change(endpoint=ENDPOINT, **change)
    assert error.value.code == code
    assert names(subscription) == ["breaking"]


def test_the_topics_view_reads_and_changes_one_browsers_topics(client, article_factory):
    """Given a subscribed browser, the view answers what it follows, with the stories' titles."""
    article = article_factory(title="Storm moves north")
    subscribed()
    answer = post(client, reverse("push_topics"), {"endpoint": ENDPOINT})
    assert answer.status_code == 200
    assert answer.json() == {"topics": ["breaking"], "stories": []}

    answer = post(
        client,
        reverse("push_topics"),
        {"endpoint": ENDPOINT, "follow": [f"story:{article.pk}"], "unfollow": ["breaking"]},
    )
    assert answer.json() == {
        "topics": [f"story:{article.pk}"],
        "stories": [
            {"topic": f"story:{article.pk}", "title": "Storm moves north", "url": article.url}
        ],
    }


def test_the_topics_view_tells_an_unknown_browser_to_subscribe_again(client):
    answer = post(client, reverse("push_topics"), {"endpoint": ENDPOINT, "follow": ["breaking"]})
    assert answer.status_code == 404
    assert answer.json()["error"] == "subscription_unknown"
    assert "turn notifications on again" in answer.json()["message"]


@pytest.mark.parametrize(
    "body",
    [b"[]", b"not json", json.dumps({"endpoint": ENDPOINT, "follow": "story:1"}).encode()],
)
def test_the_topics_view_refuses_a_malformed_body_with_a_message(client, body):
    subscribed()
    answer = client.post(reverse("push_topics"), body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["message"]


def test_the_topics_view_needs_the_csrf_token_the_setup_gives(client):
    """Given a page from the cache, the script posts with the token from GET /push/subscribe/."""
    client.handler.enforce_csrf_checks = True
    subscribed()
    assert post(client, reverse("push_topics"), {"endpoint": ENDPOINT}).status_code == 403
    token = client.get(reverse("push_subscribe")).json()["csrfToken"]
    answer = client.post(
        reverse("push_topics"),
        json.dumps({"endpoint": ENDPOINT}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert answer.status_code == 200


def test_the_settings_page_lists_the_editions_sections_in_its_language(client, section):
    """Given the English and French editions, each settings page offers its own sections."""
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="section:{section.pk}"' in html
    assert "Asia &amp; Pacific" in html
    assert 'value="breaking"' in html
    french = client.get("/fr/notifications/").content.decode()
    assert "Notifications" in french
    assert f'value="section:{section.pk}"' not in french
    assert "Alertes info" in french


def test_every_page_links_to_the_notification_settings(client, article_factory):
    article = article_factory()
    html = client.get(article.url).content.decode()
    assert 'href="/notifications/"' in html
    assert f'data-push-follow="story:{article.pk}"' in html


def test_a_member_sees_and_removes_their_browsers_subscriptions_in_the_profile(client, section):
    """Given a member with two subscribed browsers, the profile lists both with what they
    follow; removing one leaves the other, and nobody can remove another member's."""
    member = reader_create(email="ana@example.org", display_name="Ana")
    other = reader_create(email="bo@example.org", display_name="Bo")
    first = subscribed(["breaking", f"section:{section.pk}", "story:9"], member=member)
    second = subscribed(["breaking"], endpoint=ENDPOINT + "2", member=member)
    foreign = subscribed(["breaking"], endpoint=ENDPOINT + "3", member=other)
    client.force_login(member)
    html = client.get(reverse("readers_profile")).content.decode()
    assert "Breaking news, Asia &amp; Pacific, 1 story" in html
    assert html.count("Stop these notifications") == 2

    response = client.post(reverse("push_member_subscription_delete", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("#notifications")
    assert list(PushSubscription.objects.filter(member=member)) == [second]
    client.post(reverse("push_member_subscription_delete", args=[foreign.pk]))
    assert PushSubscription.objects.filter(pk=foreign.pk).exists()


def test_a_guest_cannot_remove_subscriptions(client):
    subscription = subscribed()
    response = client.post(reverse("push_member_subscription_delete", args=[subscription.pk]))
    assert response.status_code == 302
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


# Automatic alerts


@pytest.fixture
def alerting_section(section):
    section.push_on_publish = True
    section.save_revision().publish()
    return section


def test_a_story_first_published_in_an_alerting_section_alerts_its_followers(
    alerting_section, article_factory, push_service, django_capture_on_commit_callbacks
):
    """Given followers of the section, of another section and of breaking news, when a story
    is first published there, only the section's followers get it, decrypted as sent."""
    follower = reader(push_service, topics=[f"section:{alerting_section.pk}"])
    others = [
        reader(push_service, topics=["breaking"]),
        reader(push_service, topics=[f"section:{alerting_section.pk + 1000}"]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        article = article_factory(title="Typhoon makes landfall", lede="Winds of 200 km/h.")
    alert = PushAlert.objects.get(page_id=article.pk)
    assert alert.automatic and alert.state == PushAlert.State.DONE
    assert alert.topics == [f"section:{alerting_section.pk}"]
    [received] = push_service.received_by(follower.endpoint)
    assert received.payload["title"] == "Typhoon makes landfall"
    assert received.payload["body"] == "Winds of 200 km/h."
    assert received.payload["settings"].endswith("/notifications/")
    assert received.payload["settingsLabel"] == "Notification settings"
    assert received.topic == f"story-{article.pk}"
    assert all(not push_service.received_by(other.endpoint) for other in others)


def test_republishing_a_story_or_publishing_in_a_quiet_section_sends_nothing(
    section, alerting_section, article_factory, home
):
    article = article_factory()
    assert PushAlert.objects.count() == 1
    article.lede = "Corrected."
    article.save_revision().publish()
    assert PushAlert.objects.count() == 1

    from masthead.news.models import SectionPage

    quiet = SectionPage(title="Sport", slug="sport")
    home.add_child(instance=quiet)
    quiet.save_revision().publish()
    article_factory(parent=quiet)
    assert PushAlert.objects.count() == 1


def test_the_hourly_cap_holds_automatic_alerts_for_an_editor_to_send(
    alerting_section, article_factory, settings, django_capture_on_commit_callbacks
):
    """Given a cap of 2 an hour, when four stories are published at once, two alerts go out
    and two are held; an editor's send releases one; another edition is not capped."""
    settings.MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            article_factory()
    states = list(PushAlert.objects.order_by("pk").values_list("state", flat=True))
    assert states == ["done", "done", "held", "held"]

    held = PushAlert.objects.filter(state=PushAlert.State.HELD).first()
    assert held is not None
    assert services.push_alerts_resume() == 0  # the periodic resume never sends a held alert
    with django_capture_on_commit_callbacks(execute=True):
        assert services.push_alert_held_send(alert_id=held.pk)
    held.refresh_from_db()
    assert held.state == PushAlert.State.DONE
    assert not services.push_alert_held_send(alert_id=held.pk)
    assert services.push_alerts_sent_in_last_hour("fr") == 0


def test_the_editor_who_publishes_is_told_of_the_alert_or_its_hold(
    admin_client, alerting_section, author_ana, settings
):
    """Given an edition at its hourly cap, when an editor publishes a story in an alerting
    section from the admin, the alert is held and the editor is told so on the next page."""
    settings.MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR = 0
    data = article_form_data(
        title="Bridge closes",
        slug="bridge-closes",
        lede="Repairs start.",
        author_id=author_ana.pk,
        **{"action-publish": "action-publish"},
    )
    response = admin_client.post(
        f"/admin/pages/add/news/articlepage/{alerting_section.pk}/", data, follow=True
    )
    assert PushAlert.objects.get().state == PushAlert.State.HELD
    assert "was held" in response.content.decode()


def test_the_dashboard_shows_the_last_alerts_to_those_who_send_them(client, django_user_model):
    services.push_alert_create(
        title="Polls close",
        text="Counting starts.",
        url="https://news.example/polls/",
        language="en",
        topics=["breaking"],
    )
    editor = django_user_model.objects.create_superuser(
        username="ed", email="ed.north@example.org", password="x"
    )
    totp_enable(editor)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Latest push alerts" in html
    assert "Polls close" in html


def test_an_editor_sends_an_alert_from_a_live_article_to_its_followers(
    admin_client, article_factory, section
):
    """Given a live article, its editor and its listing offer Send a push alert, whose form
    names the story's followers as audience; a section offers no such button."""
    article = article_factory(title="Storm moves north")
    send = f"/admin/push/alerts/send/?page={article.pk}"
    assert send in admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert send in admin_client.get(f"/admin/pages/{section.pk}/").content.decode()
    assert (
        "/admin/push/alerts/send/?page="
        not in admin_client.get(f"/admin/pages/{section.pk}/edit/").content.decode()
    )
    form = admin_client.get(send).content.decode()
    assert f'name="story_ids" value="{article.pk}"' in form
    assert 'value="Storm moves north"' in form


def test_a_members_subscriptions_are_in_their_data_export_without_their_keys(client):
    """Given a member's subscribed browser that got an alert, the archive lists the browser,
    what it follows and the alert, and not the subscription's keys."""
    from masthead.readers.tests.personas import log_in
    from masthead.readers.tests.test_export import download

    member = reader_create(email="ana@example.org", display_name="Ana")
    subscription = subscribed(["breaking", "story:9"], member=member)
    alert = services.push_alert_create(
        title="Polls close",
        text="Counting starts.",
        url="https://news.example/polls/",
        language="en",
        topics=["breaking"],
    )
    PushDelivery.objects.create(alert=alert, subscription=subscription, state="accepted")
    log_in(client, email=member.email)
    archive = download(client)
    text = archive.read("personal-data.json").decode()
    [browser] = json.loads(text)["sections"]["push_notifications"]
    assert browser["endpoint"] == ENDPOINT
    assert browser["follows"] == ["breaking", "story:9"]
    assert [sent["alert"] for sent in browser["alerts"]] == ["Polls close"]
    assert P256DH not in text and AUTH not in text


def test_a_closed_accounts_browsers_get_nothing_until_it_is_restored(push_service):
    """Given a member and a guest subscribed, when the member closes the account, an alert
    reaches only the guest; restored, the member's browser gets the next one; purged, its
    subscription goes with the account."""
    from masthead.readers.services.lifecycle import (
        account_close,
        account_restore,
    )

    member = reader_create(email="ana@example.org", display_name="Ana")
    theirs, guests = reader(push_service, member=member), reader(push_service)

    def alert_sent(title):
        alert = PushAlert.objects.create(
            title=title,
            text="-",
            url="https://news.example/",
            language="en",
            topics=["breaking"],
        )
        return services.push_alert_fan_out(alert_id=alert.pk)

    closure = account_close(user=member)
    assert alert_sent("While closed").accepted_count == 1
    assert not push_service.received_by(theirs.endpoint)
    assert len(push_service.received_by(guests.endpoint)) == 1

    account_restore(closure=closure)
    assert alert_sent("After the restore").accepted_count == 2
    assert [r.payload["title"] for r in push_service.received_by(theirs.endpoint)] == [
        "After the restore"
    ]
    member.delete()
    assert not PushSubscription.objects.filter(pk=theirs.pk).exists()
