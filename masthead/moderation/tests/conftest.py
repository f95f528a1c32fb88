"""Moderation fixtures: submissions built in memory and rules prepared once per session.

Rule tests touch no database: a `Submission` is plain data. Models load once per test
session (the `prepared` cache), never per test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from masthead.moderation.classifiers.datasets import data_dir
from masthead.moderation.rules.base import Rule
from masthead.moderation.submission import AccountFacts, ArticleContext, Submission

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
HARBOUR = ArticleContext(
    title="Harbour reopens after the storm",
    lede="Ships returned to the port on Monday, three days after the storm closed it.",
    language="en",
)
_prepared: dict[tuple[Any, ...], Rule] = {}
R = TypeVar("R", bound=Rule)


def make_submission(text: str, **fields) -> Submission:
    fields.setdefault("author_id", 7)
    fields.setdefault("article", HARBOUR)
    fields.setdefault("submitted_at", NOW)
    fields.setdefault("account", AccountFacts(age=timedelta(days=400), approved_count=30))
    return Submission(text=text, **fields)


def prepared(rule_class: type[R], **options) -> R:
    """A prepared rule, shared by the session's tests (rules hold no per-submission state)."""
    key = (rule_class, tuple(sorted(options.items())))
    if key not in _prepared:
        rule = rule_class(**options)
        rule.prepare()
        _prepared[key] = rule
    shared = _prepared[key]
    assert isinstance(shared, rule_class)
    return shared


# Lingua loads its models per candidate language: the tests need only a few.
TEST_LANGUAGES = "en fr de es it"


@pytest.fixture(autouse=True)
def _default_rules_with_few_languages(settings):
    """The default rule list, with the language rule's candidates cut to TEST_LANGUAGES."""
    from masthead.moderation.app_settings import default_rules

    # The embedding model has its own tests (rules/test_off_topic.py): not loaded for the rest.
    rules = [entry for entry in default_rules() if not entry["NAME"].endswith("OffTopicRule")]
    for entry in rules:
        if entry["NAME"].endswith("LanguageRule"):
            entry["OPTIONS"] = {"languages": TEST_LANGUAGES}
    settings.MASTHEAD_MODERATION_RULES = rules


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip saying why the test cannot run here."""
    root = data_dir()
    if not root.is_dir():
        pytest.skip(f"The labelled data sets are not at {root} (../shared/data of the checkout).")
    return root
