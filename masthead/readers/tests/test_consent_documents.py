"""The privacy policy and terms: versions frozen on publish, public pages, the editors' admin."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Locale

from masthead.readers.models import LegalDocument, LegalDocumentVersion

from .legal import legal_publish

pytestmark = pytest.mark.django_db


def test_publishing_a_document_freezes_its_text_as_a_numbered_version():
    """Each publication is a version with its own copy of the text, flag and date."""
    first = legal_publish(kind="privacy", change_summary="First version.")
    second = legal_publish(kind="privacy", body="<p>New text.</p>", requires_consent=False)
    assert (first.number, second.number) == (1, 2)
    assert first.requires_consent and not second.requires_consent
    assert first.body != second.body == "<p>New text.</p>"
    assert first.change_summary == "First version."
    assert first.published_at <= second.published_at
    assert second.revision == second.document.live_revision


def test_saving_a_draft_makes_no_version():
    """Only what is published counts: a draft is not a version readers see."""
    legal_publish(kind="privacy")
    document = LegalDocument.objects.get()
    document.title = "Draft title"
    document.save_revision()
    assert LegalDocumentVersion.objects.count() == 1


def test_a_scheduled_publication_becomes_a_version_when_it_goes_live():
    """Publishing for later records nothing until Wagtail's scheduler publishes it."""
    legal_publish(kind="terms")
    document = LegalDocument.objects.get()
    document.body = "<p>From next week.</p>"
    document.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        document.save_revision().publish()
    assert LegalDocumentVersion.objects.count() == 1

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(hours=2)),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("publish_scheduled")
    latest = LegalDocumentVersion.objects.order_by("-number").first()
    assert latest is not None
    assert latest.number == 2
    assert latest.body == "<p>From next week.</p>"


def test_the_current_policy_is_a_public_page_listing_older_versions_with_dates(client, home):
    """Readers read the current text inside the site and see every earlier version."""
    first = legal_publish(kind="privacy", title="Privacy policy")
    LegalDocumentVersion.objects.filter(pk=first.pk).update(
        published_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    )
    legal_publish(kind="privacy", title="Privacy policy", body="<p>Second text.</p>")

    response = client.get("/legal/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Privacy policy</h1>" in html
    assert "Second text." in html
    assert "Version 2, published" in html
    assert 'href="/legal/privacy/1/"' in html
    assert "2 March 2026" in html  # day first, as every date on the site
    assert 'class="site-footer"' in html
    assert "public" in response["Cache-Control"]


def test_an_older_version_is_shown_as_it_was_with_a_link_to_the_current_one(client, home):
    """Version 1 keeps its text and says it has been replaced."""
    legal_publish(kind="privacy", body="<p>First text.</p>")
    legal_publish(kind="privacy", body="<p>Second text.</p>")
    html = client.get("/legal/privacy/1/").content.decode()
    assert "First text." in html and "Second text." not in html
    assert "This version has been replaced." in html
    assert 'href="/legal/privacy/"' in html


def test_the_privacy_policy_gives_the_address_set_in_the_site_settings(client, home, settings):
    """Settings › Privacy contact decides the address under the policy; the terms have none."""
    from wagtail.models import Site

    from masthead.readers.models import PrivacyContact

    settings.DEFAULT_FROM_EMAIL = "Masthead <newsroom@example.org>"
    legal_publish(kind="privacy")
    legal_publish(kind="terms")
    assert 'href="mailto:newsroom@example.org"' in client.get("/legal/privacy/").content.decode()

    PrivacyContact.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"email": "privacy@example.org", "postal_address": "1 Quay Street\nPort Town"},
    )
    from django.core.cache import cache

    cache.clear()  # the public page is cached; the contact changed outside the policy
    privacy = client.get("/legal/privacy/").content.decode()
    assert 'href="mailto:privacy@example.org"' in privacy
    assert "1 Quay Street<br>Port Town" in privacy
    assert "mailto:" not in client.get("/legal/terms/").content.decode()


def test_unknown_documents_and_versions_are_not_found(client, home):
    """A kind that does not exist, a version that does not exist, nothing published: 404."""
    assert client.get("/legal/terms/").status_code == 404
    legal_publish(kind="terms")
    assert client.get("/legal/terms/").status_code == 200
    assert client.get("/legal/terms/7/").status_code == 404
    assert client.get("/legal/cookies/").status_code == 404


