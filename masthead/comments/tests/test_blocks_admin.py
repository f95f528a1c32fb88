"""The moderators' admin screens for members: their page, blocking, lifting, unlock requests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from conftest import totp_enable
from masthead.comments import services, services_blocks
from masthead.comments.models import (
    CommentReport,
    CommentStatus,
    MemberBlock,
    UnlockRequest,
    UnlockRequestStatus,
)
from masthead.comments.selectors import member_block_active
from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db
EXPLANATION = "I lost my temper over the harbour story. It will not happen again, I promise."


@pytest.fixture
def staff_sam(db):
    """An editor who may open the admin, but is no moderator."""
    sam = reader_create(email="sam.lee@example.org", display_name="Sam Lee", is_staff=True)
    sam.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    totp_enable(sam)
    return sam


@pytest.fixture
def moderator_client(client, moderator_mo):
    client.force_login(moderator_mo)
    return client


@pytest.fixture
def queues(article, reader_ana, reader_ben, moderator_mo):
    """Something in every queue: a reported comment, a blocked member with a request."""
    comment = services.comment_post(author=reader_ana, article=article, body="Rude words.").comment
    assert comment is not None
    services.comment_report(comment=comment, reporter=reader_ben, reason="insult")
    services_blocks.member_block(
        member=reader_ben, moderator=moderator_mo, reason="trolling", message="Enough."
    )
    request = services_blocks.unlock_request_send(
        member=reader_ben, subject="Please", explanation=EXPLANATION
    )
    return {"comment": comment, "request": request}


def every_moderator_address(queues, reader_ana) -> list[tuple[str, str, dict[str, str]]]:
    comment, request = queues["comment"].pk, queues["request"].pk
    member = reverse("comments_member", kwargs={"user_id": reader_ana.pk})
    return [
        ("get", reverse("comments_held"), {}),
        ("get", reverse("comments_reports"), {}),
        ("get", reverse("comments_blocks"), {}),
        ("get", reverse("comments_unlock_requests"), {}),
        ("get", member, {}),
        ("get", reverse("comments_held_edit", kwargs={"comment_id": comment}), {}),
        (
            "post",
            reverse("comments_held_act", kwargs={"comment_id": comment, "action": "reject"}),
            {},
        ),
        (
            "post",
            reverse("comments_reports_act", kwargs={"comment_id": comment, "action": "dismiss"}),
            {},
        ),
        (
            "post",
            reverse("comments_reports_act", kwargs={"comment_id": comment, "action": "remove"}),
            {},
        ),
        ("post", member, {"action": "block", "reason": "spam", "message": "Spam."}),
        (
            "post",
            reverse("comments_unlock_decide", kwargs={"request_id": request}),
            {f"r{request}-decision": "grant"},
        ),
    ]


def test_an_admin_user_who_is_no_moderator_gets_403_on_every_queue_and_action(
    client, staff_sam, queues, reader_ana
):
    """Admin access is not enough: every page and every action answers 403, and changes nothing."""
    client.force_login(staff_sam)

    answers = [
        (url, getattr(client, method)(url, data).status_code)
        for method, url, data in every_moderator_address(queues, reader_ana)
    ]

    assert [status for _url, status in answers] == [403] * len(answers), answers
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1
    assert MemberBlock.objects.count() == 1
    assert UnlockRequest.objects.get().status == UnlockRequestStatus.OPEN


def test_a_reader_never_reaches_the_moderators_screens(client, reader_cleo, queues, reader_ana):
    """Without admin access Wagtail sends a reader to log in; nothing is shown or changed."""
    client.force_login(reader_cleo)

    for method, url, data in every_moderator_address(queues, reader_ana):
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403), url
        assert b"Rude words." not in response.content
    assert MemberBlock.objects.count() == 1


def test_the_member_page_lists_comments_and_blocks_from_the_member_and_a_cited_comment(
    moderator_client, queues, reader_ana
):
    """Recent comments with their reports, no block yet, the block form citing the comment."""
    url = reverse("comments_member", kwargs={"user_id": reader_ana.pk})

    response = moderator_client.get(url, {"comment": queues["comment"].pk, "reason": "insult"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rude words." in html and "Never blocked." in html
    assert f'name="comment" value="{queues["comment"].pk}"' in html
    assert '<option value="insult" selected>' in html


def test_a_moderator_blocks_from_the_member_page_and_a_bad_form_keeps_the_message(
    moderator_client, moderator_mo, queues, reader_ana, django_capture_on_commit_callbacks
):
    """No standard chosen: 400, the message kept. Then the block, cited comment and all."""
    url = reverse("comments_member", kwargs={"user_id": reader_ana.pk})
    data = {"action": "block", "message": "You insulted Ben.", "comment": queues["comment"].pk}

    refused = moderator_client.post(url, {**data, "reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        done = moderator_client.post(url, {**data, "reason": "insult", "reject_held": "on"})

    assert refused.status_code == 400
    assert "Choose the standard the member broke." in refused.content.decode()
    assert "You insulted Ben.</textarea>" in refused.content.decode()
    assert done.status_code == 302
    made = member_block_active(member=reader_ana)
    assert made is not None
    assert made.reason == "insult" and made.comment == queues["comment"]
    assert made.blocked_by == moderator_mo
    page = moderator_client.get(url).content.decode()
    assert "Lift the block" in page


def test_the_member_page_says_a_next_block_is_final_and_a_final_block_cannot_be_lifted(
    moderator_client, moderator_mo, reader_ana
):
    """Blocked before: the form warns; blocked for good: no lift button, the page says so."""
    url = reverse("comments_member", kwargs={"user_id": reader_ana.pk})
    first = services_blocks.member_block(
        member=reader_ana, moderator=moderator_mo, reason="spam", message="Spam."
    )
    services_blocks.member_block_lift(block=first, moderator=moderator_mo)

    warned = moderator_client.get(url).content.decode()
    moderator_client.post(url, {"action": "block", "reason": "spam", "message": "Spam again."})
    final = moderator_client.get(url).content.decode()
    lift = moderator_client.post(url, {"action": "lift", "message": ""})

    assert "a new block is permanent and final" in warned and "Block for good" in warned
    assert "This block is permanent and final: it cannot be lifted." in final
    assert "Lift the block" not in final
    assert lift.status_code == 400
    block = member_block_active(member=reader_ana)
    assert block is not None and block.is_permanent


def test_lifting_from_the_member_page_answers_the_open_request(
    moderator_client, moderator_mo, queues, reader_ben
):
    """Lifted by hand: the block ends and the member's waiting request is granted with it."""
    url = reverse("comments_member", kwargs={"user_id": reader_ben.pk})

    response = moderator_client.post(url, {"action": "lift", "message": "Go ahead."})

    assert response.status_code == 302
    assert member_block_active(member=reader_ben) is None
    request = UnlockRequest.objects.get()
    assert request.status == UnlockRequestStatus.GRANTED and request.decided_by == moderator_mo


