"""Community standards › Link domains in the admin: trusted and blocked domains.

Each change is posted as a moderator would, committed and logged; the next comment is judged by
the rebuilt rules.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.moderation.models import LinkDomain, LinkDomainKind
from masthead.moderation.pipeline import submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.readers.tests.personas import reader_create

from .conftest import make_submission

pytestmark = pytest.mark.django_db

RULES = "masthead.moderation.rules"


@pytest.fixture(autouse=True)
def rules(settings):
    settings.MASTHEAD_MODERATION_ADMIN_OVERRIDES = True
    settings.MASTHEAD_MODERATION_RULES = [
        {"NAME": f"{RULES}.malware.MalwareRule"},
        {"NAME": f"{RULES}.commercial.CommercialRule"},
    ]


@pytest.fixture
def moderator_mo(db):
    from conftest import totp_enable

    mo = reader_create(email="mo.haddad@example.org", display_name="Mo Haddad")
    mo.groups.add(Group.objects.get(name="Moderators"))
    totp_enable(mo)
    return mo


@pytest.fixture
def post(client, moderator_mo, django_capture_on_commit_callbacks):
    """Post to the domains page (or its remove action) as the moderator, committing."""
    client.force_login(moderator_mo)

    def send(data: dict[str, str], url: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url or reverse("moderation_domains"), data)

    return send


def judged(text: str):
    return submission_moderate(make_submission(text))


def test_a_blocked_domain_rejects_a_link_to_it_and_to_its_subdomains(post):
    """'Block: reject' on a domain: links there (any subdomain, any path) are rejected."""
    comment = "Read the real story at https://news.fake-daily.example/2024/x now"
    assert judged(comment).verdict is Verdict.PASS

    response = post({"domain": "https://FAKE-DAILY.example/about", "kind": "reject"})

    assert response.status_code == 302
    assert LinkDomain.objects.get().domain == "fake-daily.example"
    decision = judged(comment)
    assert (decision.verdict, decision.reasons) == (Verdict.REJECT, (ReasonCode.MALWARE,))
    assert decision.hits[0].evidence.details["blocked_domains"] == ["fake-daily.example"]


def test_a_trusted_domain_never_counts_against_a_comment(post):
    """A trusted domain's links are left out of the malware heuristics and the link count."""
    links = " ".join(f"https://www.ons.gov.uk/table{n}" for n in range(4))
    assert judged(f"All four tables: {links}").verdict is Verdict.HOLD  # more than 2 links

    post({"domain": "gov.uk", "kind": "trusted", "note": "UK government sites"})

    assert judged(f"All four tables: {links}").verdict is Verdict.PASS


def test_removing_a_domain_puts_its_links_back_to_the_ordinary_checks(post):
    """Off the lists: a link there is judged like any other again."""
    post({"domain": "fake-daily.example", "kind": "reject"})
    assert judged("see https://fake-daily.example/x").verdict is Verdict.REJECT

    post({"domain": "fake-daily.example"}, reverse("moderation_domain_remove"))

    assert not LinkDomain.objects.exists()
    assert judged("see https://fake-daily.example/x").verdict is Verdict.PASS


@pytest.mark.parametrize("domain", ["not a domain", "localhost", "http://", "exa mple.com"])
def test_a_bad_domain_is_refused_with_a_message_and_kept_in_the_form(post, domain):
    """The form says what is wrong and keeps what was typed; nothing is stored."""
    response = post({"domain": domain, "kind": "trusted"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not a domain name" in html
    assert not LinkDomain.objects.exists()


def test_each_change_is_logged_and_shown(post, client, moderator_mo):
    """Who changed which domain from which list to which, newest first, removals too."""
    post({"domain": "fake-daily.example", "kind": "hold"})
    post({"domain": "fake-daily.example", "kind": "reject"})
    post({"domain": "fake-daily.example"}, reverse("moderation_domain_remove"))

    entries = ModelLogEntry.objects.filter(action="moderation.domain_change").order_by("pk")
    assert [(e.data["before"], e.data["after"]) for e in entries] == [
        ("", LinkDomainKind.HOLD),
        (LinkDomainKind.HOLD, LinkDomainKind.REJECT),
        (LinkDomainKind.REJECT, ""),
    ]
    assert {e.user for e in entries} == {moderator_mo}
    html = client.get(reverse("moderation_domains")).content.decode()
    assert "Link domain fake-daily.example" in html


def test_a_reader_without_the_permission_gets_a_403(client):
    """Only holders of moderation.change_linkdomain get in."""
    from conftest import totp_enable

    staff = reader_create(email="ed@example.org", display_name="Ed")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get_or_create(name="Editors")[0])
    totp_enable(staff)
    client.force_login(staff)

    response = client.post(reverse("moderation_domains"), {"domain": "x.example", "kind": "reject"})

    assert response.status_code in (302, 403)
    assert not LinkDomain.objects.exists()
