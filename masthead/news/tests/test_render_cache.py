"""The article page's cached version (route probe, page object, fragment) never serves stale news.

With the full-page cache off, a second request reuses the page object and the rendered
fragment of the same published version; everything that may change between two requests
(published or not, version, place, counters, view restrictions) is read on every request.
"""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.news.models import ArticlePage, ArticleStats, SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0  # every request reaches the page's code


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_renders_the_same_page_from_its_cached_version(client, article_factory):
    """Given a story read twice (route learnt, page cached), the next read is one query."""
    article = article_factory(with_image=True)
    with time_machine.travel(timezone.now(), tick=False):  # the header's minute stays put
        first = html_of(client, article.url)
        assert html_of(client, article.url) == first

        with CaptureQueriesContext(connection) as queries:
            second = html_of(client, article.url)

    assert second == first
    assert len(queries) == 1, "\n".join(q["sql"] for q in queries.captured_queries)


def test_a_published_change_shows_at_once(
    client, article_factory, django_capture_on_commit_callbacks
):
    """Given a cached story, when an editor publishes a new headline, the next view shows it
    (in the story and in the rails beside it, which publishing drops once committed)."""
    article = article_factory(title="Harbour closed by the storm")
    html_of(client, article.url)

    article.title = "Harbour reopens after the storm"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    html = html_of(client, article.url)
    assert "Harbour reopens after the storm" in html
    assert "Harbour closed by the storm" not in html


def test_an_unpublished_story_is_gone_at_once(client, article_factory):
    """Given a cached story, when an editor unpublishes it, the next view is a 404."""
    article = article_factory()
    html_of(client, article.url)

    article.unpublish()

    assert client.get(article.url).status_code == 404


def test_a_deleted_story_is_gone_at_once(client, article_factory):
    """Given a cached story, when it is deleted, its address answers 404."""
    article = article_factory()
    url = article.url
    html_of(client, url)

    ArticlePage.objects.get(pk=article.pk).delete()

    assert client.get(url).status_code == 404


def test_a_moved_story_leaves_its_old_address_at_once(client, article_factory, section):
    """Given a cached story, when it moves, the old URL redirects (Wagtail's), the new serves."""
    article = article_factory()
    old_url = article.url
    html_of(client, old_url)
    elsewhere = SectionPage(title="Europe", slug="europe")
    section.get_parent().add_child(instance=elsewhere)
    elsewhere.save_revision().publish()

    article.move(elsewhere, pos="last-child")
    article.refresh_from_db()

    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.url
    assert "/europe/" in article.url
    assert article.title in html_of(client, article.url)


def test_counters_are_live_on_a_cached_page(client, article_factory):
    """Given a cached story, when its counts change, the next view shows the new numbers."""
    article = article_factory()
    html_of(client, article.url)

    ArticleStats.objects.create(article=article, views=41, comments=2)

    html = html_of(client, article.url)
    assert '<span class="counter__value">41</span> views' in html
    assert '<span class="counter__value">2</span> comments' in html
    assert '<span class="counter__value">(2)</span>' in html


def test_a_view_restriction_added_to_the_section_applies_at_once(client, article_factory, section):
    """Given a cached story, when its section gets a password, the next view asks for it."""
    article = article_factory(title="Embargoed harbour report")
    html_of(client, article.url)

    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get(article.url)
    assert "Embargoed harbour report" not in response.content.decode()
    assert b'name="password"' in response.content


def test_the_editors_userbar_is_not_cached_with_the_page(client, admin_client, article_factory):
    """Given a story cached from an anonymous view, a logged-in editor still gets the userbar."""
    article = article_factory()
    anonymous = html_of(client, article.url)

    editor = html_of(admin_client, article.url)

    assert "wagtail-userbar" not in anonymous
    assert "wagtail-userbar" in editor
    assert "wagtail-userbar" not in html_of(client, article.url)


