"""The malware blocklist: canonical URLs, and the import command for URLhaus-style files."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from masthead.moderation.blocklist import blocklist_read, url_canonical


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://Evil.Example:80/x/#top", "evil.example/x"),
        ("https://evil.example:443/", "evil.example"),
        ("http://user@198.51.100.7:5555/i", "198.51.100.7:5555/i"),
        ("evil.example/login?next=1", "evil.example/login?next=1"),
    ],
)
def test_urls_compare_in_one_canonical_form(url, canonical):
    """Scheme, case, default ports, fragments and trailing slashes do not matter."""
    assert url_canonical(url) == canonical


def test_the_import_command_reads_a_urlhaus_csv(tmp_path):
    """URLs become URL entries; bare-IP hosts are blocked whole, shared hosts are not."""
    feed = tmp_path / "urlhaus.csv"
    feed.write_text(
        "url,label,source\n"
        "http://198.51.100.7:5555/i,1,urlhaus\n"
        "https://github.com/bad/repo/raw/main/x.exe,1,urlhaus\n"
    )
    target = tmp_path / "blocklist.txt"
    call_command("moderation_blocklist_import", str(feed), output=target)
    blocklist = blocklist_read(target)
    assert blocklist.hosts == {"198.51.100.7"}
    assert blocklist.urls == {"198.51.100.7:5555/i", "github.com/bad/repo/raw/main/x.exe"}


def test_the_import_command_reads_a_hosts_file_and_appends(tmp_path):
    """'0.0.0.0 host' lines are hosts; --append keeps what was there."""
    target = tmp_path / "blocklist.txt"
    target.write_text("evil.example/x\n")
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("# feed\n0.0.0.0 phish.example\n0.0.0.0 malware.example\n")
    call_command("moderation_blocklist_import", str(hosts), output=target, append=True, hosts="all")
    blocklist = blocklist_read(target)
    assert blocklist.hosts == {"phish.example", "malware.example"}
    assert blocklist.urls == {"evil.example/x"}


def test_the_import_command_refuses_a_missing_file(tmp_path):
    """A wrong path is a clear error, and the current list is left alone."""
    with pytest.raises(CommandError, match="is not a file"):
        call_command("moderation_blocklist_import", str(tmp_path / "nope.csv"))
