"""Search: the reader's search page over articles (Wagtail search: SQLite FTS or PostgreSQL)."""
