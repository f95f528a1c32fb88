"""Short codes for articles: the page id in base 62 with a check character.

Stable for the article's life (ids never change), needs no table, and a mistyped code is
refused by its check character instead of landing on the wrong story.
"""

from __future__ import annotations

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
BASE = len(ALPHABET)


class ShortCodeInvalid(ValueError):
    """The code is not one Masthead issued."""


def _check_character(digits: str) -> str:
    total = sum((index + 1) * ALPHABET.index(char) for index, char in enumerate(digits))
    return ALPHABET[total % BASE]


def short_code_encode(number: int) -> str:
    if number < 0:
        raise ValueError("short codes encode non-negative ids")
    digits = ""
    while True:
        number, remainder = divmod(number, BASE)
        digits = ALPHABET[remainder] + digits
        if number == 0:
            break
    return digits + _check_character(digits)


def short_code_decode(code: str) -> int:
    if not 2 <= len(code) <= 12 or any(char not in ALPHABET for char in code):
        raise ShortCodeInvalid(code)
    digits, check = code[:-1], code[-1]
    if _check_character(digits) != check or (len(digits) > 1 and digits[0] == "0"):
        raise ShortCodeInvalid(code)
    number = 0
    for char in digits:
        number = number * BASE + ALPHABET.index(char)
    return number
