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
one), and their bodies are plain generated words in the edition's language (English's lists,
or words drawn from the edition's demo stories: `edition_vocabulary`). Entry point:
`synthetic_articles_create`. The hand-written demo newsroom lives in `loader`.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import random
import re
import uuid
from collections import Counter
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
INDEX_LOCK = 0x5EED  # PostgreSQL advisory lock of the index writes (`_chunk_index`)
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
# Other editions' vocabularies, drawn from their demo stories (`content.json`): the commonest
# words stand for the function words, the rest for the general ones.
FUNCTION_WORD_COUNT = 40
SYLLABLE_COUNT = 40
ENDING_COUNT = 8
FORMS_PER_WORD = 3
HAN_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Vocabulary:
    """What an edition's generated text is made of.

    `syllables` build the made-up topical words and place names; `endings` (languages with a
    stemmer) inflect each topical word into a few forms, so that a search for one form must
    find the others through the edition's stemming; `separator` is " ", or "" for Chinese,
    written without spaces (so that only the Han bigrams of the index find a word).
    """

    function_words: list[str]
    general_words: list[str]
    syllables: list[str]
    endings: list[str] = field(default_factory=list)
    separator: str = " "
    full_stop: str = "."
    is_capitalised: bool = True


ENGLISH = Vocabulary(FUNCTION_WORDS, GENERAL_WORDS, _SYLLABLES)


def _demo_texts(language: str) -> list[str]:
    """Every string the demo content holds in `language`: its stories, sections and home."""
    from .loader import CONTENT_FILE

    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):  # a body block: its text, not its type's name
            for key, item in value.items():
                if key != "type":
                    yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    texts = [
        text
        for article in content["articles"]
        if article["locale"] == language
        for key in ("headline", "lede", "body", "tags")
        for text in strings(article.get(key))
    ]
    for item in [content["home"], *content["sections"]]:
        texts += [value[language] for value in item.values() if isinstance(value, dict)]
    return [text for text in texts if text]


@functools.cache
def edition_vocabulary(language: str | None) -> Vocabulary:
    """The vocabulary of an edition's synthetic text: English's lists, or its demo stories'.

    Chinese: single characters stand for the function words, the demo's two-character runs
    for the general words (mostly real words: 选举, 铁路), its characters for the syllables.
    """
    code = (language or "en").lower()
    texts = _demo_texts(code) if code != "en" else []
    if not texts:
        return ENGLISH
    text = "\n".join(texts).lower()
    if code.startswith("zh"):
        characters = Counter(HAN_CHARACTER.findall(text))
        runs = re.findall(f"{HAN_CHARACTER.pattern}+", text)
        pairs = Counter(run[i : i + 2] for run in runs for i in range(len(run) - 1))
        function_words = [character for character, _ in characters.most_common(20)]
        return Vocabulary(
            function_words=function_words,
            general_words=sorted(pair for pair in pairs if pair not in function_words),
            syllables=sorted(characters),
            separator="",
            full_stop="。",
            is_capitalised=False,
        )
    counts = Counter(LETTERS.findall(text))
    ranked = [word for word, _ in counts.most_common()]
    syllables = Counter(
        word[start : start + 2] for word in counts for start in range(0, len(word) - 1, 2)
    )
    endings: Counter[str] = Counter()
    from masthead.search.analysis import language_analysis, stem

    stemmer = language_analysis(code).stemmer
    if stemmer:
        for word, count in counts.items():
            root = stem(word, stemmer)
            if word.startswith(root) and 0 < len(word) - len(root) <= 4:
                endings[word[len(root) :]] += count
    return Vocabulary(
        function_words=ranked[:FUNCTION_WORD_COUNT],
        general_words=sorted(ranked[FUNCTION_WORD_COUNT:]),
        syllables=sorted(syllable for syllable, _ in syllables.most_common(SYLLABLE_COUNT)),
        endings=sorted(ending for ending, _ in endings.most_common(ENDING_COUNT)),
    )


