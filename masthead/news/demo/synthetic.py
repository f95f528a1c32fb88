"""Synthetic articles for scale tests: `masthead seed --articles N` (used by `bench/pages.py`).

Wagtail's `add_child` saves one page at a time (tree lock, several queries, a revision), so
100,000 articles would take hours. This module writes the same rows in bulk instead:

* treebeard's materialised paths are computed here (steplen 4, alphabet 0-9A-Z) after each
  leaf section's last child, and the parents' `numchild` is raised once per chunk;
* base `wagtailcore_page` rows go in with `bulk_create`; the `news_articlepage` rows of the
  multi-table child are inserted with the manager's `_insert` (what `Model.save` itself uses:
  Django refuses `bulk_create` for multi-table inheritance), which prepares values per backend;
* bylines, tags (a pool of ~200) and lead images (existing `NewsImage` rows) are bulk-created;
* each chunk is indexed with the configured Wagtail search backend (`add_bulk`).

The articles are live, have no revisions (nothing to edit from the admin until an editor saves
one), and their bodies are plain generated words. Entry point: `synthetic_articles_create`.
The hand-written demo newsroom lives in `loader`.
"""

from __future__ import annotations

import datetime
import io
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from masthead.media.models import NewsImage
from masthead.news.models import (
    ArticleByline,
    ArticlePage,
    ArticleTag,
    Author,
    HomePage,
    SectionPage,
)

CHUNK_SIZE = 2000
INSERT_BATCH = 100
TAG_POOL_SIZE = 200
IMAGE_COUNT = 4
STEP_LENGTH = Page.steplen
ALPHABET = Page.alphabet


def _words(text: str) -> list[str]:
    return text.split()


# Real text follows Zipf's law and is bursty: a handful of function words make up a third of
# it, a few hundred general news words recur in many stories, and the thousands of topical words
# (names, places, subjects) cluster in the few stories about them. Searching such text behaves
# as on a real archive: a typical term matches a small fraction of the articles, a general one
# many, and a function word (a PostgreSQL stop word) none.
FUNCTION_WORDS = _words(
    """
the of and to in a for on that with as at by from is was said has have it its after
over about more than but not will be are were this which who up out into
"""
)

GENERAL_WORDS = _words(
    """
government minister officials police court election president talks agreement
report city country people year week month day market prices company workers union
strike vote parliament party leader opposition protest border troops ceasefire aid
water power energy oil gas climate storm flood drought fire heat rain season harvest
farmers port ship trade exports imports tariff bank rates inflation budget tax plan
school students teachers hospital doctors health vaccine virus study scientists
research space launch satellite mission team match league coach players final cup
record title fans stadium museum festival film music artist book prize award show
bridge road railway airport flight train station transport traffic housing rent
families children women men residents village region capital coast island mountain
river forest wildlife species park reserve mayor council law bill reform rights
judge trial sentence appeal investigation inquiry evidence witness lawyer case
summit leaders delegation envoy ambassador embassy sanctions deal accord
peace security defence army navy drill missile drone attack blast victims rescue
emergency relief shelter camp refugees migrants crossing journey search survivors
announced warned promised rejected approved delayed opened closed reopened signed
agreed demanded denied confirmed expected reported estimated launched completed
new old first last major small local national international regional global public
private rural urban coastal northern southern eastern western central early late
"""
)

_SYLLABLES = _words(
    "ka lo mi ra ten sa vo ri na del por an ber gal mon tu vik sen ha ol ar em ys "
    "lin dor fa ze qua bri ste mar cu lei pan ro zu ta ve nor is ul"
)

PLACE_COUNT = 1500
TOPICAL_WORD_COUNT = 2500
ZIPF_EXPONENT = 1.0
TOPIC_OFFSET = 20  # flattens the head of the subjects' curve: no subject is in every story
TOPIC_SHARE = 0.3  # of an article's words, the share drawn from its own topic


