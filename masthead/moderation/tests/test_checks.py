"""System checks: a misconfigured rule list is reported at start-up with an id."""

from __future__ import annotations

from django.test import override_settings

from masthead.moderation.checks import moderation_rules_check

RULES = "masthead.moderation.rules"


def ids(**settings):
    with override_settings(**settings):
        return [message.id for message in moderation_rules_check()]


def test_a_rule_that_cannot_be_imported_is_moderation_e001():
    """A typo in a rule's path is an error at start-up."""
    assert ids(MASTHEAD_MODERATION_RULES=[{"NAME": f"{RULES}.capitals.CapsRule"}]) == [
        "moderation.E001"
    ]


def test_an_unknown_option_or_action_is_moderation_e002():
    """Options and actions are checked against the rule's own."""
    assert ids(
        MASTHEAD_MODERATION_RULES=[
            {"NAME": f"{RULES}.capitals.CapitalsRule", "OPTIONS": {"ratio": 2}},
            {"NAME": f"{RULES}.privacy.PrivacyRule", "ACTION": "delete"},
        ]
    ) == ["moderation.E002", "moderation.E002"]


def test_a_rule_listed_twice_is_moderation_e003():
    """Running a rule twice is a configuration mistake."""
    entry = {"NAME": f"{RULES}.capitals.CapitalsRule"}
    assert ids(MASTHEAD_MODERATION_RULES=[entry, entry]) == ["moderation.E003"]


def test_asking_an_imprecise_rule_to_reject_is_moderation_w001():
    """A rule measured below 0.95 precision cannot reject: the check says it will hold."""
    entry = {"NAME": f"{RULES}.capitals.CapitalsRule", "ACTION": "reject"}
    assert ids(MASTHEAD_MODERATION_RULES=[entry]) == ["moderation.W001"]


def test_the_default_rules_pass_the_checks(tmp_path):
    """Out of the box nothing is misconfigured (a blocklist is imported here)."""
    blocklist = tmp_path / "blocklist.txt"
    blocklist.write_text("198.51.100.7\n")
    assert ids(MASTHEAD_MODERATION_RULES=None, MASTHEAD_MODERATION_BLOCKLIST=blocklist) == []