def test_the_unlock_queue_shows_the_request_and_a_refusal_needs_a_message(
    moderator_client, queues, reader_ben
):
    """Request, block and member shown; refusing without a message is refused, text kept."""
    request = queues["request"]
    decide = reverse("comments_unlock_decide", kwargs={"request_id": request.pk})

    queue = moderator_client.get(reverse("comments_unlock_requests")).content.decode()
    empty = moderator_client.post(decide, {f"r{request.pk}-decision": "refuse"})
    refused = moderator_client.post(
        decide, {f"r{request.pk}-decision": "refuse", f"r{request.pk}-response": "Too soon."}
    )

    assert EXPLANATION in queue and "Ben Okafor" in queue and "Enough." in queue
    assert empty.status_code == 400
    assert "Say why the request is refused" in empty.content.decode()
    assert refused.status_code == 302
    request.refresh_from_db()
    assert request.status == UnlockRequestStatus.REFUSED and request.response == "Too soon."
    assert member_block_active(member=reader_ben) is not None


def test_granting_from_the_queue_lifts_the_block(moderator_client, queues, reader_ben):
    """Grant: the block ends; the request leaves the queue."""
    request = queues["request"]
    decide = reverse("comments_unlock_decide", kwargs={"request_id": request.pk})

    response = moderator_client.post(decide, {f"r{request.pk}-decision": "grant"})

    assert response.status_code == 302
    assert member_block_active(member=reader_ben) is None
    queue = moderator_client.get(reverse("comments_unlock_requests")).content.decode()
    assert "No request is waiting." in queue


def test_blocking_from_the_held_queue_starts_from_the_comment(
    moderator_client, article, reader_ana
):
    """The held queue links each author's page, the comment cited, to block them."""
    from .conftest import SHOUTED

    held = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    assert held is not None
    assert held.status == CommentStatus.HELD

    html = moderator_client.get(reverse("comments_held")).content.decode()

    member = reverse("comments_member", kwargs={"user_id": reader_ana.pk})
    assert f"{member}?comment={held.pk}&amp;reason=capitals#block" in html
    block_form = moderator_client.get(member, {"comment": held.pk, "reason": "capitals"})
    assert '<option value="capitals" selected>' in block_form.content.decode()


def test_block_records_name_the_staff_member_who_acted(client, queues, reader_ben):
    """A `createsuperuser` moderator has no display name: records show who it was, not
    "Reader"."""
    from django.contrib.auth.models import Group

    admin = reader_create(email="root@example.org", display_name="", is_staff=True)
    admin.is_superuser = True
    admin.save()
    admin.groups.add(*Group.objects.filter(name="Moderators"))
    totp_enable(admin)
    ana_block = MemberBlock.objects.get(member=reader_ben)
    ana_block.blocked_by = admin
    ana_block.save()
    client.force_login(admin)

    blocks = client.get(reverse("comments_blocks")).content.decode()
    member = client.get(reverse("comments_member", kwargs={"user_id": reader_ben.pk}))

    assert "root@example.org" in blocks
    assert "by root@example.org" in member.content.decode()


def test_the_admin_menu_shows_what_waits_in_each_queue(moderator_client, queues):
    """Community menu: the reported comments and the unlock requests, counted."""
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Reported comments (1)" in html
    assert "Unlock requests (1)" in html
    assert "Blocked members" in html
