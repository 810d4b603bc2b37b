#!/usr/bin/env bash
# Issue 25's peer target, same run: Keyport's key login against Keycloak's client-credentials grant, one server of
# each up side by side and loaded in turn (so each meets the same machine state), 64 connections each.
#   bootstrap/src/bench/keycloak_peer.sh [jar]     (default bootstrap/target/keyport.jar)
# Keyport runs with ./keyport's JVM options on its embedded PostgreSQL with 200 keys; Keycloak (keycloak.sh:
# production mode over HTTP, a confidential client with a service account) on the PostgreSQL that PG* point at
# (default: Debian's cluster on 127.0.0.1:5432, user postgres, password postgres:
#  pg_ctlcluster --skip-systemctl-redirect 15 main start; su postgres -c "psql -c \"ALTER USER postgres PASSWORD 'postgres'\"").
# Each warms WARMUP (45s; key login needs ~40 s before C2 settles), then ROUNDS (3) of DURATION (8s) on each.
# Prints one line per round and the median of the per-round ratios. Output in OUT (bootstrap/target/keycloak-peer).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
JAR="${1:-$ROOT/bootstrap/target/keyport.jar}"
WARMUP="${WARMUP:-45s}"; DURATION="${DURATION:-8s}"; ROUNDS="${ROUNDS:-3}"
OUT="${OUT:-$ROOT/bootstrap/target/keycloak-peer}"; mkdir -p "$OUT"; : > "$OUT/rounds.txt"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
export PGDATABASE="${PGDATABASE:-postgres}"
source "$HERE/keycloak.sh"
source "$HERE/server.sh"
PORT="${PORT:-8620}"; BASE="http://127.0.0.1:$PORT"; APP=/api/client/v2.0/app/keyport
dir="$(mktemp -d)"
env MALLOC_ARENA_MAX=2 KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$dir/data" MICRONAUT_SERVER_PORT="$PORT" \
  KEYPORT_LOGIN_THROTTLE_ENABLED=false "$JAVA_HOME/bin/java" $("$ROOT/keyport" --print-jvm-options) -jar "$JAR" \
  > "$OUT/keyport.log" 2>&1 &
KEYPORT=$!
trap 'status=$?; kill $KEYPORT 2>/dev/null || true; keycloak_stop; exit $status' EXIT
await_health "$BASE" "$KEYPORT" keyport "$OUT/keyport.log"
make_keys "$BASE" 200 "$dir/keys.txt"
keycloak_start
keyport_login() {
  KEYS_FILE="$dir/keys.txt" LOGIN_PATH="$APP/auth/providers/api-key/login" \
    wrk -t2 -c64 -d"$1" --timeout 10s -s "$HERE/login.lua" "$BASE" | wrk_summary
}
keycloak_grant() { wrk -t2 -c64 -d"$1" --timeout 10s -s "$HERE/keycloak_token.lua" "$KEYCLOAK_BASE" | wrk_summary; }
keyport_login "$WARMUP" > /dev/null
keycloak_grant "$WARMUP" > /dev/null
for round in $(seq "$ROUNDS"); do
  a=$(keyport_login "$DURATION"); b=$(keycloak_grant "$DURATION")
  echo "round $round keyport-key-login $a keycloak-client-credentials $b" | tee -a "$OUT/rounds.txt"
done
awk '{ printf "%.4f\n", $4 / $7 }' "$OUT/rounds.txt" | sort -n \
  | awk '{ r[NR] = $1 } END { printf "key login / Keycloak, median of per-round ratios: %.1fx\n", r[int((NR + 1) / 2)] }' \
  | tee -a "$OUT/rounds.txt"
