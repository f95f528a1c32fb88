"""NewsArticle JSON-LD for an article page (schema.org, as Google News reads it).

Images come in 16:9, 4:3 and 1:1 renditions at least 1200 px wide; credits travel with them
as `creditText` and `copyrightNotice`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

from masthead.core.origin import public_origin
from masthead.core.timefmt import iso_stamp
from masthead.media.models import NewsImage

from .models import ArticlePage, Author

JSON_LD_RENDITIONS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")


def _image_objects(image: NewsImage, absolute: Any) -> list[dict[str, Any]]:
    renditions = image.get_renditions(*JSON_LD_RENDITIONS)
    objects = []
    for spec in JSON_LD_RENDITIONS:
        rendition = renditions[spec]
        item: dict[str, Any] = {
            "@type": "ImageObject",
            "url": absolute(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
        if image.caption:
            item["caption"] = image.caption
        if image.credit:
            item["creditText"] = image.credit
            item["copyrightNotice"] = image.credit
        objects.append(item)
    return objects


def article_news_json_ld(
    *,
    article: ArticlePage,
    request: HttpRequest,
    authors: list[Author],
    section_title: str | None,
    home_url: str,
) -> dict[str, Any]:
    """The NewsArticle object; `home_url` is the article's edition home (authors live there)."""
    # Every address is on the public origin, as the canonical link and og:url are.
    url_parts = article.get_url_parts(request=request)
    root_url = public_origin()

    def absolute(url: str) -> str:
        return url if url.startswith("http") else root_url + url

    page_url = url_parts[2] if url_parts else article.url_path
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(page_url)},
        "headline": article.title[:110],
        "description": article.lede,
        "datePublished": iso_stamp(article.first_published_at),
        "dateModified": iso_stamp(article.modified_at),
        "inLanguage": article.locale.language_code,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute(f"{home_url}authors/{author.slug}/"),
                **({"jobTitle": author.role} if author.role else {}),
            }
            for author in authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.MASTHEAD_PUBLISHER_NAME,
            "url": absolute(home_url),
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static("img/logo.png")),
                "width": 600,
                "height": 60,
            },
        },
    }
    if section_title:
        data["articleSection"] = section_title
    if article.lead_image:
        data["image"] = _image_objects(article.lead_image, absolute)
    return data
