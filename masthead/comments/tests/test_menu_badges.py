"""Each Community menu badge counts exactly what its queue shows.

The badge beside "Reported comments" once counted every comment without an open report
(31 published comments) while the queue held 2: the moderators' first signal was wrong.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from masthead.comments import services, services_blocks
from masthead.comments.models import CommentReport

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db

QUEUES = {
    "Held comments": ("/admin/comments/held/", r"(\d+) comments? (?:is|are) waiting"),
    "Reported comments": ("/admin/comments/reports/", r"(\d+) comments? (?:has|have) open"),
    "Unlock requests": ("/admin/comments/unlock-requests/", r"(\d+) requests? (?:is|are) wait"),
}


def badge(html: str, label: str) -> int:
    """The number beside a menu item's label (0 when it shows none)."""
    found = re.search(re.escape(label) + r" \((\d+)\)", html)
    return int(found.group(1)) if found else 0


def queue_total(html: str, pattern: str) -> int:
    found = re.search(pattern, html)
    assert found, pattern
    return int(found.group(1))


def test_every_community_badge_counts_what_its_queue_shows(
    client, article, reader_ana, reader_ben, reader_cleo, moderator_mo
):
    """Published, reported, resolved, deleted, held comments and unlock requests: all agree."""
    for number in range(5):  # published, never reported
        services.comment_post(author=reader_ana, article=article, body=f"Fair point {number}.")
    twice = services.comment_post(author=reader_ana, article=article, body="Ferries are late.")
    once = services.comment_post(author=reader_ben, article=article, body="The port is closed.")
    resolved = services.comment_post(author=reader_ana, article=article, body="Tides matter.")
    deleted = services.comment_post(author=reader_cleo, article=article, body="Cranes again.")
    assert twice.comment and once.comment and resolved.comment and deleted.comment
    services.comment_report(comment=twice.comment, reporter=reader_ben, reason="insult")
    services.comment_report(comment=twice.comment, reporter=reader_cleo, reason="spam")
    services.comment_report(comment=once.comment, reporter=reader_cleo, reason="insult")
    services.comment_report(comment=resolved.comment, reporter=reader_ben, reason="spam")
    CommentReport.objects.filter(comment=resolved.comment).update(resolved_at=timezone.now())
    services.comment_report(comment=deleted.comment, reporter=reader_ana, reason="spam")
    services.comment_delete(comment=deleted.comment, actor=reader_cleo)
    services.comment_post(author=reader_ben, article=article, body=SHOUTED, confirm_hold=True)
    services_blocks.member_block(
        member=reader_cleo, moderator=moderator_mo, reason="insult", message="Please stop."
    )
    services_blocks.unlock_request_send(
        member=reader_cleo, subject="Sorry", explanation="I will argue politely from now on."
    )

    client.force_login(moderator_mo)
    menu = client.get("/admin/").content.decode()
    shown = {}
    for label, (path, pattern) in QUEUES.items():
        shown[label] = (badge(menu, label), queue_total(client.get(path).content.decode(), pattern))
    assert shown == {
        "Held comments": (1, 1),
        "Reported comments": (2, 2),
        "Unlock requests": (1, 1),
    }
