#!/usr/bin/env bash
# Issue 23's memory benchmark: how much live heap do key-session logouts cost an instance?
# Starts Keyport (embedded PostgreSQL, -Xmx256m), creates one user with KEYS keys, then for each round of
# DURATION loops key login -> logout -> refresh-with-the-logged-out-token on 2 connections per key, and
# measures the live heap after a full GC (jcmd GC.run + GC.heap_info) before and after each round, the rows
# in ended_sessions, the logout rate, and whether any logged-out token was accepted again (revived, must be 0).
# "refused" counts logins or logouts not answered 200/204: a logout whose session another connection's logout
# had just ended with all the key's sessions (the per-key bound) is one.
#
#   bootstrap/src/bench/logout_memory.sh                       # 1 key, 3 rounds of 60 s
#   BENCH_KEYS=20 BENCH_ROUNDS=2 BENCH_DURATION=30s bootstrap/src/bench/logout_memory.sh
#
# Needs: a JDK >= 21 (with jcmd), wrk, curl, python3, psql.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bootstrap/target/bench-logout}"
PORT="${BENCH_PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
KEYS="${BENCH_KEYS:-1}"
ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-60s}"
source "$ROOT/.ci/jdk.sh"
for tool in wrk curl python3 psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install wrk curl postgresql-client)" >&2; exit 1; }
done
[ -f "$ROOT/bootstrap/target/keyport.jar" ] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
rm -rf "$OUT" && mkdir -p "$OUT"

KEYPORT_DATA_DIR="$OUT/data" MICRONAUT_SERVER_PORT=$PORT KEYPORT_ADMIN_PASSWORD=bench-admin-password \
  java -Xmx256m -jar "$ROOT/bootstrap/target/keyport.jar" > "$OUT/keyport.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; true' EXIT
for _ in $(seq 1 600); do curl -sf "$BASE/health" 2>/dev/null | grep -q UP && break; sleep 0.1; done
PG_PORT=$(grep -o 'port [0-9]*' "$OUT/keyport.log" | head -1 | cut -d' ' -f2)

json() { python3 -c "import sys, json; print(json.load(sys.stdin)['$1'])"; }
APP=/api/client/v2.0/app/keyport/auth/providers
curl -sf -H 'Content-Type: application/json' -d '{"email":"bench@example.org","password":"bench-password"}' \
  "$BASE$APP/local-userpass/register" > /dev/null
REFRESH=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"bench@example.org","password":"bench-password"}' \
  "$BASE$APP/local-userpass/login" | json refresh_token)
KEY_VALUES=()
for i in $(seq 1 "$KEYS"); do
  KEY_VALUES+=("$(curl -sf -H "Authorization: Bearer $REFRESH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\"}" "$BASE/api/client/v2.0/auth/api_keys" | json key)")
done

live_heap_kb() {
  jcmd "$PID" GC.run > /dev/null
  jcmd "$PID" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}
ended_rows() { psql -qtA "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" -c "SELECT count(*) FROM ended_sessions"; }

BEFORE=$(live_heap_kb)
echo "round,logouts,seconds,logouts_per_s,revived,refused,live_heap_kb,heap_growth_kb,ended_session_rows" | tee "$OUT/logout_memory.csv"
TOTAL=0
for round in $(seq 1 "$ROUNDS"); do
  PIDS=()
  for key in "${KEY_VALUES[@]}"; do
    KEY="$key" LOGIN_PATH="$APP/api-key/login" wrk -t2 -c2 -d"$DURATION" -s "$HERE/logout_loop.lua" "$BASE" > "$OUT/wrk-$round-${key:4:8}.txt" 2>&1 &
    PIDS+=($!)
  done
  wait "${PIDS[@]}"
  LOGOUTS=0; REVIVED=0; FAILURES=0; SECONDS_RUN=0
  for f in "$OUT"/wrk-"$round"-*.txt; do
    read -r l r fl s < <(awk '/^LOGOUTS/ {print $2, $4, $6, $8}' "$f")
    LOGOUTS=$((LOGOUTS + l)); REVIVED=$((REVIVED + r)); FAILURES=$((FAILURES + fl)); SECONDS_RUN=$s
  done
  TOTAL=$((TOTAL + LOGOUTS))
  HEAP=$(live_heap_kb)
  RATE=$(python3 -c "print(round($LOGOUTS / $SECONDS_RUN))")
  echo "$round,$TOTAL,$SECONDS_RUN,$RATE,$REVIVED,$FAILURES,$HEAP,$((HEAP - BEFORE)),$(ended_rows)" | tee -a "$OUT/logout_memory.csv"
done
SWEEPS=$(psql -qtA "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" -c "SELECT count(*) FROM audit_events WHERE action = 'key.sessions_ended'")
echo "baseline live heap: ${BEFORE} KB; times a key's sessions were all ended by the per-key bound: $SWEEPS"
