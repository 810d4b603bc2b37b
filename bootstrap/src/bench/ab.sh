#!/usr/bin/env bash
# Key login, jar A against jar B, interleaved (A B A B ...) so that both meet the same machine: each round
# starts the jar on a fresh embedded PostgreSQL, makes KEYS keys over the API, warms key login up for
# WARMUP, then measures it for DURATION with wrk (2 threads, 64 connections). Prints each run and the
# medians. For "within N % of before" claims on this noisy 2-core machine (docs/performance.md).
#   bootstrap/src/bench/ab.sh /path/to/old/keyport.jar bootstrap/target/keyport.jar
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/../../.."
source "$ROOT/.ci/jdk.sh"
JAR_A="$1"; JAR_B="$2"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-30s}"; DURATION="${DURATION:-20s}"; KEYS="${KEYS:-200}"
PORT="${PORT:-8392}"; BASE="http://127.0.0.1:$PORT"
source "$HERE/server.sh"
measure() {
  local jar="$1" out; out="$(mktemp -d)"
  KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$out/data" MICRONAUT_SERVER_PORT="$PORT" \
    KEYPORT_LOGIN_THROTTLE_ENABLED=false "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx256m} -jar "$jar" > "$out/server.log" 2>&1 &
  local server=$!
  for _ in $(seq 120); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.5; done
  make_keys "$BASE" "$KEYS" "$out/keys.txt"
  env KEYS_FILE="$out/keys.txt" LOGIN_PATH=/api/client/v2.0/app/keyport/auth/providers/api-key/login \
    wrk -t2 -c64 -d"$WARMUP" --timeout 10s -s "$HERE/login.lua" "$BASE" > /dev/null
  env KEYS_FILE="$out/keys.txt" LOGIN_PATH=/api/client/v2.0/app/keyport/auth/providers/api-key/login \
    wrk -t2 -c64 -d"$DURATION" --timeout 10s -s "$HERE/login.lua" "$BASE" | awk '/Requests\/sec/ {print $2}'
  kill "$server"; wait "$server" 2>/dev/null || true
  rm -rf "$out"
}
A=(); B=()
for round in $(seq "$ROUNDS"); do
  a=$(measure "$JAR_A"); echo "round $round A: $a req/s"; A+=("$a")
  b=$(measure "$JAR_B"); echo "round $round B: $b req/s"; B+=("$b")
done
python3 - "${A[*]}" "${B[*]}" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[1].split()]; b = [float(x) for x in sys.argv[2].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"key login median A {ma:.0f} req/s, B {mb:.0f} req/s, B/A {mb / ma:.3f}")
PY
