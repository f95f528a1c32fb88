"""The labelled sets in ../shared/data, read at run time (never copied into the repository).

Used by `train.py` and `bench/moderation_eval.py`. Every set gets one fixed split, seeded and
keyed by the folded text, so duplicates (retweets, repeated promos) always fall on the same side
and a test row is never a training row: 60% train, 10% validation (thresholds), 30% test.
Texts are given as a comment form would receive them: HTML entities decoded, tags dropped.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240404
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


HATEXPLAIN_TARGET_COLUMNS = ("Race", "Religion", "Gender", "Sexual_Orientation", "Miscellaneous")
# The columns' values for "no community targeted" ("Avalaible" [sic] as in the file).
HATEXPLAIN_NO_TARGET = frozenset(
    {"No_race", "Nonreligious", "No_gender", "No_orientation", "Not Avalaible", "None", ""}
)
REPOSITORY = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """../shared/data beside the checkout, where the team keeps the labelled sets."""
    return REPOSITORY.parent / "shared" / "data"


@dataclass(frozen=True)
class Row:
    dataset: str
    text: str
    label: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def split(self) -> str:
        return split_of(self.dataset, self.text)


def split_of(dataset: str, text: str, *, seed: int = SEED) -> str:
    key = _SPACE.sub(" ", text.casefold()).strip()
    digest = hashlib.sha256(f"{seed}:{dataset}:{key}".encode()).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    if position < 0.30:
        return "test"
    if position < 0.40:
        return "valid"
    return "train"


def comment_text(raw: str) -> str:
    """What the reader typed: entities decoded, markup (<br />, <a>) dropped."""
    text = html.unescape(_TAG.sub(" ", raw.replace("<br />", "\n").replace("<br>", "\n")))
    return text.replace("\ufeff", "").strip()


def davidson(root: Path) -> Iterator[Row]:
    """Tweets: hate / offensive / neither, with the annotators' votes (`count` annotators, of
    whom `hate_speech` and `offensive_language` chose those labels)."""
    names = {"0": "hate", "1": "offensive", "2": "clean"}
    with open(root / "davidson_hate_offensive" / "labeled_data.csv", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            votes = {key: record[key] for key in ("count", "hate_speech", "offensive_language")}
            yield Row("davidson", comment_text(record["tweet"]), names[record["class"]], votes)


def hatexplain(root: Path) -> Iterator[Row]:
    """Twitter and Gab posts: hatespeech / offensive / normal (lower-cased, placeholders).

    `extra["targets"]`: the communities the annotators saw the post aim at ("African Islam"),
    empty when none; training uses it to tell talk about a group from attacks on it.
    """
    names = {"hatespeech": "hate", "offensive": "offensive", "normal": "clean"}
    path = root / "hatexplain_derived_csv" / "final_hateXplain.csv"
    with open(path, encoding="utf-8") as f:
        for record in csv.DictReader(f):
            targets = " ".join(
                record[column]
                for column in HATEXPLAIN_TARGET_COLUMNS
                if record[column] not in HATEXPLAIN_NO_TARGET
            )
            yield Row("hatexplain", record["comment"], names[record["label"]], {"targets": targets})


def jigsaw(root: Path) -> Iterator[Row]:
    """Wikipedia talk comments: toxic (any of six labels) or clean; small."""
    columns = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    path = root / "jigsaw_toxic_sample_wikipedia" / "sample_data.csv"
    with open(path, encoding="utf-8") as f:
        for record in csv.DictReader(f):
            labels = {c: record[c] for c in columns}
            toxic = any(v == "1" for v in labels.values())
            label = "hate" if labels["identity_hate"] == "1" else "offensive" if toxic else "clean"
            yield Row("jigsaw", record["comment_text"], label, labels)


def youtube(root: Path) -> Iterator[Row]:
    """YouTube comments: spam / ham, with author and date for the flash-mob scenarios."""
    for path in sorted((root / "youtube_spam_collection").glob("Youtube0*.csv")):
        with open(path, encoding="utf-8") as f:
            for record in csv.DictReader(f):
                yield Row(
                    "youtube",
                    comment_text(record["CONTENT"]),
                    "spam" if record["CLASS"] == "1" else "clean",
                    {"author": record["AUTHOR"], "date": record["DATE"], "file": path.stem},
                )


def sms(root: Path) -> Iterator[Row]:
    """SMS messages: spam / ham."""
    path = root / "sms_spam_collection" / "SMSSpamCollection.tsv"
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for label, text in reader:
            yield Row("sms", html.unescape(text), "spam" if label == "spam" else "clean")


def tatoeba(root: Path) -> Iterator[Row]:
    """Tatoeba's independent test set: 200 sentences in each of 10 languages (ISO 639-3)."""
    path = root / "langid_tatoeba_tatodet" / "testset.csv"
    with open(path, encoding="utf-8") as f:
        for line in f:
            identifier, language, text = line.rstrip("\n").split("\t", 2)
            yield Row("tatoeba", text, language, {"id": identifier})


def urls(root: Path, name: str) -> Iterator[Row]:
    """`urlhaus` (malicious) or `tranco_safe` (popular domains): inert strings, never fetched."""
    with open(root / "malicious_urls" / f"{name}.csv", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            yield Row(name, record["url"], "malicious" if record["label"] == "1" else "benign")
