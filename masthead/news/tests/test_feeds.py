"""RSS 2.0 and Atom feeds for the site, each section and each tag parse, with stable GUIDs."""

from __future__ import annotations

import feedparser
import pytest

from masthead.news.tests.editions import french_article

pytestmark = pytest.mark.django_db

FEED_KINDS = ("rss", "atom")


def parsed_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_site_feed_parses_and_lists_articles_newest_first(client, article_factory, kind):
    """Given two stories, the site feed parses cleanly and lists the newer one first."""
    older = article_factory(title="Older story", hours_ago=5)
    newer = article_factory(title="Newer & bolder story", hours_ago=1)

    feed = parsed_feed(client, f"/feeds/{kind}/")

    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert feed.entries[0].link == newer.full_url
    assert feed.entries[0].author == "Ana Ferreira"
    if kind == "rss":
        assert feed.feed.language == "en"


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_section_feed_lists_only_the_sections_articles(client, article_factory, section, kind):
    """A section's feed lists the stories under it and none from elsewhere."""
    world = section.get_parent().specific
    inside = article_factory(title="Typhoon season opens early")
    elsewhere = article_factory(title="Markets rally", parent=world)

    feed = parsed_feed(client, f"{section.url}feeds/{kind}/")

    titles = [entry.title for entry in feed.entries]
    assert titles == [inside.title]
    assert elsewhere.title not in titles
    assert "Asia & Pacific" in feed.feed.title


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_tag_feed_lists_only_tagged_articles(client, article_factory, kind):
    """A tag's feed lists the stories carrying that tag."""
    tagged = article_factory(title="Ports close", tags=("ports",))
    article_factory(title="Elections held", tags=("politics",))

    feed = parsed_feed(client, f"/tags/ports/feeds/{kind}/")

    assert [entry.title for entry in feed.entries] == [tagged.title]


def test_unknown_tag_feed_is_a_clean_404(client, article_factory):
    """A feed for a tag nobody used is a 404, not an empty feed or a 500."""
    article_factory()

    assert client.get("/tags/no-such-tag/feeds/rss/").status_code == 404


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_feed_guid_survives_a_new_headline_and_slug(
    client, article_factory, django_capture_on_commit_callbacks, kind
):
    """When an editor rewrites the headline and slug, the item keeps its GUID."""
    article = article_factory(title="First headline")
    before = parsed_feed(client, f"/feeds/{kind}/").entries[0]

    article.title = "A completely different headline"
    article.slug = "a-different-slug"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    after = parsed_feed(client, f"/feeds/{kind}/").entries[0]

    assert after.title == "A completely different headline"
    assert after.link != before.link
    assert after.id == before.id
    assert str(article.pk) in after.id


def test_empty_site_feed_still_parses(client, home):
    """A new site with no articles yet serves a valid, empty feed."""
    for kind in FEED_KINDS:
        assert parsed_feed(client, f"/feeds/{kind}/").entries == []


def test_french_edition_feed_lists_french_articles_in_french(client, article_factory):
    """/fr/feeds/rss/ carries the French edition only, and says its language is French."""
    article = article_factory(title="Harbour reopens")
    french = french_article(article, title="Le port rouvre")

    feed = parsed_feed(client, "/fr/feeds/rss/")

    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == [french.title]
    assert feed.entries[0].link == french.full_url
