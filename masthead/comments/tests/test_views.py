"""The reader's side: the article's shell, the thread fragment, posting with and without script."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from masthead.comments import services
from masthead.comments.models import Comment, CommentStatus

from .conftest import REJECTED, SHOUTED

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def post_url(article) -> str:
    return reverse("comments_post", kwargs={"article_id": article.pk})


def thread_url(article) -> str:
    return reverse("comments_thread", kwargs={"article_id": article.pk})


def test_a_guest_sees_the_count_and_an_invitation_to_log_in(client, article, reader_ana):
    """The article's comment section: counter, log-in and register links, the standards."""
    services.comment_post(author=reader_ana, article=article, body="Good news.")

    html = client.get(article.url).content.decode()

    section = html[html.index('id="comments"') :]
    assert "(1)" in section
    assert "/account/login/?next=" in section and "/account/signup/?next=" in section
    assert reverse("community_standards") in section
    assert 'name="body"' not in section
    assert thread_url(article) in section


def test_a_member_gets_the_form_with_a_fresh_key_on_every_view(member_client, article, reader_ana):
    """The form is rendered for each request: never another member's token or key."""
    client = member_client(reader_ana)

    first = client.get(article.url).content.decode()
    second = client.get(article.url).content.decode()

    keys = [re.findall(r'name="key" value="([0-9a-f]{32})"', page)[0] for page in (first, second)]
    assert keys[0] != keys[1]
    assert 'name="csrfmiddlewaretoken"' in first
    assert "private" in client.get(article.url)["Cache-Control"]


def test_the_guest_thread_is_shared_briefly_and_the_members_is_private(
    client, member_client, article, reader_ana
):
    """Guests: public with a short s-maxage; a member's thread (their likes, forms): private."""
    services.comment_post(author=reader_ana, article=article, body="Good news.")

    guest = client.get(thread_url(article))
    member = member_client(reader_ana).get(thread_url(article))

    assert guest.status_code == 200
    assert "public" in guest["Cache-Control"] and "s-maxage=15" in guest["Cache-Control"]
    assert "csrfmiddlewaretoken" not in guest.content.decode()
    assert not guest.cookies
    assert "private" in member["Cache-Control"]


