"""The article add form's fields as the admin posts them, for tests that go through the admin."""

from __future__ import annotations


def article_form_data(
    *, title: str, slug: str, lede: str, author_id: int | None, **extra: str
) -> dict[str, str]:
    """The add form of an article with one byline (or none), no body block and no related link."""
    data = {
        "title": title,
        "slug": slug,
        "lede": lede,
        "body-count": "0",
        "bylines-TOTAL_FORMS": "1" if author_id else "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "related-TOTAL_FORMS": "0",
        "related-INITIAL_FORMS": "0",
        "related-MIN_NUM_FORMS": "0",
        "related-MAX_NUM_FORMS": "1000",
    }
    if author_id:
        data |= {
            "bylines-0-author": str(author_id),
            "bylines-0-ORDER": "1",
            "bylines-0-id": "",
            "bylines-0-DELETE": "",
        }
    return data | extra
