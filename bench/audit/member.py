"""Give a seeded demo member a fresh password for the audit's member pages; print `email password`.

Run with the audit's settings (bench/audit.sh sets them), after `manage.py seed`. Demo members
have no password (masthead/comments/demo/__init__.py): this sets a random one, in the audit's own
throwaway database only, and records that the member accepted the current privacy policy and
terms, as they did when they signed up, so the consent page does not stand in the way.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from masthead.comments.demo import DEMO_MEMBERS, demo_member_email
    from masthead.readers.selectors.consent import legal_versions_of_record
    from masthead.readers.services.consent import legal_consent_give

    email = demo_member_email(DEMO_MEMBERS[0][1])
    member = get_user_model().objects.filter(email=email).first()
    if member is None:
        sys.exit(f"audit: no demo member {email}; did the seed load the demo discussion?")
    password = secrets.token_urlsafe(18)
    member.set_password(password)
    member.save(update_fields=["password"])
    legal_consent_give(user=member, versions=legal_versions_of_record())
    print(email, password)


if __name__ == "__main__":
    main()
