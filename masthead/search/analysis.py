"""Text analysis per edition: how a story's words and a reader's query are turned into terms.

Why: an edition's readers search with the forms their language inflects ("выборах" for a
headline saying "Выборы"), and Chinese is written without spaces, so a two-character word
sits inside a run of characters that no whitespace tokenizer splits. Both stacks analyse
alike, at index time (`backend`) and at query time (`selectors`):

* PostgreSQL: the built-in text-search configuration of the edition's language (`english`,
  `russian`, …; `simple` where PostgreSQL has none), chosen per indexed object by its locale.
* SQLite (FTS5, no stemmer inside): the same Snowball algorithms in Python (snowballstemmer),
  written into the index as marked terms (`MARK` + stem) beside the original words, which
  stay for "did you mean" and Wagtail's own admin search. Queries ask for marked terms only.
* Han characters, in every edition: overlapping bigrams, the usual CJK approach (Lucene's
  CJKBigramFilter): "市议会选举" is indexed as 市议 议会 会选 选举, so the two-character word
  选举 is found, and a longer query matches the stories holding all of its bigrams. A lone
  Han character stays a term of its own.

Languages absent from `ANALYSIS` get no stemming (`simple`), which is still correct matching.

Every entry of a page also holds its edition's term (`edition_term`) in its title, which no
word a reader types can produce: an edition's search asks for it beside the words, so the
index itself keeps to the edition (on PostgreSQL a GIN scan of both, on SQLite an FTS5 AND),
rather than ranking every edition's matches and dropping the others' afterwards.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass

import snowballstemmer

# A private-use character (a token character for FTS5's unicode61 tokenizer, never a letter
# for Python's `\w`): marks the analysed terms of the SQLite index, so a query term can only
# match an analysed term, and the vocabulary (`services`) never learns a stem as a word.
MARK = "\ue000"
# Another private-use character: the edition's term, `EDITION_MARK` + the language code's
# letters and digits ("\ue001zhhans"), one token for FTS5 and one lexeme for PostgreSQL.
EDITION_MARK = "\ue001"
# Han characters (CJK unified ideographs, their extensions, compatibility ideographs), for
# character classes here and in the vocabulary (`services`), which leaves Chinese out.
HAN_CHARACTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
HAN = re.compile(f"[{HAN_CHARACTERS}]+")
WORD = re.compile(r"\w+", flags=re.UNICODE)


@dataclass(frozen=True)
class Analysis:
    """How one language is analysed: PostgreSQL's configuration, the Snowball stemmer's name."""

    postgres_config: str
    stemmer: str | None


SIMPLE = Analysis(postgres_config="simple", stemmer=None)
# By the language code's first part ("zh-hans" is "zh"). Chinese: `simple` plus the bigrams.
ANALYSIS: dict[str, Analysis] = {
    "en": Analysis("english", "english"),
    "fr": Analysis("french", "french"),
    "es": Analysis("spanish", "spanish"),
    "ru": Analysis("russian", "russian"),
    "de": Analysis("german", "german"),
    "pt": Analysis("portuguese", "portuguese"),
    "ar": Analysis("arabic", "arabic"),
    "zh": SIMPLE,
}


def language_analysis(language_code: str | None) -> Analysis:
    """The analysis of a language code such as "ru" or "zh-hans" (`simple` when unknown)."""
    if not language_code:
        return SIMPLE
    return ANALYSIS.get(language_code.lower().split("-")[0].split("_")[0], SIMPLE)


def edition_term(language_code: str) -> str:
    """The term an edition's index entries hold in their title ("\ue001ru", "\ue001zhhans")."""
    return EDITION_MARK + re.sub(r"[^0-9a-z]", "", language_code.lower())


def edition_lexeme(term: str) -> str:
    """PostgreSQL's tsvector or tsquery literal of an edition's term (it holds no quote)."""
    return f"'{term}'"


def han_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a run of Han characters; a single character is its own term."""
    if len(run) < 2:
        return [run]
    return [run[position : position + 2] for position in range(len(run) - 1)]


def han_spaced(text: str) -> str:
    """The text with each run of Han characters replaced by its bigrams, spaced (PostgreSQL)."""
    return HAN.sub(lambda match: " " + " ".join(han_bigrams(match.group())) + " ", text)


@functools.cache
def _stemmer(name: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(name)


# Stemming a word in pure Python takes about 50 µs; words follow Zipf's law, so most of an
# article's words were stemmed before (indexing 100,000 articles: minutes saved).
STEM_CACHE_SIZE = 200_000
_stem_lock = threading.Lock()


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str, stemmer_name: str) -> str:
    """The Snowball stem of a lower-case word (stemmers are not thread-safe: one call at once)."""
    with _stem_lock:
        return str(_stemmer(stemmer_name).stemWord(word))


def terms(text: str, language_code: str | None) -> list[str]:
    """The analysed terms of a text, unmarked: lower case, stemmed, Han runs as bigrams."""
    stemmer_name = language_analysis(language_code).stemmer
    found: list[str] = []
    for word in WORD.findall(text.lower()):
        for piece in _han_split(word):
            if HAN.fullmatch(piece):
                found.extend(han_bigrams(piece))
            else:
                found.append(stem(piece, stemmer_name) if stemmer_name else piece)
    return found


def _han_split(word: str) -> list[str]:
    """A `\\w+` word cut where Han characters begin and end ("covid疫苗" is "covid", "疫苗")."""
    if not HAN.search(word):
        return [word]
    return [piece for piece in re.split(f"({HAN.pattern})", word) if piece]


def marked_terms(text: str, language_code: str | None) -> list[str]:
    """The analysed terms as the SQLite index holds them: MARK + stem, Han bigrams as they are.

    Han bigrams need no mark: a two-character run in the text is that bigram anyway, and the
    vocabulary takes words of three letters or more. Unmarked, they are also found by
    Wagtail's own search (the admin's), which queries the words as typed.
    """
    return [term if HAN.match(term) else MARK + term for term in terms(text, language_code)]


def sqlite_document(text: str, language_code: str | None) -> str:
    """What the SQLite index stores for a text: the text itself, then its marked terms."""
    if not text:
        return text
    return text + "\n" + " ".join(marked_terms(text, language_code))
