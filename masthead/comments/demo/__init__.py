"""Demo content for the comments: the community standards in every edition's language, a thread.

Called by `masthead seed`. The standards (`community_standards_demo_load`, on every run; their
texts in `standards.py`) are written for Masthead, one per standard the moderation engine
enforces, each tied to its reason code; editors change them in the admin (Snippets › Community
standards). The discussion (`discussion_demo_load`, from the news demo loader) gives a few
stories threads with replies, likes and an editors' pick, written by demo members who have no
password. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from masthead.moderation.pipeline import Decision
from masthead.moderation.reasons import Verdict
from masthead.news.models import ArticlePage, ArticleStats

from ..models import Comment, CommentLike, CommentStatus, CommunityStandard
from .standards import STANDARDS


def community_standards_demo_load(*, log: Callable[[str], Any] = print) -> int:
    """Write the standards in each edition's language that has none yet; returns how many.

    Every language's standards are translations of one another (one `translation_key` per
    code), as the admin's "Translate" makes them. A language that has any standard is left
    alone: loading twice adds nothing, editors' changes stay, and a site seeded before a
    language had its texts gets them. One insert for all languages (the loader runs in many
    tests), a few reads around it.
    """
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code in STANDARDS]
    existing = list(
        CommunityStandard.objects.values_list("locale__language_code", "code", "translation_key")
    )
    written = {language for language, _code, _key in existing}
    missing = [language for language in languages if language not in written]
    if not missing:
        log("Community standards exist already in every edition's language: not loaded again.")
        return 0
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    keys: dict[str, uuid.UUID] = {code: key for lang, code, key in existing if lang == default}
    locales = _locales(missing)
    order = {code: position for position, code in enumerate(STANDARDS["en"])}
    created = CommunityStandard.objects.bulk_create(
        CommunityStandard(
            locale=locales[language],
            translation_key=keys.setdefault(code, uuid.uuid4()),
            code=code,
            title=text.title,
            summary=text.summary,
            sort_order=order[code],
        )
        for language in missing
        for code, text in STANDARDS[language].items()
    )
    log(f"Community standards: {len(created)}, in {', '.join(missing)}.")
    return len(created)


def _locales(languages: list[str]) -> dict[str, Locale]:
    """The locales of `languages`, each created if missing (the news demo makes them first)."""
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=languages)
    }
    for language in languages:
        if language not in locales:
            locales[language] = Locale.objects.create(language_code=language)
    return locales


# --- A discussion ---------------------------------------------------------------------------------

DEMO_MEMBER_DOMAIN = "readers.example"  # RFC 2606: a domain that can never receive mail
# (display name, e-mail local part): members of the demo community. They have no password: an
# operator who wants to log in as one sets it (`manage.py changepassword`); the audit does so.
DEMO_MEMBERS: list[tuple[str, str]] = [
    ("Nadia Rahman", "nadia.rahman"),
    ("Tomás Ibarra", "tomas.ibarra"),
    ("Grace Mwangi", "grace.mwangi"),
    ("Lars Eriksen", "lars.eriksen"),
    ("Priya Natarajan", "priya.natarajan"),
    ("Olu Adeyemi", "olu.adeyemi"),
    ("Mei Tanaka", "mei.tanaka"),
    ("Jonas Weber", "jonas.weber"),
    ("Fatima Zahra", "fatima.zahra"),
    ("Sam O'Connor", "sam.oconnor"),
]

# Per article (its key in content.json): threads of (author, text, likes, is_featured, replies);
# a reply is (author, text, likes, index of the reply it answers or None for the first comment).
Reply = tuple[str, str, int, int | None]
Thread = tuple[str, str, int, bool, list[Reply]]
DISCUSSIONS: dict[str, list[Thread]] = {
    "migratory-bird-count": [
        (
            "Grace Mwangi",
            "I counted at Lake Naivasha for the second time this year. The two-hour window "
            "around high tide sounds strict, but it is what makes thousands of sites comparable."
            "\n\nThank you to the organisers for the training sessions.",
            8,
            True,
            [
                (
                    "Lars Eriksen",
                    "Same method at our site on the Wadden Sea. Standing still for two hours in "
                    "the wind was the hardest part!",
                    5,
                    None,
                ),
                (
                    "Mei Tanaka",
                    "A flask of tea and two pairs of gloves. Learned the hard way.",
                    4,
                    0,
                ),
                ("Grace Mwangi", "Noted for next year, thank you.", 1, 1),
                (
                    "Priya Natarajan",
                    "Is there a way to join the count in India? The article mentions Africa and "
                    "Central Asia but not South Asia.",
                    2,
                    None,
                ),
                ("Sam O'Connor", "Great to see so many volunteers doing this.", 1, None),
            ],
        ),
        (
            "Tomás Ibarra",
            "Fewer sandpipers and plovers is worrying, but as the researchers say, one survey is "
            "a snapshot. I hope the yearly count gets its funding.",
            6,
            False,
            [
                (
                    "Jonas Weber",
                    "Yearly counts would make the trend much clearer. Three years is a long gap.",
                    3,
                    None,
                ),
                (
                    "Fatima Zahra",
                    "Agreed. Our local group would count every year if the training were there.",
                    2,
                    0,
                ),
            ],
        ),
        (
            "Olu Adeyemi",
            "Will the open dataset include where each site is? Local groups could use it to "
            "protect the wetlands they count.",
            4,
            False,
            [
                (
                    "Nadia Rahman",
                    "The organisers say it will be published under an open licence later this "
                    "year, so I would expect the sites to be in it.",
                    2,
                    None,
                ),
            ],
        ),
        (
            "Lars Eriksen",
            "Birds wintering further north is something we notice in Denmark too: in mild "
            "winters fewer of them travel on south.",
            5,
            False,
            [],
        ),
        ("Priya Natarajan", "The gallery is lovely. More stories like this, please.", 3, False, []),
        (
            "Sam O'Connor",
            "Does the count include city parks with ponds, or only wetlands and coasts?",
            1,
            False,
            [
                (
                    "Grace Mwangi",
                    "Only wetlands and coasts in this survey, as far as I know.",
                    1,
                    None,
                ),
            ],
        ),
    ],
    "river-data-framework": [
        (
            "Jonas Weber",
            "Publishing gauge data within 48 hours is a modest goal, but it is a start: many "
            "countries publish nothing at all today.",
            7,
            True,
            [
                (
                    "Fatima Zahra",
                    "It is voluntary, though. The countries upstream have the least reason to "
                    "take part.",
                    3,
                    None,
                ),
                (
                    "Tomás Ibarra",
                    "True, but the technical assistance fund gives them something in return.",
                    2,
                    0,
                ),
            ],
        ),
        (
            "Mei Tanaka",
            "Minimum flows in dry seasons were the real question for arid regions, and they were "
            "left for later talks. Disappointing.",
            4,
            False,
            [],
        ),
    ],
    "typhoon-marisol-evacuations": [
        (
            "Olu Adeyemi",
            "Stay safe, everyone in Port Amihan. Tying the boats together in the harbour is "
            "clever; I had never heard of it.",
            5,
            False,
            [
                (
                    "Nadia Rahman",
                    "It is common along that coast: it keeps the boats from being thrown "
                    "against the quay one by one.",
                    3,
                    None,
                ),
            ],
        ),
        (
            "Priya Natarajan",
            "Good to read that relief goods were in place before the storm. That makes a real "
            "difference in the first days.",
            2,
            False,
            [],
        ),
    ],
}


def demo_member_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_MEMBER_DOMAIN}"


def discussion_demo_load(
    *, articles: dict[str, ArticlePage], log: Callable[[str], Any] = print
) -> int:
    """Demo members and a discussion under a few articles; returns how many comments.

    Written as they would stand after moderation (published, with the pipeline's empty
    decision), not run through it: the demo must not depend on the models' verdicts, nor
    on how fast the seed posts (the flooding rule would hold it). Likes, reply counts and the
    articles' comment counters are set to match. Loading twice adds nothing.
    """
    if Comment.objects.exists():
        log("Comments exist already: the demo discussion is not loaded again.")
        return 0
    members = _demo_members()
    created = 0
    for key, threads in DISCUSSIONS.items():
        article = articles.get(key)
        if article is None:
            continue
        article.refresh_from_db(fields=["first_published_at"])
        moment = article.first_published_at or timezone.now()
        published = 0
        for author, text, likes, is_featured, replies in threads:
            moment += datetime.timedelta(minutes=23)
            root = _demo_comment(
                article=article,
                author=members[author],
                body=text,
                at=moment,
                likers=_likers(members, exclude=author, count=likes, seed=len(text)),
                is_featured=is_featured,
            )
            answered: list[Comment] = []
            for reply_author, reply_text, reply_likes, answers in replies:
                moment += datetime.timedelta(minutes=9)
                reply = _demo_comment(
                    article=article,
                    author=members[reply_author],
                    body=reply_text,
                    at=moment,
                    likers=_likers(
                        members, exclude=reply_author, count=reply_likes, seed=len(reply_text)
                    ),
                    parent=root,
                    reply_to=root if answers is None else answered[answers],
                )
                answered.append(reply)
            Comment.objects.filter(pk=root.pk).update(reply_count=len(replies))
            published += 1 + len(replies)
        stats, _created = ArticleStats.objects.get_or_create(article_id=article.pk)
        ArticleStats.objects.filter(pk=stats.pk).update(comments=F("comments") + published)
        created += published
    log(f"Demo discussion: {len(members)} members, {created} comments.")
    return created


def _demo_members() -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    members = {}
    for display_name, local_part in DEMO_MEMBERS:
        email = demo_member_email(local_part)
        user = get_user_model().objects.create_user(
            username=f"reader-{secrets.token_hex(8)}",
            email=email,
            password=None,
            display_name=display_name,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        members[display_name] = user
    return members


def _likers(members: dict[str, Any], *, exclude: str, count: int, seed: int) -> list[Any]:
    """`count` members other than the author, starting at a place that varies per comment."""
    others = [user for name, user in members.items() if name != exclude]
    start = seed % len(others)
    return (others[start:] + others[:start])[:count]


def _demo_comment(
    *,
    article: ArticlePage,
    author: Any,
    body: str,
    at: datetime.datetime,
    likers: list[Any],
    is_featured: bool = False,
    parent: Comment | None = None,
    reply_to: Comment | None = None,
) -> Comment:
    from ..formatting import comment_body_html
    from ..services import decision_record

    comment = Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        reply_to=reply_to,
        body=body,
        body_html=comment_body_html(body),
        status=CommentStatus.PUBLISHED,
        moderation=decision_record(Decision(verdict=Verdict.PASS), at=at),
        created_at=at,
        like_count=len(likers),
        is_featured=is_featured,
    )
    CommentLike.objects.bulk_create(CommentLike(comment=comment, member=m) for m in likers)
    return comment
