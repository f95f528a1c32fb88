"""Every write about readers: sign-up details, profile changes.

Services assume valid input (forms validate) and run in the caller's transaction.
"""

from __future__ import annotations

from ..models import User


def reader_signup_complete(*, user: User, display_name: str) -> User:
    """Store what Masthead asks at sign-up beyond allauth's fields."""
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user
