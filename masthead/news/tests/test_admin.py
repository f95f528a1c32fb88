"""Editors work in Wagtail's admin: every page type opens, and a draft article saves."""

from __future__ import annotations

import pytest

from .admin_forms import article_form_data

pytestmark = pytest.mark.django_db


def test_the_editor_opens_every_page_type(admin_client, home, section, article_factory):
    """The home, a section and an article open in the page editor."""
    article = article_factory(with_image=True)

    for page in (home, section, article):
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


def test_an_editor_saves_a_draft_article_with_a_byline(admin_client, section, author_ana):
    """Posting the add form creates a draft that is not yet on the site."""
    from masthead.news.models import ArticlePage

    data = article_form_data(
        title="Draft: bridge repairs",
        slug="bridge-repairs",
        lede="Work starts in spring.",
        author_id=author_ana.pk,
        tags="bridges, transport",
        comments_open="on",
    )

    response = admin_client.post(f"/admin/pages/add/news/articlepage/{section.pk}/", data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    article = ArticlePage.objects.get(slug="bridge-repairs")
    assert not article.live
    assert [b.author for b in article.bylines.all()] == [author_ana]


def test_publishing_an_incomplete_article_keeps_what_the_editor_typed(admin_client, section):
    """Publishing without a lede fails with a message and the headline is still in the form."""
    data = article_form_data(
        title="Headline the editor typed",
        slug="typed",
        lede="",
        author_id=None,
        **{"action-publish": "action-publish"},
    )

    response = admin_client.post(f"/admin/pages/add/news/articlepage/{section.pk}/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Headline the editor typed" in html
    assert "This field is required" in html
