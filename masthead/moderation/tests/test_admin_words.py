"""Community standards › Watched words in the admin: entries added, re-actioned, switched off.

The shipped list stays the base; each change is posted as a moderator would, committed, logged,
and the next comment is judged by the rebuilt rules.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.moderation.models import WatchedAction, WatchedWord
from masthead.moderation.pipeline import submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.readers.tests.personas import reader_create

from .conftest import make_submission

pytestmark = pytest.mark.django_db

RULES = "masthead.moderation.rules"


@pytest.fixture(autouse=True)
def rules(settings):
    settings.MASTHEAD_MODERATION_ADMIN_OVERRIDES = True
    settings.MASTHEAD_MODERATION_RULES = [
        {"NAME": f"{RULES}.narcotics.NarcoticsRule"},
        {"NAME": f"{RULES}.extremism.ExtremismRule"},
    ]


@pytest.fixture
def moderator_mo(db):
    from conftest import totp_enable

    mo = reader_create(email="mo.haddad@example.org", display_name="Mo Haddad")
    mo.groups.add(Group.objects.get(name="Moderators"))
    totp_enable(mo)
    return mo


@pytest.fixture
def moderator_client(client, moderator_mo):
    client.force_login(moderator_mo)
    return client


@pytest.fixture
def post(moderator_client, django_capture_on_commit_callbacks):
    """Post to the list page (or one of its actions) as the moderator, committing the change."""

    def send(data: dict[str, str], url: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return moderator_client.post(url or list_url(), data)

    return send


def list_url() -> str:
    return reverse("moderation_word_list", kwargs={"name": "narcotics"})


def act_url(act: str) -> str:
    return reverse("moderation_word_act", kwargs={"name": "narcotics", "act": act})


def judged(text: str):
    return submission_moderate(make_submission(text))


def test_the_lists_page_shows_every_shipped_list_and_the_rule_reading_it(moderator_client):
    """Each file in wordlists/ is a list here, with the rule that reads it."""
    html = moderator_client.get(reverse("moderation_words")).content.decode()

    for name in ("narcotics", "extremism", "profanity", "minors"):
        assert reverse("moderation_word_list", kwargs={"name": name}) in html
    assert "NarcoticsRule" in html


@pytest.mark.parametrize(
    "comment",
    [
        "selling zorbex tonight, dm me",
        "selling z0rb3x tonight",  # leetspeak
        "selling zоrbех tonight",  # Cyrillic o, e and x among Latin letters
        "selling z o r b e x tonight",  # spaced out
    ],
)
def test_a_word_added_in_the_admin_holds_a_disguised_spelling_of_it(post, comment):
    """A new street name for a drug, added once in plain letters, is caught however written."""
    assert judged(comment).verdict is Verdict.PASS

    response = post({"add-entry": "Zorbex", "add-action": "hold"})

    assert response.status_code == 302
    decision = judged(comment)
    assert (decision.verdict, decision.reasons) == (Verdict.HOLD, (ReasonCode.NARCOTICS,))
    assert decision.hits[0].evidence.words == ("Zorbex",)


def test_a_switched_off_shipped_entry_stops_matching(post):
    """'dm for coke' switched off: the comment is published; the rest of the list still holds."""
    assert judged("dm for coke, fast delivery").verdict is Verdict.HOLD

    post({"key": "dm for coke"}, act_url("switch-off"))

    assert judged("dm for coke, fast delivery").verdict is Verdict.PASS
    assert judged("weed for sale, fast delivery").verdict is Verdict.HOLD
    row = WatchedWord.objects.get(key="dm for coke")
    assert row.action == WatchedAction.OFF


def test_restoring_a_switched_off_entry_makes_it_match_again(post):
    """Restore the shipped entry: the moderators' row goes and the file's entry matches."""
    post({"key": "dm for coke"}, act_url("switch-off"))

    post({"key": "dm for coke"}, act_url("revert"))

    assert not WatchedWord.objects.exists()
    assert judged("dm for coke, fast delivery").verdict is Verdict.HOLD


def test_a_shipped_entry_given_another_action_in_any_spelling_replaces_it(post, moderator_client):
    """'C0CAINE' → hold replaces the shipped flag on 'cocaine' (one entry, by its folded form)."""
    assert judged("cocaine is everywhere in this town").verdict is Verdict.PASS  # a flag

    post({"add-entry": "C0CAINE", "add-action": "hold"})

    assert judged("cocaine is everywhere in this town").verdict is Verdict.HOLD
    html = moderator_client.get(list_url()).content.decode()
    assert "shipped as flag, changed by a moderator" in html
    assert WatchedWord.objects.get().key == "cocaine"


def test_many_entries_are_added_at_once_in_the_files_syntax(post):
    """Headings, comments and blank lines as in the shipped files; lines before a heading get
    the action chosen in the form."""
    text = "# new street names\nzorbex\n\n[flag]\nblue dream  # a strain\n[hold]\nkrampf*\n"

    response = post({"import-text": text, "import-action": "hold"})

    assert response.status_code == 302
    stored = {(word.entry, word.action) for word in WatchedWord.objects.all()}
    assert stored == {("zorbex", "hold"), ("blue dream", "flag"), ("krampf*", "hold")}
    assert judged("who sells krampfies here").verdict is Verdict.HOLD
    decision = judged("blue dream is back")
    assert decision.verdict is Verdict.PASS and decision.hits[0].code is ReasonCode.NARCOTICS


def test_an_import_with_bad_lines_saves_nothing_says_which_and_keeps_the_text(post):
    """Each bad line named with its number and why; the moderator's text is all still there."""
    text = "zorbex\n[blok]\nsc*m\n!!!\nblue dream\n"

    response = post({"import-text": text, "import-action": "hold"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: [blok] is not a heading" in html
    assert "Line 3: “sc*m”: a * may only end a single word" in html
    assert "Line 4: “!!!” has no letters or digits once folded" in html
    assert "zorbex\n[blok]\nsc*m\n!!!\nblue dream" in html
    assert not WatchedWord.objects.exists()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("!!!", "has no letters or digits once folded"),
        ("buy now*", "a * may only end a single word"),
        ("[block]", "looks like a heading"),
        ("x" * 120, "is too long: 100 characters at most"),
    ],
)
def test_an_invalid_entry_is_refused_with_a_message_and_kept_in_the_form(post, entry, message):
    """A single entry that would match nothing, or not as meant, is refused and shown again."""
    response = post({"add-entry": entry, "add-action": "hold"})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{entry}"' in html
    assert not WatchedWord.objects.exists()


