#!/usr/bin/env bash
# Real Open311 clients against a real server: installs `georeport` and
# `civicbot` from PyPI into a fresh virtualenv, starts `heatline demo` on a
# temporary database, creates an API key with the command line, and drives
# the server through both clients in JSON and XML (scripts/open311_clients.py).
# Fails on the first error. Needs python3 with venv and PyPI access.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building heatline"
cargo build -q -p heatline
bin="${CARGO_TARGET_DIR:-target}/debug/heatline"

echo "== installing georeport and civicbot from PyPI"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check georeport civicbot
"$work/venv/bin/pip" list --disable-pip-version-check 2>/dev/null | grep -Ei '^(georeport|civicbot|requests|xmltodict) '

port="$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
db="$work/demo.db"
echo "== starting heatline demo on 127.0.0.1:$port"
RUST_LOG=warn "$bin" demo --file "$db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null

key="$(RUST_LOG=warn "$bin" api-key create --db "sqlite://$db" --name "open311-clients.sh" --requests-per-minute 1000 | tail -n 1)"

echo "== driving /open311/v2 through the clients"
if ! "$work/venv/bin/python" scripts/open311_clients.py "http://127.0.0.1:$port/open311/v2" "$key"; then
  echo "== server log"
  tail -n 50 "$work/server.log"
  exit 1
fi