def test_a_new_comment_purges_the_guests_cached_thread(
    client, article, reader_ana, reader_ben, django_capture_on_commit_callbacks
):
    """The thread is cached for guests; a comment published drops it at once."""
    services.comment_post(author=reader_ana, article=article, body="First word.")
    assert client.get(thread_url(article))["X-Page-Cache"] == "miss"
    assert client.get(thread_url(article))["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ben, article=article, body="Second word.")

    response = client.get(thread_url(article))
    assert response["X-Page-Cache"] == "miss"
    assert "Second word." in response.content.decode()


def test_posting_from_the_page_script_answers_with_the_comment(member_client, article, reader_ana):
    """JSON in, JSON out: the outcome, the comment's HTML, the count and the next key."""
    client = member_client(reader_ana)

    response = client.post(post_url(article), {"body": "Good news.", "key": "a" * 32}, **JSON)

    answer = response.json()
    assert answer["outcome"] == "published"
    assert "Good news." in answer["comment_html"]
    assert answer["count"] == 1
    assert answer["next_key"] != "a" * 32


def test_a_rejected_comment_is_explained_and_the_text_kept_without_script(
    member_client, article, reader_ana
):
    """No JavaScript: the page comes back with the standard, its explanation and the text."""
    client = member_client(reader_ana)

    response = client.post(post_url(article), {"body": REJECTED, "key": "b" * 32})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Links to viruses and malware" in html
    assert "known to spread viruses or malware" in html
    assert "http://malware.example/report.exe today</textarea>" in html
    assert "#standard-malware" in html
    assert Comment.objects.get().status == CommentStatus.REJECTED


def test_a_hold_is_confirmed_with_post_anyway(member_client, article, reader_ana):
    """First answer: what the check found and a "Post anyway" button; then it is held."""
    client = member_client(reader_ana)

    first = client.post(post_url(article), {"body": SHOUTED, "key": "c" * 32}, **JSON).json()
    assert first["outcome"] == "confirm"
    assert "Post anyway" in first["feedback_html"]
    assert not Comment.objects.exists()

    second = client.post(
        post_url(article), {"body": SHOUTED, "key": "c" * 32, "confirm": "on"}, **JSON
    ).json()
    assert second["outcome"] == "held"
    assert "Awaiting moderation" in second["comment_html"]


def test_an_empty_comment_keeps_the_form_and_says_why(member_client, article, reader_ana):
    """Blank text: a 400 with a clear message, nothing stored."""
    client = member_client(reader_ana)

    answer = client.post(post_url(article), {"body": " \u200b ", "key": "d" * 32}, **JSON)

    assert answer.status_code == 400
    assert answer.json()["message"] == "Write something before posting."
    assert not Comment.objects.exists()


def test_a_100_kb_comment_is_refused_and_kept(member_client, article, reader_ana):
    """Over the limit: the reader is told the limit and the length, and keeps the text."""
    client = member_client(reader_ana)
    body = "x" * 100 * 1024

    response = client.post(post_url(article), {"body": body, "key": "e" * 32})

    html = response.content.decode()
    assert response.status_code == 400
    assert "limited to 5,000 characters; this one has 102,400" in html
    assert body in html
    assert not Comment.objects.exists()


def test_a_double_click_from_the_page_stores_one_comment(member_client, article, reader_ana):
    """Two posts with the same key: one comment, both answers name it."""
    client = member_client(reader_ana)
    data = {"body": "Good news.", "key": "f" * 32}

    first = client.post(post_url(article), data, **JSON).json()
    second = client.post(post_url(article), data, **JSON).json()

    assert first["comment_id"] == second["comment_id"]
    assert Comment.objects.count() == 1


def test_markup_and_script_in_a_comment_never_run(client, article, reader_ana):
    """Tags are shown as text, links get rel="nofollow ugc noopener", no script survives."""
    body = (
        '<script>alert("x")</script> <img src=x onerror=alert(1)> '
        '<a href="javascript:alert(2)">click</a>\n\nSee https://example.org/a?b=1&c=2'
    )
    services.comment_post(author=reader_ana, article=article, body=body)

    html = client.get(thread_url(article)).content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    assert '<a href="javascript:' not in html
    assert '&lt;a href="javascript:alert(2)"&gt;click' in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html


def test_updates_bring_new_comments_and_the_count(client, article, reader_ana, reader_ben):
    """The poll: comments after the last one seen, with their HTML, and the article's count."""
    first = services.comment_post(author=reader_ana, article=article, body="One.").comment
    assert first is not None
    services.comment_post(author=reader_ben, article=article, body="Two.")
    url = reverse("comments_updates", kwargs={"article_id": article.pk})

    answer = json.loads(client.get(url, {"after": first.pk}).content)

    assert answer["count"] == 2
    assert [c["id"] for c in answer["comments"]] == [first.pk + 1]
    assert "Two." in answer["comments"][0]["html"]


def test_a_held_comment_is_seen_by_its_author_and_moderators_only(
    client, member_client, article, reader_ana, reader_ben, moderator_mo
):
    """Awaiting moderation: in its author's and a moderator's thread, not a guest's or Ben's."""
    services.comment_post(author=reader_ana, article=article, body=SHOUTED, confirm_hold=True)

    def sees(user) -> bool:
        viewer = member_client(user) if user else client
        html = viewer.get(thread_url(article)).content.decode()
        viewer.logout()
        return "DISGRACE" in html

    assert sees(reader_ana)
    assert sees(moderator_mo)
    assert not sees(reader_ben)
    assert not sees(None)


def test_the_no_script_discussion_page_renders_the_thread(client, article, reader_ana):
    """The link under the article leads to a page with the thread itself."""
    services.comment_post(author=reader_ana, article=article, body="Good news.")

    response = client.get(reverse("comments_discussion", kwargs={"article_id": article.pk}))

    assert response.status_code == 200
    assert "Good news." in response.content.decode()


def test_a_permalink_shows_the_comment_in_its_thread(client, article, reader_ana, reader_ben):
    """A reply's address shows the thread's first comment and the reply."""
    first = services.comment_post(author=reader_ana, article=article, body="Good news.").comment
    reply = services.comment_post(
        author=reader_ben, article=article, body="Indeed.", parent=first
    ).comment
    assert reply is not None

    html = client.get(reverse("comments_permalink", kwargs={"comment_id": reply.pk})).content
    html = html.decode()

    assert "Good news." in html and "Indeed." in html
    assert f'id="comment-{reply.pk}"' in html


def test_a_bad_cursor_is_a_404(client, article):
    """A cursor Masthead did not issue: not found, never a server error."""
    response = client.get(thread_url(article), {"after": "not-a-cursor!"})

    assert response.status_code == 404


def test_the_french_edition_speaks_french(client, article, reader_ana):
    """Under /fr/ the thread's sorting, counts and prompts are in French."""
    services.comment_post(author=reader_ana, article=article, body="Bonne nouvelle.")

    html = client.get(f"/fr/comments/article/{article.pk}/thread/").content.decode()

    assert "Plus anciens" in html and "Trier les commentaires" in html
    assert "Connectez-vous pour répondre" in html