def test_the_french_edition_shows_the_french_text_or_else_the_english_one(client, home):
    """Readers of /fr/ read the translation once it is published, the original until then."""
    legal_publish(kind="privacy", title="Privacy policy")
    html = client.get("/fr/legal/privacy/").content.decode()
    assert '<h1 lang="en" dir="ltr">Privacy policy</h1>' in html
    legal_publish(
        kind="privacy",
        language="fr",
        title="Politique de confidentialité",
        body="<p>Nous gardons votre adresse.</p>",
    )
    html = client.get("/fr/legal/privacy/").content.decode()
    assert "<h1>Politique de confidentialité</h1>" in html
    assert "Nous gardons votre adresse." in html
    assert "<h1>Privacy policy</h1>" in client.get("/legal/privacy/").content.decode()


def test_the_footer_links_to_the_policy_and_the_terms_in_each_edition(client, home):
    """Every page's footer leads to both documents, in the reader's language."""
    html = client.get("/").content.decode()
    assert 'href="/legal/privacy/"' in html
    assert 'href="/legal/terms/"' in html


def test_a_new_policy_purges_the_cached_public_page(client, home):
    """Guests see a new version at once, not the page cache's copy of the old one."""
    legal_publish(kind="privacy", body="<p>First text.</p>")
    client.get("/legal/privacy/")
    assert client.get("/legal/privacy/")["X-Page-Cache"] == "hit"
    legal_publish(kind="privacy", body="<p>Second text.</p>")
    assert "Second text." in client.get("/legal/privacy/").content.decode()


def test_the_gate_follows_the_versions_in_the_default_language_only(client, home):
    """A French correction marked as needing consent does not gate: English is of record."""
    from .legal import member_create

    member = member_create()
    client.force_login(member)
    legal_publish(kind="privacy", requires_consent=False)
    legal_publish(kind="privacy", language="fr", title="Politique", requires_consent=True)
    assert client.get("/").status_code == 200


def test_a_french_reader_accepts_the_french_text_of_the_version_of_record(client, home):
    """The gate shows the translation; the acceptance points at the version of record."""
    from masthead.readers.models import LegalConsent

    from .legal import member_create

    member = member_create()
    client.force_login(member)
    english = legal_publish(kind="privacy")
    legal_publish(
        kind="privacy",
        language="fr",
        title="Politique de confidentialité",
        body="<p>Nous gardons votre adresse.</p>",
    )
    response = client.get("/fr/")
    assert response["Location"] == "/fr/account/consent/?next=%2Ffr%2F"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="fr"' in html
    assert "Nous gardons votre adresse." in html
    assert "Accepter et continuer" in html
    client.post("/fr/account/consent/", {f"accept_{english.pk}": "on"})
    assert LegalConsent.objects.get(user=member).version == english


