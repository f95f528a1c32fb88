"""Watched-word lists: parsed, folded, matched by word, prefix and phrase."""

from __future__ import annotations

from masthead.moderation.reasons import Verdict
from masthead.moderation.text import text_normalise
from masthead.moderation.wordlists import (
    WORDLISTS_DIR,
    WatchedWords,
    watched_words_load,
    watched_words_parse,
)

SOURCE = """
# a comment
[block]
scam*
[hold]
buy now
[flag]
meh
"""


def words() -> WatchedWords:
    return WatchedWords(watched_words_parse(SOURCE))


def test_each_entry_carries_the_action_of_its_heading():
    """block, hold and flag headings give reject, hold and pass."""
    assert watched_words_parse(SOURCE) == [
        ("scam*", Verdict.REJECT),
        ("buy now", Verdict.HOLD),
        ("meh", Verdict.PASS),
    ]


def test_a_prefix_entry_matches_any_ending():
    """'scam*' finds 'Scammers'."""
    found = words().find(text_normalise("Scammers everywhere"))
    assert [(m.entry, m.verdict, m.span and m.span.text) for m in found] == [
        ("scam*", Verdict.REJECT, "Scammers")
    ]


def test_a_phrase_matches_across_punctuation_and_case():
    """'buy now' finds 'BUY... now'."""
    found = words().find(text_normalise("BUY... now!"))
    assert [m.entry for m in found] == ["buy now"]


def test_a_word_inside_another_word_is_not_a_match():
    """'meh' is not found in 'mehndi': entries match whole words."""
    assert words().find(text_normalise("mehndi patterns")) == []


def test_every_shipped_list_loads_and_is_not_empty():
    """A broken list file would hold every comment: each one parses."""
    for path in WORDLISTS_DIR.glob("*.txt"):
        assert len(watched_words_load(path.stem)) > 5, path.name


def test_a_prefix_entry_does_not_match_an_innocent_longer_word():
    """'scam*' is not found in 'scampi', nor Portuguese 'ridiculo*' in English 'ridiculous':
    a stem's other words are listed as exceptions; its own endings still match."""
    listed = WatchedWords([("scam*", Verdict.REJECT), ("ridiculo*", Verdict.HOLD)])
    assert listed.find(text_normalise("The scampi was ridiculous, ridiculously good")) == []
    found = listed.find(text_normalise("scammers, ridiculos"))
    assert [m.entry for m in found] == ["scam*", "ridiculo*"]
