#!/usr/bin/env bash
# Keyport benchmark: builds the jar, starts Keyport on a real PostgreSQL (embedded by default, or
# BENCH_DB_URL/BENCH_DB_USER/BENCH_DB_PASSWORD), seeds data in bulk with SQL, drives it with wrk from a
# second process on loopback, and prints a table of medians (docs/performance.md explains each row).
#
#   bootstrap/src/bench/run.sh                 # full run, 3 runs of 10 s per figure
#   BENCH_RUNS=5 BENCH_DURATION=20s bootstrap/src/bench/run.sh
#   BENCH_KEYCLOAK=1 bootstrap/src/bench/run.sh   # adds the peer: Keycloak 26.7.3 client-credentials grant
#   BENCH_ONLY=isolation bootstrap/src/bench/run.sh  # only the HTTP ceiling, password login and the flood pair
#
# Needs: a JDK >= 21, wrk, pgbench and psql (Debian: wrk, postgresql-client), python3, gnuplot (chart);
# with BENCH_KEYCLOAK=1 also unzip and curl (Keycloak is fetched from Maven Central by coordinates).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bootstrap/target/bench}"
RUNS="${BENCH_RUNS:-3}"
DURATION="${BENCH_DURATION:-10s}"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
APP_PATH="/api/client/v2.0/app/keyport"

source "$ROOT/.ci/jdk.sh"
for tool in wrk pgbench psql python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install wrk postgresql-client python3)" >&2; exit 1; }
done

