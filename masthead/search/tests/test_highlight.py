"""Highlighting marks the searched words and escapes everything else."""

from __future__ import annotations

from masthead.search.highlight import highlight, query_terms


def test_query_terms_keeps_distinct_words_of_two_letters_or_more():
    """Punctuation, single letters and repeats are dropped from the terms."""
    assert query_terms('"Harbour" & a harbour, <port>!') == ["harbour", "port"]


def test_highlight_marks_words_starting_with_a_term_in_any_case():
    """ "harb" marks Harbour and harbours, whole words only from their start."""
    marked = highlight("Harbour reopens; harbours busy; subharbour", ["harb"])

    assert marked == "<mark>Harbour</mark> reopens; <mark>harbours</mark> busy; subharbour"


def test_highlight_escapes_markup_in_the_text():
    """Markup in a headline is printed as text."""
    assert highlight("<script>x</script> port", ["port"]) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>port</mark>"
    )


def test_highlight_never_marks_inside_an_entity():
    """Searching "lt" or "amp" cannot break the escaped "<" or "&"."""
    assert highlight("a < b & lt", ["lt", "amp"]) == "a &lt; b &amp; <mark>lt</mark>"


def test_highlight_without_terms_only_escapes():
    """No terms: the text comes back escaped and unmarked."""
    assert highlight("Tom & Jerry", []) == "Tom &amp; Jerry"


def test_highlight_marks_a_chinese_term_inside_a_run_of_characters():
    """Han terms are marked where they stand, the longest first, with no word boundaries."""
    assert highlight("北京市议会选举", ["选举"]) == "北京市议会<mark>选举</mark>"
    assert highlight("市议会选举", ["议会", "市议会选举"]) == "<mark>市议会选举</mark>"
