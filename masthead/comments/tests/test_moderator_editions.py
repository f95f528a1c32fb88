"""Moderators limited to the editions they read: their queues, badges and actions stay there.

An administrator limits a moderator in Settings › Moderators' editions; a moderator without a
limit (the default) and a superuser work every edition.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry

from conftest import totp_enable
from masthead.comments import selectors, services, services_blocks
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import CommentReport, CommentStatus, MemberBlock, ModeratorEditions
from masthead.news.tests.editions import edition_article, edition_locale
from masthead.readers.tests.personas import reader_create

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db

SHOUTED_RU = "ЭТО РЕШЕНИЕ О ПОРТЕ ПОЛНЫЙ ПОЗОР И ВСЕ ЭТО ЗНАЮТ"


@pytest.fixture
def russian(article):
    return edition_article(article, language="ru", title="Порт снова открылся")


@pytest.fixture
def held_en(article, reader_ana):
    return services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment


@pytest.fixture
def held_ru(russian, reader_ben):
    comment = services.comment_post(
        author=reader_ben, article=russian, body=SHOUTED_RU, confirm_hold=True
    ).comment
    assert comment is not None and comment.status == CommentStatus.HELD
    return comment


@pytest.fixture
def reported(article, russian, reader_ana, reader_ben, reader_cleo):
    """A published comment in each edition, each reported once."""
    en = services.comment_post(author=reader_ana, article=article, body="Ferries are late.")
    ru = services.comment_post(author=reader_ben, article=russian, body="Паромы опаздывают.")
    assert en.comment and ru.comment
    for comment in (en.comment, ru.comment):
        services.comment_report(comment=comment, reporter=reader_cleo, reason="insult")
    return {"en": en.comment, "ru": ru.comment}


@pytest.fixture
def limited_to_russian(moderator_mo, admin_user):
    """Mo reads Russian only: an administrator limits him to the Russian edition."""
    services.moderator_editions_set(
        moderator=moderator_mo, locales=[edition_locale("ru")], actor=admin_user
    )
    return moderator_mo


@pytest.fixture
def mo_client(client, moderator_mo):
    client.force_login(moderator_mo)
    return client


def badge(html: str, label: str) -> int:
    found = re.search(re.escape(label) + r" \((\d+)\)", html)
    return int(found.group(1)) if found else 0


def test_a_moderator_limited_to_russian_works_the_russian_queues_only(
    mo_client, limited_to_russian, held_en, held_ru, reported
):
    """Held and reported: the Russian comments are there, the English ones are not."""
    held = mo_client.get(reverse("comments_held")).content.decode()
    reports = mo_client.get(reverse("comments_reports")).content.decode()
    asking_for_english = mo_client.get(reverse("comments_held"), {"edition": "en"})

    assert "ПОЛНЫЙ ПОЗОР" in held and "COMPLETE DISGRACE" not in held
    assert "1 comment is waiting" in held
    assert "Паромы опаздывают" in reports and "Ferries are late" not in reports
    assert "COMPLETE DISGRACE" not in asking_for_english.content.decode()
    for html in (held, reports):
        assert '<option value="ru">' in html and '<option value="en"' not in html
        assert "All your editions" in html


def test_a_limited_moderators_badges_count_their_editions_only(
    mo_client, limited_to_russian, held_en, held_ru, reported
):
    """The menu counts what waits in Russian: one held comment, one reported."""
    menu = mo_client.get(reverse("wagtailadmin_home")).content.decode()

    assert badge(menu, "Held comments") == 1
    assert badge(menu, "Reported comments") == 1


def test_an_unlimited_moderator_works_every_edition(
    mo_client, moderator_mo, held_en, held_ru, reported
):
    """No limit (the default): both editions in every queue and badge, every edition offered."""
    held = mo_client.get(reverse("comments_held")).content.decode()
    reports = mo_client.get(reverse("comments_reports")).content.decode()
    menu = mo_client.get(reverse("wagtailadmin_home")).content.decode()

    assert selectors.moderator_languages(moderator_mo) is None
    assert "ПОЛНЫЙ ПОЗОР" in held and "COMPLETE DISGRACE" in held
    assert "Паромы опаздывают" in reports and "Ferries are late" in reports
    assert '<option value="en">' in held and "All editions" in held
    assert (badge(menu, "Held comments"), badge(menu, "Reported comments")) == (2, 2)


def test_a_superuser_is_never_limited(client, admin_user, held_en, held_ru):
    """Even with a limit stored for them, a superuser sees every edition's comments."""
    ModeratorEditions.objects.create(moderator=admin_user).locales.set([edition_locale("ru")])
    client.force_login(admin_user)

    held = client.get(reverse("comments_held")).content.decode()

    assert "ПОЛНЫЙ ПОЗОР" in held and "COMPLETE DISGRACE" in held


