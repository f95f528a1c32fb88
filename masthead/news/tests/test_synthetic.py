"""Synthetic articles (the bulk path behind `seed --articles N`) behave like published ones."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from masthead.news.demo.synthetic import synthetic_articles_create
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic_articles(home) -> list[ArticlePage]:
    created = synthetic_articles_create(count=50, log=lambda message: None, seed=7)
    assert created == 50
    return list(ArticlePage.objects.order_by("id"))


def test_synthetic_articles_are_live_and_keep_the_page_tree_consistent(synthetic_articles):
    """Fifty bulk-created articles are live, and treebeard finds nothing to fix in the tree."""
    assert len(synthetic_articles) == 50
    assert all(
        article.live and not article.has_unpublished_changes for article in synthetic_articles
    )
    section = synthetic_articles[0].get_parent()
    assert section.numchild == Page.objects.child_of(section).count()

    output = io.StringIO()
    call_command("fixtree", stdout=output)

    assert output.getvalue().count("No problems found") == 2, output.getvalue()


def test_synthetic_article_is_served_at_its_url(client, synthetic_articles):
    """A synthetic article is routable and shows its headline, byline and body."""
    article = synthetic_articles[17]

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    assert article.bylines.first().author.name in html


def test_synthetic_articles_are_found_by_search(client, synthetic_articles):
    """The search index holds synthetic articles: their headline finds them."""
    article = synthetic_articles[3]

    found = list(ArticlePage.objects.live().search(article.title))
    response = client.get("/search/", {"q": article.title})

    assert article in found
    assert response.status_code == 200
    assert article.url in response.content.decode()


def test_synthetic_articles_continue_after_existing_children(synthetic_articles):
    """A second run appends after the last child of each section without clashing paths."""
    synthetic_articles_create(count=30, log=lambda message: None, seed=8)

    paths = list(ArticlePage.objects.values_list("path", flat=True))
    assert len(paths) == len(set(paths)) == 80


def test_synthetic_articles_of_another_edition_are_found_by_that_editions_search(client, home):
    """`seed --articles N --edition ru`: the articles are in the Russian edition, whose search
    finds them, and the English search does not."""
    from masthead.news.tests.editions import edition_copy_publish

    edition_copy_publish(home, "ru")
    synthetic_articles_create(count=5, log=lambda message: None, seed=7, language="ru")
    article = ArticlePage.objects.filter(locale__language_code="ru").order_by("id").first()

    russian = client.get("/ru/search/", {"q": article.title}).content.decode()
    english = client.get("/search/", {"q": article.title}).content.decode()

    assert article.url in russian
    assert article.url not in english


def test_seed_refuses_an_edition_that_is_not_a_language_of_the_site(home):
    """`seed --edition xx` stops with a message, before writing anything."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--edition"):
        call_command("seed", articles=1, edition="xx")


def test_synthetic_articles_are_written_in_their_editions_language(home):
    """Russian ones in Russian words (drawn from the demo's Russian stories), Chinese ones in
    Han characters without spaces, so each edition's analysis (stems, bigrams) is exercised."""
    import re

    from masthead.news.tests.editions import edition_copy_publish

    for language in ("ru", "zh-hans"):
        edition_copy_publish(home, language)
        synthetic_articles_create(count=3, log=lambda message: None, language=language)
    russian = ArticlePage.objects.filter(locale__language_code="ru")
    chinese = ArticlePage.objects.filter(locale__language_code="zh-hans")

    assert russian.count() == chinese.count() == 3
    for article in russian:
        assert re.search("[а-яё]", article.title.lower())
        assert not re.search("[a-z]", article.title.lower() + article.lede.lower())
    for article in chinese:
        assert re.search("[\u4e00-\u9fff]{4}", article.title)
        assert " " not in article.title + article.lede


def test_synthetic_text_is_the_same_for_the_same_seed():
    """An edition's generated text depends on the seed alone (`seed` passes one made of the
    edition and its number of articles), not on the run."""
    import random

    from masthead.news.demo.synthetic import TextMaker, edition_vocabulary

    def sample(language: str, seed: str) -> list[str]:
        maker = TextMaker(random.Random(seed), edition_vocabulary(language))
        return [maker.article().lede for _ in range(3)]

    assert sample("ru", "ru:0") == sample("ru", "ru:0")
    assert sample("ru", "ru:0") != sample("ru", "ru:3")
    assert sample("zh-hans", "zh-hans:0") == sample("zh-hans", "zh-hans:0")