def test_the_cached_rendering_links_to_the_public_origin_whatever_host_was_asked(
    client, article_factory, settings
):
    """One origin (BASE_URL) decides the absolute links, whichever host a reader used, so a
    rendering cached through one host is right for every other (issue 11, item 1)."""
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    settings.MASTHEAD_BASE_URL = "http://news.example.org"
    article = article_factory()
    through_testserver = html_of(client, article.url)

    other_host = client.get(article.url, HTTP_HOST="news.example.org").content.decode()

    assert "http://news.example.org/s/" in through_testserver
    assert "http://news.example.org/s/" in other_host


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's prepared statements")
def test_the_route_probe_is_prepared_once_prepared_statements_are_on(client, article_factory):
    """With `prepare_threshold` in the database OPTIONS, PostgreSQL stops planning the probe
    on every view: it is bound server-side, so psycopg can prepare it."""
    article = article_factory()
    html_of(client, article.url)
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, 1
    try:
        for _ in range(3):
            html_of(client, article.url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
    finally:
        raw.prepare_threshold = threshold

    assert any("wagtailcore_pageviewrestriction" in statement for statement in prepared)


def test_a_section_read_again_costs_one_query(client, article_factory, section, settings):
    """Its cached route fetches it with its locale and view restrictions (four queries before)."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    article_factory(title="Harbour reopens after the storm")
    client.get(section.url)
    client.get(section.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(section.url)

    assert response.status_code == 200
    assert len(queries) == 1, [q["sql"][:200] for q in queries.captured_queries]


def test_a_view_restriction_on_a_cached_section_or_its_parent_applies_at_once(
    client, article_factory, section, settings
):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    article_factory(title="Embargoed harbour report")
    html_of(client, section.url)
    html_of(client, section.url)

    PageViewRestriction.objects.create(
        page=section.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get(section.url)
    assert "Embargoed harbour report" not in response.content.decode()
    assert b'name="password"' in response.content


def test_guests_share_the_log_in_links_and_members_still_get_their_own_menu(
    client, article_factory
):
    """The parts marked `same_for_guests` (log-in links, the invitation to comment) are kept
    with the fragment for guests only: a member never gets a guest's, nor a guest a member's."""
    from django.test import Client

    from masthead.readers.tests.personas import reader_create

    article = article_factory()
    member = Client()
    member.force_login(reader_create(email="ana@example.org", display_name="Ana Ferreira"))
    next_here = f"?next={article.url}"

    for _ in range(2):
        guest = html_of(client, article.url)
        assert f'/account/login/{next_here}"' in guest
        assert "Join the discussion" in guest
        assert "Hello, Ana Ferreira!" not in guest

        mine = html_of(member, article.url)
        assert "Hello, Ana Ferreira!" in mine
        assert 'name="body"' in mine
        assert "Join the discussion" not in mine


def test_a_guests_log_in_links_are_rendered_once_per_version_and_path(client, article_factory):
    """Given a story a guest has read, the next guest's view renders neither the account menu
    nor the comment form's template again; a member's view renders both."""
    from django.test import Client
    from django.test.signals import template_rendered

    from masthead.readers.tests.personas import reader_create

    article = article_factory()
    rendered: list[str] = []

    def remember(sender, template, **kwargs):
        rendered.append(template.name)

    guest_parts = {"readers/_account_menu.html", "comments/_form.html"}
    html_of(client, article.url)
    template_rendered.connect(remember)
    try:
        html_of(client, article.url)
        assert guest_parts.isdisjoint(rendered)

        member = Client()
        member.force_login(reader_create(email="ben@example.org", display_name="Ben Okafor"))
        html_of(member, article.url)
        assert guest_parts <= set(rendered)
    finally:
        template_rendered.disconnect(remember)


def test_a_cached_article_view_builds_no_orm_query(client, article_factory, monkeypatch):
    """Given a story read before, the next view compiles no SQL with the ORM (the route's probe
    is plain SQL; an empty queryset that is only iterated is answered without compiling)."""
    from django.db.models.sql.compiler import SQLCompiler

    article = article_factory()
    html_of(client, article.url)  # learns the route
    html_of(client, article.url)  # keeps the page object
    compiled: list[str] = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model.__name__)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    html_of(client, article.url)

    assert compiled == []