def test_a_limited_moderator_cannot_act_on_another_editions_comment(
    mo_client, limited_to_russian, held_en, reported, reader_ana
):
    """Approve, reject, delete, edit, dismiss, remove, block citing it: 404, nothing done."""
    held = {"comment_id": held_en.pk}
    english = {"comment_id": reported["en"].pk}
    member = reverse("comments_member", kwargs={"user_id": reader_ana.pk})
    attempts = [
        *(
            reverse("comments_held_act", kwargs={**held, "action": action})
            for action in ("approve", "reject", "delete")
        ),
        *(
            reverse("comments_reports_act", kwargs={**english, "action": action})
            for action in ("dismiss", "remove")
        ),
    ]

    answers = [mo_client.post(url).status_code for url in attempts]
    edit = reverse("comments_held_edit", kwargs=held)
    answers += [
        mo_client.get(edit).status_code,
        mo_client.post(edit, {"body": "Softer words."}).status_code,
        mo_client.get(member, {"comment": held_en.pk}).status_code,
        mo_client.post(
            member, {"reason": "capitals", "message": "Stop.", "comment": held_en.pk}
        ).status_code,
    ]

    assert answers == [404] * len(answers)
    held_en.refresh_from_db()
    assert held_en.status == CommentStatus.HELD and held_en.body == SHOUTED
    assert CommentReport.objects.filter(comment=reported["en"], resolved_at=None).exists()
    assert not MemberBlock.objects.filter(member=reader_ana).exists()
    assert not ModelLogEntry.objects.filter(user=limited_to_russian).exists()


def test_a_limited_moderator_acts_on_their_editions_comment(
    mo_client, limited_to_russian, held_ru, django_capture_on_commit_callbacks
):
    """Approve in Russian: published, and the log says who did it."""
    url = reverse("comments_held_act", kwargs={"comment_id": held_ru.pk, "action": "approve"})

    with django_capture_on_commit_callbacks(execute=True):
        mo_client.post(url)

    held_ru.refresh_from_db()
    assert held_ru.status == CommentStatus.PUBLISHED
    assert ModelLogEntry.objects.get(action="comments.approve").user == limited_to_russian


def test_the_services_refuse_another_editions_comment(limited_to_russian, held_en, reported):
    """Whatever calls them: the services answer NOT_YOUR_EDITION and change nothing."""
    calls = [
        lambda: services.comment_approve(comment=held_en, moderator=limited_to_russian),
        lambda: services.comment_reject(comment=held_en, moderator=limited_to_russian),
        lambda: services.comment_delete(comment=held_en, actor=limited_to_russian),
        lambda: services.comment_moderator_edit(
            comment=held_en, moderator=limited_to_russian, body="Softer."
        ),
        lambda: services.comment_reports_dismiss(
            comment=reported["en"], moderator=limited_to_russian
        ),
    ]

    for call in calls:
        with pytest.raises(CommentError) as refused:
            call()
        assert refused.value.code == CommentErrorCode.NOT_YOUR_EDITION
    held_en.refresh_from_db()
    assert held_en.status == CommentStatus.HELD


def test_a_limited_moderator_is_a_member_in_another_editions_thread(
    client, limited_to_russian, article, russian, held_en, held_ru
):
    """The English thread hides the held comment from Mo and offers him no Delete button."""
    client.force_login(limited_to_russian)

    english = client.get(reverse("comments_thread", kwargs={"article_id": article.pk}))
    russian_thread = client.get(reverse("comments_thread", kwargs={"article_id": russian.pk}))
    deleting = client.post(reverse("comments_delete", kwargs={"comment_id": held_en.pk}))

    assert "COMPLETE DISGRACE" not in english.content.decode()
    assert "ПОЛНЫЙ ПОЗОР" in russian_thread.content.decode()
    assert deleting.status_code in (302, 400)
    held_en.refresh_from_db()
    assert held_en.status == CommentStatus.HELD


