"""Demo content for the comments: the community standards in English and French, a discussion.

Called once by the news demo loader (`masthead seed`). The standards are written for Masthead,
one per standard the moderation engine enforces, each tied to its reason code; editors change
them in the admin (Snippets › Community standards). The discussion (`discussion_demo_load`)
gives a few stories threads with replies, likes and an editors' pick, written by demo members
who have no password. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale

from masthead.moderation.pipeline import Decision
from masthead.moderation.reasons import Verdict
from masthead.news.models import ArticlePage, ArticleStats

from .models import Comment, CommentLike, CommentStatus, CommunityStandard

# (code, English title, English summary, French title, French summary)
STANDARDS: list[tuple[str, str, str, str, str]] = [
    (
        "off_topic",
        "Stay on topic",
        "Comment on the story above: other subjects have their own articles.",
        "Restez dans le sujet",
        "Commentez l'article ci-dessus : les autres sujets ont leurs propres articles.",
    ),
    (
        "hatred",
        "No hatred or discrimination",
        "No attacks on people for their origin, ethnicity, sex, sexual orientation, religion, "
        "disability or social position; the rights of minorities are respected here.",
        "Ni haine ni discrimination",
        "Aucune attaque contre des personnes pour leur origine, leur ethnie, leur sexe, leur "
        "orientation sexuelle, leur religion, un handicap ou leur condition sociale ; les droits "
        "des minorités sont respectés ici.",
    ),
    (
        "harm_to_minors",
        "Protect children",
        "Nothing that sexualises, endangers or exposes minors.",
        "Protégez les enfants",
        "Rien qui sexualise, mette en danger ou expose des mineurs.",
    ),
    (
        "extremism",
        "No extremism or calls for illegal acts",
        "No praise of terrorism or violent extremism, and no calls to break the law.",
        "Ni extrémisme ni appel à l'illégalité",
        "Aucune apologie du terrorisme ou de l'extrémisme violent, "
        "aucun appel à enfreindre la loi.",
    ),
    (
        "insult",
        "No insults or threats",
        "Disagree with ideas, not with people: no insults or threats against readers, the people "
        "in the news or organisations.",
        "Ni insultes ni menaces",
        "Critiquez les idées, pas les personnes : aucune insulte ni menace envers les lecteurs, "
        "les personnes citées ou les organisations.",
    ),
    (
        "publisher_disrespect",
        "Respect the newsroom",
        "Criticise our journalism as much as you like, with arguments; abuse of the staff is "
        "removed.",
        "Respectez la rédaction",
        "Critiquez notre travail autant que vous voulez, avec des arguments ; les injures envers "
        "l'équipe sont retirées.",
    ),
    (
        "privacy",
        "Keep other people's data private",
        "No e-mail addresses, phone numbers, card or bank numbers or home addresses of anyone.",
        "Protégez les données d'autrui",
        "Aucune adresse e-mail, aucun numéro de téléphone, de carte ou de compte, aucune adresse "
        "postale de qui que ce soit.",
    ),
    (
        "animal_cruelty",
        "No cruelty to animals",
        "No praise of, or instructions for, violence against animals.",
        "Pas de cruauté envers les animaux",
        "Aucune apologie ni mode d'emploi de violences envers les animaux.",
    ),
    (
        "suicide",
        "No suicide methods",
        "Talk about suicide with care; never describe methods. If you are struggling, please "
        "reach out to a helpline.",
        "Aucune méthode de suicide",
        "Parlez du suicide avec précaution, sans jamais décrire de méthode. Si vous allez mal, "
        "contactez une ligne d'écoute.",
    ),
    (
        "commercial",
        "No advertising",
        "The comments are not for selling or for sending readers to other sites; a link that "
        "supports your point is welcome.",
        "Pas de publicité",
        "Les commentaires ne servent ni à vendre ni à envoyer les lecteurs ailleurs ; un lien "
        "qui appuie votre propos est bienvenu.",
    ),
    (
        "product_promotion",
        "No product promotion",
        "Do not promote products or services, yours or anyone's.",
        "Pas de promotion de produits",
        "Ne faites la promotion d'aucun produit ni service, le vôtre ou celui d'un autre.",
    ),
    (
        "profanity",
        "Keep it clean",
        "No swearing or obscenities, however they are spelled.",
        "Restez correct",
        "Ni jurons ni obscénités, quelle qu'en soit l'orthographe.",
    ),
    (
        "spam",
        "No spam or get-rich-quick schemes",
        "No chain messages, miracle earnings or scams.",
        "Ni spam ni argent facile",
        "Ni chaînes, ni gains miraculeux, ni arnaques.",
    ),
    (
        "narcotics",
        "No drug dealing",
        "No selling, buying or promoting narcotics.",
        "Pas de trafic de drogue",
        "Ni vente, ni achat, ni promotion de stupéfiants.",
    ),
    (
        "malware",
        "No links to malware",
        "Links to sites known to spread viruses or malware are never published.",
        "Aucun lien malveillant",
        "Les liens vers des sites connus pour diffuser des virus ne sont jamais publiés.",
    ),
    (
        "flash_mob",
        "No coordinated campaigns",
        "Many identical comments from different accounts are held for a moderator.",
        "Pas de campagnes coordonnées",
        "Les commentaires identiques venus de nombreux comptes sont soumis à un modérateur.",
    ),
    (
        "flooding",
        "Don't flood the discussion",
        "Give others room: many messages in a short time, or text that makes no sense, is held.",
        "N'inondez pas la discussion",
        "Laissez de la place aux autres : beaucoup de messages en peu de temps, ou un texte "
        "incohérent, sont retenus.",
    ),
    (
        "trolling",
        "No trolling",
        "No baiting, humiliating or harassing other readers.",
        "Pas de trolls",
        "Ne provoquez, n'humiliez ni ne harcelez les autres lecteurs.",
    ),
    (
        "capitals",
        "Don't shout",
        "No writing in capitals, and break long text into sentences.",
        "Ne criez pas",
        "N'écrivez pas en majuscules et découpez les longs textes en phrases.",
    ),
    (
        "language",
        "Write in the edition's language",
        "Comment in the language of the edition you are reading, so everyone can follow.",
        "Écrivez dans la langue de l'édition",
        "Commentez dans la langue de l'édition que vous lisez, pour que tout le monde suive.",
    ),
]


def community_standards_demo_load(*, log: Callable[[str], Any] = print) -> int:
    """Create the standards in English and, as translations, in French; returns how many."""
    if CommunityStandard.objects.exists():
        log("Community standards exist already: not loaded again.")
        return 0
    english = Locale.objects.get_or_create(language_code="en")[0]
    french = Locale.objects.get_or_create(language_code="fr")[0]
    created = 0
    for order, (code, title, summary, title_fr, summary_fr) in enumerate(STANDARDS):
        standard = CommunityStandard.objects.create(
            locale=english, code=code, title=title, summary=summary, sort_order=order
        )
        CommunityStandard.objects.create(
            locale=french,
            translation_key=standard.translation_key,
            code=code,
            title=title_fr,
            summary=summary_fr,
            sort_order=order,
        )
        created += 2
    log(f"Community standards: {len(STANDARDS)}, in English and French.")
    return created


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
    from .formatting import comment_body_html
    from .services import decision_record

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
