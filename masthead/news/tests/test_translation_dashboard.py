"""The translation dashboard: each story's state in each edition, from wagtail-localize's records
and the pages' publication, filtered by section and edition, in a fixed number of queries."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.news import selectors
from masthead.news.models import SectionPage
from masthead.news.tests.editions import edition_article, edition_copy_publish, edition_locale
from masthead.news.tests.test_editions import read_page
from masthead.news.tests.translation_workflow import (
    segment_translate,
    translation_of,
    translation_publish,
    translation_submit,
    translations_sync_publish,
)

pytestmark = pytest.mark.django_db


class _Dashboard(HTMLParser):
    """The table's cells: {story id: {edition: (state, link)}}, and its column headers."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[int, dict[str, tuple[str, str]]] = {}
        self.columns: list[str] = []
        self._story: int | None = None
        self._cell: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "th" and found.get("data-edition"):
            self.columns.append(str(found["data-edition"]))
        elif tag == "tr" and found.get("data-story"):
            self._story = int(str(found["data-story"]))
            self.cells[self._story] = {}
        elif tag == "td" and found.get("data-edition") and self._story is not None:
            self._cell = (str(found["data-edition"]), str(found["data-state"]))
        elif tag == "a" and self._cell is not None and self._story is not None:
            edition, state = self._cell
            self.cells[self._story][edition] = (state, str(found["href"]))
            self._cell = None


def dashboard(client, **filters) -> _Dashboard:
    response = client.get("/admin/translations/", filters)
    assert response.status_code == 200
    parsed = _Dashboard()
    parsed.feed(response.content.decode())
    return parsed


def states(client, story, **filters) -> dict[str, str]:
    return {
        edition: state
        for edition, (state, _link) in dashboard(client, **filters).cells[story.pk].items()
    }


def translated_and_published(client, article, languages, capture) -> dict:
    """`article` translated into `languages` through the admin, a headline each, published."""
    translation_submit(client, article, languages)
    versions = {}
    for language in languages:
        translation = translation_of(article, language)
        segment_translate(client, translation, path="title", text=f"{article.title} ({language})")
        versions[language] = translation_publish(client, translation, capture)
    return versions


def test_a_story_translated_into_two_editions_links_them_both_ways_and_goes_out_of_date(
    client, admin_client, article_factory, django_capture_on_commit_callbacks
):
    """Acceptance 2: switcher and hreflang both ways; out of date after the source changes,
    up to date once the translations are synced and published."""
    article = article_factory(title="Harbour reopens")
    versions = translated_and_published(
        admin_client, article, ["fr", "ru"], django_capture_on_commit_callbacks
    )
    every = {"en": article, **versions}
    expected = {code: page.full_url for code, page in every.items()}
    expected["x-default"] = article.full_url

    for language, version in every.items():
        page = read_page(client, version.url)
        assert page.alternates == expected, language
        for other, other_version in every.items():
            if other != language:
                assert page.switcher[other] == other_version.url, (language, other)
    # Editions not opened yet (no locale) have no column.
    assert states(admin_client, article) == {
        "en": "original",
        "fr": "published",
        "ru": "published",
    }

    article.lede = "Ships returned on Monday; the ferries on Tuesday."
    article.save_revision().publish()

    after_change = states(admin_client, article)
    assert (after_change["fr"], after_change["ru"]) == ("out_of_date", "out_of_date")

    translations_sync_publish(admin_client, article, django_capture_on_commit_callbacks)

    after_sync = states(admin_client, article)
    assert (after_sync["fr"], after_sync["ru"]) == ("published", "published")


def test_each_cell_says_where_the_story_stands_and_leads_to_its_screen(
    admin_client, article_factory, django_capture_on_commit_callbacks
):
    """Published, in progress (a draft), untranslated (to the Translate form), original."""
    article = article_factory(title="Bridge closes")
    translation_submit(admin_client, article, ["fr", "ru"])
    french = translation_publish(
        admin_client, translation_of(article, "fr"), django_capture_on_commit_callbacks
    )
    russian = translation_of(article, "ru").get_target_instance()
    edition_locale("de")

    cells = dashboard(admin_client).cells[article.pk]

    assert cells["en"] == ("original", f"/admin/pages/{article.pk}/edit/")
    assert cells["fr"] == ("published", f"/admin/pages/{french.pk}/edit/")
    assert cells["ru"] == ("in_progress", f"/admin/pages/{russian.pk}/edit/")
    assert cells["de"] == (
        "untranslated",
        f"/admin/localize/submit/page/{article.pk}/?select_locale=de",
    )


def test_a_translation_edited_by_hand_is_out_of_date_until_republished_after_the_source(
    admin_client, article_factory
):
    """Without wagtail-localize (the page editor, or the demo's copies) publication times tell."""
    article = article_factory(title="Ferry strike")
    french = edition_article(article, language="fr", title="Grève des ferries")
    assert states(admin_client, article)["fr"] == "published"

    article.save_revision().publish()
    assert states(admin_client, article)["fr"] == "out_of_date"

    french.save_revision().publish()
    assert states(admin_client, article)["fr"] == "published"

    french.title = "Grève des ferries : le point"
    french.save_revision()
    assert states(admin_client, article)["fr"] == "in_progress"


