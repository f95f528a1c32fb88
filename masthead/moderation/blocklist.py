"""The malware blocklist: links to viruses, malware and phishing, as the operator imports them.

A plain text file (path: `MASTHEAD_MODERATION_BLOCKLIST`), one entry per line: a URL (anything
with a "/") is matched whole, a bare host blocks every link to it. Entries and links are
compared in one canonical form (`url_canonical`: no scheme, lower case, no default port, no
fragment, no trailing slash or punctuation), so "HTTP://Evil.example:80/x/" matches
"evil.example/x".
`manage.py moderation_blocklist_import` writes the file from a URLhaus CSV dump, a plain list or
a hosts file; nothing is ever fetched at run time.

Why full URLs and not domains: URLhaus lists hundreds of files on github.com and
raw.githubusercontent.com; blocking their hosts would block GitHub. Only hosts that are bare IP
addresses (botnet droppers) are blocked wholesale by default.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}


def url_canonical(url: str) -> str:
    """'HTTP://Evil.example:80/x/#top' → 'evil.example/x'."""
    text = url.strip().strip("<>\"'")
    scheme = "http"
    match = _SCHEME.match(text)
    if match:
        scheme = match.group()[:-3].lower()
        text = text[match.end() :]
    text = text.split("#", 1)[0]
    host_part, slash, rest = text.partition("/")
    host_part = host_part.rsplit("@", 1)[-1].lower().rstrip(".")
    host, colon, port = host_part.partition(":")
    if colon and port == _DEFAULT_PORTS.get(scheme):
        host_part = host
    canonical = host_part + (slash + rest if rest else "")
    # Trailing separators carry no meaning and are lost when a link ends a sentence.
    return canonical.rstrip("/?&.,;:!").lower()


def url_host(url: str) -> str:
    return url_canonical(url).split("/", 1)[0].split(":", 1)[0]


def host_is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass
class Blocklist:
    urls: set[str] = field(default_factory=set)
    hosts: set[str] = field(default_factory=set)
    mtime: float = 0.0

    def __len__(self) -> int:
        return len(self.urls) + len(self.hosts)

    def match(self, link: str) -> str | None:
        """The entry that blocks `link`, or None."""
        canonical = url_canonical(link)
        if canonical in self.urls:
            return canonical
        without_query = canonical.split("?", 1)[0]
        if without_query in self.urls:
            return without_query
        host = canonical.split("/", 1)[0]
        if host in self.hosts:
            return host
        bare_host = host.split(":", 1)[0]
        if bare_host in self.hosts:
            return bare_host
        return None

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> Blocklist:
        blocklist = cls()
        for raw in entries:
            entry = raw.split("#", 1)[0].strip()
            if not entry:
                continue
            canonical = url_canonical(entry)
            if "/" in canonical:
                blocklist.urls.add(canonical)
            elif canonical:
                blocklist.hosts.add(canonical)
        return blocklist


def blocklist_read(path: Path) -> Blocklist:
    """The blocklist in `path`; an absent file is an empty list (nothing imported yet)."""
    if not path.exists():
        return Blocklist()
    with open(path, encoding="utf-8") as f:
        blocklist = Blocklist.from_entries(f)
    blocklist.mtime = path.stat().st_mtime
    return blocklist


def blocklist_entries_from_urls(urls: Iterable[str], *, host_entries: str = "ip") -> list[str]:
    """Blocklist lines for malicious `urls`: each URL, plus its host when `host_entries` says.

    `host_entries`: "ip" blocks hosts that are bare IP addresses (default), "none" only URLs,
    "all" every host (only for feeds that list dedicated malicious domains).
    """
    lines: set[str] = set()
    for url in urls:
        canonical = url_canonical(url)
        if not canonical:
            continue
        lines.add(canonical)
        host = canonical.split("/", 1)[0].split(":", 1)[0]
        if host_entries == "all" or (host_entries == "ip" and host_is_ip(host)):
            lines.add(host)
    return sorted(lines)


def blocklist_write(path: Path, lines: Iterable[str], *, header: str = "") -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = sorted(set(lines))
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        if header:
            f.write("".join(f"# {line}\n" for line in header.splitlines()))
        f.write("".join(f"{line}\n" for line in entries))
    temporary.replace(path)  # atomic: a worker never reads half a list
    return len(entries)
