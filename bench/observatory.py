"""Score a page's response headers the way Mozilla's HTTP Observatory does, on a miss and a hit.

Usage:
    python bench/observatory.py https://news.example.org/ [--http-url http://…] [--insecure]
    python bench/observatory.py http://127.0.0.1:8110/ --forwarded-proto https

The page is fetched twice (the first answer renders it and fills the in-app page cache, the
second comes from it: `X-Page-Cache` says which) and each answer is scored. `--forwarded-proto
https` stands in for the TLS proxy when scoring gunicorn directly: the page is asked for with
`X-Forwarded-Proto: https` (as nginx sends it) and the plain-HTTP request without it.

The rules are the Observatory's (`@mdn/mdn-http-observatory` 1.4.8, `src/analyzer/tests/` and
`src/grader/charts.js`), ported for the tests that apply to one page: CSP, cookies, CORS,
redirection, Referrer-Policy, HSTS, SRI, X-Content-Type-Options, X-Frame-Options and CORP.
Scoring starts at 100; penalties always count, bonuses only when the score without them is at
least 90; A+ is 100 and above. The HSTS preload list is taken as empty (as in a local scan), so
`hsts-preloaded` never applies. Cross-check: `npx mdn-http-observatory-scan HOST:PORT`.
"""

from __future__ import annotations

import argparse
import http.client
import ssl
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

MODIFIERS = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    "csp-implemented-but-duplicate-directives": 0,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "corp-header-invalid": -5,
    "corp-implemented-with-cross-origin": 0,
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-not-implemented": 0,
}
GRADES = [
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
    (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
]  # fmt: skip
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_768_000
HTML_TYPES = {"text/html", "application/xhtml+xml"}
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"


@dataclass
class Answer:
    """One HTTP response: status, headers (lower-cased names, every value kept), body."""

    url: str
    status: int
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""

    def first(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return self.headers.get(name.lower(), [])


def fetch(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None, insecure: bool = False
) -> Answer:
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.netloc, timeout=30, context=context
        )
    else:
        connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        **(headers or {}),
    }
    connection.request(method, path, headers=request_headers)
    response = connection.getresponse()
    collected: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        collected.setdefault(name.lower(), []).append(value)
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return Answer(url=url, status=response.status, headers=collected, body=body)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))


# --- The tests -----------------------------------------------------------------------------------


def parse_csp(values: list[str]) -> dict[str, set[str]] | None:
    """The policy's directives (first occurrence wins, as in browsers); None if invalid."""
    policy: dict[str, set[str]] = {}
    for value in values:
        for part in value.split(";"):
            tokens = part.strip().split()
            if not tokens:
                continue
            name = tokens[0].lower()
            if name in policy:
                continue
            policy[name] = {
                token if token.startswith("'") else token.lower() for token in tokens[1:]
            }
    return policy or None


