"""Print the paths `make audit` checks, one `name path` per line, from the seeded database.

Run with the audit's settings (bench/audit.sh sets them). The article is the English one with the
most kinds of body blocks (newest first on a tie), so every block template is checked; the tag
is one of its tags, the author its first byline; the search looks for the longest word of its
headline. Every other edition adds its home page and its article with the most kinds of body
blocks (`home-<language>`, `article-<language>`): Lighthouse, axe and vnu check those too.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def main() -> None:
    import django

    django.setup()
    from wagtail.models import Locale

    from masthead.news.models import ArticlePage, SectionPage

    def richest_article(locale: Locale) -> ArticlePage | None:
        articles = ArticlePage.objects.live().filter(locale=locale).order_by("-first_published_at")
        return max(
            articles, key=lambda item: len({block.block_type for block in item.body}), default=None
        )

    locale = Locale.get_default()
    article = richest_article(locale)
    section = SectionPage.objects.live().filter(locale=locale).order_by("path").first()
    if article is None or section is None:
        sys.exit("audit: the database has no live article or section; did the seed run?")
    tag = article.tags.order_by("slug").first()
    byline = article.bylines.select_related("author").first()
    word = max(re.findall(r"\w+", article.title), key=len)
    pages = {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": f"/tags/{tag.slug}/" if tag else None,
        "author": f"/authors/{byline.author.slug}/" if byline else None,
        "search": f"/search/?q={quote(word.lower())}",
        "radio": "/radio/",
        "notifications": "/notifications/",
        "404": "/no-such-page/",
    }
    for edition in Locale.objects.exclude(pk=locale.pk).order_by("pk"):
        code = edition.language_code
        edition_article = richest_article(edition)
        pages[f"home-{code}"] = f"/{code}/"
        pages[f"article-{code}"] = edition_article.url if edition_article else None
    for name, path in pages.items():
        if path:
            print(name, path)


if __name__ == "__main__":
    main()
