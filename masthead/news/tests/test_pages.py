"""The reader's pages render with what an editor published."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_lead_story_and_the_rails(client, article_factory):
    """Given published articles, the home page leads with the newest and lists the rails."""
    older = article_factory(title="Older story", hours_ago=5)
    newest = article_factory(title="Newest story", hours_ago=1, is_multimedia=True)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert newest.title in html and older.title in html
    for rail in ("All news", "Recommended", "Multimedia", "Trending"):
        assert rail in html


def test_article_page_shows_headline_lede_byline_times_in_gmt(client, article_factory):
    """An article shows its headline, lede, byline and GMT time."""
    article = article_factory(with_image=True)

    response = client.get(article.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert article.title in html and article.lede in html
    assert "Ana Ferreira" in html
    assert article.first_published_at.strftime("%H:%M GMT %d.%m.%Y") in html
    assert "© Masthead Photo / Lee Park" in html
    assert f"/s/{article.short_code}" in html


def test_section_page_lists_articles_of_its_subsections(client, article_factory, section):
    """The World section lists an article filed under World › Asia & Pacific."""
    article = article_factory()

    response = client.get(section.get_parent().url)

    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_tag_page_lists_tagged_articles_and_an_unknown_tag_is_404(client, article_factory, home):
    """/tags/<slug>/ lists articles with that tag; a tag nobody used is a clean 404."""
    article = article_factory(tags=("ports",))

    assert article.title in client.get("/tags/ports/").content.decode()
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_author_page_lists_the_authors_articles(client, article_factory, author_ana):
    """An author's profile page lists the stories with their byline."""
    article = article_factory()

    response = client.get(f"/authors/{author_ana.slug}/")

    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_malformed_cursor_gets_a_404_not_a_500(client, article_factory):
    """A cursor Masthead did not issue ends in a friendly 404."""
    article_factory()

    response = client.get("/news/?before=%%%not-a-cursor")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_the_french_edition_speaks_french(client, home, article_factory):
    """/fr/ is the French home page, and its interface is in French."""
    from wagtail.models import Locale

    article_factory()
    french = Locale.objects.get_or_create(language_code="fr")[0]
    home.copy_for_translation(french).save_revision().publish()

    response = client.get("/fr/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "Toute l'actualité" in html or "Toute l&#x27;actualité" in html


def test_section_page_offers_its_subsections_not_its_articles_as_chips(
    client, section, article_factory
):
    """World lists Asia & Pacific as a subsection; an article filed directly is not one."""
    world = section.get_parent().specific
    article_factory(title="Filed directly under World", parent=world)

    html = client.get(world.url).content.decode()

    chips = html.split('class="chips"', 1)[1].split("</ul>", 1)[0]
    assert "Asia &amp; Pacific" in chips
    assert "Filed directly under World" not in chips


def test_a_translated_article_lists_its_related_stories_in_its_own_language(
    client, article_factory
):
    """The French copy of a story relates the French versions, never the English ones."""
    from masthead.news.models import ArticleRelated

    from .editions import french_article

    story = article_factory(title="Harbour reopens")
    translated_neighbour = article_factory(title="Ferries return")
    english_only = article_factory(title="Port strike ends")
    for order, other in enumerate([translated_neighbour, english_only]):
        ArticleRelated.objects.create(article=story, related_article=other, sort_order=order)
    french_neighbour = french_article(translated_neighbour, title="Les ferries reviennent")
    french_story = french_article(story, title="Le port rouvre")

    html = client.get(french_story.url).content.decode()
    english = client.get(story.url).content.decode()

    assert "Les ferries reviennent" in html and french_neighbour.url in html
    assert "Ferries return" not in html and "Port strike ends" not in html
    assert "Ferries return" in english and "Port strike ends" in english