def test_a_limited_moderators_block_rejects_their_editions_held_comments_only(
    mo_client, limited_to_russian, article, russian, reader_ben
):
    """Ben is blocked everywhere; his English held comment waits for the English moderators."""
    english = services.comment_post(
        author=reader_ben, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    in_russian = services.comment_post(
        author=reader_ben, article=russian, body=SHOUTED_RU, confirm_hold=True
    ).comment
    assert english and in_russian
    member = reverse("comments_member", kwargs={"user_id": reader_ben.pk})

    page = mo_client.get(member).content.decode()
    mo_client.post(
        member,
        {"reason": "capitals", "message": "Stop.", "comment": in_russian.pk, "reject_held": "on"},
    )

    english.refresh_from_db()
    in_russian.refresh_from_db()
    assert "ПОЛНЫЙ ПОЗОР" in page and "COMPLETE DISGRACE" not in page
    assert MemberBlock.objects.get(member=reader_ben).comment == in_russian
    assert (in_russian.status, english.status) == (CommentStatus.REJECTED, CommentStatus.HELD)


# --- The administrators' screen -------------------------------------------------------------------


def test_an_administrator_limits_a_moderator_in_the_admin(
    admin_client, moderator_mo, held_en, held_ru, django_capture_on_commit_callbacks
):
    """Settings › Moderators' editions: add a limit, change it, delete it; each logged."""
    ru, fr = edition_locale("ru"), edition_locale("fr")
    index = reverse("moderator_editions:index")
    form = admin_client.get(reverse("moderator_editions:add")).content.decode()
    assert "Mo Haddad" in form

    with django_capture_on_commit_callbacks(execute=True):
        created = admin_client.post(
            reverse("moderator_editions:add"), {"moderator": moderator_mo.pk, "locales": [ru.pk]}
        )
    editions = ModeratorEditions.objects.get(moderator=moderator_mo)
    assert created.status_code == 302
    assert selectors.moderator_languages(moderator_mo) == frozenset({"ru"})
    assert "Mo Haddad" in admin_client.get(index).content.decode()

    edit = reverse("moderator_editions:edit", args=[editions.pk])
    with django_capture_on_commit_callbacks(execute=True):
        changed = admin_client.post(edit, {"locales": [ru.pk, fr.pk]})
    assert changed.status_code == 302
    mo_now = type(moderator_mo).objects.get(pk=moderator_mo.pk)  # as the next request reads him
    assert selectors.moderator_languages(mo_now) == frozenset({"ru", "fr"})

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("moderator_editions:delete", args=[editions.pk]))
    assert not ModeratorEditions.objects.exists()
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", "data"))
    assert actions == [
        ("comments.editions_limit", {"moderator": moderator_mo.pk, "editions": ["ru"]}),
        ("comments.editions_limit", {"moderator": moderator_mo.pk, "editions": ["fr", "ru"]}),
        ("comments.editions_unlimit", {"moderator": moderator_mo.pk}),
    ]


def test_the_admin_form_offers_moderators_only_and_asks_for_an_edition(
    admin_client, admin_user, moderator_mo, reader_ana
):
    """A reader or a superuser cannot be limited; a limit without an edition is refused."""
    ru = edition_locale("ru")
    add = reverse("moderator_editions:add")

    for who, locales in ((reader_ana, [ru.pk]), (admin_user, [ru.pk]), (moderator_mo, [])):
        response = admin_client.post(add, {"moderator": who.pk, "locales": locales})
        assert response.status_code == 200, who

    assert "Choose at least one edition." in response.content.decode()
    assert not ModeratorEditions.objects.exists()


def test_a_moderator_cannot_open_the_editions_screen(mo_client, moderator_mo):
    """Limits are the administrators' to set: a moderator is turned away and changes nothing."""
    response = mo_client.post(
        reverse("moderator_editions:add"),
        {"moderator": moderator_mo.pk, "locales": [edition_locale("ru").pk]},
    )

    assert response.status_code in (302, 403)
    assert not ModeratorEditions.objects.exists()
    with pytest.raises(CommentError):
        services.moderator_editions_set(
            moderator=moderator_mo, locales=[edition_locale("ru")], actor=moderator_mo
        )


def test_a_limit_whose_editions_are_gone_limits_to_none(held_ru):
    """A deleted locale never frees a moderator to every edition: their queue is empty."""
    ola = reader_create(email="ola.nowak@example.org", display_name="Ola Nowak")
    ola.groups.add(Group.objects.get(name="Moderators"))
    totp_enable(ola)
    portuguese = edition_locale("pt")
    ModeratorEditions.objects.create(moderator=ola).locales.set([portuguese])
    Locale.objects.filter(pk=portuguese.pk).delete()

    assert selectors.moderator_languages(ola) == frozenset()
    assert not selectors.held_comments(editions=selectors.moderator_languages(ola)).exists()


def test_a_limited_moderator_blocks_a_member_without_citing_a_comment(
    limited_to_russian, reader_ana, held_en
):
    """A block is the member's: a limited moderator blocks without citing another edition."""
    block = services_blocks.member_block(
        member=reader_ana, moderator=limited_to_russian, reason="insult", message="Enough."
    )

    held_en.refresh_from_db()
    assert block.is_active
    assert held_en.status == CommentStatus.HELD  # the English moderators judge it
