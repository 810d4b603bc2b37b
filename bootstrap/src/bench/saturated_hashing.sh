#!/usr/bin/env bash
# The password-hashing threads' priority under a saturated CPU: starts Keyport (./keyport's JVM options, embedded
# PostgreSQL, -Xlog:safepoint) with KEYPORT_PASSWORD_HASHING_PRIORITY=$1 (default 5), then for 30 s runs BUSY (3)
# busy loops at nice 0 (more than the 2 cores), a 16-connection password flood and 8 connections of GET location
# (allocation, so that collections happen), and one admin login half-way. Prints the JVM's time to safepoint (a
# stop-the-world pause waits for every Java thread, a starved hashing thread included), the flood's answers and
# latency, the location rate and p99, and the admin login's status and time. ADR 0009's amendment has the figures.
#
#   bootstrap/src/bench/saturated_hashing.sh 5; bootstrap/src/bench/saturated_hashing.sh 0
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
PRIO=${1:-5}; PORT=${PORT:-8397}; BUSY=${BUSY:-3}; OUT="${OUT:-$ROOT/bootstrap/target/saturated-$PRIO}"
JAR="$ROOT/bootstrap/target/keyport.jar"
rm -rf "$OUT"; mkdir -p "$OUT"
# shellcheck disable=SC2046
env KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$OUT/data" MICRONAUT_SERVER_PORT="$PORT" \
  KEYPORT_LOGIN_THROTTLE_ENABLED=false KEYPORT_PASSWORD_HASHING_PRIORITY="$PRIO" MALLOC_ARENA_MAX=2 \
  "$JAVA_HOME/bin/java" $("$ROOT/keyport" --print-jvm-options) -Xlog:safepoint:file="$OUT/safepoints.log" \
  -jar "$JAR" > "$OUT/server.log" 2>&1 &
SERVER=$!
CHILDREN=()
trap 'kill "${CHILDREN[@]}" "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
waited=0
until curl -fs "localhost:$PORT/health" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server did not start, see $OUT/server.log" >&2; exit 1; }
  waited=$((waited + 1)); [ "$waited" -lt 1500 ] || { echo "not up after 300 s" >&2; exit 1; }
  sleep 0.2
done
sleep 3
for _ in $(seq "$BUSY"); do timeout 34 sh -c 'while :; do :; done' & CHILDREN+=($!); done
sleep 2
BENCH_EMAIL=nobody@example.org PASSWORD_LOGIN_PATH=/api/client/v2.0/app/keyport/auth/providers/local-userpass/login \
  wrk -t1 -c16 -d30s --timeout 20s --latency -s "$HERE/password.lua" "http://127.0.0.1:$PORT" > "$OUT/flood.txt" 2>&1 &
FLOOD=$!; CHILDREN+=("$FLOOD")
PATH_TEMPLATE=/api/client/v2.0/app/keyport/location \
  wrk -t1 -c8 -d30s --latency -s "$HERE/get.lua" "http://127.0.0.1:$PORT" > "$OUT/location.txt" 2>&1 &
LOCATION=$!; CHILDREN+=("$LOCATION")
sleep 15
start=$(date +%s%3N)
status=$(curl -s -o /dev/null -w "%{http_code}" -XPOST "localhost:$PORT/api/admin/v3.0/auth/providers/local-userpass/login" \
  -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-admin-password"}')
admin="$status in $(( $(date +%s%3N) - start )) ms"
wait "$FLOOD" "$LOCATION"
python3 - "$OUT/safepoints.log" <<'PY'
import re, sys
r = sorted(int(m.group(1)) for l in open(sys.argv[1]) for m in [re.search(r'Reaching safepoint: (\d+) ns', l)] if m)
print(f"safepoints {len(r)}: time to safepoint p50 {r[len(r)//2]/1e3:.0f} us, p99 {r[int(len(r)*.99)]/1e3:.0f} us, max {r[-1]/1e6:.1f} ms"
      if r else "no safepoints logged")
PY
grep -E "Requests/sec|Non-2xx|99%" "$OUT/flood.txt" | sed 's/^ */password flood: /'
grep -E "Requests/sec|99%" "$OUT/location.txt" | sed 's/^ */location: /'
echo "admin login during the saturation: $admin"
