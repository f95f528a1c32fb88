"""Push reads: a browser's topics, what a reader may follow, a member's subscriptions, alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from .models import PushAlert, PushSubscription, PushTopic

if TYPE_CHECKING:
    from masthead.readers.models import User


@dataclass(frozen=True)
class FollowedStory:
    topic: str
    title: str
    url: str


def push_subscription_topics(endpoint: str) -> list[str] | None:
    """The topics of the subscription with this endpoint; None if there is none."""
    subscription = PushSubscription.objects.filter(endpoint=endpoint).only("pk").first()
    if subscription is None:
        return None
    return sorted(subscription.topics.values_list("name", flat=True))


def push_followed_stories(topics: list[str]) -> list[FollowedStory]:
    """The live stories behind "story:<id>" topics, with their titles, newest first."""
    from masthead.news.models import ArticlePage

    ids = [int(name.partition(":")[2]) for name in topics if name.startswith("story:")]
    articles = ArticlePage.objects.live().filter(pk__in=ids).order_by("-first_published_at")
    return [
        FollowedStory(topic=f"story:{article.pk}", title=article.title, url=article.url or "")
        for article in articles.only("id", "title", "url_path", "path", "depth")
    ]


def push_sections_of_edition(language: str) -> list[tuple[str, str]]:
    """(topic, title) for each live section of an edition, in the tree's order."""
    from masthead.news.models import SectionPage

    sections = (
        SectionPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
        .values_list("pk", "title")
    )
    return [(f"section:{pk}", title) for pk, title in sections]


def push_subscriptions_of_member(member: User) -> QuerySet[PushSubscription]:
    """A member's subscriptions with their topics, newest first (the profile's list)."""
    return (
        PushSubscription.objects.filter(member=member)
        .prefetch_related(Prefetch("topics", queryset=PushTopic.objects.order_by("name")))
        .order_by("-created_at")
    )


def push_alerts_recent(limit: int) -> list[PushAlert]:
    return list(PushAlert.objects.select_related("created_by")[:limit])


def push_alert_automatic_of(page_id: int) -> PushAlert | None:
    return PushAlert.objects.filter(page_id=page_id, automatic=True).first()
