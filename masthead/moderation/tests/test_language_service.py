"""The language service: one process holds the language models, the workers ask it.

Run as bin/serve runs it: `manage.py language_service` in a process of its own, on a Unix
socket. The worker side (this test process) must judge exactly as it would with the models
loaded here, load none of them itself, find the service again after it restarted, and hold a
comment (never publish it unjudged, never lose it) while the service is down.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from masthead.moderation.classifiers import language
from masthead.moderation.classifiers.language import (
    language_judge,
    language_judge_here,
    language_models_prepare,
)
from masthead.moderation.classifiers.language_service import (
    LanguageServiceClient,
    LanguageServiceUnavailable,
    language_service_serve,
)
from masthead.moderation.pipeline import ConfiguredRule, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.language import LanguageRule

from .conftest import TEST_LANGUAGES, make_submission

ROOT = Path(__file__).resolve().parents[3]
TEXTS = [
    "Le port a rouvert lundi et les bateaux sont revenus, c'est une bonne nouvelle.",
    "The port reopened on Monday and the boats came back, which is good news.",
    "El puerto volvió a abrir el lunes y los barcos de pesca regresaron a casa",
    "Boas tardes a todos, como estades hoxe? Moitas grazas pola noticia.",
    "Это очень интересная статья о порте и рыбаках",
    "Це дуже цікава стаття про порт і рибалок, дякую",
    "这是一个很好的新闻报道",
    "Der Hafen wurde am Montag wieder geöffnet",
]


def service_start(address: str) -> subprocess.Popen[bytes]:
    """`manage.py language_service` as bin/serve starts it; returns once it listens."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "language_service", "--socket", address],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not Path(address).exists():
        if process.poll() is not None:
            assert process.stderr is not None
            raise RuntimeError(f"the language service ended: {process.stderr.read().decode()}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the language service never listened")
        time.sleep(0.1)
    return process


def service_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    # A short path: a Unix socket's must fit in 108 bytes.
    directory = tempfile.mkdtemp(prefix="mh-ls-")
    yield str(Path(directory) / "language.sock")


@pytest.fixture(scope="module")
def service(address: str) -> Iterator[subprocess.Popen[bytes]]:
    process = service_start(address)
    yield process
    service_stop(process)


@pytest.fixture
def through_service(settings, address: str, service) -> Iterator[str]:
    settings.MASTHEAD_LANGUAGE_SERVICE = address
    language._client_for.cache_clear()
    yield address
    language._client_for.cache_clear()


def loaded_here() -> tuple[int, int]:
    """How many lingua detectors and n-gram models this process holds."""
    return (
        language._detector_load.cache_info().currsize,
        language.ngram_model_load.cache_info().currsize,
    )


def test_the_service_judges_as_the_worker_would_and_the_worker_loads_nothing(through_service):
    """Every guess (language, confidences, script) is the one made here; nothing is loaded here."""
    language._detector_load.cache_clear()
    language.ngram_model_load.cache_clear()

    stand_ins = language_models_prepare(TEST_LANGUAGES)
    remote = [language_judge(text, languages=TEST_LANGUAGES) for text in TEXTS]
    assert loaded_here() == (0, 0)

    assert stand_ins == ["gl"]
    local = [language_judge_here(text, languages=TEST_LANGUAGES) for text in TEXTS]
    for there, here in zip(remote, local, strict=True):
        assert (there.language, there.script) == (here.language, here.script)
        # The same figures, in the same order, to the last bits' rounding.
        assert list(there.confidences) == list(here.confidences)
        assert there.confidences == pytest.approx(here.confidences, rel=1e-9, abs=1e-15)
        assert there.lingua == pytest.approx(here.lingua, rel=1e-9, abs=1e-15)
    assert [guess.language for guess in remote] == ["fr", "en", "es", "gl", "ru", "uk", "zh", "de"]


def test_the_language_rule_holds_another_language_through_the_service(through_service):
    """The rule as the pipeline runs it: a French comment under an English article is held."""
    rule = LanguageRule(languages=TEST_LANGUAGES)
    decision = submission_moderate(
        make_submission(TEXTS[0]), rules=[ConfiguredRule(rule=rule, action=Verdict.REJECT)]
    )
    assert rule.stand_ins == frozenset({"gl"})
    assert (decision.verdict, decision.reasons) == (Verdict.HOLD, (ReasonCode.LANGUAGE,))


def test_a_worker_finds_the_service_again_after_it_was_restarted(settings, address):
    """Killed (out of memory, a crash) and started again: the worker's next comment is judged,
    on a new connection, without an error."""
    process = service_start(address)
    try:
        settings.MASTHEAD_LANGUAGE_SERVICE = address
        language._client_for.cache_clear()
        assert language_judge(TEXTS[1], languages=TEST_LANGUAGES).language == "en"
        process.kill()
        process.wait()
        # What the supervisor does: start it again (the killed one left its socket behind).
        assert Path(address).exists()
        process = service_start(address)
        assert language_judge(TEXTS[0], languages=TEST_LANGUAGES).language == "fr"
    finally:
        service_stop(process)
        language._client_for.cache_clear()


def test_a_comment_is_held_while_the_service_is_down(settings, tmp_path):
    """No service at the socket: the comment is held for a moderator with the failure
    recorded, its text kept; not published unjudged."""
    settings.MASTHEAD_LANGUAGE_SERVICE = str(tmp_path / "nobody.sock")
    language._client_for.cache_clear()
    language_service_client = language.language_service_client()
    assert language_service_client is not None
    language_service_client.connect_wait = 0.3
    try:
        rule = LanguageRule(languages=TEST_LANGUAGES)
        rule.is_prepared = True  # prepared earlier, as in a worker that has been running
        submission = make_submission(TEXTS[0])
        decision = submission_moderate(
            submission, rules=[ConfiguredRule(rule=rule, action=Verdict.REJECT)]
        )
    finally:
        language._client_for.cache_clear()
    assert decision.verdict is Verdict.HOLD
    assert decision.reasons == (ReasonCode.CHECK_FAILED,)
    assert "LanguageServiceUnavailable" in decision.failures[0].error
    assert submission.text == TEXTS[0]


def test_after_waiting_in_vain_the_next_callers_do_not_wait(tmp_path):
    """With the service down, one caller waits for it; the next few seconds' callers fail at
    once instead of each waiting in turn (a queue of comments behind a dead service)."""
    client = LanguageServiceClient(str(tmp_path / "nobody.sock"), connect_wait=1.0)
    started = time.monotonic()
    with pytest.raises(LanguageServiceUnavailable):
        client.call("ping", {})
    assert time.monotonic() - started >= 1.0
    started = time.monotonic()
    with pytest.raises(LanguageServiceUnavailable):
        client.call("ping", {})
    assert time.monotonic() - started < 0.5


def test_a_second_service_refuses_the_socket_of_a_live_one(address, service):
    """Two services on one socket would leave the workers talking to either: refused."""
    with pytest.raises(RuntimeError, match="already answers"):
        language_service_serve(address, {})


def test_the_socket_is_for_this_user_only(address, service):
    assert Path(address).stat().st_mode & 0o777 == 0o600


def test_an_unknown_operation_is_an_error_not_a_hang(address, service):
    client = LanguageServiceClient(address)
    with pytest.raises(Exception, match="no operation 'unknown'"):
        client.call("unknown", {})
    assert client.call("ping", {}) == service.pid
