"""One push alert fanned out to 10,000 and 100,000 subscriptions on the local push-service double.

Usage: `nice -n 5 python bench/push_fanout.py [10000 100000 ...]` or `... --kill 20000` (the
worker is killed with SIGKILL a third of the way through and a new one resumes the alert; the
double then says how many endpoints got a push twice, how many second copies replaced the first
by their Topic, and whether it holds the alert exactly once for every browser) (SQLite under
$MASTHEAD_VAR_DIR, default /tmp/push-bench-var; set DATABASE_URL for PostgreSQL). For each
audience size, in fresh processes: the subscriptions are inserted, then a worker runs the
real fan-out (`services.push_alert_fan_out`) against the double, which runs in its own process
on 127.0.0.1, checks every request's VAPID header and counts pushes per endpoint, and decrypts
one push in 50 (decrypting all would spend half of the machine's two cores on the double's
side). The worker prints, from the same run: pushes per second of the fan-out and the CPU
seconds it spent; the rate of payload encryption plus VAPID header alone (one thread, the
sender's, same payloads, no HTTP, no database), measured just before and just after the
fan-out and averaged, and the ratio of the two; and its peak resident memory above its
baseline after start-up (the URLconf loaded, as in a worker that has run a task before). The
last column is the CPU the double spent meanwhile on the same two cores.
`BENCH_PUSH_CONCURRENCY` and `BENCH_PUSH_CHUNK` override the two settings for a trial.
"""

# ruff: noqa: E501 - the child programs below are strings run by `python -c`
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("MASTHEAD_VAR_DIR", "/tmp/push-bench-var"))

DOUBLE = r"""
import json, sys, time
from masthead.push.tests.push_service import PushServiceDouble, subscriber_new
double = PushServiceDouble(shared_subscriber=subscriber_new("shared"), decrypt_every=50).start_event_loop()
print(json.dumps({"origin": double.origin, "p256dh": double.shared_subscriber.p256dh,
                  "auth": __import__("base64").urlsafe_b64encode(double.shared_subscriber.auth).rstrip(b"=").decode()}), flush=True)
for line in sys.stdin:
    counts = list(double.counts.values())
    print(json.dumps({"pushes": sum(counts), "endpoints": len(counts),
                      "duplicates": sum(1 for c in counts if c > 1), "decrypted": len(double.received),
                      "refused": len(double.refused), "held": len(double.held), "replaced": double.replaced,
                      "titles": sorted({r.payload["title"] for r in double.received})}), flush=True)
"""

POPULATE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from masthead.push.models import PushSubscription, PushTopic
from masthead.push.vapid import vapid_key_current
origin, p256dh, auth, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
PushTopic.objects.all().delete(); PushSubscription.objects.all().delete()
key = vapid_key_current()
for start in range(0, count, 5000):
    rows = PushSubscription.objects.bulk_create([
        PushSubscription(endpoint=f"{origin}/push/n{count}-{n}", p256dh=p256dh, auth=auth, language="en",
                         vapid_key=key)
        for n in range(start, min(count, start + 5000))])
    PushTopic.objects.bulk_create([PushTopic(subscription=row, name="breaking") for row in rows])
if connection.vendor == "postgresql":
    # What autovacuum does after a bulk change; without it the planner reads this run's
    # audience through the last run's dead rows and stale estimates.
    with connection.cursor() as cursor:
        for table in ("push_pushsubscription", "push_pushtopic", "push_pushdelivery"):
            cursor.execute(f"VACUUM ANALYZE {table}")
print(PushSubscription.objects.count())
"""

WORKER = r"""
import json, os, resource, sys, time
import django
django.setup()
if os.environ.get("BENCH_PUSH_CONCURRENCY"):
    from django.conf import settings
    settings.MASTHEAD_PUSH_CONCURRENCY = int(os.environ["BENCH_PUSH_CONCURRENCY"])
if os.environ.get("BENCH_PUSH_CHUNK"):
    from django.conf import settings
    settings.MASTHEAD_PUSH_CHUNK_SIZE = int(os.environ["BENCH_PUSH_CHUNK"])
from masthead.push.encryption import payload_encrypt
from masthead.push import app_settings, services
from masthead.push.models import PushAlert, PushSubscription
from masthead.push.vapid import VapidSigner, vapid_key_current
# A task worker loads the URLconf once, on its first task that reverses a URL (0.4 s here);
# load it before the clock, so that the figure is the fan-out's and not the process start's.
from django.urls import get_resolver
get_resolver().url_patterns
alert = PushAlert.objects.create(title="Harbour closes after storm", text="Ferries are cancelled until Monday.",
    url="https://news.example/harbour/", language="en", topics=["breaking"], urgency="high")
# Encryption and VAPID alone, as the sender does them (one thread, the sender's), same payload
# builder, no HTTP and no database: before and after the fan-out, so that a slower or faster
# moment of the machine weighs on both sides of the ratio.
sample = list(PushSubscription.objects.select_related("vapid_key")[:2000])
sender = services._Sender(alert)
signer = VapidSigner(); key = vapid_key_current()
def encrypt_rate():
    t = time.perf_counter()
    for subscription in sample:
        payload_encrypt(sender.payload(subscription.pk), p256dh=subscription.p256dh, auth=subscription.auth)
        signer.authorization(key, subscription.endpoint)
    return len(sample) / (time.perf_counter() - t)
