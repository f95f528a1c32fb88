"""A published article's image renditions are made by the task worker, not a reader's request.

Made on first use, they cost the web worker that served the first reader seconds and, encoding
AVIF, hundreds of MB of memory glibc keeps (bench/worker_memory.py: 521 -> 957 MB).
"""

from __future__ import annotations

from conftest import make_image
from masthead.media.models import NewsImageRendition
from masthead.news.models import ArticlePage


def test_publishing_an_article_with_a_picture_makes_its_renditions(
    section, author_ana, django_capture_on_commit_callbacks
):
    article = ArticlePage(title="Harbour reopens", slug="harbour", lede="Ships are back.")
    article.lead_image = make_image(caption="Cranes at the port", credit="Lee Park")
    section.add_child(instance=article)
    assert not NewsImageRendition.objects.filter(image=article.lead_image).exists()

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    specs = set(
        NewsImageRendition.objects.filter(image=article.lead_image).values_list(
            "filter_spec", flat=True
        )
    )
    assert any(spec.startswith("format-avif") for spec in specs), specs
    assert any(spec.startswith("format-jpeg") for spec in specs), specs


def test_an_article_without_a_picture_costs_no_render(
    section, django_capture_on_commit_callbacks, monkeypatch
):
    from masthead.news import services

    rendered = []
    monkeypatch.setattr(services, "page_warm", lambda **kwargs: rendered.append(kwargs))
    article = ArticlePage(title="Council meets", slug="council", lede="A short meeting.")
    section.add_child(instance=article)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert rendered == []


def test_the_warm_up_renders_where_plain_http_is_redirected(
    section, author_ana, django_capture_on_commit_callbacks, settings
):
    """Production redirects plain HTTP to HTTPS: the warm-up asks as a reader does, at the
    public origin's scheme, or it renders a redirect and no rendition (a fresh production
    site's first readers waited seconds for them, bench/load.py)."""
    from masthead.news import services

    settings.SECURE_SSL_REDIRECT = True
    settings.MASTHEAD_BASE_URL = "https://localhost"
    article = ArticlePage(title="Harbour reopens", slug="harbour", lede="Ships are back.")
    article.lead_image = make_image(caption="Cranes at the port", credit="Lee Park")
    section.add_child(instance=article)

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert NewsImageRendition.objects.filter(image=article.lead_image).exists()
    assert services.site_pages_warm() >= 2  # the section and the article at least


def test_after_the_warm_up_the_listings_make_no_rendition(
    home, section, author_ana, django_capture_on_commit_callbacks, client
):
    """The home page, the section and the tag page show the new article as a card, whose
    picture sizes differ from the article page's: the warm-up makes those too, or the first
    reader of each listing after every publish waits for them in a web worker."""
    from masthead.news.models import ArticleByline

    article = ArticlePage(title="Harbour reopens", slug="harbour", lede="Ships are back.")
    article.lead_image = make_image(caption="Cranes at the port", credit="Lee Park")
    section.add_child(instance=article)
    article.tags.add("ports")
    ArticleByline.objects.create(article=article, author=author_ana, sort_order=0)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    made = NewsImageRendition.objects.filter(image=article.lead_image).count()
    assert made

    listings = (home.url, section.url, f"{home.url}tags/ports/", f"{home.url}authors/ana-ferreira/")
    for url in listings:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert b"Harbour reopens" in answer.content, url

    specs = list(
        NewsImageRendition.objects.filter(image=article.lead_image).values_list(
            "filter_spec", flat=True
        )
    )
    assert len(specs) == made, sorted(specs)
