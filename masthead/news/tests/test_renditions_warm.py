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
