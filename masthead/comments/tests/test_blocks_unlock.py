"""Asking to be unlocked, the moderators' answer, and the second block that is for good."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from masthead.comments import services, services_blocks
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import CommentStatus, UnlockRequest, UnlockRequestStatus
from masthead.comments.selectors import account_facts, member_block_active

pytestmark = pytest.mark.django_db
UNLOCK_URL = "/comments/unlock/"
EXPLANATION = "I lost my temper over the harbour story. It will not happen again, I promise."


def block(member, moderator):
    return services_blocks.member_block(
        member=member, moderator=moderator, reason="trolling", message="Stop baiting others."
    )


def ask(client, **data):
    return client.post(
        UNLOCK_URL, {"subject": "Please unlock me", "explanation": EXPLANATION, **data}
    )


def test_the_form_shows_the_members_number_and_ignores_a_posted_one(
    member_client, reader_ana, reader_ben, moderator_mo
):
    """The member number is the logged-in member's, read-only; another posted number is ignored."""
    block(reader_ana, moderator_mo)
    client = member_client(reader_ana)

    page = client.get(UNLOCK_URL)
    sent = ask(client, member_id=reader_ben.pk)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{reader_ana.pk}" readonly' in html
    assert sent.status_code == 302
    request = UnlockRequest.objects.get()
    assert request.member == reader_ana and request.block == member_block_active(member=reader_ana)
    assert (request.subject, request.explanation) == ("Please unlock me", EXPLANATION)


def test_a_short_explanation_is_refused_and_what_was_typed_is_kept(
    member_client, reader_ana, moderator_mo
):
    """Bad input: a clear message, the subject and the text shown again, nothing stored."""
    block(reader_ana, moderator_mo)

    response = ask(member_client(reader_ana), explanation="Sorry.")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please explain in a few sentences" in html
    assert 'value="Please unlock me"' in html and ">Sorry.</textarea>" in html
    assert not UnlockRequest.objects.exists()


def test_one_open_request_at_a_time_and_a_pause_after_a_refusal(
    member_client, reader_ana, moderator_mo, settings
):
    """A second request waits for the answer to the first, then for the pause to end."""
    settings.COMMENTS_UNLOCK_REQUEST_WAIT_HOURS = 24
    block(reader_ana, moderator_mo)
    client = member_client(reader_ana)
    ask(client)

    again = ask(client, subject="Second try")
    assert again.status_code == 409
    assert "is waiting for a moderator" in again.content.decode()
    assert EXPLANATION in again.content.decode()  # kept, to copy
    with pytest.raises(CommentError) as refused:
        services_blocks.unlock_request_send(member=reader_ana, subject="x", explanation="y" * 30)
    assert refused.value.code == CommentErrorCode.UNLOCK_PENDING

    services_blocks.unlock_request_refuse(
        request=UnlockRequest.objects.get(), moderator=moderator_mo, response="Not yet."
    )
    too_soon = ask(client, subject="Third try")
    assert too_soon.status_code == 409
    assert "Your last request was refused" in too_soon.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert ask(client, subject="After a day").status_code == 302
    assert UnlockRequest.objects.count() == 2


