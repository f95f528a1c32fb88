"""Faults found by an independent evaluation (issue 9), each through the whole default pipeline:
links, mentions, placeholders, repeated letters, split words, dates and IP addresses, lone
surrogates. Every test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from masthead.moderation.pipeline import moderation_warm_up, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.insults import InsultRule
from masthead.moderation.rules.profanity import ProfanityRule
from masthead.moderation.rules.spam import SpamRule

from .conftest import make_submission, prepared

# A made-up phishing page on a documentation address block (RFC 5737), listed for the test.
PHISHING = "http://198.51.100.23/secure-login/account-verify.php"


@pytest.fixture(scope="module", autouse=True)
def _warm():
    moderation_warm_up()


@pytest.fixture
def blocklist(settings, tmp_path: Path) -> Path:
    path = tmp_path / "blocklist.txt"
    path.write_text("198.51.100.23/secure-login/account-verify.php\n", encoding="utf-8")
    settings.MASTHEAD_MODERATION_RULES = [
        {**entry, "OPTIONS": {"blocklist": str(path)}}
        if entry["NAME"].endswith("MalwareRule")
        else entry
        for entry in settings.MASTHEAD_MODERATION_RULES
    ]
    return path


@pytest.mark.parametrize(
    "text",
    [
        "The council's full report is at https://www.bbc.co.uk/news/uk-12345678 if anyone "
        "wants to read it.",
        "The weather agency's own bulletin has the updated track: "
        "https://www.pagasa.dost.gov.ph/tropical-cyclone/severe-weather-bulletin",
        "For context, the original study is here: https://www.nature.com/articles/s41586-024",
        "According to the statistics office (www.ons.gov.uk/employment) unemployment fell.",
    ],
)
def test_a_comment_citing_a_source_is_published(blocklist, text):
    """A link is judged by where it goes: citing a report, an agency or a paper is normal."""
    decision = submission_moderate(make_submission(text))
    assert decision.verdict is Verdict.PASS, decision.hits


def test_a_bare_pointer_to_a_popular_site_is_not_rejected_as_spam(blocklist):
    """ "Check this out: <link>" says nothing but where it points: a moderator may look (the
    model cannot know the site), but it is not rejected as spam."""
    decision = submission_moderate(make_submission("Check this out: https://google.com/"))
    assert decision.verdict is not Verdict.REJECT


def test_a_link_on_the_malware_list_is_still_rejected_in_a_neutral_sentence(blocklist):
    """The same neutral sentence with a listed phishing page is rejected as malware."""
    decision = submission_moderate(
        make_submission(f"The council's full report is at {PHISHING} if anyone wants to read it.")
    )
    assert decision.verdict is Verdict.REJECT
    assert ReasonCode.MALWARE in decision.reasons


def test_a_get_rich_quick_pitch_with_a_link_is_still_spam(blocklist):
    """What the text around a link does still counts: a pitch with a link is spam."""
    decision = submission_moderate(
        make_submission(
            "Make $5000 a week from home!!! Click here to start earning today: "
            "http://easy-money-now.example.com/join"
        )
    )
    assert decision.verdict >= Verdict.HOLD
    assert ReasonCode.SPAM in decision.reasons


@pytest.mark.parametrize(
    ("plain", "with_mention"),
    [
        ("you are a pathetic idiot", "@jo_smith you are a pathetic idiot"),
        ("what a stupid take, moron", "@USER @USER what a stupid take, moron"),
        ("shut up you clown", "shut up you clown @newsdesk https://t.co/abc123"),
    ],
)
def test_a_mention_or_a_link_does_not_change_the_abuse_score(plain, with_mention):
    """The same insult with and without a mention (or a link) scores and decides the same."""
    for rule_class in (ProfanityRule, InsultRule):
        rule = prepared(rule_class)
        assert rule.model_score(make_submission(with_mention)) == pytest.approx(
            rule.model_score(make_submission(plain))
        )
    assert (
        submission_moderate(make_submission(with_mention)).verdict
        == submission_moderate(make_submission(plain)).verdict
    )


def test_links_are_not_what_the_spam_model_reads():
    """A neutral sentence scores the same for the spam model with or without its link."""
    rule = prepared(SpamRule)
    sentence = "The court published the full judgment for anyone who wants the detail:"
    linked = f"{sentence} https://www.judiciary.uk/judgments/r-v-smith-2024/"
    assert rule.model_score(make_submission(linked)) == pytest.approx(
        rule.model_score(make_submission(sentence))
    )


def test_runs_of_mentions_and_placeholders_in_capitals_are_not_shouting():
    """ "@USER @USER URL" is how data sets and some apps write mentions: not capitals."""
    decision = submission_moderate(
        make_submission("@USER @USER @USER @USER @USER @USER URL URL so true")
    )
    assert ReasonCode.CAPITALS not in decision.reasons


@pytest.mark.parametrize(
    "text",
    ["you are so stuupid", "what a load of shiit", "you are so stuuupid", "total bulllshit"],
)
def test_repeated_letters_do_not_hide_a_word(text):
    """Stretched words ("stuupid", "shiit") are read as the word they stretch: the lists find
    them (what the profanity standard then does is its own setting)."""
    assert _listed_abuse(text), text


@pytest.mark.parametrize("text", ["what an A-hole", "you b i t c h", "f.u.c.k you", "a$$-hole"])
def test_split_words_do_not_hide_a_word(text):
    """Words split by hyphens, spaces or dots are joined before the lists look."""
    assert _listed_abuse(text), text


def _listed_abuse(text: str) -> tuple[str, ...]:
    """The profanity and insult lists' entries the pipeline found in `text`."""
    decision = submission_moderate(make_submission(text))
    return tuple(
        word
        for hit in decision.hits
        if hit.code in {ReasonCode.PROFANITY, ReasonCode.INSULT}
        for word in hit.evidence.words
    )


