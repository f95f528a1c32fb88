"""Watched words: curated lists of words and phrases with an action each (block, hold, flag).

A list is a text file, one entry per line under a `[block]`, `[hold]` or `[flag]` heading;
`#` starts a comment. An entry is a word, a phrase (words separated by spaces match any
separators) or a word ending in `*` (any ending: `scam*` matches "scammers"). Entries are folded
like comments (`text.text_normalise`), so a list names each word once, however it is disguised.
The files in `wordlists/` are the shipped, curated base; moderators add entries, change an
entry's action or disable a shipped one in the admin (Community standards › Watched words,
`masthead/moderation/models.py`), and `watched_words_load(name, overrides)` merges those over
the file. An entry is known by its key (`watched_entry_key`: its folded form), so an override
written in another spelling still replaces the shipped entry. Lists are multilingual: one list
holds a standard's words in every language the site serves, and an edition may add its own
(`profanity.fr.txt`, read with `profanity.txt` for the French edition: `rules/_languages.py`).
An entry in a script written without spaces (Chinese, Japanese) is found anywhere in the text,
not only as a whole word: there, a "word" of the folded text is a whole clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .reasons import Span, Verdict
from .text import NormalisedText, letters_destretched, text_normalise

WORDLISTS_DIR = Path(__file__).resolve().parent / "wordlists"
_WORD = re.compile(r"\w+")
_HEADING = re.compile(r"^\[(block|hold|flag)\]$")
# Han ideographs, kana and hangul: scripts whose words are not separated by spaces.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# An admin entry and its verdict; None says "not this one": the shipped entry of that key goes.
WatchedOverride = tuple[str, Verdict | None]


def watched_entry_tokens(entry: str) -> tuple[tuple[str, ...], bool]:
    """The folded words an entry matches, and whether it is a prefix ('scam*').

    The one place entries are folded, for the files and the admin alike, so that an entry
    typed "Sc@m*" in the admin is the file's "scam*" and matches the same disguised spellings.
    """
    is_prefix = entry.endswith("*")
    return tuple(_WORD.findall(text_normalise(entry.rstrip("*")).folded)), is_prefix


def watched_entry_key(entry: str) -> str:
    """An entry's identity in its list ('Sc@m*' → 'scam*'); empty when nothing is left."""
    tokens, is_prefix = watched_entry_tokens(entry)
    return " ".join(tokens) + ("*" if is_prefix and len(tokens) == 1 else "")


@dataclass(frozen=True)
class WatchedMatch:
    entry: str
    verdict: Verdict
    span: Span | None


# Innocent words that begin like a listed stem ("scam*" and "scampi"): no prefix entry matches
# them (an entry naming the whole word still does). Found by matching every shipped stem against
# the vocabularies of the clean rows, Tatoeba and alt-profanity-check; add any a moderator meets.
WILDCARD_EXCEPTIONS = frozenset(
    {
        *("scampi", "scamper", "scampers", "scampered", "scampering"),
        *("ridiculous", "ridiculously", "ridiculousness"),
        *("merdeka", "negroni", "negronis", "wankel", "twattle", "twattling", "payasam"),
        "guignolet",
    }
)


