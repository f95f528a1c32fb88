"""The operator's lists of link domains: trusted (never counts against a comment) and blocked.

Moderators keep them in the admin (Community › Standards: link domains, `models.LinkDomain`,
written by `services.link_domain_save` and `link_domain_remove`); every process reads them with
the other overrides when it (re)builds its rules (`settings_store.Overrides.domains`) and hands
them to the rules that read links (`Rule.reads_link_domains`): the malware rule rejects or holds
a link to a blocked domain, and a link to a trusted one is left out of the malware heuristics,
the commercial rule's link count and the spam rule's "way to act". An entry covers its
subdomains: "gov.uk" trusts "www.ons.gov.uk". Plain data, no database: rules stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocklist import url_host
from .reasons import Verdict

_MAX_LABELS = 12


def domain_normalise(text: str) -> str:
    """The domain an operator typed, as entries are kept: "HTTPS://www.Example.com/x" →
    "www.example.com" (IDNA for non-ASCII names); "" when it is not a domain name."""
    host = url_host(text.strip())
    if not host or "." not in host or host.startswith(".") or ".." in host:
        return ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    labels = host.split(".")
    if len(labels) > _MAX_LABELS or not all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels
    ):
        return ""
    return host


@dataclass(frozen=True)
class DomainLists:
    """Trusted domains, and blocked ones with the verdict each asks for (hold or reject)."""

    trusted: frozenset[str] = frozenset()
    blocked: tuple[tuple[str, Verdict], ...] = ()
    _blocked: dict[str, Verdict] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._blocked.update(self.blocked)

    def __bool__(self) -> bool:
        return bool(self.trusted or self.blocked)

    def is_trusted(self, link: str) -> bool:
        return _covered(url_host(link), self.trusted) is not None

    def blocked_verdict(self, link: str) -> tuple[str, Verdict] | None:
        """(the entry, its verdict) when `link` goes to a blocked domain or its subdomain."""
        entry = _covered(url_host(link), self._blocked)
        return (entry, self._blocked[entry]) if entry is not None else None


NO_DOMAINS = DomainLists()


def _covered(host: str, entries: frozenset[str] | dict[str, Verdict]) -> str | None:
    """The entry among `entries` that is `host` or one of its parent domains."""
    if not entries or not host:
        return None
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in entries:
            return candidate
    return None
