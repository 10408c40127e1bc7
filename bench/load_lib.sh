# Shared by the wrk benchmarks of listen (sourced, not run): a work folder and the servers
# started, both cleaned up on exit; free ports; waiting for a server; wrk's POST of the signed
# example payload. Expects $binary, $secret and $body.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

signature=$(AUTOSANA_WEBHOOK_SECRET=$secret "$binary" sign "$body")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2
  exit 2
}

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
local file = io.open("$(realpath "$body")", "rb")
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Autosana-Signature-256"] = "$signature"
LUA
