"""Watched words: curated lists of words and phrases with an action each (block, hold, flag).

A list is a text file, one entry per line under a `[block]`, `[hold]` or `[flag]` heading;
`#` starts a comment. An entry is a word, a phrase (words separated by spaces match any
separators) or a word ending in `*` (any ending: `scam*` matches "scammers"). Entries are folded
like comments (`text.text_normalise`), so a list names each word once, however it is disguised.
The files in `wordlists/` are the shipped defaults; a later admin screen edits them like
Discourse's watched words. Lists are multilingual: one list holds a standard's words in every
language the site serves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .reasons import Span, Verdict
from .text import NormalisedText, text_normalise

WORDLISTS_DIR = Path(__file__).resolve().parent / "wordlists"
_WORD = re.compile(r"\w+")
_HEADING = re.compile(r"^\[(block|hold|flag)\]$")


@dataclass(frozen=True)
class WatchedMatch:
    entry: str
    verdict: Verdict
    span: Span | None


class WatchedWords:
    """A compiled list: single words and prefixes by token lookup, phrases by n-gram lookup.

    Token lookups keep matching linear in the text's length whatever the list's size (one big
    regular expression alternation would try every entry at every position).
    """

    def __init__(self, entries: list[tuple[str, Verdict]]) -> None:
        self.words: dict[str, tuple[str, Verdict]] = {}
        self.prefixes: dict[str, tuple[str, Verdict]] = {}
        self.phrases: dict[tuple[str, ...], tuple[str, Verdict]] = {}
        for entry, verdict in entries:
            is_prefix = entry.endswith("*")
            tokens = tuple(_WORD.findall(text_normalise(entry.rstrip("*")).folded))
            if not tokens:
                continue
            if len(tokens) > 1:
                self.phrases[tokens] = (entry, verdict)
            elif is_prefix:
                self.prefixes[tokens[0]] = (entry, verdict)
            else:
                self.words[tokens[0]] = (entry, verdict)
        self.prefix_tuple = tuple(sorted(self.prefixes, key=len, reverse=True))
        self.phrase_lengths = sorted({len(tokens) for tokens in self.phrases}, reverse=True)
        self.phrase_starts = {tokens[0] for tokens in self.phrases}

    def __len__(self) -> int:
        return len(self.words) + len(self.prefixes) + len(self.phrases)

    def _lookup(self, token: str) -> tuple[str, Verdict] | None:
        found = self.words.get(token)
        if found is None and self.prefix_tuple and token.startswith(self.prefix_tuple):
            for prefix in self.prefix_tuple:
                if token.startswith(prefix):
                    return self.prefixes[prefix]
        return found

    def find(self, text: NormalisedText) -> list[WatchedMatch]:
        matches: list[WatchedMatch] = []
        tokens = text.tokens
        words = text.words
        for index, (token, start, end) in enumerate(tokens):
            found = self._lookup(token)
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


@lru_cache(maxsize=64)
def watched_words_load(name: str) -> WatchedWords:
    """The compiled list called `name` (a file in wordlists/, or an absolute path)."""
    source = wordlist_path(name).read_text(encoding="utf-8")
    return WatchedWords(watched_words_parse(source))