def _proper_nouns(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(names)


def _cumulative_zipf(size: int, exponent: float, offset: int = 0) -> list[float]:
    """Cumulative weights of ranks 1..size under Zipf-Mandelbrot: 1 / (rank + offset) ** s."""
    weights = []
    total = 0.0
    for rank in range(1, size + 1):
        total += 1.0 / (rank + offset) ** exponent
        weights.append(total)
    return weights


@dataclass
class SyntheticText:
    headline: str
    lede: str
    paragraphs: list[str]


@dataclass
class TextMaker:
    """Generated articles: a Zipf-weighted vocabulary, and per article a topic it keeps to.

    The vocabulary, most frequent first: function words, general news words, then made-up
    topical words and place names (about 4,300 words). Each article picks a place and a few
    topical words (also Zipf-weighted, so some subjects recur more than others) and draws part
    of every sentence from them, which makes topical words bursty as in real reporting.
    """

    rng: random.Random
    words: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    topical: list[str] = field(default_factory=list)
    topical_weights: list[float] = field(default_factory=list)
    place_weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.places = _proper_nouns(self.rng, PLACE_COUNT)
        taken = {place.lower() for place in self.places} | set(FUNCTION_WORDS)
        taken |= set(GENERAL_WORDS)
        made_up: set[str] = set()
        while len(made_up) < TOPICAL_WORD_COUNT:
            word = "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3)))
            if word not in taken:
                made_up.add(word)
        general = list(GENERAL_WORDS)
        self.rng.shuffle(general)
        places = list(self.places)
        self.rng.shuffle(places)
        self.places = places  # shuffled: the Zipf head is not alphabetical
        self.topical = sorted(made_up)
        self.rng.shuffle(self.topical)
        self.words = [*FUNCTION_WORDS, *general, *self.topical, *places]
        self.weights = _cumulative_zipf(len(self.words), ZIPF_EXPONENT)
        self.topical_weights = _cumulative_zipf(len(self.topical), ZIPF_EXPONENT, TOPIC_OFFSET)
        self.place_weights = _cumulative_zipf(len(self.places), ZIPF_EXPONENT, TOPIC_OFFSET)

    def article(self) -> SyntheticText:
        rng = self.rng
        place = rng.choices(self.places, cum_weights=self.place_weights)[0]
        subjects = rng.choices(self.topical, cum_weights=self.topical_weights, k=rng.randint(3, 6))
        general = rng.choice(GENERAL_WORDS)
        topic = [place, *subjects, general]
        headline = " ".join([place, *subjects[: rng.randint(2, 3)], general])
        lede = " ".join(self._sentence(topic, 10, 20) for _ in range(2))
        paragraphs = [
            " ".join(self._sentence(topic) for _ in range(rng.randint(3, 5)))
            for _ in range(rng.randint(5, 8))
        ]
        return SyntheticText(headline=headline, lede=lede, paragraphs=paragraphs)

    def _sentence(self, topic: list[str], low: int = 12, high: int = 24) -> str:
        rng = self.rng
        length = rng.randint(low, high)
        from_topic = round(length * TOPIC_SHARE)
        words = rng.choices(self.words, cum_weights=self.weights, k=length - from_topic)
        for word in rng.choices(topic, k=from_topic):
            words.insert(rng.randrange(len(words) + 1), word)
        return " ".join(words).capitalize() + "."


def _step(number: int) -> str:
    """One treebeard path step: `number` in base 36, left-padded to STEP_LENGTH."""
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    digits = digits or ALPHABET[0]
    if len(digits) > STEP_LENGTH:
        raise ValueError("a section cannot hold that many children")
    return digits.rjust(STEP_LENGTH, ALPHABET[0])


@dataclass
class _Slot:
    """A leaf section and the next free child position under it."""

    section_id: int
    path: str
    depth: int
    url_path: str
    next_number: int
    added: int = 0


def _leaf_slots(locale: Locale) -> list[_Slot]:
    sections = list(
        SectionPage.objects.filter(locale=locale).order_by("path").only("path", "depth", "url_path")
    )
    paths = [section.path for section in sections]
    leaves = [
        section
        for section in sections
        if not any(
            other.startswith(section.path) and len(other) > len(section.path) for other in paths
        )
    ]
    slots = []
    for section in leaves:
        last = (
            Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        after = int(last[-STEP_LENGTH:], len(ALPHABET)) if last else 0
        slots.append(
            _Slot(section.pk, section.path, section.depth, section.url_path, next_number=after + 1)
        )
    return slots


def _newsroom_ensure(locale: Locale, rng: random.Random, log: Callable[[str], Any]) -> None:
    """A section, authors and images to hang articles on, when the demo loader made none."""
    if not SectionPage.objects.filter(locale=locale).exists():
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            raise RuntimeError("No home page: run migrations first.")
        section = SectionPage(title="World", slug="world", intro="News from everywhere.")
        home.add_child(instance=section)
        section.save_revision().publish()
        log("Synthetic newsroom: created the World section.")
    if not Author.objects.exists():
        names = [f"{rng.choice(_FIRST_NAMES)} {place}" for place in _proper_nouns(rng, 12)]
        Author.objects.bulk_create(
            Author(name=name, slug=slugify(name), role="Correspondent") for name in names
        )
        log(f"Synthetic newsroom: created {len(names)} authors.")
    if not NewsImage.objects.exists():
        from .images import MOTIFS, PALETTES, demo_image_bytes

        motifs, palettes = sorted(MOTIFS), sorted(PALETTES)
        for number in range(IMAGE_COUNT):
            caption = f"Synthetic picture {number + 1}"
            content = demo_image_bytes(
                motif=motifs[number % len(motifs)],
                palette=palettes[number % len(palettes)],
                seed=f"synthetic-{number}",
                width=1600,
                height=1200,
                caption=caption,
                credit="© Masthead",
                agency="Masthead",
            )
            image = NewsImage(
                title=caption, caption=caption, credit="© Masthead", agency="Masthead"
            )
            image.file = ImageFile(io.BytesIO(content), name=f"synthetic-{number}.jpg")
            image.save()
        log(f"Synthetic newsroom: created {IMAGE_COUNT} images.")


_FIRST_NAMES = _words("Ana Lee Sam Noor Ivo Mira Tomas Ada Kofi Lina Yuki Omar Ines Raul Zara")


def _tag_pool(text: TextMaker) -> list[int]:
    names = text.places[:TAG_POOL_SIZE]
    slugs = {slugify(name) for name in names}
    existing = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in names if slugify(name) not in existing],
        ignore_conflicts=True,
    )
    return list(Tag.objects.filter(slug__in=slugs).values_list("id", flat=True))


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def synthetic_articles_create(
    *,
    count: int,
    log: Callable[[str], Any] = print,
    seed: int | None = None,
    language: str | None = None,
) -> int:
    """Create `count` live articles spread over the leaf sections; returns the number.

    In the default edition, or in the edition of `language` (which must have a home page):
    the words are the same generated English ones, indexed with that edition's analysis, so
    that one edition's search can be timed beside the others' articles (bench/search_speed.py).
    """
    if count <= 0:
        return 0
    rng = random.Random(seed)
    locale = Locale.objects.get(language_code=language) if language else Locale.get_default()
    _newsroom_ensure(locale, rng, log)
    text = TextMaker(rng)
    slots = _leaf_slots(locale)
    author_ids = list(Author.objects.values_list("id", flat=True))
    image_ids = list(NewsImage.objects.values_list("id", flat=True))
    tag_ids = _tag_pool(text)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    backend = get_search_backend()
    now = timezone.now()
    created = 0
    for size in _chunks(count, CHUNK_SIZE):
        with transaction.atomic():
            ids = _chunk_create(
                size=size,
                rng=rng,
                text=text,
                slots=slots,
                locale=locale,
                content_type=content_type,
                author_ids=author_ids,
                image_ids=image_ids,
                tag_ids=tag_ids,
                now=now,
            )
            for slot in slots:
                if slot.added:
                    Page.objects.filter(pk=slot.section_id).update(
                        numchild=F("numchild") + slot.added
                    )
                    slot.added = 0
        _chunk_index(backend, ids)
        created += size
        log(f"  {created}/{count} synthetic articles")
    _statistics_refresh()
    return created