rate_before = encrypt_rate()
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu_started = time.perf_counter(), time.process_time()
sent = services.push_alert_fan_out(alert_id=alert.pk)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rate_after = encrypt_rate()
single_rate = (rate_before + rate_after) / 2
sender.close()
print(json.dumps({"elapsed": elapsed, "accepted": sent.accepted_count, "sent": sent.sent_count,
    "failed": sent.failed_count, "rate": sent.accepted_count / elapsed, "cpu": cpu,
    "encrypt_single": single_rate, "encrypt_before": rate_before, "encrypt_after": rate_after, "peak_mb": (peak - baseline) / 1024, "baseline_mb": baseline / 1024}))
"""


RESUME = r"""
import json
import django
django.setup()
from masthead.push import services
from masthead.push.models import PushAlert
alert = PushAlert.objects.latest("pk")
PushAlert.objects.filter(pk=alert.pk).update(lease_until=None)  # the dead worker's lease ran out
sent = services.push_alert_fan_out(alert_id=alert.pk)
print(json.dumps({"accepted": sent.accepted_count, "resent": sent.resent_count,
                  "sent": sent.sent_count, "state": sent.state}))
"""


def kill_and_resume(
    python: str, env: dict[str, str], double: subprocess.Popen[str], size: int
) -> None:
    """SIGKILL the worker a third of the way through, start another, count what the double got."""
    assert double.stdin is not None and double.stdout is not None

    stdin, stdout = double.stdin, double.stdout

    def double_state() -> dict[str, Any]:
        stdin.write("state\n")
        stdin.flush()
        state: dict[str, Any] = json.loads(stdout.readline())
        return state

    before = double_state()
    worker = subprocess.Popen([python, "-c", WORKER], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    while int(double_state()["pushes"]) - int(before["pushes"]) < size // 3:
        time.sleep(0.05)
    worker.kill()
    worker.wait()
    killed_at = int(double_state()["pushes"]) - int(before["pushes"])
    resumed = subprocess.run(
        [python, "-c", RESUME], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    after = double_state()
    print(f"killed after {killed_at} pushes; resumed: {result}")
    held = int(after["held"]) - int(before["held"])
    print(
        f"double: {int(after['pushes']) - int(before['pushes'])} pushes to "
        f"{int(after['endpoints']) - int(before['endpoints'])} endpoints, "
        f"{int(after['duplicates']) - int(before['duplicates'])} endpoints got it twice and "
        f"{int(after['replaced']) - int(before['replaced'])} second copies replaced the first "
        f"(Topic); held for the browsers: {held} of {size}, each once: {held == size}"
    )


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a process (the double shares the machine's cores)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(sizes: list[int], kill: bool = False) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        MASTHEAD_VAR_DIR=str(VAR),
        PYTHONPATH=str(ROOT),
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{VAR}/push-bench.sqlite3")
    env.setdefault("SECRET_KEY", "push-bench")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    double = subprocess.Popen(
        [python, "-c", DOUBLE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert double.stdin is not None and double.stdout is not None
    info = json.loads(double.stdout.readline())
    rows = []
    try:
        if kill:
            subprocess.run(
                [
                    python,
                    "-c",
                    POPULATE,
                    info["origin"],
                    info["p256dh"],
                    info["auth"],
                    str(sizes[0]),
                ],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            kill_and_resume(python, env, double, sizes[0])
            return
        for size in sizes:
            subprocess.run(
                [python, "-c", POPULATE, info["origin"], info["p256dh"], info["auth"], str(size)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            double.stdin.write("before\n")
            double.stdin.flush()
            before = json.loads(double.stdout.readline())
            double_cpu_before = process_cpu_seconds(double.pid)
            worker = subprocess.run(
                [python, "-c", WORKER],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(worker.stdout.strip().splitlines()[-1])
            double.stdin.write("after\n")
            double.stdin.flush()
            after = json.loads(double.stdout.readline())
            result["double_cpu"] = process_cpu_seconds(double.pid) - double_cpu_before
            result["double_pushes"] = after["pushes"] - before["pushes"]
            result["duplicates"] = after["duplicates"]
            result["decrypted_ok"] = after["titles"] == ["Harbour closes after storm"]
            rows.append((size, result))
    finally:
        double.kill()
    print(
        f"{'audience':>9} {'pushes/s':>9} {'worker CPU s':>12} {'enc+VAPID/s':>12} {'(before/after)':>15} "
        f"{'ratio':>6} {'peak MB':>8} {'double got':>10} {'dupes':>6} {'decrypt ok':>10} "
        f"{'double CPU s':>12}"
    )
    for size, r in rows:
        print(
            f"{size:>9} {r['rate']:>9.0f} {r['cpu']:>12.1f} {r['encrypt_single']:>12.0f} "
            f"{r['encrypt_before']:>7.0f}/{r['encrypt_after']:<7.0f} "
            f"{r['encrypt_single'] / r['rate']:>6.2f} {r['peak_mb']:>8.1f} {r['double_pushes']:>10} "
            f"{r['duplicates']:>6} {r['decrypted_ok']!s:>10} {r['double_cpu']:>12.1f}"
        )


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if arg != "--kill"]
    main([int(arg) for arg in arguments] or [10_000, 100_000], kill="--kill" in sys.argv)
    shutil.rmtree(VAR / "cache", ignore_errors=True)
