"""The normaliser: disguises undone for matching, the original kept for evidence."""

from __future__ import annotations

import pytest

from masthead.moderation.text import text_normalise


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Sh1t happens", "shit happens"),
        ("@ss", "ass"),
        ("ѕhit", "shit"),  # Cyrillic dze and Latin letters mixed in one word
        ("ｆｕｃｋ", "fuck"),  # full-width letters
        ("𝐟𝐮𝐜𝐤", "fuck"),  # mathematical bold letters
        ("f\u200bu\u200dck", "fuck"),  # zero-width space and joiner
        ("\u202ekcuf\u202c off", "fuck off"),  # right-to-left override: shown reversed
        ("fuuuuuck", "fuck"),
        ("Crème brûlée", "creme brulee"),
    ],
)
def test_disguised_spellings_fold_to_plain_letters(written, folded):
    """Look-alikes, leetspeak, invisible characters and repeated letters fold away."""
    assert text_normalise(written).folded == folded


def test_a_word_written_wholly_in_another_script_is_left_alone():
    """Russian stays Russian: only words mixing scripts, or made of look-alikes only, fold."""
    assert text_normalise("Спасибо за статью").folded == "спасибо за статью"


def test_numbers_without_letters_are_not_read_as_leetspeak():
    """'2024' and '100' stay numbers; only words that also hold letters are undone."""
    assert text_normalise("In 2024, 100 ships").folded == "in 2024, 100 ships"


def test_spaced_out_letters_are_joined_in_the_squeezed_form():
    """'f u c k' and 'f.u.c.k' become one word where rules look for hidden words."""
    assert "fuck" in text_normalise("you f u c k").squeezed.split()
    assert "fuck" in text_normalise("f.u.c.k off").squeezed.split()


def test_a_match_in_the_folded_text_points_back_to_the_original():
    """Evidence quotes what the author wrote, not the folded form."""
    text = text_normalise("Well, \u200bѕh1t!")
    start = text.folded.index("shit")
    assert text.original_text(start, start + 4) == "ѕh1t"


def test_an_empty_text_folds_to_nothing():
    """Nothing in, nothing out, and no error."""
    text = text_normalise("")
    assert (text.folded, text.squeezed, text.words) == ("", "", ())


def test_mostly_plain_text_with_a_few_other_characters_maps_every_letter_back():
    """ASCII runs go through whole beside folded characters: each folded letter still points
    at the character the author wrote, and controls vanish or become spaces."""
    written = "Caf\u00e9\tok \U0001f642 \u0455h1t\u200b!\x07 Ｆｉｎｅ"
    text = text_normalise(written)
    assert text.folded == "cafe ok \U0001f642 shit! fine"
    assert len(text.origin) == len(text.folded)
    for folded_word, as_written in [
        ("cafe", "Caf\u00e9"),
        ("shit", "\u0455h1t"),
        ("fine", "Ｆｉｎｅ"),
    ]:
        start = text.folded.index(folded_word)
        assert text.original_text(start, start + len(folded_word)) == as_written


def test_the_squeezed_text_is_normalised_once_for_every_rule():
    """Rules that read spaced-out letters share one normalised form (long comments paid for it
    once per rule); none when there is nothing to join."""
    text = text_normalise("you are a piece of s-h-i-t")
    assert text.squeezed_normalised is text.squeezed_normalised
    assert text.squeezed_normalised is not None
    assert "shit" in text.squeezed_normalised.words
    assert text_normalise("nothing spaced out here").squeezed_normalised is None