def test_editions_own_stories_have_a_row_and_the_filters_narrow_the_table(
    admin_client, home, section, article_factory
):
    """An edition's own story is a row; section and edition filters keep what concerns them."""
    business = SectionPage(title="Business", slug="business")
    home.add_child(instance=business)
    business.save_revision().publish()
    in_asia = article_factory(title="Port expands")
    in_business = article_factory(title="Coffee prices", parent=business)
    french_business = edition_copy_publish(business, "fr")
    own = article_factory(title="Only in French", parent=french_business)
    russian_only = edition_article(
        article_factory(title="Soon gone"), language="ru", title="Только по-русски"
    )
    russian_only.get_translations().delete()

    every = dashboard(admin_client)
    assert {in_asia.pk, in_business.pk, own.pk, russian_only.pk} <= set(every.cells)
    assert every.cells[own.pk]["fr"][0] == "original"
    assert every.cells[own.pk]["en"][0] == "untranslated"
    assert every.columns == ["en", "fr", "ru"]

    by_section = dashboard(admin_client, section=business.pk)
    assert set(by_section.cells) == {in_business.pk, own.pk}

    french = dashboard(admin_client, edition="fr")
    assert french.columns == ["fr"]
    assert {in_asia.pk, in_business.pk, own.pk} <= set(french.cells)
    assert russian_only.pk not in french.cells


def test_the_dashboard_reads_in_the_same_number_of_queries_whatever_the_stories(
    admin_client, article_factory
):
    """One story or six, translated or not: the same count of queries for the page."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.story_translations()
        return len(captured)

    first = article_factory()
    edition_article(first, language="fr", title="Premier")
    few = queries()
    for number in range(5):
        story = article_factory()
        edition_article(story, language="ru", title=f"История {number}")
    translation_submit(admin_client, article_factory(), ["de", "pt"])

    assert queries() == few <= 7
    with CaptureQueriesContext(connection) as first_page:
        admin_client.get("/admin/translations/")
    with CaptureQueriesContext(connection) as second_page:
        admin_client.get("/admin/translations/", {"edition": "ru"})
    assert len(first_page) == len(second_page)


def test_editors_see_it_in_the_menu_and_others_in_the_admin_do_not(client):
    """Wagtail's Editors may submit translations (wagtail-localize's permission): they see it."""
    from django.contrib.auth.models import Group, Permission

    from conftest import totp_enable
    from masthead.readers.tests.personas import reader_create

    editors = Group.objects.get(name="Editors")
    editor = reader_create(email="eve.lind@example.org", display_name="Eve")
    editor.groups.add(editors)
    totp_enable(editor)
    client.force_login(editor)

    assert "/admin/translations/" in client.get("/admin/").content.decode()
    assert client.get("/admin/translations/").status_code == 200

    editors.permissions.remove(Permission.objects.get(codename="submit_translation"))
    assert "/admin/translations/" not in client.get("/admin/").content.decode()
    refused = client.get("/admin/translations/")
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission"


def test_segments_translated_in_the_editor_but_not_published_are_in_progress(
    admin_client, article_factory, django_capture_on_commit_callbacks
):
    """wagtail-localize saves each segment as it is typed: unpublished work shows."""
    article = article_factory(title="Tram line opens")
    translation_submit(admin_client, article, ["fr"])
    french = translation_of(article, "fr")
    translation_publish(admin_client, french, django_capture_on_commit_callbacks)
    assert states(admin_client, article)["fr"] == "published"

    segment_translate(admin_client, french, path="lede", text="Les premiers trams ont roulé.")
    assert states(admin_client, article)["fr"] == "in_progress"

    translation_publish(admin_client, french, django_capture_on_commit_callbacks)
    assert states(admin_client, article)["fr"] == "published"


@pytest.mark.parametrize(
    ("extracted", "synced", "expected"),
    [
        (2, 3, "published"),  # the source published at 1, synced at 2, written at 3
        (2, 0.9, "out_of_date"),  # synced at 2, but the page not written since 0.9
        (0.5, 3, "out_of_date"),  # written at 3 from an extraction older than the source
    ],
)
def test_a_localized_translation_reflects_the_earlier_of_its_sync_and_its_last_write(
    extracted, synced, expected
):
    """Publishing without syncing, or syncing without publishing, leaves it out of date."""
    import datetime

    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    def at(hours: float) -> datetime.datetime:
        return start + datetime.timedelta(hours=hours)

    state = selectors.translation_state(
        source_published_at=at(1),
        page={"live": True, "has_unpublished_changes": False, "last_published_at": at(3)},
        translation={
            "enabled": True,
            "source_updated_at": at(extracted),
            "last_synced_at": at(synced),
            "translated_at": None,
        },
    )

    assert state == expected
