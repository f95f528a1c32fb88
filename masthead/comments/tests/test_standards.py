"""The community standards page: one entry per standard, in the reader's edition, linkable."""

from __future__ import annotations

import pytest

from masthead.comments.demo import STANDARDS, community_standards_demo_load
from masthead.comments.models import STANDARD_CHOICES, CommunityStandard

pytestmark = pytest.mark.django_db


def test_the_demo_writes_every_standard_in_english_and_french():
    """Each standard the engine enforces, once per language; loading again adds nothing."""
    community_standards_demo_load(log=lambda _line: None)
    community_standards_demo_load(log=lambda _line: None)

    assert {code for code, *_texts in STANDARDS} == {code for code, _label in STANDARD_CHOICES}
    assert CommunityStandard.objects.filter(locale__language_code="en").count() == len(STANDARDS)
    assert CommunityStandard.objects.filter(locale__language_code="fr").count() == len(STANDARDS)


def test_the_page_lists_the_standards_with_an_anchor_each(client):
    """English page: titles, summaries and `#standard-<code>` anchors rejection messages use."""
    community_standards_demo_load(log=lambda _line: None)

    html = client.get("/comments/standards/").content.decode()

    assert "Community standards" in html
    assert 'id="standard-malware"' in html
    assert "No links to malware" in html


def test_the_french_edition_reads_them_in_french(client):
    """Under /fr/ the French texts are shown."""
    community_standards_demo_load(log=lambda _line: None)

    html = client.get("/fr/comments/standards/").content.decode()

    assert "Aucun lien malveillant" in html
    assert "No links to malware" not in html


def test_a_missing_translation_falls_back_to_english(client):
    """A standard not yet translated still appears, in English."""
    community_standards_demo_load(log=lambda _line: None)
    CommunityStandard.objects.filter(locale__language_code="fr", code="spam").delete()

    html = client.get("/fr/comments/standards/").content.decode()

    assert "No spam or get-rich-quick schemes" in html
