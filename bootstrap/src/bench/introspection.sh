#!/usr/bin/env bash
# Introspection against key login, the method of docs/performance.md in small: the built jar on the embedded
# PostgreSQL, keys made over the API, wrk on loopback (2 threads, 64 connections), each route for
# DURATION after a warm-up. Prints requests/s of both and their ratio.
#   bootstrap/src/bench/introspection.sh            (after ./mvnw -B package -DskipTests)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/../../.."
source "$ROOT/.ci/jdk.sh"
PORT="${PORT:-8391}"; BASE="http://127.0.0.1:$PORT"; DURATION="${DURATION:-20s}"; KEYS="${KEYS:-200}"
OUT="$(mktemp -d)"
KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$OUT/data" MICRONAUT_SERVER_PORT="$PORT" \
  KEYPORT_LOGIN_THROTTLE_ENABLED=false "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$ROOT/bootstrap/target/keyport.jar" \
  > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.5; done
source "$HERE/server.sh"
ADMIN=$(curl -fs -XPOST "$BASE/api/admin/v3.0/auth/providers/local-userpass/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-admin-password"}' | json access_token)
SERVER_KEY=$(curl -fs -XPOST "$BASE/api/admin/v3.0/apps/keyport/api_keys" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d '{"name":"bench-service"}' | json key)
APP="$BASE/api/client/v2.0/app/keyport"
make_keys "$BASE" "$KEYS" "$OUT/keys.txt"
run() { KEYS_FILE="$OUT/keys.txt" SERVER_KEY="$SERVER_KEY" LOGIN_PATH="/api/client/v2.0/app/keyport/auth/providers/api-key/login" \
  wrk -t2 -c64 -d"$1" --timeout 10s -s "$HERE/$2" "$BASE" | awk '/Requests\/sec/ {print $2}'; }
run 10s login.lua >/dev/null; run 10s introspect.lua >/dev/null
LOGIN=$(run "$DURATION" login.lua); INTROSPECT=$(run "$DURATION" introspect.lua)
echo "keys: $(wc -l < "$OUT/keys.txt"); key login: $LOGIN req/s; introspection: $INTROSPECT req/s; ratio $(python3 -c "print(round($INTROSPECT/$LOGIN, 2))")"
