"""Profanity rule: the published standard is the default. Swearing and obscenities, their
derivatives and hints (disguised, spaced-out or masked spellings) are held, whoever they aim at;
mild expletives that are not obscenities are flagged for the desk; clean comments pass."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.profanity import ProfanityRule

from ..conftest import make_submission, prepared


@pytest.mark.parametrize(
    "text",
    [
        "this council is full of shit",
        "this council is full of sh1t",  # leetspeak
        "this council is full of ѕhit",  # a Cyrillic look-alike letter
        "this council is full of s h i t",  # spaced out
        "this council is full of s\u200bh\u200bi\u200bt",  # zero-width spaces
        "ferme ta gueule, le maire",  # French
    ],
)
def test_profanity_rule_holds_swearing_however_it_is_spelled(text):
    """The list matches the folded text, so each disguise is undone."""
    hit = prepared(ProfanityRule).evaluate(make_submission(text))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.PROFANITY, Verdict.HOLD)


def test_profanity_rule_quotes_the_word_as_written():
    """Evidence shows the disguised spelling the author typed."""
    hit = prepared(ProfanityRule).evaluate(make_submission("full of sh1t"))
    assert hit is not None
    assert "shit" in hit.evidence.words
    assert "sh1t" in [span.text for span in hit.evidence.spans]


def test_profanity_rule_holds_swearing_aimed_at_another_reader():
    """'Fuck you' is on the list's hold tier: aimed at a person, it waits for a moderator."""
    hit = prepared(ProfanityRule).evaluate(make_submission("fuck you, you know nothing"))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert "fuck you" in hit.evidence.words


@pytest.mark.parametrize(
    "text",
    [
        "The council's plan is bullshit and everyone knows it.",
        "Holy shit, three days without a ferry and nobody told us why.",
        "This is a fucking disgrace and the minister should resign.",
        "What a shitty way to run a ferry service.",
    ],
)
def test_profanity_rule_holds_swearing_as_emphasis(text):
    """The published standard does not publish profanity, aimed at anyone or not: held, the
    reader told which standard and free to rephrase."""
    hit = prepared(ProfanityRule).evaluate(make_submission(text))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.PROFANITY, Verdict.HOLD)


@pytest.mark.parametrize(
    ("text", "entry", "written"),
    [
        ("what the f**k is the council doing", "fuck*", "f**k"),
        ("the new timetable is sh*t", "shit", "sh*t"),
        ("a f***ing disgrace from start to finish", "fuck*", "f***ing"),
        ("the minister is a b#tch about it", "bitch*", "b#tch"),
        ("total b*llsh*t from the harbour board", "bullshit", "b*llsh*t"),
        ("F**K this ferry", "fuck*", "F**K"),
        ("what the f***", "fuck*", "f***"),
    ],
)
def test_profanity_rule_holds_words_masked_with_stars(text, entry, written):
    """A word with letters masked by '*' or '#' that can only be a listed word is a hint of it:
    held, the evidence naming the entry and quoting the spelling as written."""
    hit = prepared(ProfanityRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert entry in hit.evidence.words
    assert written in [span.text for span in hit.evidence.spans]


@pytest.mark.parametrize(
    "text",
    [
        "The hotel has 5* reviews and a 4.5* restaurant.",
        "Rated a*b in the exam, and my_var is a variable name.",
        "The *really* important point is in the third paragraph.",
        "Footnote* applies to the second table.",
        "Call 0800 123 456 and press # then *.",
    ],
)
def test_profanity_rule_leaves_stars_that_mask_no_listed_word(text):
    """Stars for ratings, emphasis, footnotes or keys mask nothing on the list."""
    assert prepared(ProfanityRule).evaluate(make_submission(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "What a damn mess the council has made of the ferry timetable.",
        "The new timetable sucks and the council should fix it.",
    ],
)
def test_profanity_rule_only_flags_mild_expletives(text):
    """Mild expletives that are not obscenities are published, noted for the desk."""
    hit = prepared(ProfanityRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.PASS


def test_profanity_rule_publishes_what_a_moderator_relaxes():
    """Moderators relax the standard in the admin: an entry moved to [flag] is published."""
    rule = ProfanityRule(list_overrides=(("bullshit", Verdict.PASS),))
    rule.prepare()
    hit = rule.evaluate(make_submission("The council's plan is bullshit and everyone knows it."))
    assert hit is None or hit.verdict is Verdict.PASS


def test_profanity_rule_holds_a_flagged_word_when_the_model_finds_the_comment_abusive():
    """A flagged word is held once the abuse model's score reaches `context_hold_at`."""
    text = "The council's plan is crap and everyone knows it."
    rule = prepared(ProfanityRule, context_hold_at=0.0)
    hit = rule.evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert hit.evidence.details["model"] == "abuse"


def test_profanity_rule_flags_what_alt_profanity_check_finds_beyond_the_list():
    """alt-profanity-check's probability is in the evidence and flags the comment; alone it
    does not hold (measured: it held 13% of HateXplain's clean comments)."""
    rule = prepared(ProfanityRule, list="narcotics")  # a list without swear words
    hit = rule.evaluate(make_submission("shut up you stupid fucking idiot"))
    assert hit is not None and hit.verdict is Verdict.PASS
    probability = hit.evidence.details["profanity_check"]
    assert isinstance(probability, float) and probability >= 0.9


def test_profanity_rule_lets_alt_profanity_check_hold_when_the_operator_asks():
    """`model_hold_at` at or below its probability makes it hold on its own again."""
    rule = prepared(ProfanityRule, list="narcotics", model_hold_at=0.9)
    hit = rule.evaluate(make_submission("shut up you stupid fucking idiot"))
    assert hit is not None and hit.verdict is Verdict.HOLD


@pytest.mark.parametrize(
    "text",
    [
        "The harbour reopened on Monday and the ships are back.",
        "Scunthorpe and Essex councils met in Middlesex.",  # words hiding inside place names
        "I'd assess the class of 2024 as excellent.",
    ],
)
def test_profanity_rule_passes_clean_comments(text):
    """Clean words that contain a swear word inside them are not profanity."""
    assert prepared(ProfanityRule).evaluate(make_submission(text)) is None


def test_profanity_rule_reads_a_masked_word_in_the_editions_own_list():
    """On the French edition a masked French swear word is looked up in the French list, which
    holds it (the base list only flags it: in English it may be a quotation)."""
    submission = make_submission("quel p*tain de bordel, ce conseil", edition_language="fr")
    hit = prepared(ProfanityRule).evaluate(submission)
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert "p*tain" in [span.text for span in hit.evidence.spans]
