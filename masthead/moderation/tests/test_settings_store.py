"""The moderators' overrides reach every process: merged over the settings, noticed within a check.

Two `RuleSet`s stand for two processes (web or task workers), each with its own clock; they
share the cache (local memory here, Redis in the PostgreSQL + Redis run) and the database.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.moderation import services
from masthead.moderation.pipeline import RuleSet, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.settings_store import GENERATION_KEY, generation_current
from masthead.moderation.wordlists import (
    WatchedWords,
    watched_entry_key,
    watched_words_merge,
    watched_words_parse,
)

from .conftest import make_submission

pytestmark = pytest.mark.django_db

RULES = "masthead.moderation.rules"
CAPITALS = f"{RULES}.capitals.CapitalsRule"
NARCOTICS = f"{RULES}.narcotics.NarcoticsRule"
SHOUTED = "THIS HARBOUR DECISION IS A COMPLETE DISGRACE AND EVERYONE KNOWS IT"
CHECK_SECONDS = 5


class Clock:
    """A process's monotonic clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def rules(settings):
    settings.MASTHEAD_MODERATION_ADMIN_OVERRIDES = True
    settings.MASTHEAD_MODERATION_CHECK_SECONDS = CHECK_SECONDS
    settings.MASTHEAD_MODERATION_RULES = [{"NAME": CAPITALS}, {"NAME": NARCOTICS}]
    return settings.MASTHEAD_MODERATION_RULES


@pytest.fixture
def administrator(django_user_model):
    """A superuser with the second factor every staff power needs (issue 10, finding 2)."""
    from conftest import totp_enable

    user = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="unused password 1"
    )
    totp_enable(user)
    return user


@pytest.fixture
def capitals_off(administrator, django_capture_on_commit_callbacks):
    """A moderator in some process turns the capitals rule off (the change is committed)."""

    def change() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.rule_setting_save(
                user=administrator, rule=CAPITALS, is_enabled=False, action="hold", options={}
            )

    return change


def verdict(process: RuleSet, text: str) -> Verdict:
    return submission_moderate(make_submission(text), rules=process.current()).verdict


def test_a_stale_process_notices_a_change_at_its_next_check_and_not_before(
    capitals_off, django_assert_num_queries
):
    """Process B built its rules before A's change: it keeps them until its check is due, then
    rebuilds and the change applies."""
    clock_a, clock_b = Clock(), Clock()
    process_a, process_b = RuleSet(clock=clock_a), RuleSet(clock=clock_b)
    assert verdict(process_a, SHOUTED) is Verdict.HOLD
    assert verdict(process_b, SHOUTED) is Verdict.HOLD

    capitals_off()
    clock_a.now += CHECK_SECONDS
    clock_b.now += CHECK_SECONDS - 1

    assert verdict(process_a, SHOUTED) is Verdict.PASS
    with django_assert_num_queries(0):
        assert verdict(process_b, SHOUTED) is Verdict.HOLD  # not yet due: no look at all
    clock_b.now += 1
    assert verdict(process_b, SHOUTED) is Verdict.PASS


def test_checking_for_changes_costs_no_query_when_nothing_changed(django_assert_num_queries):
    """Hours of comments with nothing changed: one cache read per check, never a query."""
    clock = Clock()
    process = RuleSet(clock=clock)
    process.current()

    with django_assert_num_queries(0):
        for _second in range(0, 3600, 2):
            clock.now += 2
            verdict(process, "Good to see the harbour open again.")


def test_a_rebuild_keeps_the_unchanged_rules_already_prepared(capitals_off):
    """Only the changed rule is built again: the others keep their loaded lists and models."""
    clock = Clock()
    process = RuleSet(clock=clock)
    verdict(process, SHOUTED)
    narcotics = process.current()[1].rule
    assert narcotics.is_prepared

    capitals_off()
    clock.now += CHECK_SECONDS

    rules = process.current()
    assert [type(configured.rule).__name__ for configured in rules] == ["NarcoticsRule"]
    assert rules[0].rule is narcotics


def test_a_flushed_cache_reads_as_a_change():
    """An evicted generation key is never mistaken for 'no change': each process rebuilds once."""
    clock = Clock()
    process = RuleSet(clock=clock)
    process.current()
    before = generation_current()

    cache.delete(GENERATION_KEY)
    clock.now += CHECK_SECONDS
    with CaptureQueriesContext(connection) as queries:
        process.current()

    reads = [query["sql"] for query in queries if query["sql"].lstrip().startswith("SELECT")]
    assert len(reads) == 3  # the overrides read again: the rules', the words', the domains'
    assert process.generation not in (None, before)


def test_a_rule_pinned_in_the_settings_file_ignores_the_overrides(capitals_off, settings):
    """ "LOCKED": True in MASTHEAD_MODERATION_RULES: what moderators stored does not apply."""
    capitals_off()
    settings.MASTHEAD_MODERATION_RULES = [{"NAME": CAPITALS, "LOCKED": True}, {"NAME": NARCOTICS}]

    assert verdict(RuleSet(clock=Clock()), SHOUTED) is Verdict.HOLD


def test_with_the_overrides_switched_off_the_settings_file_alone_decides(capitals_off, settings):
    """MASTHEAD_MODERATION_ADMIN_OVERRIDES = False: the admin's changes are stored, not applied."""
    capitals_off()
    settings.MASTHEAD_MODERATION_ADMIN_OVERRIDES = False

    assert verdict(RuleSet(clock=Clock()), SHOUTED) is Verdict.HOLD


def test_an_admin_entry_is_folded_like_the_files_so_it_replaces_the_shipped_one():
    """'Sc@m*' typed in the admin is the file's 'scam*': one entry, the admin's action."""
    shipped = watched_words_parse("[block]\nscam*\n[hold]\nbuy now\n")

    merged = watched_words_merge(shipped, (("Sc@m*", Verdict.PASS),))

    assert watched_entry_key("Sc@m*") == "scam*"
    assert merged == [("Sc@m*", Verdict.PASS), ("buy now", Verdict.HOLD)]


def test_an_admin_entry_without_a_verdict_drops_the_shipped_one():
    """A switched-off entry no longer matches; the rest of the list still does."""
    shipped = watched_words_parse("[hold]\nbuy now\ndm for weed\n")

    words = WatchedWords(watched_words_merge(shipped, (("BUY  NOW", None),)))

    assert [m.entry for m in words.find(make_submission("Buy now!").normalised)] == []
    found = words.find(make_submission("DM for weed").normalised)
    assert [m.entry for m in found] == ["dm for weed"]


def test_a_watched_words_rule_built_with_overrides_holds_on_them():
    """The pipeline hands a list's overrides to its rule: an added entry is matched."""
    from masthead.moderation.pipeline import rule_build

    configured = rule_build(
        {"NAME": NARCOTICS}, word_overrides={"narcotics": (("zorbex", Verdict.HOLD),)}
    )
    configured.rule.prepare()

    hit = configured.rule.evaluate(make_submission("cheap z0rbex here"))
    assert hit is not None and hit.code is ReasonCode.NARCOTICS and hit.verdict is Verdict.HOLD
