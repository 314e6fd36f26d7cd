# Sourced by the scripts that drive a real `heatline demo` (Open311 clients,
# schemathesis): a scratch directory and a server, both gone on exit.
#   . scripts/demo-server.sh   builds heatline; sets $work and $bin
#   start_demo                  serves a fresh demo; sets $port, $base, $db
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

start_demo() {
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  base="http://127.0.0.1:$port"
  db="$work/demo.db"
  echo "== starting heatline demo on 127.0.0.1:$port"
  RUST_LOG=warn "$bin" demo --file "$db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS "$base/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log"; exit 1; fi
    sleep 0.5
  done
  curl -fsS "$base/health" >/dev/null
}
