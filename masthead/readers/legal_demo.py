"""The demo site's first privacy policy and terms of use, in English and French.

Called by `manage.py seed` (masthead/news/management/commands/seed.py). Published through
Wagtail's own APIs, as an editor would, so each document gets its version 1 and the French
edition its translation. Idempotent: a site that has legal documents is left alone.
A site operator replaces these texts with their own in the admin (Privacy & terms).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from wagtail.models import Locale

from .models import LegalDocument, LegalDocumentKind

PRIVACY_EN = """
<p>Masthead is a news site. You can read every story without an account. This policy says what
we keep about the readers who open an account, why, for how long, and what you can do about it.</p>
<h2>What we keep</h2>
<ul>
<li>Your e-mail address, to let you log in and to write to you about your account.</li>
<li>Your display name, and the avatar, language and time zone you choose in your profile.</li>
<li>Your log-ins of the last 90 days (when, from which IP address and browser), so that you and
we can spot a log-in that was not yours.</li>
<li>The comments you post.</li>
<li>When you accepted each version of this policy and of the terms of use.</li>
</ul>
<h2>What we do not do</h2>
<p>We do not sell or share your data. The site loads no advertising or tracking scripts. Its
only cookies keep you logged in and protect the forms you send.</p>
<h2>How long</h2>
<p>Until you delete your account. A deleted account is closed at once and can be restored for
30 days; after that its personal data is erased for good. If the account had been blocked, we
keep only a scrambled fingerprint of its e-mail address so that it cannot register again.</p>
<h2>Your rights</h2>
<p>From your account you can download all your personal data in one archive, correct your
profile and delete your account. For anything else, write to us at the address below.</p>
"""

TERMS_EN = """
<p>These terms apply to everyone who opens an account on Masthead.</p>
<h2>Your account</h2>
<p>One account per person. Keep your password to yourself; tell us if someone else used your
account. Your display name must not pretend to be someone else.</p>
<h2>Comments</h2>
<p>Debate the story, not the people. No insults, threats, hate, spam or other people's private
information. Comments are moderated: a comment that breaks these rules may be hidden, and an
account that keeps breaking them may be suspended or blocked. You may appeal a decision.</p>
<h2>What you post</h2>
<p>You keep the rights to your comments and let Masthead show them on the site for as long as
they are online. You can delete them at any time.</p>
<h2>Changes</h2>
<p>When these terms or the privacy policy change in a way that matters, we ask you to read and
accept the new version before you go on; you may instead delete your account.</p>
"""

PRIVACY_FR = """
<p>Masthead est un site d'information. Tous les articles se lisent sans compte. Cette politique
dit ce que nous gardons sur les lecteurs qui ouvrent un compte, pourquoi, combien de temps, et
ce que vous pouvez y faire.</p>
<h2>Ce que nous gardons</h2>
<ul>
<li>Votre adresse e-mail, pour vous connecter et vous écrire au sujet de votre compte.</li>
<li>Votre nom affiché, et l'avatar, la langue et le fuseau horaire choisis dans votre profil.</li>
<li>Vos connexions des 90 derniers jours (quand, depuis quelle adresse IP et quel navigateur),
pour que vous et nous repérions une connexion qui n'était pas la vôtre.</li>
<li>Les commentaires que vous publiez.</li>
<li>La date à laquelle vous avez accepté chaque version de cette politique et des conditions
d'utilisation.</li>
</ul>
<h2>Ce que nous ne faisons pas</h2>
<p>Nous ne vendons ni ne partageons vos données. Le site ne charge aucun script publicitaire ni
de suivi. Ses seuls cookies vous gardent connecté et protègent les formulaires que vous
envoyez.</p>
<h2>Combien de temps</h2>
<p>Jusqu'à la suppression de votre compte. Un compte supprimé est fermé aussitôt et peut être
restauré pendant 30 jours ; ensuite ses données personnelles sont effacées pour de bon. Si le
compte avait été bloqué, nous ne gardons qu'une empreinte brouillée de son adresse e-mail pour
qu'il ne puisse pas se réinscrire.</p>
<h2>Vos droits</h2>
<p>Depuis votre compte, vous pouvez télécharger toutes vos données personnelles en une archive,
corriger votre profil et supprimer votre compte. Pour tout le reste, écrivez-nous à l'adresse
ci-dessous.</p>
"""

TERMS_FR = """
<p>Ces conditions s'appliquent à toute personne qui ouvre un compte sur Masthead.</p>
<h2>Votre compte</h2>
<p>Un compte par personne. Gardez votre mot de passe pour vous ; prévenez-nous si quelqu'un
d'autre a utilisé votre compte. Votre nom affiché ne doit pas faire croire que vous êtes
quelqu'un d'autre.</p>
<h2>Les commentaires</h2>
<p>Discutez de l'article, pas des personnes. Ni insultes, ni menaces, ni haine, ni spam, ni
informations privées sur autrui. Les commentaires sont modérés : un commentaire qui enfreint
ces règles peut être masqué, et un compte qui les enfreint encore peut être suspendu ou
bloqué. Vous pouvez contester une décision.</p>
<h2>Ce que vous publiez</h2>
<p>Vous gardez vos droits sur vos commentaires et autorisez Masthead à les montrer sur le site
tant qu'ils sont en ligne. Vous pouvez les supprimer à tout moment.</p>
<h2>Les changements</h2>
<p>Quand ces conditions ou la politique de confidentialité changent de façon importante, nous
vous demandons de lire et d'accepter la nouvelle version avant de continuer ; vous pouvez
aussi supprimer votre compte.</p>
"""

DOCUMENTS = {
    LegalDocumentKind.PRIVACY: {
        "en": ("Privacy policy", PRIVACY_EN),
        "fr": ("Politique de confidentialité", PRIVACY_FR),
    },
    LegalDocumentKind.TERMS: {
        "en": ("Terms of use", TERMS_EN),
        "fr": ("Conditions d'utilisation", TERMS_FR),
    },
}


@transaction.atomic
def legal_documents_demo_load(*, log: Callable[[str], Any] = print) -> int:
    """Publish version 1 of the privacy policy and the terms, then their French translations."""
    if LegalDocument.objects.exists():
        log("Legal documents exist already: the demo's are not loaded again.")
        return 0
    english = Locale.get_default()
    french = Locale.objects.get_or_create(language_code="fr")[0]
    published = 0
    for kind, texts in DOCUMENTS.items():
        title, body = texts["en"]
        source = LegalDocument(
            kind=kind,
            locale=english,
            title=title,
            body=_compact(body),
            requires_consent=True,
            live=False,
        )
        source.save()
        source.save_revision().publish()
        title, body = texts["fr"]
        translation = source.copy_for_translation(french)
        translation.title, translation.body = title, _compact(body)
        translation.live, translation.live_revision = False, None
        translation.save()
        translation.save_revision().publish()
        published += 2
    log(f"Legal documents: {published} published (privacy policy and terms, English and French).")
    return published


def _compact(html: str) -> str:
    """The texts above wrap for reading here; the stored rich text keeps one line per block."""
    return " ".join(html.split()).replace("> <", "><")