def test_an_editor_publishes_a_version_needing_consent_from_the_admin(admin_client, home):
    """The snippet's edit form: ticking "readers must accept" and publishing gates members."""
    legal_publish(kind="privacy", requires_consent=False)
    document = LegalDocument.objects.get()
    edit_url = f"/admin/snippets/readers/legaldocument/edit/{document.pk}/"
    html = admin_client.get(edit_url).content.decode()
    assert 'name="requires_consent"' in html

    response = admin_client.post(
        edit_url,
        {
            "kind": "privacy",
            "title": "Privacy policy",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "We keep less.",'
            ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "change_summary": "We keep less.",
            "requires_consent": "on",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = LegalDocumentVersion.objects.order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.requires_consent) == (2, True)
    assert "We keep less." in latest.body


def test_the_consent_box_starts_unticked_on_the_next_edit(admin_client, home):
    """After a version needing consent, a typo fix does not ask members again by default."""
    legal_publish(kind="privacy", requires_consent=True)
    document = LegalDocument.objects.get()
    html = admin_client.get(f"/admin/snippets/readers/legaldocument/edit/{document.pk}/")
    field = html.content.decode().split('name="requires_consent"')[1].split(">")[0]
    assert "checked" not in field


def test_a_published_document_cannot_be_deleted_from_the_admin(admin_client, home):
    """Its versions prove what members accepted: the admin refuses and says to unpublish."""
    legal_publish(kind="terms")
    document = LegalDocument.objects.get()
    response = admin_client.post(
        f"/admin/snippets/readers/legaldocument/delete/{document.pk}/", follow=True
    )
    assert LegalDocument.objects.filter(pk=document.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_a_french_translation_of_a_document_is_its_own_snippet():
    """One document per kind and language, linked as translations of each other."""
    legal_publish(kind="terms")
    legal_publish(kind="terms", language="fr", title="Conditions d'utilisation")
    english, french = (
        LegalDocument.objects.get(kind="terms", locale=Locale.get_default()),
        LegalDocument.objects.get(kind="terms", locale__language_code="fr"),
    )
    assert english.translation_key == french.translation_key
    assert french.versions.get().title == "Conditions d'utilisation"


def test_the_demo_site_gets_a_privacy_policy_and_terms_in_every_editions_language(client, home):
    """`manage.py seed` publishes both documents once, each with a translation per edition."""
    from masthead.readers.legal_demo import legal_documents_demo_load

    editions = len(settings.LANGUAGES)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert legal_documents_demo_load(log=lambda *_: None) == 2 * editions
    assert legal_documents_demo_load(log=lambda *_: None) == 0
    assert "<h1>Privacy policy</h1>" in client.get("/legal/privacy/").content.decode()
    assert "<h1>Terms of use</h1>" in client.get("/legal/terms/").content.decode()
    french = client.get("/fr/legal/terms/").content.decode()
    assert "<h1>Conditions d&#x27;utilisation</h1>" in french
    assert LegalDocumentVersion.objects.filter(number=1).count() == 2 * editions
    for kind in ("privacy", "terms"):
        documents = LegalDocument.objects.filter(kind=kind)
        assert documents.count() == editions
        assert len({document.translation_key for document in documents}) == 1


# Each edition's title of the two documents, and a phrase of each text (the Chinese one runs
# across a line break of the source: no space may come between its characters).
EDITION_TEXTS = {
    "en": ("Privacy policy", "scrambled fingerprint", "Terms of use", "Debate the story"),
    "fr": (
        "Politique de confidentialité",
        "empreinte brouillée",
        "Conditions d&#x27;utilisation",
        "pas des personnes",
    ),
    "es": ("Política de privacidad", "huella codificada", "Condiciones de uso", "Debata sobre"),
    "ru": (
        "Политика конфиденциальности",
        "зашифрованный отпечаток",
        "Условия использования",
        "Обсуждайте материал, а не людей",
    ),
    "de": (
        "Datenschutzerklärung",
        "unkenntlich gemachten Fingerabdruck",
        "Nutzungsbedingungen",
        "Diskutieren Sie über den Artikel",
    ),
    "pt": (
        "Política de privacidade",
        "impressão digital codificada",
        "Termos de utilização",
        "Discuta a notícia, não as pessoas",
    ),
    "ar": ("سياسة الخصوصية", "ببصمة مشفّرة", "شروط الاستخدام", "ناقش الخبر لا الأشخاص"),
    "zh-hans": ("隐私政策", "为开设账号的读者保存哪些信息", "使用条款", "他人的私人信息"),
}


@pytest.fixture
def demo_legal_documents(home):
    from masthead.readers.legal_demo import legal_documents_demo_load

    with TestCase.captureOnCommitCallbacks(execute=True):
        legal_documents_demo_load(log=lambda *_: None)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_each_edition_reads_the_privacy_policy_and_terms_in_its_language(
    client, demo_legal_documents, language
):
    """Under the edition's prefix: the page, the title and the text all in its language."""
    privacy_title, privacy_phrase, terms_title, terms_phrase = EDITION_TEXTS[language]
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"

    privacy = client.get(f"{prefix}/legal/privacy/").content.decode()
    terms = client.get(f"{prefix}/legal/terms/").content.decode()

    for html, title, phrase in (
        (privacy, privacy_title, privacy_phrase),
        (terms, terms_title, terms_phrase),
    ):
        assert f'<html lang="{language}"' in html
        assert f"<h1>{title}</h1>" in html
        assert phrase in html
        assert ' lang="en"' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_edition_without_a_translation_shows_the_text_of_record_marked_as_english(client, home):
    """No Arabic version yet: the English one, its title and text marked `lang="en"` and `ltr`."""
    legal_publish(kind="privacy")

    html = client.get("/ar/legal/privacy/").content.decode()

    assert '<html lang="ar" dir="rtl"' in html
    assert '<h1 lang="en" dir="ltr">Privacy policy</h1>' in html
    assert '<div class="article__body legal-document__body" lang="en" dir="ltr">' in html


def test_an_editor_previews_the_next_version_in_the_site_shell(admin_client, home):
    """Wagtail's preview shows the draft as readers would read it, flagged as needing consent."""
    legal_publish(kind="privacy")
    document = LegalDocument.objects.get()
    preview_url = f"/admin/snippets/readers/legaldocument/preview/{document.pk}/"
    response = admin_client.post(
        preview_url,
        {
            "kind": "privacy",
            "title": "Privacy policy, draft",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Draft text.",'
            ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "change_summary": "Shorter.",
            "requires_consent": "on",
        },
    )
    assert response.json()["is_valid"]
    html = admin_client.get(preview_url).content.decode()
    assert "<h1>Privacy policy, draft</h1>" in html
    assert "Draft text." in html
    assert "members will be asked to accept it" in html
    assert 'class="site-footer"' in html
    assert LegalDocumentVersion.objects.count() == 1