def csp_test(page: Answer, scheme: str) -> tuple[str, dict[str, set[str]]]:
    values = page.all("Content-Security-Policy")
    csp = parse_csp(values) if values else None
    if not csp:
        if page.first("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled", {}
        return "csp-not-implemented", {}
    default = csp.get("default-src")
    object_src = set(csp.get("object-src") or default or {"*"})
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(s.startswith(NONCES_HASHES) for s in sources):
            sources.discard("'unsafe-inline'")
    result = None
    if any(s.startswith(NONCES_HASHES) for s in script_src) and "'strict-dynamic'" in script_src:
        script_src = {
            s
            for s in script_src
            if not (any(s.startswith(b) for b in BROAD) or s in {"'self'", "'unsafe-inline'"})
        }
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"
    active = [
        s for d, v in csp.items() if d not in {"img-src", "media-src", "script-src"} for s in v
    ]
    active += list(script_src)
    passive = [s for d in ("img-src", "media-src") for s in (csp.get(d) or default or set())]
    if script_src & (BROAD | UNSAFE_INLINE) or object_src & BROAD:
        result = result or "csp-implemented-with-unsafe-inline"
    if scheme == "https" and any(s.startswith(("http:", "ftp:")) for s in active):
        result = result or "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script_src | style_src:
        result = result or "csp-implemented-with-unsafe-eval"
    if scheme == "https" and any(s.startswith(("http:", "ftp:")) for s in passive):
        result = result or "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style_src & (BROAD | UNSAFE_INLINE):
        result = result or "csp-implemented-with-unsafe-inline-in-style-src-only"
    if default == {"'none'"}:
        result = result or "csp-implemented-with-no-unsafe-default-src-none"
    return result or "csp-implemented-with-no-unsafe", csp


def hsts_test(https_page: Answer | None) -> str:
    if https_page is None:
        return "hsts-not-implemented-no-https"
    values = https_page.all("Strict-Transport-Security")
    if not values:
        return "hsts-not-implemented"
    header = values[0][:1024]
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (p.strip().lower() for p in header.split(";")):
        if parameter.startswith("max-age="):
            try:
                max_age = int(parameter[8:128].strip('"'))
            except ValueError:
                return "hsts-header-invalid"
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


COOKIE_ORDER = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def _worse(new: str, current: str | None) -> str:
    if current is None or COOKIE_ORDER.index(new) > COOKIE_ORDER.index(current):
        return new
    return current


def cookies_test(page: Answer, hsts_passes: bool) -> str:
    result: str | None = None
    raw = page.all("Set-Cookie")
    for line in raw:
        for part in line.split(";"):
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "samesite" and value.strip().lower() not in {
                "lax",
                "strict",
                "none",
            }:
                result = _worse("cookies-samesite-flag-invalid", result)
    if not raw:
        return "cookies-not-found"
    missing_same_site = False
    for line in raw:
        jar: SimpleCookie = SimpleCookie()
        jar.load(line)
        for key, morsel in jar.items():
            secure, http_only, same_site = (
                bool(morsel["secure"]),
                bool(morsel["httponly"]),
                morsel["samesite"],
            )
            session = any(word in key.lower() for word in ("login", "sess"))
            if not secure and str(same_site).lower() == "none":
                result = _worse("cookies-samesite-flag-invalid", result)
            if not secure:
                result = _worse(
                    "cookies-without-secure-flag-but-protected-by-hsts"
                    if hsts_passes
                    else "cookies-without-secure-flag",
                    result,
                )
            if "csrf" in key.lower() and not same_site:
                result = _worse("cookies-anticsrf-without-samesite-flag", result)
            if session and not secure:
                result = _worse(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts_passes
                    else "cookies-session-without-secure-flag",
                    result,
                )
            if session and not http_only:
                result = _worse("cookies-session-without-httponly-flag", result)
            missing_same_site = missing_same_site or not same_site
    if result:
        return result
    if missing_same_site:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def cors_test(preflight: Answer | None) -> str:
    if preflight is None or not preflight.first("Access-Control-Allow-Origin"):
        return "cross-origin-resource-sharing-not-implemented"
    allowed = (preflight.first("Access-Control-Allow-Origin") or "").strip().lower()
    credentials = (preflight.first("Access-Control-Allow-Credentials") or "").strip().lower()
    if allowed == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    if allowed == CORS_ORIGIN and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_test(route: list[str] | None) -> str:
    if route is None:
        return "redirection-not-needed-no-http"
    if len(route) == 1:
        return "redirection-missing"
    first, second, last = urlsplit(route[0]), urlsplit(route[1]), urlsplit(route[-1])
    if last.scheme != "https":
        return "redirection-not-to-https"
    if second.scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if first.hostname != second.hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_test(page: Answer) -> str:
    good = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
    bad = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
    values = page.all("Referrer-Policy")
    if not values:
        return "referrer-policy-not-implemented"
    valid = [
        v.strip().lower() for v in ", ".join(values).split(",") if v.strip().lower() in good + bad
    ]
    policy = valid[-1] if valid else ""
    if policy in good:
        return "referrer-policy-private"
    return "referrer-policy-unsafe" if policy in bad else "referrer-policy-header-invalid"


def sri_test(page: Answer, scheme: str, host: str) -> str:
    mime = (page.first("Content-Type") or "").split(";")[0].strip()
    if mime not in HTML_TYPES:
        return "sri-not-implemented-response-not-html"
    parser = _Scripts()
    parser.feed(page.body)
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    order = [
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
    ]
    result: str | None = None
    foreign = False

    def worse(new: str) -> None:
        nonlocal result
        if result is None or order.index(new) > order.index(result):
            result = new

    for script in parser.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        protocol_relative = src.startswith("//") and not src.startswith("///")
        absolute = src.startswith(("http://", "https://"))
        relative = not (protocol_relative or absolute)
        same_site = protocol_relative or relative or _site(urlsplit(src).hostname) == _site(host)
        secure_origin = relative or (same_site and not protocol_relative)
        script_scheme = urlsplit(src).scheme if absolute else None
        secure_scheme = script_scheme == "https" or (relative and scheme == "https")
        if not secure_origin:
            foreign = True
            if integrity and not secure_scheme:
                worse("sri-implemented-but-external-scripts-not-loaded-securely")
            elif not integrity and secure_scheme:
                worse("sri-not-implemented-but-external-scripts-loaded-securely")
            elif not integrity:
                worse("sri-not-implemented-and-external-scripts-not-loaded-securely")
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if result is None:
        if foreign:
            return "sri-implemented-and-external-scripts-loaded-securely"
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    return result


def _site(hostname: str | None) -> str:
    """The registrable domain, roughly (the last two labels; an IP address whole)."""
    hostname = hostname or ""
    if hostname.replace(".", "").isdigit():
        return hostname
    return ".".join(hostname.split(".")[-2:])


def nosniff_test(page: Answer) -> str:
    value = page.first("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented"
    if value[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def frame_test(page: Answer, csp: dict[str, set[str]]) -> str:
    if "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    value = page.first("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    value = value[:1024].strip().lower()
    if value in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_test(page: Answer) -> str:
    value = page.first("Cross-Origin-Resource-Policy")
    if not value:
        return "corp-not-implemented"
    value = value[:256].strip().lower()
    return {
        "same-site": "corp-implemented-with-same-site",
        "same-origin": "corp-implemented-with-same-origin",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(value, "corp-header-invalid")


def score(results: dict[str, str]) -> tuple[int, str]:
    """The Observatory's score and grade for these test results."""
    with_bonus = uncurved = 100
    for result in results.values():
        modifier = MODIFIERS[result]
        with_bonus += modifier
        if modifier < 0:
            uncurved += modifier
    total = with_bonus if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    total = max(total, 0)
    grade = next(letter for floor, letter in GRADES if total >= floor)
    return total, grade


def evaluate(
    page: Answer, *, scheme: str, host: str, route: list[str] | None, preflight: Answer | None
) -> dict[str, str]:
    https_page = page if scheme == "https" else None
    hsts = hsts_test(https_page)
    csp_result, csp = csp_test(page, scheme)
    return {
        "content-security-policy": csp_result,
        "cookies": cookies_test(
            page, hsts in {"hsts-implemented-max-age-at-least-six-months", "hsts-preloaded"}
        ),
        "cross-origin-resource-sharing": cors_test(preflight),
        "redirection": redirection_test(route),
        "referrer-policy": referrer_test(page),
        "strict-transport-security": hsts,
        "subresource-integrity": sri_test(page, scheme, host),
        "x-content-type-options": nosniff_test(page),
        "x-frame-options": frame_test(page, csp),
        "cross-origin-resource-policy": corp_test(page),
    }


def http_route(url: str, *, insecure: bool) -> list[str] | None:
    """The plain-HTTP address's redirect chain, up to the first HTTPS one (None: no HTTP)."""
    route = [url]
    try:
        for _hop in range(10):
            answer = fetch(route[-1], insecure=insecure)
            location = answer.first("Location")
            if answer.status not in (301, 302, 303, 307, 308) or not location:
                break
            route.append(urljoin(route[-1], location))
            if route[-1].startswith("https://"):
                break
    except OSError:
        return None
    return route


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the page to score (https://… behind TLS)")
    parser.add_argument("--http-url", help="its plain-HTTP address (default: the same, http://)")
    parser.add_argument(
        "--forwarded-proto",
        choices=["https"],
        help="no TLS in front: ask for the page as a TLS proxy would (X-Forwarded-Proto)",
    )
    parser.add_argument("--insecure", action="store_true", help="accept a test certificate")
    args = parser.parse_args()

    parts = urlsplit(args.url)
    scheme = args.forwarded_proto or parts.scheme
    extra = {"X-Forwarded-Proto": args.forwarded_proto} if args.forwarded_proto else {}
    http_url = args.http_url or args.url.replace("https://", "http://", 1)
    route = http_route(http_url, insecure=args.insecure)
    preflight = fetch(
        args.url,
        method="OPTIONS",
        headers={**extra, "Access-Control-Request-Method": "GET", "Origin": CORS_ORIGIN},
        insecure=args.insecure,
    )
    rows = []
    for label in ("first", "second"):
        page = fetch(args.url, headers=extra, insecure=args.insecure)
        results = evaluate(
            page, scheme=scheme, host=parts.hostname or "", route=route, preflight=preflight
        )
        total, grade = score(results)
        # nginx's cache (X-Cache-Status) first, then the in-app page cache of the copy it holds.
        layers = (page.first("X-Cache-Status"), page.first("X-Page-Cache"))
        cache = "/".join(layer.lower() for layer in layers if layer) or "-"
        rows.append((label, page.status, cache, total, grade, results))

    print(
        f"Observatory rules (1.4.8) for {args.url}" + (" (via X-Forwarded-Proto)" if extra else "")
    )
    print(f"{'request':8} {'status':>6} {'cache':>10} {'score':>6} {'grade':>6}")
    for label, status, cache, total, grade, _results in rows:
        print(f"{label:8} {status:>6} {cache:>10} {total:>6} {grade:>6}")
    print()
    names = list(rows[0][5])
    print(f"{'test':32} {'first':58} {'second':58}")
    for name in names:
        first, second = rows[0][5][name], rows[1][5][name]
        print(
            f"{name:32} {first} ({MODIFIERS[first]:+d})".ljust(92)
            + f" {second} ({MODIFIERS[second]:+d})"
        )
    sys.exit(0 if all(row[4] == "A+" for row in rows) else 1)


if __name__ == "__main__":
    main()