class WatchedWords:
    """A compiled list: single words and prefixes by token lookup, phrases by n-gram lookup.

    Token lookups keep matching linear in the text's length whatever the list's size (one big
    regular expression alternation would try every entry at every position).
    """

    def __init__(self, entries: list[tuple[str, Verdict]]) -> None:
        self.words: dict[str, tuple[str, Verdict]] = {}
        self.prefixes: dict[str, tuple[str, Verdict]] = {}
        self.phrases: dict[tuple[str, ...], tuple[str, Verdict]] = {}
        self.substrings: dict[str, tuple[str, Verdict]] = {}  # unspaced scripts: anywhere
        for entry, verdict in entries:
            tokens, is_prefix = watched_entry_tokens(entry)
            if not tokens:
                continue
            if _UNSPACED.search(tokens[0]):
                self.substrings["".join(tokens)] = (entry, verdict)
            elif len(tokens) > 1:
                self.phrases[tokens] = (entry, verdict)
            elif is_prefix:
                self.prefixes[tokens[0]] = (entry, verdict)
            else:
                self.words[tokens[0]] = (entry, verdict)
        self.prefix_tuple = tuple(sorted(self.prefixes, key=len, reverse=True))
        # Stretched spellings ("stuupid", "shiit", "bulllshit"): entries by their letters with
        # runs collapsed, asked only about words written with a run (`_lookup_stretched`).
        self.destretched: dict[str, tuple[str, Verdict]] = {}
        for token, found in self.words.items():
            key = letters_destretched(token)
            if len(key) >= 3 and (
                key not in self.destretched or found[1] > self.destretched[key][1]
            ):
                self.destretched[key] = found
        self.destretched_prefixes = tuple(
            sorted(
                (
                    (letters_destretched(p), p)
                    for p in self.prefixes
                    if len(letters_destretched(p)) >= 4
                ),
                key=lambda pair: len(pair[0]),
                reverse=True,
            )
        )
        self.phrase_lengths = sorted({len(tokens) for tokens in self.phrases}, reverse=True)
        self.phrase_starts = {tokens[0] for tokens in self.phrases}

    def __len__(self) -> int:
        return len(self.words) + len(self.prefixes) + len(self.phrases) + len(self.substrings)

    def _lookup(self, token: str) -> tuple[str, Verdict] | None:
        found = self.words.get(token)
        if (
            found is None
            and self.prefix_tuple
            and token.startswith(self.prefix_tuple)
            and token not in WILDCARD_EXCEPTIONS
        ):
            for prefix in self.prefix_tuple:
                if token.startswith(prefix):
                    return self.prefixes[prefix]
        return found

    def _lookup_stretched(self, token: str) -> tuple[str, Verdict] | None:
        """An entry written with fewer repeated letters than `token` ("shiit" → "shit"), or
        with a double the normaliser collapsed ("bulllshit" → "bulshit" → "bullshit")."""
        key = letters_destretched(token)
        found = self.destretched.get(key)
        if found is None:
            for prefix_key, prefix in self.destretched_prefixes:
                if key.startswith(prefix_key):
                    return self.prefixes[prefix]
        return found

    def _find_hyphen_joined(self, text: NormalisedText) -> list[WatchedMatch]:
        """Words split by a hyphen ("A-hole", "a$$-hole"): the pieces joined, when the whole is
        an entry that neither piece is."""
        matches = []
        for (first, _, first_end), (second, _, second_end) in text.hyphen_pairs:
            joined = first + second
            found = self._lookup(joined)
            if found is not None and self._lookup(first) is None and self._lookup(second) is None:
                begin, finish = text.original_span(first_end - len(first), second_end)
                span = Span(begin, finish, text.original[begin:finish])
                matches.append(WatchedMatch(found[0], found[1], span))
        return matches

    def find(self, text: NormalisedText) -> list[WatchedMatch]:
        """Every entry found in `text`, in the order of the text (words and phrases first, then
        the unspaced entries, words joined across a hyphen, and spaced-out letters joined).

        Each distinct word of the text is looked up once, and only the places of the words
        found are visited: a long comment has hundreds of words, and a dozen lists read it."""
        matches: list[WatchedMatch] = []
        tokens = text.tokens
        words = text.words
        places = text.word_places
        found_at: dict[int, tuple[str, Verdict]] = {}
        for word in places.keys() & self.words.keys():
            for index in places[word]:
                found_at[index] = self.words[word]
        if self.prefix_tuple:
            for word in places:
                if word.startswith(self.prefix_tuple) and word not in self.words:
                    found = self._lookup(word)
                    if found is not None:
                        for index in places[word]:
                            found_at[index] = found
        for index in text.stretched_tokens:
            if index not in found_at:
                found = self._lookup_stretched(tokens[index][0])
                if found is not None:
                    found_at[index] = found
        phrase_at = (
            sorted(index for word in places.keys() & self.phrase_starts for index in places[word])
            if self.phrases
            else []
        )
        for index in sorted({*found_at, *phrase_at}):
            token, start, end = tokens[index]
            found = found_at.get(index)
            if found is not None:
                begin, finish = text.original_span(start, end)
                span = Span(begin, finish, text.original[begin:finish])
                matches.append(WatchedMatch(found[0], found[1], span))
            if token in self.phrase_starts:
                for length in self.phrase_lengths:
                    candidate = tuple(words[index : index + length])
                    phrase = self.phrases.get(candidate) if len(candidate) == length else None
                    if phrase is not None:
                        last_end = tokens[index + length - 1][2]
                        begin, finish = text.original_span(start, last_end)
                        span = Span(begin, finish, text.original[begin:finish])
                        matches.append(WatchedMatch(phrase[0], phrase[1], span))
                        break
        if self.substrings and _UNSPACED.search(text.folded):
            for needle, (entry, verdict) in self.substrings.items():
                start = text.folded.find(needle)
                if start != -1:
                    begin, finish = text.original_span(start, start + len(needle))
                    span = Span(begin, finish, text.original[begin:finish])
                    matches.append(WatchedMatch(entry, verdict, span))
        if "-" in text.folded:
            matches.extend(self._find_hyphen_joined(text))
        if text.squeezed != text.folded:
            seen = set(words)  # only the joined letters are new words
            for token in _WORD.findall(text.squeezed):
                if token not in seen:
                    found = self._lookup(token)
                    if found is not None:
                        matches.append(WatchedMatch(found[0], found[1], None))
        return matches


def watched_words_parse(source: str) -> list[tuple[str, Verdict]]:
    """Read a list file's text; entries before any heading are held."""
    entries = []
    verdict = Verdict.HOLD
    for raw in source.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            verdict = Verdict.from_label(heading.group(1))
            continue
        entries.append((line, verdict))
    return entries


def wordlist_path(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else WORDLISTS_DIR / f"{name}.txt"


def watched_list_names() -> list[str]:
    """The shipped lists (files in wordlists/), the ones moderators may edit in the admin."""
    return sorted(path.stem for path in WORDLISTS_DIR.glob("*.txt"))


def watched_words_read(name: str) -> list[tuple[str, Verdict]]:
    """The entries of the list file called `name` (a file in wordlists/, or an absolute path)."""
    return watched_words_parse(wordlist_path(name).read_text(encoding="utf-8"))


def watched_words_merge(
    shipped: list[tuple[str, Verdict]], overrides: tuple[WatchedOverride, ...] = ()
) -> list[tuple[str, Verdict]]:
    """The file's entries with the admin's on top: added, re-actioned, or (verdict None) dropped.

    Entries are matched by key, so the shipped "scam*" is replaced by an override "SCAM*".
    """
    merged = {watched_entry_key(entry): (entry, verdict) for entry, verdict in shipped}
    for entry, verdict in overrides:
        key = watched_entry_key(entry)
        if verdict is None:
            merged.pop(key, None)
        else:
            merged[key] = (entry, verdict)
    return [item for key, item in merged.items() if key]


@lru_cache(maxsize=64)
def watched_words_load(name: str, overrides: tuple[WatchedOverride, ...] = ()) -> WatchedWords:
    """The compiled list called `name` (a file in wordlists/, or an absolute path), with the
    admin's `overrides` merged over it (cached per list and overrides: rebuilt rules reuse it)."""
    return WatchedWords(watched_words_merge(watched_words_read(name), overrides))
