"""Readers' reports: enough of them hold a comment; the reports queue and its actions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.comments import services
from masthead.comments.models import CommentReport, CommentStatus
from masthead.comments.selectors import (
    account_facts,
    article_comment_count,
    comment_viewer,
    comments_visible,
    reported_comments,
)
from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporters(db):
    return [
        reader_create(email=f"reporter{number}@example.org", display_name=f"Reporter {number}")
        for number in range(4)
    ]


@pytest.fixture
def anas_comment(article, reader_ana):
    return services.comment_post(
        author=reader_ana, article=article, body="You are all fools."
    ).comment


@pytest.fixture
def moderator_client(client, moderator_mo):
    client.force_login(moderator_mo)
    return client


def report(comment, reporter, reason="insult", note=""):
    return services.comment_report(comment=comment, reporter=reporter, reason=reason, note=note)


def test_the_third_report_from_distinct_members_holds_the_comment(
    article, anas_comment, reporters, reader_ana, django_capture_on_commit_callbacks
):
    """Two reports leave it up; the third takes it down for a moderator, counted and logged."""
    report(anas_comment, reporters[0])
    report(anas_comment, reporters[1])
    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        report(anas_comment, reporters[2])

    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.HELD
    assert anas_comment.moderation["reports_hold"]["reports"] == 3
    assert article_comment_count(article=article) == 0
    guests = comments_visible(viewer=comment_viewer(None)).filter(article=article)
    assert not guests.exists()
    assert comments_visible(viewer=comment_viewer(reader_ana)).filter(pk=anas_comment.pk).exists()
    entry = ModelLogEntry.objects.get(action="comments.reports_hold")
    assert entry.user is None and entry.object_id == str(anas_comment.pk)


def test_a_member_reporting_again_counts_once(anas_comment, reporters):
    """Reports are one per member: the same reader three times is one report."""
    for reason in ("insult", "trolling", "spam"):
        report(anas_comment, reporters[0], reason=reason)

    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.PUBLISHED
    assert CommentReport.objects.get().reason == "spam"


def test_reporting_again_keeps_the_first_note_and_time_unless_the_member_writes_another(
    anas_comment, reporters
):
    """An empty second report keeps the note; a new note replaces it; the queue time stays."""
    first = report(anas_comment, reporters[0], note="Mocks the fishermen.")

    report(anas_comment, reporters[0], reason="trolling")
    kept = CommentReport.objects.get()
    assert (kept.reason, kept.note, kept.created_at) == (
        "trolling",
        "Mocks the fishermen.",
        first.created_at,
    )

    report(anas_comment, reporters[0], reason="trolling", note="And the ferry crews.")
    assert CommentReport.objects.get().note == "And the ferry crews."


def test_reporting_again_over_http_says_it_was_already_received(client, anas_comment, reporters):
    """The second POST answers "already received"; the form shows the first report."""
    client.force_login(reporters[0])
    url = reverse("comments_report", kwargs={"comment_id": anas_comment.pk})
    client.post(url, {"reason": "insult", "note": "Mocks the fishermen."})

    form = client.get(url).content.decode()
    assert "Mocks the fishermen." in form and "your report was received" in form
    answer = client.post(url, {"reason": "insult", "note": ""}, HTTP_ACCEPT="application/json")
    assert answer.json()["message"] == (
        "You already reported this comment: your report was received."
    )
    assert CommentReport.objects.get().note == "Mocks the fishermen."


def test_the_threshold_is_a_setting_and_zero_never_holds(anas_comment, reporters, settings):
    """COMMENTS_REPORTS_TO_HOLD = 0: reports wait for a moderator, the comment stays up."""
    settings.COMMENTS_REPORTS_TO_HOLD = 0
    for reporter in reporters:
        report(anas_comment, reporter)

    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.PUBLISHED


def test_the_queue_groups_reports_per_comment_most_reported_first(
    moderator_client, article, anas_comment, reader_ben, reporters
):
    """Per comment: how many, which standards, the notes and who; most reported, then oldest."""
    bens = services.comment_post(
        author=reader_ben, article=article, body="Buy cheap pills."
    ).comment
    assert bens is not None
    report(bens, reporters[0], reason="spam", note="An advert")
    report(anas_comment, reporters[1], reason="insult", note="Rude to everyone")
    report(anas_comment, reporters[2], reason="trolling")

    html = moderator_client.get(reverse("comments_reports")).content.decode()

    assert [c.pk for c in reported_comments()] == [anas_comment.pk, bens.pk]
    assert html.index("You are all fools.") < html.index("Buy cheap pills.")
    assert "2 reports" in html and "1 report" in html
    assert "Insults and threats" in html and "Trolling" in html
    assert "Rude to everyone" in html and "Reporter 1" in html and "An advert" in html
    member = reverse("comments_member", kwargs={"user_id": anas_comment.author_id})
    assert f"{member}?comment={anas_comment.pk}&amp;reason=insult#block" in html


def test_dismissing_resolves_the_reports_and_publishes_again_what_they_held(
    moderator_client,
    moderator_mo,
    article,
    anas_comment,
    reporters,
    django_capture_on_commit_callbacks,
):
    """Unfounded reports: resolved, the comment back in its thread and counted; logged."""
    for reporter in reporters[:3]:
        report(anas_comment, reporter)
    url = reverse(
        "comments_reports_act", kwargs={"comment_id": anas_comment.pk, "action": "dismiss"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url)

    assert response.status_code == 302
    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.PUBLISHED
    assert "reports_hold" not in anas_comment.moderation
    assert article_comment_count(article=article) == 1
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    entry = ModelLogEntry.objects.get(action="comments.reports_dismiss")
    assert entry.user == moderator_mo
    assert "No open reports." in moderator_client.get(reverse("comments_reports")).content.decode()


def test_removing_deletes_the_comment_and_resolves_its_reports(
    moderator_client, article, anas_comment, reporters, django_capture_on_commit_callbacks
):
    """Remove: a moderator's deletion (text kept for the record), reports resolved, logged."""
    report(anas_comment, reporters[0])
    url = reverse(
        "comments_reports_act", kwargs={"comment_id": anas_comment.pk, "action": "remove"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url)

    anas_comment.refresh_from_db()
    assert anas_comment.status == CommentStatus.DELETED and anas_comment.body
    assert article_comment_count(article=article) == 0
    assert CommentReport.objects.get().resolved_at is not None
    assert ModelLogEntry.objects.filter(action="comments.delete").exists()


def test_a_removal_counts_against_the_author_like_a_rejection(
    moderator_mo, anas_comment, reader_ana
):
    """Pre-moderation's recent rejections include what moderators removed, not own deletions."""
    own = services.comment_post(
        author=reader_ana, article=anas_comment.article, body="Oops."
    ).comment
    assert own is not None
    services.comment_delete(comment=own, actor=reader_ana)
    assert account_facts(user=reader_ana).recent_rejections == 0

    services.comment_delete(comment=anas_comment, actor=moderator_mo)

    assert account_facts(user=reader_ana).recent_rejections == 1


def test_an_edit_from_the_reports_queue_goes_back_to_it(moderator_client, anas_comment, reporters):
    """Edit: the text changes, the reports stay open, and the moderator returns to the queue."""
    report(anas_comment, reporters[0])
    url = reverse("comments_held_edit", kwargs={"comment_id": anas_comment.pk})

    form = moderator_client.get(url, {"from": "reports"}).content.decode()
    response = moderator_client.post(url, {"body": "You are all wrong.", "from": "reports"})

    assert 'name="from" value="reports"' in form
    assert response["Location"] == reverse("comments_reports")
    anas_comment.refresh_from_db()
    assert anas_comment.body == "You are all wrong."
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1
