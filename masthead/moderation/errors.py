"""The moderation services' domain errors, each with a stable code and a message for the admin.

Views catch `ModerationError` and show `message`; tests match on `code`. The forms refuse bad
input before a service is called; these are the invariants the services keep whatever calls
them.
"""

from __future__ import annotations

import enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ModerationErrorCode(enum.StrEnum):
    NOT_ALLOWED = "not_allowed"
    UNKNOWN_RULE = "unknown_rule"
    RULE_LOCKED = "rule_locked"
    REJECT_NOT_ALLOWED = "reject_not_allowed"
    UNKNOWN_OPTION = "unknown_option"
    UNKNOWN_LIST = "unknown_list"
    EMPTY_ENTRY = "empty_entry"
    NOT_SHIPPED = "not_shipped"
    NOT_CHANGED = "not_changed"
    NOT_A_DOMAIN = "not_a_domain"
    UNKNOWN_DOMAIN = "unknown_domain"


MESSAGES: dict[ModerationErrorCode, str | Promise] = {
    ModerationErrorCode.NOT_ALLOWED: _("You are not allowed to change the community standards."),
    ModerationErrorCode.UNKNOWN_RULE: _("There is no such rule in this site's settings."),
    ModerationErrorCode.RULE_LOCKED: _(
        "This rule is pinned in the settings file: only the site's operator can change it."
    ),
    ModerationErrorCode.REJECT_NOT_ALLOWED: _(
        "This rule may not reject: its measured precision is below 0.95. Choose hold or flag."
    ),
    ModerationErrorCode.UNKNOWN_OPTION: _("This rule has no such option."),
    ModerationErrorCode.UNKNOWN_LIST: _("There is no such list of watched words."),
    ModerationErrorCode.EMPTY_ENTRY: _("An entry needs at least one letter or digit."),
    ModerationErrorCode.NOT_SHIPPED: _("Only an entry of the shipped list can be switched off."),
    ModerationErrorCode.NOT_CHANGED: _("The moderators have not changed this entry."),
    ModerationErrorCode.NOT_A_DOMAIN: _(
        "This is not a domain name: write it as it appears in a link, for example ons.gov.uk."
    ),
    ModerationErrorCode.UNKNOWN_DOMAIN: _("This domain is not on the lists."),
}


class ModerationError(Exception):
    def __init__(self, code: ModerationErrorCode, message: str | Promise | None = None) -> None:
        self.code = code
        self.message = message if message is not None else MESSAGES[code]
        super().__init__(f"{code}: {self.message}")
