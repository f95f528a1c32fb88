"""Display names: normalised, validated, held to the community standards."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from masthead.readers.names import (
    display_name_moderate,
    display_name_normalise,
    display_name_validate,
)


def test_a_display_name_is_folded_and_loses_invisible_characters():
    """Full-width letters fold, zero-width and direction controls disappear, spaces squeeze."""
    assert display_name_normalise("  Ａｎａ\u200b  \u202eF ") == "Ana F"


@pytest.mark.parametrize(
    "name", ["Ana", "José María", "O'Neil", "li_wei.88", "Ханна", "सीमा", "李伟", "Ana W."]
)
def test_names_in_any_script_are_accepted(name):
    """Letters of every script, with their combining marks, are welcome."""
    display_name_validate(display_name_normalise(name))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("A", "display_name_length"),
        ("x" * 41, "display_name_length"),
        ("ana@example.org", "display_name_characters"),
        ("<script>", "display_name_characters"),
        ("_ana", "display_name_characters"),
        ("Ana W..", "display_name_characters"),
        ("Ana -.", "display_name_characters"),
        ("Moderator", "display_name_reserved"),
    ],
)
def test_unusable_names_are_refused_with_a_code(name, code):
    """Each refusal carries the code a form or an API can act on."""
    with pytest.raises(ValidationError) as refused:
        display_name_validate(display_name_normalise(name))
    assert refused.value.code == code


@pytest.mark.parametrize(
    "name",
    [
        "Shithead",  # the profanity list, held
        "Sh1t Happens",  # leetspeak undone
        "\u0405hit Happens",  # a Cyrillic letter that looks Latin
        "S.h.i.t",  # spaced-out letters
        "Shit_Head",  # one token to the lists, two words to a reader
        "Ass-Hole",  # two harmless parts, one word joined
        "Crap Master",  # a mild word the profanity rule flags
        "Faggot Fan",  # the hatred rule's slurs
        "Tranny Tom",  # a slur the hatred rule flags in comments (held in context)
        "Sale Connard",  # French, from the same lists
        "kys now",  # the threats list (insults rule)
    ],
)
@pytest.mark.django_db  # the rules include the moderators' changes, kept in the database
def test_names_the_community_standards_refuse_are_refused(name):
    """A name meets the standards a comment meets, however it is disguised."""
    with pytest.raises(ValidationError) as refused:
        display_name_moderate(display_name_normalise(name))
    assert refused.value.code == "display_name_unacceptable"


@pytest.mark.parametrize(
    "name", ["Scunthorpe United", "Cassandra Hellman", "Dickens Reader", "Wan Kim", "Bit Chen"]
)
@pytest.mark.django_db
def test_names_that_only_contain_a_listed_word_are_accepted(name):
    """Words are matched whole: a listed word inside a longer one is no offence."""
    display_name_moderate(display_name_normalise(name))
