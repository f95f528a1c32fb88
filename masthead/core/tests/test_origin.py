"""One public origin (BASE_URL → MASTHEAD_BASE_URL) decides every absolute URL the site prints.

The requests here arrive on another host (the test client's `testserver`), as they do behind
a proxy or on 127.0.0.1 when the public address is a name: every absolute address in pages,
feeds, sitemaps, robots.txt, redirects, e-mails and the data export must still be on the
configured origin, and the Wagtail Site follows it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from masthead.comments import services as comment_services
from masthead.comments.export import comments_section
from masthead.comments.tests.conftest import moderation_rules  # noqa: F401 - fixture
from masthead.core.origin import public_origin
from masthead.readers.services.lifecycle import account_close
from masthead.readers.tests.captcha_solver import captcha_solution, signup_form_data
from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db

URL = re.compile(r"""https?://[^\s"'<>)\]]+""")
# Addresses that are not the site's own: XML namespaces, schema.org, the share services
# (whose own `url`/`u` parameter is checked to be on the origin).
FOREIGN = (
    "http://www.sitemaps.org/",
    "http://www.w3.org/",
    "http://www.google.com/schemas/",
    "https://schema.org",
    "http://purl.org/",
    "https://x.com/intent/",
    "https://www.facebook.com/sharer/",
    "https://t.me/share/",
    "https://vk.com/share.php",
)


def absolute_urls(text: str) -> list[str]:
    """Every absolute URL in `text`, with a share service's shared address pulled out."""
    found: list[str] = []
    for url in URL.findall(text.replace("&amp;", "&")):
        url = url.rstrip(".,;")
        if url.startswith(FOREIGN):
            for values in parse_qs(urlsplit(url).query).values():
                found.extend(value for value in values if value.startswith("http"))
            continue
        found.append(url)
    return found


def assert_on_origin(urls: list[str], origin: str, where: str) -> None:
    assert urls, f"{where}: no absolute URL found"
    wrong = [url for url in urls if not (url == origin or url.startswith(origin + "/"))]
    assert wrong == [], f"{where}: not on {origin}: {wrong}"


def walk(client, *, origin: str, article, home) -> dict[str, list[str]]:
    """Every place that prints an absolute URL, read as a reader, a feed reader or a robot."""
    printed: dict[str, list[str]] = {}
    for where in (
        "/",
        article.url,
        "/world/",
        "/news/",
        "/tags/harbours/",
        "/authors/ana-ferreira/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/world/feeds/rss/",
        "/tags/harbours/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-articles-0.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ):
        response = client.get(where)
        assert response.status_code == 200, where
        printed[where] = absolute_urls(response.content.decode())
    short = client.get(f"/s/{article.short_code}")
    assert short.status_code == 301
    printed["short link"] = [short["Location"]]
    return printed


@pytest.fixture
def story(article_factory):
    return article_factory(title="Harbour reopens after the storm", with_image=True)


@pytest.mark.parametrize("origin", ["http://news.example.org", "http://127.0.0.1:8131"])
def test_every_absolute_url_in_pages_feeds_and_sitemaps_is_on_the_origin(
    client, settings, home, story, origin
):
    """Pages, feeds, sitemaps, robots.txt and short links name the origin, not the request."""
    settings.MASTHEAD_BASE_URL = origin
    call_command("site_follow_origin", verbosity=0)
    assert public_origin() == origin

    printed = walk(client, origin=origin, article=story, home=home)
    for where, urls in printed.items():
        assert_on_origin(urls, origin, where)

    article_html = client.get(story.url).content.decode()
    assert f'<link rel="canonical" href="{origin}{story.url}">' in article_html
    assert f'<meta property="og:url" content="{origin}{story.url}">' in article_html
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', article_html)
    assert json_ld is not None
    assert json.loads(json_ld.group(1))["mainEntityOfPage"]["@id"] == origin + story.url
    assert printed["short link"] == [origin + story.url]
    assert f"{origin}/sitemap.xml" in printed["/robots.txt"]


def test_the_wagtail_site_follows_the_origin_on_migrate(settings, home):
    """`migrate` (and `site_follow_origin` at start) gives the default Site the origin's host."""
    settings.MASTHEAD_BASE_URL = "https://news.example.org"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "news.example.org",
        443,
        "https://news.example.org",
    )


def test_mails_and_the_export_link_to_the_origin(
    client, settings, home, story, django_capture_on_commit_callbacks
):
    """Reply notifications (links and List-Unsubscribe), allauth's, restore, the export."""
    origin = "http://127.0.0.1:8131"
    settings.MASTHEAD_BASE_URL = origin
    call_command("site_follow_origin", verbosity=0)
    ana = reader_create(email="ana.ferreira@example.org", display_name="Ana Ferreira")
    ben = reader_create(email="ben.okafor@example.org", display_name="Ben Okafor")

    with django_capture_on_commit_callbacks(execute=True):
        posted = comment_services.comment_post(
            author=ana, article=story, body="The harbour should have reopened sooner."
        ).comment
        assert posted is not None
        comment_services.comment_post(author=ben, article=story, body="Indeed.", parent=posted)
    reply_mail = mail.outbox[-1]
    assert_on_origin(absolute_urls(str(reply_mail.body)), origin, "reply e-mail")
    unsubscribe = reply_mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert_on_origin([unsubscribe], origin, "List-Unsubscribe")

    exported = comments_section(ana)
    assert_on_origin(
        [row["article_url"] for row in exported["comments"]], origin, "export article_url"
    )

    mail.outbox.clear()
    client.post("/account/signup/", signup_form_data(client, email="cleo@example.org"))
    client.post(
        "/account/password/reset/",
        {"email": ana.email, "captcha": captcha_solution(client)},
    )
    client.post(
        "/account/password/reset/",
        {"email": "nobody@example.org", "captcha": captcha_solution(client)},
    )
    account_close(user=ben)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_on_origin(absolute_urls(str(message.body)), origin, str(message.subject))
