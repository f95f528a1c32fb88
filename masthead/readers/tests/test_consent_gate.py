"""The consent gate: members accept a new version before going on, guests pay nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.readers.consent_gate import ConsentGateMiddleware
from masthead.readers.models import LegalConsent

from .legal import legal_publish, member_create

pytestmark = pytest.mark.django_db

GATE = "/account/consent/"


@pytest.fixture
def member(client):
    user = member_create()
    client.force_login(user)
    return user


def accept(client, version, *, next_url="/"):
    return client.post(GATE, {f"accept_{version.pk}": "on", "next": next_url})


def test_a_member_is_sent_to_the_consent_page_after_a_new_policy_is_published(client, member, home):
    """A version that needs consent sends the member to the gate, remembering where to."""
    legal_publish(kind="privacy", change_summary="We now keep log-ins for 90 days.")
    response = client.get("/world/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/account/consent/?next=%2Fworld%2F%3Fpage%3D2"

    html = client.get(response["Location"]).content.decode()
    assert "Please review the changes" in html
    assert "We now keep log-ins for 90 days." in html
    assert "We keep your e-mail address to let you log in." in html
    assert 'type="checkbox"' in html


def test_ticking_the_box_records_the_acceptance_and_goes_on_to_the_page_asked_for(
    client, member, home
):
    """The acceptance row holds the member, the version and the time, nothing more."""
    version = legal_publish(kind="privacy")
    before = timezone.now()
    response = accept(client, version, next_url="/world/")
    assert response.status_code == 302
    assert response["Location"] == "/world/"

    consent = LegalConsent.objects.get()
    assert (consent.user, consent.version) == (member, version)
    assert before <= consent.accepted_at <= timezone.now()
    fields = {field.name for field in LegalConsent._meta.concrete_fields}
    assert fields == {"id", "user", "version", "accepted_at"}
    assert client.get("/").status_code == 200


def test_not_ticking_the_box_keeps_the_member_at_the_gate_with_a_clear_error(client, member, home):
    """Refusing records nothing and the next page still leads back to the gate."""
    version = legal_publish(kind="privacy")
    response = client.post(GATE, {"next": "/world/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to accept the new privacy policy" in html
    assert 'aria-invalid="true"' in html
    assert 'name="next" value="/world/"' in html
    assert not LegalConsent.objects.exists()
    assert client.get("/").status_code == 302
    assert accept(client, version).status_code == 302


def test_an_old_acceptance_does_not_satisfy_a_new_version(client, member, home):
    """Accepting version 1 is not accepting version 2 when version 2 needs consent."""
    first = legal_publish(kind="privacy")
    accept(client, first)
    assert client.get("/").status_code == 200

    second = legal_publish(kind="privacy", body="<p>We also keep your time zone.</p>")
    assert second.number == 2
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(GATE)
    accept(client, second)
    assert client.get("/").status_code == 200
    assert LegalConsent.objects.filter(user=member).count() == 2


def test_a_version_that_needs_no_consent_does_not_gate(client, member, home):
    """A correction published without the box ticked lets members through."""
    first = legal_publish(kind="privacy")
    accept(client, first)
    correction = legal_publish(kind="privacy", body="<p>Typo fixed.</p>", requires_consent=False)
    assert correction.number == 2
    assert client.get("/").status_code == 200


def test_a_first_version_that_needs_no_consent_does_not_gate_anyone(client, member, home):
    """Without any version marked as needing consent there is no gate at all."""
    legal_publish(kind="terms", requires_consent=False)
    assert client.get("/").status_code == 200


def test_accepting_a_later_version_satisfies_an_earlier_binding_one(client, member, home):
    """A member who accepted version 2 (at sign-up, say) is not asked about version 1."""
    legal_publish(kind="privacy")
    later = legal_publish(kind="privacy", requires_consent=False)
    LegalConsent.objects.create(user=member, version=later, accepted_at=timezone.now())
    assert client.get("/").status_code == 200


def test_each_pending_document_has_its_own_box(client, member, home):
    """Terms and policy changed together: both boxes must be ticked."""
    privacy = legal_publish(kind="privacy")
    terms = legal_publish(kind="terms")
    response = client.post(GATE, {f"accept_{privacy.pk}": "on", "next": "/"})
    assert "Tick the box to accept the new terms of use" in response.content.decode()
    assert not LegalConsent.objects.exists()
    response = client.post(GATE, {f"accept_{privacy.pk}": "on", f"accept_{terms.pk}": "on"})
    assert response.status_code == 302
    assert LegalConsent.objects.filter(user=member).count() == 2


def test_a_form_opened_before_a_newer_version_cannot_accept_it_unseen(client, member, home):
    """Ticking the box for version 1 does not accept version 2 published meanwhile."""
    first = legal_publish(kind="privacy")
    legal_publish(kind="privacy", body="<p>Newer text.</p>")
    response = accept(client, first)
    assert response.status_code == 200
    assert "Newer text." in response.content.decode()
    assert not LegalConsent.objects.exists()


def test_the_gate_asks_once_per_session_then_reads_no_consent_table(client, member, home):
    """After the first check the session remembers it: no consent query on later pages."""
    version = legal_publish(kind="privacy")
    accept(client, version)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "readers_legal" in q["sql"]]


def test_a_new_session_finds_an_earlier_acceptance_in_the_database(client, member, home):
    """Logging in again on another device does not ask again."""
    version = legal_publish(kind="privacy")
    accept(client, version)
    client.logout()
    client.force_login(member)
    assert client.get("/").status_code == 200


def test_a_guest_request_never_reaches_the_gates_checks(rf: RequestFactory, home):
    """Without a session cookie the gate returns before reading the user, session or cache."""
    legal_publish(kind="privacy")
    request = rf.get("/")  # no `user`, no `session`: touching either would raise
    gate = ConsentGateMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    with CaptureQueriesContext(connection) as queries:
        assert gate.process_view(request, lambda request: None, (), {}) is None
    assert queries.captured_queries == []


def test_a_guest_is_served_from_the_page_cache_while_a_version_is_pending(client, home):
    """Guests browse as before: the anonymous page cache still answers."""
    legal_publish(kind="privacy")
    client.get("/")
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "path",
    [
        "/account/consent/",
        "/legal/privacy/",
        "/fr/legal/privacy/",
        "/account/delete/",
        "/account/confirm-email/",
        "/account/reauthenticate/",
        "/static/css/site.css",
        "/media/avatars/none.jpg",
    ],
)
def test_pages_a_member_needs_to_decide_stay_open_at_the_gate(client, member, home, path):
    """The consent page, the documents, deletion, e-mail confirmation and files are not gated."""
    legal_publish(kind="privacy")
    response = client.get(path)
    assert not response.get("Location", "").startswith(GATE)


def test_log_out_and_the_restore_link_are_not_gated(client, member, home):
    """Logging out works at the gate; a restore link is never answered with the gate."""
    legal_publish(kind="privacy")
    response = client.get("/account/restore/not-a-real-token/")
    assert not response.get("Location", "").startswith(GATE)
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert not response["Location"].startswith(GATE)
    assert "_auth_user_id" not in client.session


def test_the_consent_page_offers_deletion_and_log_out(client, member, home):
    """From the gate a member may delete the account or log out instead."""
    legal_publish(kind="privacy")
    html = client.get(GATE).content.decode()
    assert 'href="/account/delete/"' in html
    assert 'action="/account/logout/"' in html


def test_the_consent_page_never_sends_the_member_back_to_itself_or_away(client, member, home):
    """A `next` pointing at the gate or at another site becomes the front page."""
    version = legal_publish(kind="privacy")
    response = client.post(GATE, {f"accept_{version.pk}": "on", "next": GATE})
    assert response["Location"] == "/"
    client.get("/")
    response = client.get(GATE + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_htmx_request_gets_a_403_that_takes_the_page_to_the_gate(client, member, home):
    """htmx cannot show a redirected page in place: a 403 and HX-Redirect instead."""
    legal_publish(kind="privacy")
    response = client.get("/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["HX-Redirect"] == GATE
    assert "privacy policy have changed" in response.content.decode()


def test_a_json_request_gets_a_403_that_says_why(client, member, home):
    """API-like calls are told, in JSON, where to accept the new version."""
    legal_publish(kind="privacy")
    response = client.post("/", HTTP_ACCEPT="application/json", HTTP_SEC_FETCH_MODE="cors")
    assert response.status_code == 403
    assert response.json() == {
        "error": "consent_required",
        "message": response.json()["message"],
        "consent_url": GATE,
    }


def test_a_form_posted_from_a_page_goes_to_the_gate_and_back_to_that_page(client, member, home):
    """A browser form sent while a version is pending: the gate, then the page it came from."""
    legal_publish(kind="privacy")
    response = client.post(
        "/world/", HTTP_REFERER="http://testserver/world/", HTTP_SEC_FETCH_MODE="navigate"
    )
    assert response.status_code == 303
    assert response["Location"] == "/account/consent/?next=http%3A%2F%2Ftestserver%2Fworld%2F"


def test_the_admin_is_not_gated(admin_client, home):
    """Editors publish the documents in the admin: it stays open to them."""
    legal_publish(kind="privacy")
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/").status_code == 302


def test_unpublishing_the_document_lifts_the_gate(client, member, home):
    """A withdrawn document asks nothing of anyone."""
    from django.test import TestCase

    version = legal_publish(kind="privacy")
    assert client.get("/").status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        version.document.unpublish()
    assert client.get("/").status_code == 200


def test_purging_an_account_removes_its_consents(client, member, home):
    """Consents go with the account: nothing about the member is left."""
    version = legal_publish(kind="privacy")
    accept(client, version)
    member.delete()
    assert not LegalConsent.objects.exists()
    assert version.__class__.objects.filter(pk=version.pk).exists()


def test_the_personal_data_archive_lists_the_members_consents(client, member, home):
    """The export's "consents" section says which version was accepted and when."""
    import io
    import json
    import zipfile

    from masthead.readers.export import personal_data_archive

    version = legal_publish(kind="privacy")
    accept(client, version)
    archive = zipfile.ZipFile(io.BytesIO(personal_data_archive(user=member)))
    [entry] = json.loads(archive.read("personal-data.json"))["sections"]["consents"]
    assert (entry["document"], entry["version"], entry["language"]) == ("privacy", 1, "en")
    assert entry["accepted_at"].startswith(str(timezone.now().year))
