#!/usr/bin/env bash
# Property-based API testing with schemathesis (pinned, from PyPI) against
# /api/v1/openapi.json: starts `heatline demo` on a temporary database, signs
# in through POST /api/v1/auth/token (as the admin, then as a heat supplier)
# and sends every request with that bearer token (bearer calls need no CSRF
# token, so the unsafe methods are exercised too; the demo database is thrown
# away). Nothing is excluded: every operation of the document is run. Fails on any
# 5xx and on any response that the document does not describe (status code,
# content type, body schema). Needs python3 with venv and PyPI access.
#
# Generation is deterministic (the same cases every run, so a failure
# reproduces); SCHEMATHESIS_MAX_EXAMPLES (default 25) bounds the cases per
# operation and phase.
set -euo pipefail
cd "$(dirname "$0")/.."

schemathesis_version="4.32.5"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
venv=".venv-schemathesis"

. scripts/demo-server.sh

echo "== installing schemathesis $schemathesis_version from PyPI into $venv"
if [ ! -x "$venv/bin/schemathesis" ] ||
  [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"
fi
"$venv/bin/schemathesis" --version

start_demo

# Two passes over every operation: the demo admin reaches the most (city_hq
# cannot edit routing, keys or the category model); a heat supplier
# (organization scope) then reaches an organization's own actions (answer
# templates, inspection photos, eliminating remarks) that refuse the admin with
# the 403 the document names, and the scope-filtered reads. The demo's one
# password is app::demo::PASSWORD.
run_as() {
  local login="$1" token status=0 started=$SECONDS
  token="$(curl -fsS -H 'content-type: application/json' \
    -d "{\"login\": \"$login\", \"password\": \"teplo2026\"}" "$base/api/v1/auth/token" |
    "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
  echo "== schemathesis as $login: at most $max_examples examples per operation and phase"
  "$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$max_examples" \
    --generation-deterministic \
    --workers 2 \
    --request-timeout 30 \
    --no-color || status=$?
  echo "== schemathesis as $login finished in $((SECONDS - started)) s with status $status"
  if [ "$status" -ne 0 ]; then
    echo "== server log (panics first)"
    grep -A2 'panicked' "$work/server.log" | head -n 40 || true
    tail -n 30 "$work/server.log"
    exit "$status"
  fi
}

run_as admin
run_as rso.bashrts
