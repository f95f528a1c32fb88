"""Masthead: a self-hostable news publishing platform (one Django app per domain noun)."""