def test_granting_lifts_the_block_tells_the_member_and_they_post_again_on_premoderation(
    member_client,
    article,
    reader_ana,
    moderator_mo,
    django_capture_on_commit_callbacks,
):
    """Granted: block lifted, e-mail, audit log; the next comments wait for a moderator."""
    made = block(reader_ana, moderator_mo)
    request = services_blocks.unlock_request_send(
        member=reader_ana, subject="Please", explanation=EXPLANATION
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services_blocks.unlock_request_grant(
            request=request, moderator=moderator_mo, response="Welcome back."
        )

    made.refresh_from_db()
    request.refresh_from_db()
    assert made.lifted_by == moderator_mo and made.lifted_at is not None
    assert request.status == UnlockRequestStatus.GRANTED and request.response == "Welcome back."
    assert member_block_active(member=reader_ana) is None
    (email,) = mail.outbox
    assert "again" in email.subject and "Welcome back." in email.body
    assert ModelLogEntry.objects.filter(action="comments.unlock_grant").exists()
    response = member_client(reader_ana).post(
        reverse("comments_post", kwargs={"article_id": article.pk}),
        {"body": "Thank you, I will keep it civil.", "key": "a" * 32},
    )
    assert response.status_code == 302
    outcome = services.comment_post(author=reader_ana, article=article, body="Calm words.")
    assert outcome.comment is not None
    assert outcome.comment.status == CommentStatus.HELD
    assert outcome.decision.hits[0].evidence.words == ("block_lifted",)


def test_trust_returns_after_three_comments_approved_since_the_lift(
    article, reader_ana, moderator_mo
):
    """Pre-moderation after a lift ends once three comments are approved."""
    services_blocks.member_block_lift(block=block(reader_ana, moderator_mo), moderator=moderator_mo)
    for number in range(3):
        held = services.comment_post(
            author=reader_ana, article=article, body=f"Thought number {number}."
        ).comment
        assert held is not None
        services.comment_approve(comment=held, moderator=moderator_mo)

    facts = account_facts(user=reader_ana)
    outcome = services.comment_post(author=reader_ana, article=article, body="Trusted again.")
    assert outcome.comment is not None

    assert facts.was_blocked and facts.approved_since_block == 3
    assert outcome.comment.status == CommentStatus.PUBLISHED


def test_refusing_keeps_the_block_and_sends_the_moderators_message(
    reader_ana, moderator_mo, django_capture_on_commit_callbacks
):
    """Refused: the block stays; the member reads why by e-mail; logged."""
    block(reader_ana, moderator_mo)
    request = services_blocks.unlock_request_send(
        member=reader_ana, subject="Please", explanation=EXPLANATION
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services_blocks.unlock_request_refuse(
            request=request, moderator=moderator_mo, response="You did it again yesterday."
        )

    assert member_block_active(member=reader_ana) is not None
    (email,) = mail.outbox
    assert "refused" in email.subject and "You did it again yesterday." in email.body
    assert ModelLogEntry.objects.filter(action="comments.unlock_refuse").exists()
    with pytest.raises(CommentError) as twice:
        services_blocks.unlock_request_grant(request=request, moderator=moderator_mo)
    assert twice.value.code == CommentErrorCode.UNLOCK_ANSWERED


def test_a_second_block_is_for_good_with_no_form_and_no_way_back(
    member_client, reader_ana, moderator_mo, django_capture_on_commit_callbacks
):
    """After a lift, the next block is permanent: final notice, no form, 403, never lifted."""
    services_blocks.member_block_lift(block=block(reader_ana, moderator_mo), moderator=moderator_mo)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        final = block(reader_ana, moderator_mo)

    assert final.is_permanent
    assert "for good" in mail.outbox[0].subject and "This decision is final" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="comments.block_final").exists()
    client = member_client(reader_ana)
    page = client.get(UNLOCK_URL)
    html = page.content.decode()
    assert "This decision is final" in html and 'name="explanation"' not in html
    assert ask(client).status_code == 403
    assert not UnlockRequest.objects.exists()
    with pytest.raises(CommentError) as refused:
        services_blocks.member_block_lift(block=final, moderator=moderator_mo)
    assert refused.value.code == CommentErrorCode.BLOCK_IS_FINAL
    with pytest.raises(CommentError) as refused:
        services_blocks.unlock_request_send(
            member=reader_ana, subject="Please", explanation=EXPLANATION
        )
    assert refused.value.code == CommentErrorCode.BLOCKED_FOR_GOOD


def test_a_member_who_is_not_blocked_gets_no_form(member_client, reader_ana):
    """Nothing to ask: the page says so, a POST is refused."""
    client = member_client(reader_ana)

    assert "is not blocked" in client.get(UNLOCK_URL).content.decode()
    assert ask(client).status_code == 403
    assert not UnlockRequest.objects.exists()


def test_a_guest_is_sent_to_log_in(client):
    """The form is a member's: a guest logs in first."""
    response = client.get(UNLOCK_URL)

    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_french_edition_asks_in_french(member_client, reader_ana, moderator_mo):
    """Under /fr/ the notice, the form and its errors are in French."""
    block(reader_ana, moderator_mo)
    client = member_client(reader_ana)

    page = client.get("/fr" + UNLOCK_URL).content.decode()
    refused = client.post(
        "/fr" + UNLOCK_URL, {"subject": "", "explanation": EXPLANATION}
    ).content.decode()

    assert "Demander à être débloqué" in page and "Votre numéro de membre" in page
    assert "Donnez un objet à votre demande." in refused
