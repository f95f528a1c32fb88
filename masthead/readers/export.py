"""A reader's personal data as one archive: a registry of sections any app can add to.

Why a registry: the comments and push apps (and the consent records) hold personal data the
readers app knows nothing about. Each app describes its own part in an `export.py` module of
its own, found when the first archive is built (Masthead's apps, like Django's admin finds
`admin.py`), so adding a section edits nothing here::

    from masthead.readers.export import ExportFile, SectionExport, personal_data_section

    @personal_data_section("comments", title=_("Your comments"), order=50)
    def comments(user):
        return [{"article": c.article.url, "posted_at": c.posted_at, "body": c.body}
                for c in user.comments.all()]

A section returns JSON-serialisable data (dates and decimals are fine), or a `SectionExport`
when it has files to add (the avatar does). Entry points: `personal_data_section` (the
decorator), `personal_data_sections` (the registered sections, in order) and
`personal_data_archive` (the zip: `personal-data.json`, `README.txt`, `files/…`).
The view is `views.profile.personal_data_export`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User

ARCHIVE_FORMAT = "masthead-personal-data/1"
DISCOVERED_MODULE = "export"


@dataclass(frozen=True)
class ExportFile:
    """A file in the archive, stored under `files/<section>/<name>`."""

    name: str
    content: bytes


@dataclass
class SectionExport:
    data: Any
    files: list[ExportFile] = field(default_factory=list)


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    title: str | Promise
    collect: Callable[[User], Any]
    order: int = 100


_sections: dict[str, PersonalDataSection] = {}
_discovered = False


def personal_data_section(
    name: str, *, title: str | Promise, order: int = 100
) -> Callable[[Callable[[User], Any]], Callable[[User], Any]]:
    """Register `collect(user)` as the archive's section `name` (a JSON key: keep it stable)."""

    def register(collect: Callable[[User], Any]) -> Callable[[User], Any]:
        _sections[name] = PersonalDataSection(name=name, title=title, collect=collect, order=order)
        return collect

    return register


def personal_data_sections() -> list[PersonalDataSection]:
    """Every registered section, in order, after importing each Masthead app's `export.py`."""
    _discover()
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    for config in apps.get_app_configs():
        if config.name.startswith("masthead.") and module_has_submodule(
            config.module, DISCOVERED_MODULE
        ):
            import_module(f"{config.name}.{DISCOVERED_MODULE}")
    _discovered = True


def personal_data_archive(*, user: User) -> bytes:
    """The whole archive for `user`, built in memory (a reader's data is small)."""
    now = timezone.now()
    sections = personal_data_sections()
    document: dict[str, Any] = {
        "format": ARCHIVE_FORMAT,
        "site": settings.WAGTAIL_SITE_NAME,
        "exported_at": now,
        "sections": {},
    }
    files: list[tuple[str, bytes]] = []
    for section in sections:
        result = section.collect(user)
        if isinstance(result, SectionExport):
            document["sections"][section.name] = result.data
            files += [(f"files/{section.name}/{f.name}", f.content) for f in result.files]
        else:
            document["sections"][section.name] = result
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr("README.txt", _readme(user=user, sections=sections, files=files))
        for path, content in files:
            archive.writestr(path, content)
    return buffer.getvalue()


def _readme(
    *, user: User, sections: list[PersonalDataSection], files: list[tuple[str, bytes]]
) -> str:
    with translation.override(user.language or translation.get_language()):
        lines = [
            gettext("Your personal data on %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
            "",
            gettext(
                "personal-data.json holds everything the site keeps about you, one section each:"
            ),
        ]
        lines += [f"- {section.name}: {section.title}" for section in sections]
        if files:
            lines += ["", gettext("Files:")] + [f"- {path}" for path, _content in files]
    return "\n".join(lines) + "\n"


# --- The readers app's own sections ----------------------------------------------------------


@personal_data_section("profile", title=_("Your profile"), order=10)
def profile_section(user: User) -> SectionExport:
    files = []
    avatar_name = ""
    if user.avatar.name:  # what `if user.avatar` tests
        avatar_name = user.avatar.name.rsplit("/", 1)[-1]
        with user.avatar.open("rb") as avatar:
            files.append(ExportFile(name=avatar_name, content=avatar.read()))
    data = {
        "display_name": user.display_name,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "avatar": f"files/profile/{avatar_name}" if avatar_name else None,
        "joined_at": user.date_joined,
        "last_login_at": user.last_login,
        "username": user.get_username(),
    }
    return SectionExport(data=data, files=files)


@personal_data_section("email_addresses", title=_("Your e-mail addresses"), order=20)
def email_addresses_section(user: User) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


@personal_data_section("login_history", title=_("Your log-ins of the last 90 days"), order=30)
def login_history_section(user: User) -> list[dict[str, Any]]:
    from .selectors.lifecycle import login_history

    return [
        {
            "at": record.at,
            "ip_address": record.ip_address,
            "browser": record.user_agent,
            "method": record.method,
        }
        for record in login_history(user)
    ]


@personal_data_section("sessions", title=_("Where you are logged in"), order=40)
def sessions_section(user: User) -> list[dict[str, Any]]:
    from allauth.usersessions.models import UserSession

    return [
        {
            "ip_address": session.ip,
            "browser": session.user_agent,
            "started_at": session.created_at,
            "last_seen_at": session.last_seen_at,
        }
        for session in UserSession.objects.filter(user=user).order_by("created_at")
    ]


@personal_data_section("social_accounts", title=_("Connected accounts"), order=50)
def social_accounts_section(user: User) -> list[dict[str, Any]]:
    from allauth.socialaccount.models import SocialAccount

    # What the provider told the site about you; the access tokens are secrets and stay out.
    return [
        {
            "provider": account.provider,
            "uid": account.uid,
            "connected_at": account.date_joined,
            "last_login_at": account.last_login,
            "data": account.extra_data,
        }
        for account in SocialAccount.objects.filter(user=user).order_by("date_joined")
    ]


@personal_data_section("two_factor", title=_("Two-factor authentication"), order=60)
def two_factor_section(user: User) -> list[dict[str, Any]]:
    from allauth.mfa.models import Authenticator

    # Which second factors you set up and when; their secrets stay out of the archive.
    return [
        {"type": item.type, "created_at": item.created_at, "last_used_at": item.last_used_at}
        for item in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


@personal_data_section(
    "consents", title=_("Your acceptances of the terms and the privacy policy"), order=70
)
def consents_section(user: User) -> list[dict[str, Any]]:
    from .selectors.consent import consent_export

    return consent_export(user=user)
