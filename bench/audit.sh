#!/usr/bin/env bash
# `make audit`: Lighthouse (median of 3 runs), axe-core and the Nu Html Checker on the reader's pages.
#
# Starts its own production-like site (gunicorn on a free 127.0.0.1 port, a fresh SQLite database in
# a temporary MASTHEAD_VAR_DIR, migrate, collectstatic, `manage.py seed`), audits it with Debian's
# Chromium, prints a table and exits non-zero when a target is missed (newsroom issue, acceptance 6).
# Lighthouse runs on the home, a section and an article, and on every other edition's home and
# an article of it (with the radio set up, and a data card
# on the home page and the section: bench/audit/live.py); axe and vnu also on a tag, an author,
# a search, the radio's page, the notification settings and the 404 page, with the radio's player open (bench/audit/radio.mjs), and on the article's discussion as a logged-in demo member sees it
# (issue 4: the comment form, a rejection explained, the confirm step, awaiting moderation, a
# reply form; bench/audit/member.mjs). Screenshots at phone and desktop widths go to
# test-artifacts/screenshots/audit/.
# Environment: LH_RUNS (3), AUDIT_KEEP=1 keeps the work directory, AUDIT_SEED overrides the seed
# command (default `manage.py seed`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
LH_RUNS="${LH_RUNS:-3}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
TOOLS=(lighthouse@12.2.3 playwright-core@1.65.1 axe-core@4.14.1 vnu-jar@26.9.27)

for tool in "$CHROME_PATH" java node npm; do
  command -v "$tool" >/dev/null || { echo "audit: $tool is missing (see ../shared/TOOLS.md)" >&2; exit 2; }
done

# (a) The pinned npm tools, in the repository's node_modules (package-lock.json pins the tree).
for tool in "${TOOLS[@]}"; do
  name=${tool%@*} version=${tool##*@}
  installed=$(node -p "require('./node_modules/$name/package.json').version" 2>/dev/null || true)
  if [ "$installed" != "$version" ]; then
    echo "audit: installing the pinned npm tools (${TOOLS[*]})"
    # vnu-jar's postinstall only fetches a Java runtime; the machine's Java runs vnu.jar.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
      || npm i -D -E --ignore-scripts --no-audit --no-fund --loglevel=error "${TOOLS[@]}"
    break
  fi
done

# (b) A production-like site of our own, stopped by its PID on exit.
WORK=$(mktemp -d /tmp/masthead-audit.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${AUDIT_KEEP:-0}" = 1 ]; then echo "audit: results kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=config.settings.production
export MASTHEAD_VAR_DIR="$WORK/var"
export SECRET_KEY="audit-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 BASE_URL="$BASE"
unset DATABASE_URL REDIS_URL
mkdir -p "$MASTHEAD_VAR_DIR/moderation"
# The malware check's blocklist (normally `manage.py moderation_blocklist_import`) names one
# reserved host, so the member pages can show a comment the site itself rejects.
echo "malware.example" >"$MASTHEAD_VAR_DIR/moderation/blocklist.txt"

echo "audit: building the site in $WORK"
"$PY" manage.py migrate --noinput >"$WORK/setup.log" 2>&1
"$PY" manage.py collectstatic --noinput --verbosity 0 >>"$WORK/setup.log" 2>&1
seed=("$PY" manage.py seed)
[ -n "${AUDIT_SEED:-}" ] && seed=(bash -c "$AUDIT_SEED")
"${seed[@]}" >>"$WORK/setup.log" 2>&1 \
  || { echo "audit: seeding failed:" >&2; tail -20 "$WORK/setup.log" >&2; exit 2; }
# Search indexing and the reference index run as tasks: drain the queue as the worker would.
"$PY" manage.py db_worker --batch --queue-name '*' --no-startup-delay >>"$WORK/setup.log" 2>&1
"$PY" bench/audit/site_point.py 127.0.0.1 "$PORT"
# The radio (Listen Live in every header, /radio/) and a data card on the first section.
"$PY" bench/audit/live.py "$BASE"
# A demo member with a fresh password, for the member pages (this throwaway database only).
read -r AUDIT_MEMBER_EMAIL AUDIT_MEMBER_PASSWORD < <("$PY" bench/audit/member.py)

"$ROOT/.venv/bin/gunicorn" config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
  --pid "$WORK/gunicorn.pid" --log-level warning --error-logfile "$WORK/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/" && break; sleep 0.2; done
curl -fs -o /dev/null "$BASE/" || { echo "audit: the server did not start" >&2; cat "$WORK/gunicorn.log" >&2; exit 2; }

declare -A PAGES
ORDER=()
while read -r name path; do PAGES[$name]=$path; ORDER+=("$name"); done < <("$PY" bench/audit/pages.py)
echo "${ORDER[*]}" >"$WORK/pages.txt"
# One visit each first: image renditions are made on a page's first render, once per site.
for name in "${ORDER[@]}"; do curl -s -o /dev/null "$BASE${PAGES[$name]}"; done

# (c) Lighthouse, mobile preset, LH_RUNS runs per page.
mkdir -p "$WORK/lighthouse" "$WORK/html"
for name in home section article $(printf '%s\n' "${ORDER[@]}" | grep -E '^(home|article)-'); do
  for run in $(seq "$LH_RUNS"); do
    echo "audit: lighthouse $name (${PAGES[$name]}) run $run/$LH_RUNS"
    # Lighthouse sometimes loses the trace of a load (NO_NAVSTART): that run is redone, twice
    # at most; a page that fails three times in a row fails the audit.
    for attempt in 1 2 3; do
      if node_modules/.bin/lighthouse "$BASE${PAGES[$name]}" --quiet --output=json \
        --output-path="$WORK/lighthouse/$name-$run.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="$CHROME_FLAGS" >/dev/null; then
        break
      fi
      [ "$attempt" = 3 ] && { echo "audit: lighthouse failed three times on $name"; exit 1; }
      echo "audit: lighthouse run failed, trying again"
    done
  done
done

# (d) axe-core at phone and desktop widths, with screenshots.
echo "audit: axe-core on ${ORDER[*]}"
args=()
for name in "${ORDER[@]}"; do args+=("$name=${PAGES[$name]}"); done
node bench/audit/axe.mjs "$BASE" "$WORK/axe.json" "$ROOT/test-artifacts/screenshots/audit" "${args[@]}"
echo "audit: axe-core on the discussion as a member ($AUDIT_MEMBER_EMAIL)"
AUDIT_MEMBER_EMAIL="$AUDIT_MEMBER_EMAIL" AUDIT_MEMBER_PASSWORD="$AUDIT_MEMBER_PASSWORD" \
  node bench/audit/member.mjs "$BASE" "$WORK/axe-member.json" "$WORK/html" \
  "$ROOT/test-artifacts/screenshots/audit" "${PAGES[article]}"
echo "audit: Listen Live (the player's script on demand, axe-core with the player open)"
node bench/audit/radio.mjs "$BASE" "$WORK/axe-radio.json" "$ROOT/test-artifacts/screenshots/audit"

# (e) The Nu Html Checker on the HTML as served (it refuses loopback URLs: files it is), and on
# the member pages member.mjs saved (as served without JavaScript, and as its script left them).
for name in "${ORDER[@]}"; do
  curl -s -o "$WORK/html/$name.html" "$BASE${PAGES[$name]}"
done
echo "audit: Nu Html Checker"
java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu \
  "$WORK"/html/*.html >"$WORK/vnu.txt" 2>&1 || true

"$PY" bench/audit/report.py "$WORK"
