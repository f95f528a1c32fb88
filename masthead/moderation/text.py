"""One normaliser for every rule: what the author wrote, and a folded form to match against.

Rules match word lists and patterns on `NormalisedText.folded`, where disguises are undone:
NFKC/NFKD folding (full-width and mathematical letters, accents), zero-width and direction
controls removed, look-alike letters of other scripts folded to Latin inside words that mix
scripts (Unicode's confusables, the common part: a small table below), leetspeak undone inside
words that contain letters ("sh1t", "@ss"), and runs of three or more repeated letters squeezed.
`squeezed` also joins spaced-out letters ("f u c k"). Evidence keeps the original: `origin`
maps every folded character back to its offset in the text as written.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Letters of other scripts that look like Latin ones (from Unicode's confusables.txt, the
# Cyrillic, Greek, Armenian and Cherokee lookalikes of the lower-case alphabet).
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "с": "c",
    "ԁ": "d",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "ӏ": "l",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "ѕ": "s",
    "т": "t",
    "ц": "u",
    "ѵ": "v",
    "ԝ": "w",
    "х": "x",
    "у": "y",
    "ү": "y",
    "ь": "b",
    "п": "n",
    "г": "r",
    "ԍ": "g",
    "ɡ": "g",
    # Greek
    "α": "a",
    "β": "b",
    "ϲ": "c",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "μ": "u",
    "ϳ": "j",
    # Armenian and others
    "օ": "o",
    "ս": "u",
    "ց": "g",
    "ո": "n",
    "հ": "h",
    "ɑ": "a",
    "ı": "i",
    "ȷ": "j",
    "ℓ": "l",
}
# Digits and signs written for letters, undone only inside words that also hold letters.
LEET: dict[str, str] = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "i", "€": "e", "+": "t", "(": "c",
}  # fmt: skip
_INVISIBLE = {"Cf", "Cc", "Co", "Cs", "Cn"}
_WHITESPACE_CONTROLS = {"\n", "\r", "\t", "\x0b", "\x0c"}
_ASCII_WHITESPACE = str.maketrans(dict.fromkeys(_WHITESPACE_CONTROLS, " "))
_RUN_OF_THREE = re.compile(r"([a-z])\1\1")
_TOKEN = re.compile(r"\S+")
_TRAILING_PUNCTUATION = re.compile(r"[!?.,;:'\")\]]+$")
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:\w[ ._\-*·]+){2,}\w(?![\w])")
_WORD = re.compile(r"\w+")
_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")
# An @mention ("@jo_smith", "@USER"): a handle, not a disguised word, so its "@" is not read as
# an "a" (the models then leave it out: `classifiers.features`). Two letters are too short for a
# handle and too often leetspeak ("@ss").
MENTION = re.compile(r"@[a-z_][a-z0-9_]{2,}", re.IGNORECASE)


_LETTER_RUN = re.compile(r"([^\W\d_])\1+")


def letters_destretched(word: str) -> str:
    """`word` with every run of a repeated letter written once: "stuupid" → "stupid"; also
    "bullshit" → "bulshit", so both sides of a comparison are destretched (`wordlists.py`)."""
    return _LETTER_RUN.sub(r"\1", word)


def _script(ch: str) -> str:
    """The first word of a letter's Unicode name: LATIN, CYRILLIC, GREEK, CJK, …"""
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


_DOUBLE_LETTER = re.compile(r"([^\W\d_])\1")
# Letters seldom doubled in the languages of the lists (Latin script): a double of one of these
# is a stretch ("shiit"); "ee", "oo", "ll", "ss", "tt" … are ordinary spelling.
_RARE_DOUBLES = frozenset("aiuyhjkqvwx")
_RUN_IN_ORIGINAL = re.compile(r"([^\W\d_])\1\1", re.IGNORECASE)