def _statistics_refresh() -> None:
    """Fresh planner statistics after a bulk load, before autovacuum gets round to it.

    The search query (masthead.search.selectors) asks the planner how common a word is; with
    the statistics of an empty table every word looks rare.
    """
    if connection.vendor != "postgresql":
        return
    from wagtail.search.models import IndexEntry

    tables = [IndexEntry._meta.db_table, Page._meta.db_table, ArticlePage._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _chunk_create(
    *,
    size: int,
    rng: random.Random,
    text: TextMaker,
    slots: list[_Slot],
    locale: Locale,
    content_type: ContentType,
    author_ids: list[int],
    image_ids: list[int],
    tag_ids: list[int],
    now: datetime.datetime,
) -> list[int]:
    pages = []
    details = []
    for _ in range(size):
        slot = rng.choice(slots)
        number = slot.next_number
        slot.next_number += 1
        slot.added += 1
        article_text = text.article()
        headline = article_text.headline
        slug = f"{slugify(headline)[:70]}-{number}"
        published = now - datetime.timedelta(seconds=rng.uniform(60, 365 * 24 * 3600))
        pages.append(
            Page(
                path=slot.path + _step(number),
                depth=slot.depth + 1,
                numchild=0,
                translation_key=uuid.uuid4(),
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                latest_revision_created_at=published,
                title=headline,
                draft_title=headline,
                slug=slug,
                content_type=content_type,
                url_path=f"{slot.url_path}{slug}/",
                show_in_menus=False,
                seo_title="",
                search_description="",
            )
        )
        details.append(
            {
                "lede": article_text.lede,
                "lead_image_id": rng.choice(image_ids) if image_ids else None,
                "body": [
                    {"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": str(uuid.uuid4())}
                    for paragraph in article_text.paragraphs
                ],
                "is_multimedia": rng.random() < 0.05,
                "comments_open": rng.random() < 0.9,
            }
        )
    Page.objects.bulk_create(pages, batch_size=500)
    ids = [page.pk for page in pages]
    if None in ids:  # a backend that cannot return ids from a bulk insert
        by_path = dict(
            Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "id")
        )
        ids = [by_path[page.path] for page in pages]

    articles = [
        ArticlePage(page_ptr_id=page_id, id=page_id, content_type=content_type, **fields)
        for page_id, fields in zip(ids, details, strict=True)
    ]
    local_fields = ArticlePage._meta.local_concrete_fields
    for start in range(0, len(articles), INSERT_BATCH):
        ArticlePage._base_manager._insert(
            articles[start : start + INSERT_BATCH],
            fields=local_fields,
            raw=True,
            using=connection.alias,
        )

    bylines = []
    tags = []
    for page_id in ids:
        for order, author_id in enumerate(
            rng.sample(author_ids, k=min(len(author_ids), rng.choice((1, 1, 1, 2, 2, 3))))
        ):
            bylines.append(ArticleByline(article_id=page_id, author_id=author_id, sort_order=order))
        for tag_id in rng.sample(tag_ids, k=min(len(tag_ids), rng.randint(1, 4))):
            tags.append(ArticleTag(content_object_id=page_id, tag_id=tag_id))
    ArticleByline.objects.bulk_create(bylines, batch_size=1000)
    ArticleTag.objects.bulk_create(tags, batch_size=1000)
    return ids


def _chunk_index(backend: Any, ids: list[int]) -> None:
    """Index a chunk with Wagtail's backend, as `update_index` would."""
    for start in range(0, len(ids), 500):
        objects = list(
            ArticlePage.objects.filter(pk__in=ids[start : start + 500]).prefetch_related("tags")
        )
        backend.add_bulk(ArticlePage, objects)