# A known signing key, so that seed.py can sign the refresh tokens of the sessions it seeds.
export BENCH_JWT_SECRET="${BENCH_JWT_SECRET:-$(head -c 32 /dev/urandom | base64)}"
export KEYPORT_JWT_SECRET="$BENCH_JWT_SECRET"
rm -rf "$OUT" && mkdir -p "$OUT"
RAW="$OUT/raw.txt"; : > "$RAW"
if [ ! -f "$ROOT/bootstrap/target/keyport.jar" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi

KEYPORT_PID=""
cleanup() {
  [ -n "$KEYPORT_PID" ] && kill -TERM "$KEYPORT_PID" 2>/dev/null && wait "$KEYPORT_PID" 2>/dev/null
  declare -F keycloak_stop > /dev/null && keycloak_stop
  true
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
wait_up() { # url pid -> prints ms waited
  local start; start=$(now_ms)
  for _ in $(seq 1 600); do
    if curl -sf "$1/health" 2>/dev/null | grep -q UP; then echo $(( $(now_ms) - start )); return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "server died" >&2; return 1; }
    sleep 0.05
  done
  echo "not UP in 30 s" >&2; return 1
}
rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

# --- start Keyport (and so PostgreSQL) ---------------------------------------------------------
# The throttle is off so that the flood scenario's wrong passwords reach the hashing pool.
export KEYPORT_LOGIN_THROTTLE_ENABLED=false
START_MS=$(now_ms)
if [ -n "${BENCH_DB_URL:-}" ]; then
  DATASOURCES_DEFAULT_URL="$BENCH_DB_URL" DATASOURCES_DEFAULT_USERNAME="${BENCH_DB_USER:-postgres}" \
  DATASOURCES_DEFAULT_PASSWORD="${BENCH_DB_PASSWORD:-postgres}" MICRONAUT_SERVER_PORT=$PORT \
    java ${BENCH_JAVA_OPTS:-} -jar "$ROOT/bootstrap/target/keyport.jar" > "$OUT/keyport.log" 2>&1 &
  KEYPORT_PID=$!
  PG_URL="$BENCH_DB_URL"
else
  KEYPORT_DATA_DIR="$OUT/data" MICRONAUT_SERVER_PORT=$PORT \
    java ${BENCH_JAVA_OPTS:-} -jar "$ROOT/bootstrap/target/keyport.jar" > "$OUT/keyport.log" 2>&1 &
  KEYPORT_PID=$!
fi
wait_up "$BASE" "$KEYPORT_PID" > /dev/null
STARTUP_FIRST_MS=$(( $(now_ms) - START_MS ))
RSS_START=$(rss_mb "$KEYPORT_PID")
if [ -z "${BENCH_DB_URL:-}" ]; then
  PG_PORT=$(grep -o 'port [0-9]*' "$OUT/keyport.log" | head -1 | cut -d' ' -f2)
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
fi
PG_HOSTPORT=$(echo "$PG_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
PG_DB=$(echo "$PG_URL" | sed -E 's#jdbc:postgresql://[^/]+/([^?]*).*#\1#')
export PGHOST="${PG_HOSTPORT%%:*}" PGPORT="${PG_HOSTPORT##*:}" PGUSER="${BENCH_DB_USER:-postgres}" \
       PGPASSWORD="${BENCH_DB_PASSWORD:-postgres}" PGDATABASE="$PG_DB"
echo "Keyport pid $KEYPORT_PID on $BASE, PostgreSQL $PGHOST:$PGPORT/$PGDATABASE"
# the kid of the token key made from BENCH_JWT_SECRET, for the refresh tokens seed.py signs
BENCH_JWT_KID=$(grep -o 'HS256 with token key [A-Za-z0-9_-]*' "$OUT/keyport.log" | head -1 | awk '{print $NF}')
[ -n "$BENCH_JWT_KID" ] || { echo "the token key's kid is not in $OUT/keyport.log" >&2; exit 1; }
export BENCH_JWT_KID

copy() { # table columns < csv
  psql -q -v ON_ERROR_STOP=1 -c "SET session_replication_role = replica" -c "\\copy $1 ($2) FROM STDIN CSV"
}
seed_users() { # first count
  python3 "$HERE/seed.py" users "$1" "$2" | copy users "id, type, created_at"
  python3 "$HERE/seed.py" identities "$1" "$2" | copy identities "id, user_id, position, provider, provider_user_id"
}

# --- seed: 50 users x 20 keys = 1,000 keys; 5,000 keyless users for creation; sessions for both ---
seed_users 1 50
python3 "$HERE/seed.py" keys 1 50 20 "$OUT/keys-1k.txt" 1000 | copy api_keys "id, owner_id, name, key_digest, disabled, created_at"
python3 "$HERE/seed.py" sessions 1 50 "$OUT/tokens-owners.txt" | copy sessions "id, user_id, device_id, refresh_digest, created_at, expires_at"
seed_users 100001 5000
python3 "$HERE/seed.py" sessions 100001 5000 "$OUT/tokens-creators.txt" | copy sessions "id, user_id, device_id, refresh_digest, created_at, expires_at"
psql -q -c "ANALYZE"
curl -sf -X POST "$BASE$APP_PATH/auth/providers/local-userpass/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.org","password":"bench-password"}' > /dev/null

# --- runners: each appends "scenario connections rps p50 p99 non2xx" to raw.txt ----------------
# wrk accepts one -s; combine a scenario script with the shared report hook.
combine() { cat "$HERE/$1" "$HERE/report.lua" > "$OUT/$1"; echo "$OUT/$1"; }
wrk_run() {
  local scenario=$1 conns=$2 script; script=$(combine "$3"); shift 3
  local line
  line=$(env "$@" KEYS_FILE="${KEYS_FILE:-$OUT/keys-1k.txt}" LOGIN_PATH="$APP_PATH/auth/providers/api-key/login" \
    wrk -t2 -c"$conns" -d"$DURATION" --timeout 10s -s "$script" "${TARGET:-$BASE}" 2>&1 | grep '^RESULT' || true)
  [ -n "$line" ] || { echo "wrk produced no result for $scenario" >&2; return 1; }
  echo "$scenario $conns ${line#RESULT }" | tee -a "$RAW"
}
pgbench_run() { # scenario connections
  local out tps lat
  out=$(pgbench -n -c "$2" -j 2 -T "${DURATION%s}" -f "$HERE/login.pgbench.sql" \
        -D first_user=1 -D last_user=50 -D per_user=20 2>&1)
  tps=$(echo "$out" | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1)
  lat=$(echo "$out" | sed -nE 's/^latency average = ([0-9.]+) ms/\1/p')
  [ -n "$tps" ] || { echo "$out" >&2; return 1; }
  echo "$1 $2 rps=$tps p50_ms=$lat p99_ms=NA non2xx=0 errors=0 requests=NA" | tee -a "$RAW"
}

# Warm-up: the JIT compiles the hot paths in the first tens of seconds on two busy cores; measuring a
# cold JVM halves the numbers (see docs/performance.md). BENCH_WARMUP=0 measures cold instead.
WARMUP="${BENCH_WARMUP:-30s}"
if [ "$WARMUP" != "0" ]; then
  echo "warm-up ($WARMUP per route)"
  DURATION=$WARMUP wrk_run warmup 64 login.lua > /dev/null
  DURATION=$WARMUP wrk_run warmup 64 get.lua PATH_TEMPLATE="$APP_PATH/location" > /dev/null
  DURATION=$WARMUP wrk_run warmup 64 refresh_token_route.lua METHOD=GET PATH_TEMPLATE=/api/client/v2.0/auth/api_keys TOKENS_FILE="$OUT/tokens-owners.txt" > /dev/null
  sed -i '/^warmup/d' "$RAW"
fi
# The peer (BENCH_KEYCLOAK=1): Keycloak's client-credentials grant on the same PostgreSQL; it takes
# about a minute to start, so it is optional.
if [ "${BENCH_KEYCLOAK:-0}" = 1 ]; then
  source "$HERE/keycloak.sh"
  keycloak_start
  [ "$WARMUP" != "0" ] && DURATION=$WARMUP TARGET=$KEYCLOAK_BASE wrk_run warmup 64 keycloak_token.lua > /dev/null
  sed -i '/^warmup/d' "$RAW"
fi
reenable_keys() { psql -q -c "UPDATE api_keys SET disabled = false WHERE disabled"; } # the toggle scenario leaves some disabled
# Key sessions are not stored (ADR 0008), so login scenarios need no clean-up between them.

# Commits per request: the delta of pg_stat_database.xact_commit over a scenario, divided by the
# requests it served. Backends report their counters at most once a second while busy and within
# 10 s once idle, so each count waits 11 s before and after. It includes everything else that
# committed meanwhile: the key view's heartbeats (~10/s), the usage and audit writers.
commits() { psql -tA -c "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"; }
counted_run() { # like wrk_run; also appends "<scenario> <connections> commits_per_request=..." to commits.txt
  local before after requests
  sleep 11; before=$(commits)
  wrk_run "$@"
  requests=$(tail -1 "$RAW" | sed -nE 's/.*requests=([0-9]+).*/\1/p')
  sleep 11; after=$(commits)
  echo "$1 $2 commits_per_request=$(python3 -c "print(f'{($after - $before) / $requests:.4f}')") commits=$((after - before)) requests=$requests" \
    | tee -a "$OUT/commits.txt"
}
# Key sessions for the refresh scenario: one login with each of 200 keys ("<refresh token> <user id>").
key_session_tokens() {
  python3 - "$BASE$APP_PATH/auth/providers/api-key/login" "$OUT/keys-1k.txt" > "$OUT/tokens-keysessions.txt" <<'PY'
import json, sys, urllib.request
url, keys = sys.argv[1], [line.split()[0] for line in open(sys.argv[2])][:200]
for key in keys:
    request = urllib.request.Request(url, data=json.dumps({"key": key}).encode(), headers={"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(request))
    print(answer["refresh_token"], answer["user_id"])
PY
}
: > "$OUT/commits.txt"
for run in $(seq 1 "$RUNS"); do
  echo "--- run $run of $RUNS"
  wrk_run ceiling-http-location 64 get.lua PATH_TEMPLATE="$APP_PATH/location"
  if [ "${BENCH_KEYCLOAK:-0}" = 1 ]; then
    TARGET=$KEYCLOAK_BASE wrk_run peer-keycloak-client-credentials 64 keycloak_token.lua
  fi
  if [ -z "${BENCH_ONLY:-}" ]; then
    pgbench_run ceiling-db-login-sql 64
    pgbench_run ceiling-db-login-sql 16   # Keyport's pool size: the concurrency PostgreSQL sees from Keyport
    wrk_run apikey-login-1k 16 login.lua
    counted_run apikey-login-1k 64 login.lua
    key_session_tokens
    counted_run key-session-refresh 64 refresh_token_route.lua METHOD=POST PATH_TEMPLATE=/api/client/v2.0/auth/session TOKENS_FILE="$OUT/tokens-keysessions.txt"
    wrk_run list-keys 64 refresh_token_route.lua METHOD=GET PATH_TEMPLATE=/api/client/v2.0/auth/api_keys TOKENS_FILE="$OUT/tokens-owners.txt"
    wrk_run enable-disable 16 refresh_token_route.lua METHOD=PUT PATH_TEMPLATE='/api/client/v2.0/auth/api_keys/{key}/{toggle}' TOKENS_FILE="$OUT/tokens-owners.txt"
    reenable_keys
    wrk_run create-key 16 refresh_token_route.lua METHOD=POST PATH_TEMPLATE=/api/client/v2.0/auth/api_keys TOKENS_FILE="$OUT/tokens-creators.txt"
  fi
  wrk_run password-login 16 password.lua BENCH_EMAIL=bench@example.org PASSWORD_LOGIN_PATH="$APP_PATH/auth/providers/local-userpass/login"
  # Isolation: key login while 16 connections flood password logins for an unknown email (issue 11).
  BENCH_EMAIL=nobody@example.org PASSWORD_LOGIN_PATH="$APP_PATH/auth/providers/local-userpass/login" \
    wrk -t1 -c16 -d"$(( ${DURATION%s} + 4 ))s" --timeout 10s -s "$HERE/password.lua" "$BASE" > "$OUT/flood.txt" 2>&1 &
  flood_pid=$!
  sleep 2
  # A profile of where the CPU goes during the flood: per-thread CPU over 5 s in the middle of it.
  (sleep 3; top -H -b -d 5 -n 2 -w 200 -p "$KEYPORT_PID" | awk '/^top -/{n++} n==2' | head -25 > "$OUT/flood-threads-run$run.txt") &
  wrk_run apikey-login-1k-during-password-flood 64 login.lua
  wait "$flood_pid" || true
  wrk_run apikey-login-1k-alone 64 login.lua
  # The same at 16 key-login connections (issue 25: the flood cost more there).
  BENCH_EMAIL=nobody@example.org PASSWORD_LOGIN_PATH="$APP_PATH/auth/providers/local-userpass/login" \
    wrk -t1 -c16 -d"$(( ${DURATION%s} + 4 ))s" --timeout 10s -s "$HERE/password.lua" "$BASE" > "$OUT/flood16.txt" 2>&1 &
  flood_pid=$!
  sleep 2
  wrk_run apikey-login-1k-during-password-flood 16 login.lua
  wait "$flood_pid" || true
  wrk_run apikey-login-1k-alone 16 login.lua
done

STORED=1000 RSS_AFTER=$(rss_mb "$KEYPORT_PID") RSS_SECOND=NA STARTUPS=()
if [ -z "${BENCH_ONLY:-}" ]; then
# --- scale: 1,000,000 keys stored (49,950 more users x 20 keys), then login again ----------------
echo "seeding 999,000 more keys"
seed_users 51 49950
python3 "$HERE/seed.py" keys 51 49950 20 "$OUT/keys-1m.txt" 10000 | copy api_keys "id, owner_id, name, key_digest, disabled, created_at"
psql -q -c "ANALYZE"
STORED=$(psql -tA -c "SELECT count(*) FROM api_keys")
echo "api_keys rows: $STORED"
for run in $(seq 1 "$RUNS"); do
  KEYS_FILE="$OUT/keys-1m.txt" counted_run apikey-login-1m 64 login.lua
done
RSS_AFTER=$(rss_mb "$KEYPORT_PID")

# --- start-up against an already running (external) PostgreSQL: a second instance -----------------
STARTUPS=()
for run in $(seq 1 "$RUNS"); do
  start=$(now_ms)
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" DATASOURCES_DEFAULT_USERNAME=$PGUSER \
  DATASOURCES_DEFAULT_PASSWORD=$PGPASSWORD MICRONAUT_SERVER_PORT=$((PORT + 1)) \
  KEYPORT_DATA_DIR="$OUT/data" \
    java ${BENCH_JAVA_OPTS:-} -jar "$ROOT/bootstrap/target/keyport.jar" > "$OUT/keyport-second.log" 2>&1 &
  second=$!
  wait_up "http://127.0.0.1:$((PORT + 1))" "$second" > /dev/null
  STARTUPS+=($(( $(now_ms) - start )))
  [ "$run" = 1 ] && RSS_SECOND=$(rss_mb "$second")
  kill -TERM "$second"; wait "$second" 2>/dev/null || true
done
fi

python3 - "$RAW" "$OUT" "$STARTUP_FIRST_MS" "$RSS_START" "$RSS_AFTER" "$RSS_SECOND" "$STORED" "${STARTUPS[@]}" <<'PY'
import statistics, sys, collections
raw, out, first_ms, rss_start, rss_after, rss_second, stored = sys.argv[1:8]
startups = [int(x) for x in sys.argv[8:]]
rows = collections.OrderedDict()
for line in open(raw):
    parts = line.split()
    key = (parts[0], int(parts[1]))
    fields = dict(p.split("=") for p in parts[2:])
    rows.setdefault(key, []).append(fields)
def med(values):
    nums = [float(v) for v in values if v != "NA"]
    return statistics.median(nums) if nums else None
table = []
for (scenario, conns), runs in rows.items():
    table.append((scenario, conns, med(r["rps"] for r in runs), med(r["p50_ms"] for r in runs),
                  med(r["p99_ms"] for r in runs), sum(int(r["non2xx"]) + int(r["errors"]) for r in runs), len(runs)))
lines = ["| scenario | connections | requests/s (median) | p50 ms | p99 ms | non-2xx + errors (all runs) | runs |",
         "|---|---|---|---|---|---|---|"]
fmt = lambda v, d=1: "n/a" if v is None else f"{v:.{d}f}"
for s, c, rps, p50, p99, bad, n in table:
    lines.append(f"| {s} | {c} | {fmt(rps)} | {fmt(p50, 2)} | {fmt(p99, 2)} | {bad} | {n} |")
get = {(s, c): rps for s, c, rps, *_ in table}
login64, http, db = get.get(("apikey-login-1k", 64)), get.get(("ceiling-http-location", 64)), get.get(("ceiling-db-login-sql", 64))
db16 = get.get(("ceiling-db-login-sql", 16))
p50 = {(s, c): p for s, c, _, p, *_ in table}
lines += ["", f"- API-key login at 64 connections / HTTP ceiling: {login64 / http:.0%}" if login64 and http else "",
          f"- API-key login at 64 connections / database ceiling (pgbench, same SQL, 64 clients): {login64 / db:.0%}" if login64 and db else "",
          f"- API-key login at 64 connections / database ceiling (pgbench, same SQL, 16 clients = Keyport's pool): {login64 / db16:.0%}" if login64 and db16 else "",
          f"- login p50 with {stored} keys stored / with 1,000: {p50[('apikey-login-1m', 64)] / p50[('apikey-login-1k', 64)]:.2f}x"
          if ("apikey-login-1m", 64) in p50 and ("apikey-login-1k", 64) in p50 else "",
          f"- start-up to UP, first start incl. embedded PostgreSQL: {int(first_ms) / 1000:.1f} s",
          f"- start-up to UP against a running (external) PostgreSQL: median {statistics.median(startups) / 1000:.2f} s of {startups} ms" if startups else "",
          f"- RSS: {rss_start} MB after start, {rss_after} MB after the load; second instance after start {rss_second} MB"]
keycloak = get.get(("peer-keycloak-client-credentials", 64))
if login64 and keycloak:
    lines.append(f"- API-key login at 64 connections / Keycloak client-credentials grant at 64: {login64 / keycloak:.1f}x")
refresh = get.get(("key-session-refresh", 64))
if refresh and http:
    lines.append(f"- key-session refresh at 64 connections / HTTP ceiling: {refresh / http:.0%}")
for conns in (64, 16):
    flood, alone = get.get(("apikey-login-1k-during-password-flood", conns)), get.get(("apikey-login-1k-alone", conns))
    if flood and alone:
        lines.append(f"- key login during a password flood / alone, {conns} connections: {flood / alone:.2f}x")
commit_runs = collections.OrderedDict()
for line in open(f"{out}/commits.txt"):
    parts = line.split()
    commit_runs.setdefault((parts[0], int(parts[1])), []).append(float(parts[2].split("=")[1]))
for (scenario, conns), values in commit_runs.items():
    lines.append(f"- commits per request, {scenario} ({conns}): median {statistics.median(values):.4f} of {values}")
text = "\n".join(l for l in lines if l != "")
open(f"{out}/results.md", "w").write(text + "\n")
print(text)
with open(f"{out}/chart.dat", "w") as dat:
    for s, c, rps, *_ in table:
        dat.write(f'"{s} ({c})" {rps or 0}\n')
PY
if command -v gnuplot >/dev/null; then
  gnuplot -e "set terminal png size 1000,500; set output '$OUT/throughput.png'; set style fill solid; set boxwidth 0.6; \
    set ylabel 'requests/s (median)'; set title 'Keyport throughput per scenario (connections)'; set xtics rotate by -30; \
    set grid ytics; unset key; plot '$OUT/chart.dat' using 0:2:xtic(1) with boxes lc rgb '#4a7ebb'"
  echo "chart: $OUT/throughput.png"
fi
echo "results: $OUT/results.md"
exit 0