@dataclass(frozen=True)
class NormalisedText:
    """A text as written and as matched; offsets in `folded` map back through `origin`."""

    original: str
    folded: str
    origin: tuple[int, ...]

    @cached_property
    def squeezed(self) -> str:
        """`folded` with spaced-out letters joined: "f u c k" → "fuck"."""
        return _SPACED_LETTERS.sub(lambda m: re.sub(r"[ ._\-*·]+", "", m.group()), self.folded)

    @cached_property
    def squeezed_normalised(self) -> NormalisedText | None:
        """`squeezed` normalised in turn, once for every rule that reads it; None when no
        spaced-out letters were joined (the text is `self`)."""
        if self.squeezed == self.folded:
            return None
        return text_normalise(self.squeezed)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(_WORD.findall(self.folded))

    @cached_property
    def tokens(self) -> tuple[tuple[str, int, int], ...]:
        """Each word of `folded` with its offsets, found once for every rule that matches."""
        return tuple((m.group(), m.start(), m.end()) for m in _WORD.finditer(self.folded))

    @cached_property
    def word_places(self) -> dict[str, tuple[int, ...]]:
        """Each distinct word of `tokens`, with its indices there (lists look words up once)."""
        places: dict[str, list[int]] = {}
        for index, (token, _start, _end) in enumerate(self.tokens):
            places.setdefault(token, []).append(index)
        return {word: tuple(indices) for word, indices in places.items()}

    @cached_property
    def hyphen_pairs(
        self,
    ) -> tuple[tuple[tuple[str, int, int], tuple[str, int, int]], ...]:
        """Neighbouring words of `tokens` joined by a single hyphen ("A-hole"), found once."""
        if "-" not in self.folded:
            return ()
        return tuple(
            (first, second)
            for first, second in itertools.pairwise(self.tokens)
            if self.folded[first[2] : second[1]] == "-"
        )

    @cached_property
    def stretched_tokens(self) -> frozenset[int]:
        """The indices in `tokens` of words written stretched: with a run of three or more
        letters (collapsed by the normaliser), or with a double that words seldom have
        ("shiit", "stuupid"): "fodder" and "blood" are words, not a stretched "foder" or
        "blod". Found once for every list that looks stretched words up (it was a third of
        the pipeline's time on long comments, asked again by each)."""
        tokens = self.tokens
        stretched: set[int] = set()
        starts = [start for _token, start, _end in tokens]
        # Rare doubles, found in one pass over the text and placed in their words.
        for double in _DOUBLE_LETTER.finditer(self.folded):
            if double.group(1) in _RARE_DOUBLES:
                index = bisect.bisect_right(starts, double.start()) - 1
                if index >= 0 and double.end() <= tokens[index][2]:
                    stretched.add(index)
        # Runs of three letters: most texts have none, and then no word's span need be read.
        if _RUN_IN_ORIGINAL.search(self.original) is not None:
            for index, (_token, start, end) in enumerate(tokens):
                if index in stretched:
                    continue
                begin, finish = self.original_span(start, end)
                if (
                    finish - begin > end - start
                    and _RUN_IN_ORIGINAL.search(self.original, begin, finish) is not None
                ):
                    stretched.add(index)
        return frozenset(stretched)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original text of `folded[start:end]`."""
        if not self.origin or start >= len(self.origin):
            return (len(self.original), len(self.original))
        segment = self.origin[start:end] or self.origin[start : start + 1]
        return (min(segment), max(segment) + 1)

    def original_text(self, start: int, end: int) -> str:
        begin, finish = self.original_span(start, end)
        return self.original[begin:finish]


def text_normalise(text: str) -> NormalisedText:
    """Fold `text` for matching; see the module docstring for what is undone and why."""
    chars: list[str] = []
    origin: list[int] = []
    if text.isascii():
        lowered = text.lower().translate(_ASCII_WHITESPACE)
        if lowered.isprintable():
            chars = [lowered]
            origin = list(range(len(text)))
        else:
            for index, ch in enumerate(lowered):
                if ch < " " or ch == "\x7f":
                    continue
                chars.append(ch)
                origin.append(index)
    elif "\u202e" not in text:
        # Mostly ASCII with a few other characters (an accent, an emoji, a look-alike letter):
        # plain ASCII runs go through in one piece; only the others are folded one by one.
        position = 0
        for match in _NOT_PLAIN_ASCII.finditer(text):
            start = match.start()
            if start > position:
                chars.append(text[position:start].lower())
                origin.extend(range(position, start))
            _fold_character(match.group(), start, chars, origin)
            position = start + 1
        if position < len(text):
            chars.append(text[position:].lower())
            origin.extend(range(position, len(text)))
    else:
        # A right-to-left override is undone character by character (`_reverse_overridden`).
        for index, ch in enumerate(text):
            if ch in _WHITESPACE_CONTROLS:
                chars.append(" ")
                origin.append(index)
                continue
            if ch.isascii():
                if ch >= " " and ch != "\x7f":
                    chars.append(ch.lower())
                    origin.append(index)
                continue
            if unicodedata.category(ch) in _INVISIBLE:
                continue
            for part in unicodedata.normalize("NFKD", ch):
                if unicodedata.combining(part):
                    continue
                for folded in part.casefold():
                    chars.append(folded)
                    origin.append(index)
    if "\u202e" in text:
        chars, origin = _reverse_overridden(text, chars, origin)
    folded, origin = _fold_words("".join(chars), origin)
    return NormalisedText(original=text, folded=folded, origin=tuple(origin))


def _fold_character(ch: str, index: int, chars: list[str], origin: list[int]) -> None:
    """Append what one character that is not printable ASCII folds to (maybe nothing)."""
    if ch in _WHITESPACE_CONTROLS:
        chars.append(" ")
        origin.append(index)
        return
    if ch.isascii() or unicodedata.category(ch) in _INVISIBLE:
        return  # an ASCII control character, or an invisible one (zero-width, direction)
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part):
            continue
        for folded in part.casefold():
            chars.append(folded)
            origin.append(index)


def _reverse_overridden(
    text: str, chars: list[str], origin: list[int]
) -> tuple[list[str], list[int]]:
    """Put text inside a right-to-left override (U+202E … U+202C) in the order it is seen.

    "\u202etihs\u202c" shows as "shit"; rules must read what readers see.
    """
    reversed_ranges = []
    start = text.find("\u202e")
    while start != -1:
        ends = [i for i in (text.find("\u202c", start), text.find("\n", start)) if i != -1]
        end = min(ends) if ends else len(text)
        reversed_ranges.append((start, end))
        start = text.find("\u202e", end)
    out_chars: list[str] = []
    out_origin: list[int] = []
    index = 0
    while index < len(chars):
        inside = next((r for r in reversed_ranges if r[0] <= origin[index] < r[1]), None)
        if inside is None:
            out_chars.append(chars[index])
            out_origin.append(origin[index])
            index += 1
            continue
        stop = index
        while stop < len(chars) and inside[0] <= origin[stop] < inside[1]:
            stop += 1
        out_chars.extend(reversed(chars[index:stop]))
        out_origin.extend(reversed(origin[index:stop]))
        index = stop
    return out_chars, out_origin


def _fold_words(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """Undo look-alike letters, leetspeak and long letter runs word by word."""
    out: list[str] = []
    out_origin: list[int] = []
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        out.extend(text[position:start])
        out_origin.extend(origin[position:start])
        position = end
        token = match.group()
        if token.isascii() and token.isalpha() and not _RUN_OF_THREE.search(token):
            out.append(token)  # the common case: a plain word, nothing to undo
            out_origin.extend(origin[start:end])
            continue
        trailing = _TRAILING_PUNCTUATION.search(token)
        core_end = trailing.start() if trailing else len(token)
        core = token[:core_end]
        if MENTION.fullmatch(core):
            pass  # a handle: kept as written (lower case), "@" and all
        elif (core and not core.isalpha()) or not core.isascii():
            core = _fold_token(core)
        mapped = core + token[core_end:]
        # Runs of 3+ identical letters collapse to one ("fuuuck" → "fuck").
        previous = ""
        run = 0
        for offset, ch in enumerate(mapped):
            run = run + 1 if ch == previous and ch.isalpha() else 1
            previous = ch
            if run == 3:
                out.pop()
                out_origin.pop()
                continue
            if run > 3:
                continue
            out.append(ch)
            out_origin.append(origin[start + offset])
    out.extend(text[position:])
    out_origin.extend(origin[position:])
    return "".join(out), out_origin


def _fold_token(token: str) -> str:
    letters = [ch for ch in token if ch.isalpha()]
    if not letters:
        return token
    scripts = {_script(ch) for ch in letters}
    mixed = len(scripts) > 1 and "LATIN" in scripts
    # A word of 4+ letters made only of look-alikes ("ѕех" spelled in Cyrillic) folds too;
    # shorter ones are too often real words of that script.
    all_lookalike = (
        len(letters) >= 4 and "LATIN" not in scripts and all(ch in CONFUSABLES for ch in letters)
    )
    if mixed or all_lookalike:
        token = "".join(CONFUSABLES.get(ch, ch) for ch in token)
    if any(ch in LEET for ch in token) and any("a" <= ch <= "z" for ch in token):
        token = "".join(LEET.get(ch, ch) for ch in token)
    return token
