"""Demo content for the comments: the community standards in English and French, a discussion.

Called once by the news demo loader (`masthead seed`). The standards are written for Masthead,
one per standard the moderation engine enforces, each tied to its reason code; editors change
them in the admin (Snippets › Community standards). Loading twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wagtail.models import Locale

from .models import CommunityStandard

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
