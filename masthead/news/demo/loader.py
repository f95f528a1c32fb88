"""Load the demo newsroom from `content.json`: sections, authors, articles, images, editions.

Everything goes through Wagtail's own APIs (add_child, revisions, publish, copy_for_translation)
so the demo exercises the paths editors use. Idempotent: a site that has articles is left alone.

Every edition of `WAGTAIL_CONTENT_LANGUAGES` the content has copy for (`home.tagline` in that
language) gets its home page and every section translated, the stories written in its language
as translations of their English originals (same `translation_key`, so the language switcher
and hreflang link them, and wagtail-localize's records say which original each was written
from and when, for the translation dashboard), and its own stories, which have no original.
The copy is written for the demo: short, invented, in each language.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from masthead.media.models import NewsImage
from masthead.news.models import (
    ArticleByline,
    ArticlePage,
    ArticleRelated,
    Author,
    HomePage,
    HomeRecommendation,
    SectionPage,
)
from masthead.news.services import article_views_apply, story_translation_record

from .images import demo_image_bytes

CONTENT_FILE = Path(__file__).with_name("content.json")
IMAGE_SIZE = (1920, 1280)  # 1:1 crops stay at least 1200 px wide for structured data


class DemoLoader:
    def __init__(self, *, now: datetime.datetime | None = None, log: Any = print) -> None:
        self.now = now or timezone.now()
        self.log = log
        self.data = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        self.images: dict[str, NewsImage] = {}

    def image(self, spec: dict[str, Any], seed: str) -> NewsImage:
        key = f"{spec['motif']}|{spec['palette']}|{spec['caption']}"
        if key in self.images:
            return self.images[key]
        content = demo_image_bytes(
            motif=spec["motif"],
            palette=spec["palette"],
            seed=seed,
            width=IMAGE_SIZE[0],
            height=IMAGE_SIZE[1],
            caption=spec.get("caption", ""),
            credit=spec.get("credit", ""),
            agency=spec.get("agency", ""),
        )
        from io import BytesIO

        image = NewsImage(
            title=spec.get("alt") or spec["caption"][:80],
            caption=spec.get("caption", ""),
            credit=spec.get("credit", ""),
            agency=spec.get("agency", ""),
            alt_text=spec.get("alt", ""),
            is_archive=bool(spec.get("is_archive")),
            archive_date=datetime.date.fromisoformat(spec["archive_date"])
            if spec.get("archive_date")
            else None,
        )
        image.file = ImageFile(BytesIO(content), name=f"{slugify(seed)[:60] or 'demo'}.jpg")
        image.save()
        self.images[key] = image
        return image

    @transaction.atomic
    def load(self) -> int:
        if ArticlePage.objects.exists():
            self.log("Articles exist already: demo content not loaded again.")
            return 0
        default = Locale.get_default()
        home = HomePage.objects.filter(locale=default).first()
        if home is None:
            raise RuntimeError("No home page: run migrations first.")
        home.title = self.data["home"]["title"]
        home.tagline = self.data["home"]["tagline"][default.language_code]
        home.save_revision().publish()

        authors = self._authors()
        sections = self._sections(home)
        articles = self._articles(sections, authors)
        self._related(articles)
        self._editions(home, sections, articles, authors)
        picks = [articles[key] for key in list(articles)[3:6]]
        home = HomePage.objects.get(pk=home.pk)
        for order, article in enumerate(picks):
            HomeRecommendation.objects.create(home=home, article=article, sort_order=order)
        self._views(articles)
        from masthead.comments.demo import discussion_demo_load

        discussion_demo_load(articles=articles, log=self.log)
        self.log(f"Demo content: {len(sections)} sections, {len(articles)} articles.")
        return len(articles)

    def _authors(self) -> dict[str, Author]:
        authors = {}
        for item in self.data["authors"]:
            photo = self.image(
                {
                    "motif": "field",
                    "palette": "dawn",
                    "caption": f"{item['name']}, {item['role']}",
                    "credit": "© Masthead",
                    "agency": "Masthead",
                    "alt": item["name"],
                },
                seed=f"author-{item['slug']}",
            )
            authors[item["slug"]] = Author.objects.create(
                name=item["name"],
                slug=item["slug"],
                role=item.get("role", ""),
                location=item.get("location", ""),
                bio=item.get("bio", ""),
                photo=photo,
            )
        return authors

    def _sections(self, home: HomePage) -> dict[str, SectionPage]:
        sections: dict[str, SectionPage] = {}
        for item in self.data["sections"]:
            parent: Page = sections[item["parent"]] if item.get("parent") else home
            section = SectionPage(
                title=item["title"][settings.LANGUAGE_CODE],
                slug=item["slug"],
                intro=item.get("intro", {}).get(settings.LANGUAGE_CODE, ""),
            )
            parent.add_child(instance=section)
            section.save_revision().publish()
            sections[item["slug"]] = section
        return sections

    def _body(self, blocks: list[dict[str, Any]], seed: str) -> list[tuple[str, Any]]:
        body: list[tuple[str, Any]] = []
        for number, block in enumerate(blocks):
            kind = block["type"]
            if kind == "paragraph":
                from django.utils.html import escape

                body.append(("paragraph", f"<p>{escape(block['text'])}</p>"))
            elif kind == "quote":
                body.append(
                    ("quote", {"text": block["text"], "attribution": block.get("attribution", "")})
                )
            elif kind == "image":
                image = self.image(block["image"], seed=f"{seed}-{number}")
                body.append(("photo", {"image": image, "caption": ""}))
            elif kind == "gallery":
                photos = [
                    {"image": self.image(spec, seed=f"{seed}-{number}-{index}"), "caption": ""}
                    for index, spec in enumerate(block["images"])
                ]
                body.append(("gallery", {"title": block.get("title", ""), "photos": photos}))
            elif kind == "video":
                body.append(
                    (
                        "video",
                        {
                            "title": block["title"],
                            "url": block["url"],
                            "caption": block.get("caption", ""),
                            "poster": None,
                        },
                    )
                )
            elif kind == "related_links":
                links = [
                    {"title": link["title"], "url": link["url"], "page": None}
                    for link in block["links"]
                ]
                body.append(
                    ("related_links", {"title": block.get("title", "Read more"), "links": links})
                )
        return body

    def _publish_at(self, article: ArticlePage, item: dict[str, Any]) -> None:
        published = self.now - datetime.timedelta(hours=float(item.get("hours_ago", 1)))
        updated = None
        if item.get("updated_hours_after"):
            updated = published + datetime.timedelta(hours=float(item["updated_hours_after"]))
            updated = min(updated, self.now)
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=published, last_published_at=updated or published, updated_at=updated
        )

    def _articles(
        self, sections: dict[str, SectionPage], authors: dict[str, Author]
    ) -> dict[str, ArticlePage]:
        articles: dict[str, ArticlePage] = {}
        default = settings.LANGUAGE_CODE
        for item in self.data["articles"]:
            if item.get("locale", default) != default:
                continue
            articles[item["key"]] = self._article(item, sections[item["section"]], authors)
        return articles

    def _article(
        self, item: dict[str, Any], section: Page, authors: dict[str, Author]
    ) -> ArticlePage:
        """A story written in its section's language: an original, not a translation."""
        article = ArticlePage(
            title=item["headline"],
            slug=item.get("slug") or slugify(item["headline"])[:80],
            lede=item["lede"],
            lead_image=self.image(item["image"], seed=item["key"]),
            body=self._body(item["body"], item["key"]),
            is_multimedia=bool(item.get("is_multimedia")),
            comments_open=item.get("comments_open", True),
        )
        for order, slug in enumerate(item.get("authors", [])):
            article.bylines.add(ArticleByline(author=authors[slug], sort_order=order))
        section.add_child(instance=article)
        article.tags.add(*item.get("tags", []))
        article.save_revision().publish()
        self._publish_at(article, item)
        return article

    def _related(self, articles: dict[str, ArticlePage]) -> None:
        by_section: dict[int, list[ArticlePage]] = {}
        for article in articles.values():
            by_section.setdefault(article.get_parent().pk, []).append(article)
        for siblings in by_section.values():
            for article in siblings:
                others = [other for other in siblings if other.pk != article.pk][:2]
                for order, other in enumerate(others):
                    ArticleRelated.objects.create(
                        article=article, related_article=other, sort_order=order
                    )

    def _editions(
        self,
        home: HomePage,
        sections: dict[str, SectionPage],
        articles: dict[str, ArticlePage],
        authors: dict[str, Author],
    ) -> None:
        """Open every other configured edition the demo has copy for."""
        taglines = self.data["home"]["tagline"]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            if code == home.locale.language_code:
                continue
            if code not in taglines:
                self.log(f"No demo copy in {code}: that edition is left for the editors to open.")
                continue
            locale = Locale.objects.get_or_create(language_code=code)[0]
            self._edition(locale, home, sections, articles, authors)

    def _edition(
        self,
        locale: Locale,
        home: HomePage,
        sections: dict[str, SectionPage],
        articles: dict[str, ArticlePage],
        authors: dict[str, Author],
    ) -> None:
        """One edition: its home, its sections, its translated stories and its own ones."""
        code = locale.language_code
        edition_home = home.copy_for_translation(locale)
        edition_home.title = self.data["home"]["title"]
        edition_home.tagline = self.data["home"]["tagline"][code]
        edition_home.save_revision().publish()
        titles = {item["slug"]: item for item in self.data["sections"]}
        translated_sections: dict[str, Page] = {}
        for slug, section in sections.items():  # parents come before their subsections
            translated = section.copy_for_translation(locale)
            translated.title = titles[slug]["title"][code]
            # A title in another script than Latin keeps the English address (/ru/world/).
            translated.slug = slugify(translated.title) or section.slug
            translated.intro = titles[slug].get("intro", {}).get(code, "")
            translated.save_revision().publish()
            # Read again: publishing moved its address, the copy in hand still has the old one.
            translated_sections[slug] = Page.objects.get(pk=translated.pk).specific
        for item in self.data["articles"]:
            if item.get("locale") != code:
                continue
            if not item.get("translation_of"):
                self._article(item, translated_sections[item["section"]], authors)
                continue
            if item["translation_of"] not in articles:
                continue
            source = articles[item["translation_of"]]
            translated = ArticlePage.objects.get(pk=source.pk).copy_for_translation(locale)
            translated.title = item["headline"]
            translated.slug = item.get("slug") or slugify(item["headline"])[:80]
            translated.lede = item["lede"]
            translated.body = self._body(item["body"], item["key"])
            # The copy carries the original's tags: the edition's own take their place.
            translated.tags.clear()
            translated.tags.add(*item.get("tags", []))
            translated.save_revision().publish()
            self._publish_at(translated, item)
            # The dashboard (admin: Translations) reads wagtail-localize's records.
            translated.refresh_from_db()
            story_translation_record(source=source, translation=translated)

    def _views(self, articles: dict[str, ArticlePage]) -> None:
        """Some reading history, so Trending has something to show on a fresh demo."""
        rng = random.Random(7)
        recent = list(
            ArticlePage.objects.live().filter(
                first_published_at__gte=self.now - datetime.timedelta(hours=48)
            )
        )
        for hours_back in range(0, 24, 3):
            moment = self.now - datetime.timedelta(hours=hours_back)
            counts = {article.pk: rng.randint(5, 400) for article in recent}
            article_views_apply(counts=counts, at=moment)
