"""Settings for Masthead: `base` (every environment), `test`, `production`.

Only this package reads the environment; every variable is listed in `.env.example`.
"""