def test_each_change_to_a_list_is_logged_and_shown(post, moderator_client, moderator_mo):
    """Who added, switched off or restored which entry, in Wagtail's log and on the page."""
    post({"add-entry": "zorbex", "add-action": "hold"})
    post({"key": "dm for coke"}, act_url("switch-off"))

    entries = ModelLogEntry.objects.filter(action="moderation.words_change").order_by("pk")
    assert [entry.user for entry in entries] == [moderator_mo, moderator_mo]
    assert entries[0].data["added"] == [["zorbex", "hold"]]
    assert entries[1].data["switched_off"] == [["dm for coke", "hold"]]
    html = moderator_client.get(list_url()).content.decode()
    assert "Watched words (narcotics): added “zorbex” (hold)" in html
    assert "Watched words (narcotics): switched off “dm for coke” (hold)" in html


def test_only_a_shipped_entry_can_be_switched_off(post):
    """An entry the file does not have: a message, nothing stored."""
    response = post({"key": "zorbex"}, act_url("switch-off"))

    assert response.status_code == 302
    assert not WatchedWord.objects.exists()


def test_an_unknown_list_is_a_404(moderator_client):
    """Only the shipped lists can be edited; a made-up name (or a path) is not one."""
    url = reverse("moderation_word_list", kwargs={"name": "passwd"})

    assert moderator_client.get(url).status_code == 404
