"""Short links: /s/<code> sends a reader to the story for good; a wrong code is a clean 404."""

from __future__ import annotations

import pytest

from masthead.news.shortlinks import (
    ALPHABET,
    ShortCodeInvalid,
    short_code_decode,
    short_code_encode,
)


@pytest.mark.parametrize("number", [0, 1, 61, 62, 3843, 123_456_789, 2**40])
def test_short_code_decodes_back_to_the_id_it_encodes(number):
    """Every id survives a round trip through its short code."""
    assert short_code_decode(short_code_encode(number)) == number


@pytest.mark.parametrize(
    "code", ["", "a", "!!", "1b" * 7, "abc/", "é1", short_code_encode(1234)[:-1] + "Z"]
)
def test_short_code_decode_refuses_codes_masthead_never_issued(code):
    """Empty, too long, foreign characters and a wrong check character are all refused."""
    with pytest.raises(ShortCodeInvalid):
        short_code_decode(code)


def test_short_code_decode_refuses_a_leading_zero_alias():
    """A zero-padded code would alias a real one; it is refused so every story has one code."""
    code = short_code_encode(77)
    digits = "0" + code[:-1]
    total = sum((index + 1) * ALPHABET.index(char) for index, char in enumerate(digits))
    padded = digits + ALPHABET[total % len(ALPHABET)]

    with pytest.raises(ShortCodeInvalid):
        short_code_decode(padded)


@pytest.mark.django_db
def test_short_link_redirects_permanently_to_the_canonical_address(client, article_factory):
    """/s/<code> answers 301 with the article's full canonical URL."""
    article = article_factory()

    response = client.get(f"/s/{article.short_code}")

    assert response.status_code == 301
    assert response["Location"] == article.full_url


@pytest.mark.django_db
def test_short_link_follows_the_story_after_its_slug_changes(client, article_factory):
    """The short link handed out yesterday still reaches the story after a new slug."""
    article = article_factory()
    code = article.short_code

    article.slug = "a-new-slug"
    article.save_revision().publish()

    assert client.get(f"/s/{code}")["Location"].endswith("/a-new-slug/")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["zz", "%00", "abc%2F", "x" * 40, "!", "🙂🙂"])
def test_broken_short_code_is_a_clean_404(client, article_factory, code):
    """A mistyped or invented code gets the friendly 404 page, never a 500."""
    article_factory()

    response = client.get(f"/s/{code}")

    assert response.status_code == 404
    assert b"<html" in response.content


@pytest.mark.django_db
def test_short_link_to_an_unpublished_story_is_a_404(client, article_factory):
    """Once a story is unpublished, its short link no longer reveals where it was."""
    article = article_factory()
    article.unpublish()

    assert client.get(f"/s/{article.short_code}").status_code == 404


@pytest.mark.django_db
def test_short_link_to_an_id_that_is_not_an_article_is_a_404(client, home):
    """A valid code for a page that is no article (the home page) leads nowhere."""
    assert client.get(f"/s/{short_code_encode(home.pk)}").status_code == 404
