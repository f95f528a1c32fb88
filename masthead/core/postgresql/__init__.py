"""Django's PostgreSQL backend, riding out a database restart (see `base`)."""
