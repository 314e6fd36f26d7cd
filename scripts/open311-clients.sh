#!/usr/bin/env bash
# Real Open311 clients against a real server: installs `georeport` and
# `civicbot` from PyPI into a fresh virtualenv, starts `heatline demo` on a
# temporary database, creates an API key with the command line, and drives
# the server through both clients in JSON and XML (scripts/open311_clients.py).
# Fails on the first error. Needs python3 with venv and PyPI access.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/demo-server.sh

echo "== installing georeport and civicbot from PyPI"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check georeport civicbot
"$work/venv/bin/pip" list --disable-pip-version-check 2>/dev/null | grep -Ei '^(georeport|civicbot|requests|xmltodict) '

start_demo

key="$(RUST_LOG=warn "$bin" api-key create --db "sqlite://$db" --name "open311-clients.sh" --requests-per-minute 1000 | tail -n 1)"

echo "== driving /open311/v2 through the clients"
if ! "$work/venv/bin/python" scripts/open311_clients.py "$base/open311/v2" "$key"; then
  echo "== server log"
  tail -n 50 "$work/server.log"
  exit 1
fi
