"""Staff powers on the public pages need the second factor, as the admin does.

A member of Moderators (or an editor who may feature comments) who has not set up TOTP is an
ordinary member everywhere outside the admin: their permissions count only once the second
factor is there (`readers.selectors.staff_powers_active`).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from conftest import totp_enable
from masthead.comments import selectors, services
from masthead.comments.models import CommentStatus
from masthead.readers.selectors import staff_powers_active
from masthead.readers.tests.personas import reader_create

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_without_totp(db):
    moderator = reader_create(email="nadia.amari@example.org", display_name="Nadia Amari")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def test_a_moderator_without_a_second_factor_cannot_delete_another_members_comment(
    member_client, article, reader_ana, moderator_without_totp
):
    """POST /comments/<id>/delete/ on Ana's comment is refused and the comment stays."""
    comment = services.comment_post(author=reader_ana, article=article, body="Good news.").comment
    assert comment is not None
    client = member_client(moderator_without_totp)

    response = client.post(
        reverse("comments_delete", kwargs={"comment_id": comment.pk}),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_allowed"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_a_moderator_without_a_second_factor_sees_no_held_comment(
    member_client, article, reader_ana, moderator_without_totp
):
    """GET /comments/<held id>/ is a 404, as for any reader, and the thread leaves it out."""
    held = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    assert held is not None and held.status == CommentStatus.HELD
    client = member_client(moderator_without_totp)

    permalink = client.get(reverse("comments_permalink", kwargs={"comment_id": held.pk}))
    thread = client.get(reverse("comments_thread", kwargs={"article_id": article.pk}))

    assert permalink.status_code == 404
    assert "DISGRACE" not in thread.content.decode()


def test_with_a_second_factor_the_same_moderator_deletes_and_sees_held_comments(
    member_client, article, reader_ana, reader_ben, moderator_without_totp
):
    """Once TOTP is set up, the delete goes through and the held comment shows."""
    totp_enable(moderator_without_totp)
    held = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    posted = services.comment_post(author=reader_ben, article=article, body="Fine.").comment
    assert held is not None and posted is not None
    client = member_client(moderator_without_totp)

    permalink = client.get(reverse("comments_permalink", kwargs={"comment_id": held.pk}))
    deleted = client.post(reverse("comments_delete", kwargs={"comment_id": posted.pk}))

    assert permalink.status_code == 200 and "DISGRACE" in permalink.content.decode()
    assert deleted.status_code == 302
    posted.refresh_from_db()
    assert posted.status == CommentStatus.DELETED


def test_an_editor_without_a_second_factor_cannot_feature(member_client, article, reader_ana):
    """The editors' pick is a staff power too: refused without TOTP, allowed with it."""
    editor = reader_create(email="ola.berg@example.org", display_name="Ola Berg")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="comments", codename="feature_comment")
    )
    comment = services.comment_post(author=reader_ana, article=article, body="Good news.").comment
    assert comment is not None
    url = reverse("comments_feature", kwargs={"comment_id": comment.pk})

    member_client(editor).post(url)
    comment.refresh_from_db()
    assert not comment.is_featured
    assert not selectors.comment_viewer(editor).can_feature

    totp_enable(editor)
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh request's user
    member_client(editor).post(url)
    comment.refresh_from_db()
    assert comment.is_featured


def test_a_moderator_without_a_second_factor_is_premoderated_like_any_member(
    moderator_without_totp,
):
    """The account facts the rules read do not call them staff until TOTP is set up."""
    assert not staff_powers_active(moderator_without_totp)
    assert not selectors.account_facts(user=moderator_without_totp).is_staff

    totp_enable(moderator_without_totp)
    moderator = type(moderator_without_totp).objects.get(pk=moderator_without_totp.pk)
    assert staff_powers_active(moderator)
    assert selectors.account_facts(user=moderator).is_staff


def test_a_reader_has_no_staff_powers_with_or_without_a_second_factor(reader_ben):
    """A second factor alone gives no power: the permission is needed too."""
    totp_enable(reader_ben)
    assert not staff_powers_active(reader_ben)
    assert not selectors.user_is_moderator(reader_ben)
