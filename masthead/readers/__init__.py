"""Reader accounts on django-allauth: the user model, profile, consent, deletion and export.

Entry points: `models.User` (AUTH_USER_MODEL), `adapter.AccountAdapter` (allauth's hooks),
`services` (every write), `selectors` (reads), `middleware.StaffMfaRequiredMiddleware`.
"""