def _proper_nouns(rng: random.Random, count: int, syllables: list[str] = _SYLLABLES) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize())
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
    topical words and place names (about 4,300 words), in the edition's language
    (`edition_vocabulary`). Each article picks a place and a few topical words (also
    Zipf-weighted, so some subjects recur more than others) and draws part of every sentence
    from them, which makes topical words bursty as in real reporting. Where the language
    inflects, a topical word appears in a few forms.
    """

    rng: random.Random
    vocabulary: Vocabulary = ENGLISH
    words: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    topical: list[str] = field(default_factory=list)
    topical_weights: list[float] = field(default_factory=list)
    place_weights: list[float] = field(default_factory=list)
    forms: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        vocabulary = self.vocabulary
        self.places = _proper_nouns(self.rng, PLACE_COUNT, vocabulary.syllables)
        if not vocabulary.is_capitalised:
            self.places = [place.lower() for place in self.places]
        taken = {place.lower() for place in self.places} | set(vocabulary.function_words)
        taken |= set(vocabulary.general_words)
        made_up: set[str] = set()
        while len(made_up) < TOPICAL_WORD_COUNT:
            word = "".join(
                self.rng.choice(vocabulary.syllables) for _ in range(self.rng.randint(2, 3))
            )
            if word not in taken:
                made_up.add(word)
        general = list(vocabulary.general_words)
        self.rng.shuffle(general)
        places = list(self.places)
        self.rng.shuffle(places)
        self.places = places  # shuffled: the Zipf head is not alphabetical
        self.topical = sorted(made_up)
        self.rng.shuffle(self.topical)
        if vocabulary.endings:
            self.forms = {
                word: [word + ending for ending in self.rng.sample(vocabulary.endings, k=3)]
                for word in self.topical
            }
        self.words = [*vocabulary.function_words, *general, *self.topical, *places]
        self.weights = _cumulative_zipf(len(self.words), ZIPF_EXPONENT)
        self.topical_weights = _cumulative_zipf(len(self.topical), ZIPF_EXPONENT, TOPIC_OFFSET)
        self.place_weights = _cumulative_zipf(len(self.places), ZIPF_EXPONENT, TOPIC_OFFSET)

    def article(self) -> SyntheticText:
        rng = self.rng
        place = rng.choices(self.places, cum_weights=self.place_weights)[0]
        subjects = rng.choices(self.topical, cum_weights=self.topical_weights, k=rng.randint(3, 6))
        general = rng.choice(self.vocabulary.general_words)
        topic = [place, *subjects, general]
        if self.forms:  # each subject in its forms: the headline has one, the text all
            topic = [place, *(form for word in subjects for form in self.forms[word]), general]
            subjects = [rng.choice(self.forms[word]) for word in subjects]
        separator = self.vocabulary.separator
        headline = separator.join([place, *subjects[: rng.randint(2, 3)], general])
        lede = separator.join(self._sentence(topic, 10, 20) for _ in range(2))
        paragraphs = [
            separator.join(self._sentence(topic) for _ in range(rng.randint(3, 5)))
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
        sentence = self.vocabulary.separator.join(words)
        if self.vocabulary.is_capitalised:
            sentence = sentence.capitalize()
        return sentence + self.vocabulary.full_stop


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


def _tag_slug(name: str) -> str:
    """An ASCII slug, or the name's own letters when it has no Latin ones (Москва, 北京)."""
    return slugify(name) or slugify(name, allow_unicode=True)


def _tag_pool(text: TextMaker) -> list[int]:
    names = text.places[:TAG_POOL_SIZE]
    slugs = {_tag_slug(name) for name in names}
    existing = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=name, slug=_tag_slug(name)) for name in names if _tag_slug(name) not in existing],
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
    seed: int | str | None = None,
    language: str | None = None,
) -> int:
    """Create `count` live articles spread over the leaf sections; returns the number.

    In the default edition, or in the edition of `language` (which must have a home page), in
    that edition's language (`edition_vocabulary`), so that one edition's search can be timed
    with its own analysis beside the others' articles (bench/search_speed.py). Without a
    `seed`, the text depends only on the edition and how many articles it already has: the
    same command on the same database writes the same words.
    """
    if count <= 0:
        return 0
    locale = Locale.objects.get(language_code=language) if language else Locale.get_default()
    if seed is None:
        seed = f"{locale.language_code}:{ArticlePage.objects.filter(locale=locale).count()}"
    rng = random.Random(seed)
    _newsroom_ensure(locale, rng, log)
    text = TextMaker(rng, edition_vocabulary(locale.language_code))
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
        slug = f"{slugify(headline)[:70] or 'article'}-{number}"
        published = now - datetime.timedelta(seconds=rng.uniform(60, 365 * 24 * 3600))
        pages.append(
            Page(
                path=slot.path + _step(number),
                depth=slot.depth + 1,
                numchild=0,
                translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
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
                    {
                        "type": "paragraph",
                        "value": f"<p>{paragraph}</p>",
                        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    }
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
    """Index a chunk with Wagtail's backend, as `update_index` would.

    The bylines and their authors are read in one query and handed to each article as its
    in-memory child objects (modelcluster's `_cluster_related_objects`, what an unsaved edit
    holds): modelcluster's manager ignores `prefetch_related`, and the indexer reads an
    article's bylines once per indexed column, about 13 queries an article.
    """
    for start in range(0, len(ids), 500):
        objects = list(
            ArticlePage.objects.filter(pk__in=ids[start : start + 500]).prefetch_related("tags")
        )
        bylines: dict[int, list[ArticleByline]] = {article.pk: [] for article in objects}
        for byline in (
            ArticleByline.objects.filter(article_id__in=bylines)
            .select_related("author")
            .order_by("sort_order")
        ):
            bylines[byline.article_id].append(byline)
        for article in objects:
            article._cluster_related_objects = {"bylines": bylines[article.pk]}
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One writer of the index at a time: modelsearch's upsert ends by updating
                # every entry still at the default title norm, other seeds' new ones too, and
                # editions seeded side by side deadlocked on them.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_LOCK])
            backend.add_bulk(ArticlePage, objects)