@pytest.mark.parametrize(
    "text",
    [
        "The first alarm was logged at 2024-03-05 14:20 and the second an hour later.",
        "The attack came from 192.168.100.200 according to the police statement.",
        "The study (doi 10.1038/s41586-020-2649-2, PMID 31452104) found no effect.",
        "ISBN 978-0-306-40615-7 is the edition the reviewer read.",
    ],
)
def test_dates_ip_addresses_and_citation_numbers_are_published(text):
    """Dates with times, IP addresses and citation numbers are not phone numbers."""
    decision = submission_moderate(make_submission(text))
    assert ReasonCode.PRIVACY not in decision.reasons
    assert decision.verdict is Verdict.PASS, decision.hits


@pytest.mark.parametrize(
    "text",
    [
        "bad \ud800 text",
        "The harbour story is interesting and the crews worked hard \udfff all night long",
        "\ud83d",
    ],
)
def test_a_lone_surrogate_never_makes_a_rule_fail(text):
    """A lone surrogate (from JSON's "\\ud800") is dropped before the rules read the text."""
    submission = make_submission(text)
    assert not any("\ud800" <= ch <= "\udfff" for ch in submission.text)
    decision = submission_moderate(submission)
    assert decision.failures == ()
    assert ReasonCode.CHECK_FAILED not in decision.reasons


def test_a_promotional_phrase_inside_an_ordinary_question_is_not_promotion():
    """ "Where will they shop now?" asks a question; "Shop now at …" makes a pitch."""
    decision = submission_moderate(
        make_submission("The mall closed last week. Where will they shop now?")
    )
    assert ReasonCode.PRODUCT_PROMOTION not in decision.reasons
    pitch = submission_moderate(make_submission("Shop now and save 50% on every order!"))
    assert ReasonCode.PRODUCT_PROMOTION in pitch.reasons
